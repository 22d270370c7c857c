"""Wire types of Amazon Simple Storage Service, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Any, Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AbortMultipartUpload', 'CompleteMultipartUpload', 'CopyObject', 'CreateBucket', 'CreateBucketMetadataConfiguration', 'CreateBucketMetadataTableConfiguration', 'CreateMultipartUpload', 'CreateSession', 'DeleteBucket', 'DeleteBucketAnalyticsConfiguration', 'DeleteBucketCors', 'DeleteBucketEncryption', 'DeleteBucketIntelligentTieringConfiguration', 'DeleteBucketInventoryConfiguration', 'DeleteBucketLifecycle', 'DeleteBucketMetadataConfiguration', 'DeleteBucketMetadataTableConfiguration', 'DeleteBucketMetricsConfiguration', 'DeleteBucketOwnershipControls', 'DeleteBucketPolicy', 'DeleteBucketReplication', 'DeleteBucketTagging', 'DeleteBucketWebsite', 'DeleteObject', 'DeleteObjectAnnotation', 'DeleteObjectTagging', 'DeleteObjects', 'DeletePublicAccessBlock', 'GetBucketAbac', 'GetBucketAccelerateConfiguration', 'GetBucketAcl', 'GetBucketAnalyticsConfiguration', 'GetBucketCors', 'GetBucketEncryption', 'GetBucketIntelligentTieringConfiguration', 'GetBucketInventoryConfiguration', 'GetBucketLifecycle', 'GetBucketLifecycleConfiguration', 'GetBucketLocation', 'GetBucketLogging', 'GetBucketMetadataConfiguration', 'GetBucketMetadataTableConfiguration', 'GetBucketMetricsConfiguration', 'GetBucketNotification', 'GetBucketNotificationConfiguration', 'GetBucketOwnershipControls', 'GetBucketPolicy', 'GetBucketPolicyStatus', 'GetBucketReplication', 'GetBucketRequestPayment', 'GetBucketTagging', 'GetBucketVersioning', 'GetBucketWebsite', 'GetObject', 'GetObjectAcl', 'GetObjectAnnotation', 'GetObjectAttributes', 'GetObjectLegalHold', 'GetObjectLockConfiguration', 'GetObjectRetention', 'GetObjectTagging', 'GetObjectTorrent', 'GetPublicAccessBlock', 'HeadBucket', 'HeadObject', 'ListBucketAnalyticsConfigurations', 'ListBucketIntelligentTieringConfigurations', 'ListBucketInventoryConfigurations', 'ListBucketMetricsConfigurations', 'ListBuckets', 'ListDirectoryBuckets', 'ListMultipartUploads', 'ListObjectAnnotations', 'ListObjectVersions', 'ListObjects', 'ListObjectsV2', 'ListParts', 'PutBucketAbac', 'PutBucketAccelerateConfiguration', 'PutBucketAcl', 'PutBucketAnalyticsConfiguration', 'PutBucketCors', 'PutBucketEncryption', 'PutBucketIntelligentTieringConfiguration', 'PutBucketInventoryConfiguration', 'PutBucketLifecycle', 'PutBucketLifecycleConfiguration', 'PutBucketLogging', 'PutBucketMetricsConfiguration', 'PutBucketNotification', 'PutBucketNotificationConfiguration', 'PutBucketOwnershipControls', 'PutBucketPolicy', 'PutBucketReplication', 'PutBucketRequestPayment', 'PutBucketTagging', 'PutBucketVersioning', 'PutBucketWebsite', 'PutObject', 'PutObjectAcl', 'PutObjectAnnotation', 'PutObjectLegalHold', 'PutObjectLockConfiguration', 'PutObjectRetention', 'PutObjectTagging', 'PutPublicAccessBlock', 'RenameObject', 'RestoreObject', 'SelectObjectContent', 'UpdateBucketMetadataAnnotationTableConfiguration', 'UpdateBucketMetadataInventoryTableConfiguration', 'UpdateBucketMetadataJournalTableConfiguration', 'UpdateObjectEncryption', 'UploadPart', 'UploadPartCopy', 'WriteGetObjectResponse')


class AbortMultipartUploadOutput(TypedDict, total=False):
    RequestCharged: str


class AbortMultipartUploadRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    UploadId: Required[str]
    RequestPayer: str
    ExpectedBucketOwner: str
    IfMatchInitiatedTime: datetime


class CompleteMultipartUploadOutput(TypedDict, total=False):
    Location: str
    Bucket: str
    Key: str
    Expiration: str
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    ServerSideEncryption: str
    VersionId: str
    SSEKMSKeyId: str
    BucketKeyEnabled: bool
    RequestCharged: str


class CompleteMultipartUploadRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    MultipartUpload: "CompletedMultipartUpload"
    UploadId: Required[str]
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    MpuObjectSize: int
    RequestPayer: str
    ExpectedBucketOwner: str
    IfMatch: str
    IfNoneMatch: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str


class CopyObjectOutput(TypedDict, total=False):
    CopyObjectResult: "CopyObjectResult"
    Expiration: str
    CopySourceVersionId: str
    VersionId: str
    ServerSideEncryption: str
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    RequestCharged: str


class CopyObjectRequest(TypedDict, total=False):
    ACL: str
    Bucket: Required[str]
    CacheControl: str
    ChecksumAlgorithm: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentType: str
    CopySource: Required[str]
    CopySourceIfMatch: str
    CopySourceIfModifiedSince: datetime
    CopySourceIfNoneMatch: str
    CopySourceIfUnmodifiedSince: datetime
    Expires: datetime
    GrantFullControl: str
    GrantRead: str
    GrantReadACP: str
    GrantWriteACP: str
    IfMatch: str
    IfNoneMatch: str
    Key: Required[str]
    Metadata: dict[str, str]
    MetadataDirective: str
    TaggingDirective: str
    AnnotationDirective: str
    ServerSideEncryption: str
    StorageClass: str
    WebsiteRedirectLocation: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    CopySourceSSECustomerAlgorithm: str
    CopySourceSSECustomerKey: str
    CopySourceSSECustomerKeyMD5: str
    RequestPayer: str
    Tagging: str
    ObjectLockMode: str
    ObjectLockRetainUntilDate: datetime
    ObjectLockLegalHoldStatus: str
    ObjectLockEventHold: str
    ObjectLockEventHoldDurationDays: int
    ObjectLockEventHoldDurationYears: int
    ExpectedBucketOwner: str
    ExpectedSourceBucketOwner: str


class CreateBucketMetadataConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    MetadataConfiguration: Required["MetadataConfiguration"]
    ExpectedBucketOwner: str


class CreateBucketMetadataTableConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    MetadataTableConfiguration: Required["MetadataTableConfiguration"]
    ExpectedBucketOwner: str


class CreateBucketOutput(TypedDict, total=False):
    Location: str
    BucketArn: str


class CreateBucketRequest(TypedDict, total=False):
    ACL: str
    Bucket: Required[str]
    CreateBucketConfiguration: "CreateBucketConfiguration"
    GrantFullControl: str
    GrantRead: str
    GrantReadACP: str
    GrantWrite: str
    GrantWriteACP: str
    ObjectLockEnabledForBucket: bool
    ObjectOwnership: str
    BucketNamespace: str


class CreateMultipartUploadOutput(TypedDict, total=False):
    AbortDate: datetime
    AbortRuleId: str
    Bucket: str
    Key: str
    UploadId: str
    ServerSideEncryption: str
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    RequestCharged: str
    ChecksumAlgorithm: str
    ChecksumType: str


class CreateMultipartUploadRequest(TypedDict, total=False):
    ACL: str
    Bucket: Required[str]
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentType: str
    Expires: datetime
    GrantFullControl: str
    GrantRead: str
    GrantReadACP: str
    GrantWriteACP: str
    Key: Required[str]
    Metadata: dict[str, str]
    ServerSideEncryption: str
    StorageClass: str
    WebsiteRedirectLocation: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    RequestPayer: str
    Tagging: str
    ObjectLockMode: str
    ObjectLockRetainUntilDate: datetime
    ObjectLockLegalHoldStatus: str
    ObjectLockEventHold: str
    ObjectLockEventHoldDurationDays: int
    ObjectLockEventHoldDurationYears: int
    ExpectedBucketOwner: str
    ChecksumAlgorithm: str
    ChecksumType: str


class CreateSessionOutput(TypedDict, total=False):
    ServerSideEncryption: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    Credentials: Required["SessionCredentials"]


class CreateSessionRequest(TypedDict, total=False):
    SessionMode: str
    Bucket: Required[str]
    ServerSideEncryption: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool


class DeleteBucketAnalyticsConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketCorsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketIntelligentTieringConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketInventoryConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketLifecycleRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketMetadataConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketMetadataTableConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketMetricsConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketOwnershipControlsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketPolicyRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketReplicationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteBucketWebsiteRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class DeleteObjectAnnotationOutput(TypedDict, total=False):
    ObjectVersionId: str
    RequestCharged: str


class DeleteObjectAnnotationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    AnnotationName: Required[str]
    VersionId: str
    RequestPayer: str
    ExpectedBucketOwner: str
    ObjectIfMatch: str


class DeleteObjectOutput(TypedDict, total=False):
    DeleteMarker: bool
    VersionId: str
    RequestCharged: str


class DeleteObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    MFA: str
    VersionId: str
    RequestPayer: str
    BypassGovernanceRetention: bool
    ExpectedBucketOwner: str
    IfMatch: str
    IfMatchLastModifiedTime: datetime
    IfMatchSize: int


class DeleteObjectTaggingOutput(TypedDict, total=False):
    VersionId: str


class DeleteObjectTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    ExpectedBucketOwner: str


class DeleteObjectsOutput(TypedDict, total=False):
    Deleted: list["DeletedObject"]
    RequestCharged: str
    Errors: list["Error"]


class DeleteObjectsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delete: Required["Delete"]
    MFA: str
    RequestPayer: str
    BypassGovernanceRetention: bool
    ExpectedBucketOwner: str
    ChecksumAlgorithm: str


class DeletePublicAccessBlockRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketAbacOutput(TypedDict, total=False):
    AbacStatus: "AbacStatus"


class GetBucketAbacRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketAccelerateConfigurationOutput(TypedDict, total=False):
    Status: str
    RequestCharged: str


class GetBucketAccelerateConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str
    RequestPayer: str


class GetBucketAclOutput(TypedDict, total=False):
    Owner: "Owner"
    Grants: list["Grant"]


class GetBucketAclRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketAnalyticsConfigurationOutput(TypedDict, total=False):
    AnalyticsConfiguration: "AnalyticsConfiguration"


class GetBucketAnalyticsConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class GetBucketCorsOutput(TypedDict, total=False):
    CORSRules: list["CORSRule"]


class GetBucketCorsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketEncryptionOutput(TypedDict, total=False):
    ServerSideEncryptionConfiguration: "ServerSideEncryptionConfiguration"


class GetBucketEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketIntelligentTieringConfigurationOutput(TypedDict, total=False):
    IntelligentTieringConfiguration: "IntelligentTieringConfiguration"


class GetBucketIntelligentTieringConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class GetBucketInventoryConfigurationOutput(TypedDict, total=False):
    InventoryConfiguration: "InventoryConfiguration"


class GetBucketInventoryConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class GetBucketLifecycleConfigurationOutput(TypedDict, total=False):
    Rules: list["LifecycleRule"]
    TransitionDefaultMinimumObjectSize: str


class GetBucketLifecycleConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketLifecycleOutput(TypedDict, total=False):
    Rules: list["Rule"]


class GetBucketLifecycleRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketLocationOutput(TypedDict, total=False):
    LocationConstraint: str


class GetBucketLocationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketLoggingOutput(TypedDict, total=False):
    LoggingEnabled: "LoggingEnabled"


class GetBucketLoggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketMetadataConfigurationOutput(TypedDict, total=False):
    GetBucketMetadataConfigurationResult: "GetBucketMetadataConfigurationResult"


class GetBucketMetadataConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketMetadataTableConfigurationOutput(TypedDict, total=False):
    GetBucketMetadataTableConfigurationResult: "GetBucketMetadataTableConfigurationResult"


class GetBucketMetadataTableConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketMetricsConfigurationOutput(TypedDict, total=False):
    MetricsConfiguration: "MetricsConfiguration"


class GetBucketMetricsConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str


class GetBucketNotificationConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketOwnershipControlsOutput(TypedDict, total=False):
    OwnershipControls: "OwnershipControls"


class GetBucketOwnershipControlsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketPolicyOutput(TypedDict, total=False):
    Policy: str


class GetBucketPolicyRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketPolicyStatusOutput(TypedDict, total=False):
    PolicyStatus: "PolicyStatus"


class GetBucketPolicyStatusRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketReplicationOutput(TypedDict, total=False):
    ReplicationConfiguration: "ReplicationConfiguration"


class GetBucketReplicationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketRequestPaymentOutput(TypedDict, total=False):
    Payer: str


class GetBucketRequestPaymentRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketTaggingOutput(TypedDict, total=False):
    TagSet: Required[list["Tag"]]


class GetBucketTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketVersioningOutput(TypedDict, total=False):
    Status: str
    MFADelete: str


class GetBucketVersioningRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetBucketWebsiteOutput(TypedDict, total=False):
    RedirectAllRequestsTo: "RedirectAllRequestsTo"
    IndexDocument: "IndexDocument"
    ErrorDocument: "ErrorDocument"
    RoutingRules: list["RoutingRule"]


class GetBucketWebsiteRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetObjectAclOutput(TypedDict, total=False):
    Owner: "Owner"
    Grants: list["Grant"]
    RequestCharged: str


class GetObjectAclRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    RequestPayer: str
    ExpectedBucketOwner: str


class GetObjectAnnotationOutput(TypedDict, total=False):
    AnnotationPayload: Any
    ObjectVersionId: str
    LastModified: datetime
    ContentLength: int
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    ServerSideEncryption: str
    RequestCharged: str
    ReplicationStatus: str


class GetObjectAnnotationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    AnnotationName: Required[str]
    VersionId: str
    RequestPayer: str
    ExpectedBucketOwner: str
    ChecksumMode: str


class GetObjectAttributesOutput(TypedDict, total=False):
    DeleteMarker: bool
    LastModified: datetime
    VersionId: str
    RequestCharged: str
    ETag: str
    Checksum: "Checksum"
    ObjectParts: "GetObjectAttributesParts"
    StorageClass: str
    ObjectSize: int


class GetObjectAttributesRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    MaxParts: int
    PartNumberMarker: int
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    RequestPayer: str
    ExpectedBucketOwner: str
    ObjectAttributes: Required[list[str]]


class GetObjectLegalHoldOutput(TypedDict, total=False):
    LegalHold: "ObjectLockLegalHold"


class GetObjectLegalHoldRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    RequestPayer: str
    ExpectedBucketOwner: str


class GetObjectLockConfigurationOutput(TypedDict, total=False):
    ObjectLockConfiguration: "ObjectLockConfiguration"


class GetObjectLockConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class GetObjectOutput(TypedDict, total=False):
    Body: Any
    DeleteMarker: bool
    AcceptRanges: str
    Expiration: str
    Restore: str
    LastModified: datetime
    ContentLength: int
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    MissingMeta: int
    VersionId: str
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentRange: str
    ContentType: str
    Expires: datetime
    WebsiteRedirectLocation: str
    ServerSideEncryption: str
    Metadata: dict[str, str]
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    BucketKeyEnabled: bool
    StorageClass: str
    RequestCharged: str
    ReplicationStatus: str
    PartsCount: int
    TagCount: int
    ObjectLockMode: str
    ObjectLockRetainUntilDate: datetime
    ObjectLockLegalHoldStatus: str
    ObjectLockEventHold: str
    ObjectLockEventHoldDurationDays: int
    ObjectLockEventHoldDurationYears: int


class GetObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    IfMatch: str
    IfModifiedSince: datetime
    IfNoneMatch: str
    IfUnmodifiedSince: datetime
    Key: Required[str]
    Range: str
    ResponseCacheControl: str
    ResponseContentDisposition: str
    ResponseContentEncoding: str
    ResponseContentLanguage: str
    ResponseContentType: str
    ResponseExpires: datetime
    VersionId: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    RequestPayer: str
    PartNumber: int
    ExpectedBucketOwner: str
    ChecksumMode: str


class GetObjectRetentionOutput(TypedDict, total=False):
    Retention: "ObjectLockRetention"


class GetObjectRetentionRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    RequestPayer: str
    ExpectedBucketOwner: str


class GetObjectTaggingOutput(TypedDict, total=False):
    VersionId: str
    TagSet: Required[list["Tag"]]


class GetObjectTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    ExpectedBucketOwner: str
    RequestPayer: str


class GetObjectTorrentOutput(TypedDict, total=False):
    Body: Any
    RequestCharged: str


class GetObjectTorrentRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    RequestPayer: str
    ExpectedBucketOwner: str


class GetPublicAccessBlockOutput(TypedDict, total=False):
    PublicAccessBlockConfiguration: "PublicAccessBlockConfiguration"


class GetPublicAccessBlockRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class HeadBucketOutput(TypedDict, total=False):
    BucketArn: str
    BucketLocationType: str
    BucketLocationName: str
    BucketRegion: str
    AccessPointAlias: bool


class HeadBucketRequest(TypedDict, total=False):
    Bucket: Required[str]
    ExpectedBucketOwner: str


class HeadObjectOutput(TypedDict, total=False):
    DeleteMarker: bool
    AcceptRanges: str
    Expiration: str
    Restore: str
    ArchiveStatus: str
    LastModified: datetime
    ContentLength: int
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    ETag: str
    MissingMeta: int
    VersionId: str
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentType: str
    ContentRange: str
    Expires: datetime
    WebsiteRedirectLocation: str
    ServerSideEncryption: str
    Metadata: dict[str, str]
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    BucketKeyEnabled: bool
    StorageClass: str
    RequestCharged: str
    ReplicationStatus: str
    PartsCount: int
    TagCount: int
    ObjectLockMode: str
    ObjectLockRetainUntilDate: datetime
    ObjectLockLegalHoldStatus: str
    ObjectLockEventHold: str
    ObjectLockEventHoldDurationDays: int
    ObjectLockEventHoldDurationYears: int


class HeadObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    IfMatch: str
    IfModifiedSince: datetime
    IfNoneMatch: str
    IfUnmodifiedSince: datetime
    Key: Required[str]
    Range: str
    ResponseCacheControl: str
    ResponseContentDisposition: str
    ResponseContentEncoding: str
    ResponseContentLanguage: str
    ResponseContentType: str
    ResponseExpires: datetime
    VersionId: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    RequestPayer: str
    PartNumber: int
    ExpectedBucketOwner: str
    ChecksumMode: str


class ListBucketAnalyticsConfigurationsOutput(TypedDict, total=False):
    IsTruncated: bool
    ContinuationToken: str
    NextContinuationToken: str
    AnalyticsConfigurationList: list["AnalyticsConfiguration"]


class ListBucketAnalyticsConfigurationsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContinuationToken: str
    ExpectedBucketOwner: str


class ListBucketIntelligentTieringConfigurationsOutput(TypedDict, total=False):
    IsTruncated: bool
    ContinuationToken: str
    NextContinuationToken: str
    IntelligentTieringConfigurationList: list["IntelligentTieringConfiguration"]


class ListBucketIntelligentTieringConfigurationsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContinuationToken: str
    ExpectedBucketOwner: str


class ListBucketInventoryConfigurationsOutput(TypedDict, total=False):
    ContinuationToken: str
    InventoryConfigurationList: list["InventoryConfiguration"]
    IsTruncated: bool
    NextContinuationToken: str


class ListBucketInventoryConfigurationsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContinuationToken: str
    ExpectedBucketOwner: str


class ListBucketMetricsConfigurationsOutput(TypedDict, total=False):
    IsTruncated: bool
    ContinuationToken: str
    NextContinuationToken: str
    MetricsConfigurationList: list["MetricsConfiguration"]


class ListBucketMetricsConfigurationsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContinuationToken: str
    ExpectedBucketOwner: str


class ListBucketsOutput(TypedDict, total=False):
    Buckets: list["Bucket"]
    Owner: "Owner"
    ContinuationToken: str
    Prefix: str


class ListBucketsRequest(TypedDict, total=False):
    MaxBuckets: int
    ContinuationToken: str
    Prefix: str
    BucketRegion: str


class ListDirectoryBucketsOutput(TypedDict, total=False):
    Buckets: list["Bucket"]
    ContinuationToken: str


class ListDirectoryBucketsRequest(TypedDict, total=False):
    ContinuationToken: str
    MaxDirectoryBuckets: int


class ListMultipartUploadsOutput(TypedDict, total=False):
    Bucket: str
    KeyMarker: str
    UploadIdMarker: str
    NextKeyMarker: str
    Prefix: str
    Delimiter: str
    NextUploadIdMarker: str
    MaxUploads: int
    IsTruncated: bool
    Uploads: list["MultipartUpload"]
    CommonPrefixes: list["CommonPrefix"]
    EncodingType: str
    RequestCharged: str


class ListMultipartUploadsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    KeyMarker: str
    MaxUploads: int
    Prefix: str
    UploadIdMarker: str
    ExpectedBucketOwner: str
    RequestPayer: str


class ListObjectAnnotationsOutput(TypedDict, total=False):
    Annotations: list["AnnotationEntry"]
    Bucket: str
    Key: str
    ObjectVersionId: str
    AnnotationPrefix: str
    MaxAnnotationResults: int
    AnnotationCount: int
    ContinuationToken: str
    NextContinuationToken: str
    RequestCharged: str


class ListObjectAnnotationsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    MaxAnnotationResults: int
    AnnotationPrefix: str
    ContinuationToken: str
    RequestPayer: str
    ExpectedBucketOwner: str


class ListObjectVersionsOutput(TypedDict, total=False):
    IsTruncated: bool
    KeyMarker: str
    VersionIdMarker: str
    NextKeyMarker: str
    NextVersionIdMarker: str
    Versions: list["ObjectVersion"]
    DeleteMarkers: list["DeleteMarkerEntry"]
    Name: str
    Prefix: str
    Delimiter: str
    MaxKeys: int
    CommonPrefixes: list["CommonPrefix"]
    EncodingType: str
    RequestCharged: str


class ListObjectVersionsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    KeyMarker: str
    MaxKeys: int
    Prefix: str
    VersionIdMarker: str
    ExpectedBucketOwner: str
    RequestPayer: str
    OptionalObjectAttributes: list[str]


class ListObjectsOutput(TypedDict, total=False):
    IsTruncated: bool
    Marker: str
    NextMarker: str
    Contents: list["Object"]
    Name: str
    Prefix: str
    Delimiter: str
    MaxKeys: int
    CommonPrefixes: list["CommonPrefix"]
    EncodingType: str
    RequestCharged: str


class ListObjectsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    Marker: str
    MaxKeys: int
    Prefix: str
    RequestPayer: str
    ExpectedBucketOwner: str
    OptionalObjectAttributes: list[str]


class ListObjectsV2Output(TypedDict, total=False):
    IsTruncated: bool
    Contents: list["Object"]
    Name: str
    Prefix: str
    Delimiter: str
    MaxKeys: int
    CommonPrefixes: list["CommonPrefix"]
    EncodingType: str
    KeyCount: int
    ContinuationToken: str
    NextContinuationToken: str
    StartAfter: str
    RequestCharged: str


class ListObjectsV2Request(TypedDict, total=False):
    Bucket: Required[str]
    Delimiter: str
    EncodingType: str
    MaxKeys: int
    Prefix: str
    ContinuationToken: str
    FetchOwner: bool
    StartAfter: str
    RequestPayer: str
    ExpectedBucketOwner: str
    OptionalObjectAttributes: list[str]


class ListPartsOutput(TypedDict, total=False):
    AbortDate: datetime
    AbortRuleId: str
    Bucket: str
    Key: str
    UploadId: str
    PartNumberMarker: int
    NextPartNumberMarker: int
    MaxParts: int
    IsTruncated: bool
    Parts: list["Part"]
    Initiator: "Initiator"
    Owner: "Owner"
    StorageClass: str
    RequestCharged: str
    ChecksumAlgorithm: str
    ChecksumType: str


class ListPartsRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    MaxParts: int
    PartNumberMarker: int
    UploadId: Required[str]
    RequestPayer: str
    ExpectedBucketOwner: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str


class NotificationConfiguration(TypedDict, total=False):
    TopicConfigurations: list["TopicConfiguration"]
    QueueConfigurations: list["QueueConfiguration"]
    LambdaFunctionConfigurations: list["LambdaFunctionConfiguration"]
    EventBridgeConfiguration: "EventBridgeConfiguration"


class NotificationConfigurationDeprecated(TypedDict, total=False):
    TopicConfiguration: "TopicConfigurationDeprecated"
    QueueConfiguration: "QueueConfigurationDeprecated"
    CloudFunctionConfiguration: "CloudFunctionConfiguration"


class PutBucketAbacRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str
    AbacStatus: Required["AbacStatus"]


class PutBucketAccelerateConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    AccelerateConfiguration: Required["AccelerateConfiguration"]
    ExpectedBucketOwner: str
    ChecksumAlgorithm: str


class PutBucketAclRequest(TypedDict, total=False):
    ACL: str
    AccessControlPolicy: "AccessControlPolicy"
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    GrantFullControl: str
    GrantRead: str
    GrantReadACP: str
    GrantWrite: str
    GrantWriteACP: str
    ExpectedBucketOwner: str


class PutBucketAnalyticsConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    AnalyticsConfiguration: Required["AnalyticsConfiguration"]
    ExpectedBucketOwner: str


class PutBucketCorsRequest(TypedDict, total=False):
    Bucket: Required[str]
    CORSConfiguration: Required["CORSConfiguration"]
    ContentMD5: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str


class PutBucketEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    ServerSideEncryptionConfiguration: Required["ServerSideEncryptionConfiguration"]
    ExpectedBucketOwner: str


class PutBucketIntelligentTieringConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    ExpectedBucketOwner: str
    IntelligentTieringConfiguration: Required["IntelligentTieringConfiguration"]


class PutBucketInventoryConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    InventoryConfiguration: Required["InventoryConfiguration"]
    ExpectedBucketOwner: str


class PutBucketLifecycleConfigurationOutput(TypedDict, total=False):
    TransitionDefaultMinimumObjectSize: str


class PutBucketLifecycleConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ChecksumAlgorithm: str
    LifecycleConfiguration: "BucketLifecycleConfiguration"
    ExpectedBucketOwner: str
    TransitionDefaultMinimumObjectSize: str


class PutBucketLifecycleRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    LifecycleConfiguration: "LifecycleConfiguration"
    ExpectedBucketOwner: str


class PutBucketLoggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    BucketLoggingStatus: Required["BucketLoggingStatus"]
    ContentMD5: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str


class PutBucketMetricsConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Id: Required[str]
    MetricsConfiguration: Required["MetricsConfiguration"]
    ExpectedBucketOwner: str


class PutBucketNotificationConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    NotificationConfiguration: Required["NotificationConfiguration"]
    ExpectedBucketOwner: str
    SkipDestinationValidation: bool


class PutBucketNotificationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    NotificationConfiguration: Required["NotificationConfigurationDeprecated"]
    ExpectedBucketOwner: str


class PutBucketOwnershipControlsRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ExpectedBucketOwner: str
    OwnershipControls: Required["OwnershipControls"]
    ChecksumAlgorithm: str


class PutBucketPolicyRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    ConfirmRemoveSelfBucketAccess: bool
    Policy: Required[str]
    ExpectedBucketOwner: str


class PutBucketReplicationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    ReplicationConfiguration: Required["ReplicationConfiguration"]
    Token: str
    ExpectedBucketOwner: str


class PutBucketRequestPaymentRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    RequestPaymentConfiguration: Required["RequestPaymentConfiguration"]
    ExpectedBucketOwner: str


class PutBucketTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    Tagging: Required["Tagging"]
    ExpectedBucketOwner: str


class PutBucketVersioningRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    MFA: str
    VersioningConfiguration: Required["VersioningConfiguration"]
    ExpectedBucketOwner: str


class PutBucketWebsiteRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    WebsiteConfiguration: Required["WebsiteConfiguration"]
    ExpectedBucketOwner: str


class PutObjectAclOutput(TypedDict, total=False):
    RequestCharged: str


class PutObjectAclRequest(TypedDict, total=False):
    ACL: str
    AccessControlPolicy: "AccessControlPolicy"
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    GrantFullControl: str
    GrantRead: str
    GrantReadACP: str
    GrantWrite: str
    GrantWriteACP: str
    Key: Required[str]
    RequestPayer: str
    VersionId: str
    ExpectedBucketOwner: str


class PutObjectAnnotationOutput(TypedDict, total=False):
    Key: str
    AnnotationName: str
    ObjectVersionId: str
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    ServerSideEncryption: str
    RequestCharged: str


class PutObjectAnnotationRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    AnnotationName: Required[str]
    AnnotationPayload: Required[Any]
    ObjectIfMatch: str
    ChecksumAlgorithm: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ContentMD5: str
    RequestPayer: str
    ExpectedBucketOwner: str


class PutObjectLegalHoldOutput(TypedDict, total=False):
    RequestCharged: str


class PutObjectLegalHoldRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    LegalHold: "ObjectLockLegalHold"
    RequestPayer: str
    VersionId: str
    ContentMD5: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str


class PutObjectLockConfigurationOutput(TypedDict, total=False):
    RequestCharged: str


class PutObjectLockConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ObjectLockConfiguration: "ObjectLockConfiguration"
    RequestPayer: str
    Token: str
    ContentMD5: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str


class PutObjectOutput(TypedDict, total=False):
    Expiration: str
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str
    ServerSideEncryption: str
    VersionId: str
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    Size: int
    RequestCharged: str


class PutObjectRequest(TypedDict, total=False):
    ACL: str
    Body: Any
    Bucket: Required[str]
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentLength: int
    ContentMD5: str
    ContentType: str
    ChecksumAlgorithm: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    Expires: datetime
    IfMatch: str
    IfNoneMatch: str
    GrantFullControl: str
    GrantRead: str
    GrantReadACP: str
    GrantWriteACP: str
    Key: Required[str]
    WriteOffsetBytes: int
    Metadata: dict[str, str]
    ServerSideEncryption: str
    StorageClass: str
    WebsiteRedirectLocation: str
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    SSEKMSEncryptionContext: str
    BucketKeyEnabled: bool
    RequestPayer: str
    Tagging: str
    ObjectLockMode: str
    ObjectLockRetainUntilDate: datetime
    ObjectLockLegalHoldStatus: str
    ObjectLockEventHold: str
    ObjectLockEventHoldDurationDays: int
    ObjectLockEventHoldDurationYears: int
    ExpectedBucketOwner: str


class PutObjectRetentionOutput(TypedDict, total=False):
    RequestCharged: str


class PutObjectRetentionRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    Retention: "ObjectLockRetention"
    RequestPayer: str
    VersionId: str
    BypassGovernanceRetention: bool
    ContentMD5: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str


class PutObjectTaggingOutput(TypedDict, total=False):
    VersionId: str


class PutObjectTaggingRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    ContentMD5: str
    ChecksumAlgorithm: str
    Tagging: Required["Tagging"]
    ExpectedBucketOwner: str
    RequestPayer: str


class PutPublicAccessBlockRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    PublicAccessBlockConfiguration: Required["PublicAccessBlockConfiguration"]
    ExpectedBucketOwner: str


class RenameObjectOutput(TypedDict, total=False):
    pass


class RenameObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    RenameSource: Required[str]
    DestinationIfMatch: str
    DestinationIfNoneMatch: str
    DestinationIfModifiedSince: datetime
    DestinationIfUnmodifiedSince: datetime
    SourceIfMatch: str
    SourceIfNoneMatch: str
    SourceIfModifiedSince: datetime
    SourceIfUnmodifiedSince: datetime
    ClientToken: str


class RestoreObjectOutput(TypedDict, total=False):
    RequestCharged: str
    RestoreOutputPath: str


class RestoreObjectRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    RestoreRequest: "RestoreRequest"
    RequestPayer: str
    ChecksumAlgorithm: str
    ExpectedBucketOwner: str


class SelectObjectContentOutput(TypedDict, total=False):
    Payload: "SelectObjectContentEventStream"


class SelectObjectContentRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    Expression: Required[str]
    ExpressionType: Required[str]
    RequestProgress: "RequestProgress"
    InputSerialization: Required["InputSerialization"]
    OutputSerialization: Required["OutputSerialization"]
    ScanRange: "ScanRange"
    ExpectedBucketOwner: str


class UpdateBucketMetadataAnnotationTableConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    AnnotationTableConfiguration: Required["AnnotationTableConfigurationUpdates"]
    ExpectedBucketOwner: str


class UpdateBucketMetadataInventoryTableConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    InventoryTableConfiguration: Required["InventoryTableConfigurationUpdates"]
    ExpectedBucketOwner: str


class UpdateBucketMetadataJournalTableConfigurationRequest(TypedDict, total=False):
    Bucket: Required[str]
    ContentMD5: str
    ChecksumAlgorithm: str
    JournalTableConfiguration: Required["JournalTableConfigurationUpdates"]
    ExpectedBucketOwner: str


class UpdateObjectEncryptionRequest(TypedDict, total=False):
    Bucket: Required[str]
    Key: Required[str]
    VersionId: str
    ObjectEncryption: Required["ObjectEncryption"]
    RequestPayer: str
    ExpectedBucketOwner: str
    ContentMD5: str
    ChecksumAlgorithm: str


class UpdateObjectEncryptionResponse(TypedDict, total=False):
    RequestCharged: str


class UploadPartCopyOutput(TypedDict, total=False):
    CopySourceVersionId: str
    CopyPartResult: "CopyPartResult"
    ServerSideEncryption: str
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    BucketKeyEnabled: bool
    RequestCharged: str


class UploadPartCopyRequest(TypedDict, total=False):
    Bucket: Required[str]
    CopySource: Required[str]
    CopySourceIfMatch: str
    CopySourceIfModifiedSince: datetime
    CopySourceIfNoneMatch: str
    CopySourceIfUnmodifiedSince: datetime
    CopySourceRange: str
    Key: Required[str]
    PartNumber: Required[int]
    UploadId: Required[str]
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    CopySourceSSECustomerAlgorithm: str
    CopySourceSSECustomerKey: str
    CopySourceSSECustomerKeyMD5: str
    RequestPayer: str
    ExpectedBucketOwner: str
    ExpectedSourceBucketOwner: str


class UploadPartOutput(TypedDict, total=False):
    ServerSideEncryption: str
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    SSECustomerAlgorithm: str
    SSECustomerKeyMD5: str
    SSEKMSKeyId: str
    BucketKeyEnabled: bool
    RequestCharged: str


class UploadPartRequest(TypedDict, total=False):
    Body: Any
    Bucket: Required[str]
    ContentLength: int
    ContentMD5: str
    ChecksumAlgorithm: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    Key: Required[str]
    PartNumber: Required[int]
    UploadId: Required[str]
    SSECustomerAlgorithm: str
    SSECustomerKey: str
    SSECustomerKeyMD5: str
    RequestPayer: str
    ExpectedBucketOwner: str


class WriteGetObjectResponseRequest(TypedDict, total=False):
    RequestRoute: Required[str]
    RequestToken: Required[str]
    Body: Any
    StatusCode: int
    ErrorCode: str
    ErrorMessage: str
    AcceptRanges: str
    CacheControl: str
    ContentDisposition: str
    ContentEncoding: str
    ContentLanguage: str
    ContentLength: int
    ContentRange: str
    ContentType: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    DeleteMarker: bool
    ETag: str
    Expires: datetime
    Expiration: str
    LastModified: datetime
    MissingMeta: int
    Metadata: dict[str, str]
    ObjectLockMode: str
    ObjectLockLegalHoldStatus: str
    ObjectLockRetainUntilDate: datetime
    PartsCount: int
    ReplicationStatus: str
    RequestCharged: str
    Restore: str
    ServerSideEncryption: str
    SSECustomerAlgorithm: str
    SSEKMSKeyId: str
    SSECustomerKeyMD5: str
    StorageClass: str
    TagCount: int
    VersionId: str
    BucketKeyEnabled: bool


class AbacStatus(TypedDict, total=False):
    Status: str


class AccelerateConfiguration(TypedDict, total=False):
    Status: str


class AccessControlPolicy(TypedDict, total=False):
    Grants: list["Grant"]
    Owner: "Owner"


class AnalyticsConfiguration(TypedDict, total=False):
    Id: Required[str]
    Filter: "AnalyticsFilter"
    StorageClassAnalysis: Required["StorageClassAnalysis"]


class AnnotationEntry(TypedDict, total=False):
    AnnotationName: Required[str]
    LastModified: Required[datetime]
    ETag: str
    ChecksumAlgorithm: list[str]
    Size: Required[int]
    ReplicationStatus: str


class AnnotationTableConfigurationUpdates(TypedDict, total=False):
    ConfigurationState: Required[str]
    EncryptionConfiguration: "MetadataTableEncryptionConfiguration"
    Role: str


class Bucket(TypedDict, total=False):
    Name: str
    CreationDate: datetime
    BucketRegion: str
    BucketArn: str


class BucketLifecycleConfiguration(TypedDict, total=False):
    Rules: Required[list["LifecycleRule"]]


class BucketLoggingStatus(TypedDict, total=False):
    LoggingEnabled: "LoggingEnabled"


class CORSConfiguration(TypedDict, total=False):
    CORSRules: Required[list["CORSRule"]]


class CORSRule(TypedDict, total=False):
    ID: str
    AllowedHeaders: list[str]
    AllowedMethods: Required[list[str]]
    AllowedOrigins: Required[list[str]]
    ExposeHeaders: list[str]
    MaxAgeSeconds: int


class Checksum(TypedDict, total=False):
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    ChecksumType: str


class CloudFunctionConfiguration(TypedDict, total=False):
    Id: str
    Event: str
    Events: list[str]
    CloudFunction: str
    InvocationRole: str


class CommonPrefix(TypedDict, total=False):
    Prefix: str


class CompletedMultipartUpload(TypedDict, total=False):
    Parts: list["CompletedPart"]


class CopyObjectResult(TypedDict, total=False):
    ETag: str
    LastModified: datetime
    ChecksumType: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str


class CopyPartResult(TypedDict, total=False):
    ETag: str
    LastModified: datetime
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str


class CreateBucketConfiguration(TypedDict, total=False):
    LocationConstraint: str
    Location: "LocationInfo"
    Bucket: "BucketInfo"
    Tags: list["Tag"]


class Delete(TypedDict, total=False):
    Objects: Required[list["ObjectIdentifier"]]
    Quiet: bool


class DeleteMarkerEntry(TypedDict, total=False):
    Owner: "Owner"
    Key: str
    VersionId: str
    IsLatest: bool
    LastModified: datetime


class DeletedObject(TypedDict, total=False):
    Key: str
    VersionId: str
    DeleteMarker: bool
    DeleteMarkerVersionId: str


class Error(TypedDict, total=False):
    Key: str
    VersionId: str
    Code: str
    Message: str


class ErrorDocument(TypedDict, total=False):
    Key: Required[str]


class EventBridgeConfiguration(TypedDict, total=False):
    pass


class GetBucketMetadataConfigurationResult(TypedDict, total=False):
    MetadataConfigurationResult: Required["MetadataConfigurationResult"]


class GetBucketMetadataTableConfigurationResult(TypedDict, total=False):
    MetadataTableConfigurationResult: Required["MetadataTableConfigurationResult"]
    Status: Required[str]
    Error: "ErrorDetails"


class GetObjectAttributesParts(TypedDict, total=False):
    TotalPartsCount: int
    PartNumberMarker: int
    NextPartNumberMarker: int
    MaxParts: int
    IsTruncated: bool
    Parts: list["ObjectPart"]


class Grant(TypedDict, total=False):
    Grantee: "Grantee"
    Permission: str


class IndexDocument(TypedDict, total=False):
    Suffix: Required[str]


class Initiator(TypedDict, total=False):
    ID: str
    DisplayName: str


class InputSerialization(TypedDict, total=False):
    CSV: "CSVInput"
    CompressionType: str
    JSON: "JSONInput"
    Parquet: "ParquetInput"


class IntelligentTieringConfiguration(TypedDict, total=False):
    Id: Required[str]
    Filter: "IntelligentTieringFilter"
    Status: Required[str]
    Tierings: Required[list["Tiering"]]


class InventoryConfiguration(TypedDict, total=False):
    Destination: Required["InventoryDestination"]
    IsEnabled: Required[bool]
    Filter: "InventoryFilter"
    Id: Required[str]
    IncludedObjectVersions: Required[str]
    OptionalFields: list[str]
    Schedule: Required["InventorySchedule"]


class InventoryTableConfigurationUpdates(TypedDict, total=False):
    ConfigurationState: Required[str]
    EncryptionConfiguration: "MetadataTableEncryptionConfiguration"


class JournalTableConfigurationUpdates(TypedDict, total=False):
    RecordExpiration: Required["RecordExpiration"]


class LambdaFunctionConfiguration(TypedDict, total=False):
    Id: str
    LambdaFunctionArn: Required[str]
    Events: Required[list[str]]
    Filter: "NotificationConfigurationFilter"


class LifecycleConfiguration(TypedDict, total=False):
    Rules: Required[list["Rule"]]


class LifecycleRule(TypedDict, total=False):
    Expiration: "LifecycleExpiration"
    ID: str
    Prefix: str
    Filter: "LifecycleRuleFilter"
    Status: Required[str]
    Transitions: list["Transition"]
    NoncurrentVersionTransitions: list["NoncurrentVersionTransition"]
    NoncurrentVersionExpiration: "NoncurrentVersionExpiration"
    AbortIncompleteMultipartUpload: "AbortIncompleteMultipartUpload"


class LoggingEnabled(TypedDict, total=False):
    TargetBucket: Required[str]
    TargetGrants: list["TargetGrant"]
    TargetPrefix: Required[str]
    TargetObjectKeyFormat: "TargetObjectKeyFormat"


class MetadataConfiguration(TypedDict, total=False):
    JournalTableConfiguration: Required["JournalTableConfiguration"]
    InventoryTableConfiguration: "InventoryTableConfiguration"
    AnnotationTableConfiguration: "AnnotationTableConfiguration"


class MetadataTableConfiguration(TypedDict, total=False):
    S3TablesDestination: Required["S3TablesDestination"]


class MetricsConfiguration(TypedDict, total=False):
    Id: Required[str]
    Filter: "MetricsFilter"


class MultipartUpload(TypedDict, total=False):
    UploadId: str
    Key: str
    Initiated: datetime
    StorageClass: str
    Owner: "Owner"
    Initiator: "Initiator"
    ChecksumAlgorithm: str
    ChecksumType: str


class Object(TypedDict, total=False):
    Key: str
    LastModified: datetime
    ETag: str
    ChecksumAlgorithm: list[str]
    ChecksumType: str
    Size: int
    StorageClass: str
    Owner: "Owner"
    RestoreStatus: "RestoreStatus"


class ObjectEncryption(TypedDict, total=False):
    SSEKMS: "SSEKMSEncryption"


class ObjectLockConfiguration(TypedDict, total=False):
    ObjectLockEnabled: str
    Rule: "ObjectLockRule"


class ObjectLockLegalHold(TypedDict, total=False):
    Status: str


class ObjectLockRetention(TypedDict, total=False):
    Mode: str
    RetainUntilDate: datetime
    EventHold: str
    EventHoldDuration: "EventHoldDuration"


class ObjectVersion(TypedDict, total=False):
    ETag: str
    ChecksumAlgorithm: list[str]
    ChecksumType: str
    Size: int
    StorageClass: str
    Key: str
    VersionId: str
    IsLatest: bool
    LastModified: datetime
    Owner: "Owner"
    RestoreStatus: "RestoreStatus"


class OutputSerialization(TypedDict, total=False):
    CSV: "CSVOutput"
    JSON: "JSONOutput"


class Owner(TypedDict, total=False):
    DisplayName: str
    ID: str


class OwnershipControls(TypedDict, total=False):
    Rules: Required[list["OwnershipControlsRule"]]


class Part(TypedDict, total=False):
    PartNumber: int
    LastModified: datetime
    ETag: str
    Size: int
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str


class PolicyStatus(TypedDict, total=False):
    IsPublic: bool


class PublicAccessBlockConfiguration(TypedDict, total=False):
    BlockPublicAcls: bool
    IgnorePublicAcls: bool
    BlockPublicPolicy: bool
    RestrictPublicBuckets: bool


class QueueConfiguration(TypedDict, total=False):
    Id: str
    QueueArn: Required[str]
    Events: Required[list[str]]
    Filter: "NotificationConfigurationFilter"


class QueueConfigurationDeprecated(TypedDict, total=False):
    Id: str
    Event: str
    Events: list[str]
    Queue: str


class RedirectAllRequestsTo(TypedDict, total=False):
    HostName: Required[str]
    Protocol: str


class ReplicationConfiguration(TypedDict, total=False):
    Role: Required[str]
    Rules: Required[list["ReplicationRule"]]


class RequestPaymentConfiguration(TypedDict, total=False):
    Payer: Required[str]


class RequestProgress(TypedDict, total=False):
    Enabled: bool


class RestoreRequest(TypedDict, total=False):
    Days: int
    GlacierJobParameters: "GlacierJobParameters"
    Type: str
    Tier: str
    Description: str
    SelectParameters: "SelectParameters"
    OutputLocation: "OutputLocation"


class RoutingRule(TypedDict, total=False):
    Condition: "Condition"
    Redirect: Required["Redirect"]


class Rule(TypedDict, total=False):
    Expiration: "LifecycleExpiration"
    ID: str
    Prefix: Required[str]
    Status: Required[str]
    Transition: "Transition"
    NoncurrentVersionTransition: "NoncurrentVersionTransition"
    NoncurrentVersionExpiration: "NoncurrentVersionExpiration"
    AbortIncompleteMultipartUpload: "AbortIncompleteMultipartUpload"


class ScanRange(TypedDict, total=False):
    Start: int
    End: int


class SelectObjectContentEventStream(TypedDict, total=False):
    Records: "RecordsEvent"
    Stats: "StatsEvent"
    Progress: "ProgressEvent"
    Cont: "ContinuationEvent"
    End: "EndEvent"


class ServerSideEncryptionConfiguration(TypedDict, total=False):
    Rules: Required[list["ServerSideEncryptionRule"]]


class SessionCredentials(TypedDict, total=False):
    AccessKeyId: Required[str]
    SecretAccessKey: Required[str]
    SessionToken: Required[str]
    Expiration: Required[datetime]


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class Tagging(TypedDict, total=False):
    TagSet: Required[list["Tag"]]


class TopicConfiguration(TypedDict, total=False):
    Id: str
    TopicArn: Required[str]
    Events: Required[list[str]]
    Filter: "NotificationConfigurationFilter"


class TopicConfigurationDeprecated(TypedDict, total=False):
    Id: str
    Events: list[str]
    Event: str
    Topic: str


class VersioningConfiguration(TypedDict, total=False):
    MFADelete: str
    Status: str


class WebsiteConfiguration(TypedDict, total=False):
    ErrorDocument: "ErrorDocument"
    IndexDocument: "IndexDocument"
    RedirectAllRequestsTo: "RedirectAllRequestsTo"
    RoutingRules: list["RoutingRule"]


class AbortIncompleteMultipartUpload(TypedDict, total=False):
    DaysAfterInitiation: int


class AnalyticsFilter(TypedDict, total=False):
    Prefix: str
    Tag: "Tag"
    And: "AnalyticsAndOperator"


class AnnotationTableConfiguration(TypedDict, total=False):
    ConfigurationState: Required[str]
    EncryptionConfiguration: "MetadataTableEncryptionConfiguration"
    Role: str


class BucketInfo(TypedDict, total=False):
    DataRedundancy: str
    Type: str


class CSVInput(TypedDict, total=False):
    FileHeaderInfo: str
    Comments: str
    QuoteEscapeCharacter: str
    RecordDelimiter: str
    FieldDelimiter: str
    QuoteCharacter: str
    AllowQuotedRecordDelimiter: bool


class CSVOutput(TypedDict, total=False):
    QuoteFields: str
    QuoteEscapeCharacter: str
    RecordDelimiter: str
    FieldDelimiter: str
    QuoteCharacter: str


class CompletedPart(TypedDict, total=False):
    ETag: str
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str
    PartNumber: int


class Condition(TypedDict, total=False):
    HttpErrorCodeReturnedEquals: str
    KeyPrefixEquals: str


class ContinuationEvent(TypedDict, total=False):
    pass


class EndEvent(TypedDict, total=False):
    pass


class ErrorDetails(TypedDict, total=False):
    ErrorCode: str
    ErrorMessage: str


class EventHoldDuration(TypedDict, total=False):
    Days: int
    Years: int


class GlacierJobParameters(TypedDict, total=False):
    Tier: Required[str]


class Grantee(TypedDict, total=False):
    DisplayName: str
    EmailAddress: str
    ID: str
    Type: Required[str]
    URI: str


class IntelligentTieringFilter(TypedDict, total=False):
    Prefix: str
    Tag: "Tag"
    And: "IntelligentTieringAndOperator"


class InventoryDestination(TypedDict, total=False):
    S3BucketDestination: Required["InventoryS3BucketDestination"]


class InventoryFilter(TypedDict, total=False):
    Prefix: Required[str]


class InventorySchedule(TypedDict, total=False):
    Frequency: Required[str]


class InventoryTableConfiguration(TypedDict, total=False):
    ConfigurationState: Required[str]
    EncryptionConfiguration: "MetadataTableEncryptionConfiguration"


class JSONInput(TypedDict, total=False):
    Type: str


class JSONOutput(TypedDict, total=False):
    RecordDelimiter: str


class JournalTableConfiguration(TypedDict, total=False):
    RecordExpiration: Required["RecordExpiration"]
    EncryptionConfiguration: "MetadataTableEncryptionConfiguration"


class LifecycleExpiration(TypedDict, total=False):
    Date: datetime
    Days: int
    ExpiredObjectDeleteMarker: bool


class LifecycleRuleFilter(TypedDict, total=False):
    Prefix: str
    Tag: "Tag"
    ObjectSizeGreaterThan: int
    ObjectSizeLessThan: int
    And: "LifecycleRuleAndOperator"


class LocationInfo(TypedDict, total=False):
    Type: str
    Name: str


class MetadataConfigurationResult(TypedDict, total=False):
    DestinationResult: Required["DestinationResult"]
    JournalTableConfigurationResult: "JournalTableConfigurationResult"
    InventoryTableConfigurationResult: "InventoryTableConfigurationResult"
    AnnotationTableConfigurationResult: "AnnotationTableConfigurationResult"


class MetadataTableConfigurationResult(TypedDict, total=False):
    S3TablesDestinationResult: Required["S3TablesDestinationResult"]


class MetadataTableEncryptionConfiguration(TypedDict, total=False):
    SseAlgorithm: Required[str]
    KmsKeyArn: str


class MetricsFilter(TypedDict, total=False):
    Prefix: str
    Tag: "Tag"
    AccessPointArn: str
    And: "MetricsAndOperator"


class NoncurrentVersionExpiration(TypedDict, total=False):
    NoncurrentDays: int
    NewerNoncurrentVersions: int


class NoncurrentVersionTransition(TypedDict, total=False):
    NoncurrentDays: int
    StorageClass: str
    NewerNoncurrentVersions: int


class NotificationConfigurationFilter(TypedDict, total=False):
    Key: "S3KeyFilter"


class ObjectIdentifier(TypedDict, total=False):
    Key: Required[str]
    VersionId: str
    ETag: str
    LastModifiedTime: datetime
    Size: int


class ObjectLockRule(TypedDict, total=False):
    DefaultRetention: "DefaultRetention"


class ObjectPart(TypedDict, total=False):
    PartNumber: int
    Size: int
    ChecksumCRC32: str
    ChecksumCRC32C: str
    ChecksumCRC64NVME: str
    ChecksumSHA1: str
    ChecksumSHA256: str
    ChecksumSHA512: str
    ChecksumMD5: str
    ChecksumXXHASH64: str
    ChecksumXXHASH3: str
    ChecksumXXHASH128: str


class OutputLocation(TypedDict, total=False):
    S3: "S3Location"


class OwnershipControlsRule(TypedDict, total=False):
    ObjectOwnership: Required[str]


class ParquetInput(TypedDict, total=False):
    pass


class ProgressEvent(TypedDict, total=False):
    Details: "Progress"


class RecordExpiration(TypedDict, total=False):
    Expiration: Required[str]
    Days: int


class RecordsEvent(TypedDict, total=False):
    Payload: bytes


class Redirect(TypedDict, total=False):
    HostName: str
    HttpRedirectCode: str
    Protocol: str
    ReplaceKeyPrefixWith: str
    ReplaceKeyWith: str


class ReplicationRule(TypedDict, total=False):
    ID: str
    Priority: int
    Prefix: str
    Filter: "ReplicationRuleFilter"
    Status: Required[str]
    SourceSelectionCriteria: "SourceSelectionCriteria"
    ExistingObjectReplication: "ExistingObjectReplication"
    Destination: Required["Destination"]
    DeleteMarkerReplication: "DeleteMarkerReplication"


class RestoreStatus(TypedDict, total=False):
    IsRestoreInProgress: bool
    RestoreExpiryDate: datetime


class S3TablesDestination(TypedDict, total=False):
    TableBucketArn: Required[str]
    TableName: Required[str]


class SSEKMSEncryption(TypedDict, total=False):
    KMSKeyArn: Required[str]
    BucketKeyEnabled: bool


class SelectParameters(TypedDict, total=False):
    InputSerialization: Required["InputSerialization"]
    ExpressionType: Required[str]
    Expression: Required[str]
    OutputSerialization: Required["OutputSerialization"]


class ServerSideEncryptionRule(TypedDict, total=False):
    ApplyServerSideEncryptionByDefault: "ServerSideEncryptionByDefault"
    BucketKeyEnabled: bool
    BlockedEncryptionTypes: "BlockedEncryptionTypes"


class StatsEvent(TypedDict, total=False):
    Details: "Stats"


class StorageClassAnalysis(TypedDict, total=False):
    DataExport: "StorageClassAnalysisDataExport"


class TargetGrant(TypedDict, total=False):
    Grantee: "Grantee"
    Permission: str


class TargetObjectKeyFormat(TypedDict, total=False):
    SimplePrefix: "SimplePrefix"
    PartitionedPrefix: "PartitionedPrefix"


class Tiering(TypedDict, total=False):
    Days: Required[int]
    AccessTier: Required[str]


class Transition(TypedDict, total=False):
    Date: datetime
    Days: int
    StorageClass: str


class AnalyticsAndOperator(TypedDict, total=False):
    Prefix: str
    Tags: list["Tag"]


class AnnotationTableConfigurationResult(TypedDict, total=False):
    ConfigurationState: Required[str]
    TableStatus: str
    Error: "ErrorDetails"
    TableName: str
    TableArn: str
    Role: str


class BlockedEncryptionTypes(TypedDict, total=False):
    EncryptionType: list[str]


class DefaultRetention(TypedDict, total=False):
    Mode: str
    Days: int
    Years: int
    DefaultEventHold: "EventHoldDuration"


class DeleteMarkerReplication(TypedDict, total=False):
    Status: str


class Destination(TypedDict, total=False):
    Bucket: Required[str]
    Account: str
    StorageClass: str
    AccessControlTranslation: "AccessControlTranslation"
    EncryptionConfiguration: "EncryptionConfiguration"
    ReplicationTime: "ReplicationTime"
    Metrics: "Metrics"


class DestinationResult(TypedDict, total=False):
    TableBucketType: str
    TableBucketArn: str
    TableNamespace: str


class ExistingObjectReplication(TypedDict, total=False):
    Status: Required[str]


class IntelligentTieringAndOperator(TypedDict, total=False):
    Prefix: str
    Tags: list["Tag"]


class InventoryS3BucketDestination(TypedDict, total=False):
    AccountId: str
    Bucket: Required[str]
    Format: Required[str]
    Prefix: str
    Encryption: "InventoryEncryption"


class InventoryTableConfigurationResult(TypedDict, total=False):
    ConfigurationState: Required[str]
    TableStatus: str
    Error: "ErrorDetails"
    TableName: str
    TableArn: str


class JournalTableConfigurationResult(TypedDict, total=False):
    TableStatus: Required[str]
    Error: "ErrorDetails"
    TableName: Required[str]
    TableArn: str
    RecordExpiration: Required["RecordExpiration"]


class LifecycleRuleAndOperator(TypedDict, total=False):
    Prefix: str
    Tags: list["Tag"]
    ObjectSizeGreaterThan: int
    ObjectSizeLessThan: int


class MetricsAndOperator(TypedDict, total=False):
    Prefix: str
    Tags: list["Tag"]
    AccessPointArn: str


class PartitionedPrefix(TypedDict, total=False):
    PartitionDateSource: str


class Progress(TypedDict, total=False):
    BytesScanned: int
    BytesProcessed: int
    BytesReturned: int


class ReplicationRuleFilter(TypedDict, total=False):
    Prefix: str
    Tag: "Tag"
    And: "ReplicationRuleAndOperator"


class S3KeyFilter(TypedDict, total=False):
    FilterRules: list["FilterRule"]


class S3Location(TypedDict, total=False):
    BucketName: Required[str]
    Prefix: Required[str]
    Encryption: "Encryption"
    CannedACL: str
    AccessControlList: list["Grant"]
    Tagging: "Tagging"
    UserMetadata: list["MetadataEntry"]
    StorageClass: str


class S3TablesDestinationResult(TypedDict, total=False):
    TableBucketArn: Required[str]
    TableName: Required[str]
    TableArn: Required[str]
    TableNamespace: Required[str]


class ServerSideEncryptionByDefault(TypedDict, total=False):
    SSEAlgorithm: Required[str]
    KMSMasterKeyID: str


class SimplePrefix(TypedDict, total=False):
    pass


class SourceSelectionCriteria(TypedDict, total=False):
    SseKmsEncryptedObjects: "SseKmsEncryptedObjects"
    ReplicaModifications: "ReplicaModifications"


class Stats(TypedDict, total=False):
    BytesScanned: int
    BytesProcessed: int
    BytesReturned: int


class StorageClassAnalysisDataExport(TypedDict, total=False):
    OutputSchemaVersion: Required[str]
    Destination: Required["AnalyticsExportDestination"]


class AccessControlTranslation(TypedDict, total=False):
    Owner: Required[str]


class AnalyticsExportDestination(TypedDict, total=False):
    S3BucketDestination: Required["AnalyticsS3BucketDestination"]


class Encryption(TypedDict, total=False):
    EncryptionType: Required[str]
    KMSKeyId: str
    KMSContext: str


class EncryptionConfiguration(TypedDict, total=False):
    ReplicaKmsKeyID: str


class FilterRule(TypedDict, total=False):
    Name: str
    Value: str


class InventoryEncryption(TypedDict, total=False):
    SSES3: "SSES3"
    SSEKMS: "SSEKMS"


class MetadataEntry(TypedDict, total=False):
    Name: str
    Value: str


class Metrics(TypedDict, total=False):
    Status: Required[str]
    EventThreshold: "ReplicationTimeValue"


class ReplicaModifications(TypedDict, total=False):
    Status: Required[str]


class ReplicationRuleAndOperator(TypedDict, total=False):
    Prefix: str
    Tags: list["Tag"]


class ReplicationTime(TypedDict, total=False):
    Status: Required[str]
    Time: Required["ReplicationTimeValue"]


class SseKmsEncryptedObjects(TypedDict, total=False):
    Status: Required[str]


class AnalyticsS3BucketDestination(TypedDict, total=False):
    Format: Required[str]
    BucketAccountId: str
    Bucket: Required[str]
    Prefix: str


class ReplicationTimeValue(TypedDict, total=False):
    Minutes: int


class SSEKMS(TypedDict, total=False):
    KeyId: Required[str]


class SSES3(TypedDict, total=False):
    pass


class AccessDeniedError(ModelledError):
    code = "AccessDenied"
    status = 403


class AnnotationLimitExceededError(ModelledError):
    code = "AnnotationLimitExceeded"
    status = 400


class AnnotationNameTooLongError(ModelledError):
    code = "AnnotationNameTooLong"
    status = 400


class BucketAlreadyExistsError(ModelledError):
    code = "BucketAlreadyExists"
    status = 409


class BucketAlreadyOwnedByYouError(ModelledError):
    code = "BucketAlreadyOwnedByYou"
    status = 409


class EncryptionTypeMismatchError(ModelledError):
    code = "EncryptionTypeMismatch"
    status = 400


class IdempotencyParameterMismatchError(ModelledError):
    code = "IdempotencyParameterMismatch"
    status = 400


class InvalidAnnotationNameError(ModelledError):
    code = "InvalidAnnotationName"
    status = 400


class InvalidObjectStateError(ModelledError):
    code = "InvalidObjectState"
    status = 403


class InvalidPrefixError(ModelledError):
    code = "InvalidPrefix"
    status = 400


class InvalidRequestError(ModelledError):
    code = "InvalidRequest"
    status = 400


class InvalidWriteOffsetError(ModelledError):
    code = "InvalidWriteOffset"
    status = 400


class NoSuchAnnotationError(ModelledError):
    code = "NoSuchAnnotation"
    status = 404


class NoSuchBucketError(ModelledError):
    code = "NoSuchBucket"
    status = 404


class NoSuchKeyError(ModelledError):
    code = "NoSuchKey"
    status = 404


class NoSuchUploadError(ModelledError):
    code = "NoSuchUpload"
    status = 404


class ObjectAlreadyInActiveTierErrorError(ModelledError):
    code = "ObjectAlreadyInActiveTierError"
    status = 403


class ObjectNotInActiveTierErrorError(ModelledError):
    code = "ObjectNotInActiveTierError"
    status = 403


class TooManyPartsError(ModelledError):
    code = "TooManyParts"
    status = 400


class UnsupportedMediaTypeError(ModelledError):
    code = "UnsupportedMediaType"
    status = 415
