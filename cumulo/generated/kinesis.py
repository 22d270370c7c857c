"""Wire types of Amazon Kinesis, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AddTagsToStream', 'CreateChannel', 'CreateStream', 'DecreaseStreamRetentionPeriod', 'DeleteChannel', 'DeleteResourcePolicy', 'DeleteStream', 'DeregisterStreamConsumer', 'DescribeAccountSettings', 'DescribeChannel', 'DescribeLimits', 'DescribeStream', 'DescribeStreamConsumer', 'DescribeStreamSummary', 'DisableEnhancedMonitoring', 'EnableEnhancedMonitoring', 'GetRecords', 'GetResourcePolicy', 'GetShardIterator', 'IncreaseStreamRetentionPeriod', 'ListChannels', 'ListShards', 'ListStreamConsumers', 'ListStreams', 'ListTagsForResource', 'ListTagsForStream', 'MergeShards', 'PutRecord', 'PutRecords', 'PutResourcePolicy', 'RegisterStreamConsumer', 'RemoveTagsFromStream', 'SplitShard', 'StartStreamEncryption', 'StopStreamEncryption', 'SubscribeToShard', 'TagResource', 'UntagResource', 'UpdateAccountSettings', 'UpdateChannel', 'UpdateMaxRecordSize', 'UpdateShardCount', 'UpdateStreamMode', 'UpdateStreamRecordDistributionStrategy', 'UpdateStreamWarmThroughput')


class AddTagsToStreamInput(TypedDict, total=False):
    StreamName: str
    Tags: Required[dict[str, str]]
    StreamARN: str
    StreamId: str


class CreateChannelInput(TypedDict, total=False):
    ChannelName: Required[str]
    ServiceExecutionRoleARN: Required[str]
    StreamConfigurationList: Required[list["ChannelStreamConfiguration"]]
    S3DestinationConfiguration: "S3DestinationConfiguration"
    S3TablesDestinationConfiguration: "S3TablesDestinationConfiguration"
    EncryptionConfiguration: "ChannelEncryptionConfiguration"
    Tags: dict[str, str]
    LoggingConfiguration: "ChannelLoggingConfiguration"


class CreateChannelOutput(TypedDict, total=False):
    ChannelDescription: Required["ChannelDescription"]


class CreateStreamInput(TypedDict, total=False):
    StreamName: Required[str]
    ShardCount: int
    StreamModeDetails: "StreamModeDetails"
    Tags: dict[str, str]
    WarmThroughputMiBps: int
    MaxRecordSizeInKiB: int
    RecordDistributionStrategy: str


class DecreaseStreamRetentionPeriodInput(TypedDict, total=False):
    StreamName: str
    RetentionPeriodHours: Required[int]
    StreamARN: str
    StreamId: str


class DeleteChannelInput(TypedDict, total=False):
    ChannelARN: Required[str]


class DeleteResourcePolicyInput(TypedDict, total=False):
    ResourceARN: Required[str]
    StreamId: str


class DeleteStreamInput(TypedDict, total=False):
    StreamName: str
    EnforceConsumerDeletion: bool
    StreamARN: str
    StreamId: str


class DeregisterStreamConsumerInput(TypedDict, total=False):
    StreamARN: str
    ConsumerName: str
    ConsumerARN: str
    StreamId: str


class DescribeAccountSettingsInput(TypedDict, total=False):
    pass


class DescribeAccountSettingsOutput(TypedDict, total=False):
    MinimumThroughputBillingCommitment: "MinimumThroughputBillingCommitmentOutput"


class DescribeChannelInput(TypedDict, total=False):
    ChannelARN: Required[str]


class DescribeChannelOutput(TypedDict, total=False):
    ChannelDescription: Required["ChannelDescription"]


class DescribeLimitsInput(TypedDict, total=False):
    pass


class DescribeLimitsOutput(TypedDict, total=False):
    ShardLimit: Required[int]
    OpenShardCount: Required[int]
    OnDemandStreamCount: Required[int]
    OnDemandStreamCountLimit: Required[int]
    ChannelCount: int
    ChannelCountLimit: int


class DescribeStreamConsumerInput(TypedDict, total=False):
    StreamARN: str
    ConsumerName: str
    ConsumerARN: str
    StreamId: str


class DescribeStreamConsumerOutput(TypedDict, total=False):
    ConsumerDescription: Required["ConsumerDescription"]


class DescribeStreamInput(TypedDict, total=False):
    StreamName: str
    Limit: int
    ExclusiveStartShardId: str
    StreamARN: str
    StreamId: str


class DescribeStreamOutput(TypedDict, total=False):
    StreamDescription: Required["StreamDescription"]


class DescribeStreamSummaryInput(TypedDict, total=False):
    StreamName: str
    StreamARN: str
    StreamId: str


class DescribeStreamSummaryOutput(TypedDict, total=False):
    StreamDescriptionSummary: Required["StreamDescriptionSummary"]


class DisableEnhancedMonitoringInput(TypedDict, total=False):
    StreamName: str
    ShardLevelMetrics: Required[list[str]]
    StreamARN: str
    StreamId: str


class EnableEnhancedMonitoringInput(TypedDict, total=False):
    StreamName: str
    ShardLevelMetrics: Required[list[str]]
    StreamARN: str
    StreamId: str


class EnhancedMonitoringOutput(TypedDict, total=False):
    StreamName: str
    CurrentShardLevelMetrics: list[str]
    DesiredShardLevelMetrics: list[str]
    StreamARN: str


class GetRecordsInput(TypedDict, total=False):
    ShardIterator: Required[str]
    Limit: int
    StreamARN: str
    StreamId: str
    DryRun: bool


class GetRecordsOutput(TypedDict, total=False):
    Records: Required[list["Record"]]
    NextShardIterator: str
    MillisBehindLatest: int
    ChildShards: list["ChildShard"]


class GetResourcePolicyInput(TypedDict, total=False):
    ResourceARN: Required[str]
    StreamId: str


class GetResourcePolicyOutput(TypedDict, total=False):
    Policy: Required[str]


class GetShardIteratorInput(TypedDict, total=False):
    StreamName: str
    ShardId: Required[str]
    ShardIteratorType: Required[str]
    StartingSequenceNumber: str
    Timestamp: datetime
    StreamARN: str
    StreamId: str
    DryRun: bool


class GetShardIteratorOutput(TypedDict, total=False):
    ShardIterator: str


class IncreaseStreamRetentionPeriodInput(TypedDict, total=False):
    StreamName: str
    RetentionPeriodHours: Required[int]
    StreamARN: str
    StreamId: str


class ListChannelsInput(TypedDict, total=False):
    StreamFilter: list["StreamFilter"]
    MaxResults: int
    NextToken: str


class ListChannelsOutput(TypedDict, total=False):
    ChannelSummaries: Required[list["ChannelSummary"]]
    NextToken: str


class ListShardsInput(TypedDict, total=False):
    StreamName: str
    NextToken: str
    ExclusiveStartShardId: str
    MaxResults: int
    StreamCreationTimestamp: datetime
    ShardFilter: "ShardFilter"
    StreamARN: str
    StreamId: str


class ListShardsOutput(TypedDict, total=False):
    Shards: list["Shard"]
    NextToken: str


class ListStreamConsumersInput(TypedDict, total=False):
    StreamARN: Required[str]
    NextToken: str
    MaxResults: int
    StreamCreationTimestamp: datetime
    StreamId: str


class ListStreamConsumersOutput(TypedDict, total=False):
    Consumers: list["Consumer"]
    NextToken: str


class ListStreamsInput(TypedDict, total=False):
    Limit: int
    ExclusiveStartStreamName: str
    NextToken: str


class ListStreamsOutput(TypedDict, total=False):
    StreamNames: Required[list[str]]
    HasMoreStreams: Required[bool]
    NextToken: str
    StreamSummaries: list["StreamSummary"]


class ListTagsForResourceInput(TypedDict, total=False):
    ResourceARN: Required[str]
    StreamId: str


class ListTagsForResourceOutput(TypedDict, total=False):
    Tags: list["Tag"]


class ListTagsForStreamInput(TypedDict, total=False):
    StreamName: str
    ExclusiveStartTagKey: str
    Limit: int
    StreamARN: str
    StreamId: str


class ListTagsForStreamOutput(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    HasMoreTags: Required[bool]


class MergeShardsInput(TypedDict, total=False):
    StreamName: str
    ShardToMerge: Required[str]
    AdjacentShardToMerge: Required[str]
    StreamARN: str
    StreamId: str


class PutRecordInput(TypedDict, total=False):
    StreamName: str
    Data: Required[bytes]
    PartitionKey: str
    ExplicitHashKey: str
    SequenceNumberForOrdering: str
    StreamARN: str
    StreamId: str
    DryRun: bool


class PutRecordOutput(TypedDict, total=False):
    ShardId: Required[str]
    SequenceNumber: Required[str]
    EncryptionType: str


class PutRecordsInput(TypedDict, total=False):
    Records: Required[list["PutRecordsRequestEntry"]]
    StreamName: str
    StreamARN: str
    StreamId: str
    DryRun: bool


class PutRecordsOutput(TypedDict, total=False):
    FailedRecordCount: int
    Records: Required[list["PutRecordsResultEntry"]]
    EncryptionType: str


class PutResourcePolicyInput(TypedDict, total=False):
    ResourceARN: Required[str]
    StreamId: str
    Policy: Required[str]


class RegisterStreamConsumerInput(TypedDict, total=False):
    StreamARN: Required[str]
    ConsumerName: Required[str]
    StreamId: str
    Tags: dict[str, str]


class RegisterStreamConsumerOutput(TypedDict, total=False):
    Consumer: Required["Consumer"]


class RemoveTagsFromStreamInput(TypedDict, total=False):
    StreamName: str
    TagKeys: Required[list[str]]
    StreamARN: str
    StreamId: str


class SplitShardInput(TypedDict, total=False):
    StreamName: str
    ShardToSplit: Required[str]
    NewStartingHashKey: Required[str]
    StreamARN: str
    StreamId: str


class StartStreamEncryptionInput(TypedDict, total=False):
    StreamName: str
    EncryptionType: Required[str]
    KeyId: Required[str]
    StreamARN: str
    StreamId: str


class StopStreamEncryptionInput(TypedDict, total=False):
    StreamName: str
    EncryptionType: Required[str]
    KeyId: Required[str]
    StreamARN: str
    StreamId: str


class SubscribeToShardInput(TypedDict, total=False):
    ConsumerARN: Required[str]
    StreamId: str
    ShardId: Required[str]
    StartingPosition: Required["StartingPosition"]
    DryRun: bool


class SubscribeToShardOutput(TypedDict, total=False):
    EventStream: Required["SubscribeToShardEventStream"]


class TagResourceInput(TypedDict, total=False):
    Tags: Required[dict[str, str]]
    ResourceARN: Required[str]
    StreamId: str


class UntagResourceInput(TypedDict, total=False):
    TagKeys: Required[list[str]]
    ResourceARN: Required[str]
    StreamId: str


class UpdateAccountSettingsInput(TypedDict, total=False):
    MinimumThroughputBillingCommitment: Required["MinimumThroughputBillingCommitmentInput"]


class UpdateAccountSettingsOutput(TypedDict, total=False):
    MinimumThroughputBillingCommitment: "MinimumThroughputBillingCommitmentOutput"


class UpdateChannelInput(TypedDict, total=False):
    ChannelARN: Required[str]
    S3DestinationConfiguration: "S3DestinationUpdateInput"
    S3TablesDestinationConfiguration: "S3TablesDestinationUpdateInput"
    LoggingConfiguration: "ChannelLoggingUpdateInput"


class UpdateChannelOutput(TypedDict, total=False):
    ChannelDescription: Required["ChannelDescription"]


class UpdateMaxRecordSizeInput(TypedDict, total=False):
    StreamARN: str
    StreamId: str
    MaxRecordSizeInKiB: Required[int]


class UpdateShardCountInput(TypedDict, total=False):
    StreamName: str
    TargetShardCount: Required[int]
    ScalingType: Required[str]
    StreamARN: str
    StreamId: str


class UpdateShardCountOutput(TypedDict, total=False):
    StreamName: str
    CurrentShardCount: int
    TargetShardCount: int
    StreamARN: str


class UpdateStreamModeInput(TypedDict, total=False):
    StreamARN: Required[str]
    StreamId: str
    StreamModeDetails: Required["StreamModeDetails"]
    WarmThroughputMiBps: int


class UpdateStreamRecordDistributionStrategyInput(TypedDict, total=False):
    StreamARN: Required[str]
    StreamId: str
    RecordDistributionStrategy: Required[str]


class UpdateStreamWarmThroughputInput(TypedDict, total=False):
    StreamARN: str
    StreamName: str
    StreamId: str
    WarmThroughputMiBps: Required[int]


class UpdateStreamWarmThroughputOutput(TypedDict, total=False):
    StreamARN: str
    StreamName: str
    WarmThroughput: "WarmThroughputObject"


class ChannelDescription(TypedDict, total=False):
    ChannelName: Required[str]
    ChannelARN: Required[str]
    ChannelId: Required[str]
    ChannelStatus: Required[str]
    ChannelStatusReason: str
    ChannelCreationTimestamp: Required[datetime]
    ServiceExecutionRoleARN: Required[str]
    StreamConfigurationList: Required[list["ChannelStreamDescription"]]
    S3DestinationConfiguration: "S3DestinationDescription"
    S3TablesDestinationConfiguration: "S3TablesDestinationDescription"
    EncryptionConfiguration: "ChannelEncryptionConfiguration"
    LoggingConfiguration: Required["ChannelLoggingConfiguration"]


class ChannelEncryptionConfiguration(TypedDict, total=False):
    EncryptionType: Required[str]
    KeyId: Required[str]


class ChannelLoggingConfiguration(TypedDict, total=False):
    CloudWatchLogs: Required["CloudWatchLogs"]


class ChannelLoggingUpdateInput(TypedDict, total=False):
    CloudWatchLogs: Required["CloudWatchLogsUpdateInput"]


class ChannelStreamConfiguration(TypedDict, total=False):
    StreamARN: Required[str]
    RecordConfiguration: Required["RecordConfiguration"]


class ChannelSummary(TypedDict, total=False):
    ChannelName: Required[str]
    ChannelARN: Required[str]
    ChannelId: Required[str]
    ChannelStatus: Required[str]
    ChannelStatusReason: str
    ChannelCreationTimestamp: Required[datetime]
    ChannelDestinationType: Required[str]
    Streams: Required[list["ChannelStreamIdentifier"]]


class ChildShard(TypedDict, total=False):
    ShardId: Required[str]
    ParentShards: Required[list[str]]
    HashKeyRange: Required["HashKeyRange"]


class Consumer(TypedDict, total=False):
    ConsumerName: Required[str]
    ConsumerARN: Required[str]
    ConsumerStatus: Required[str]
    ConsumerCreationTimestamp: Required[datetime]


class ConsumerDescription(TypedDict, total=False):
    ConsumerName: Required[str]
    ConsumerARN: Required[str]
    ConsumerStatus: Required[str]
    ConsumerCreationTimestamp: Required[datetime]
    StreamARN: Required[str]


class MinimumThroughputBillingCommitmentInput(TypedDict, total=False):
    Status: Required[str]


class MinimumThroughputBillingCommitmentOutput(TypedDict, total=False):
    Status: Required[str]
    StartedAt: datetime
    EndedAt: datetime
    EarliestAllowedEndAt: datetime


class PutRecordsRequestEntry(TypedDict, total=False):
    Data: Required[bytes]
    ExplicitHashKey: str
    PartitionKey: str


class PutRecordsResultEntry(TypedDict, total=False):
    SequenceNumber: str
    ShardId: str
    ErrorCode: str
    ErrorMessage: str


class Record(TypedDict, total=False):
    SequenceNumber: Required[str]
    ApproximateArrivalTimestamp: datetime
    Data: Required[bytes]
    PartitionKey: str
    EncryptionType: str


class S3DestinationConfiguration(TypedDict, total=False):
    DataFreshnessInSeconds: int
    DeadLetterQueueS3Configuration: "DeadLetterQueueS3Configuration"
    StorageConfiguration: Required["S3StorageConfiguration"]


class S3DestinationUpdateInput(TypedDict, total=False):
    DataFreshnessInSeconds: Required[int]


class S3TablesDestinationConfiguration(TypedDict, total=False):
    DataFreshnessInSeconds: int
    DeadLetterQueueS3Configuration: Required["DeadLetterQueueS3Configuration"]
    S3TablesConfigurationList: Required[list["S3TablesConfiguration"]]


class S3TablesDestinationUpdateInput(TypedDict, total=False):
    DataFreshnessInSeconds: Required[int]


class Shard(TypedDict, total=False):
    ShardId: Required[str]
    ParentShardId: str
    AdjacentParentShardId: str
    HashKeyRange: Required["HashKeyRange"]
    SequenceNumberRange: Required["SequenceNumberRange"]


class ShardFilter(TypedDict, total=False):
    Type: Required[str]
    ShardId: str
    Timestamp: datetime


class StartingPosition(TypedDict, total=False):
    Type: Required[str]
    SequenceNumber: str
    Timestamp: datetime


class StreamDescription(TypedDict, total=False):
    StreamName: Required[str]
    StreamARN: Required[str]
    StreamStatus: Required[str]
    StreamModeDetails: "StreamModeDetails"
    Shards: Required[list["Shard"]]
    HasMoreShards: Required[bool]
    RetentionPeriodHours: Required[int]
    StreamCreationTimestamp: Required[datetime]
    EnhancedMonitoring: Required[list["EnhancedMetrics"]]
    EncryptionType: str
    KeyId: str


class StreamDescriptionSummary(TypedDict, total=False):
    StreamName: Required[str]
    StreamARN: Required[str]
    StreamId: str
    StreamStatus: Required[str]
    StreamModeDetails: "StreamModeDetails"
    RetentionPeriodHours: Required[int]
    StreamCreationTimestamp: Required[datetime]
    EnhancedMonitoring: Required[list["EnhancedMetrics"]]
    EncryptionType: str
    KeyId: str
    OpenShardCount: Required[int]
    ConsumerCount: int
    WarmThroughput: "WarmThroughputObject"
    MaxRecordSizeInKiB: int
    ChannelCount: int
    RecordDistributionStrategy: str


class StreamFilter(TypedDict, total=False):
    StreamARN: Required[str]
    StreamCreationTimestamp: datetime


class StreamModeDetails(TypedDict, total=False):
    StreamMode: Required[str]


class StreamSummary(TypedDict, total=False):
    StreamName: Required[str]
    StreamARN: Required[str]
    StreamStatus: Required[str]
    StreamModeDetails: "StreamModeDetails"
    StreamCreationTimestamp: datetime


class SubscribeToShardEventStream(TypedDict, total=False):
    SubscribeToShardEvent: Required["SubscribeToShardEvent"]
    ResourceNotFoundException: "ResourceNotFoundException"
    ResourceInUseException: "ResourceInUseException"
    KMSDisabledException: "KMSDisabledException"
    KMSInvalidStateException: "KMSInvalidStateException"
    KMSAccessDeniedException: "KMSAccessDeniedException"
    KMSNotFoundException: "KMSNotFoundException"
    KMSOptInRequired: "KMSOptInRequired"
    KMSThrottlingException: "KMSThrottlingException"
    InternalFailureException: "InternalFailureException"


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: str


class WarmThroughputObject(TypedDict, total=False):
    TargetMiBps: int
    CurrentMiBps: int


class ChannelStreamDescription(TypedDict, total=False):
    StreamARN: Required[str]
    StreamCreationTimestamp: Required[datetime]
    RecordConfiguration: Required["RecordConfiguration"]


class ChannelStreamIdentifier(TypedDict, total=False):
    StreamARN: Required[str]
    StreamCreationTimestamp: Required[datetime]


class CloudWatchLogs(TypedDict, total=False):
    Enabled: Required[bool]
    LogGroupName: str
    LogStreamName: str


class CloudWatchLogsUpdateInput(TypedDict, total=False):
    Enabled: Required[bool]
    LogGroupName: str
    LogStreamName: str


class DeadLetterQueueS3Configuration(TypedDict, total=False):
    BucketARN: Required[str]
    ExpectedBucketOwner: Required[str]
    ErrorOutputPrefix: str


class EnhancedMetrics(TypedDict, total=False):
    ShardLevelMetrics: list[str]


class HashKeyRange(TypedDict, total=False):
    StartingHashKey: Required[str]
    EndingHashKey: Required[str]


class InternalFailureException(TypedDict, total=False):
    message: str


class KMSAccessDeniedException(TypedDict, total=False):
    message: str


class KMSDisabledException(TypedDict, total=False):
    message: str


class KMSInvalidStateException(TypedDict, total=False):
    message: str


class KMSNotFoundException(TypedDict, total=False):
    message: str


class KMSOptInRequired(TypedDict, total=False):
    message: str


class KMSThrottlingException(TypedDict, total=False):
    message: str


class RecordConfiguration(TypedDict, total=False):
    RecordFormatType: Required[str]
    GSRSchemaARN: str


class ResourceInUseException(TypedDict, total=False):
    message: str


class ResourceNotFoundException(TypedDict, total=False):
    message: str


class S3DestinationDescription(TypedDict, total=False):
    DataFreshnessInSeconds: Required[int]
    DeadLetterQueueS3Configuration: Required["DeadLetterQueueS3Configuration"]
    StorageConfiguration: Required["S3StorageConfiguration"]


class S3StorageConfiguration(TypedDict, total=False):
    BucketARN: Required[str]
    ExpectedBucketOwner: Required[str]
    OutputKeyTemplate: str
    StorageClass: str
    CompressionType: Required[str]


class S3TablesConfiguration(TypedDict, total=False):
    TableBucketARN: Required[str]
    Namespace: Required[str]
    TableName: Required[str]
    CompressionType: Required[str]
    PartitionSpec: "PartitionSpec"


class S3TablesDestinationDescription(TypedDict, total=False):
    DataFreshnessInSeconds: Required[int]
    DeadLetterQueueS3Configuration: Required["DeadLetterQueueS3Configuration"]
    S3TablesConfigurationList: Required[list["S3TablesConfiguration"]]


class SequenceNumberRange(TypedDict, total=False):
    StartingSequenceNumber: Required[str]
    EndingSequenceNumber: str


class SubscribeToShardEvent(TypedDict, total=False):
    Records: Required[list["Record"]]
    ContinuationSequenceNumber: Required[str]
    MillisBehindLatest: Required[int]
    ChildShards: list["ChildShard"]


class PartitionSpec(TypedDict, total=False):
    PartitionFields: Required[list["PartitionField"]]


class PartitionField(TypedDict, total=False):
    Transform: Required[str]
    SourceName: Required[str]


class AccessDeniedExceptionError(ModelledError):
    code = "AccessDeniedException"


class DryRunOperationExceptionError(ModelledError):
    code = "DryRunOperationException"


class ExpiredIteratorExceptionError(ModelledError):
    code = "ExpiredIteratorException"


class ExpiredNextTokenExceptionError(ModelledError):
    code = "ExpiredNextTokenException"


class InternalFailureExceptionError(ModelledError):
    code = "InternalFailureException"


class InvalidArgumentExceptionError(ModelledError):
    code = "InvalidArgumentException"


class KMSAccessDeniedExceptionError(ModelledError):
    code = "KMSAccessDeniedException"


class KMSDisabledExceptionError(ModelledError):
    code = "KMSDisabledException"


class KMSInvalidStateExceptionError(ModelledError):
    code = "KMSInvalidStateException"


class KMSNotFoundExceptionError(ModelledError):
    code = "KMSNotFoundException"


class KMSOptInRequiredError(ModelledError):
    code = "KMSOptInRequired"


class KMSThrottlingExceptionError(ModelledError):
    code = "KMSThrottlingException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class ProvisionedThroughputExceededExceptionError(ModelledError):
    code = "ProvisionedThroughputExceededException"


class ResourceInUseExceptionError(ModelledError):
    code = "ResourceInUseException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
