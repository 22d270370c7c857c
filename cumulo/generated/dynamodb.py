"""Wire types of Amazon DynamoDB, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('BatchExecuteStatement', 'BatchGetItem', 'BatchWriteItem', 'CancelBulkOperation', 'CreateBackup', 'CreateGlobalTable', 'CreateTable', 'DeleteBackup', 'DeleteItem', 'DeleteResourcePolicy', 'DeleteTable', 'DescribeBackup', 'DescribeBulkOperation', 'DescribeContinuousBackups', 'DescribeContributorInsights', 'DescribeEndpoints', 'DescribeExport', 'DescribeGlobalTable', 'DescribeGlobalTableSettings', 'DescribeImport', 'DescribeKinesisStreamingDestination', 'DescribeLimits', 'DescribeTable', 'DescribeTableReplicaAutoScaling', 'DescribeTimeToLive', 'DisableKinesisStreamingDestination', 'EnableKinesisStreamingDestination', 'ExecuteStatement', 'ExecuteTransaction', 'ExportTableToPointInTime', 'GetItem', 'GetResourcePolicy', 'ImportTable', 'ListBackups', 'ListBulkOperations', 'ListContributorInsights', 'ListExports', 'ListGlobalTables', 'ListImports', 'ListTables', 'ListTagsOfResource', 'PutItem', 'PutResourcePolicy', 'Query', 'RestoreTableFromBackup', 'RestoreTableToPointInTime', 'Scan', 'SearchVectors', 'StartBulkPutItems', 'TagResource', 'TransactGetItems', 'TransactWriteItems', 'UntagResource', 'UpdateContinuousBackups', 'UpdateContributorInsights', 'UpdateGlobalTable', 'UpdateGlobalTableSettings', 'UpdateItem', 'UpdateKinesisStreamingDestination', 'UpdateTable', 'UpdateTableReplicaAutoScaling', 'UpdateTimeToLive')


class BatchExecuteStatementInput(TypedDict, total=False):
    Statements: Required[list["BatchStatementRequest"]]
    ReturnConsumedCapacity: str


class BatchExecuteStatementOutput(TypedDict, total=False):
    Responses: list["BatchStatementResponse"]
    ConsumedCapacity: list["ConsumedCapacity"]


class BatchGetItemInput(TypedDict, total=False):
    RequestItems: Required[dict[str, "KeysAndAttributes"]]
    ReturnConsumedCapacity: str


class BatchGetItemOutput(TypedDict, total=False):
    Responses: dict[str, list[dict[str, "AttributeValue"]]]
    UnprocessedKeys: dict[str, "KeysAndAttributes"]
    ConsumedCapacity: list["ConsumedCapacity"]


class BatchWriteItemInput(TypedDict, total=False):
    RequestItems: Required[dict[str, list["WriteRequest"]]]
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str


class BatchWriteItemOutput(TypedDict, total=False):
    UnprocessedItems: dict[str, list["WriteRequest"]]
    ItemCollectionMetrics: dict[str, list["ItemCollectionMetrics"]]
    ConsumedCapacity: list["ConsumedCapacity"]


class CancelBulkOperationInput(TypedDict, total=False):
    BulkOperationArn: Required[str]


class CancelBulkOperationOutput(TypedDict, total=False):
    BulkOperationArn: Required[str]
    BulkOperationStatus: Required[str]


class CreateBackupInput(TypedDict, total=False):
    TableName: Required[str]
    BackupName: Required[str]


class CreateBackupOutput(TypedDict, total=False):
    BackupDetails: "BackupDetails"


class CreateGlobalTableInput(TypedDict, total=False):
    GlobalTableName: Required[str]
    ReplicationGroup: Required[list["Replica"]]


class CreateGlobalTableOutput(TypedDict, total=False):
    GlobalTableDescription: "GlobalTableDescription"


class CreateTableInput(TypedDict, total=False):
    AttributeDefinitions: list["AttributeDefinition"]
    TableName: Required[str]
    KeySchema: list["KeySchemaElement"]
    LocalSecondaryIndexes: list["LocalSecondaryIndex"]
    GlobalSecondaryIndexes: list["GlobalSecondaryIndex"]
    BillingMode: str
    ProvisionedThroughput: "ProvisionedThroughput"
    StreamSpecification: "StreamSpecification"
    SSESpecification: "SSESpecification"
    Tags: list["Tag"]
    TableClass: str
    DeletionProtectionEnabled: bool
    WarmThroughput: "WarmThroughput"
    ResourcePolicy: str
    OnDemandThroughput: "OnDemandThroughput"
    GlobalTableSourceArn: str
    GlobalTableSettingsReplicationMode: str
    VectorIndexes: list["VectorIndex"]


class CreateTableOutput(TypedDict, total=False):
    TableDescription: "TableDescription"


class DeleteBackupInput(TypedDict, total=False):
    BackupArn: Required[str]


class DeleteBackupOutput(TypedDict, total=False):
    BackupDescription: "BackupDescription"


class DeleteItemInput(TypedDict, total=False):
    TableName: Required[str]
    Key: Required[dict[str, "AttributeValue"]]
    Expected: dict[str, "ExpectedAttributeValue"]
    ConditionalOperator: str
    ReturnValues: str
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class DeleteItemOutput(TypedDict, total=False):
    Attributes: dict[str, "AttributeValue"]
    ConsumedCapacity: "ConsumedCapacity"
    ItemCollectionMetrics: "ItemCollectionMetrics"


class DeleteResourcePolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]
    ExpectedRevisionId: str


class DeleteResourcePolicyOutput(TypedDict, total=False):
    RevisionId: str


class DeleteTableInput(TypedDict, total=False):
    TableName: Required[str]


class DeleteTableOutput(TypedDict, total=False):
    TableDescription: "TableDescription"


class DescribeBackupInput(TypedDict, total=False):
    BackupArn: Required[str]


class DescribeBackupOutput(TypedDict, total=False):
    BackupDescription: "BackupDescription"


class DescribeBulkOperationInput(TypedDict, total=False):
    BulkOperationArn: Required[str]


class DescribeBulkOperationOutput(TypedDict, total=False):
    BulkOperationDescription: Required["BulkOperationDescription"]


class DescribeContinuousBackupsInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeContinuousBackupsOutput(TypedDict, total=False):
    ContinuousBackupsDescription: "ContinuousBackupsDescription"


class DescribeContributorInsightsInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str


class DescribeContributorInsightsOutput(TypedDict, total=False):
    TableName: str
    IndexName: str
    ContributorInsightsRuleList: list[str]
    ContributorInsightsStatus: str
    LastUpdateDateTime: datetime
    FailureException: "FailureException"
    ContributorInsightsMode: str


class DescribeEndpointsRequest(TypedDict, total=False):
    pass


class DescribeEndpointsResponse(TypedDict, total=False):
    Endpoints: Required[list["Endpoint"]]


class DescribeExportInput(TypedDict, total=False):
    ExportArn: Required[str]


class DescribeExportOutput(TypedDict, total=False):
    ExportDescription: "ExportDescription"


class DescribeGlobalTableInput(TypedDict, total=False):
    GlobalTableName: Required[str]


class DescribeGlobalTableOutput(TypedDict, total=False):
    GlobalTableDescription: "GlobalTableDescription"


class DescribeGlobalTableSettingsInput(TypedDict, total=False):
    GlobalTableName: Required[str]


class DescribeGlobalTableSettingsOutput(TypedDict, total=False):
    GlobalTableName: str
    ReplicaSettings: list["ReplicaSettingsDescription"]


class DescribeImportInput(TypedDict, total=False):
    ImportArn: Required[str]


class DescribeImportOutput(TypedDict, total=False):
    ImportTableDescription: Required["ImportTableDescription"]


class DescribeKinesisStreamingDestinationInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeKinesisStreamingDestinationOutput(TypedDict, total=False):
    TableName: str
    KinesisDataStreamDestinations: list["KinesisDataStreamDestination"]


class DescribeLimitsInput(TypedDict, total=False):
    pass


class DescribeLimitsOutput(TypedDict, total=False):
    AccountMaxReadCapacityUnits: int
    AccountMaxWriteCapacityUnits: int
    TableMaxReadCapacityUnits: int
    TableMaxWriteCapacityUnits: int


class DescribeTableInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeTableOutput(TypedDict, total=False):
    Table: "TableDescription"


class DescribeTableReplicaAutoScalingInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeTableReplicaAutoScalingOutput(TypedDict, total=False):
    TableAutoScalingDescription: "TableAutoScalingDescription"


class DescribeTimeToLiveInput(TypedDict, total=False):
    TableName: Required[str]


class DescribeTimeToLiveOutput(TypedDict, total=False):
    TimeToLiveDescription: "TimeToLiveDescription"


class ExecuteStatementInput(TypedDict, total=False):
    Statement: Required[str]
    Parameters: list["AttributeValue"]
    ConsistentRead: bool
    NextToken: str
    ReturnConsumedCapacity: str
    Limit: int
    ReturnValuesOnConditionCheckFailure: str


class ExecuteStatementOutput(TypedDict, total=False):
    Items: list[dict[str, "AttributeValue"]]
    NextToken: str
    ConsumedCapacity: "ConsumedCapacity"
    LastEvaluatedKey: dict[str, "AttributeValue"]


class ExecuteTransactionInput(TypedDict, total=False):
    TransactStatements: Required[list["ParameterizedStatement"]]
    ClientRequestToken: str
    ReturnConsumedCapacity: str


class ExecuteTransactionOutput(TypedDict, total=False):
    Responses: list["ItemResponse"]
    ConsumedCapacity: list["ConsumedCapacity"]


class ExportTableToPointInTimeInput(TypedDict, total=False):
    TableArn: Required[str]
    ExportTime: datetime
    ClientToken: str
    S3Bucket: Required[str]
    S3BucketOwner: str
    S3Prefix: str
    S3SseAlgorithm: str
    S3SseKmsKeyId: str
    ExportFormat: str
    ExportType: str
    IncrementalExportSpecification: "IncrementalExportSpecification"
    FilterSpecification: "FilterSpecification"


class ExportTableToPointInTimeOutput(TypedDict, total=False):
    ExportDescription: "ExportDescription"


class GetItemInput(TypedDict, total=False):
    TableName: Required[str]
    Key: Required[dict[str, "AttributeValue"]]
    AttributesToGet: list[str]
    ConsistentRead: bool
    ReturnConsumedCapacity: str
    ProjectionExpression: str
    ExpressionAttributeNames: dict[str, str]


class GetItemOutput(TypedDict, total=False):
    Item: dict[str, "AttributeValue"]
    ConsumedCapacity: "ConsumedCapacity"


class GetResourcePolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]


class GetResourcePolicyOutput(TypedDict, total=False):
    Policy: str
    RevisionId: str


class ImportTableInput(TypedDict, total=False):
    ClientToken: str
    S3BucketSource: Required["S3BucketSource"]
    InputFormat: Required[str]
    InputFormatOptions: "InputFormatOptions"
    InputCompressionType: str
    TableCreationParameters: Required["TableCreationParameters"]


class ImportTableOutput(TypedDict, total=False):
    ImportTableDescription: Required["ImportTableDescription"]


class KinesisStreamingDestinationInput(TypedDict, total=False):
    TableName: Required[str]
    StreamArn: Required[str]
    EnableKinesisStreamingConfiguration: "EnableKinesisStreamingConfiguration"


class KinesisStreamingDestinationOutput(TypedDict, total=False):
    TableName: str
    StreamArn: str
    DestinationStatus: str
    EnableKinesisStreamingConfiguration: "EnableKinesisStreamingConfiguration"


class ListBackupsInput(TypedDict, total=False):
    TableName: str
    Limit: int
    TimeRangeLowerBound: datetime
    TimeRangeUpperBound: datetime
    ExclusiveStartBackupArn: str
    BackupType: str


class ListBackupsOutput(TypedDict, total=False):
    BackupSummaries: list["BackupSummary"]
    LastEvaluatedBackupArn: str


class ListBulkOperationsInput(TypedDict, total=False):
    MaxResults: int
    NextToken: str


class ListBulkOperationsOutput(TypedDict, total=False):
    BulkOperationsSummaryList: list["BulkOperationSummary"]
    NextToken: str


class ListContributorInsightsInput(TypedDict, total=False):
    TableName: str
    NextToken: str
    MaxResults: int


class ListContributorInsightsOutput(TypedDict, total=False):
    ContributorInsightsSummaries: list["ContributorInsightsSummary"]
    NextToken: str


class ListExportsInput(TypedDict, total=False):
    TableArn: str
    MaxResults: int
    NextToken: str


class ListExportsOutput(TypedDict, total=False):
    ExportSummaries: list["ExportSummary"]
    NextToken: str


class ListGlobalTablesInput(TypedDict, total=False):
    ExclusiveStartGlobalTableName: str
    Limit: int
    RegionName: str


class ListGlobalTablesOutput(TypedDict, total=False):
    GlobalTables: list["GlobalTable"]
    LastEvaluatedGlobalTableName: str


class ListImportsInput(TypedDict, total=False):
    TableArn: str
    PageSize: int
    NextToken: str


class ListImportsOutput(TypedDict, total=False):
    ImportSummaryList: list["ImportSummary"]
    NextToken: str


class ListTablesInput(TypedDict, total=False):
    ExclusiveStartTableName: str
    Limit: int


class ListTablesOutput(TypedDict, total=False):
    TableNames: list[str]
    LastEvaluatedTableName: str


class ListTagsOfResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    NextToken: str


class ListTagsOfResourceOutput(TypedDict, total=False):
    Tags: list["Tag"]
    NextToken: str


class PutItemInput(TypedDict, total=False):
    TableName: Required[str]
    Item: Required[dict[str, "AttributeValue"]]
    Expected: dict[str, "ExpectedAttributeValue"]
    ReturnValues: str
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    ConditionalOperator: str
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class PutItemOutput(TypedDict, total=False):
    Attributes: dict[str, "AttributeValue"]
    ConsumedCapacity: "ConsumedCapacity"
    ItemCollectionMetrics: "ItemCollectionMetrics"


class PutResourcePolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]
    Policy: Required[str]
    ExpectedRevisionId: str
    ConfirmRemoveSelfResourceAccess: bool


class PutResourcePolicyOutput(TypedDict, total=False):
    RevisionId: str


class QueryInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str
    Select: str
    AttributesToGet: list[str]
    Limit: int
    ConsistentRead: bool
    KeyConditions: dict[str, "Condition"]
    QueryFilter: dict[str, "Condition"]
    ConditionalOperator: str
    ScanIndexForward: bool
    ExclusiveStartKey: dict[str, "AttributeValue"]
    ReturnConsumedCapacity: str
    ProjectionExpression: str
    FilterExpression: str
    KeyConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]


class QueryOutput(TypedDict, total=False):
    Items: list[dict[str, "AttributeValue"]]
    Count: int
    ScannedCount: int
    LastEvaluatedKey: dict[str, "AttributeValue"]
    ConsumedCapacity: "ConsumedCapacity"


class RestoreTableFromBackupInput(TypedDict, total=False):
    TargetTableName: Required[str]
    BackupArn: Required[str]
    BillingModeOverride: str
    GlobalSecondaryIndexOverride: list["GlobalSecondaryIndex"]
    LocalSecondaryIndexOverride: list["LocalSecondaryIndex"]
    ProvisionedThroughputOverride: "ProvisionedThroughput"
    OnDemandThroughputOverride: "OnDemandThroughput"
    SSESpecificationOverride: "SSESpecification"
    VectorIndexOverride: list["VectorIndex"]


class RestoreTableFromBackupOutput(TypedDict, total=False):
    TableDescription: "TableDescription"


class RestoreTableToPointInTimeInput(TypedDict, total=False):
    SourceTableArn: str
    SourceTableName: str
    TargetTableName: Required[str]
    UseLatestRestorableTime: bool
    RestoreDateTime: datetime
    BillingModeOverride: str
    GlobalSecondaryIndexOverride: list["GlobalSecondaryIndex"]
    LocalSecondaryIndexOverride: list["LocalSecondaryIndex"]
    ProvisionedThroughputOverride: "ProvisionedThroughput"
    OnDemandThroughputOverride: "OnDemandThroughput"
    SSESpecificationOverride: "SSESpecification"
    VectorIndexOverride: list["VectorIndex"]


class RestoreTableToPointInTimeOutput(TypedDict, total=False):
    TableDescription: "TableDescription"


class ScanInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str
    AttributesToGet: list[str]
    Limit: int
    Select: str
    ScanFilter: dict[str, "Condition"]
    ConditionalOperator: str
    ExclusiveStartKey: dict[str, "AttributeValue"]
    ReturnConsumedCapacity: str
    TotalSegments: int
    Segment: int
    ProjectionExpression: str
    FilterExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ConsistentRead: bool


class ScanOutput(TypedDict, total=False):
    Items: list[dict[str, "AttributeValue"]]
    Count: int
    ScannedCount: int
    LastEvaluatedKey: dict[str, "AttributeValue"]
    ConsumedCapacity: "ConsumedCapacity"


class SearchVectorsInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: Required[str]
    ReturnConsumedCapacity: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ProjectionExpression: str
    SearchVector: Required[list["AttributeValue"]]
    SearchConditionExpression: str
    TopK: Required[int]


class SearchVectorsOutput(TypedDict, total=False):
    ConsumedCapacity: "VectorCapacity"
    SearchResults: list["SearchResultItem"]


class StartBulkPutItemsInput(TypedDict, total=False):
    ClientToken: str
    InputS3Configuration: Required["InputS3Configuration"]
    OutputS3Configuration: Required["OutputS3Configuration"]
    TableName: Required[str]
    MaxWriteRequestUnits: int
    PerformanceTier: str


class StartBulkPutItemsOutput(TypedDict, total=False):
    BulkOperationDescription: Required["BulkOperationDescription"]


class TagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[list["Tag"]]


class TransactGetItemsInput(TypedDict, total=False):
    TransactItems: Required[list["TransactGetItem"]]
    ReturnConsumedCapacity: str


class TransactGetItemsOutput(TypedDict, total=False):
    ConsumedCapacity: list["ConsumedCapacity"]
    Responses: list["ItemResponse"]


class TransactWriteItemsInput(TypedDict, total=False):
    TransactItems: Required[list["TransactWriteItem"]]
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    ClientRequestToken: str


class TransactWriteItemsOutput(TypedDict, total=False):
    ConsumedCapacity: list["ConsumedCapacity"]
    ItemCollectionMetrics: dict[str, list["ItemCollectionMetrics"]]


class UntagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class UpdateContinuousBackupsInput(TypedDict, total=False):
    TableName: Required[str]
    PointInTimeRecoverySpecification: Required["PointInTimeRecoverySpecification"]


class UpdateContinuousBackupsOutput(TypedDict, total=False):
    ContinuousBackupsDescription: "ContinuousBackupsDescription"


class UpdateContributorInsightsInput(TypedDict, total=False):
    TableName: Required[str]
    IndexName: str
    ContributorInsightsAction: Required[str]
    ContributorInsightsMode: str


class UpdateContributorInsightsOutput(TypedDict, total=False):
    TableName: str
    IndexName: str
    ContributorInsightsStatus: str
    ContributorInsightsMode: str


class UpdateGlobalTableInput(TypedDict, total=False):
    GlobalTableName: Required[str]
    ReplicaUpdates: Required[list["ReplicaUpdate"]]


class UpdateGlobalTableOutput(TypedDict, total=False):
    GlobalTableDescription: "GlobalTableDescription"


class UpdateGlobalTableSettingsInput(TypedDict, total=False):
    GlobalTableName: Required[str]
    GlobalTableBillingMode: str
    GlobalTableProvisionedWriteCapacityUnits: int
    GlobalTableProvisionedWriteCapacityAutoScalingSettingsUpdate: "AutoScalingSettingsUpdate"
    GlobalTableGlobalSecondaryIndexSettingsUpdate: list["GlobalTableGlobalSecondaryIndexSettingsUpdate"]
    ReplicaSettingsUpdate: list["ReplicaSettingsUpdate"]


class UpdateGlobalTableSettingsOutput(TypedDict, total=False):
    GlobalTableName: str
    ReplicaSettings: list["ReplicaSettingsDescription"]


class UpdateItemInput(TypedDict, total=False):
    TableName: Required[str]
    Key: Required[dict[str, "AttributeValue"]]
    AttributeUpdates: dict[str, "AttributeValueUpdate"]
    Expected: dict[str, "ExpectedAttributeValue"]
    ConditionalOperator: str
    ReturnValues: str
    ReturnConsumedCapacity: str
    ReturnItemCollectionMetrics: str
    UpdateExpression: str
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class UpdateItemOutput(TypedDict, total=False):
    Attributes: dict[str, "AttributeValue"]
    ConsumedCapacity: "ConsumedCapacity"
    ItemCollectionMetrics: "ItemCollectionMetrics"


class UpdateKinesisStreamingDestinationInput(TypedDict, total=False):
    TableName: Required[str]
    StreamArn: Required[str]
    UpdateKinesisStreamingConfiguration: "UpdateKinesisStreamingConfiguration"


class UpdateKinesisStreamingDestinationOutput(TypedDict, total=False):
    TableName: str
    StreamArn: str
    DestinationStatus: str
    UpdateKinesisStreamingConfiguration: "UpdateKinesisStreamingConfiguration"


class UpdateTableInput(TypedDict, total=False):
    AttributeDefinitions: list["AttributeDefinition"]
    TableName: Required[str]
    BillingMode: str
    ProvisionedThroughput: "ProvisionedThroughput"
    GlobalSecondaryIndexUpdates: list["GlobalSecondaryIndexUpdate"]
    StreamSpecification: "StreamSpecification"
    SSESpecification: "SSESpecification"
    ReplicaUpdates: list["ReplicationGroupUpdate"]
    TableClass: str
    DeletionProtectionEnabled: bool
    MultiRegionConsistency: str
    GlobalTableWitnessUpdates: list["GlobalTableWitnessGroupUpdate"]
    OnDemandThroughput: "OnDemandThroughput"
    WarmThroughput: "WarmThroughput"
    GlobalTableSettingsReplicationMode: str
    DisassociationProtectionEnabled: bool
    VectorIndexUpdates: list["VectorIndexUpdate"]


class UpdateTableOutput(TypedDict, total=False):
    TableDescription: "TableDescription"


class UpdateTableReplicaAutoScalingInput(TypedDict, total=False):
    GlobalSecondaryIndexUpdates: list["GlobalSecondaryIndexAutoScalingUpdate"]
    TableName: Required[str]
    ProvisionedWriteCapacityAutoScalingUpdate: "AutoScalingSettingsUpdate"
    ReplicaUpdates: list["ReplicaAutoScalingUpdate"]


class UpdateTableReplicaAutoScalingOutput(TypedDict, total=False):
    TableAutoScalingDescription: "TableAutoScalingDescription"


class UpdateTimeToLiveInput(TypedDict, total=False):
    TableName: Required[str]
    TimeToLiveSpecification: Required["TimeToLiveSpecification"]


class UpdateTimeToLiveOutput(TypedDict, total=False):
    TimeToLiveSpecification: "TimeToLiveSpecification"


class AttributeDefinition(TypedDict, total=False):
    AttributeName: Required[str]
    AttributeType: Required[str]


class AttributeValue(TypedDict, total=False):
    S: str
    N: str
    B: bytes
    SS: list[str]
    NS: list[str]
    BS: list[bytes]
    M: dict[str, "AttributeValue"]
    L: list["AttributeValue"]
    NULL: bool
    BOOL: bool


class AttributeValueUpdate(TypedDict, total=False):
    Value: "AttributeValue"
    Action: str


class AutoScalingSettingsUpdate(TypedDict, total=False):
    MinimumUnits: int
    MaximumUnits: int
    AutoScalingDisabled: bool
    AutoScalingRoleArn: str
    ScalingPolicyUpdate: "AutoScalingPolicyUpdate"


class BackupDescription(TypedDict, total=False):
    BackupDetails: "BackupDetails"
    SourceTableDetails: "SourceTableDetails"
    SourceTableFeatureDetails: "SourceTableFeatureDetails"


class BackupDetails(TypedDict, total=False):
    BackupArn: Required[str]
    BackupName: Required[str]
    BackupSizeBytes: int
    BackupStatus: Required[str]
    BackupType: Required[str]
    BackupCreationDateTime: Required[datetime]
    BackupExpiryDateTime: datetime


class BackupSummary(TypedDict, total=False):
    TableName: str
    TableId: str
    TableArn: str
    BackupArn: str
    BackupName: str
    BackupCreationDateTime: datetime
    BackupExpiryDateTime: datetime
    BackupStatus: str
    BackupType: str
    BackupSizeBytes: int


class BatchStatementRequest(TypedDict, total=False):
    Statement: Required[str]
    Parameters: list["AttributeValue"]
    ConsistentRead: bool
    ReturnValuesOnConditionCheckFailure: str


class BatchStatementResponse(TypedDict, total=False):
    Error: "BatchStatementError"
    TableName: str
    Item: dict[str, "AttributeValue"]


class BulkOperationDescription(TypedDict, total=False):
    BulkOperationArn: str
    BulkOperationStatus: str
    TableDetails: list["BulkOperationTableDetail"]
    ClientToken: str
    InputS3Configuration: "InputS3Configuration"
    OutputS3Configuration: "OutputS3Configuration"
    StartTime: datetime
    EndTime: datetime
    ProcessedItemCount: int
    ProcessedInputBytes: int
    TotalInputBytes: int
    BulkOperationUsage: list["BulkOperationUsage"]
    FailedItemCount: int
    FailureCode: str
    FailureMessage: str
    MaxWriteRequestUnits: int
    PerformanceTier: str


class BulkOperationSummary(TypedDict, total=False):
    BulkOperationArn: Required[str]
    BulkOperationStatus: Required[str]
    StartTime: Required[datetime]
    EndTime: datetime


class Condition(TypedDict, total=False):
    AttributeValueList: list["AttributeValue"]
    ComparisonOperator: Required[str]


class ConsumedCapacity(TypedDict, total=False):
    TableName: str
    CapacityUnits: float
    ReadCapacityUnits: float
    WriteCapacityUnits: float
    Table: "Capacity"
    LocalSecondaryIndexes: dict[str, "Capacity"]
    GlobalSecondaryIndexes: dict[str, "Capacity"]
    VectorIndexes: dict[str, "VectorCapacity"]


class ContinuousBackupsDescription(TypedDict, total=False):
    ContinuousBackupsStatus: Required[str]
    PointInTimeRecoveryDescription: "PointInTimeRecoveryDescription"


class ContributorInsightsSummary(TypedDict, total=False):
    TableName: str
    IndexName: str
    ContributorInsightsStatus: str
    ContributorInsightsMode: str


class EnableKinesisStreamingConfiguration(TypedDict, total=False):
    ApproximateCreationDateTimePrecision: str


class Endpoint(TypedDict, total=False):
    Address: Required[str]
    CachePeriodInMinutes: Required[int]


class ExpectedAttributeValue(TypedDict, total=False):
    Value: "AttributeValue"
    Exists: bool
    ComparisonOperator: str
    AttributeValueList: list["AttributeValue"]


class ExportDescription(TypedDict, total=False):
    ExportArn: str
    ExportStatus: str
    StartTime: datetime
    EndTime: datetime
    ExportManifest: str
    TableArn: str
    TableId: str
    ExportTime: datetime
    ClientToken: str
    S3Bucket: str
    S3BucketOwner: str
    S3Prefix: str
    S3SseAlgorithm: str
    S3SseKmsKeyId: str
    FailureCode: str
    FailureMessage: str
    ExportFormat: str
    BilledSizeBytes: int
    ItemCount: int
    ExportType: str
    IncrementalExportSpecification: "IncrementalExportSpecification"
    FilterSpecification: "FilterSpecification"


class ExportSummary(TypedDict, total=False):
    ExportArn: str
    ExportStatus: str
    ExportType: str


class FailureException(TypedDict, total=False):
    ExceptionName: str
    ExceptionDescription: str


class FilterSpecification(TypedDict, total=False):
    FilterExpression: str
    ProjectionExpression: str
    KeyConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]


class GlobalSecondaryIndex(TypedDict, total=False):
    IndexName: Required[str]
    KeySchema: Required[list["KeySchemaElement"]]
    Projection: Required["Projection"]
    ProvisionedThroughput: "ProvisionedThroughput"
    OnDemandThroughput: "OnDemandThroughput"
    WarmThroughput: "WarmThroughput"


class GlobalSecondaryIndexAutoScalingUpdate(TypedDict, total=False):
    IndexName: str
    ProvisionedWriteCapacityAutoScalingUpdate: "AutoScalingSettingsUpdate"


class GlobalSecondaryIndexUpdate(TypedDict, total=False):
    Update: "UpdateGlobalSecondaryIndexAction"
    Create: "CreateGlobalSecondaryIndexAction"
    Delete: "DeleteGlobalSecondaryIndexAction"


class GlobalTable(TypedDict, total=False):
    GlobalTableName: str
    ReplicationGroup: list["Replica"]


class GlobalTableDescription(TypedDict, total=False):
    ReplicationGroup: list["ReplicaDescription"]
    GlobalTableArn: str
    CreationDateTime: datetime
    GlobalTableStatus: str
    GlobalTableName: str


class GlobalTableGlobalSecondaryIndexSettingsUpdate(TypedDict, total=False):
    IndexName: Required[str]
    ProvisionedWriteCapacityUnits: int
    ProvisionedWriteCapacityAutoScalingSettingsUpdate: "AutoScalingSettingsUpdate"


class GlobalTableWitnessGroupUpdate(TypedDict, total=False):
    Create: "CreateGlobalTableWitnessGroupMemberAction"
    Delete: "DeleteGlobalTableWitnessGroupMemberAction"


class ImportSummary(TypedDict, total=False):
    ImportArn: str
    ImportStatus: str
    TableArn: str
    S3BucketSource: "S3BucketSource"
    CloudWatchLogGroupArn: str
    InputFormat: str
    StartTime: datetime
    EndTime: datetime


class ImportTableDescription(TypedDict, total=False):
    ImportArn: str
    ImportStatus: str
    TableArn: str
    TableId: str
    ClientToken: str
    S3BucketSource: "S3BucketSource"
    ErrorCount: int
    CloudWatchLogGroupArn: str
    InputFormat: str
    InputFormatOptions: "InputFormatOptions"
    InputCompressionType: str
    TableCreationParameters: "TableCreationParameters"
    StartTime: datetime
    EndTime: datetime
    ProcessedSizeBytes: int
    ProcessedItemCount: int
    ImportedItemCount: int
    FailureCode: str
    FailureMessage: str


class IncrementalExportSpecification(TypedDict, total=False):
    ExportFromTime: datetime
    ExportToTime: datetime
    ExportViewType: str


class InputFormatOptions(TypedDict, total=False):
    Csv: "CsvOptions"


class InputS3Configuration(TypedDict, total=False):
    S3BucketOwner: str
    S3Bucket: Required[str]
    S3KeyPrefix: str
    InputFormat: Required[str]
    InputCompressionType: str


class ItemCollectionMetrics(TypedDict, total=False):
    ItemCollectionKey: dict[str, "AttributeValue"]
    SizeEstimateRangeGB: list[float]


class ItemResponse(TypedDict, total=False):
    Item: dict[str, "AttributeValue"]


class KeySchemaElement(TypedDict, total=False):
    AttributeName: Required[str]
    KeyType: Required[str]


class KeysAndAttributes(TypedDict, total=False):
    Keys: Required[list[dict[str, "AttributeValue"]]]
    AttributesToGet: list[str]
    ConsistentRead: bool
    ProjectionExpression: str
    ExpressionAttributeNames: dict[str, str]


class KinesisDataStreamDestination(TypedDict, total=False):
    StreamArn: str
    DestinationStatus: str
    DestinationStatusDescription: str
    ApproximateCreationDateTimePrecision: str


class LocalSecondaryIndex(TypedDict, total=False):
    IndexName: Required[str]
    KeySchema: Required[list["KeySchemaElement"]]
    Projection: Required["Projection"]


class OnDemandThroughput(TypedDict, total=False):
    MaxReadRequestUnits: int
    MaxWriteRequestUnits: int


class OutputS3Configuration(TypedDict, total=False):
    S3BucketOwner: str
    S3Bucket: str
    S3KeyPrefix: str
    S3SseAlgorithm: str
    S3SseKmsKeyId: str
    OutputType: Required[list[str]]


class ParameterizedStatement(TypedDict, total=False):
    Statement: Required[str]
    Parameters: list["AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class PointInTimeRecoverySpecification(TypedDict, total=False):
    PointInTimeRecoveryEnabled: Required[bool]
    RecoveryPeriodInDays: int


class ProvisionedThroughput(TypedDict, total=False):
    ReadCapacityUnits: Required[int]
    WriteCapacityUnits: Required[int]


class Replica(TypedDict, total=False):
    RegionName: str


class ReplicaAutoScalingUpdate(TypedDict, total=False):
    RegionName: Required[str]
    ReplicaGlobalSecondaryIndexUpdates: list["ReplicaGlobalSecondaryIndexAutoScalingUpdate"]
    ReplicaProvisionedReadCapacityAutoScalingUpdate: "AutoScalingSettingsUpdate"


class ReplicaSettingsDescription(TypedDict, total=False):
    RegionName: Required[str]
    ReplicaStatus: str
    ReplicaBillingModeSummary: "BillingModeSummary"
    ReplicaProvisionedReadCapacityUnits: int
    ReplicaProvisionedReadCapacityAutoScalingSettings: "AutoScalingSettingsDescription"
    ReplicaProvisionedWriteCapacityUnits: int
    ReplicaProvisionedWriteCapacityAutoScalingSettings: "AutoScalingSettingsDescription"
    ReplicaGlobalSecondaryIndexSettings: list["ReplicaGlobalSecondaryIndexSettingsDescription"]
    ReplicaTableClassSummary: "TableClassSummary"


class ReplicaSettingsUpdate(TypedDict, total=False):
    RegionName: Required[str]
    ReplicaProvisionedReadCapacityUnits: int
    ReplicaProvisionedReadCapacityAutoScalingSettingsUpdate: "AutoScalingSettingsUpdate"
    ReplicaGlobalSecondaryIndexSettingsUpdate: list["ReplicaGlobalSecondaryIndexSettingsUpdate"]
    ReplicaTableClass: str


class ReplicaUpdate(TypedDict, total=False):
    Create: "CreateReplicaAction"
    Delete: "DeleteReplicaAction"


class ReplicationGroupUpdate(TypedDict, total=False):
    Create: "CreateReplicationGroupMemberAction"
    Update: "UpdateReplicationGroupMemberAction"
    Delete: "DeleteReplicationGroupMemberAction"
    Disassociate: "DisassociateReplicationGroupMemberAction"


class S3BucketSource(TypedDict, total=False):
    S3BucketOwner: str
    S3Bucket: Required[str]
    S3KeyPrefix: str


class SSESpecification(TypedDict, total=False):
    Enabled: bool
    SSEType: str
    KMSMasterKeyId: str


class SearchResultItem(TypedDict, total=False):
    Item: dict[str, "AttributeValue"]
    Score: float


class StreamSpecification(TypedDict, total=False):
    StreamEnabled: Required[bool]
    StreamViewType: str


class TableAutoScalingDescription(TypedDict, total=False):
    TableName: str
    TableStatus: str
    Replicas: list["ReplicaAutoScalingDescription"]


class TableCreationParameters(TypedDict, total=False):
    TableName: Required[str]
    AttributeDefinitions: Required[list["AttributeDefinition"]]
    KeySchema: Required[list["KeySchemaElement"]]
    BillingMode: str
    ProvisionedThroughput: "ProvisionedThroughput"
    OnDemandThroughput: "OnDemandThroughput"
    SSESpecification: "SSESpecification"
    GlobalSecondaryIndexes: list["GlobalSecondaryIndex"]
    VectorIndexes: list["VectorIndex"]


class TableDescription(TypedDict, total=False):
    AttributeDefinitions: list["AttributeDefinition"]
    TableName: str
    KeySchema: list["KeySchemaElement"]
    TableStatus: str
    CreationDateTime: datetime
    ProvisionedThroughput: "ProvisionedThroughputDescription"
    TableSizeBytes: int
    ItemCount: int
    TableArn: str
    TableId: str
    BillingModeSummary: "BillingModeSummary"
    LocalSecondaryIndexes: list["LocalSecondaryIndexDescription"]
    GlobalSecondaryIndexes: list["GlobalSecondaryIndexDescription"]
    StreamSpecification: "StreamSpecification"
    LatestStreamLabel: str
    LatestStreamArn: str
    GlobalTableVersion: str
    Replicas: list["ReplicaDescription"]
    GlobalTableWitnesses: list["GlobalTableWitnessDescription"]
    GlobalTableSettingsReplicationMode: str
    RestoreSummary: "RestoreSummary"
    SSEDescription: "SSEDescription"
    ArchivalSummary: "ArchivalSummary"
    TableClassSummary: "TableClassSummary"
    DeletionProtectionEnabled: bool
    DisassociationProtectionEnabled: bool
    OnDemandThroughput: "OnDemandThroughput"
    WarmThroughput: "TableWarmThroughputDescription"
    MultiRegionConsistency: str
    VectorIndexes: list["VectorIndexDescription"]


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class TimeToLiveDescription(TypedDict, total=False):
    TimeToLiveStatus: str
    AttributeName: str


class TimeToLiveSpecification(TypedDict, total=False):
    Enabled: Required[bool]
    AttributeName: Required[str]


class TransactGetItem(TypedDict, total=False):
    Get: Required["Get"]


class TransactWriteItem(TypedDict, total=False):
    ConditionCheck: "ConditionCheck"
    Put: "Put"
    Delete: "Delete"
    Update: "Update"


class UpdateKinesisStreamingConfiguration(TypedDict, total=False):
    ApproximateCreationDateTimePrecision: str


class VectorCapacity(TypedDict, total=False):
    VectorSearchRequestBytes: float
    VectorWriteRequestBytes: float


class VectorIndex(TypedDict, total=False):
    IndexName: Required[str]
    VectorAttribute: Required["VectorAttributeDefinition"]
    SearchSchema: list["SearchSchemaElement"]
    Projection: Required["Projection"]
    Dimensions: Required[int]
    DistanceFunction: Required[str]


class VectorIndexUpdate(TypedDict, total=False):
    Create: "CreateVectorIndexAction"
    Delete: "DeleteVectorIndexAction"


class WarmThroughput(TypedDict, total=False):
    ReadUnitsPerSecond: int
    WriteUnitsPerSecond: int


class WriteRequest(TypedDict, total=False):
    PutRequest: "PutRequest"
    DeleteRequest: "DeleteRequest"


class ArchivalSummary(TypedDict, total=False):
    ArchivalDateTime: datetime
    ArchivalReason: str
    ArchivalBackupArn: str


class AutoScalingPolicyUpdate(TypedDict, total=False):
    PolicyName: str
    TargetTrackingScalingPolicyConfiguration: Required["AutoScalingTargetTrackingScalingPolicyConfigurationUpdate"]


class AutoScalingSettingsDescription(TypedDict, total=False):
    MinimumUnits: int
    MaximumUnits: int
    AutoScalingDisabled: bool
    AutoScalingRoleArn: str
    ScalingPolicies: list["AutoScalingPolicyDescription"]


class BatchStatementError(TypedDict, total=False):
    Code: str
    Message: str
    Item: dict[str, "AttributeValue"]


class BillingModeSummary(TypedDict, total=False):
    BillingMode: str
    LastUpdateToPayPerRequestDateTime: datetime


class BulkOperationTableDetail(TypedDict, total=False):
    TableName: str
    TableId: str


class BulkOperationUsage(TypedDict, total=False):
    TableName: str
    BulkPutBytes: int
    Table: "BulkOperationBytes"
    LocalSecondaryIndexes: dict[str, "BulkOperationBytes"]
    GlobalSecondaryIndexes: dict[str, "BulkOperationBytes"]
    VectorIndexes: dict[str, "BulkOperationVectorBytes"]


class Capacity(TypedDict, total=False):
    ReadCapacityUnits: float
    WriteCapacityUnits: float
    CapacityUnits: float


class ConditionCheck(TypedDict, total=False):
    Key: Required[dict[str, "AttributeValue"]]
    TableName: Required[str]
    ConditionExpression: Required[str]
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class CreateGlobalSecondaryIndexAction(TypedDict, total=False):
    IndexName: Required[str]
    KeySchema: Required[list["KeySchemaElement"]]
    Projection: Required["Projection"]
    ProvisionedThroughput: "ProvisionedThroughput"
    OnDemandThroughput: "OnDemandThroughput"
    WarmThroughput: "WarmThroughput"


class CreateGlobalTableWitnessGroupMemberAction(TypedDict, total=False):
    RegionName: Required[str]


class CreateReplicaAction(TypedDict, total=False):
    RegionName: Required[str]


class CreateReplicationGroupMemberAction(TypedDict, total=False):
    RegionName: Required[str]
    KMSMasterKeyId: str
    ProvisionedThroughputOverride: "ProvisionedThroughputOverride"
    OnDemandThroughputOverride: "OnDemandThroughputOverride"
    GlobalSecondaryIndexes: list["ReplicaGlobalSecondaryIndex"]
    TableClassOverride: str


class CreateVectorIndexAction(TypedDict, total=False):
    IndexName: Required[str]
    VectorAttribute: Required["VectorAttributeDefinition"]
    SearchSchema: list["SearchSchemaElement"]
    Projection: Required["Projection"]
    Dimensions: Required[int]
    DistanceFunction: Required[str]


class CsvOptions(TypedDict, total=False):
    Delimiter: str
    HeaderList: list[str]


class Delete(TypedDict, total=False):
    Key: Required[dict[str, "AttributeValue"]]
    TableName: Required[str]
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class DeleteGlobalSecondaryIndexAction(TypedDict, total=False):
    IndexName: Required[str]


class DeleteGlobalTableWitnessGroupMemberAction(TypedDict, total=False):
    RegionName: Required[str]


class DeleteReplicaAction(TypedDict, total=False):
    RegionName: Required[str]


class DeleteReplicationGroupMemberAction(TypedDict, total=False):
    RegionName: Required[str]


class DeleteRequest(TypedDict, total=False):
    Key: Required[dict[str, "AttributeValue"]]


class DeleteVectorIndexAction(TypedDict, total=False):
    IndexName: Required[str]


class DisassociateReplicationGroupMemberAction(TypedDict, total=False):
    RegionName: Required[str]
    DisassociationMode: Required[str]


class Get(TypedDict, total=False):
    Key: Required[dict[str, "AttributeValue"]]
    TableName: Required[str]
    ProjectionExpression: str
    ExpressionAttributeNames: dict[str, str]


class GlobalSecondaryIndexDescription(TypedDict, total=False):
    IndexName: str
    KeySchema: list["KeySchemaElement"]
    Projection: "Projection"
    IndexStatus: str
    Backfilling: bool
    ProvisionedThroughput: "ProvisionedThroughputDescription"
    IndexSizeBytes: int
    ItemCount: int
    IndexArn: str
    OnDemandThroughput: "OnDemandThroughput"
    WarmThroughput: "GlobalSecondaryIndexWarmThroughputDescription"


class GlobalTableWitnessDescription(TypedDict, total=False):
    RegionName: str
    WitnessStatus: str


class LocalSecondaryIndexDescription(TypedDict, total=False):
    IndexName: str
    KeySchema: list["KeySchemaElement"]
    Projection: "Projection"
    IndexSizeBytes: int
    ItemCount: int
    IndexArn: str


class PointInTimeRecoveryDescription(TypedDict, total=False):
    PointInTimeRecoveryStatus: str
    RecoveryPeriodInDays: int
    EarliestRestorableDateTime: datetime
    LatestRestorableDateTime: datetime


class Projection(TypedDict, total=False):
    ProjectionType: str
    NonKeyAttributes: list[str]


class ProvisionedThroughputDescription(TypedDict, total=False):
    LastIncreaseDateTime: datetime
    LastDecreaseDateTime: datetime
    NumberOfDecreasesToday: int
    ReadCapacityUnits: int
    WriteCapacityUnits: int


class Put(TypedDict, total=False):
    Item: Required[dict[str, "AttributeValue"]]
    TableName: Required[str]
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class PutRequest(TypedDict, total=False):
    Item: Required[dict[str, "AttributeValue"]]


class ReplicaAutoScalingDescription(TypedDict, total=False):
    RegionName: str
    GlobalSecondaryIndexes: list["ReplicaGlobalSecondaryIndexAutoScalingDescription"]
    ReplicaProvisionedReadCapacityAutoScalingSettings: "AutoScalingSettingsDescription"
    ReplicaProvisionedWriteCapacityAutoScalingSettings: "AutoScalingSettingsDescription"
    ReplicaStatus: str


class ReplicaDescription(TypedDict, total=False):
    RegionName: str
    ReplicaStatus: str
    ReplicaArn: str
    ReplicaStatusDescription: str
    ReplicaStatusPercentProgress: str
    KMSMasterKeyId: str
    ProvisionedThroughputOverride: "ProvisionedThroughputOverride"
    OnDemandThroughputOverride: "OnDemandThroughputOverride"
    WarmThroughput: "TableWarmThroughputDescription"
    GlobalSecondaryIndexes: list["ReplicaGlobalSecondaryIndexDescription"]
    ReplicaInaccessibleDateTime: datetime
    ReplicaTableClassSummary: "TableClassSummary"
    GlobalTableSettingsReplicationMode: str


class ReplicaGlobalSecondaryIndexAutoScalingUpdate(TypedDict, total=False):
    IndexName: str
    ProvisionedReadCapacityAutoScalingUpdate: "AutoScalingSettingsUpdate"


class ReplicaGlobalSecondaryIndexSettingsDescription(TypedDict, total=False):
    IndexName: Required[str]
    IndexStatus: str
    ProvisionedReadCapacityUnits: int
    ProvisionedReadCapacityAutoScalingSettings: "AutoScalingSettingsDescription"
    ProvisionedWriteCapacityUnits: int
    ProvisionedWriteCapacityAutoScalingSettings: "AutoScalingSettingsDescription"


class ReplicaGlobalSecondaryIndexSettingsUpdate(TypedDict, total=False):
    IndexName: Required[str]
    ProvisionedReadCapacityUnits: int
    ProvisionedReadCapacityAutoScalingSettingsUpdate: "AutoScalingSettingsUpdate"


class RestoreSummary(TypedDict, total=False):
    SourceBackupArn: str
    SourceTableArn: str
    RestoreDateTime: Required[datetime]
    RestoreInProgress: Required[bool]


class SSEDescription(TypedDict, total=False):
    Status: str
    SSEType: str
    KMSMasterKeyArn: str
    InaccessibleEncryptionDateTime: datetime


class SearchSchemaElement(TypedDict, total=False):
    AttributeName: Required[str]
    SearchSchemaElementType: Required[str]


class SourceTableDetails(TypedDict, total=False):
    TableName: Required[str]
    TableId: Required[str]
    TableArn: str
    TableSizeBytes: int
    KeySchema: Required[list["KeySchemaElement"]]
    TableCreationDateTime: Required[datetime]
    ProvisionedThroughput: Required["ProvisionedThroughput"]
    OnDemandThroughput: "OnDemandThroughput"
    ItemCount: int
    BillingMode: str


class SourceTableFeatureDetails(TypedDict, total=False):
    LocalSecondaryIndexes: list["LocalSecondaryIndexInfo"]
    GlobalSecondaryIndexes: list["GlobalSecondaryIndexInfo"]
    StreamDescription: "StreamSpecification"
    TimeToLiveDescription: "TimeToLiveDescription"
    SSEDescription: "SSEDescription"
    VectorIndexes: list["VectorIndexInfo"]


class TableClassSummary(TypedDict, total=False):
    TableClass: str
    LastUpdateDateTime: datetime


class TableWarmThroughputDescription(TypedDict, total=False):
    ReadUnitsPerSecond: int
    WriteUnitsPerSecond: int
    Status: str


class Update(TypedDict, total=False):
    Key: Required[dict[str, "AttributeValue"]]
    UpdateExpression: Required[str]
    TableName: Required[str]
    ConditionExpression: str
    ExpressionAttributeNames: dict[str, str]
    ExpressionAttributeValues: dict[str, "AttributeValue"]
    ReturnValuesOnConditionCheckFailure: str


class UpdateGlobalSecondaryIndexAction(TypedDict, total=False):
    IndexName: Required[str]
    ProvisionedThroughput: "ProvisionedThroughput"
    OnDemandThroughput: "OnDemandThroughput"
    WarmThroughput: "WarmThroughput"


class UpdateReplicationGroupMemberAction(TypedDict, total=False):
    RegionName: Required[str]
    KMSMasterKeyId: str
    ProvisionedThroughputOverride: "ProvisionedThroughputOverride"
    OnDemandThroughputOverride: "OnDemandThroughputOverride"
    GlobalSecondaryIndexes: list["ReplicaGlobalSecondaryIndex"]
    TableClassOverride: str


class VectorAttributeDefinition(TypedDict, total=False):
    AttributeName: Required[str]


class VectorIndexDescription(TypedDict, total=False):
    IndexName: str
    SearchSchema: list["SearchSchemaElement"]
    Projection: "Projection"
    VectorAttribute: "VectorAttributeDefinition"
    Dimensions: int
    DistanceFunction: str
    IndexStatus: str
    Backfilling: bool
    IndexSizeBytes: int
    ItemCount: int
    IndexArn: str


class AutoScalingPolicyDescription(TypedDict, total=False):
    PolicyName: str
    TargetTrackingScalingPolicyConfiguration: "AutoScalingTargetTrackingScalingPolicyConfigurationDescription"


class AutoScalingTargetTrackingScalingPolicyConfigurationUpdate(TypedDict, total=False):
    DisableScaleIn: bool
    ScaleInCooldown: int
    ScaleOutCooldown: int
    TargetValue: Required[float]


class BulkOperationBytes(TypedDict, total=False):
    BulkPutBytes: int


class BulkOperationVectorBytes(TypedDict, total=False):
    BulkPutVectorBytes: int


class GlobalSecondaryIndexInfo(TypedDict, total=False):
    IndexName: str
    KeySchema: list["KeySchemaElement"]
    Projection: "Projection"
    ProvisionedThroughput: "ProvisionedThroughput"
    OnDemandThroughput: "OnDemandThroughput"


class GlobalSecondaryIndexWarmThroughputDescription(TypedDict, total=False):
    ReadUnitsPerSecond: int
    WriteUnitsPerSecond: int
    Status: str


class LocalSecondaryIndexInfo(TypedDict, total=False):
    IndexName: str
    KeySchema: list["KeySchemaElement"]
    Projection: "Projection"


class OnDemandThroughputOverride(TypedDict, total=False):
    MaxReadRequestUnits: int


class ProvisionedThroughputOverride(TypedDict, total=False):
    ReadCapacityUnits: int


class ReplicaGlobalSecondaryIndex(TypedDict, total=False):
    IndexName: Required[str]
    ProvisionedThroughputOverride: "ProvisionedThroughputOverride"
    OnDemandThroughputOverride: "OnDemandThroughputOverride"


class ReplicaGlobalSecondaryIndexAutoScalingDescription(TypedDict, total=False):
    IndexName: str
    IndexStatus: str
    ProvisionedReadCapacityAutoScalingSettings: "AutoScalingSettingsDescription"
    ProvisionedWriteCapacityAutoScalingSettings: "AutoScalingSettingsDescription"


class ReplicaGlobalSecondaryIndexDescription(TypedDict, total=False):
    IndexName: str
    ProvisionedThroughputOverride: "ProvisionedThroughputOverride"
    OnDemandThroughputOverride: "OnDemandThroughputOverride"
    WarmThroughput: "GlobalSecondaryIndexWarmThroughputDescription"


class VectorIndexInfo(TypedDict, total=False):
    IndexName: str
    VectorAttribute: "VectorAttributeDefinition"
    SearchSchema: list["SearchSchemaElement"]
    Projection: "Projection"
    Dimensions: int
    DistanceFunction: str


class AutoScalingTargetTrackingScalingPolicyConfigurationDescription(TypedDict, total=False):
    DisableScaleIn: bool
    ScaleInCooldown: int
    ScaleOutCooldown: int
    TargetValue: Required[float]


class BackupInUseExceptionError(ModelledError):
    code = "BackupInUseException"


class BackupNotFoundExceptionError(ModelledError):
    code = "BackupNotFoundException"


class ConditionalCheckFailedExceptionError(ModelledError):
    code = "ConditionalCheckFailedException"


class ContinuousBackupsUnavailableExceptionError(ModelledError):
    code = "ContinuousBackupsUnavailableException"


class DuplicateItemExceptionError(ModelledError):
    code = "DuplicateItemException"


class ExportConflictExceptionError(ModelledError):
    code = "ExportConflictException"


class ExportNotFoundExceptionError(ModelledError):
    code = "ExportNotFoundException"


class GlobalTableAlreadyExistsExceptionError(ModelledError):
    code = "GlobalTableAlreadyExistsException"


class GlobalTableNotFoundExceptionError(ModelledError):
    code = "GlobalTableNotFoundException"


class IdempotentParameterMismatchExceptionError(ModelledError):
    code = "IdempotentParameterMismatchException"


class ImportConflictExceptionError(ModelledError):
    code = "ImportConflictException"


class ImportNotFoundExceptionError(ModelledError):
    code = "ImportNotFoundException"


class IndexNotFoundExceptionError(ModelledError):
    code = "IndexNotFoundException"


class InternalServerErrorError(ModelledError):
    code = "InternalServerError"


class InvalidExportTimeExceptionError(ModelledError):
    code = "InvalidExportTimeException"


class InvalidRestoreTimeExceptionError(ModelledError):
    code = "InvalidRestoreTimeException"


class ItemCollectionSizeLimitExceededExceptionError(ModelledError):
    code = "ItemCollectionSizeLimitExceededException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class PointInTimeRecoveryUnavailableExceptionError(ModelledError):
    code = "PointInTimeRecoveryUnavailableException"


class PolicyNotFoundExceptionError(ModelledError):
    code = "PolicyNotFoundException"


class ProvisionedThroughputExceededExceptionError(ModelledError):
    code = "ProvisionedThroughputExceededException"


class ReplicaAlreadyExistsExceptionError(ModelledError):
    code = "ReplicaAlreadyExistsException"


class ReplicaNotFoundExceptionError(ModelledError):
    code = "ReplicaNotFoundException"


class ReplicatedWriteConflictExceptionError(ModelledError):
    code = "ReplicatedWriteConflictException"


class RequestLimitExceededError(ModelledError):
    code = "RequestLimitExceeded"


class ResourceInUseExceptionError(ModelledError):
    code = "ResourceInUseException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class TableAlreadyExistsExceptionError(ModelledError):
    code = "TableAlreadyExistsException"


class TableInUseExceptionError(ModelledError):
    code = "TableInUseException"


class TableNotFoundExceptionError(ModelledError):
    code = "TableNotFoundException"


class ThrottlingExceptionError(ModelledError):
    code = "ThrottlingException"


class TransactionCanceledExceptionError(ModelledError):
    code = "TransactionCanceledException"


class TransactionConflictExceptionError(ModelledError):
    code = "TransactionConflictException"


class TransactionInProgressExceptionError(ModelledError):
    code = "TransactionInProgressException"
