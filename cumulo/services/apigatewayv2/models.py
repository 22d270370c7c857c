"""API Gateway v2 state: every resource as a `Resource` holding its members as AWS names them.

Tables, per (account, region) scope (keys are the resource's path of ids):
- `apis`: api id -> the API; `routes`, `integrations`, `authorizers`, `deployments`,
  `models`: "<api id>/<id>"; `stages`: "<api id>/<stage name>";
  `route_responses`: "<api id>/<route id>/<id>"; `integration_responses`:
  "<api id>/<integration id>/<id>";
- `domains`: domain name -> the custom domain; `api_mappings`, `routing_rules`:
  "<domain name>/<id>"; `vpc_links`: id;
- `portals`, `portal_products`: id; `product_pages`, `product_rest_pages`: "<product id>/<id>";
- `connections`: connection id -> `Connection`, the metadata of a WebSocket client
  (the socket itself lives in `runtime.live`, never in the store).

`Resource.attrs` holds exactly the members the resource's Get operation answers
with (so a handler's output is a filtered copy of it); `Resource.extra` what AWS
does not show: a deployment's snapshot of the routes it serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Resource:
    attrs: dict[str, Any]
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Connection:
    connection_id: str
    api_id: str
    stage: str
    connected_at: float  # epoch seconds, the clock's
    last_active_at: float
    source_ip: str
    user_agent: str
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)
    # What a Lambda authorizer answered at $connect: its `context` and principal id.
    authorizer: dict[str, Any] = field(default_factory=dict)
