"""Wire types of Amazon EventBridge Pipes, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreatePipe', 'DeletePipe', 'DescribePipe', 'ListPipes', 'ListTagsForResource', 'StartPipe', 'StopPipe', 'TagResource', 'UntagResource', 'UpdatePipe')


class CreatePipeRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    DesiredState: str
    Source: Required[str]
    SourceParameters: "PipeSourceParameters"
    Enrichment: str
    EnrichmentParameters: "PipeEnrichmentParameters"
    Target: Required[str]
    TargetParameters: "PipeTargetParameters"
    RoleArn: Required[str]
    Tags: dict[str, str]
    LogConfiguration: "PipeLogConfigurationParameters"
    KmsKeyIdentifier: str


class CreatePipeResponse(TypedDict, total=False):
    Arn: str
    Name: str
    DesiredState: str
    CurrentState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class DeletePipeRequest(TypedDict, total=False):
    Name: Required[str]


class DeletePipeResponse(TypedDict, total=False):
    Arn: str
    Name: str
    DesiredState: str
    CurrentState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class DescribePipeRequest(TypedDict, total=False):
    Name: Required[str]


class DescribePipeResponse(TypedDict, total=False):
    Arn: str
    Name: str
    Description: str
    DesiredState: str
    CurrentState: str
    StateReason: str
    Source: str
    SourceParameters: "PipeSourceParameters"
    Enrichment: str
    EnrichmentParameters: "PipeEnrichmentParameters"
    Target: str
    TargetParameters: "PipeTargetParameters"
    RoleArn: str
    Tags: dict[str, str]
    CreationTime: datetime
    LastModifiedTime: datetime
    LogConfiguration: "PipeLogConfiguration"
    KmsKeyIdentifier: str


class ListPipesRequest(TypedDict, total=False):
    NamePrefix: str
    DesiredState: str
    CurrentState: str
    SourcePrefix: str
    TargetPrefix: str
    NextToken: str
    Limit: int


class ListPipesResponse(TypedDict, total=False):
    Pipes: list["Pipe"]
    NextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    tags: dict[str, str]


class StartPipeRequest(TypedDict, total=False):
    Name: Required[str]


class StartPipeResponse(TypedDict, total=False):
    Arn: str
    Name: str
    DesiredState: str
    CurrentState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class StopPipeRequest(TypedDict, total=False):
    Name: Required[str]


class StopPipeResponse(TypedDict, total=False):
    Arn: str
    Name: str
    DesiredState: str
    CurrentState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class TagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tags: Required[dict[str, str]]


class TagResourceResponse(TypedDict, total=False):
    pass


class UntagResourceRequest(TypedDict, total=False):
    resourceArn: Required[str]
    tagKeys: Required[list[str]]


class UntagResourceResponse(TypedDict, total=False):
    pass


class UpdatePipeRequest(TypedDict, total=False):
    Name: Required[str]
    Description: str
    DesiredState: str
    SourceParameters: "UpdatePipeSourceParameters"
    Enrichment: str
    EnrichmentParameters: "PipeEnrichmentParameters"
    Target: str
    TargetParameters: "PipeTargetParameters"
    RoleArn: Required[str]
    LogConfiguration: "PipeLogConfigurationParameters"
    KmsKeyIdentifier: str


class UpdatePipeResponse(TypedDict, total=False):
    Arn: str
    Name: str
    DesiredState: str
    CurrentState: str
    CreationTime: datetime
    LastModifiedTime: datetime


class Pipe(TypedDict, total=False):
    Name: str
    Arn: str
    DesiredState: str
    CurrentState: str
    StateReason: str
    CreationTime: datetime
    LastModifiedTime: datetime
    Source: str
    Target: str
    Enrichment: str


class PipeEnrichmentParameters(TypedDict, total=False):
    InputTemplate: str
    HttpParameters: "PipeEnrichmentHttpParameters"


class PipeLogConfiguration(TypedDict, total=False):
    S3LogDestination: "S3LogDestination"
    FirehoseLogDestination: "FirehoseLogDestination"
    CloudwatchLogsLogDestination: "CloudwatchLogsLogDestination"
    Level: str
    IncludeExecutionData: list[str]


class PipeLogConfigurationParameters(TypedDict, total=False):
    S3LogDestination: "S3LogDestinationParameters"
    FirehoseLogDestination: "FirehoseLogDestinationParameters"
    CloudwatchLogsLogDestination: "CloudwatchLogsLogDestinationParameters"
    Level: Required[str]
    IncludeExecutionData: list[str]


class PipeSourceParameters(TypedDict, total=False):
    FilterCriteria: "FilterCriteria"
    KinesisStreamParameters: "PipeSourceKinesisStreamParameters"
    DynamoDBStreamParameters: "PipeSourceDynamoDBStreamParameters"
    SqsQueueParameters: "PipeSourceSqsQueueParameters"
    ActiveMQBrokerParameters: "PipeSourceActiveMQBrokerParameters"
    RabbitMQBrokerParameters: "PipeSourceRabbitMQBrokerParameters"
    ManagedStreamingKafkaParameters: "PipeSourceManagedStreamingKafkaParameters"
    SelfManagedKafkaParameters: "PipeSourceSelfManagedKafkaParameters"


class PipeTargetParameters(TypedDict, total=False):
    InputTemplate: str
    LambdaFunctionParameters: "PipeTargetLambdaFunctionParameters"
    StepFunctionStateMachineParameters: "PipeTargetStateMachineParameters"
    KinesisStreamParameters: "PipeTargetKinesisStreamParameters"
    EcsTaskParameters: "PipeTargetEcsTaskParameters"
    BatchJobParameters: "PipeTargetBatchJobParameters"
    SqsQueueParameters: "PipeTargetSqsQueueParameters"
    HttpParameters: "PipeTargetHttpParameters"
    RedshiftDataParameters: "PipeTargetRedshiftDataParameters"
    SageMakerPipelineParameters: "PipeTargetSageMakerPipelineParameters"
    EventBridgeEventBusParameters: "PipeTargetEventBridgeEventBusParameters"
    CloudWatchLogsParameters: "PipeTargetCloudWatchLogsParameters"
    TimestreamParameters: "PipeTargetTimestreamParameters"


class UpdatePipeSourceParameters(TypedDict, total=False):
    FilterCriteria: "FilterCriteria"
    KinesisStreamParameters: "UpdatePipeSourceKinesisStreamParameters"
    DynamoDBStreamParameters: "UpdatePipeSourceDynamoDBStreamParameters"
    SqsQueueParameters: "UpdatePipeSourceSqsQueueParameters"
    ActiveMQBrokerParameters: "UpdatePipeSourceActiveMQBrokerParameters"
    RabbitMQBrokerParameters: "UpdatePipeSourceRabbitMQBrokerParameters"
    ManagedStreamingKafkaParameters: "UpdatePipeSourceManagedStreamingKafkaParameters"
    SelfManagedKafkaParameters: "UpdatePipeSourceSelfManagedKafkaParameters"


class CloudwatchLogsLogDestination(TypedDict, total=False):
    LogGroupArn: str


class CloudwatchLogsLogDestinationParameters(TypedDict, total=False):
    LogGroupArn: Required[str]


class FilterCriteria(TypedDict, total=False):
    Filters: list["Filter"]


class FirehoseLogDestination(TypedDict, total=False):
    DeliveryStreamArn: str


class FirehoseLogDestinationParameters(TypedDict, total=False):
    DeliveryStreamArn: Required[str]


class PipeEnrichmentHttpParameters(TypedDict, total=False):
    PathParameterValues: list[str]
    HeaderParameters: dict[str, str]
    QueryStringParameters: dict[str, str]


class PipeSourceActiveMQBrokerParameters(TypedDict, total=False):
    Credentials: Required["MQBrokerAccessCredentials"]
    QueueName: Required[str]
    BatchSize: int
    MaximumBatchingWindowInSeconds: int


class PipeSourceDynamoDBStreamParameters(TypedDict, total=False):
    BatchSize: int
    DeadLetterConfig: "DeadLetterConfig"
    OnPartialBatchItemFailure: str
    MaximumBatchingWindowInSeconds: int
    MaximumRecordAgeInSeconds: int
    MaximumRetryAttempts: int
    ParallelizationFactor: int
    StartingPosition: Required[str]


class PipeSourceKinesisStreamParameters(TypedDict, total=False):
    BatchSize: int
    DeadLetterConfig: "DeadLetterConfig"
    OnPartialBatchItemFailure: str
    MaximumBatchingWindowInSeconds: int
    MaximumRecordAgeInSeconds: int
    MaximumRetryAttempts: int
    ParallelizationFactor: int
    StartingPosition: Required[str]
    StartingPositionTimestamp: datetime


class PipeSourceManagedStreamingKafkaParameters(TypedDict, total=False):
    TopicName: Required[str]
    StartingPosition: str
    BatchSize: int
    MaximumBatchingWindowInSeconds: int
    ConsumerGroupID: str
    Credentials: "MSKAccessCredentials"


class PipeSourceRabbitMQBrokerParameters(TypedDict, total=False):
    Credentials: Required["MQBrokerAccessCredentials"]
    QueueName: Required[str]
    VirtualHost: str
    BatchSize: int
    MaximumBatchingWindowInSeconds: int


class PipeSourceSelfManagedKafkaParameters(TypedDict, total=False):
    TopicName: Required[str]
    StartingPosition: str
    AdditionalBootstrapServers: list[str]
    BatchSize: int
    MaximumBatchingWindowInSeconds: int
    ConsumerGroupID: str
    Credentials: "SelfManagedKafkaAccessConfigurationCredentials"
    ServerRootCaCertificate: str
    Vpc: "SelfManagedKafkaAccessConfigurationVpc"


class PipeSourceSqsQueueParameters(TypedDict, total=False):
    BatchSize: int
    MaximumBatchingWindowInSeconds: int


class PipeTargetBatchJobParameters(TypedDict, total=False):
    JobDefinition: Required[str]
    JobName: Required[str]
    ArrayProperties: "BatchArrayProperties"
    RetryStrategy: "BatchRetryStrategy"
    ContainerOverrides: "BatchContainerOverrides"
    DependsOn: list["BatchJobDependency"]
    Parameters: dict[str, str]


class PipeTargetCloudWatchLogsParameters(TypedDict, total=False):
    LogStreamName: str
    Timestamp: str


class PipeTargetEcsTaskParameters(TypedDict, total=False):
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
    Overrides: "EcsTaskOverride"
    Tags: list["Tag"]


class PipeTargetEventBridgeEventBusParameters(TypedDict, total=False):
    EndpointId: str
    DetailType: str
    Source: str
    Resources: list[str]
    Time: str


class PipeTargetHttpParameters(TypedDict, total=False):
    PathParameterValues: list[str]
    HeaderParameters: dict[str, str]
    QueryStringParameters: dict[str, str]


class PipeTargetKinesisStreamParameters(TypedDict, total=False):
    PartitionKey: Required[str]


class PipeTargetLambdaFunctionParameters(TypedDict, total=False):
    InvocationType: str


class PipeTargetRedshiftDataParameters(TypedDict, total=False):
    SecretManagerArn: str
    Database: Required[str]
    DbUser: str
    StatementName: str
    WithEvent: bool
    Sqls: Required[list[str]]


class PipeTargetSageMakerPipelineParameters(TypedDict, total=False):
    PipelineParameterList: list["SageMakerPipelineParameter"]


class PipeTargetSqsQueueParameters(TypedDict, total=False):
    MessageGroupId: str
    MessageDeduplicationId: str


class PipeTargetStateMachineParameters(TypedDict, total=False):
    InvocationType: str


class PipeTargetTimestreamParameters(TypedDict, total=False):
    TimeValue: Required[str]
    EpochTimeUnit: str
    TimeFieldType: str
    TimestampFormat: str
    VersionValue: Required[str]
    DimensionMappings: Required[list["DimensionMapping"]]
    SingleMeasureMappings: list["SingleMeasureMapping"]
    MultiMeasureMappings: list["MultiMeasureMapping"]


class S3LogDestination(TypedDict, total=False):
    BucketName: str
    Prefix: str
    BucketOwner: str
    OutputFormat: str


class S3LogDestinationParameters(TypedDict, total=False):
    BucketName: Required[str]
    BucketOwner: Required[str]
    OutputFormat: str
    Prefix: str


class UpdatePipeSourceActiveMQBrokerParameters(TypedDict, total=False):
    Credentials: Required["MQBrokerAccessCredentials"]
    BatchSize: int
    MaximumBatchingWindowInSeconds: int


class UpdatePipeSourceDynamoDBStreamParameters(TypedDict, total=False):
    BatchSize: int
    DeadLetterConfig: "DeadLetterConfig"
    OnPartialBatchItemFailure: str
    MaximumBatchingWindowInSeconds: int
    MaximumRecordAgeInSeconds: int
    MaximumRetryAttempts: int
    ParallelizationFactor: int


class UpdatePipeSourceKinesisStreamParameters(TypedDict, total=False):
    BatchSize: int
    DeadLetterConfig: "DeadLetterConfig"
    OnPartialBatchItemFailure: str
    MaximumBatchingWindowInSeconds: int
    MaximumRecordAgeInSeconds: int
    MaximumRetryAttempts: int
    ParallelizationFactor: int


class UpdatePipeSourceManagedStreamingKafkaParameters(TypedDict, total=False):
    BatchSize: int
    Credentials: "MSKAccessCredentials"
    MaximumBatchingWindowInSeconds: int


class UpdatePipeSourceRabbitMQBrokerParameters(TypedDict, total=False):
    Credentials: Required["MQBrokerAccessCredentials"]
    BatchSize: int
    MaximumBatchingWindowInSeconds: int


class UpdatePipeSourceSelfManagedKafkaParameters(TypedDict, total=False):
    BatchSize: int
    MaximumBatchingWindowInSeconds: int
    Credentials: "SelfManagedKafkaAccessConfigurationCredentials"
    ServerRootCaCertificate: str
    Vpc: "SelfManagedKafkaAccessConfigurationVpc"


class UpdatePipeSourceSqsQueueParameters(TypedDict, total=False):
    BatchSize: int
    MaximumBatchingWindowInSeconds: int


class BatchArrayProperties(TypedDict, total=False):
    Size: int


class BatchContainerOverrides(TypedDict, total=False):
    Command: list[str]
    Environment: list["BatchEnvironmentVariable"]
    InstanceType: str
    ResourceRequirements: list["BatchResourceRequirement"]


class BatchJobDependency(TypedDict, total=False):
    JobId: str
    Type: str


class BatchRetryStrategy(TypedDict, total=False):
    Attempts: int


class CapacityProviderStrategyItem(TypedDict, total=False):
    capacityProvider: Required[str]
    weight: int
    base: int


class DeadLetterConfig(TypedDict, total=False):
    Arn: str


class DimensionMapping(TypedDict, total=False):
    DimensionValue: Required[str]
    DimensionValueType: Required[str]
    DimensionName: Required[str]


class EcsTaskOverride(TypedDict, total=False):
    ContainerOverrides: list["EcsContainerOverride"]
    Cpu: str
    EphemeralStorage: "EcsEphemeralStorage"
    ExecutionRoleArn: str
    InferenceAcceleratorOverrides: list["EcsInferenceAcceleratorOverride"]
    Memory: str
    TaskRoleArn: str


class Filter(TypedDict, total=False):
    Pattern: str


class MQBrokerAccessCredentials(TypedDict, total=False):
    BasicAuth: str


class MSKAccessCredentials(TypedDict, total=False):
    SaslScram512Auth: str
    ClientCertificateTlsAuth: str


class MultiMeasureMapping(TypedDict, total=False):
    MultiMeasureName: Required[str]
    MultiMeasureAttributeMappings: Required[list["MultiMeasureAttributeMapping"]]


class NetworkConfiguration(TypedDict, total=False):
    awsvpcConfiguration: "AwsVpcConfiguration"


class PlacementConstraint(TypedDict, total=False):
    type: str
    expression: str


class PlacementStrategy(TypedDict, total=False):
    type: str
    field: str


class SageMakerPipelineParameter(TypedDict, total=False):
    Name: Required[str]
    Value: Required[str]


class SelfManagedKafkaAccessConfigurationCredentials(TypedDict, total=False):
    BasicAuth: str
    SaslScram512Auth: str
    SaslScram256Auth: str
    ClientCertificateTlsAuth: str


class SelfManagedKafkaAccessConfigurationVpc(TypedDict, total=False):
    Subnets: list[str]
    SecurityGroup: list[str]


class SingleMeasureMapping(TypedDict, total=False):
    MeasureValue: Required[str]
    MeasureValueType: Required[str]
    MeasureName: Required[str]


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class AwsVpcConfiguration(TypedDict, total=False):
    Subnets: Required[list[str]]
    SecurityGroups: list[str]
    AssignPublicIp: str


class BatchEnvironmentVariable(TypedDict, total=False):
    Name: str
    Value: str


class BatchResourceRequirement(TypedDict, total=False):
    Type: Required[str]
    Value: Required[str]


class EcsContainerOverride(TypedDict, total=False):
    Command: list[str]
    Cpu: int
    Environment: list["EcsEnvironmentVariable"]
    EnvironmentFiles: list["EcsEnvironmentFile"]
    Memory: int
    MemoryReservation: int
    Name: str
    ResourceRequirements: list["EcsResourceRequirement"]


class EcsEphemeralStorage(TypedDict, total=False):
    sizeInGiB: Required[int]


class EcsInferenceAcceleratorOverride(TypedDict, total=False):
    deviceName: str
    deviceType: str


class MultiMeasureAttributeMapping(TypedDict, total=False):
    MeasureValue: Required[str]
    MeasureValueType: Required[str]
    MultiMeasureAttributeName: Required[str]


class EcsEnvironmentFile(TypedDict, total=False):
    type: Required[str]
    value: Required[str]


class EcsEnvironmentVariable(TypedDict, total=False):
    name: str
    value: str


class EcsResourceRequirement(TypedDict, total=False):
    type: Required[str]
    value: Required[str]


class ConflictExceptionError(ModelledError):
    code = "ConflictException"
    status = 409


class InternalExceptionError(ModelledError):
    code = "InternalException"
    status = 500


class NotFoundExceptionError(ModelledError):
    code = "NotFoundException"
    status = 404


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"
    status = 402


class ThrottlingExceptionError(ModelledError):
    code = "ThrottlingException"
    status = 429


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
    status = 400
