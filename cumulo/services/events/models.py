"""EventBridge state, as plain slotted dataclasses.

Tables, per (account, region) scope of service "events":
- `buses`: bus name -> `Bus` (the `default` bus is created on first use).
- `rules`: "<bus>|<rule name>" -> `Rule`, its targets inside it (as the wire dicts).
- `archives`: name -> `Archive`; `archived/<archive>`: zero-padded sequence -> `ArchivedEvent`.
- `replays`: name -> `Replay`.
- `connections`: name -> `Connection`; `destinations`: name -> `ApiDestination`.
- `endpoints`: name -> `Endpoint`; `partner_sources`: name -> `PartnerSource`.
- `retries`: id -> `PendingDelivery` (a target that failed, retried on the clock).
- `deliveries`: zero-padded sequence -> `Delivery` (the last few thousand outcomes, for introspection).

Times are epoch seconds from the one clock.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_BUS = "default"


def rule_key(bus: str, name: str) -> str:
    return f"{bus}|{name}"


@dataclass(slots=True)
class Bus:
    name: str
    account: str
    region: str
    created: float
    modified: float
    event_source_name: str | None = None  # partner event buses
    description: str | None = None
    kms_key: str | None = None
    dead_letter_config: dict[str, Any] | None = None
    log_config: dict[str, Any] | None = None
    policy: dict[str, Any] | None = None  # the resource policy document
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:event-bus/{self.name}"


@dataclass(slots=True)
class Rule:
    name: str
    bus: str
    account: str
    region: str
    created: float
    state: str = "ENABLED"
    event_pattern: str | None = None
    schedule: str | None = None
    description: str | None = None
    role_arn: str | None = None
    managed_by: str | None = None
    created_by: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    targets: dict[str, dict[str, Any]] = field(default_factory=dict)  # target id -> the Target as sent
    next_fire: float | None = None  # schedule rules: the next instant it fires

    @property
    def arn(self) -> str:
        middle = "" if self.bus == DEFAULT_BUS else f"{self.bus}/"
        return f"arn:aws:events:{self.region}:{self.account}:rule/{middle}{self.name}"


@dataclass(slots=True)
class Archive:
    name: str
    account: str
    region: str
    source_arn: str
    created: float
    event_pattern: str | None = None
    description: str | None = None
    retention_days: int = 0  # 0: forever
    kms_key: str | None = None
    state: str = "ENABLED"
    state_reason: str | None = None
    event_count: int = 0
    size_bytes: int = 0
    next_seq: int = 1

    @property
    def arn(self) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:archive/{self.name}"


@dataclass(slots=True)
class ArchivedEvent:
    time: float  # the event's own time (what replays select on)
    event: dict[str, Any]  # the full event as delivered
    archived: float


@dataclass(slots=True)
class Replay:
    name: str
    account: str
    region: str
    source_arn: str  # the archive's
    destination: dict[str, Any]
    start: float
    end: float
    description: str | None = None
    state: str = "STARTING"
    state_reason: str | None = None
    started: float = 0.0
    ended: float | None = None
    last_replayed: float | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:replay/{self.name}"


@dataclass(slots=True)
class Connection:
    name: str
    account: str
    region: str
    uuid: str
    authorization_type: str
    auth_parameters: dict[str, Any]
    created: float
    modified: float
    description: str | None = None
    state: str = "AUTHORIZED"
    state_reason: str | None = None
    last_authorized: float = 0.0
    invocation_connectivity: dict[str, Any] | None = None
    kms_key: str | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:connection/{self.name}/{self.uuid}"

    @property
    def secret_arn(self) -> str:
        return f"arn:aws:secretsmanager:{self.region}:{self.account}:secret:events!connection/{self.name}/{self.uuid}"


@dataclass(slots=True)
class ApiDestination:
    name: str
    account: str
    region: str
    uuid: str
    connection_arn: str
    endpoint: str
    method: str
    created: float
    modified: float
    description: str | None = None
    rate_limit: int | None = None  # invocations per second
    state: str = "ACTIVE"
    # Invocation rate limiting: instants of the invocations in the current second.
    recent: list[float] = field(default_factory=list)

    @property
    def arn(self) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:api-destination/{self.name}/{self.uuid}"


@dataclass(slots=True)
class Endpoint:
    name: str
    account: str
    region: str
    routing_config: dict[str, Any]
    event_buses: list[dict[str, Any]]
    created: float
    modified: float
    endpoint_id: str
    description: str | None = None
    replication_config: dict[str, Any] | None = None
    role_arn: str | None = None
    state: str = "ACTIVE"

    @property
    def arn(self) -> str:
        return f"arn:aws:events:{self.region}:{self.account}:endpoint/{self.name}"

    @property
    def url(self) -> str:
        return f"https://{self.endpoint_id}.endpoint.events.amazonaws.com"


@dataclass(slots=True)
class PartnerSource:
    name: str
    account: str  # the partner's
    region: str
    created: float
    accounts: dict[str, float] = field(default_factory=dict)  # customer account -> when it was granted
    state: dict[str, str] = field(default_factory=dict)  # customer account -> PENDING | ACTIVE | DELETED


@dataclass(slots=True)
class PendingDelivery:
    """A target invocation that failed and waits for its next attempt."""

    id: str
    rule: str  # rule key
    target_id: str
    event: dict[str, Any]
    first_attempt: float
    attempts: int
    due: float
    last_error: tuple[str, str]  # (code, message)


@dataclass(slots=True)
class Delivery:
    seq: int
    time: float
    event_id: str
    bus: str
    rule: str
    target_id: str
    target_arn: str
    outcome: str  # delivered | retrying | failed | dead-lettered | dropped
    attempts: int
    error: str | None = None
    payload: str | None = None
