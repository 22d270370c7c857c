"""EventBridge Scheduler state, as plain slotted dataclasses.

Tables, per (account, region) scope of service "scheduler":
- `groups`: group name -> `ScheduleGroup` (`default` exists from the first look).
- `schedules`: "<group>|<name>" -> `Schedule`.
- `retries`: id -> `PendingInvocation`.
- `invocations`: zero-padded sequence -> dict (the last outcomes, for introspection).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

DEFAULT_GROUP = "default"


def schedule_key(group: str, name: str) -> str:
    return f"{group}|{name}"


@dataclass(slots=True)
class ScheduleGroup:
    name: str
    account: str
    region: str
    created: float
    modified: float
    state: str = "ACTIVE"
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def arn(self) -> str:
        return f"arn:aws:scheduler:{self.region}:{self.account}:schedule-group/{self.name}"


@dataclass(slots=True)
class Schedule:
    name: str
    group: str
    account: str
    region: str
    expression: str
    timezone: str
    target: dict[str, Any]
    flexible: dict[str, Any]
    created: float
    modified: float
    start: float | None = None
    end: float | None = None
    description: str | None = None
    state: str = "ENABLED"
    kms_key: str | None = None
    action_after_completion: str = "NONE"
    nominal: float | None = None  # the next instant the expression names
    due: float | None = None  # when it fires: the instant plus its flexible-window offset
    last_fired: float | None = None

    @property
    def arn(self) -> str:
        return f"arn:aws:scheduler:{self.region}:{self.account}:schedule/{self.group}/{self.name}"


@dataclass(slots=True)
class PendingInvocation:
    id: str
    schedule: str  # schedule key
    scheduled_time: float
    execution_id: str
    attempts: int
    first_attempt: float
    due: float
    last_error: tuple[str, str]
