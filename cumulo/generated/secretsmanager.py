"""Wire types of AWS Secrets Manager, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AssociateCrossAccountReplica', 'BatchGetSecretValue', 'CancelRotateSecret', 'CreateSecret', 'DeleteResourcePolicy', 'DeleteSecret', 'DescribeSecret', 'DisassociateCrossAccountReplica', 'GetRandomPassword', 'GetResourcePolicy', 'GetSecretValue', 'ListResourcePolicies', 'ListSecretVersionIds', 'ListSecrets', 'PutResourcePolicy', 'PutSecretValue', 'RemoveRegionsFromReplication', 'ReplicateSecretToRegions', 'RestoreSecret', 'RotateSecret', 'StopReplicationToReplica', 'TagResource', 'UntagResource', 'UpdateSecret', 'UpdateSecretVersionStage', 'ValidateResourcePolicy')


class AssociateCrossAccountReplicaRequest(TypedDict, total=False):
    SecretId: Required[str]
    CrossAccountReplicaARN: Required[str]
    ReplicaRestriction: str
    ReplicationRoleARN: str


class AssociateCrossAccountReplicaResponse(TypedDict, total=False):
    ARN: str
    CrossAccountReplicaARN: str
    ReplicationStatus: str


class BatchGetSecretValueRequest(TypedDict, total=False):
    SecretIdList: list[str]
    Filters: list["Filter"]
    MaxResults: int
    NextToken: str


class BatchGetSecretValueResponse(TypedDict, total=False):
    SecretValues: list["SecretValueEntry"]
    NextToken: str
    Errors: list["APIErrorType"]


class CancelRotateSecretRequest(TypedDict, total=False):
    SecretId: Required[str]


class CancelRotateSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str


class CreateSecretRequest(TypedDict, total=False):
    Name: Required[str]
    ClientRequestToken: str
    Description: str
    KmsKeyId: str
    SecretBinary: bytes
    SecretString: str
    Tags: list["Tag"]
    AddReplicaRegions: list["ReplicaRegionType"]
    ForceOverwriteReplicaSecret: bool
    Type: str
    CrossAccountPrimaryARN: str


class CreateSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str
    ReplicationStatus: list["ReplicationStatusType"]


class DeleteResourcePolicyRequest(TypedDict, total=False):
    SecretId: Required[str]
    PolicyName: str


class DeleteResourcePolicyResponse(TypedDict, total=False):
    ARN: str
    Name: str
    PolicyName: str


class DeleteSecretRequest(TypedDict, total=False):
    SecretId: Required[str]
    RecoveryWindowInDays: int
    ForceDeleteWithoutRecovery: bool


class DeleteSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str
    DeletionDate: datetime


class DescribeSecretRequest(TypedDict, total=False):
    SecretId: Required[str]


class DescribeSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str
    Type: str
    Description: str
    KmsKeyId: str
    RotationEnabled: bool
    RotationLambdaARN: str
    RotationRules: "RotationRulesType"
    ExternalSecretRotationMetadata: list["ExternalSecretRotationMetadataItem"]
    ExternalSecretRotationRoleArn: str
    LastRotatedDate: datetime
    LastChangedDate: datetime
    LastAccessedDate: datetime
    DeletedDate: datetime
    NextRotationDate: datetime
    Tags: list["Tag"]
    VersionIdsToStages: dict[str, list[str]]
    OwningService: str
    CreatedDate: datetime
    PrimaryRegion: str
    ReplicationStatus: list["ReplicationStatusType"]
    CrossAccountPrimary: "CrossAccountPrimaryType"
    CrossAccountReplicas: list["CrossAccountReplicaEntry"]


class DisassociateCrossAccountReplicaRequest(TypedDict, total=False):
    SecretId: Required[str]
    CrossAccountReplicaARN: Required[str]


class DisassociateCrossAccountReplicaResponse(TypedDict, total=False):
    ARN: str
    CrossAccountReplicaARN: str


class GetRandomPasswordRequest(TypedDict, total=False):
    PasswordLength: int
    ExcludeCharacters: str
    ExcludeNumbers: bool
    ExcludePunctuation: bool
    ExcludeUppercase: bool
    ExcludeLowercase: bool
    IncludeSpace: bool
    RequireEachIncludedType: bool


class GetRandomPasswordResponse(TypedDict, total=False):
    RandomPassword: str


class GetResourcePolicyRequest(TypedDict, total=False):
    SecretId: Required[str]
    PolicyName: str


class GetResourcePolicyResponse(TypedDict, total=False):
    ARN: str
    Name: str
    ResourcePolicy: str
    PolicyName: str


class GetSecretValueRequest(TypedDict, total=False):
    SecretId: Required[str]
    VersionId: str
    VersionStage: str


class GetSecretValueResponse(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str
    SecretBinary: bytes
    SecretString: str
    VersionStages: list[str]
    CreatedDate: datetime


class ListResourcePoliciesRequest(TypedDict, total=False):
    SecretId: Required[str]
    MaxResults: int
    NextToken: str


class ListResourcePoliciesResponse(TypedDict, total=False):
    ResourcePolicies: Required[list["ResourcePolicySummary"]]
    NextToken: str


class ListSecretVersionIdsRequest(TypedDict, total=False):
    SecretId: Required[str]
    MaxResults: int
    NextToken: str
    IncludeDeprecated: bool


class ListSecretVersionIdsResponse(TypedDict, total=False):
    Versions: list["SecretVersionsListEntry"]
    NextToken: str
    ARN: str
    Name: str


class ListSecretsRequest(TypedDict, total=False):
    IncludePlannedDeletion: bool
    MaxResults: int
    NextToken: str
    Filters: list["Filter"]
    SortOrder: str
    SortBy: str


class ListSecretsResponse(TypedDict, total=False):
    SecretList: list["SecretListEntry"]
    NextToken: str


class PutResourcePolicyRequest(TypedDict, total=False):
    SecretId: Required[str]
    ResourcePolicy: Required[str]
    PolicyName: str
    BlockPublicPolicy: bool


class PutResourcePolicyResponse(TypedDict, total=False):
    ARN: str
    Name: str
    PolicyName: str


class PutSecretValueRequest(TypedDict, total=False):
    SecretId: Required[str]
    ClientRequestToken: str
    SecretBinary: bytes
    SecretString: str
    VersionStages: list[str]
    RotationToken: str


class PutSecretValueResponse(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str
    VersionStages: list[str]


class RemoveRegionsFromReplicationRequest(TypedDict, total=False):
    SecretId: Required[str]
    RemoveReplicaRegions: Required[list[str]]


class RemoveRegionsFromReplicationResponse(TypedDict, total=False):
    ARN: str
    ReplicationStatus: list["ReplicationStatusType"]


class ReplicateSecretToRegionsRequest(TypedDict, total=False):
    SecretId: Required[str]
    AddReplicaRegions: Required[list["ReplicaRegionType"]]
    ForceOverwriteReplicaSecret: bool


class ReplicateSecretToRegionsResponse(TypedDict, total=False):
    ARN: str
    ReplicationStatus: list["ReplicationStatusType"]


class RestoreSecretRequest(TypedDict, total=False):
    SecretId: Required[str]


class RestoreSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str


class RotateSecretRequest(TypedDict, total=False):
    SecretId: Required[str]
    ClientRequestToken: str
    RotationLambdaARN: str
    RotationRules: "RotationRulesType"
    ExternalSecretRotationMetadata: list["ExternalSecretRotationMetadataItem"]
    ExternalSecretRotationRoleArn: str
    RotateImmediately: bool


class RotateSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str


class StopReplicationToReplicaRequest(TypedDict, total=False):
    SecretId: Required[str]


class StopReplicationToReplicaResponse(TypedDict, total=False):
    ARN: str


class TagResourceRequest(TypedDict, total=False):
    SecretId: Required[str]
    Tags: Required[list["Tag"]]


class UntagResourceRequest(TypedDict, total=False):
    SecretId: Required[str]
    TagKeys: Required[list[str]]


class UpdateSecretRequest(TypedDict, total=False):
    SecretId: Required[str]
    ClientRequestToken: str
    Description: str
    KmsKeyId: str
    SecretBinary: bytes
    SecretString: str
    Type: str


class UpdateSecretResponse(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str


class UpdateSecretVersionStageRequest(TypedDict, total=False):
    SecretId: Required[str]
    VersionStage: Required[str]
    RemoveFromVersionId: str
    MoveToVersionId: str


class UpdateSecretVersionStageResponse(TypedDict, total=False):
    ARN: str
    Name: str


class ValidateResourcePolicyRequest(TypedDict, total=False):
    SecretId: str
    ResourcePolicy: Required[str]


class ValidateResourcePolicyResponse(TypedDict, total=False):
    PolicyValidationPassed: bool
    ValidationErrors: list["ValidationErrorsEntry"]


class APIErrorType(TypedDict, total=False):
    SecretId: str
    ErrorCode: str
    Message: str


class CrossAccountPrimaryType(TypedDict, total=False):
    PrimarySecretARN: str
    ReplicationStatus: str
    StatusMessage: str


class CrossAccountReplicaEntry(TypedDict, total=False):
    ReplicaSecretARN: str
    ReplicationRoleARN: str
    ReplicationStatus: str
    StatusMessage: str


class ExternalSecretRotationMetadataItem(TypedDict, total=False):
    Key: str
    Value: str


class Filter(TypedDict, total=False):
    Key: str
    Values: list[str]


class ReplicaRegionType(TypedDict, total=False):
    Region: str
    KmsKeyId: str


class ReplicationStatusType(TypedDict, total=False):
    Region: str
    KmsKeyId: str
    Status: str
    StatusMessage: str
    LastAccessedDate: datetime


class ResourcePolicySummary(TypedDict, total=False):
    PolicyName: str


class RotationRulesType(TypedDict, total=False):
    AutomaticallyAfterDays: int
    Duration: str
    ScheduleExpression: str


class SecretListEntry(TypedDict, total=False):
    ARN: str
    Name: str
    Type: str
    Description: str
    KmsKeyId: str
    RotationEnabled: bool
    RotationLambdaARN: str
    RotationRules: "RotationRulesType"
    ExternalSecretRotationMetadata: list["ExternalSecretRotationMetadataItem"]
    ExternalSecretRotationRoleArn: str
    LastRotatedDate: datetime
    LastChangedDate: datetime
    LastAccessedDate: datetime
    DeletedDate: datetime
    NextRotationDate: datetime
    Tags: list["Tag"]
    SecretVersionsToStages: dict[str, list[str]]
    OwningService: str
    CreatedDate: datetime
    PrimaryRegion: str


class SecretValueEntry(TypedDict, total=False):
    ARN: str
    Name: str
    VersionId: str
    SecretBinary: bytes
    SecretString: str
    VersionStages: list[str]
    CreatedDate: datetime


class SecretVersionsListEntry(TypedDict, total=False):
    VersionId: str
    VersionStages: list[str]
    LastAccessedDate: datetime
    CreatedDate: datetime
    KmsKeyIds: list[str]


class Tag(TypedDict, total=False):
    Key: str
    Value: str


class ValidationErrorsEntry(TypedDict, total=False):
    CheckName: str
    ErrorMessage: str


class DecryptionFailureError(ModelledError):
    code = "DecryptionFailure"


class EncryptionFailureError(ModelledError):
    code = "EncryptionFailure"


class InternalServiceErrorError(ModelledError):
    code = "InternalServiceError"


class InvalidNextTokenExceptionError(ModelledError):
    code = "InvalidNextTokenException"


class InvalidParameterExceptionError(ModelledError):
    code = "InvalidParameterException"


class InvalidRequestExceptionError(ModelledError):
    code = "InvalidRequestException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class MalformedPolicyDocumentExceptionError(ModelledError):
    code = "MalformedPolicyDocumentException"


class PreconditionNotMetExceptionError(ModelledError):
    code = "PreconditionNotMetException"


class PublicPolicyExceptionError(ModelledError):
    code = "PublicPolicyException"


class ResourceExistsExceptionError(ModelledError):
    code = "ResourceExistsException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"
