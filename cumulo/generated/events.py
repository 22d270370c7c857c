"""Wire types of Amazon EventBridge, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('ActivateEventSource', 'CancelReplay', 'CreateApiDestination', 'CreateArchive', 'CreateConnection', 'CreateEndpoint', 'CreateEventBus', 'CreatePartnerEventSource', 'DeactivateEventSource', 'DeauthorizeConnection', 'DeleteApiDestination', 'DeleteArchive', 'DeleteConnection', 'DeleteEndpoint', 'DeleteEventBus', 'DeletePartnerEventSource', 'DeleteRule', 'DescribeApiDestination', 'DescribeArchive', 'DescribeConnection', 'DescribeEndpoint', 'DescribeEventBus', 'DescribeEventSource', 'DescribePartnerEventSource', 'DescribeReplay', 'DescribeRule', 'DisableRule', 'EnableRule', 'ListApiDestinations', 'ListArchives', 'ListConnections', 'ListEndpoints', 'ListEventBuses', 'ListEventSources', 'ListPartnerEventSourceAccounts', 'ListPartnerEventSources', 'ListReplays', 'ListRuleNamesByTarget', 'ListRules', 'ListTagsForResource', 'ListTargetsByRule', 'PutEvents', 'PutPartnerEvents', 'PutPermission', 'PutRule', 'PutTargets', 'RemovePermission', 'RemoveTargets', 'StartReplay', 'TagResource', 'TestEventPattern', 'UntagResource', 'UpdateApiDestination', 'UpdateArchive', 'UpdateConnection', 'UpdateEndpoint', 'UpdateEventBus')


class ActivateEventSourceRequest(TypedDict, total=False):
    Name: Required[str]


class CancelReplayRequest(TypedDict, total=False):
    ReplayName: Required[str]


class CancelReplayResponse(TypedDict, total=False):
    ReplayArn: str
    State: str
    StateReason: str


class CreateApiDestinationRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    ConnectionArn: Required[str]
    InvocationEndpoint: Required[str]
    HttpMethod: Required[str]
    InvocationRateLimitPerSecond: int


class CreateApiDestinationResponse(TypedDict, total=False):
    ApiDestinationArn: str
    ApiDestinationState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class CreateArchiveRequest(TypedDict, total=False):
    ArchiveName: Required[str]
    EventSourceArn: Required[str]
    Description: str
    EventPattern: str
    RetentionDays: int
    KmsKeyIdentifier: str


class CreateArchiveResponse(TypedDict, total=False):
    ArchiveArn: str
    State: str
    StateReason: str
    CreationTime: datetime


class CreateConnectionRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    AuthorizationType: Required[str]
    AuthParameters: Required["CreateConnectionAuthRequestParameters"]
    InvocationConnectivityParameters: "ConnectivityResourceParameters"
    KmsKeyIdentifier: str


class CreateConnectionResponse(TypedDict, total=False):
    ConnectionArn: str
    ConnectionState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class CreateEndpointRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    RoutingConfig: Required["RoutingConfig"]
    ReplicationConfig: "ReplicationConfig"
    EventBuses: Required[list["EndpointEventBus"]]
    RoleArn: str


class CreateEndpointResponse(TypedDict, total=False):
    Name: str
    Arn: str
    RoutingConfig: "RoutingConfig"
    ReplicationConfig: "ReplicationConfig"
    EventBuses: list["EndpointEventBus"]
    RoleArn: str
    State: str


class CreateEventBusRequest(TypedDict, total=False):
    Name: Required[str]
    EventSourceName: str
    Description: str
    KmsKeyIdentifier: str
    DeadLetterConfig: "DeadLetterConfig"
    LogConfig: "LogConfig"
    Tags: list["Tag"]


class CreateEventBusResponse(TypedDict, total=False):
    EventBusArn: str
    Description: str
    KmsKeyIdentifier: str
    DeadLetterConfig: "DeadLetterConfig"
    LogConfig: "LogConfig"


class CreatePartnerEventSourceRequest(TypedDict, total=False):
    Name: Required[str]
    Account: Required[str]


class CreatePartnerEventSourceResponse(TypedDict, total=False):
    EventSourceArn: str


class DeactivateEventSourceRequest(TypedDict, total=False):
    Name: Required[str]


class DeauthorizeConnectionRequest(TypedDict, total=False):
    Name: Required[str]


class DeauthorizeConnectionResponse(TypedDict, total=False):
    ConnectionArn: str
    ConnectionState: str
    CreationTime: datetime
    LastModifiedTime: datetime
    LastAuthorizedTime: datetime


class DeleteApiDestinationRequest(TypedDict, total=False):
    Name: Required[str]


class DeleteApiDestinationResponse(TypedDict, total=False):
    pass


class DeleteArchiveRequest(TypedDict, total=False):
    ArchiveName: Required[str]


class DeleteArchiveResponse(TypedDict, total=False):
    pass


class DeleteConnectionRequest(TypedDict, total=False):
    Name: Required[str]


class DeleteConnectionResponse(TypedDict, total=False):
    ConnectionArn: str
    ConnectionState: str
    CreationTime: datetime
    LastModifiedTime: datetime
    LastAuthorizedTime: datetime


class DeleteEndpointRequest(TypedDict, total=False):
    Name: Required[str]


class DeleteEndpointResponse(TypedDict, total=False):
    pass


class DeleteEventBusRequest(TypedDict, total=False):
    Name: Required[str]


class DeletePartnerEventSourceRequest(TypedDict, total=False):
    Name: Required[str]
    Account: Required[str]


class DeleteRuleRequest(TypedDict, total=False):
    Name: Required[str]
    EventBusName: str
    Force: bool


class DescribeApiDestinationRequest(TypedDict, total=False):
    Name: Required[str]


class DescribeApiDestinationResponse(TypedDict, total=False):
    ApiDestinationArn: str
    Name: str
    Description: str
    ApiDestinationState: str
    ConnectionArn: str
    InvocationEndpoint: str
    HttpMethod: str
    InvocationRateLimitPerSecond: int
    CreationTime: datetime
    LastModifiedTime: datetime


class DescribeArchiveRequest(TypedDict, total=False):
    ArchiveName: Required[str]


class DescribeArchiveResponse(TypedDict, total=False):
    ArchiveArn: str
    ArchiveName: str
    EventSourceArn: str
    Description: str
    EventPattern: str
    State: str
    StateReason: str
    KmsKeyIdentifier: str
    RetentionDays: int
    SizeBytes: int
    EventCount: int
    CreationTime: datetime


class DescribeConnectionRequest(TypedDict, total=False):
    Name: Required[str]


class DescribeConnectionResponse(TypedDict, total=False):
    ConnectionArn: str
    Name: str
    Description: str
    InvocationConnectivityParameters: "DescribeConnectionConnectivityParameters"
    ConnectionState: str
    StateReason: str
    AuthorizationType: str
    SecretArn: str
    KmsKeyIdentifier: str
    AuthParameters: "ConnectionAuthResponseParameters"
    CreationTime: datetime
    LastModifiedTime: datetime
    LastAuthorizedTime: datetime


class DescribeEndpointRequest(TypedDict, total=False):
    Name: Required[str]
    HomeRegion: str


class DescribeEndpointResponse(TypedDict, total=False):
    Name: str
    Description: str
    Arn: str
    RoutingConfig: "RoutingConfig"
    ReplicationConfig: "ReplicationConfig"
    EventBuses: list["EndpointEventBus"]
    RoleArn: str
    EndpointId: str
    EndpointUrl: str
    State: str
    StateReason: str
    CreationTime: datetime
    LastModifiedTime: datetime


class DescribeEventBusRequest(TypedDict, total=False):
    Name: str


class DescribeEventBusResponse(TypedDict, total=False):
    Name: str
    Arn: str
    Description: str
    KmsKeyIdentifier: str
    DeadLetterConfig: "DeadLetterConfig"
    Policy: str
    LogConfig: "LogConfig"
    CreationTime: datetime
    LastModifiedTime: datetime
    ManagedBy: str


class DescribeEventSourceRequest(TypedDict, total=False):
    Name: Required[str]


class DescribeEventSourceResponse(TypedDict, total=False):
    Arn: str
    CreatedBy: str
    CreationTime: datetime
    ExpirationTime: datetime
    Name: str
    State: str


class DescribePartnerEventSourceRequest(TypedDict, total=False):
    Name: Required[str]


class DescribePartnerEventSourceResponse(TypedDict, total=False):
    Arn: str
    Name: str


class DescribeReplayRequest(TypedDict, total=False):
    ReplayName: Required[str]


class DescribeReplayResponse(TypedDict, total=False):
    ReplayName: str
    ReplayArn: str
    Description: str
    State: str
    StateReason: str
    EventSourceArn: str
    Destination: "ReplayDestination"
    EventStartTime: datetime
    EventEndTime: datetime
    EventLastReplayedTime: datetime
    ReplayStartTime: datetime
    ReplayEndTime: datetime


class DescribeRuleRequest(TypedDict, total=False):
    Name: Required[str]
    EventBusName: str


class DescribeRuleResponse(TypedDict, total=False):
    Name: str
    Arn: str
    EventPattern: str
    ScheduleExpression: str
    State: str
    Description: str
    RoleArn: str
    ManagedBy: str
    EventBusName: str
    CreatedBy: str


class DisableRuleRequest(TypedDict, total=False):
    Name: Required[str]
    EventBusName: str


class EnableRuleRequest(TypedDict, total=False):
    Name: Required[str]
    EventBusName: str


class ListApiDestinationsRequest(TypedDict, total=False):
    NamePrefix: str
    ConnectionArn: str
    NextToken: str
    Limit: int


class ListApiDestinationsResponse(TypedDict, total=False):
    ApiDestinations: list["ApiDestination"]
    NextToken: str


class ListArchivesRequest(TypedDict, total=False):
    NamePrefix: str
    EventSourceArn: str
    State: str
    NextToken: str
    Limit: int


class ListArchivesResponse(TypedDict, total=False):
    Archives: list["Archive"]
    NextToken: str


class ListConnectionsRequest(TypedDict, total=False):
    NamePrefix: str
    ConnectionState: str
    NextToken: str
    Limit: int


class ListConnectionsResponse(TypedDict, total=False):
    Connections: list["Connection"]
    NextToken: str


class ListEndpointsRequest(TypedDict, total=False):
    NamePrefix: str
    HomeRegion: str
    NextToken: str
    MaxResults: int


class ListEndpointsResponse(TypedDict, total=False):
    Endpoints: list["Endpoint"]
    NextToken: str


class ListEventBusesRequest(TypedDict, total=False):
    NamePrefix: str
    NextToken: str
    Limit: int


class ListEventBusesResponse(TypedDict, total=False):
    EventBuses: list["EventBus"]
    NextToken: str


class ListEventSourcesRequest(TypedDict, total=False):
    NamePrefix: str
    NextToken: str
    Limit: int


class ListEventSourcesResponse(TypedDict, total=False):
    EventSources: list["EventSource"]
    NextToken: str


class ListPartnerEventSourceAccountsRequest(TypedDict, total=False):
    EventSourceName: Required[str]
    NextToken: str
    Limit: int


class ListPartnerEventSourceAccountsResponse(TypedDict, total=False):
    PartnerEventSourceAccounts: list["PartnerEventSourceAccount"]
    NextToken: str


class ListPartnerEventSourcesRequest(TypedDict, total=False):
    NamePrefix: Required[str]
    NextToken: str
    Limit: int


class ListPartnerEventSourcesResponse(TypedDict, total=False):
    PartnerEventSources: list["PartnerEventSource"]
    NextToken: str


class ListReplaysRequest(TypedDict, total=False):
    NamePrefix: str
    State: str
    EventSourceArn: str
    NextToken: str
    Limit: int


class ListReplaysResponse(TypedDict, total=False):
    Replays: list["Replay"]
    NextToken: str


class ListRuleNamesByTargetRequest(TypedDict, total=False):
    TargetArn: Required[str]
    EventBusName: str
    NextToken: str
    Limit: int


class ListRuleNamesByTargetResponse(TypedDict, total=False):
    RuleNames: list[str]
    NextToken: str


class ListRulesRequest(TypedDict, total=False):
    NamePrefix: str
    EventBusName: str
    NextToken: str
    Limit: int


class ListRulesResponse(TypedDict, total=False):
    Rules: list["Rule"]
    NextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    ResourceARN: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    Tags: list["Tag"]


class ListTargetsByRuleRequest(TypedDict, total=False):
    Rule: Required[str]
    EventBusName: str
    NextToken: str
    Limit: int


class ListTargetsByRuleResponse(TypedDict, total=False):
    Targets: list["Target"]
    NextToken: str


class PutEventsRequest(TypedDict, total=False):
    Entries: Required[list["PutEventsRequestEntry"]]
    EndpointId: str


class PutEventsResponse(TypedDict, total=False):
    FailedEntryCount: int
    Entries: list["PutEventsResultEntry"]


class PutPartnerEventsRequest(TypedDict, total=False):
    Entries: Required[list["PutPartnerEventsRequestEntry"]]


class PutPartnerEventsResponse(TypedDict, total=False):
    FailedEntryCount: int
    Entries: list["PutPartnerEventsResultEntry"]


class PutPermissionRequest(TypedDict, total=False):
    EventBusName: str
    Action: str
    Principal: str
    StatementId: str
    Condition: "Condition"
    Policy: str


class PutRuleRequest(TypedDict, total=False):
    Name: Required[str]
    ScheduleExpression: str
    EventPattern: str
    State: str
    Description: str
    RoleArn: str
    Tags: list["Tag"]
    EventBusName: str


class PutRuleResponse(TypedDict, total=False):
    RuleArn: str


class PutTargetsRequest(TypedDict, total=False):
    Rule: Required[str]
    EventBusName: str
    Targets: Required[list["Target"]]


class PutTargetsResponse(TypedDict, total=False):
    FailedEntryCount: int
    FailedEntries: list["PutTargetsResultEntry"]


class RemovePermissionRequest(TypedDict, total=False):
    StatementId: str
    RemoveAllPermissions: bool
    EventBusName: str


class RemoveTargetsRequest(TypedDict, total=False):
    Rule: Required[str]
    EventBusName: str
    Ids: Required[list[str]]
    Force: bool


class RemoveTargetsResponse(TypedDict, total=False):
    FailedEntryCount: int
    FailedEntries: list["RemoveTargetsResultEntry"]


class StartReplayRequest(TypedDict, total=False):
    ReplayName: Required[str]
    Description: str
    EventSourceArn: Required[str]
    EventStartTime: Required[datetime]
    EventEndTime: Required[datetime]
    Destination: Required["ReplayDestination"]


class StartReplayResponse(TypedDict, total=False):
    ReplayArn: str
    State: str
    StateReason: str
    ReplayStartTime: datetime


class TagResourceRequest(TypedDict, total=False):
    ResourceARN: Required[str]
    Tags: Required[list["Tag"]]


class TagResourceResponse(TypedDict, total=False):
    pass


class TestEventPatternRequest(TypedDict, total=False):
    EventPattern: Required[str]
    Event: Required[str]


class TestEventPatternResponse(TypedDict, total=False):
    Result: bool


class UntagResourceRequest(TypedDict, total=False):
    ResourceARN: Required[str]
    TagKeys: Required[list[str]]


class UntagResourceResponse(TypedDict, total=False):
    pass


class UpdateApiDestinationRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    ConnectionArn: str
    InvocationEndpoint: str
    HttpMethod: str
    InvocationRateLimitPerSecond: int


class UpdateApiDestinationResponse(TypedDict, total=False):
    ApiDestinationArn: str
    ApiDestinationState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class UpdateArchiveRequest(TypedDict, total=False):
    ArchiveName: Required[str]
    Description: str
    EventPattern: str
    RetentionDays: int
    KmsKeyIdentifier: str


class UpdateArchiveResponse(TypedDict, total=False):
    ArchiveArn: str
    State: str
    StateReason: str
    CreationTime: datetime


class UpdateConnectionRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    AuthorizationType: str
    AuthParameters: "UpdateConnectionAuthRequestParameters"
    InvocationConnectivityParameters: "ConnectivityResourceParameters"
    KmsKeyIdentifier: str


class UpdateConnectionResponse(TypedDict, total=False):
    ConnectionArn: str
    ConnectionState: str
    CreationTime: datetime
    LastModifiedTime: datetime
    LastAuthorizedTime: datetime


class UpdateEndpointRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    RoutingConfig: "RoutingConfig"
    ReplicationConfig: "ReplicationConfig"
    EventBuses: list["EndpointEventBus"]
    RoleArn: str


class UpdateEndpointResponse(TypedDict, total=False):
    Name: str
    Arn: str
    RoutingConfig: "RoutingConfig"
    ReplicationConfig: "ReplicationConfig"
    EventBuses: list["EndpointEventBus"]
    RoleArn: str
    EndpointId: str
    EndpointUrl: str
    State: str


class UpdateEventBusRequest(TypedDict, total=False):
    Name: str
    KmsKeyIdentifier: str
    Description: str
    DeadLetterConfig: "DeadLetterConfig"
    LogConfig: "LogConfig"


class UpdateEventBusResponse(TypedDict, total=False):
    Arn: str
    Name: str
    KmsKeyIdentifier: str
    Description: str
    DeadLetterConfig: "DeadLetterConfig"
    LogConfig: "LogConfig"


class ApiDestination(TypedDict, total=False):
    ApiDestinationArn: str
    Name: str
    ApiDestinationState: str
    ConnectionArn: str
    InvocationEndpoint: str
    HttpMethod: str
    InvocationRateLimitPerSecond: int
    CreationTime: datetime
    LastModifiedTime: datetime


class Archive(TypedDict, total=False):
    ArchiveName: str
    EventSourceArn: str
    State: str
    StateReason: str
    RetentionDays: int
    SizeBytes: int
    EventCount: int
    CreationTime: datetime


class Condition(TypedDict, total=False):
    Type: Required[str]
    Key: Required[str]
    Value: Required[str]


class Connection(TypedDict, total=False):
    ConnectionArn: str
    Name: str
    ConnectionState: str
    StateReason: str
    AuthorizationType: str
    CreationTime: datetime
    LastModifiedTime: datetime
    LastAuthorizedTime: datetime


class ConnectionAuthResponseParameters(TypedDict, total=False):
    BasicAuthParameters: "ConnectionBasicAuthResponseParameters"
    OAuthParameters: "ConnectionOAuthResponseParameters"
    ApiKeyAuthParameters: "ConnectionApiKeyAuthResponseParameters"
    InvocationHttpParameters: "ConnectionHttpParameters"
    ConnectivityParameters: "DescribeConnectionConnectivityParameters"


class ConnectivityResourceParameters(TypedDict, total=False):
    ResourceParameters: Required["ConnectivityResourceConfigurationArn"]


class CreateConnectionAuthRequestParameters(TypedDict, total=False):
    BasicAuthParameters: "CreateConnectionBasicAuthRequestParameters"
    OAuthParameters: "CreateConnectionOAuthRequestParameters"
    ApiKeyAuthParameters: "CreateConnectionApiKeyAuthRequestParameters"
    InvocationHttpParameters: "ConnectionHttpParameters"
    ConnectivityParameters: "ConnectivityResourceParameters"


class DeadLetterConfig(TypedDict, total=False):
    Arn: str


class DescribeConnectionConnectivityParameters(TypedDict, total=False):
    ResourceParameters: Required["DescribeConnectionResourceParameters"]


class Endpoint(TypedDict, total=False):
    Name: str
    Description: str
    Arn: str
    RoutingConfig: "RoutingConfig"
    ReplicationConfig: "ReplicationConfig"
    EventBuses: list["EndpointEventBus"]
    RoleArn: str
    EndpointId: str
    EndpointUrl: str
    State: str
    StateReason: str
    CreationTime: datetime
    LastModifiedTime: datetime


class EndpointEventBus(TypedDict, total=False):
    EventBusArn: Required[str]


class EventBus(TypedDict, total=False):
    Name: str
    Arn: str
    Description: str
    Policy: str
    CreationTime: datetime
    LastModifiedTime: datetime
    ManagedBy: str


class EventSource(TypedDict, total=False):
    Arn: str
    CreatedBy: str
    CreationTime: datetime
    ExpirationTime: datetime
    Name: str
    State: str


class LogConfig(TypedDict, total=False):
    IncludeDetail: str
    Level: str


class PartnerEventSource(TypedDict, total=False):
    Arn: str
    Name: str


class PartnerEventSourceAccount(TypedDict, total=False):
    Account: str
    CreationTime: datetime
    ExpirationTime: datetime
    State: str


class PutEventsRequestEntry(TypedDict, total=False):
    Time: datetime
    Source: str
    Resources: list[str]
    DetailType: str
    Detail: str
    EventBusName: str
    TraceHeader: str


class PutEventsResultEntry(TypedDict, total=False):
    EventId: str
    ErrorCode: str
    ErrorMessage: str


class PutPartnerEventsRequestEntry(TypedDict, total=False):
    Time: datetime
    Source: str
    Resources: list[str]
    DetailType: str
    Detail: str


class PutPartnerEventsResultEntry(TypedDict, total=False):
    EventId: str
    ErrorCode: str
    ErrorMessage: str


class PutTargetsResultEntry(TypedDict, total=False):
    TargetId: str
    ErrorCode: str
    ErrorMessage: str


class RemoveTargetsResultEntry(TypedDict, total=False):
    TargetId: str
    ErrorCode: str
    ErrorMessage: str


class Replay(TypedDict, total=False):
    ReplayName: str
    EventSourceArn: str
    State: str
    StateReason: str
    EventStartTime: datetime
    EventEndTime: datetime
    EventLastReplayedTime: datetime
    ReplayStartTime: datetime
    ReplayEndTime: datetime


class ReplayDestination(TypedDict, total=False):
    Arn: Required[str]
    FilterArns: list[str]


class ReplicationConfig(TypedDict, total=False):
    State: str


class RoutingConfig(TypedDict, total=False):
    FailoverConfig: Required["FailoverConfig"]


class Rule(TypedDict, total=False):
    Name: str
    Arn: str
    EventPattern: str
    State: str
    Description: str
    ScheduleExpression: str
    RoleArn: str
    ManagedBy: str
    EventBusName: str


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class Target(TypedDict, total=False):
    Id: Required[str]
    Arn: Required[str]
    RoleArn: str
    Input: str
    InputPath: str
    InputTransformer: "InputTransformer"
    KinesisParameters: "KinesisParameters"
    RunCommandParameters: "RunCommandParameters"
    EcsParameters: "EcsParameters"
    BatchParameters: "BatchParameters"
    SqsParameters: "SqsParameters"
    HttpParameters: "HttpParameters"
    RedshiftDataParameters: "RedshiftDataParameters"
    SageMakerPipelineParameters: "SageMakerPipelineParameters"
    DeadLetterConfig: "DeadLetterConfig"
    RetryPolicy: "RetryPolicy"
    AppSyncParameters: "AppSyncParameters"


class UpdateConnectionAuthRequestParameters(TypedDict, total=False):
    BasicAuthParameters: "UpdateConnectionBasicAuthRequestParameters"
    OAuthParameters: "UpdateConnectionOAuthRequestParameters"
    ApiKeyAuthParameters: "UpdateConnectionApiKeyAuthRequestParameters"
    InvocationHttpParameters: "ConnectionHttpParameters"
    ConnectivityParameters: "ConnectivityResourceParameters"


class AppSyncParameters(TypedDict, total=False):
    GraphQLOperation: str


class BatchParameters(TypedDict, total=False):
    JobDefinition: Required[str]
    JobName: Required[str]
    ArrayProperties: "BatchArrayProperties"
    RetryStrategy: "BatchRetryStrategy"


class ConnectionApiKeyAuthResponseParameters(TypedDict, total=False):
    ApiKeyName: str


class ConnectionBasicAuthResponseParameters(TypedDict, total=False):
    Username: str


class ConnectionHttpParameters(TypedDict, total=False):
    HeaderParameters: list["ConnectionHeaderParameter"]
    QueryStringParameters: list["ConnectionQueryStringParameter"]
    BodyParameters: list["ConnectionBodyParameter"]


class ConnectionOAuthResponseParameters(TypedDict, total=False):
    ClientParameters: "ConnectionOAuthClientResponseParameters"
    AuthorizationEndpoint: str
    HttpMethod: str
    OAuthHttpParameters: "ConnectionHttpParameters"


class ConnectivityResourceConfigurationArn(TypedDict, total=False):
    ResourceConfigurationArn: Required[str]


class CreateConnectionApiKeyAuthRequestParameters(TypedDict, total=False):
    ApiKeyName: Required[str]
    ApiKeyValue: Required[str]


class CreateConnectionBasicAuthRequestParameters(TypedDict, total=False):
    Username: Required[str]
    Password: Required[str]


class CreateConnectionOAuthRequestParameters(TypedDict, total=False):
    ClientParameters: Required["CreateConnectionOAuthClientRequestParameters"]
    AuthorizationEndpoint: Required[str]
    HttpMethod: Required[str]
    OAuthHttpParameters: "ConnectionHttpParameters"


class DescribeConnectionResourceParameters(TypedDict, total=False):
    ResourceConfigurationArn: Required[str]
    ResourceAssociationArn: Required[str]


class EcsParameters(TypedDict, total=False):
    TaskDefinitionArn: Required[str]
    TaskCount: int
    LaunchType: str
    NetworkConfiguration: "NetworkConfiguration"
    PlatformVersion: str
    Group: str
    CapacityProviderStrategy: list["CapacityProviderStrategyItem"]
    EnableECSManagedTags: bool
    EnableExecuteCommand: bool
    PlacementConstraints: list["PlacementConstraint"]
    PlacementStrategy: list["PlacementStrategy"]
    PropagateTags: str
    ReferenceId: str
    Tags: list["Tag"]


class FailoverConfig(TypedDict, total=False):
    Primary: Required["Primary"]
    Secondary: Required["Secondary"]


class HttpParameters(TypedDict, total=False):
    PathParameterValues: list[str]
    HeaderParameters: dict[str, str]
    QueryStringParameters: dict[str, str]


class InputTransformer(TypedDict, total=False):
    InputPathsMap: dict[str, str]
    InputTemplate: Required[str]


class KinesisParameters(TypedDict, total=False):
    PartitionKeyPath: Required[str]


class RedshiftDataParameters(TypedDict, total=False):
    SecretManagerArn: str
    Database: Required[str]
    DbUser: str
    Sql: str
    StatementName: str
    WithEvent: bool
    Sqls: list[str]


class RetryPolicy(TypedDict, total=False):
    MaximumRetryAttempts: int
    MaximumEventAgeInSeconds: int


class RunCommandParameters(TypedDict, total=False):
    RunCommandTargets: Required[list["RunCommandTarget"]]


class SageMakerPipelineParameters(TypedDict, total=False):
    PipelineParameterList: list["SageMakerPipelineParameter"]


class SqsParameters(TypedDict, total=False):
    MessageGroupId: str


class UpdateConnectionApiKeyAuthRequestParameters(TypedDict, total=False):
    ApiKeyName: str
    ApiKeyValue: str


class UpdateConnectionBasicAuthRequestParameters(TypedDict, total=False):
    Username: str
    Password: str


class UpdateConnectionOAuthRequestParameters(TypedDict, total=False):
    ClientParameters: "UpdateConnectionOAuthClientRequestParameters"
    AuthorizationEndpoint: str
    HttpMethod: str
    OAuthHttpParameters: "ConnectionHttpParameters"


class BatchArrayProperties(TypedDict, total=False):
    Size: int


class BatchRetryStrategy(TypedDict, total=False):
    Attempts: int


class CapacityProviderStrategyItem(TypedDict, total=False):
    capacityProvider: Required[str]
    weight: int
    base: int


class ConnectionBodyParameter(TypedDict, total=False):
    Key: str
    Value: str
    IsValueSecret: bool


class ConnectionHeaderParameter(TypedDict, total=False):
    Key: str
    Value: str
    IsValueSecret: bool


class ConnectionOAuthClientResponseParameters(TypedDict, total=False):
    ClientID: str


class ConnectionQueryStringParameter(TypedDict, total=False):
    Key: str
    Value: str
    IsValueSecret: bool


class CreateConnectionOAuthClientRequestParameters(TypedDict, total=False):
    ClientID: Required[str]
    ClientSecret: Required[str]


class NetworkConfiguration(TypedDict, total=False):
    awsvpcConfiguration: "AwsVpcConfiguration"


class PlacementConstraint(TypedDict, total=False):
    type: str
    expression: str


class PlacementStrategy(TypedDict, total=False):
    type: str
    field: str


class Primary(TypedDict, total=False):
    HealthCheck: Required[str]


class RunCommandTarget(TypedDict, total=False):
    Key: Required[str]
    Values: Required[list[str]]


class SageMakerPipelineParameter(TypedDict, total=False):
    Name: Required[str]
    Value: Required[str]


class Secondary(TypedDict, total=False):
    Route: Required[str]


class UpdateConnectionOAuthClientRequestParameters(TypedDict, total=False):
    ClientID: str
    ClientSecret: str


class AwsVpcConfiguration(TypedDict, total=False):
    Subnets: Required[list[str]]
    SecurityGroups: list[str]
    AssignPublicIp: str


class AccessDeniedExceptionError(ModelledError):
    code = "AccessDeniedException"


class ConcurrentModificationExceptionError(ModelledError):
    code = "ConcurrentModificationException"


class IllegalStatusExceptionError(ModelledError):
    code = "IllegalStatusException"


class InternalExceptionError(ModelledError):
    code = "InternalException"


class InvalidEventPatternExceptionError(ModelledError):
    code = "InvalidEventPatternException"


class InvalidStateExceptionError(ModelledError):
    code = "InvalidStateException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class ManagedRuleExceptionError(ModelledError):
    code = "ManagedRuleException"


class OperationDisabledExceptionError(ModelledError):
    code = "OperationDisabledException"


class PolicyLengthExceededExceptionError(ModelledError):
    code = "PolicyLengthExceededException"


class ResourceAlreadyExistsExceptionError(ModelledError):
    code = "ResourceAlreadyExistsException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class ThrottlingExceptionError(ModelledError):
    code = "ThrottlingException"
