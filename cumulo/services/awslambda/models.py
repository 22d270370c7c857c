"""Lambda's state: functions with their versions and aliases, layers, event source mappings.

Tables of one (account, region) scope:
- `functions`: name -> `Function` (its $LATEST, published versions, aliases,
  resource policy, tags, concurrency, URL and event-invoke configs);
- `layers`: name -> `Layer` (its versions);
- `mappings`: UUID -> `EventSourceMapping`;
- `events`: request id -> `PendingEvent`, an accepted `Event` invocation not
  yet finished (deleted when it is), so a restart loses none;
- `positions`: mapping UUID -> `StreamPosition`, where a stream source's
  mapping has read to;
- `settings`: function name -> `FunctionSettings`, the per-function configs
  added after `Function` was first stored (code signing, recursion, scaling,
  runtime management, provisioned concurrency), deleted with the function;
- `signing`: code signing config id -> `CodeSigningConfig`;
- `capacity`: capacity provider name -> `CapacityProvider`;
- `durable`: durable execution ARN -> `DurableExecution`, with its operations
  and history; `callbacks`: callback id -> durable execution ARN.

Plain data only. Code and layer packages are blobs (`Code.blob`); the
unpacked files and the processes that run them belong to the executor
(`cumulo.runtimes`), never to these entities.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cumulo.state.blobs import BlobRef


@dataclass(slots=True)
class Code:
    blob: BlobRef | None  # the zip; None for container images
    sha256: str  # base64 of the SHA-256 of the zip, as CodeSha256
    size: int
    image_uri: str = ""


@dataclass(slots=True)
class Version:
    """$LATEST (editable) or a published version (frozen at publish time)."""

    version: str
    code: Code
    runtime: str
    handler: str
    role: str
    description: str = ""
    timeout: int = 3
    memory_size: int = 128
    environment: dict[str, str] = field(default_factory=dict)
    layers: list[str] = field(default_factory=list)  # layer version ARNs, in order
    architectures: list[str] = field(default_factory=lambda: ["x86_64"])
    package_type: str = "Zip"
    # Members echoed back as given: VpcConfig, DeadLetterConfig, TracingConfig,
    # KMSKeyArn, FileSystemConfigs, ImageConfig, EphemeralStorage, SnapStart, LoggingConfig.
    extra: dict[str, Any] = field(default_factory=dict)
    last_modified: str = ""
    revision_id: str = ""
    state: str = "Active"
    last_update_status: str = "Successful"


@dataclass(slots=True)
class Alias:
    name: str
    function_version: str
    description: str = ""
    weights: dict[str, float] = field(default_factory=dict)  # RoutingConfig.AdditionalVersionWeights
    revision_id: str = ""


@dataclass(slots=True)
class Function:
    name: str
    arn: str  # unqualified
    latest: Version
    versions: dict[str, Version] = field(default_factory=dict)  # published, by number
    next_version: int = 1
    aliases: dict[str, Alias] = field(default_factory=dict)
    tags: dict[str, str] = field(default_factory=dict)
    policy: dict[str, dict[str, Any]] = field(default_factory=dict)  # statement id -> statement
    policy_revision: str = ""
    reserved_concurrency: int | None = None
    event_invoke: dict[str, dict[str, Any]] = field(default_factory=dict)  # qualifier -> config
    urls: dict[str, dict[str, Any]] = field(default_factory=dict)  # qualifier ("" = unqualified) -> config

    def version(self, number: str) -> Version | None:
        return self.latest if number == "$LATEST" else self.versions.get(number)


@dataclass(slots=True)
class LayerVersion:
    name: str
    version: int
    arn: str  # the layer version ARN
    code: Code
    created: str
    description: str = ""
    compatible_runtimes: list[str] = field(default_factory=list)
    compatible_architectures: list[str] = field(default_factory=list)
    license_info: str = ""
    policy: dict[str, dict[str, Any]] = field(default_factory=dict)
    policy_revision: str = ""


@dataclass(slots=True)
class Layer:
    name: str
    arn: str
    versions: dict[int, LayerVersion] = field(default_factory=dict)
    next_version: int = 1


@dataclass(slots=True)
class EventSourceMapping:
    uuid: str
    arn: str
    function_arn: str  # as given: unqualified, or with a version or alias
    source_arn: str
    batch_size: int
    batching_window: int
    enabled: bool
    filters: list[str] = field(default_factory=list)  # FilterCriteria patterns (JSON text)
    response_types: list[str] = field(default_factory=list)  # ["ReportBatchItemFailures"]
    last_modified: float = 0.0
    last_result: str = "No records processed"
    extra: dict[str, Any] = field(default_factory=dict)  # ScalingConfig, DestinationConfig, ...
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class PendingEvent:
    """An asynchronous invocation answered 202 and not finished yet, with its retry state (cumulo clock)."""

    request_id: str
    invoked_arn: str  # as the caller named the function (qualified or not)
    payload: bytes
    received: float
    next_attempt: float
    attempts: int = 0  # runs of the function so far (throttles are not runs)
    throttles: int = 0


@dataclass(slots=True)
class StreamPosition:
    """A stream mapping's checkpoint per shard: the last sequence number it is done with,
    or, before any, the iterator its StartingPosition gave when the mapping was created."""

    uuid: str
    done: dict[str, str] = field(default_factory=dict)  # shard id -> sequence number
    start: dict[str, str] = field(default_factory=dict)  # shard id -> shard iterator


@dataclass(slots=True)
class ProvisionedConcurrency:
    requested: int
    last_modified: str
    ready_at: float  # cumulo-clock time from which it may report READY (once its environments are up)
    status: str = "IN_PROGRESS"  # IN_PROGRESS | READY | FAILED
    reason: str = ""
    allocated: int = 0


@dataclass(slots=True)
class FunctionSettings:
    code_signing_config: str = ""  # the attached config's ARN
    recursive_loop: str = "Terminate"
    scaling: dict[str, dict[str, int]] = field(default_factory=dict)  # qualifier -> FunctionScalingConfig
    runtime_management: dict[str, dict[str, str]] = field(default_factory=dict)  # qualifier -> UpdateRuntimeOn / RuntimeVersionArn
    provisioned: dict[str, ProvisionedConcurrency] = field(default_factory=dict)  # qualifier (version or alias) -> config


@dataclass(slots=True)
class CodeSigningConfig:
    ident: str  # csc-...
    arn: str
    publishers: list[str]  # AllowedPublishers.SigningProfileVersionArns
    policy: str = "Warn"  # CodeSigningPolicies.UntrustedArtifactOnDeployment
    description: str = ""
    last_modified: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class CapacityProvider:
    name: str
    arn: str
    config: dict[str, Any]  # VpcConfig, PermissionsConfig, InstanceRequirements, CapacityProviderScalingConfig, KmsKeyArn
    state: str = "Pending"  # Pending -> Active; Deleting -> gone
    changed: float = 0.0  # cumulo-clock time of the last state change
    last_modified: str = ""
    tags: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class DurableExecution:
    """One run of a durable function, across the invocations that replay it (cumulo clock)."""

    arn: str
    name: str
    function_arn: str  # qualified with the version that runs it
    input: str
    started: float
    status: str = "RUNNING"  # RUNNING | SUCCEEDED | FAILED | TIMED_OUT | STOPPED
    ended: float | None = None
    result: str | None = None
    error: dict[str, Any] | None = None
    timeout: int = 86400  # DurableConfig.ExecutionTimeout, seconds
    token: str = ""  # the checkpoint token the running invocation must present next
    operations: dict[str, dict[str, Any]] = field(default_factory=dict)  # operation id -> Operation, in start order
    events: list[dict[str, Any]] = field(default_factory=list)  # the history, EventId order
    wake_at: float | None = None  # when the suspended execution must be invoked again (a wait or a step retry)
