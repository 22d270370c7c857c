"""Step Functions state, per (account, region) scope.

Tables:
- `machines`: state machine name -> `StateMachine`.
- `versions`: version ARN -> `Version` (a published, immutable definition).
- `aliases`: alias ARN -> `Alias`.
- `executions`: execution ARN -> `Execution` (standard executions only: AWS keeps
  no record of express ones), with its whole event history, and where to resume
  (`resume`) if the server stops while it runs.
- `tokens`: task token -> `TokenWait` (a `.waitForTaskToken` task waiting for
  SendTaskSuccess/Failure).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class StateMachine:
    name: str
    arn: str
    definition: str
    role_arn: str
    type: str  # STANDARD | EXPRESS
    created: float
    revision_id: str
    logging: dict[str, Any] = field(default_factory=dict)
    tracing: dict[str, Any] = field(default_factory=dict)
    encryption: dict[str, Any] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    description: str = ""
    status: str = "ACTIVE"
    next_version: int = 1
    updated: float | None = None


@dataclass(slots=True)
class Version:
    arn: str
    machine_arn: str
    number: int
    definition: str
    role_arn: str
    revision_id: str
    created: float
    description: str = ""


@dataclass(slots=True)
class Alias:
    arn: str
    machine_arn: str
    name: str
    description: str
    routing: list[dict[str, Any]]  # [{"stateMachineVersionArn": ..., "weight": n}]
    created: float
    updated: float


@dataclass(slots=True)
class Execution:
    arn: str
    machine_arn: str
    name: str
    definition: str
    role_arn: str
    input: str
    start: float
    status: str = "RUNNING"  # RUNNING | SUCCEEDED | FAILED | TIMED_OUT | ABORTED
    stop: float | None = None
    output: str | None = None
    error: str | None = None
    cause: str | None = None
    trace_header: str | None = None
    version_arn: str | None = None
    alias_arn: str | None = None
    express: bool = False
    events: list[dict[str, Any]] = field(default_factory=list)
    # Where a restarted server picks the execution up: the top-level state to
    # enter, its input, and (for a Wait) the moment it ends.
    resume: dict[str, Any] | None = None
    # Where RedriveExecution restarts a failed or aborted execution: its last `resume`.
    redrive_from: dict[str, Any] | None = None
    redrive_count: int = 0
    redrive_date: float | None = None
    map_run_arn: str | None = None  # a distributed Map's child execution: its Map run
    test_case: str | None = None  # started as "<arn>#<case>": tasks answered from the mock configuration

    @property
    def done(self) -> bool:
        return self.status != "RUNNING"


@dataclass(slots=True)
class TokenWait:
    token: str
    execution_arn: str
    created: float
    outcome: dict[str, Any] | None = None  # {"output": ...} or {"error": ..., "cause": ...}
    state: str = ""  # the top-level Task state waiting on it: a restarted execution waits on again


@dataclass(slots=True)
class Activity:
    name: str
    arn: str
    created: float
    tags: dict[str, str] = field(default_factory=dict)
    encryption: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class MapRun:
    """A distributed Map state's run: its child executions and their counts."""

    arn: str
    execution_arn: str
    machine_arn: str
    start: float
    max_concurrency: int = 0
    tolerated_count: int = 0
    tolerated_percentage: float = 0.0
    status: str = "RUNNING"  # RUNNING | SUCCEEDED | FAILED | ABORTED
    stop: float | None = None
    total: int = 0
    succeeded: int = 0
    failed: int = 0
    running: int = 0
