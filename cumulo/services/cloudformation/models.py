"""CloudFormation state, as plain slotted dataclasses.

Tables, per (account, region) scope:
- `stacks`: stack id (ARN) -> `Stack` (deleted stacks stay, as on AWS, for DescribeStacks by id).
- `events/<stack id>`: event sequence, zero-padded -> `StackEvent`, oldest first.
- `changesets`: change set ARN -> `ChangeSet`.
- `stacksets`: stack set name -> `StackSet`; `stackset_ops`: operation id -> `StackSetOperation`.
- `registry`: type ARN -> `TypeRecord` (registered, activated and configured types).

A stack mid-operation keeps what it needs to finish or roll back after a restart:
`operation` (CREATE, UPDATE, DELETE, ROLLBACK...), `previous` (the template,
parameters and resources before an update) and each resource's own status.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def events_table(stack_id: str) -> str:
    return f"events/{stack_id}"


@dataclass(slots=True)
class StackResource:
    logical_id: str
    type: str
    status: str = ""
    physical_id: str = ""
    # The resolved properties the resource was last made or updated with.
    properties: dict[str, Any] = field(default_factory=dict)
    attributes: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    updated: float = 0.0
    # Drift detection's last verdict.
    drift: str = "NOT_CHECKED"
    drift_checked: float = 0.0
    actual: dict[str, Any] | None = None
    module: str = ""
    # The properties of an update that failed (what a rollback updates back from).
    attempted: dict[str, Any] | None = None


@dataclass(slots=True)
class StackEvent:
    event_id: str
    stack_id: str
    stack_name: str
    logical_id: str
    physical_id: str
    type: str
    timestamp: float
    status: str
    reason: str = ""
    properties: str = ""
    token: str = ""


@dataclass(slots=True)
class Stack:
    stack_id: str
    name: str
    status: str
    created: float
    template_body: str = ""  # as submitted
    template: dict[str, Any] = field(default_factory=dict)  # processed: transforms applied
    parameters: dict[str, str] = field(default_factory=dict)  # given values, as text
    resolved_parameters: dict[str, str] = field(default_factory=dict)  # SSM-typed ones, as read
    outputs: list[dict[str, Any]] = field(default_factory=list)
    resources: dict[str, StackResource] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    capabilities: list[str] = field(default_factory=list)
    notification_arns: list[str] = field(default_factory=list)
    role_arn: str = ""
    timeout: int | None = None
    disable_rollback: bool = False
    on_failure: str = "ROLLBACK"
    retain_except_on_create: bool = False
    termination_protection: bool = False
    policy: str = ""
    # StackPolicyDuringUpdateBody: overrides `policy` for the update running.
    update_policy: str = ""
    description: str = ""
    reason: str = ""
    updated: float | None = None
    deleted: float | None = None
    change_set_id: str = ""
    parent_id: str = ""
    root_id: str = ""
    rollback_configuration: dict[str, Any] = field(default_factory=dict)
    # The operation running (or interrupted): CREATE, UPDATE, DELETE; "" when at rest.
    operation: str = ""
    token: str = ""
    # Before an update: {"template", "parameters", "resolved_parameters", "resources", "outputs", "tags"}.
    previous: dict[str, Any] | None = None
    # Physical resources an update replaced, deleted in cleanup: [(logical id, StackResource)].
    replaced: list[StackResource] = field(default_factory=list)
    last_event: float = 0.0
    event_seq: int = 0
    drift: str = "NOT_CHECKED"
    drift_checked: float | None = None
    stack_set: str = ""
    # Export names this stack imports (Fn::ImportValue), for ListImports and delete checks.
    imports: list[str] = field(default_factory=list)
    # DeleteStack's RetainResources (of a stack in DELETE_FAILED).
    retain_resources: list[str] = field(default_factory=list)
    deletion_mode: str = "STANDARD"


@dataclass(slots=True)
class ChangeSet:
    change_set_id: str
    name: str
    stack_id: str
    stack_name: str
    type: str  # CREATE, UPDATE, IMPORT
    created: float
    status: str = "CREATE_COMPLETE"
    execution_status: str = "AVAILABLE"
    reason: str = ""
    template_body: str = ""
    template: dict[str, Any] = field(default_factory=dict)
    parameters: dict[str, str] = field(default_factory=dict)
    changes: list[dict[str, Any]] = field(default_factory=list)
    tags: dict[str, str] | None = None
    capabilities: list[str] = field(default_factory=list)
    notification_arns: list[str] | None = None
    role_arn: str = ""
    description: str = ""
    resources_to_import: list[dict[str, Any]] = field(default_factory=list)
    include_nested: bool = False
    on_stack_failure: str = ""
    disable_rollback: bool | None = None
    retain_except_on_create: bool | None = None
    import_existing: bool = False
    # SSM-typed parameters' values as read when the change set was made.
    changes_resolved: dict[str, str] = field(default_factory=dict)
    deployment_mode: str = ""
    rollback_configuration: dict[str, Any] = field(default_factory=dict)
    deployment_config: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class StackSet:
    name: str
    stack_set_id: str
    status: str
    template_body: str
    parameters: dict[str, str] = field(default_factory=dict)
    capabilities: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)
    description: str = ""
    permission_model: str = "SELF_MANAGED"
    admin_role: str = ""
    execution_role: str = ""
    # "account/region" -> {"Account", "Region", "StackId", "Status", "StatusReason", "ParameterOverrides", "DetailedStatus"}
    instances: dict[str, dict[str, Any]] = field(default_factory=dict)
    auto_deployment: dict[str, Any] = field(default_factory=dict)
    managed_execution: dict[str, Any] = field(default_factory=dict)
    created: float = 0.0
    regions: list[str] = field(default_factory=list)


@dataclass(slots=True)
class StackSetOperation:
    operation_id: str
    stack_set: str
    action: str
    status: str
    created: float
    ended: float | None = None
    results: list[dict[str, Any]] = field(default_factory=list)
    preferences: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class TypeRecord:
    arn: str
    type: str  # RESOURCE, MODULE, HOOK
    name: str
    version: str = "00000001"
    schema: str = ""
    visibility: str = "PRIVATE"
    registered: float = 0.0
    status: str = "COMPLETE"
    registration_token: str = ""
    configuration: str = ""
    configuration_alias: str = "default"
    activated: bool = False
    public_arn: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
