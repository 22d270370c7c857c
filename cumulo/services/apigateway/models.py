"""API Gateway (REST APIs, v1) state, as plain slotted dataclasses.

Tables, per (account, region) scope of service "apigateway":
- `apis`: rest API id -> `RestApi`, which holds its whole tree (resources with their
  methods, integrations and responses; models, validators, authorizers, deployments,
  stages, gateway responses, documentation). One entity per API: an edit touches it.
- `api_keys`: key id -> wire-shaped dict (`ApiKey`).
- `usage_plans`: plan id -> `UsagePlan`.
- `usage`: "<plan>|<key>" -> `Usage` (quota and throttle counters, on the cumulo clock).
- `domain_names`: domain name -> `DomainName`.
- `vpc_links`, `client_certificates`: id -> wire-shaped dict.
- `account`: "account" -> wire-shaped dict (`Account`).

Members below that mirror a wire shape are kept as the wire dicts (`methods`,
`stages`, ...): GET answers them as stored, and UPDATE's JSON-patch operations
apply to them directly (see `patch`).
"""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass, field
from typing import Any

SERVICE = "apigateway"
_ALPHABET = string.ascii_lowercase + string.digits


def new_id(length: int = 10) -> str:
    """An identifier as API Gateway makes them: lower-case letters and digits."""
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


@dataclass(slots=True)
class Resource:
    id: str
    parent_id: str | None
    path_part: str | None
    path: str
    methods: dict[str, dict[str, Any]] = field(default_factory=dict)  # HTTP method -> Method wire dict

    def wire(self, embed: bool = False) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "path": self.path}
        if self.parent_id:
            out["parentId"] = self.parent_id
        if self.path_part is not None:
            out["pathPart"] = self.path_part
        if self.methods:
            out["resourceMethods"] = (
                {verb: method for verb, method in self.methods.items()} if embed else {verb: {} for verb in self.methods}
            )
        return out


@dataclass(slots=True)
class Deployment:
    id: str
    created: float
    description: str | None
    # What the stage serves: a frozen copy of the API's tree at deployment time.
    snapshot: dict[str, Any]
    api_summary: dict[str, dict[str, Any]] = field(default_factory=dict)

    def wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "createdDate": self.created}
        if self.description is not None:
            out["description"] = self.description
        if self.api_summary:
            out["apiSummary"] = self.api_summary
        return out


@dataclass(slots=True)
class RestApi:
    id: str
    account: str
    region: str
    info: dict[str, Any]  # the RestApi wire dict minus `id` (name, description, binaryMediaTypes, ...)
    root_id: str
    resources: dict[str, Resource] = field(default_factory=dict)
    models: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> Model
    validators: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> RequestValidator
    authorizers: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> Authorizer
    deployments: dict[str, Deployment] = field(default_factory=dict)
    stages: dict[str, dict[str, Any]] = field(default_factory=dict)  # name -> Stage
    gateway_responses: dict[str, dict[str, Any]] = field(default_factory=dict)  # type -> GatewayResponse (set ones)
    doc_parts: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> DocumentationPart
    doc_versions: dict[str, dict[str, Any]] = field(default_factory=dict)  # version -> DocumentationVersion

    @property
    def arn(self) -> str:
        return f"arn:aws:apigateway:{self.region}::/restapis/{self.id}"

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, **self.info, "rootResourceId": self.root_id}


@dataclass(slots=True)
class UsagePlan:
    id: str
    info: dict[str, Any]  # the UsagePlan wire dict minus `id`
    keys: dict[str, str] = field(default_factory=dict)  # key id -> key type ("API_KEY")

    def wire(self) -> dict[str, Any]:
        return {"id": self.id, **self.info}


@dataclass(slots=True)
class Usage:
    """A key's consumption under a plan: requests per quota period and for the
    throttle's token bucket, read against the cumulo clock."""

    period_start: float
    used: int = 0
    daily: dict[str, int] = field(default_factory=dict)  # "YYYY-MM-DD" -> requests that day
    tokens: float = -1.0  # token bucket level; -1 until first use (starts full)
    refilled: float = 0.0


@dataclass(slots=True)
class DomainName:
    name: str
    info: dict[str, Any]  # the DomainName wire dict minus `domainName`
    mappings: dict[str, dict[str, Any]] = field(default_factory=dict)  # basePath ("(none)") -> BasePathMapping

    def wire(self) -> dict[str, Any]:
        return {"domainName": self.name, **self.info}
