"""Wire types of AWS Lambda, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Any, Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AddLayerVersionPermission', 'AddPermission', 'CheckpointDurableExecution', 'CreateAlias', 'CreateCapacityProvider', 'CreateCodeSigningConfig', 'CreateEventSourceMapping', 'CreateFunction', 'CreateFunctionUrlConfig', 'DeleteAlias', 'DeleteCapacityProvider', 'DeleteCodeSigningConfig', 'DeleteEventSourceMapping', 'DeleteFunction', 'DeleteFunctionCodeSigningConfig', 'DeleteFunctionConcurrency', 'DeleteFunctionEventInvokeConfig', 'DeleteFunctionUrlConfig', 'DeleteLayerVersion', 'DeleteProvisionedConcurrencyConfig', 'DeleteResourcePolicy', 'GetAccountSettings', 'GetAlias', 'GetCapacityProvider', 'GetCodeSigningConfig', 'GetDurableExecution', 'GetDurableExecutionHistory', 'GetDurableExecutionState', 'GetEventSourceMapping', 'GetFunction', 'GetFunctionCodeSigningConfig', 'GetFunctionConcurrency', 'GetFunctionConfiguration', 'GetFunctionEventInvokeConfig', 'GetFunctionRecursionConfig', 'GetFunctionScalingConfig', 'GetFunctionUrlConfig', 'GetLayerVersion', 'GetLayerVersionByArn', 'GetLayerVersionPolicy', 'GetPolicy', 'GetProvisionedConcurrencyConfig', 'GetResourcePolicy', 'GetRuntimeManagementConfig', 'Invoke', 'InvokeAsync', 'InvokeWithResponseStream', 'ListAliases', 'ListCapacityProviders', 'ListCodeSigningConfigs', 'ListDurableExecutionsByFunction', 'ListEventSourceMappings', 'ListFunctionEventInvokeConfigs', 'ListFunctionUrlConfigs', 'ListFunctionVersionsByCapacityProvider', 'ListFunctions', 'ListFunctionsByCodeSigningConfig', 'ListLayerVersions', 'ListLayers', 'ListProvisionedConcurrencyConfigs', 'ListTags', 'ListVersionsByFunction', 'PublishLayerVersion', 'PublishVersion', 'PutFunctionCodeSigningConfig', 'PutFunctionConcurrency', 'PutFunctionEventInvokeConfig', 'PutFunctionRecursionConfig', 'PutFunctionScalingConfig', 'PutProvisionedConcurrencyConfig', 'PutResourcePolicy', 'PutRuntimeManagementConfig', 'RemoveLayerVersionPermission', 'RemovePermission', 'SendDurableExecutionCallbackFailure', 'SendDurableExecutionCallbackHeartbeat', 'SendDurableExecutionCallbackSuccess', 'StopDurableExecution', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateCapacityProvider', 'UpdateCodeSigningConfig', 'UpdateEventSourceMapping', 'UpdateFunctionCode', 'UpdateFunctionConfiguration', 'UpdateFunctionEventInvokeConfig', 'UpdateFunctionUrlConfig')


class AddLayerVersionPermissionRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]
    StatementId: Required[str]
    Action: Required[str]
    Principal: Required[str]
    OrganizationId: str
    RevisionId: str


class AddLayerVersionPermissionResponse(TypedDict, total=False):
    Statement: str
    RevisionId: str


class AddPermissionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    StatementId: Required[str]
    Action: Required[str]
    Principal: Required[str]
    SourceArn: str
    FunctionUrlAuthType: str
    InvokedViaFunctionUrl: bool
    SourceAccount: str
    EventSourceToken: str
    Qualifier: str
    RevisionId: str
    PrincipalOrgID: str


class AddPermissionResponse(TypedDict, total=False):
    Statement: str


class AliasConfiguration(TypedDict, total=False):
    AliasArn: str
    Name: str
    FunctionVersion: str
    Description: str
    RoutingConfig: "AliasRoutingConfiguration"
    RevisionId: str


class CheckpointDurableExecutionRequest(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    CheckpointToken: Required[str]
    Updates: list["OperationUpdate"]
    ClientToken: str


class CheckpointDurableExecutionResponse(TypedDict, total=False):
    CheckpointToken: str
    NewExecutionState: Required["CheckpointUpdatedExecutionState"]


class Concurrency(TypedDict, total=False):
    ReservedConcurrentExecutions: int


class CreateAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]
    FunctionVersion: Required[str]
    Description: str
    RoutingConfig: "AliasRoutingConfiguration"


class CreateCapacityProviderRequest(TypedDict, total=False):
    CapacityProviderName: Required[str]
    VpcConfig: Required["CapacityProviderVpcConfig"]
    PermissionsConfig: Required["CapacityProviderPermissionsConfig"]
    InstanceRequirements: "InstanceRequirements"
    CapacityProviderScalingConfig: "CapacityProviderScalingConfig"
    KmsKeyArn: str
    Tags: dict[str, str]
    PropagateTags: "PropagateTags"
    TelemetryConfig: "CapacityProviderTelemetryConfig"


class CreateCapacityProviderResponse(TypedDict, total=False):
    CapacityProvider: Required["CapacityProvider"]


class CreateCodeSigningConfigRequest(TypedDict, total=False):
    Description: str
    AllowedPublishers: Required["AllowedPublishers"]
    CodeSigningPolicies: "CodeSigningPolicies"
    Tags: dict[str, str]


class CreateCodeSigningConfigResponse(TypedDict, total=False):
    CodeSigningConfig: Required["CodeSigningConfig"]


class CreateEventSourceMappingRequest(TypedDict, total=False):
    EventSourceArn: str
    FunctionName: Required[str]
    Enabled: bool
    BatchSize: int
    FilterCriteria: "FilterCriteria"
    KMSKeyArn: str
    MetricsConfig: "EventSourceMappingMetricsConfig"
    LoggingConfig: "EventSourceMappingLoggingConfig"
    ScalingConfig: "ScalingConfig"
    MaximumBatchingWindowInSeconds: int
    ParallelizationFactor: int
    StartingPosition: str
    StartingPositionTimestamp: datetime
    DestinationConfig: "DestinationConfig"
    MaximumRecordAgeInSeconds: int
    BisectBatchOnFunctionError: bool
    MaximumRetryAttempts: int
    Tags: dict[str, str]
    TumblingWindowInSeconds: int
    Topics: list[str]
    Queues: list[str]
    SourceAccessConfigurations: list["SourceAccessConfiguration"]
    SelfManagedEventSource: "SelfManagedEventSource"
    FunctionResponseTypes: list[str]
    AmazonManagedKafkaEventSourceConfig: "AmazonManagedKafkaEventSourceConfig"
    SelfManagedKafkaEventSourceConfig: "SelfManagedKafkaEventSourceConfig"
    DocumentDBEventSourceConfig: "DocumentDBEventSourceConfig"
    ProvisionedPollerConfig: "ProvisionedPollerConfig"


class CreateFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Runtime: str
    Role: Required[str]
    Handler: str
    Code: Required["FunctionCode"]
    Description: str
    Timeout: int
    MemorySize: int
    Publish: bool
    PublishTo: str
    VpcConfig: "VpcConfig"
    PackageType: str
    DeadLetterConfig: "DeadLetterConfig"
    Environment: "Environment"
    KMSKeyArn: str
    TracingConfig: "TracingConfig"
    Tags: dict[str, str]
    Layers: list[str]
    FileSystemConfigs: list["FileSystemConfig"]
    CodeSigningConfigArn: str
    ImageConfig: "ImageConfig"
    Architectures: list[str]
    EphemeralStorage: "EphemeralStorage"
    SnapStart: "SnapStart"
    LoggingConfig: "LoggingConfig"
    TenancyConfig: "TenancyConfig"
    CapacityProviderConfig: "CapacityProviderConfig"
    DurableConfig: "DurableConfig"
    RuntimeConfig: "FunctionRuntimeConfig"


class CreateFunctionUrlConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    AuthType: Required[str]
    Cors: "Cors"
    InvokeMode: str


class CreateFunctionUrlConfigResponse(TypedDict, total=False):
    FunctionUrl: Required[str]
    FunctionArn: Required[str]
    AuthType: Required[str]
    Cors: "Cors"
    CreationTime: Required[str]
    InvokeMode: str


class DeleteAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]


class DeleteCapacityProviderRequest(TypedDict, total=False):
    CapacityProviderName: Required[str]


class DeleteCapacityProviderResponse(TypedDict, total=False):
    CapacityProvider: Required["CapacityProvider"]


class DeleteCodeSigningConfigRequest(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]


class DeleteCodeSigningConfigResponse(TypedDict, total=False):
    pass


class DeleteEventSourceMappingRequest(TypedDict, total=False):
    UUID: Required[str]


class DeleteFunctionCodeSigningConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]


class DeleteFunctionConcurrencyRequest(TypedDict, total=False):
    FunctionName: Required[str]


class DeleteFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class DeleteFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class DeleteFunctionResponse(TypedDict, total=False):
    StatusCode: int


class DeleteFunctionUrlConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class DeleteLayerVersionRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]


class DeleteProvisionedConcurrencyConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: Required[str]


class DeleteResourcePolicyRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    RevisionId: str


class EventSourceMappingConfiguration(TypedDict, total=False):
    UUID: str
    StartingPosition: str
    StartingPositionTimestamp: datetime
    BatchSize: int
    MaximumBatchingWindowInSeconds: int
    ParallelizationFactor: int
    EventSourceArn: str
    FilterCriteria: "FilterCriteria"
    FilterCriteriaError: "FilterCriteriaError"
    KMSKeyArn: str
    MetricsConfig: "EventSourceMappingMetricsConfig"
    LoggingConfig: "EventSourceMappingLoggingConfig"
    ScalingConfig: "ScalingConfig"
    FunctionArn: str
    LastModified: datetime
    LastProcessingResult: str
    State: str
    StateTransitionReason: str
    DestinationConfig: "DestinationConfig"
    Topics: list[str]
    Queues: list[str]
    SourceAccessConfigurations: list["SourceAccessConfiguration"]
    SelfManagedEventSource: "SelfManagedEventSource"
    MaximumRecordAgeInSeconds: int
    BisectBatchOnFunctionError: bool
    MaximumRetryAttempts: int
    TumblingWindowInSeconds: int
    FunctionResponseTypes: list[str]
    AmazonManagedKafkaEventSourceConfig: "AmazonManagedKafkaEventSourceConfig"
    SelfManagedKafkaEventSourceConfig: "SelfManagedKafkaEventSourceConfig"
    DocumentDBEventSourceConfig: "DocumentDBEventSourceConfig"
    EventSourceMappingArn: str
    ProvisionedPollerConfig: "ProvisionedPollerConfig"


class FunctionConfiguration(TypedDict, total=False):
    FunctionName: str
    FunctionArn: str
    Runtime: str
    Role: str
    Handler: str
    CodeSize: int
    Description: str
    Timeout: int
    MemorySize: int
    LastModified: str
    CodeSha256: str
    Version: str
    VpcConfig: "VpcConfigResponse"
    DeadLetterConfig: "DeadLetterConfig"
    Environment: "EnvironmentResponse"
    KMSKeyArn: str
    TracingConfig: "TracingConfigResponse"
    MasterArn: str
    RevisionId: str
    Layers: list["Layer"]
    State: str
    StateReason: str
    StateReasonCode: str
    LastUpdateStatus: str
    LastUpdateStatusReason: str
    LastUpdateStatusReasonCode: str
    FileSystemConfigs: list["FileSystemConfig"]
    SigningProfileVersionArn: str
    SigningJobArn: str
    PackageType: str
    ImageConfigResponse: "ImageConfigResponse"
    Architectures: list[str]
    EphemeralStorage: "EphemeralStorage"
    SnapStart: "SnapStartResponse"
    RuntimeVersionConfig: "RuntimeVersionConfig"
    LoggingConfig: "LoggingConfig"
    TenancyConfig: "TenancyConfig"
    CapacityProviderConfig: "CapacityProviderConfig"
    ConfigSha256: str
    DurableConfig: "DurableConfig"
    RuntimeConfig: "FunctionRuntimeConfig"


class FunctionEventInvokeConfig(TypedDict, total=False):
    LastModified: datetime
    FunctionArn: str
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int
    DestinationConfig: "DestinationConfig"


class GetAccountSettingsRequest(TypedDict, total=False):
    pass


class GetAccountSettingsResponse(TypedDict, total=False):
    AccountLimit: "AccountLimit"
    AccountUsage: "AccountUsage"


class GetAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]


class GetCapacityProviderRequest(TypedDict, total=False):
    CapacityProviderName: Required[str]


class GetCapacityProviderResponse(TypedDict, total=False):
    CapacityProvider: Required["CapacityProvider"]


class GetCodeSigningConfigRequest(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]


class GetCodeSigningConfigResponse(TypedDict, total=False):
    CodeSigningConfig: Required["CodeSigningConfig"]


class GetDurableExecutionHistoryRequest(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    IncludeExecutionData: bool
    MaxItems: int
    Marker: str
    ReverseOrder: bool


class GetDurableExecutionHistoryResponse(TypedDict, total=False):
    Events: Required[list["Event"]]
    NextMarker: str


class GetDurableExecutionRequest(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    IncludeExecutionData: bool


class GetDurableExecutionResponse(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    DurableExecutionName: Required[str]
    FunctionArn: Required[str]
    InputPayload: str
    Result: str
    Error: "ErrorObject"
    StartTimestamp: Required[datetime]
    Status: Required[str]
    EndTimestamp: datetime
    Version: str
    TraceHeader: "TraceHeader"
    ExecutionDataIncluded: bool
    DurableConfig: "DurableConfig"


class GetDurableExecutionStateRequest(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    CheckpointToken: Required[str]
    Marker: str
    MaxItems: int


class GetDurableExecutionStateResponse(TypedDict, total=False):
    Operations: Required[list["Operation"]]
    NextMarker: str


class GetEventSourceMappingRequest(TypedDict, total=False):
    UUID: Required[str]


class GetFunctionCodeSigningConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]


class GetFunctionCodeSigningConfigResponse(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]
    FunctionName: Required[str]


class GetFunctionConcurrencyRequest(TypedDict, total=False):
    FunctionName: Required[str]


class GetFunctionConcurrencyResponse(TypedDict, total=False):
    ReservedConcurrentExecutions: int


class GetFunctionConfigurationRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetFunctionRecursionConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]


class GetFunctionRecursionConfigResponse(TypedDict, total=False):
    RecursiveLoop: str


class GetFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetFunctionResponse(TypedDict, total=False):
    Configuration: "FunctionConfiguration"
    Code: "FunctionCodeLocation"
    Tags: dict[str, str]
    TagsError: "TagsError"
    Concurrency: "Concurrency"


class GetFunctionScalingConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: Required[str]


class GetFunctionScalingConfigResponse(TypedDict, total=False):
    FunctionArn: str
    AppliedFunctionScalingConfig: "FunctionScalingConfig"
    RequestedFunctionScalingConfig: "FunctionScalingConfig"


class GetFunctionUrlConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetFunctionUrlConfigResponse(TypedDict, total=False):
    FunctionUrl: Required[str]
    FunctionArn: Required[str]
    AuthType: Required[str]
    Cors: "Cors"
    CreationTime: Required[str]
    LastModifiedTime: Required[str]
    InvokeMode: str


class GetLayerVersionByArnRequest(TypedDict, total=False):
    Arn: Required[str]


class GetLayerVersionPolicyRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]


class GetLayerVersionPolicyResponse(TypedDict, total=False):
    Policy: str
    RevisionId: str


class GetLayerVersionRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]


class GetLayerVersionResponse(TypedDict, total=False):
    Content: "LayerVersionContentOutput"
    LayerArn: str
    LayerVersionArn: str
    Description: str
    CreatedDate: str
    Version: int
    CompatibleArchitectures: list[str]
    CompatibleRuntimes: list[str]
    LicenseInfo: str


class GetPolicyRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetPolicyResponse(TypedDict, total=False):
    Policy: str
    RevisionId: str


class GetProvisionedConcurrencyConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: Required[str]


class GetProvisionedConcurrencyConfigResponse(TypedDict, total=False):
    RequestedProvisionedConcurrentExecutions: int
    AvailableProvisionedConcurrentExecutions: int
    AllocatedProvisionedConcurrentExecutions: int
    Status: str
    StatusReason: str
    LastModified: str


class GetResourcePolicyRequest(TypedDict, total=False):
    ResourceArn: Required[str]


class GetResourcePolicyResponse(TypedDict, total=False):
    Policy: str
    RevisionId: str


class GetRuntimeManagementConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str


class GetRuntimeManagementConfigResponse(TypedDict, total=False):
    UpdateRuntimeOn: str
    FunctionArn: str
    RuntimeVersionArn: str


class InvocationRequest(TypedDict, total=False):
    FunctionName: Required[str]
    InvocationType: str
    LogType: str
    ClientContext: str
    DurableExecutionName: str
    Payload: bytes
    Qualifier: str
    TenantId: str


class InvocationResponse(TypedDict, total=False):
    StatusCode: int
    FunctionError: str
    LogResult: str
    Payload: bytes
    ExecutedVersion: str
    DurableExecutionArn: str


class InvokeAsyncRequest(TypedDict, total=False):
    FunctionName: Required[str]
    InvokeArgs: Required[Any]


class InvokeAsyncResponse(TypedDict, total=False):
    Status: int


class InvokeWithResponseStreamRequest(TypedDict, total=False):
    FunctionName: Required[str]
    LogType: str
    ClientContext: str
    Qualifier: str
    Payload: bytes
    TenantId: str
    InvocationType: str


class InvokeWithResponseStreamResponse(TypedDict, total=False):
    StatusCode: int
    ExecutedVersion: str
    EventStream: "InvokeWithResponseStreamResponseEvent"
    ResponseStreamContentType: str


class ListAliasesRequest(TypedDict, total=False):
    FunctionName: Required[str]
    FunctionVersion: str
    Marker: str
    MaxItems: int


class ListAliasesResponse(TypedDict, total=False):
    NextMarker: str
    Aliases: list["AliasConfiguration"]


class ListCapacityProvidersRequest(TypedDict, total=False):
    State: str
    Marker: str
    MaxItems: int


class ListCapacityProvidersResponse(TypedDict, total=False):
    CapacityProviders: Required[list["CapacityProvider"]]
    NextMarker: str


class ListCodeSigningConfigsRequest(TypedDict, total=False):
    Marker: str
    MaxItems: int


class ListCodeSigningConfigsResponse(TypedDict, total=False):
    NextMarker: str
    CodeSigningConfigs: list["CodeSigningConfig"]


class ListDurableExecutionsByFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    DurableExecutionName: str
    Statuses: list[str]
    StartedAfter: datetime
    StartedBefore: datetime
    ReverseOrder: bool
    Marker: str
    MaxItems: int


class ListDurableExecutionsByFunctionResponse(TypedDict, total=False):
    DurableExecutions: list["Execution"]
    NextMarker: str


class ListEventSourceMappingsRequest(TypedDict, total=False):
    EventSourceArn: str
    FunctionName: str
    Marker: str
    MaxItems: int


class ListEventSourceMappingsResponse(TypedDict, total=False):
    NextMarker: str
    EventSourceMappings: list["EventSourceMappingConfiguration"]


class ListFunctionEventInvokeConfigsRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


class ListFunctionEventInvokeConfigsResponse(TypedDict, total=False):
    FunctionEventInvokeConfigs: list["FunctionEventInvokeConfig"]
    NextMarker: str


class ListFunctionUrlConfigsRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


class ListFunctionUrlConfigsResponse(TypedDict, total=False):
    FunctionUrlConfigs: Required[list["FunctionUrlConfig"]]
    NextMarker: str


class ListFunctionVersionsByCapacityProviderRequest(TypedDict, total=False):
    CapacityProviderName: Required[str]
    Marker: str
    MaxItems: int


class ListFunctionVersionsByCapacityProviderResponse(TypedDict, total=False):
    CapacityProviderArn: Required[str]
    FunctionVersions: Required[list["FunctionVersionsByCapacityProviderListItem"]]
    NextMarker: str


class ListFunctionsByCodeSigningConfigRequest(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]
    Marker: str
    MaxItems: int


class ListFunctionsByCodeSigningConfigResponse(TypedDict, total=False):
    NextMarker: str
    FunctionArns: list[str]


class ListFunctionsRequest(TypedDict, total=False):
    MasterRegion: str
    FunctionVersion: str
    Marker: str
    MaxItems: int


class ListFunctionsResponse(TypedDict, total=False):
    NextMarker: str
    Functions: list["FunctionConfiguration"]


class ListLayerVersionsRequest(TypedDict, total=False):
    CompatibleArchitecture: str
    CompatibleRuntime: str
    LayerName: Required[str]
    Marker: str
    MaxItems: int


class ListLayerVersionsResponse(TypedDict, total=False):
    NextMarker: str
    LayerVersions: list["LayerVersionsListItem"]


class ListLayersRequest(TypedDict, total=False):
    CompatibleArchitecture: str
    CompatibleRuntime: str
    Marker: str
    MaxItems: int


class ListLayersResponse(TypedDict, total=False):
    NextMarker: str
    Layers: list["LayersListItem"]


class ListProvisionedConcurrencyConfigsRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


class ListProvisionedConcurrencyConfigsResponse(TypedDict, total=False):
    ProvisionedConcurrencyConfigs: list["ProvisionedConcurrencyConfigListItem"]
    NextMarker: str


class ListTagsRequest(TypedDict, total=False):
    Resource: Required[str]


class ListTagsResponse(TypedDict, total=False):
    Tags: dict[str, str]


class ListVersionsByFunctionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Marker: str
    MaxItems: int


class ListVersionsByFunctionResponse(TypedDict, total=False):
    NextMarker: str
    Versions: list["FunctionConfiguration"]


class PublishLayerVersionRequest(TypedDict, total=False):
    LayerName: Required[str]
    Description: str
    Content: Required["LayerVersionContentInput"]
    CompatibleArchitectures: list[str]
    CompatibleRuntimes: list[str]
    LicenseInfo: str


class PublishLayerVersionResponse(TypedDict, total=False):
    Content: "LayerVersionContentOutput"
    LayerArn: str
    LayerVersionArn: str
    Description: str
    CreatedDate: str
    Version: int
    CompatibleArchitectures: list[str]
    CompatibleRuntimes: list[str]
    LicenseInfo: str


class PublishVersionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    CodeSha256: str
    Description: str
    RevisionId: str
    PublishTo: str


class PutFunctionCodeSigningConfigRequest(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]
    FunctionName: Required[str]


class PutFunctionCodeSigningConfigResponse(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]
    FunctionName: Required[str]


class PutFunctionConcurrencyRequest(TypedDict, total=False):
    FunctionName: Required[str]
    ReservedConcurrentExecutions: Required[int]


class PutFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int
    DestinationConfig: "DestinationConfig"


class PutFunctionRecursionConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    RecursiveLoop: Required[str]


class PutFunctionRecursionConfigResponse(TypedDict, total=False):
    RecursiveLoop: str


class PutFunctionScalingConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: Required[str]
    FunctionScalingConfig: "FunctionScalingConfig"


class PutFunctionScalingConfigResponse(TypedDict, total=False):
    FunctionState: str


class PutProvisionedConcurrencyConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: Required[str]
    ProvisionedConcurrentExecutions: Required[int]


class PutProvisionedConcurrencyConfigResponse(TypedDict, total=False):
    RequestedProvisionedConcurrentExecutions: int
    AllocatedProvisionedConcurrentExecutions: int
    AvailableProvisionedConcurrentExecutions: int
    Status: str
    StatusReason: str
    LastModified: str


class PutResourcePolicyRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    Policy: Required[str]
    RevisionId: str


class PutResourcePolicyResponse(TypedDict, total=False):
    Policy: str
    RevisionId: str


class PutRuntimeManagementConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    UpdateRuntimeOn: Required[str]
    RuntimeVersionArn: str


class PutRuntimeManagementConfigResponse(TypedDict, total=False):
    UpdateRuntimeOn: Required[str]
    FunctionArn: Required[str]
    RuntimeVersionArn: str


class RemoveLayerVersionPermissionRequest(TypedDict, total=False):
    LayerName: Required[str]
    VersionNumber: Required[int]
    StatementId: Required[str]
    RevisionId: str


class RemovePermissionRequest(TypedDict, total=False):
    FunctionName: Required[str]
    StatementId: Required[str]
    Qualifier: str
    RevisionId: str


class SendDurableExecutionCallbackFailureRequest(TypedDict, total=False):
    CallbackId: Required[str]
    Error: "ErrorObject"


class SendDurableExecutionCallbackFailureResponse(TypedDict, total=False):
    pass


class SendDurableExecutionCallbackHeartbeatRequest(TypedDict, total=False):
    CallbackId: Required[str]


class SendDurableExecutionCallbackHeartbeatResponse(TypedDict, total=False):
    pass


class SendDurableExecutionCallbackSuccessRequest(TypedDict, total=False):
    CallbackId: Required[str]
    Result: bytes


class SendDurableExecutionCallbackSuccessResponse(TypedDict, total=False):
    pass


class StopDurableExecutionRequest(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    Error: "ErrorObject"


class StopDurableExecutionResponse(TypedDict, total=False):
    StopTimestamp: Required[datetime]


class TagResourceRequest(TypedDict, total=False):
    Resource: Required[str]
    Tags: Required[dict[str, str]]


class UntagResourceRequest(TypedDict, total=False):
    Resource: Required[str]
    TagKeys: Required[list[str]]


class UpdateAliasRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Name: Required[str]
    FunctionVersion: str
    Description: str
    RoutingConfig: "AliasRoutingConfiguration"
    RevisionId: str


class UpdateCapacityProviderRequest(TypedDict, total=False):
    CapacityProviderName: Required[str]
    CapacityProviderScalingConfig: "CapacityProviderScalingConfig"
    PropagateTags: "PropagateTags"
    TelemetryConfig: "CapacityProviderTelemetryConfig"


class UpdateCapacityProviderResponse(TypedDict, total=False):
    CapacityProvider: Required["CapacityProvider"]


class UpdateCodeSigningConfigRequest(TypedDict, total=False):
    CodeSigningConfigArn: Required[str]
    Description: str
    AllowedPublishers: "AllowedPublishers"
    CodeSigningPolicies: "CodeSigningPolicies"


class UpdateCodeSigningConfigResponse(TypedDict, total=False):
    CodeSigningConfig: Required["CodeSigningConfig"]


class UpdateEventSourceMappingRequest(TypedDict, total=False):
    UUID: Required[str]
    FunctionName: str
    Enabled: bool
    BatchSize: int
    FilterCriteria: "FilterCriteria"
    KMSKeyArn: str
    MetricsConfig: "EventSourceMappingMetricsConfig"
    LoggingConfig: "EventSourceMappingLoggingConfig"
    ScalingConfig: "ScalingConfig"
    MaximumBatchingWindowInSeconds: int
    ParallelizationFactor: int
    DestinationConfig: "DestinationConfig"
    MaximumRecordAgeInSeconds: int
    BisectBatchOnFunctionError: bool
    MaximumRetryAttempts: int
    TumblingWindowInSeconds: int
    SourceAccessConfigurations: list["SourceAccessConfiguration"]
    FunctionResponseTypes: list[str]
    AmazonManagedKafkaEventSourceConfig: "AmazonManagedKafkaEventSourceConfig"
    SelfManagedKafkaEventSourceConfig: "SelfManagedKafkaEventSourceConfig"
    DocumentDBEventSourceConfig: "DocumentDBEventSourceConfig"
    ProvisionedPollerConfig: "ProvisionedPollerConfig"


class UpdateFunctionCodeRequest(TypedDict, total=False):
    FunctionName: Required[str]
    ZipFile: bytes
    S3Bucket: str
    S3Key: str
    S3ObjectVersion: str
    S3ObjectStorageMode: str
    ImageUri: str
    Architectures: list[str]
    Publish: bool
    PublishTo: str
    DryRun: bool
    RevisionId: str
    SourceKMSKeyArn: str


class UpdateFunctionConfigurationRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Role: str
    Handler: str
    Description: str
    Timeout: int
    MemorySize: int
    VpcConfig: "VpcConfig"
    Environment: "Environment"
    Runtime: str
    DeadLetterConfig: "DeadLetterConfig"
    KMSKeyArn: str
    TracingConfig: "TracingConfig"
    RevisionId: str
    Layers: list[str]
    FileSystemConfigs: list["FileSystemConfig"]
    ImageConfig: "ImageConfig"
    EphemeralStorage: "EphemeralStorage"
    SnapStart: "SnapStart"
    LoggingConfig: "LoggingConfig"
    CapacityProviderConfig: "CapacityProviderConfig"
    DurableConfig: "DurableConfig"
    RuntimeConfig: "FunctionRuntimeConfig"


class UpdateFunctionEventInvokeConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int
    DestinationConfig: "DestinationConfig"


class UpdateFunctionUrlConfigRequest(TypedDict, total=False):
    FunctionName: Required[str]
    Qualifier: str
    AuthType: str
    Cors: "Cors"
    InvokeMode: str


class UpdateFunctionUrlConfigResponse(TypedDict, total=False):
    FunctionUrl: Required[str]
    FunctionArn: Required[str]
    AuthType: Required[str]
    Cors: "Cors"
    CreationTime: Required[str]
    LastModifiedTime: Required[str]
    InvokeMode: str


class AccountLimit(TypedDict, total=False):
    TotalCodeSize: int
    CodeSizeUnzipped: int
    CodeSizeZipped: int
    ConcurrentExecutions: int
    UnreservedConcurrentExecutions: int


class AccountUsage(TypedDict, total=False):
    TotalCodeSize: int
    FunctionCount: int


class AliasRoutingConfiguration(TypedDict, total=False):
    AdditionalVersionWeights: dict[str, float]


class AllowedPublishers(TypedDict, total=False):
    SigningProfileVersionArns: Required[list[str]]


class AmazonManagedKafkaEventSourceConfig(TypedDict, total=False):
    ConsumerGroupId: str
    SchemaRegistryConfig: "KafkaSchemaRegistryConfig"


class CapacityProvider(TypedDict, total=False):
    CapacityProviderArn: Required[str]
    State: Required[str]
    VpcConfig: Required["CapacityProviderVpcConfig"]
    PermissionsConfig: Required["CapacityProviderPermissionsConfig"]
    InstanceRequirements: "InstanceRequirements"
    CapacityProviderScalingConfig: "CapacityProviderScalingConfig"
    KmsKeyArn: str
    LastModified: str
    PropagateTags: "PropagateTags"
    TelemetryConfig: "CapacityProviderTelemetryConfig"


class CapacityProviderConfig(TypedDict, total=False):
    LambdaManagedInstancesCapacityProviderConfig: Required["LambdaManagedInstancesCapacityProviderConfig"]


class CapacityProviderPermissionsConfig(TypedDict, total=False):
    CapacityProviderOperatorRoleArn: Required[str]


class CapacityProviderScalingConfig(TypedDict, total=False):
    MaxVCpuCount: int
    ScalingMode: str
    ScalingPolicies: list["TargetTrackingScalingPolicy"]


class CapacityProviderTelemetryConfig(TypedDict, total=False):
    LoggingConfig: "CapacityProviderLoggingConfig"


class CapacityProviderVpcConfig(TypedDict, total=False):
    SubnetIds: Required[list[str]]
    SecurityGroupIds: Required[list[str]]


class CheckpointUpdatedExecutionState(TypedDict, total=False):
    Operations: list["Operation"]
    NextMarker: str


class CodeSigningConfig(TypedDict, total=False):
    CodeSigningConfigId: Required[str]
    CodeSigningConfigArn: Required[str]
    Description: str
    AllowedPublishers: Required["AllowedPublishers"]
    CodeSigningPolicies: Required["CodeSigningPolicies"]
    LastModified: Required[str]


class CodeSigningPolicies(TypedDict, total=False):
    UntrustedArtifactOnDeployment: str


class Cors(TypedDict, total=False):
    AllowCredentials: bool
    AllowHeaders: list[str]
    AllowMethods: list[str]
    AllowOrigins: list[str]
    ExposeHeaders: list[str]
    MaxAge: int


class DeadLetterConfig(TypedDict, total=False):
    TargetArn: str


class DestinationConfig(TypedDict, total=False):
    OnSuccess: "OnSuccess"
    OnFailure: "OnFailure"


class DocumentDBEventSourceConfig(TypedDict, total=False):
    DatabaseName: str
    CollectionName: str
    FullDocument: str


class DurableConfig(TypedDict, total=False):
    KMSKeyArn: str
    RetentionPeriodInDays: int
    ExecutionTimeout: int


class Environment(TypedDict, total=False):
    Variables: dict[str, str]


class EnvironmentResponse(TypedDict, total=False):
    Variables: dict[str, str]
    Error: "EnvironmentError"


class EphemeralStorage(TypedDict, total=False):
    Size: Required[int]


class ErrorObject(TypedDict, total=False):
    ErrorMessage: str
    ErrorType: str
    ErrorData: str
    StackTrace: list[str]


class Event(TypedDict, total=False):
    EventType: str
    SubType: str
    EventId: int
    Id: str
    Name: str
    EventTimestamp: datetime
    ParentId: str
    ExecutionStartedDetails: "ExecutionStartedDetails"
    ExecutionSucceededDetails: "ExecutionSucceededDetails"
    ExecutionFailedDetails: "ExecutionFailedDetails"
    ExecutionTimedOutDetails: "ExecutionTimedOutDetails"
    ExecutionStoppedDetails: "ExecutionStoppedDetails"
    ContextStartedDetails: "ContextStartedDetails"
    ContextSucceededDetails: "ContextSucceededDetails"
    ContextFailedDetails: "ContextFailedDetails"
    WaitStartedDetails: "WaitStartedDetails"
    WaitSucceededDetails: "WaitSucceededDetails"
    WaitCancelledDetails: "WaitCancelledDetails"
    StepStartedDetails: "StepStartedDetails"
    StepSucceededDetails: "StepSucceededDetails"
    StepFailedDetails: "StepFailedDetails"
    ChainedInvokeStartedDetails: "ChainedInvokeStartedDetails"
    ChainedInvokeSucceededDetails: "ChainedInvokeSucceededDetails"
    ChainedInvokeFailedDetails: "ChainedInvokeFailedDetails"
    ChainedInvokeTimedOutDetails: "ChainedInvokeTimedOutDetails"
    ChainedInvokeStoppedDetails: "ChainedInvokeStoppedDetails"
    CallbackStartedDetails: "CallbackStartedDetails"
    CallbackSucceededDetails: "CallbackSucceededDetails"
    CallbackFailedDetails: "CallbackFailedDetails"
    CallbackTimedOutDetails: "CallbackTimedOutDetails"
    InvocationCompletedDetails: "InvocationCompletedDetails"


class EventSourceMappingLoggingConfig(TypedDict, total=False):
    SystemLogLevel: str


class EventSourceMappingMetricsConfig(TypedDict, total=False):
    Metrics: list[str]


class Execution(TypedDict, total=False):
    DurableExecutionArn: Required[str]
    DurableExecutionName: Required[str]
    FunctionArn: Required[str]
    Status: Required[str]
    StartTimestamp: Required[datetime]
    EndTimestamp: datetime
    KMSKeyArn: str


class FileSystemConfig(TypedDict, total=False):
    Arn: Required[str]
    LocalMountPath: Required[str]
    S3FilesConfig: "S3FilesConfig"


class FilterCriteria(TypedDict, total=False):
    Filters: list["Filter"]


class FilterCriteriaError(TypedDict, total=False):
    ErrorCode: str
    Message: str


class FunctionCode(TypedDict, total=False):
    ZipFile: bytes
    S3Bucket: str
    S3Key: str
    S3ObjectVersion: str
    S3ObjectStorageMode: str
    ImageUri: str
    SourceKMSKeyArn: str


class FunctionCodeLocation(TypedDict, total=False):
    RepositoryType: str
    Location: str
    ImageUri: str
    ResolvedImageUri: str
    ResolvedS3Object: "ResolvedS3Object"
    SourceKMSKeyArn: str
    Error: "FunctionCodeLocationError"


class FunctionRuntimeConfig(TypedDict, total=False):
    RuntimeArn: Required[str]
    RuntimeAlias: Required[str]


class FunctionScalingConfig(TypedDict, total=False):
    MinExecutionEnvironments: int
    MaxExecutionEnvironments: int


class FunctionUrlConfig(TypedDict, total=False):
    FunctionUrl: Required[str]
    FunctionArn: Required[str]
    CreationTime: Required[str]
    LastModifiedTime: Required[str]
    Cors: "Cors"
    AuthType: Required[str]
    InvokeMode: str


class FunctionVersionsByCapacityProviderListItem(TypedDict, total=False):
    FunctionArn: Required[str]
    State: Required[str]


class ImageConfig(TypedDict, total=False):
    EntryPoint: list[str]
    Command: list[str]
    WorkingDirectory: str


class ImageConfigResponse(TypedDict, total=False):
    ImageConfig: "ImageConfig"
    Error: "ImageConfigError"


class InstanceRequirements(TypedDict, total=False):
    Architectures: list[str]
    AllowedInstanceTypes: list[str]
    ExcludedInstanceTypes: list[str]


class InvokeWithResponseStreamResponseEvent(TypedDict, total=False):
    PayloadChunk: "InvokeResponseStreamUpdate"
    InvokeComplete: "InvokeWithResponseStreamCompleteEvent"


class Layer(TypedDict, total=False):
    Arn: str
    CodeSize: int
    SigningProfileVersionArn: str
    SigningJobArn: str


class LayerVersionContentInput(TypedDict, total=False):
    S3Bucket: str
    S3Key: str
    S3ObjectVersion: str
    S3ObjectStorageMode: str
    ZipFile: bytes


class LayerVersionContentOutput(TypedDict, total=False):
    Location: str
    CodeSha256: str
    CodeSize: int
    SigningProfileVersionArn: str
    SigningJobArn: str
    ResolvedS3Object: "ResolvedS3Object"


class LayerVersionsListItem(TypedDict, total=False):
    LayerVersionArn: str
    Version: int
    Description: str
    CreatedDate: str
    CompatibleArchitectures: list[str]
    CompatibleRuntimes: list[str]
    LicenseInfo: str


class LayersListItem(TypedDict, total=False):
    LayerName: str
    LayerArn: str
    LatestMatchingVersion: "LayerVersionsListItem"


class LoggingConfig(TypedDict, total=False):
    LogFormat: str
    ApplicationLogLevel: str
    SystemLogLevel: str
    LogGroup: str


class Operation(TypedDict, total=False):
    Id: Required[str]
    ParentId: str
    Name: str
    Type: Required[str]
    SubType: str
    StartTimestamp: Required[datetime]
    EndTimestamp: datetime
    Status: Required[str]
    ExecutionDetails: "ExecutionDetails"
    ContextDetails: "ContextDetails"
    StepDetails: "StepDetails"
    WaitDetails: "WaitDetails"
    CallbackDetails: "CallbackDetails"
    ChainedInvokeDetails: "ChainedInvokeDetails"


class OperationUpdate(TypedDict, total=False):
    Id: Required[str]
    ParentId: str
    Name: str
    Type: Required[str]
    SubType: str
    Action: Required[str]
    Payload: str
    Error: "ErrorObject"
    ContextOptions: "ContextOptions"
    StepOptions: "StepOptions"
    WaitOptions: "WaitOptions"
    CallbackOptions: "CallbackOptions"
    ChainedInvokeOptions: "ChainedInvokeOptions"


class PropagateTags(TypedDict, total=False):
    Mode: str
    ExplicitTags: dict[str, str]


class ProvisionedConcurrencyConfigListItem(TypedDict, total=False):
    FunctionArn: str
    RequestedProvisionedConcurrentExecutions: int
    AvailableProvisionedConcurrentExecutions: int
    AllocatedProvisionedConcurrentExecutions: int
    Status: str
    StatusReason: str
    LastModified: str


class ProvisionedPollerConfig(TypedDict, total=False):
    MinimumPollers: int
    MaximumPollers: int
    PollerGroupName: str


class RuntimeVersionConfig(TypedDict, total=False):
    RuntimeVersionArn: str
    Error: "RuntimeVersionError"


class ScalingConfig(TypedDict, total=False):
    MaximumConcurrency: int


class SelfManagedEventSource(TypedDict, total=False):
    Endpoints: dict[str, list[str]]


class SelfManagedKafkaEventSourceConfig(TypedDict, total=False):
    ConsumerGroupId: str
    SchemaRegistryConfig: "KafkaSchemaRegistryConfig"
    ConsumptionMode: str


class SnapStart(TypedDict, total=False):
    ApplyOn: str


class SnapStartResponse(TypedDict, total=False):
    ApplyOn: str
    OptimizationStatus: str


class SourceAccessConfiguration(TypedDict, total=False):
    Type: str
    URI: str


class TagsError(TypedDict, total=False):
    ErrorCode: Required[str]
    Message: Required[str]


class TenancyConfig(TypedDict, total=False):
    TenantIsolationMode: Required[str]


class TraceHeader(TypedDict, total=False):
    XAmznTraceId: str


class TracingConfig(TypedDict, total=False):
    Mode: str


class TracingConfigResponse(TypedDict, total=False):
    Mode: str


class VpcConfig(TypedDict, total=False):
    SubnetIds: list[str]
    SecurityGroupIds: list[str]
    Ipv6AllowedForDualStack: bool


class VpcConfigResponse(TypedDict, total=False):
    SubnetIds: list[str]
    SecurityGroupIds: list[str]
    VpcId: str
    Ipv6AllowedForDualStack: bool


class CallbackDetails(TypedDict, total=False):
    CallbackId: str
    Result: str
    Error: "ErrorObject"


class CallbackFailedDetails(TypedDict, total=False):
    Error: Required["EventError"]


class CallbackOptions(TypedDict, total=False):
    TimeoutSeconds: int
    HeartbeatTimeoutSeconds: int


class CallbackStartedDetails(TypedDict, total=False):
    CallbackId: Required[str]
    HeartbeatTimeout: int
    Timeout: int


class CallbackSucceededDetails(TypedDict, total=False):
    Result: Required["EventResult"]


class CallbackTimedOutDetails(TypedDict, total=False):
    Error: Required["EventError"]


class CapacityProviderLoggingConfig(TypedDict, total=False):
    SystemLogLevel: str
    LogGroup: str


class ChainedInvokeDetails(TypedDict, total=False):
    Result: str
    Error: "ErrorObject"


class ChainedInvokeFailedDetails(TypedDict, total=False):
    Error: Required["EventError"]


class ChainedInvokeOptions(TypedDict, total=False):
    FunctionName: Required[str]
    TenantId: str
    XAmznTraceId: str


class ChainedInvokeStartedDetails(TypedDict, total=False):
    FunctionName: Required[str]
    TenantId: str
    Input: "EventInput"
    ExecutedVersion: str
    DurableExecutionArn: str


class ChainedInvokeStoppedDetails(TypedDict, total=False):
    Error: Required["EventError"]


class ChainedInvokeSucceededDetails(TypedDict, total=False):
    Result: Required["EventResult"]


class ChainedInvokeTimedOutDetails(TypedDict, total=False):
    Error: Required["EventError"]


class ContextDetails(TypedDict, total=False):
    ReplayChildren: bool
    Result: str
    Error: "ErrorObject"


class ContextFailedDetails(TypedDict, total=False):
    Error: Required["EventError"]


class ContextOptions(TypedDict, total=False):
    ReplayChildren: bool


class ContextStartedDetails(TypedDict, total=False):
    pass


class ContextSucceededDetails(TypedDict, total=False):
    Result: Required["EventResult"]


class EnvironmentError(TypedDict, total=False):
    ErrorCode: str
    Message: str


class ExecutionDetails(TypedDict, total=False):
    InputPayload: str


class ExecutionFailedDetails(TypedDict, total=False):
    Error: Required["EventError"]


class ExecutionStartedDetails(TypedDict, total=False):
    Input: Required["EventInput"]
    ExecutionTimeout: Required[int]


class ExecutionStoppedDetails(TypedDict, total=False):
    Error: Required["EventError"]


class ExecutionSucceededDetails(TypedDict, total=False):
    Result: Required["EventResult"]


class ExecutionTimedOutDetails(TypedDict, total=False):
    Error: "EventError"


class Filter(TypedDict, total=False):
    Pattern: str


class FunctionCodeLocationError(TypedDict, total=False):
    ErrorCode: str
    Message: str


class ImageConfigError(TypedDict, total=False):
    ErrorCode: str
    Message: str


class InvocationCompletedDetails(TypedDict, total=False):
    StartTimestamp: Required[datetime]
    EndTimestamp: Required[datetime]
    RequestId: Required[str]
    Error: "EventError"


class InvokeResponseStreamUpdate(TypedDict, total=False):
    Payload: bytes


class InvokeWithResponseStreamCompleteEvent(TypedDict, total=False):
    ErrorCode: str
    ErrorDetails: str
    LogResult: str


class KafkaSchemaRegistryConfig(TypedDict, total=False):
    SchemaRegistryURI: str
    EventRecordFormat: str
    AccessConfigs: list["KafkaSchemaRegistryAccessConfig"]
    SchemaValidationConfigs: list["KafkaSchemaValidationConfig"]


class LambdaManagedInstancesCapacityProviderConfig(TypedDict, total=False):
    CapacityProviderArn: Required[str]
    PerExecutionEnvironmentMaxConcurrency: int
    ExecutionEnvironmentMemoryGiBPerVCpu: float


class OnFailure(TypedDict, total=False):
    Destination: str


class OnSuccess(TypedDict, total=False):
    Destination: str


class ResolvedS3Object(TypedDict, total=False):
    S3Bucket: str
    S3Key: str
    S3ObjectVersion: str


class RuntimeVersionError(TypedDict, total=False):
    ErrorCode: str
    Message: str


class S3FilesConfig(TypedDict, total=False):
    DirectS3Read: str


class StepDetails(TypedDict, total=False):
    Attempt: int
    NextAttemptTimestamp: datetime
    Result: str
    Error: "ErrorObject"


class StepFailedDetails(TypedDict, total=False):
    Error: Required["EventError"]
    RetryDetails: Required["RetryDetails"]


class StepOptions(TypedDict, total=False):
    NextAttemptDelaySeconds: int


class StepStartedDetails(TypedDict, total=False):
    pass


class StepSucceededDetails(TypedDict, total=False):
    Result: Required["EventResult"]
    RetryDetails: Required["RetryDetails"]


class TargetTrackingScalingPolicy(TypedDict, total=False):
    PredefinedMetricType: Required[str]
    TargetValue: Required[float]


class WaitCancelledDetails(TypedDict, total=False):
    Error: "EventError"


class WaitDetails(TypedDict, total=False):
    ScheduledEndTimestamp: datetime


class WaitOptions(TypedDict, total=False):
    WaitSeconds: int


class WaitStartedDetails(TypedDict, total=False):
    Duration: Required[int]
    ScheduledEndTimestamp: Required[datetime]


class WaitSucceededDetails(TypedDict, total=False):
    Duration: int


class EventError(TypedDict, total=False):
    Payload: "ErrorObject"
    Truncated: bool


class EventInput(TypedDict, total=False):
    Payload: str
    Truncated: bool


class EventResult(TypedDict, total=False):
    Payload: str
    Truncated: bool


class KafkaSchemaRegistryAccessConfig(TypedDict, total=False):
    Type: str
    URI: str


class KafkaSchemaValidationConfig(TypedDict, total=False):
    Attribute: str


class RetryDetails(TypedDict, total=False):
    CurrentAttempt: int
    NextAttemptDelaySeconds: int


class AliasLimitExceededExceptionError(ModelledError):
    code = "AliasLimitExceededException"
    status = 400


class CallbackTimeoutExceptionError(ModelledError):
    code = "CallbackTimeoutException"
    status = 400


class CapacityProviderLimitExceededExceptionError(ModelledError):
    code = "CapacityProviderLimitExceededException"
    status = 400


class CodeArtifactUserDeletedExceptionError(ModelledError):
    code = "CodeArtifactUserDeletedException"
    status = 409


class CodeArtifactUserFailedExceptionError(ModelledError):
    code = "CodeArtifactUserFailedException"
    status = 409


class CodeArtifactUserPendingExceptionError(ModelledError):
    code = "CodeArtifactUserPendingException"
    status = 409


class CodeSigningConfigNotFoundExceptionError(ModelledError):
    code = "CodeSigningConfigNotFoundException"
    status = 404


class CodeStorageExceededExceptionError(ModelledError):
    code = "CodeStorageExceededException"
    status = 400


class CodeVerificationFailedExceptionError(ModelledError):
    code = "CodeVerificationFailedException"
    status = 400


class DurableExecutionAlreadyStartedExceptionError(ModelledError):
    code = "DurableExecutionAlreadyStartedException"
    status = 409


class EC2AccessDeniedExceptionError(ModelledError):
    code = "EC2AccessDeniedException"
    status = 502


class EC2ThrottledExceptionError(ModelledError):
    code = "EC2ThrottledException"
    status = 502


class EC2UnexpectedExceptionError(ModelledError):
    code = "EC2UnexpectedException"
    status = 502


class EFSIOExceptionError(ModelledError):
    code = "EFSIOException"
    status = 410


class EFSMountConnectivityExceptionError(ModelledError):
    code = "EFSMountConnectivityException"
    status = 408


class EFSMountFailureExceptionError(ModelledError):
    code = "EFSMountFailureException"
    status = 403


class EFSMountTimeoutExceptionError(ModelledError):
    code = "EFSMountTimeoutException"
    status = 408


class ENILimitReachedExceptionError(ModelledError):
    code = "ENILimitReachedException"
    status = 502


class ENINotReadyExceptionError(ModelledError):
    code = "ENINotReadyException"
    status = 502


class FunctionVersionsPerCapacityProviderLimitExceededExceptionError(ModelledError):
    code = "FunctionVersionsPerCapacityProviderLimitExceededException"
    status = 400


class InvalidCodeSignatureExceptionError(ModelledError):
    code = "InvalidCodeSignatureException"
    status = 400


class InvalidParameterValueExceptionError(ModelledError):
    code = "InvalidParameterValueException"
    status = 400


class InvalidRequestContentExceptionError(ModelledError):
    code = "InvalidRequestContentException"
    status = 400


class InvalidRuntimeExceptionError(ModelledError):
    code = "InvalidRuntimeException"
    status = 502


class InvalidSecurityGroupIDExceptionError(ModelledError):
    code = "InvalidSecurityGroupIDException"
    status = 502


class InvalidSubnetIDExceptionError(ModelledError):
    code = "InvalidSubnetIDException"
    status = 502


class InvalidZipFileExceptionError(ModelledError):
    code = "InvalidZipFileException"
    status = 502


class KMSAccessDeniedExceptionError(ModelledError):
    code = "KMSAccessDeniedException"
    status = 502


class KMSDisabledExceptionError(ModelledError):
    code = "KMSDisabledException"
    status = 502


class KMSInvalidStateExceptionError(ModelledError):
    code = "KMSInvalidStateException"
    status = 502


class KMSNotFoundExceptionError(ModelledError):
    code = "KMSNotFoundException"
    status = 502


class ModeNotSupportedExceptionError(ModelledError):
    code = "ModeNotSupportedException"
    status = 400


class NoPublishedVersionExceptionError(ModelledError):
    code = "NoPublishedVersionException"
    status = 400


class PolicyLengthExceededExceptionError(ModelledError):
    code = "PolicyLengthExceededException"
    status = 400


class PreconditionFailedExceptionError(ModelledError):
    code = "PreconditionFailedException"
    status = 412


class ProvisionedConcurrencyConfigNotFoundExceptionError(ModelledError):
    code = "ProvisionedConcurrencyConfigNotFoundException"
    status = 404


class PublicPolicyExceptionError(ModelledError):
    code = "PublicPolicyException"
    status = 400


class RecursiveInvocationExceptionError(ModelledError):
    code = "RecursiveInvocationException"
    status = 400


class RequestTooLargeExceptionError(ModelledError):
    code = "RequestTooLargeException"
    status = 413


class ResourceConflictExceptionError(ModelledError):
    code = "ResourceConflictException"
    status = 409


class ResourceInUseExceptionError(ModelledError):
    code = "ResourceInUseException"
    status = 400


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"
    status = 404


class ResourceNotReadyExceptionError(ModelledError):
    code = "ResourceNotReadyException"
    status = 502


class RuntimeAliasDeletedExceptionError(ModelledError):
    code = "RuntimeAliasDeletedException"
    status = 409


class RuntimeVersionDeletedExceptionError(ModelledError):
    code = "RuntimeVersionDeletedException"
    status = 409


class S3FilesMountConnectivityExceptionError(ModelledError):
    code = "S3FilesMountConnectivityException"
    status = 408


class S3FilesMountFailureExceptionError(ModelledError):
    code = "S3FilesMountFailureException"
    status = 403


class S3FilesMountTimeoutExceptionError(ModelledError):
    code = "S3FilesMountTimeoutException"
    status = 408


class SerializedRequestEntityTooLargeExceptionError(ModelledError):
    code = "SerializedRequestEntityTooLargeException"
    status = 413


class ServiceExceptionError(ModelledError):
    code = "ServiceException"
    status = 500


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"
    status = 402


class SnapStartExceptionError(ModelledError):
    code = "SnapStartException"
    status = 400


class SnapStartNotReadyExceptionError(ModelledError):
    code = "SnapStartNotReadyException"
    status = 409


class SnapStartRegenerationFailureExceptionError(ModelledError):
    code = "SnapStartRegenerationFailureException"
    status = 409


class SnapStartTimeoutExceptionError(ModelledError):
    code = "SnapStartTimeoutException"
    status = 408


class SubnetIPAddressLimitReachedExceptionError(ModelledError):
    code = "SubnetIPAddressLimitReachedException"
    status = 502


class TooManyRequestsExceptionError(ModelledError):
    code = "TooManyRequestsException"
    status = 429


class UnsupportedMediaTypeExceptionError(ModelledError):
    code = "UnsupportedMediaTypeException"
    status = 415
