"""SSM state, as plain slotted dataclasses.

Tables, per (account, region) scope:
- `parameters`: parameter name -> `Parameter`, every version inside it (a
  parameter has at most 100, so a write changes one row).
- `documents`: document name -> `Document`, its versions inside it.
- `automations`: execution id -> `AutomationExecution`.
- `commands`: command id -> `Command`, its invocations inside it.
- `resources/<kind>`: id -> `Resource`, for the control-plane resources that are
  stored and read back as written (maintenance windows, associations, patch
  baselines, OpsItems, ...): their wire shape is their state.
- `tags/<resource type>`: resource id -> {key: value}.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class ParameterVersion:
    version: int
    value: str  # SecureString: the KMS ciphertext, base64, as AWS shows it undecrypted
    type: str
    modified: float
    modified_by: str
    description: str = ""
    allowed_pattern: str = ""
    key_id: str = ""
    tier: str = "Standard"
    data_type: str = "text"
    # Policies as given (the JSON objects), each with its status.
    policies: list[dict[str, Any]] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Parameter:
    name: str
    versions: dict[int, ParameterVersion] = field(default_factory=dict)
    latest: int = 0
    # Versions handed out so far: a deleted oldest version's number is never reused.
    counter: int = 0

    @property
    def current(self) -> ParameterVersion:
        return self.versions[self.latest]


@dataclass(slots=True)
class DocumentVersion:
    version: str
    content: str  # as written (JSON or YAML text)
    format: str
    created: float
    hash: str
    version_name: str | None = None
    status: str = "Active"
    review_status: str | None = None


@dataclass(slots=True)
class Document:
    name: str
    document_type: str
    owner: str
    created: float
    schema_version: str
    versions: dict[str, DocumentVersion] = field(default_factory=dict)
    latest: str = "1"
    default: str = "1"
    target_type: str | None = None
    platform_types: list[str] = field(default_factory=list)
    requires: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[dict[str, Any]] = field(default_factory=list)
    display_name: str | None = None
    # Account ids it is shared with ("All" for public).
    shared_with: list[str] = field(default_factory=list)
    counter: int = 1
    metadata_history: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class StepExecution:
    name: str
    action: str
    inputs: dict[str, Any]
    status: str = "Pending"
    started: float | None = None
    ended: float | None = None
    outputs: dict[str, list[str]] = field(default_factory=dict)
    response: str = ""
    failure_message: str = ""
    failure_type: str = ""
    on_failure: str = "Abort"
    max_attempts: int = 1
    timeout: int | None = None
    step_id: str = ""
    is_end: bool = False
    next_step: str | None = None
    is_critical: bool = True
    attempts: int = 0
    # What the step waits for: a time (sleep, polling) or a signal (pause, approve).
    waiting_for: str = ""
    approvals: list[dict[str, Any]] = field(default_factory=list)
    overridden: dict[str, list[str]] = field(default_factory=dict)


@dataclass(slots=True)
class AutomationExecution:
    execution_id: str
    document_name: str
    document_version: str
    parameters: dict[str, list[str]]
    started: float
    executed_by: str
    mode: str = "Auto"
    status: str = "Pending"
    ended: float | None = None
    steps: list[StepExecution] = field(default_factory=list)
    # Index of the step running or next to run; -1 when done.
    cursor: int = 0
    outputs: dict[str, list[str]] = field(default_factory=dict)
    # Typed values steps can reference: parameters, and "step.Output" for each step output.
    values: dict[str, Any] = field(default_factory=dict)
    failure_message: str = ""
    # The runbook's parsed content, kept so later document edits don't change a running execution.
    runbook: dict[str, Any] = field(default_factory=dict)
    # Signals received while paused (step name -> signal type) and approvals.
    signals: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    wake_at: float | None = None
    target: str | None = None
    # Members stored and read back as given (Targets, MaxConcurrency, ChangeRequestName, ...).
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Invocation:
    instance_id: str
    status: str = "Pending"
    status_details: str = "Pending"
    requested: float = 0.0
    started: float | None = None
    ended: float | None = None
    response_code: int = -1
    stdout: str = ""
    stderr: str = ""
    workdir: str = ""
    plugin: str = "aws:runShellScript"


@dataclass(slots=True)
class Command:
    command_id: str
    document_name: str
    document_version: str
    parameters: dict[str, list[str]]
    requested: float
    instance_ids: list[str]
    comment: str = ""
    status: str = "Pending"
    timeout: int = 3600
    execution_timeout: int = 3600
    output_bucket: str = ""
    output_prefix: str = ""
    service_role: str = ""
    notification: dict[str, Any] = field(default_factory=dict)
    cloudwatch: dict[str, Any] = field(default_factory=dict)
    targets: Any = field(default_factory=list)
    max_concurrency: str = "50"
    max_errors: str = "0"
    invocations: dict[str, Invocation] = field(default_factory=dict)
    expires: float = 0.0
    document_hash: str = ""
    document_hash_type: str = ""
    alarm_configuration: dict[str, Any] | None = None


@dataclass(slots=True)
class Resource:
    """A control-plane resource kept in its wire shape, plus what cumulo needs besides."""

    id: str
    body: dict[str, Any]
    created: float
    extra: dict[str, Any] = field(default_factory=dict)
