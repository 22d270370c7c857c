"""Wire types of Amazon Kinesis Firehose, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreateDeliveryStream', 'DeleteDeliveryStream', 'DescribeDeliveryStream', 'ListDeliveryStreams', 'ListTagsForDeliveryStream', 'PutRecord', 'PutRecordBatch', 'StartDeliveryStreamEncryption', 'StopDeliveryStreamEncryption', 'TagDeliveryStream', 'UntagDeliveryStream', 'UpdateDestination')


class CreateDeliveryStreamInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    DeliveryStreamType: str
    DirectPutSourceConfiguration: "DirectPutSourceConfiguration"
    KinesisStreamSourceConfiguration: "KinesisStreamSourceConfiguration"
    DeliveryStreamEncryptionConfigurationInput: "DeliveryStreamEncryptionConfigurationInput"
    S3DestinationConfiguration: "S3DestinationConfiguration"
    ExtendedS3DestinationConfiguration: "ExtendedS3DestinationConfiguration"
    RedshiftDestinationConfiguration: "RedshiftDestinationConfiguration"
    ElasticsearchDestinationConfiguration: "ElasticsearchDestinationConfiguration"
    AmazonopensearchserviceDestinationConfiguration: "AmazonopensearchserviceDestinationConfiguration"
    SplunkDestinationConfiguration: "SplunkDestinationConfiguration"
    HttpEndpointDestinationConfiguration: "HttpEndpointDestinationConfiguration"
    Tags: list["Tag"]
    AmazonOpenSearchServerlessDestinationConfiguration: "AmazonOpenSearchServerlessDestinationConfiguration"
    MSKSourceConfiguration: "MSKSourceConfiguration"
    SnowflakeDestinationConfiguration: "SnowflakeDestinationConfiguration"
    IcebergDestinationConfiguration: "IcebergDestinationConfiguration"
    DatabaseSourceConfiguration: "DatabaseSourceConfiguration"


class CreateDeliveryStreamOutput(TypedDict, total=False):
    DeliveryStreamARN: str


class DeleteDeliveryStreamInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    AllowForceDelete: bool


class DeleteDeliveryStreamOutput(TypedDict, total=False):
    pass


class DescribeDeliveryStreamInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    Limit: int
    ExclusiveStartDestinationId: str


class DescribeDeliveryStreamOutput(TypedDict, total=False):
    DeliveryStreamDescription: Required["DeliveryStreamDescription"]


class ListDeliveryStreamsInput(TypedDict, total=False):
    Limit: int
    DeliveryStreamType: str
    ExclusiveStartDeliveryStreamName: str


class ListDeliveryStreamsOutput(TypedDict, total=False):
    DeliveryStreamNames: Required[list[str]]
    HasMoreDeliveryStreams: Required[bool]


class ListTagsForDeliveryStreamInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    ExclusiveStartTagKey: str
    Limit: int


class ListTagsForDeliveryStreamOutput(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    HasMoreTags: Required[bool]


class PutRecordBatchInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    Records: Required[list["Record"]]


class PutRecordBatchOutput(TypedDict, total=False):
    FailedPutCount: Required[int]
    Encrypted: bool
    RequestResponses: Required[list["PutRecordBatchResponseEntry"]]


class PutRecordInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    Record: Required["Record"]


class PutRecordOutput(TypedDict, total=False):
    RecordId: Required[str]
    Encrypted: bool


class StartDeliveryStreamEncryptionInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    DeliveryStreamEncryptionConfigurationInput: "DeliveryStreamEncryptionConfigurationInput"


class StartDeliveryStreamEncryptionOutput(TypedDict, total=False):
    pass


class StopDeliveryStreamEncryptionInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]


class StopDeliveryStreamEncryptionOutput(TypedDict, total=False):
    pass


class TagDeliveryStreamInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    Tags: Required[list["Tag"]]


class TagDeliveryStreamOutput(TypedDict, total=False):
    pass


class UntagDeliveryStreamInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    TagKeys: Required[list[str]]


class UntagDeliveryStreamOutput(TypedDict, total=False):
    pass


class UpdateDestinationInput(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    CurrentDeliveryStreamVersionId: Required[str]
    DestinationId: Required[str]
    S3DestinationUpdate: "S3DestinationUpdate"
    ExtendedS3DestinationUpdate: "ExtendedS3DestinationUpdate"
    RedshiftDestinationUpdate: "RedshiftDestinationUpdate"
    ElasticsearchDestinationUpdate: "ElasticsearchDestinationUpdate"
    AmazonopensearchserviceDestinationUpdate: "AmazonopensearchserviceDestinationUpdate"
    SplunkDestinationUpdate: "SplunkDestinationUpdate"
    HttpEndpointDestinationUpdate: "HttpEndpointDestinationUpdate"
    AmazonOpenSearchServerlessDestinationUpdate: "AmazonOpenSearchServerlessDestinationUpdate"
    SnowflakeDestinationUpdate: "SnowflakeDestinationUpdate"
    IcebergDestinationUpdate: "IcebergDestinationUpdate"


class UpdateDestinationOutput(TypedDict, total=False):
    pass


class AmazonOpenSearchServerlessDestinationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    CollectionEndpoint: str
    IndexName: Required[str]
    BufferingHints: "AmazonOpenSearchServerlessBufferingHints"
    RetryOptions: "AmazonOpenSearchServerlessRetryOptions"
    S3BackupMode: str
    S3Configuration: Required["S3DestinationConfiguration"]
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    VpcConfiguration: "VpcConfiguration"


class AmazonOpenSearchServerlessDestinationUpdate(TypedDict, total=False):
    RoleARN: str
    CollectionEndpoint: str
    IndexName: str
    BufferingHints: "AmazonOpenSearchServerlessBufferingHints"
    RetryOptions: "AmazonOpenSearchServerlessRetryOptions"
    S3Update: "S3DestinationUpdate"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"


class AmazonopensearchserviceDestinationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    DomainARN: str
    ClusterEndpoint: str
    IndexName: Required[str]
    TypeName: str
    IndexRotationPeriod: str
    BufferingHints: "AmazonopensearchserviceBufferingHints"
    RetryOptions: "AmazonopensearchserviceRetryOptions"
    S3BackupMode: str
    S3Configuration: Required["S3DestinationConfiguration"]
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    VpcConfiguration: "VpcConfiguration"
    DocumentIdOptions: "DocumentIdOptions"


class AmazonopensearchserviceDestinationUpdate(TypedDict, total=False):
    RoleARN: str
    DomainARN: str
    ClusterEndpoint: str
    IndexName: str
    TypeName: str
    IndexRotationPeriod: str
    BufferingHints: "AmazonopensearchserviceBufferingHints"
    RetryOptions: "AmazonopensearchserviceRetryOptions"
    S3Update: "S3DestinationUpdate"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    DocumentIdOptions: "DocumentIdOptions"


class DatabaseSourceConfiguration(TypedDict, total=False):
    Type: Required[str]
    Endpoint: Required[str]
    Port: Required[int]
    SSLMode: str
    Databases: Required["DatabaseList"]
    Tables: Required["DatabaseTableList"]
    Columns: "DatabaseColumnList"
    SurrogateKeys: list[str]
    SnapshotWatermarkTable: Required[str]
    DatabaseSourceAuthenticationConfiguration: Required["DatabaseSourceAuthenticationConfiguration"]
    DatabaseSourceVPCConfiguration: Required["DatabaseSourceVPCConfiguration"]


class DeliveryStreamDescription(TypedDict, total=False):
    DeliveryStreamName: Required[str]
    DeliveryStreamARN: Required[str]
    DeliveryStreamStatus: Required[str]
    FailureDescription: "FailureDescription"
    DeliveryStreamEncryptionConfiguration: "DeliveryStreamEncryptionConfiguration"
    DeliveryStreamType: Required[str]
    VersionId: Required[str]
    CreateTimestamp: datetime
    LastUpdateTimestamp: datetime
    Source: "SourceDescription"
    Destinations: Required[list["DestinationDescription"]]
    HasMoreDestinations: Required[bool]


class DeliveryStreamEncryptionConfigurationInput(TypedDict, total=False):
    KeyARN: str
    KeyType: Required[str]


class DirectPutSourceConfiguration(TypedDict, total=False):
    ThroughputHintInMBs: Required[int]


class ElasticsearchDestinationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    DomainARN: str
    ClusterEndpoint: str
    IndexName: Required[str]
    TypeName: str
    IndexRotationPeriod: str
    BufferingHints: "ElasticsearchBufferingHints"
    RetryOptions: "ElasticsearchRetryOptions"
    S3BackupMode: str
    S3Configuration: Required["S3DestinationConfiguration"]
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    VpcConfiguration: "VpcConfiguration"
    DocumentIdOptions: "DocumentIdOptions"


class ElasticsearchDestinationUpdate(TypedDict, total=False):
    RoleARN: str
    DomainARN: str
    ClusterEndpoint: str
    IndexName: str
    TypeName: str
    IndexRotationPeriod: str
    BufferingHints: "ElasticsearchBufferingHints"
    RetryOptions: "ElasticsearchRetryOptions"
    S3Update: "S3DestinationUpdate"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    DocumentIdOptions: "DocumentIdOptions"


class ExtendedS3DestinationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    BucketARN: Required[str]
    Prefix: str
    ErrorOutputPrefix: str
    BufferingHints: "BufferingHints"
    CompressionFormat: str
    EncryptionConfiguration: "EncryptionConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    S3BackupConfiguration: "S3DestinationConfiguration"
    DataFormatConversionConfiguration: "DataFormatConversionConfiguration"
    DynamicPartitioningConfiguration: "DynamicPartitioningConfiguration"
    FileExtension: str
    CustomTimeZone: str


class ExtendedS3DestinationUpdate(TypedDict, total=False):
    RoleARN: str
    BucketARN: str
    Prefix: str
    ErrorOutputPrefix: str
    BufferingHints: "BufferingHints"
    CompressionFormat: str
    EncryptionConfiguration: "EncryptionConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    S3BackupUpdate: "S3DestinationUpdate"
    DataFormatConversionConfiguration: "DataFormatConversionConfiguration"
    DynamicPartitioningConfiguration: "DynamicPartitioningConfiguration"
    FileExtension: str
    CustomTimeZone: str


class HttpEndpointDestinationConfiguration(TypedDict, total=False):
    EndpointConfiguration: Required["HttpEndpointConfiguration"]
    BufferingHints: "HttpEndpointBufferingHints"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    RequestConfiguration: "HttpEndpointRequestConfiguration"
    ProcessingConfiguration: "ProcessingConfiguration"
    RoleARN: str
    RetryOptions: "HttpEndpointRetryOptions"
    S3BackupMode: str
    S3Configuration: Required["S3DestinationConfiguration"]
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class HttpEndpointDestinationUpdate(TypedDict, total=False):
    EndpointConfiguration: "HttpEndpointConfiguration"
    BufferingHints: "HttpEndpointBufferingHints"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    RequestConfiguration: "HttpEndpointRequestConfiguration"
    ProcessingConfiguration: "ProcessingConfiguration"
    RoleARN: str
    RetryOptions: "HttpEndpointRetryOptions"
    S3BackupMode: str
    S3Update: "S3DestinationUpdate"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class IcebergDestinationConfiguration(TypedDict, total=False):
    DestinationTableConfigurationList: list["DestinationTableConfiguration"]
    SchemaEvolutionConfiguration: "SchemaEvolutionConfiguration"
    TableCreationConfiguration: "TableCreationConfiguration"
    BufferingHints: "BufferingHints"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    RetryOptions: "RetryOptions"
    RoleARN: Required[str]
    AppendOnly: bool
    CatalogConfiguration: Required["CatalogConfiguration"]
    S3Configuration: Required["S3DestinationConfiguration"]


class IcebergDestinationUpdate(TypedDict, total=False):
    DestinationTableConfigurationList: list["DestinationTableConfiguration"]
    SchemaEvolutionConfiguration: "SchemaEvolutionConfiguration"
    TableCreationConfiguration: "TableCreationConfiguration"
    BufferingHints: "BufferingHints"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    RetryOptions: "RetryOptions"
    RoleARN: str
    AppendOnly: bool
    CatalogConfiguration: "CatalogConfiguration"
    S3Configuration: "S3DestinationConfiguration"


class KinesisStreamSourceConfiguration(TypedDict, total=False):
    KinesisStreamARN: Required[str]
    RoleARN: Required[str]


class MSKSourceConfiguration(TypedDict, total=False):
    MSKClusterARN: Required[str]
    TopicName: Required[str]
    AuthenticationConfiguration: Required["AuthenticationConfiguration"]
    ReadFromTimestamp: datetime


class PutRecordBatchResponseEntry(TypedDict, total=False):
    RecordId: str
    ErrorCode: str
    ErrorMessage: str


class Record(TypedDict, total=False):
    Data: Required[bytes]


class RedshiftDestinationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    ClusterJDBCURL: Required[str]
    CopyCommand: Required["CopyCommand"]
    Username: str
    Password: str
    RetryOptions: "RedshiftRetryOptions"
    S3Configuration: Required["S3DestinationConfiguration"]
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    S3BackupConfiguration: "S3DestinationConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class RedshiftDestinationUpdate(TypedDict, total=False):
    RoleARN: str
    ClusterJDBCURL: str
    CopyCommand: "CopyCommand"
    Username: str
    Password: str
    RetryOptions: "RedshiftRetryOptions"
    S3Update: "S3DestinationUpdate"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    S3BackupUpdate: "S3DestinationUpdate"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class S3DestinationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    BucketARN: Required[str]
    Prefix: str
    ErrorOutputPrefix: str
    BufferingHints: "BufferingHints"
    CompressionFormat: str
    EncryptionConfiguration: "EncryptionConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"


class S3DestinationUpdate(TypedDict, total=False):
    RoleARN: str
    BucketARN: str
    Prefix: str
    ErrorOutputPrefix: str
    BufferingHints: "BufferingHints"
    CompressionFormat: str
    EncryptionConfiguration: "EncryptionConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"


class SnowflakeDestinationConfiguration(TypedDict, total=False):
    AccountUrl: Required[str]
    PrivateKey: str
    KeyPassphrase: str
    User: str
    Database: Required[str]
    Schema: Required[str]
    Table: Required[str]
    SnowflakeRoleConfiguration: "SnowflakeRoleConfiguration"
    DataLoadingOption: str
    MetaDataColumnName: str
    ContentColumnName: str
    SnowflakeVpcConfiguration: "SnowflakeVpcConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    RoleARN: Required[str]
    RetryOptions: "SnowflakeRetryOptions"
    S3BackupMode: str
    S3Configuration: Required["S3DestinationConfiguration"]
    SecretsManagerConfiguration: "SecretsManagerConfiguration"
    BufferingHints: "SnowflakeBufferingHints"


class SnowflakeDestinationUpdate(TypedDict, total=False):
    AccountUrl: str
    PrivateKey: str
    KeyPassphrase: str
    User: str
    Database: str
    Schema: str
    Table: str
    SnowflakeRoleConfiguration: "SnowflakeRoleConfiguration"
    DataLoadingOption: str
    MetaDataColumnName: str
    ContentColumnName: str
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    RoleARN: str
    RetryOptions: "SnowflakeRetryOptions"
    S3BackupMode: str
    S3Update: "S3DestinationUpdate"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"
    BufferingHints: "SnowflakeBufferingHints"


class SplunkDestinationConfiguration(TypedDict, total=False):
    HECEndpoint: Required[str]
    HECEndpointType: Required[str]
    HECToken: str
    HECAcknowledgmentTimeoutInSeconds: int
    RetryOptions: "SplunkRetryOptions"
    S3BackupMode: str
    S3Configuration: Required["S3DestinationConfiguration"]
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    BufferingHints: "SplunkBufferingHints"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class SplunkDestinationUpdate(TypedDict, total=False):
    HECEndpoint: str
    HECEndpointType: str
    HECToken: str
    HECAcknowledgmentTimeoutInSeconds: int
    RetryOptions: "SplunkRetryOptions"
    S3BackupMode: str
    S3Update: "S3DestinationUpdate"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    BufferingHints: "SplunkBufferingHints"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: str


class AmazonOpenSearchServerlessBufferingHints(TypedDict, total=False):
    IntervalInSeconds: int
    SizeInMBs: int


class AmazonOpenSearchServerlessRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class AmazonopensearchserviceBufferingHints(TypedDict, total=False):
    IntervalInSeconds: int
    SizeInMBs: int


class AmazonopensearchserviceRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class AuthenticationConfiguration(TypedDict, total=False):
    RoleARN: Required[str]
    Connectivity: Required[str]


class BufferingHints(TypedDict, total=False):
    SizeInMBs: int
    IntervalInSeconds: int


class CatalogConfiguration(TypedDict, total=False):
    CatalogARN: str
    WarehouseLocation: str


class CloudWatchLoggingOptions(TypedDict, total=False):
    Enabled: bool
    LogGroupName: str
    LogStreamName: str


class CopyCommand(TypedDict, total=False):
    DataTableName: Required[str]
    DataTableColumns: str
    CopyOptions: str


class DataFormatConversionConfiguration(TypedDict, total=False):
    SchemaConfiguration: "SchemaConfiguration"
    InputFormatConfiguration: "InputFormatConfiguration"
    OutputFormatConfiguration: "OutputFormatConfiguration"
    Enabled: bool


class DatabaseColumnList(TypedDict, total=False):
    Include: list[str]
    Exclude: list[str]


class DatabaseList(TypedDict, total=False):
    Include: list[str]
    Exclude: list[str]


class DatabaseSourceAuthenticationConfiguration(TypedDict, total=False):
    SecretsManagerConfiguration: Required["SecretsManagerConfiguration"]


class DatabaseSourceVPCConfiguration(TypedDict, total=False):
    VpcEndpointServiceName: Required[str]


class DatabaseTableList(TypedDict, total=False):
    Include: list[str]
    Exclude: list[str]


class DeliveryStreamEncryptionConfiguration(TypedDict, total=False):
    KeyARN: str
    KeyType: str
    Status: str
    FailureDescription: "FailureDescription"


class DestinationDescription(TypedDict, total=False):
    DestinationId: Required[str]
    S3DestinationDescription: "S3DestinationDescription"
    ExtendedS3DestinationDescription: "ExtendedS3DestinationDescription"
    RedshiftDestinationDescription: "RedshiftDestinationDescription"
    ElasticsearchDestinationDescription: "ElasticsearchDestinationDescription"
    AmazonopensearchserviceDestinationDescription: "AmazonopensearchserviceDestinationDescription"
    SplunkDestinationDescription: "SplunkDestinationDescription"
    HttpEndpointDestinationDescription: "HttpEndpointDestinationDescription"
    SnowflakeDestinationDescription: "SnowflakeDestinationDescription"
    AmazonOpenSearchServerlessDestinationDescription: "AmazonOpenSearchServerlessDestinationDescription"
    IcebergDestinationDescription: "IcebergDestinationDescription"


class DestinationTableConfiguration(TypedDict, total=False):
    DestinationTableName: Required[str]
    DestinationDatabaseName: Required[str]
    UniqueKeys: list[str]
    PartitionSpec: "PartitionSpec"
    S3ErrorOutputPrefix: str


class DocumentIdOptions(TypedDict, total=False):
    DefaultDocumentIdFormat: Required[str]


class DynamicPartitioningConfiguration(TypedDict, total=False):
    RetryOptions: "RetryOptions"
    Enabled: bool


class ElasticsearchBufferingHints(TypedDict, total=False):
    IntervalInSeconds: int
    SizeInMBs: int


class ElasticsearchRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class EncryptionConfiguration(TypedDict, total=False):
    NoEncryptionConfig: str
    KMSEncryptionConfig: "KMSEncryptionConfig"


class FailureDescription(TypedDict, total=False):
    Type: Required[str]
    Details: Required[str]


class HttpEndpointBufferingHints(TypedDict, total=False):
    SizeInMBs: int
    IntervalInSeconds: int


class HttpEndpointConfiguration(TypedDict, total=False):
    Url: Required[str]
    Name: str
    AccessKey: str


class HttpEndpointRequestConfiguration(TypedDict, total=False):
    ContentEncoding: str
    CommonAttributes: list["HttpEndpointCommonAttribute"]


class HttpEndpointRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class ProcessingConfiguration(TypedDict, total=False):
    Enabled: bool
    Processors: list["Processor"]


class RedshiftRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class RetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class SchemaEvolutionConfiguration(TypedDict, total=False):
    Enabled: Required[bool]


class SecretsManagerConfiguration(TypedDict, total=False):
    SecretARN: str
    RoleARN: str
    Enabled: Required[bool]


class SnowflakeBufferingHints(TypedDict, total=False):
    SizeInMBs: int
    IntervalInSeconds: int


class SnowflakeRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class SnowflakeRoleConfiguration(TypedDict, total=False):
    Enabled: bool
    SnowflakeRole: str


class SnowflakeVpcConfiguration(TypedDict, total=False):
    PrivateLinkVpceId: Required[str]


class SourceDescription(TypedDict, total=False):
    DirectPutSourceDescription: "DirectPutSourceDescription"
    KinesisStreamSourceDescription: "KinesisStreamSourceDescription"
    MSKSourceDescription: "MSKSourceDescription"
    DatabaseSourceDescription: "DatabaseSourceDescription"


class SplunkBufferingHints(TypedDict, total=False):
    IntervalInSeconds: int
    SizeInMBs: int


class SplunkRetryOptions(TypedDict, total=False):
    DurationInSeconds: int


class TableCreationConfiguration(TypedDict, total=False):
    Enabled: Required[bool]


class VpcConfiguration(TypedDict, total=False):
    SubnetIds: Required[list[str]]
    RoleARN: Required[str]
    SecurityGroupIds: Required[list[str]]


class AmazonOpenSearchServerlessDestinationDescription(TypedDict, total=False):
    RoleARN: str
    CollectionEndpoint: str
    IndexName: str
    BufferingHints: "AmazonOpenSearchServerlessBufferingHints"
    RetryOptions: "AmazonOpenSearchServerlessRetryOptions"
    S3BackupMode: str
    S3DestinationDescription: "S3DestinationDescription"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    VpcConfigurationDescription: "VpcConfigurationDescription"


class AmazonopensearchserviceDestinationDescription(TypedDict, total=False):
    RoleARN: str
    DomainARN: str
    ClusterEndpoint: str
    IndexName: str
    TypeName: str
    IndexRotationPeriod: str
    BufferingHints: "AmazonopensearchserviceBufferingHints"
    RetryOptions: "AmazonopensearchserviceRetryOptions"
    S3BackupMode: str
    S3DestinationDescription: "S3DestinationDescription"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    VpcConfigurationDescription: "VpcConfigurationDescription"
    DocumentIdOptions: "DocumentIdOptions"


class DatabaseSourceDescription(TypedDict, total=False):
    Type: str
    Endpoint: str
    Port: int
    SSLMode: str
    Databases: "DatabaseList"
    Tables: "DatabaseTableList"
    Columns: "DatabaseColumnList"
    SurrogateKeys: list[str]
    SnapshotWatermarkTable: str
    SnapshotInfo: list["DatabaseSnapshotInfo"]
    DatabaseSourceAuthenticationConfiguration: "DatabaseSourceAuthenticationConfiguration"
    DatabaseSourceVPCConfiguration: "DatabaseSourceVPCConfiguration"


class DirectPutSourceDescription(TypedDict, total=False):
    ThroughputHintInMBs: int


class ElasticsearchDestinationDescription(TypedDict, total=False):
    RoleARN: str
    DomainARN: str
    ClusterEndpoint: str
    IndexName: str
    TypeName: str
    IndexRotationPeriod: str
    BufferingHints: "ElasticsearchBufferingHints"
    RetryOptions: "ElasticsearchRetryOptions"
    S3BackupMode: str
    S3DestinationDescription: "S3DestinationDescription"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    VpcConfigurationDescription: "VpcConfigurationDescription"
    DocumentIdOptions: "DocumentIdOptions"


class ExtendedS3DestinationDescription(TypedDict, total=False):
    RoleARN: Required[str]
    BucketARN: Required[str]
    Prefix: str
    ErrorOutputPrefix: str
    BufferingHints: Required["BufferingHints"]
    CompressionFormat: Required[str]
    EncryptionConfiguration: Required["EncryptionConfiguration"]
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    S3BackupDescription: "S3DestinationDescription"
    DataFormatConversionConfiguration: "DataFormatConversionConfiguration"
    DynamicPartitioningConfiguration: "DynamicPartitioningConfiguration"
    FileExtension: str
    CustomTimeZone: str


class HttpEndpointCommonAttribute(TypedDict, total=False):
    AttributeName: Required[str]
    AttributeValue: Required[str]


class HttpEndpointDestinationDescription(TypedDict, total=False):
    EndpointConfiguration: "HttpEndpointDescription"
    BufferingHints: "HttpEndpointBufferingHints"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    RequestConfiguration: "HttpEndpointRequestConfiguration"
    ProcessingConfiguration: "ProcessingConfiguration"
    RoleARN: str
    RetryOptions: "HttpEndpointRetryOptions"
    S3BackupMode: str
    S3DestinationDescription: "S3DestinationDescription"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class IcebergDestinationDescription(TypedDict, total=False):
    DestinationTableConfigurationList: list["DestinationTableConfiguration"]
    SchemaEvolutionConfiguration: "SchemaEvolutionConfiguration"
    TableCreationConfiguration: "TableCreationConfiguration"
    BufferingHints: "BufferingHints"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    RetryOptions: "RetryOptions"
    RoleARN: str
    AppendOnly: bool
    CatalogConfiguration: "CatalogConfiguration"
    S3DestinationDescription: "S3DestinationDescription"


class InputFormatConfiguration(TypedDict, total=False):
    Deserializer: "Deserializer"


class KMSEncryptionConfig(TypedDict, total=False):
    AWSKMSKeyARN: Required[str]


class KinesisStreamSourceDescription(TypedDict, total=False):
    KinesisStreamARN: str
    RoleARN: str
    DeliveryStartTimestamp: datetime


class MSKSourceDescription(TypedDict, total=False):
    MSKClusterARN: str
    TopicName: str
    AuthenticationConfiguration: "AuthenticationConfiguration"
    DeliveryStartTimestamp: datetime
    ReadFromTimestamp: datetime


class OutputFormatConfiguration(TypedDict, total=False):
    Serializer: "Serializer"


class PartitionSpec(TypedDict, total=False):
    Identity: list["PartitionField"]


class Processor(TypedDict, total=False):
    Type: Required[str]
    Parameters: list["ProcessorParameter"]


class RedshiftDestinationDescription(TypedDict, total=False):
    RoleARN: Required[str]
    ClusterJDBCURL: Required[str]
    CopyCommand: Required["CopyCommand"]
    Username: str
    RetryOptions: "RedshiftRetryOptions"
    S3DestinationDescription: Required["S3DestinationDescription"]
    ProcessingConfiguration: "ProcessingConfiguration"
    S3BackupMode: str
    S3BackupDescription: "S3DestinationDescription"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class S3DestinationDescription(TypedDict, total=False):
    RoleARN: Required[str]
    BucketARN: Required[str]
    Prefix: str
    ErrorOutputPrefix: str
    BufferingHints: Required["BufferingHints"]
    CompressionFormat: Required[str]
    EncryptionConfiguration: Required["EncryptionConfiguration"]
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"


class SchemaConfiguration(TypedDict, total=False):
    RoleARN: str
    CatalogId: str
    DatabaseName: str
    TableName: str
    Region: str
    VersionId: str


class SnowflakeDestinationDescription(TypedDict, total=False):
    AccountUrl: str
    User: str
    Database: str
    Schema: str
    Table: str
    SnowflakeRoleConfiguration: "SnowflakeRoleConfiguration"
    DataLoadingOption: str
    MetaDataColumnName: str
    ContentColumnName: str
    SnowflakeVpcConfiguration: "SnowflakeVpcConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    ProcessingConfiguration: "ProcessingConfiguration"
    RoleARN: str
    RetryOptions: "SnowflakeRetryOptions"
    S3BackupMode: str
    S3DestinationDescription: "S3DestinationDescription"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"
    BufferingHints: "SnowflakeBufferingHints"


class SplunkDestinationDescription(TypedDict, total=False):
    HECEndpoint: str
    HECEndpointType: str
    HECToken: str
    HECAcknowledgmentTimeoutInSeconds: int
    RetryOptions: "SplunkRetryOptions"
    S3BackupMode: str
    S3DestinationDescription: "S3DestinationDescription"
    ProcessingConfiguration: "ProcessingConfiguration"
    CloudWatchLoggingOptions: "CloudWatchLoggingOptions"
    BufferingHints: "SplunkBufferingHints"
    SecretsManagerConfiguration: "SecretsManagerConfiguration"


class DatabaseSnapshotInfo(TypedDict, total=False):
    Id: Required[str]
    Table: Required[str]
    RequestTimestamp: Required[datetime]
    RequestedBy: Required[str]
    Status: Required[str]
    FailureDescription: "FailureDescription"


class Deserializer(TypedDict, total=False):
    OpenXJsonSerDe: "OpenXJsonSerDe"
    HiveJsonSerDe: "HiveJsonSerDe"


class HttpEndpointDescription(TypedDict, total=False):
    Url: str
    Name: str


class PartitionField(TypedDict, total=False):
    SourceName: Required[str]


class ProcessorParameter(TypedDict, total=False):
    ParameterName: Required[str]
    ParameterValue: Required[str]


class Serializer(TypedDict, total=False):
    ParquetSerDe: "ParquetSerDe"
    OrcSerDe: "OrcSerDe"


class VpcConfigurationDescription(TypedDict, total=False):
    SubnetIds: Required[list[str]]
    RoleARN: Required[str]
    SecurityGroupIds: Required[list[str]]
    VpcId: Required[str]


class HiveJsonSerDe(TypedDict, total=False):
    TimestampFormats: list[str]


class OpenXJsonSerDe(TypedDict, total=False):
    ConvertDotsInJsonKeysToUnderscores: bool
    CaseInsensitive: bool
    ColumnToJsonKeyMappings: dict[str, str]


class OrcSerDe(TypedDict, total=False):
    StripeSizeBytes: int
    BlockSizeBytes: int
    RowIndexStride: int
    EnablePadding: bool
    PaddingTolerance: float
    Compression: str
    BloomFilterColumns: list[str]
    BloomFilterFalsePositiveProbability: float
    DictionaryKeyThreshold: float
    FormatVersion: str


class ParquetSerDe(TypedDict, total=False):
    BlockSizeBytes: int
    PageSizeBytes: int
    Compression: str
    EnableDictionaryCompression: bool
    MaxPaddingBytes: int
    WriterVersion: str


class ConcurrentModificationExceptionError(ModelledError):
    code = "ConcurrentModificationException"


class InvalidArgumentExceptionError(ModelledError):
    code = "InvalidArgumentException"


class InvalidKMSResourceExceptionError(ModelledError):
    code = "InvalidKMSResourceException"


class InvalidSourceExceptionError(ModelledError):
    code = "InvalidSourceException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class ResourceInUseExceptionError(ModelledError):
    code = "ResourceInUseException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class ServiceUnavailableExceptionError(ModelledError):
    code = "ServiceUnavailableException"
