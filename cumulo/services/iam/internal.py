"""IAM's introspection endpoints, under /_cumulo/iam/.

- `GET decisions` lists the authorize step's decisions, newest last (filters:
  `principal`, `action`, `allowed=true|false`, `limit`);
- `GET suggest?principal=ARN` answers the least-privilege policy document that
  would have allowed everything that principal did (what audit mode is for).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.http import Request, Response


def _query(request: Request) -> dict[str, str]:
    return dict(parse_qsl(request.query))


def list_decisions(runtime: Any, request: Request) -> Any:
    from cumulo.auth.decisions import decisions

    query = _query(request)
    found = list(decisions(runtime))
    if "principal" in query:
        found = [d for d in found if d.principal == query["principal"]]
    if "action" in query:
        found = [d for d in found if d.action.lower() == query["action"].lower()]
    if "allowed" in query:
        found = [d for d in found if d.allowed == (query["allowed"].lower() == "true")]
    if "limit" in query:
        found = found[-int(query["limit"]):]
    return {"decisions": [d.as_json() for d in found]}


def suggest(runtime: Any, request: Request) -> Any:
    from cumulo.auth.decisions import suggest as least_privilege

    principal = _query(request).get("principal")
    if not principal:
        import orjson

        return Response(400, {"Content-Type": "application/json"}, orjson.dumps({"error": "principal=ARN is required"}))
    return least_privilege(runtime, principal)
