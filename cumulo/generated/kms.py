"""Wire types of AWS Key Management Service, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CancelKeyDeletion', 'ConnectCustomKeyStore', 'CreateAlias', 'CreateCustomKeyStore', 'CreateGrant', 'CreateKey', 'Decapsulate', 'Decrypt', 'DeleteAlias', 'DeleteCustomKeyStore', 'DeleteImportedKeyMaterial', 'DeriveSharedSecret', 'DescribeCustomKeyStores', 'DescribeKey', 'DisableKey', 'DisableKeyRotation', 'DisconnectCustomKeyStore', 'EnableKey', 'EnableKeyRotation', 'Encapsulate', 'Encrypt', 'GenerateDataKey', 'GenerateDataKeyPair', 'GenerateDataKeyPairWithoutPlaintext', 'GenerateDataKeyWithoutPlaintext', 'GenerateMac', 'GenerateRandom', 'GetKeyLastUsage', 'GetKeyPolicy', 'GetKeyRotationStatus', 'GetParametersForImport', 'GetPublicKey', 'ImportKeyMaterial', 'ListAliases', 'ListGrants', 'ListKeyPolicies', 'ListKeyRotations', 'ListKeys', 'ListResourceTags', 'ListRetirableGrants', 'PutKeyPolicy', 'ReEncrypt', 'ReplicateKey', 'RetireGrant', 'RevokeGrant', 'RotateKeyOnDemand', 'ScheduleKeyDeletion', 'Sign', 'TagResource', 'UntagResource', 'UpdateAlias', 'UpdateCustomKeyStore', 'UpdateKeyDescription', 'UpdatePrimaryRegion', 'Verify', 'VerifyMac')


class CancelKeyDeletionRequest(TypedDict, total=False):
    KeyId: Required[str]


class CancelKeyDeletionResponse(TypedDict, total=False):
    KeyId: str


class ConnectCustomKeyStoreRequest(TypedDict, total=False):
    CustomKeyStoreId: Required[str]


class ConnectCustomKeyStoreResponse(TypedDict, total=False):
    pass


class CreateAliasRequest(TypedDict, total=False):
    AliasName: Required[str]
    TargetKeyId: Required[str]


class CreateCustomKeyStoreRequest(TypedDict, total=False):
    CustomKeyStoreName: Required[str]
    CloudHsmClusterId: str
    TrustAnchorCertificate: str
    KeyStorePassword: str
    CustomKeyStoreType: str
    XksProxyUriEndpoint: str
    XksProxyUriPath: str
    XksProxyVpcEndpointServiceName: str
    XksProxyVpcEndpointServiceOwner: str
    XksProxyAuthenticationCredential: "XksProxyAuthenticationCredentialType"
    XksProxyConnectivity: str


class CreateCustomKeyStoreResponse(TypedDict, total=False):
    CustomKeyStoreId: str


class CreateGrantRequest(TypedDict, total=False):
    KeyId: Required[str]
    GranteePrincipal: str
    RetiringPrincipal: str
    Operations: Required[list[str]]
    Constraints: "GrantConstraints"
    GrantTokens: list[str]
    Name: str
    DryRun: bool
    GranteeServicePrincipal: str
    RetiringServicePrincipal: str


class CreateGrantResponse(TypedDict, total=False):
    GrantToken: str
    GrantId: str


class CreateKeyRequest(TypedDict, total=False):
    Policy: str
    Description: str
    KeyUsage: str
    CustomerMasterKeySpec: str
    KeySpec: str
    Origin: str
    CustomKeyStoreId: str
    BypassPolicyLockoutSafetyCheck: bool
    Tags: list["Tag"]
    MultiRegion: bool
    XksKeyId: str


class CreateKeyResponse(TypedDict, total=False):
    KeyMetadata: "KeyMetadata"


class DecapsulateRequest(TypedDict, total=False):
    KeyId: Required[str]
    SharedSecretCiphertextBlob: Required[bytes]
    EncapsulationAlgorithm: Required[str]
    GrantTokens: list[str]
    DryRun: bool


class DecapsulateResponse(TypedDict, total=False):
    KeyId: str
    SharedSecret: bytes
    EncapsulationAlgorithm: str


class DecryptRequest(TypedDict, total=False):
    CiphertextBlob: bytes
    EncryptionContext: dict[str, str]
    GrantTokens: list[str]
    KeyId: str
    EncryptionAlgorithm: str
    Recipient: "RecipientInfo"
    DryRun: bool
    DryRunModifiers: list[str]


class DecryptResponse(TypedDict, total=False):
    KeyId: str
    Plaintext: bytes
    EncryptionAlgorithm: str
    CiphertextForRecipient: bytes
    KeyMaterialId: str


class DeleteAliasRequest(TypedDict, total=False):
    AliasName: Required[str]


class DeleteCustomKeyStoreRequest(TypedDict, total=False):
    CustomKeyStoreId: Required[str]


class DeleteCustomKeyStoreResponse(TypedDict, total=False):
    pass


class DeleteImportedKeyMaterialRequest(TypedDict, total=False):
    KeyId: Required[str]
    KeyMaterialId: str


class DeleteImportedKeyMaterialResponse(TypedDict, total=False):
    KeyId: str
    KeyMaterialId: str


class DeriveSharedSecretRequest(TypedDict, total=False):
    KeyId: Required[str]
    KeyAgreementAlgorithm: Required[str]
    PublicKey: Required[bytes]
    GrantTokens: list[str]
    DryRun: bool
    Recipient: "RecipientInfo"


class DeriveSharedSecretResponse(TypedDict, total=False):
    KeyId: str
    SharedSecret: bytes
    CiphertextForRecipient: bytes
    KeyAgreementAlgorithm: str
    KeyOrigin: str


class DescribeCustomKeyStoresRequest(TypedDict, total=False):
    CustomKeyStoreId: str
    CustomKeyStoreName: str
    Limit: int
    Marker: str


class DescribeCustomKeyStoresResponse(TypedDict, total=False):
    CustomKeyStores: list["CustomKeyStoresListEntry"]
    NextMarker: str
    Truncated: bool


class DescribeKeyRequest(TypedDict, total=False):
    KeyId: Required[str]
    GrantTokens: list[str]


class DescribeKeyResponse(TypedDict, total=False):
    KeyMetadata: "KeyMetadata"


class DisableKeyRequest(TypedDict, total=False):
    KeyId: Required[str]


class DisableKeyRotationRequest(TypedDict, total=False):
    KeyId: Required[str]


class DisconnectCustomKeyStoreRequest(TypedDict, total=False):
    CustomKeyStoreId: Required[str]


class DisconnectCustomKeyStoreResponse(TypedDict, total=False):
    pass


class EnableKeyRequest(TypedDict, total=False):
    KeyId: Required[str]


class EnableKeyRotationRequest(TypedDict, total=False):
    KeyId: Required[str]
    RotationPeriodInDays: int


class EncapsulateRequest(TypedDict, total=False):
    KeyId: Required[str]
    EncapsulationAlgorithm: Required[str]
    GrantTokens: list[str]
    DryRun: bool


class EncapsulateResponse(TypedDict, total=False):
    KeyId: str
    SharedSecret: bytes
    SharedSecretCiphertextBlob: bytes
    EncapsulationAlgorithm: str


class EncryptRequest(TypedDict, total=False):
    KeyId: Required[str]
    Plaintext: Required[bytes]
    EncryptionContext: dict[str, str]
    GrantTokens: list[str]
    EncryptionAlgorithm: str
    DryRun: bool


class EncryptResponse(TypedDict, total=False):
    CiphertextBlob: bytes
    KeyId: str
    EncryptionAlgorithm: str


class GenerateDataKeyPairRequest(TypedDict, total=False):
    EncryptionContext: dict[str, str]
    KeyId: Required[str]
    KeyPairSpec: Required[str]
    GrantTokens: list[str]
    Recipient: "RecipientInfo"
    DryRun: bool


class GenerateDataKeyPairResponse(TypedDict, total=False):
    PrivateKeyCiphertextBlob: bytes
    PrivateKeyPlaintext: bytes
    PublicKey: bytes
    KeyId: str
    KeyPairSpec: str
    CiphertextForRecipient: bytes
    KeyMaterialId: str


class GenerateDataKeyPairWithoutPlaintextRequest(TypedDict, total=False):
    EncryptionContext: dict[str, str]
    KeyId: Required[str]
    KeyPairSpec: Required[str]
    GrantTokens: list[str]
    DryRun: bool


class GenerateDataKeyPairWithoutPlaintextResponse(TypedDict, total=False):
    PrivateKeyCiphertextBlob: bytes
    PublicKey: bytes
    KeyId: str
    KeyPairSpec: str
    KeyMaterialId: str


class GenerateDataKeyRequest(TypedDict, total=False):
    KeyId: Required[str]
    EncryptionContext: dict[str, str]
    NumberOfBytes: int
    KeySpec: str
    GrantTokens: list[str]
    Recipient: "RecipientInfo"
    DryRun: bool


class GenerateDataKeyResponse(TypedDict, total=False):
    CiphertextBlob: bytes
    Plaintext: bytes
    KeyId: str
    CiphertextForRecipient: bytes
    KeyMaterialId: str


class GenerateDataKeyWithoutPlaintextRequest(TypedDict, total=False):
    KeyId: Required[str]
    EncryptionContext: dict[str, str]
    KeySpec: str
    NumberOfBytes: int
    GrantTokens: list[str]
    DryRun: bool


class GenerateDataKeyWithoutPlaintextResponse(TypedDict, total=False):
    CiphertextBlob: bytes
    KeyId: str
    KeyMaterialId: str


class GenerateMacRequest(TypedDict, total=False):
    Message: Required[bytes]
    KeyId: Required[str]
    MacAlgorithm: Required[str]
    GrantTokens: list[str]
    DryRun: bool


class GenerateMacResponse(TypedDict, total=False):
    Mac: bytes
    MacAlgorithm: str
    KeyId: str


class GenerateRandomRequest(TypedDict, total=False):
    NumberOfBytes: int
    CustomKeyStoreId: str
    Recipient: "RecipientInfo"


class GenerateRandomResponse(TypedDict, total=False):
    Plaintext: bytes
    CiphertextForRecipient: bytes


class GetKeyLastUsageRequest(TypedDict, total=False):
    KeyId: Required[str]


class GetKeyLastUsageResponse(TypedDict, total=False):
    KeyId: str
    KeyLastUsage: "KeyLastUsageData"
    TrackingStartDate: datetime
    KeyCreationDate: datetime


class GetKeyPolicyRequest(TypedDict, total=False):
    KeyId: Required[str]
    PolicyName: str


class GetKeyPolicyResponse(TypedDict, total=False):
    Policy: str
    PolicyName: str


class GetKeyRotationStatusRequest(TypedDict, total=False):
    KeyId: Required[str]


class GetKeyRotationStatusResponse(TypedDict, total=False):
    KeyRotationEnabled: bool
    KeyId: str
    RotationPeriodInDays: int
    NextRotationDate: datetime
    OnDemandRotationStartDate: datetime


class GetParametersForImportRequest(TypedDict, total=False):
    KeyId: Required[str]
    WrappingAlgorithm: Required[str]
    WrappingKeySpec: Required[str]


class GetParametersForImportResponse(TypedDict, total=False):
    KeyId: str
    ImportToken: bytes
    PublicKey: bytes
    ParametersValidTo: datetime


class GetPublicKeyRequest(TypedDict, total=False):
    KeyId: Required[str]
    GrantTokens: list[str]


class GetPublicKeyResponse(TypedDict, total=False):
    KeyId: str
    PublicKey: bytes
    CustomerMasterKeySpec: str
    KeySpec: str
    KeyUsage: str
    EncryptionAlgorithms: list[str]
    SigningAlgorithms: list[str]
    KeyAgreementAlgorithms: list[str]
    EncapsulationAlgorithms: list[str]


class ImportKeyMaterialRequest(TypedDict, total=False):
    KeyId: Required[str]
    ImportToken: Required[bytes]
    EncryptedKeyMaterial: Required[bytes]
    ValidTo: datetime
    ExpirationModel: str
    ImportType: str
    KeyMaterialDescription: str
    KeyMaterialId: str


class ImportKeyMaterialResponse(TypedDict, total=False):
    KeyId: str
    KeyMaterialId: str


class ListAliasesRequest(TypedDict, total=False):
    KeyId: str
    Limit: int
    Marker: str


class ListAliasesResponse(TypedDict, total=False):
    Aliases: list["AliasListEntry"]
    NextMarker: str
    Truncated: bool


class ListGrantsRequest(TypedDict, total=False):
    Limit: int
    Marker: str
    KeyId: Required[str]
    GrantId: str
    GranteePrincipal: str
    GranteeServicePrincipal: str


class ListGrantsResponse(TypedDict, total=False):
    Grants: list["GrantListEntry"]
    NextMarker: str
    Truncated: bool


class ListKeyPoliciesRequest(TypedDict, total=False):
    KeyId: Required[str]
    Limit: int
    Marker: str


class ListKeyPoliciesResponse(TypedDict, total=False):
    PolicyNames: list[str]
    NextMarker: str
    Truncated: bool


class ListKeyRotationsRequest(TypedDict, total=False):
    KeyId: Required[str]
    IncludeKeyMaterial: str
    Limit: int
    Marker: str


class ListKeyRotationsResponse(TypedDict, total=False):
    Rotations: list["RotationsListEntry"]
    NextMarker: str
    Truncated: bool


class ListKeysRequest(TypedDict, total=False):
    Limit: int
    Marker: str


class ListKeysResponse(TypedDict, total=False):
    Keys: list["KeyListEntry"]
    NextMarker: str
    Truncated: bool


class ListResourceTagsRequest(TypedDict, total=False):
    KeyId: Required[str]
    Limit: int
    Marker: str


class ListResourceTagsResponse(TypedDict, total=False):
    Tags: list["Tag"]
    NextMarker: str
    Truncated: bool


class ListRetirableGrantsRequest(TypedDict, total=False):
    Limit: int
    Marker: str
    RetiringPrincipal: str
    RetiringServicePrincipal: str


class PutKeyPolicyRequest(TypedDict, total=False):
    KeyId: Required[str]
    PolicyName: str
    Policy: Required[str]
    BypassPolicyLockoutSafetyCheck: bool


class ReEncryptRequest(TypedDict, total=False):
    CiphertextBlob: bytes
    SourceEncryptionContext: dict[str, str]
    SourceKeyId: str
    DestinationKeyId: Required[str]
    DestinationEncryptionContext: dict[str, str]
    SourceEncryptionAlgorithm: str
    DestinationEncryptionAlgorithm: str
    GrantTokens: list[str]
    DryRun: bool
    DryRunModifiers: list[str]


class ReEncryptResponse(TypedDict, total=False):
    CiphertextBlob: bytes
    SourceKeyId: str
    KeyId: str
    SourceEncryptionAlgorithm: str
    DestinationEncryptionAlgorithm: str
    SourceKeyMaterialId: str
    DestinationKeyMaterialId: str


class ReplicateKeyRequest(TypedDict, total=False):
    KeyId: Required[str]
    ReplicaRegion: Required[str]
    Policy: str
    BypassPolicyLockoutSafetyCheck: bool
    Description: str
    Tags: list["Tag"]


class ReplicateKeyResponse(TypedDict, total=False):
    ReplicaKeyMetadata: "KeyMetadata"
    ReplicaPolicy: str
    ReplicaTags: list["Tag"]


class RetireGrantRequest(TypedDict, total=False):
    GrantToken: str
    KeyId: str
    GrantId: str
    DryRun: bool


class RevokeGrantRequest(TypedDict, total=False):
    KeyId: Required[str]
    GrantId: Required[str]
    DryRun: bool


class RotateKeyOnDemandRequest(TypedDict, total=False):
    KeyId: Required[str]


class RotateKeyOnDemandResponse(TypedDict, total=False):
    KeyId: str


class ScheduleKeyDeletionRequest(TypedDict, total=False):
    KeyId: Required[str]
    PendingWindowInDays: int


class ScheduleKeyDeletionResponse(TypedDict, total=False):
    KeyId: str
    DeletionDate: datetime
    KeyState: str
    PendingWindowInDays: int


class SignRequest(TypedDict, total=False):
    KeyId: Required[str]
    Message: Required[bytes]
    MessageType: str
    GrantTokens: list[str]
    SigningAlgorithm: Required[str]
    DryRun: bool


class SignResponse(TypedDict, total=False):
    KeyId: str
    Signature: bytes
    SigningAlgorithm: str


class TagResourceRequest(TypedDict, total=False):
    KeyId: Required[str]
    Tags: Required[list["Tag"]]


class UntagResourceRequest(TypedDict, total=False):
    KeyId: Required[str]
    TagKeys: Required[list[str]]


class UpdateAliasRequest(TypedDict, total=False):
    AliasName: Required[str]
    TargetKeyId: Required[str]


class UpdateCustomKeyStoreRequest(TypedDict, total=False):
    CustomKeyStoreId: Required[str]
    NewCustomKeyStoreName: str
    KeyStorePassword: str
    CloudHsmClusterId: str
    XksProxyUriEndpoint: str
    XksProxyUriPath: str
    XksProxyVpcEndpointServiceName: str
    XksProxyVpcEndpointServiceOwner: str
    XksProxyAuthenticationCredential: "XksProxyAuthenticationCredentialType"
    XksProxyConnectivity: str


class UpdateCustomKeyStoreResponse(TypedDict, total=False):
    pass


class UpdateKeyDescriptionRequest(TypedDict, total=False):
    KeyId: Required[str]
    Description: Required[str]


class UpdatePrimaryRegionRequest(TypedDict, total=False):
    KeyId: Required[str]
    PrimaryRegion: Required[str]


class VerifyMacRequest(TypedDict, total=False):
    Message: Required[bytes]
    KeyId: Required[str]
    MacAlgorithm: Required[str]
    Mac: Required[bytes]
    GrantTokens: list[str]
    DryRun: bool


class VerifyMacResponse(TypedDict, total=False):
    KeyId: str
    MacValid: bool
    MacAlgorithm: str


class VerifyRequest(TypedDict, total=False):
    KeyId: Required[str]
    Message: Required[bytes]
    MessageType: str
    Signature: Required[bytes]
    SigningAlgorithm: Required[str]
    GrantTokens: list[str]
    DryRun: bool


class VerifyResponse(TypedDict, total=False):
    KeyId: str
    SignatureValid: bool
    SigningAlgorithm: str


class AliasListEntry(TypedDict, total=False):
    AliasName: str
    AliasArn: str
    TargetKeyId: str
    CreationDate: datetime
    LastUpdatedDate: datetime


class CustomKeyStoresListEntry(TypedDict, total=False):
    CustomKeyStoreId: str
    CustomKeyStoreName: str
    CloudHsmClusterId: str
    TrustAnchorCertificate: str
    ConnectionState: str
    ConnectionErrorCode: str
    CreationDate: datetime
    CustomKeyStoreType: str
    XksProxyConfiguration: "XksProxyConfigurationType"


class GrantConstraints(TypedDict, total=False):
    EncryptionContextSubset: dict[str, str]
    EncryptionContextEquals: dict[str, str]
    SourceArn: str


class GrantListEntry(TypedDict, total=False):
    KeyId: str
    GrantId: str
    Name: str
    CreationDate: datetime
    GranteePrincipal: str
    RetiringPrincipal: str
    IssuingAccount: str
    Operations: list[str]
    Constraints: "GrantConstraints"
    GranteeServicePrincipal: str
    RetiringServicePrincipal: str


class KeyLastUsageData(TypedDict, total=False):
    Operation: str
    Timestamp: datetime
    CloudTrailEventId: str
    KmsRequestId: str


class KeyListEntry(TypedDict, total=False):
    KeyId: str
    KeyArn: str


class KeyMetadata(TypedDict, total=False):
    AWSAccountId: str
    KeyId: Required[str]
    Arn: str
    CreationDate: datetime
    Enabled: bool
    Description: str
    KeyUsage: str
    KeyState: str
    DeletionDate: datetime
    ValidTo: datetime
    Origin: str
    CustomKeyStoreId: str
    CloudHsmClusterId: str
    ExpirationModel: str
    KeyManager: str
    CustomerMasterKeySpec: str
    KeySpec: str
    EncryptionAlgorithms: list[str]
    SigningAlgorithms: list[str]
    KeyAgreementAlgorithms: list[str]
    EncapsulationAlgorithms: list[str]
    MultiRegion: bool
    MultiRegionConfiguration: "MultiRegionConfiguration"
    PendingDeletionWindowInDays: int
    MacAlgorithms: list[str]
    XksKeyConfiguration: "XksKeyConfigurationType"
    CurrentKeyMaterialId: str


class RecipientInfo(TypedDict, total=False):
    KeyEncryptionAlgorithm: str
    AttestationDocument: bytes


class RotationsListEntry(TypedDict, total=False):
    KeyId: str
    KeyMaterialId: str
    KeyMaterialDescription: str
    ImportState: str
    KeyMaterialState: str
    ExpirationModel: str
    ValidTo: datetime
    RotationDate: datetime
    RotationType: str


class Tag(TypedDict, total=False):
    TagKey: Required[str]
    TagValue: Required[str]


class XksProxyAuthenticationCredentialType(TypedDict, total=False):
    AccessKeyId: Required[str]
    RawSecretAccessKey: Required[str]


class MultiRegionConfiguration(TypedDict, total=False):
    MultiRegionKeyType: str
    PrimaryKey: "MultiRegionKey"
    ReplicaKeys: list["MultiRegionKey"]


class XksKeyConfigurationType(TypedDict, total=False):
    Id: str


class XksProxyConfigurationType(TypedDict, total=False):
    Connectivity: str
    AccessKeyId: str
    UriEndpoint: str
    UriPath: str
    VpcEndpointServiceName: str
    VpcEndpointServiceOwner: str


class MultiRegionKey(TypedDict, total=False):
    Arn: str
    Region: str


class AlreadyExistsExceptionError(ModelledError):
    code = "AlreadyExistsException"


class CloudHsmClusterInUseExceptionError(ModelledError):
    code = "CloudHsmClusterInUseException"


class CloudHsmClusterInvalidConfigurationExceptionError(ModelledError):
    code = "CloudHsmClusterInvalidConfigurationException"


class CloudHsmClusterNotActiveExceptionError(ModelledError):
    code = "CloudHsmClusterNotActiveException"


class CloudHsmClusterNotFoundExceptionError(ModelledError):
    code = "CloudHsmClusterNotFoundException"


class CloudHsmClusterNotRelatedExceptionError(ModelledError):
    code = "CloudHsmClusterNotRelatedException"


class ConflictExceptionError(ModelledError):
    code = "ConflictException"


class CustomKeyStoreHasCMKsExceptionError(ModelledError):
    code = "CustomKeyStoreHasCMKsException"


class CustomKeyStoreInvalidStateExceptionError(ModelledError):
    code = "CustomKeyStoreInvalidStateException"


class CustomKeyStoreNameInUseExceptionError(ModelledError):
    code = "CustomKeyStoreNameInUseException"


class CustomKeyStoreNotFoundExceptionError(ModelledError):
    code = "CustomKeyStoreNotFoundException"


class DependencyTimeoutExceptionError(ModelledError):
    code = "DependencyTimeoutException"


class DisabledExceptionError(ModelledError):
    code = "DisabledException"


class DryRunOperationExceptionError(ModelledError):
    code = "DryRunOperationException"


class ExpiredImportTokenExceptionError(ModelledError):
    code = "ExpiredImportTokenException"


class IncorrectKeyExceptionError(ModelledError):
    code = "IncorrectKeyException"


class IncorrectKeyMaterialExceptionError(ModelledError):
    code = "IncorrectKeyMaterialException"


class IncorrectTrustAnchorExceptionError(ModelledError):
    code = "IncorrectTrustAnchorException"


class InvalidAliasNameExceptionError(ModelledError):
    code = "InvalidAliasNameException"


class InvalidArnExceptionError(ModelledError):
    code = "InvalidArnException"


class InvalidCiphertextExceptionError(ModelledError):
    code = "InvalidCiphertextException"


class InvalidGrantIdExceptionError(ModelledError):
    code = "InvalidGrantIdException"


class InvalidGrantTokenExceptionError(ModelledError):
    code = "InvalidGrantTokenException"


class InvalidImportTokenExceptionError(ModelledError):
    code = "InvalidImportTokenException"


class InvalidKeyUsageExceptionError(ModelledError):
    code = "InvalidKeyUsageException"


class InvalidMarkerExceptionError(ModelledError):
    code = "InvalidMarkerException"


class KMSInternalExceptionError(ModelledError):
    code = "KMSInternalException"


class KMSInvalidMacExceptionError(ModelledError):
    code = "KMSInvalidMacException"


class KMSInvalidSignatureExceptionError(ModelledError):
    code = "KMSInvalidSignatureException"


class KMSInvalidStateExceptionError(ModelledError):
    code = "KMSInvalidStateException"


class KeyUnavailableExceptionError(ModelledError):
    code = "KeyUnavailableException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class MalformedPolicyDocumentExceptionError(ModelledError):
    code = "MalformedPolicyDocumentException"


class NotFoundExceptionError(ModelledError):
    code = "NotFoundException"


class TagExceptionError(ModelledError):
    code = "TagException"


class UnsupportedOperationExceptionError(ModelledError):
    code = "UnsupportedOperationException"


class XksKeyAlreadyInUseExceptionError(ModelledError):
    code = "XksKeyAlreadyInUseException"


class XksKeyInvalidConfigurationExceptionError(ModelledError):
    code = "XksKeyInvalidConfigurationException"


class XksKeyNotFoundExceptionError(ModelledError):
    code = "XksKeyNotFoundException"


class XksProxyIncorrectAuthenticationCredentialExceptionError(ModelledError):
    code = "XksProxyIncorrectAuthenticationCredentialException"


class XksProxyInvalidConfigurationExceptionError(ModelledError):
    code = "XksProxyInvalidConfigurationException"


class XksProxyInvalidResponseExceptionError(ModelledError):
    code = "XksProxyInvalidResponseException"


class XksProxyUriEndpointInUseExceptionError(ModelledError):
    code = "XksProxyUriEndpointInUseException"


class XksProxyUriInUseExceptionError(ModelledError):
    code = "XksProxyUriInUseException"


class XksProxyUriUnreachableExceptionError(ModelledError):
    code = "XksProxyUriUnreachableException"


class XksProxyVpcEndpointServiceInUseExceptionError(ModelledError):
    code = "XksProxyVpcEndpointServiceInUseException"


class XksProxyVpcEndpointServiceInvalidConfigurationExceptionError(ModelledError):
    code = "XksProxyVpcEndpointServiceInvalidConfigurationException"


class XksProxyVpcEndpointServiceNotFoundExceptionError(ModelledError):
    code = "XksProxyVpcEndpointServiceNotFoundException"
