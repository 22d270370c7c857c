"""Wire types of AWS Identity and Access Management, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AcceptDelegationRequest', 'AcquireRole', 'AddClientIDToOpenIDConnectProvider', 'AddRoleToInstanceProfile', 'AddUserToGroup', 'AssociateDelegationRequest', 'AttachGroupPolicy', 'AttachRolePolicy', 'AttachUserPolicy', 'ChangePassword', 'CreateAccessKey', 'CreateAccountAlias', 'CreateDelegationRequest', 'CreateGroup', 'CreateInstanceProfile', 'CreateLoginProfile', 'CreateOpenIDConnectProvider', 'CreatePolicy', 'CreatePolicyVersion', 'CreateRole', 'CreateSAMLProvider', 'CreateServiceLinkedRole', 'CreateServiceSpecificCredential', 'CreateUser', 'CreateVirtualMFADevice', 'DeactivateMFADevice', 'DeleteAccessKey', 'DeleteAccountAlias', 'DeleteAccountPasswordPolicy', 'DeleteGroup', 'DeleteGroupPolicy', 'DeleteInstanceProfile', 'DeleteLoginProfile', 'DeleteOpenIDConnectProvider', 'DeletePolicy', 'DeletePolicyVersion', 'DeleteRole', 'DeleteRolePermissionsBoundary', 'DeleteRolePolicy', 'DeleteSAMLProvider', 'DeleteSSHPublicKey', 'DeleteServerCertificate', 'DeleteServiceLinkedRole', 'DeleteServiceSpecificCredential', 'DeleteSigningCertificate', 'DeleteUser', 'DeleteUserPermissionsBoundary', 'DeleteUserPolicy', 'DeleteVirtualMFADevice', 'DetachGroupPolicy', 'DetachRolePolicy', 'DetachUserPolicy', 'DisableOrganizationsRootCredentialsManagement', 'DisableOrganizationsRootSessions', 'DisableOutboundWebIdentityFederation', 'EnableMFADevice', 'EnableOrganizationsRootCredentialsManagement', 'EnableOrganizationsRootSessions', 'EnableOutboundWebIdentityFederation', 'GenerateCredentialReport', 'GenerateOrganizationsAccessReport', 'GenerateServiceLastAccessedDetails', 'GetAccessKeyLastUsed', 'GetAccountAuthorizationDetails', 'GetAccountPasswordPolicy', 'GetAccountProperties', 'GetAccountSummary', 'GetContextKeysForCustomPolicy', 'GetContextKeysForPrincipalPolicy', 'GetCredentialReport', 'GetDelegationRequest', 'GetGroup', 'GetGroupPolicy', 'GetHumanReadableSummary', 'GetInstanceProfile', 'GetLoginProfile', 'GetMFADevice', 'GetOpenIDConnectProvider', 'GetOrganizationsAccessReport', 'GetOutboundWebIdentityFederationInfo', 'GetPolicy', 'GetPolicyVersion', 'GetRole', 'GetRolePolicy', 'GetRoleTemplateVersion', 'GetSAMLProvider', 'GetSSHPublicKey', 'GetServerCertificate', 'GetServiceLastAccessedDetails', 'GetServiceLastAccessedDetailsWithEntities', 'GetServiceLinkedRoleDeletionStatus', 'GetUser', 'GetUserPolicy', 'ListAccessKeys', 'ListAccountAliases', 'ListAttachedGroupPolicies', 'ListAttachedRolePolicies', 'ListAttachedUserPolicies', 'ListDelegationRequests', 'ListEntitiesForPolicy', 'ListGroupPolicies', 'ListGroups', 'ListGroupsForUser', 'ListInstanceProfileTags', 'ListInstanceProfiles', 'ListInstanceProfilesForRole', 'ListMFADeviceTags', 'ListMFADevices', 'ListOpenIDConnectProviderTags', 'ListOpenIDConnectProviders', 'ListOrganizationsFeatures', 'ListPolicies', 'ListPoliciesGrantingServiceAccess', 'ListPolicyTags', 'ListPolicyVersions', 'ListRolePolicies', 'ListRoleTags', 'ListRoles', 'ListSAMLProviderTags', 'ListSAMLProviders', 'ListSSHPublicKeys', 'ListServerCertificateTags', 'ListServerCertificates', 'ListServiceSpecificCredentials', 'ListSigningCertificates', 'ListUserPolicies', 'ListUserTags', 'ListUsers', 'ListVirtualMFADevices', 'PutAccountProperties', 'PutGroupPolicy', 'PutRolePermissionsBoundary', 'PutRolePolicy', 'PutUserPermissionsBoundary', 'PutUserPolicy', 'RejectDelegationRequest', 'RemoveClientIDFromOpenIDConnectProvider', 'RemoveRoleFromInstanceProfile', 'RemoveUserFromGroup', 'ResetServiceSpecificCredential', 'ResyncMFADevice', 'SendDelegationToken', 'SetDefaultPolicyVersion', 'SetSecurityTokenServicePreferences', 'SimulateCustomPolicy', 'SimulatePrincipalPolicy', 'TagInstanceProfile', 'TagMFADevice', 'TagOpenIDConnectProvider', 'TagPolicy', 'TagRole', 'TagSAMLProvider', 'TagServerCertificate', 'TagUser', 'UntagInstanceProfile', 'UntagMFADevice', 'UntagOpenIDConnectProvider', 'UntagPolicy', 'UntagRole', 'UntagSAMLProvider', 'UntagServerCertificate', 'UntagUser', 'UpdateAccessKey', 'UpdateAccountPasswordPolicy', 'UpdateAssumeRolePolicy', 'UpdateDelegationRequest', 'UpdateGroup', 'UpdateLoginProfile', 'UpdateOpenIDConnectProviderThumbprint', 'UpdateRole', 'UpdateRoleDescription', 'UpdateSAMLProvider', 'UpdateSSHPublicKey', 'UpdateServerCertificate', 'UpdateServiceSpecificCredential', 'UpdateSigningCertificate', 'UpdateUser', 'UploadSSHPublicKey', 'UploadServerCertificate', 'UploadSigningCertificate')


class AcceptDelegationRequestRequest(TypedDict, total=False):
    DelegationRequestId: Required[str]


class AcquireRoleRequest(TypedDict, total=False):
    TemplateArn: Required[str]
    TemplateMinorVersion: int
    ReplacementValues: dict[str, "ReplacementValueEntry"]


class AcquireRoleResponse(TypedDict, total=False):
    Role: Required["Role"]


class AddClientIDToOpenIDConnectProviderRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]
    ClientID: Required[str]


class AddRoleToInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]
    RoleName: Required[str]


class AddUserToGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    UserName: Required[str]


class AssociateDelegationRequestRequest(TypedDict, total=False):
    DelegationRequestId: Required[str]


class AttachGroupPolicyRequest(TypedDict, total=False):
    GroupName: Required[str]
    PolicyArn: Required[str]


class AttachRolePolicyRequest(TypedDict, total=False):
    RoleName: Required[str]
    PolicyArn: Required[str]


class AttachUserPolicyRequest(TypedDict, total=False):
    UserName: Required[str]
    PolicyArn: Required[str]


class ChangePasswordRequest(TypedDict, total=False):
    OldPassword: Required[str]
    NewPassword: Required[str]


class CreateAccessKeyRequest(TypedDict, total=False):
    UserName: str


class CreateAccessKeyResponse(TypedDict, total=False):
    AccessKey: Required["AccessKey"]


class CreateAccountAliasRequest(TypedDict, total=False):
    AccountAlias: Required[str]


class CreateDelegationRequestRequest(TypedDict, total=False):
    OwnerAccountId: str
    Description: Required[str]
    Permissions: Required["DelegationPermission"]
    RequestMessage: str
    RequestorWorkflowId: Required[str]
    RedirectUrl: str
    NotificationChannel: Required[str]
    SessionDuration: Required[int]
    OnlySendByOwner: bool


class CreateDelegationRequestResponse(TypedDict, total=False):
    ConsoleDeepLink: str
    DelegationRequestId: str


class CreateGroupRequest(TypedDict, total=False):
    Path: str
    GroupName: Required[str]


class CreateGroupResponse(TypedDict, total=False):
    Group: Required["Group"]


class CreateInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]
    Path: str
    Tags: list["Tag"]


class CreateInstanceProfileResponse(TypedDict, total=False):
    InstanceProfile: Required["InstanceProfile"]


class CreateLoginProfileRequest(TypedDict, total=False):
    UserName: str
    Password: str
    PasswordResetRequired: bool


class CreateLoginProfileResponse(TypedDict, total=False):
    LoginProfile: Required["LoginProfile"]


class CreateOpenIDConnectProviderRequest(TypedDict, total=False):
    Url: Required[str]
    ClientIDList: list[str]
    ThumbprintList: list[str]
    Tags: list["Tag"]


class CreateOpenIDConnectProviderResponse(TypedDict, total=False):
    OpenIDConnectProviderArn: str
    Tags: list["Tag"]


class CreatePolicyRequest(TypedDict, total=False):
    PolicyName: Required[str]
    Path: str
    PolicyDocument: Required[str]
    Description: str
    Tags: list["Tag"]


class CreatePolicyResponse(TypedDict, total=False):
    Policy: "Policy"


class CreatePolicyVersionRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    PolicyDocument: Required[str]
    SetAsDefault: bool


class CreatePolicyVersionResponse(TypedDict, total=False):
    PolicyVersion: "PolicyVersion"


class CreateRoleRequest(TypedDict, total=False):
    Path: str
    RoleName: Required[str]
    AssumeRolePolicyDocument: Required[str]
    Description: str
    MaxSessionDuration: int
    PermissionsBoundary: str
    Tags: list["Tag"]


class CreateRoleResponse(TypedDict, total=False):
    Role: Required["Role"]


class CreateSAMLProviderRequest(TypedDict, total=False):
    SAMLMetadataDocument: Required[str]
    Name: Required[str]
    Tags: list["Tag"]
    AssertionEncryptionMode: str
    AddPrivateKey: str


class CreateSAMLProviderResponse(TypedDict, total=False):
    SAMLProviderArn: str
    Tags: list["Tag"]


class CreateServiceLinkedRoleRequest(TypedDict, total=False):
    AWSServiceName: Required[str]
    Description: str
    CustomSuffix: str


class CreateServiceLinkedRoleResponse(TypedDict, total=False):
    Role: "Role"


class CreateServiceSpecificCredentialRequest(TypedDict, total=False):
    UserName: Required[str]
    ServiceName: Required[str]
    CredentialAgeDays: int


class CreateServiceSpecificCredentialResponse(TypedDict, total=False):
    ServiceSpecificCredential: "ServiceSpecificCredential"


class CreateUserRequest(TypedDict, total=False):
    Path: str
    UserName: Required[str]
    PermissionsBoundary: str
    Tags: list["Tag"]


class CreateUserResponse(TypedDict, total=False):
    User: "User"


class CreateVirtualMFADeviceRequest(TypedDict, total=False):
    Path: str
    VirtualMFADeviceName: Required[str]
    Tags: list["Tag"]


class CreateVirtualMFADeviceResponse(TypedDict, total=False):
    VirtualMFADevice: Required["VirtualMFADevice"]


class DeactivateMFADeviceRequest(TypedDict, total=False):
    UserName: str
    SerialNumber: Required[str]


class DeleteAccessKeyRequest(TypedDict, total=False):
    UserName: str
    AccessKeyId: Required[str]


class DeleteAccountAliasRequest(TypedDict, total=False):
    AccountAlias: Required[str]


class DeleteGroupPolicyRequest(TypedDict, total=False):
    GroupName: Required[str]
    PolicyName: Required[str]


class DeleteGroupRequest(TypedDict, total=False):
    GroupName: Required[str]


class DeleteInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]


class DeleteLoginProfileRequest(TypedDict, total=False):
    UserName: str


class DeleteOpenIDConnectProviderRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]


class DeletePolicyRequest(TypedDict, total=False):
    PolicyArn: Required[str]


class DeletePolicyVersionRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    VersionId: Required[str]


class DeleteRolePermissionsBoundaryRequest(TypedDict, total=False):
    RoleName: Required[str]


class DeleteRolePolicyRequest(TypedDict, total=False):
    RoleName: Required[str]
    PolicyName: Required[str]


class DeleteRoleRequest(TypedDict, total=False):
    RoleName: Required[str]


class DeleteSAMLProviderRequest(TypedDict, total=False):
    SAMLProviderArn: Required[str]


class DeleteSSHPublicKeyRequest(TypedDict, total=False):
    UserName: Required[str]
    SSHPublicKeyId: Required[str]


class DeleteServerCertificateRequest(TypedDict, total=False):
    ServerCertificateName: Required[str]


class DeleteServiceLinkedRoleRequest(TypedDict, total=False):
    RoleName: Required[str]


class DeleteServiceLinkedRoleResponse(TypedDict, total=False):
    DeletionTaskId: Required[str]


class DeleteServiceSpecificCredentialRequest(TypedDict, total=False):
    UserName: str
    ServiceSpecificCredentialId: Required[str]


class DeleteSigningCertificateRequest(TypedDict, total=False):
    UserName: str
    CertificateId: Required[str]


class DeleteUserPermissionsBoundaryRequest(TypedDict, total=False):
    UserName: Required[str]


class DeleteUserPolicyRequest(TypedDict, total=False):
    UserName: Required[str]
    PolicyName: Required[str]


class DeleteUserRequest(TypedDict, total=False):
    UserName: Required[str]


class DeleteVirtualMFADeviceRequest(TypedDict, total=False):
    SerialNumber: Required[str]


class DetachGroupPolicyRequest(TypedDict, total=False):
    GroupName: Required[str]
    PolicyArn: Required[str]


class DetachRolePolicyRequest(TypedDict, total=False):
    RoleName: Required[str]
    PolicyArn: Required[str]


class DetachUserPolicyRequest(TypedDict, total=False):
    UserName: Required[str]
    PolicyArn: Required[str]


class DisableOrganizationsRootCredentialsManagementRequest(TypedDict, total=False):
    pass


class DisableOrganizationsRootCredentialsManagementResponse(TypedDict, total=False):
    OrganizationId: str
    EnabledFeatures: list[str]


class DisableOrganizationsRootSessionsRequest(TypedDict, total=False):
    pass


class DisableOrganizationsRootSessionsResponse(TypedDict, total=False):
    OrganizationId: str
    EnabledFeatures: list[str]


class EnableMFADeviceRequest(TypedDict, total=False):
    UserName: Required[str]
    SerialNumber: Required[str]
    AuthenticationCode1: Required[str]
    AuthenticationCode2: Required[str]


class EnableOrganizationsRootCredentialsManagementRequest(TypedDict, total=False):
    pass


class EnableOrganizationsRootCredentialsManagementResponse(TypedDict, total=False):
    OrganizationId: str
    EnabledFeatures: list[str]


class EnableOrganizationsRootSessionsRequest(TypedDict, total=False):
    pass


class EnableOrganizationsRootSessionsResponse(TypedDict, total=False):
    OrganizationId: str
    EnabledFeatures: list[str]


class EnableOutboundWebIdentityFederationResponse(TypedDict, total=False):
    IssuerIdentifier: str


class GenerateCredentialReportResponse(TypedDict, total=False):
    State: str
    Description: str


class GenerateOrganizationsAccessReportRequest(TypedDict, total=False):
    EntityPath: Required[str]
    OrganizationsPolicyId: str


class GenerateOrganizationsAccessReportResponse(TypedDict, total=False):
    JobId: str


class GenerateServiceLastAccessedDetailsRequest(TypedDict, total=False):
    Arn: Required[str]
    Granularity: str


class GenerateServiceLastAccessedDetailsResponse(TypedDict, total=False):
    JobId: str


class GetAccessKeyLastUsedRequest(TypedDict, total=False):
    AccessKeyId: Required[str]


class GetAccessKeyLastUsedResponse(TypedDict, total=False):
    UserName: str
    AccessKeyLastUsed: "AccessKeyLastUsed"


class GetAccountAuthorizationDetailsRequest(TypedDict, total=False):
    Filter: list[str]
    MaxItems: int
    Marker: str


class GetAccountAuthorizationDetailsResponse(TypedDict, total=False):
    UserDetailList: list["UserDetail"]
    GroupDetailList: list["GroupDetail"]
    RoleDetailList: list["RoleDetail"]
    Policies: list["ManagedPolicyDetail"]
    IsTruncated: bool
    Marker: str


class GetAccountPasswordPolicyResponse(TypedDict, total=False):
    PasswordPolicy: Required["PasswordPolicy"]


class GetAccountPropertiesRequest(TypedDict, total=False):
    pass


class GetAccountPropertiesResponse(TypedDict, total=False):
    Properties: dict[str, str]


class GetAccountSummaryResponse(TypedDict, total=False):
    SummaryMap: dict[str, int]


class GetContextKeysForCustomPolicyRequest(TypedDict, total=False):
    PolicyInputList: Required[list[str]]


class GetContextKeysForPolicyResponse(TypedDict, total=False):
    ContextKeyNames: list[str]


class GetContextKeysForPrincipalPolicyRequest(TypedDict, total=False):
    PolicySourceArn: Required[str]
    PolicyInputList: list[str]


class GetCredentialReportResponse(TypedDict, total=False):
    Content: bytes
    ReportFormat: str
    GeneratedTime: datetime


class GetDelegationRequestRequest(TypedDict, total=False):
    DelegationRequestId: Required[str]
    DelegationPermissionCheck: bool


class GetDelegationRequestResponse(TypedDict, total=False):
    DelegationRequest: "DelegationRequest"
    PermissionCheckStatus: str
    PermissionCheckResult: str


class GetGroupPolicyRequest(TypedDict, total=False):
    GroupName: Required[str]
    PolicyName: Required[str]


class GetGroupPolicyResponse(TypedDict, total=False):
    GroupName: Required[str]
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class GetGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    Marker: str
    MaxItems: int


class GetGroupResponse(TypedDict, total=False):
    Group: Required["Group"]
    Users: Required[list["User"]]
    IsTruncated: bool
    Marker: str


class GetHumanReadableSummaryRequest(TypedDict, total=False):
    EntityArn: Required[str]
    Locale: str


class GetHumanReadableSummaryResponse(TypedDict, total=False):
    SummaryContent: str
    Locale: str
    SummaryState: str


class GetInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]


class GetInstanceProfileResponse(TypedDict, total=False):
    InstanceProfile: Required["InstanceProfile"]


class GetLoginProfileRequest(TypedDict, total=False):
    UserName: str


class GetLoginProfileResponse(TypedDict, total=False):
    LoginProfile: Required["LoginProfile"]


class GetMFADeviceRequest(TypedDict, total=False):
    SerialNumber: Required[str]
    UserName: str


class GetMFADeviceResponse(TypedDict, total=False):
    UserName: str
    SerialNumber: Required[str]
    EnableDate: datetime
    Certifications: dict[str, str]


class GetOpenIDConnectProviderRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]


class GetOpenIDConnectProviderResponse(TypedDict, total=False):
    Url: str
    ClientIDList: list[str]
    ThumbprintList: list[str]
    CreateDate: datetime
    Tags: list["Tag"]


class GetOrganizationsAccessReportRequest(TypedDict, total=False):
    JobId: Required[str]
    MaxItems: int
    Marker: str
    SortKey: str


class GetOrganizationsAccessReportResponse(TypedDict, total=False):
    JobStatus: Required[str]
    JobCreationDate: Required[datetime]
    JobCompletionDate: datetime
    NumberOfServicesAccessible: int
    NumberOfServicesNotAccessed: int
    AccessDetails: list["AccessDetail"]
    IsTruncated: bool
    Marker: str
    ErrorDetails: "ErrorDetails"


class GetOutboundWebIdentityFederationInfoResponse(TypedDict, total=False):
    IssuerIdentifier: str
    JwtVendingEnabled: bool


class GetPolicyRequest(TypedDict, total=False):
    PolicyArn: Required[str]


class GetPolicyResponse(TypedDict, total=False):
    Policy: "Policy"


class GetPolicyVersionRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    VersionId: Required[str]


class GetPolicyVersionResponse(TypedDict, total=False):
    PolicyVersion: "PolicyVersion"


class GetRolePolicyRequest(TypedDict, total=False):
    RoleName: Required[str]
    PolicyName: Required[str]


class GetRolePolicyResponse(TypedDict, total=False):
    RoleName: Required[str]
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class GetRoleRequest(TypedDict, total=False):
    RoleName: Required[str]


class GetRoleResponse(TypedDict, total=False):
    Role: Required["Role"]


class GetRoleTemplateVersionRequest(TypedDict, total=False):
    TemplateArn: Required[str]
    MinorVersion: int


class GetRoleTemplateVersionResponse(TypedDict, total=False):
    RoleTemplateVersion: Required["RoleTemplateVersion"]


class GetSAMLProviderRequest(TypedDict, total=False):
    SAMLProviderArn: Required[str]


class GetSAMLProviderResponse(TypedDict, total=False):
    SAMLProviderUUID: str
    SAMLMetadataDocument: str
    CreateDate: datetime
    ValidUntil: datetime
    Tags: list["Tag"]
    AssertionEncryptionMode: str
    PrivateKeyList: list["SAMLPrivateKey"]


class GetSSHPublicKeyRequest(TypedDict, total=False):
    UserName: Required[str]
    SSHPublicKeyId: Required[str]
    Encoding: Required[str]


class GetSSHPublicKeyResponse(TypedDict, total=False):
    SSHPublicKey: "SSHPublicKey"


class GetServerCertificateRequest(TypedDict, total=False):
    ServerCertificateName: Required[str]


class GetServerCertificateResponse(TypedDict, total=False):
    ServerCertificate: Required["ServerCertificate"]


class GetServiceLastAccessedDetailsRequest(TypedDict, total=False):
    JobId: Required[str]
    MaxItems: int
    Marker: str


class GetServiceLastAccessedDetailsResponse(TypedDict, total=False):
    JobStatus: Required[str]
    JobType: str
    JobCreationDate: Required[datetime]
    ServicesLastAccessed: Required[list["ServiceLastAccessed"]]
    JobCompletionDate: Required[datetime]
    IsTruncated: bool
    Marker: str
    Error: "ErrorDetails"


class GetServiceLastAccessedDetailsWithEntitiesRequest(TypedDict, total=False):
    JobId: Required[str]
    ServiceNamespace: Required[str]
    MaxItems: int
    Marker: str


class GetServiceLastAccessedDetailsWithEntitiesResponse(TypedDict, total=False):
    JobStatus: Required[str]
    JobCreationDate: Required[datetime]
    JobCompletionDate: Required[datetime]
    EntityDetailsList: Required[list["EntityDetails"]]
    IsTruncated: bool
    Marker: str
    Error: "ErrorDetails"


class GetServiceLinkedRoleDeletionStatusRequest(TypedDict, total=False):
    DeletionTaskId: Required[str]


class GetServiceLinkedRoleDeletionStatusResponse(TypedDict, total=False):
    Status: Required[str]
    Reason: "DeletionTaskFailureReasonType"


class GetUserPolicyRequest(TypedDict, total=False):
    UserName: Required[str]
    PolicyName: Required[str]


class GetUserPolicyResponse(TypedDict, total=False):
    UserName: Required[str]
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class GetUserRequest(TypedDict, total=False):
    UserName: str


class GetUserResponse(TypedDict, total=False):
    User: Required["User"]


class ListAccessKeysRequest(TypedDict, total=False):
    UserName: str
    Marker: str
    MaxItems: int


class ListAccessKeysResponse(TypedDict, total=False):
    AccessKeyMetadata: Required[list["AccessKeyMetadata"]]
    IsTruncated: bool
    Marker: str


class ListAccountAliasesRequest(TypedDict, total=False):
    Marker: str
    MaxItems: int


class ListAccountAliasesResponse(TypedDict, total=False):
    AccountAliases: Required[list[str]]
    IsTruncated: bool
    Marker: str


class ListAttachedGroupPoliciesRequest(TypedDict, total=False):
    GroupName: Required[str]
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListAttachedGroupPoliciesResponse(TypedDict, total=False):
    AttachedPolicies: list["AttachedPolicy"]
    IsTruncated: bool
    Marker: str


class ListAttachedRolePoliciesRequest(TypedDict, total=False):
    RoleName: Required[str]
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListAttachedRolePoliciesResponse(TypedDict, total=False):
    AttachedPolicies: list["AttachedPolicy"]
    IsTruncated: bool
    Marker: str


class ListAttachedUserPoliciesRequest(TypedDict, total=False):
    UserName: Required[str]
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListAttachedUserPoliciesResponse(TypedDict, total=False):
    AttachedPolicies: list["AttachedPolicy"]
    IsTruncated: bool
    Marker: str


class ListDelegationRequestsRequest(TypedDict, total=False):
    OwnerId: str
    Marker: str
    MaxItems: int


class ListDelegationRequestsResponse(TypedDict, total=False):
    DelegationRequests: list["DelegationRequest"]
    Marker: str
    isTruncated: bool


class ListEntitiesForPolicyRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    EntityFilter: str
    PathPrefix: str
    PolicyUsageFilter: str
    Marker: str
    MaxItems: int


class ListEntitiesForPolicyResponse(TypedDict, total=False):
    PolicyGroups: list["PolicyGroup"]
    PolicyUsers: list["PolicyUser"]
    PolicyRoles: list["PolicyRole"]
    IsTruncated: bool
    Marker: str


class ListGroupPoliciesRequest(TypedDict, total=False):
    GroupName: Required[str]
    Marker: str
    MaxItems: int


class ListGroupPoliciesResponse(TypedDict, total=False):
    PolicyNames: Required[list[str]]
    IsTruncated: bool
    Marker: str


class ListGroupsForUserRequest(TypedDict, total=False):
    UserName: Required[str]
    Marker: str
    MaxItems: int


class ListGroupsForUserResponse(TypedDict, total=False):
    Groups: Required[list["Group"]]
    IsTruncated: bool
    Marker: str


class ListGroupsRequest(TypedDict, total=False):
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListGroupsResponse(TypedDict, total=False):
    Groups: Required[list["Group"]]
    IsTruncated: bool
    Marker: str


class ListInstanceProfileTagsRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]
    Marker: str
    MaxItems: int


class ListInstanceProfileTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListInstanceProfilesForRoleRequest(TypedDict, total=False):
    RoleName: Required[str]
    Marker: str
    MaxItems: int


class ListInstanceProfilesForRoleResponse(TypedDict, total=False):
    InstanceProfiles: Required[list["InstanceProfile"]]
    IsTruncated: bool
    Marker: str


class ListInstanceProfilesRequest(TypedDict, total=False):
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListInstanceProfilesResponse(TypedDict, total=False):
    InstanceProfiles: Required[list["InstanceProfile"]]
    IsTruncated: bool
    Marker: str


class ListMFADeviceTagsRequest(TypedDict, total=False):
    SerialNumber: Required[str]
    Marker: str
    MaxItems: int


class ListMFADeviceTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListMFADevicesRequest(TypedDict, total=False):
    UserName: str
    Marker: str
    MaxItems: int


class ListMFADevicesResponse(TypedDict, total=False):
    MFADevices: Required[list["MFADevice"]]
    IsTruncated: bool
    Marker: str


class ListOpenIDConnectProviderTagsRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]
    Marker: str
    MaxItems: int


class ListOpenIDConnectProviderTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListOpenIDConnectProvidersRequest(TypedDict, total=False):
    pass


class ListOpenIDConnectProvidersResponse(TypedDict, total=False):
    OpenIDConnectProviderList: list["OpenIDConnectProviderListEntry"]


class ListOrganizationsFeaturesRequest(TypedDict, total=False):
    pass


class ListOrganizationsFeaturesResponse(TypedDict, total=False):
    OrganizationId: str
    EnabledFeatures: list[str]


class ListPoliciesGrantingServiceAccessRequest(TypedDict, total=False):
    Marker: str
    Arn: Required[str]
    ServiceNamespaces: Required[list[str]]


class ListPoliciesGrantingServiceAccessResponse(TypedDict, total=False):
    PoliciesGrantingServiceAccess: Required[list["ListPoliciesGrantingServiceAccessEntry"]]
    IsTruncated: bool
    Marker: str


class ListPoliciesRequest(TypedDict, total=False):
    Scope: str
    OnlyAttached: bool
    PathPrefix: str
    PolicyUsageFilter: str
    Marker: str
    MaxItems: int


class ListPoliciesResponse(TypedDict, total=False):
    Policies: list["Policy"]
    IsTruncated: bool
    Marker: str


class ListPolicyTagsRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    Marker: str
    MaxItems: int


class ListPolicyTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListPolicyVersionsRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    Marker: str
    MaxItems: int


class ListPolicyVersionsResponse(TypedDict, total=False):
    Versions: list["PolicyVersion"]
    IsTruncated: bool
    Marker: str


class ListRolePoliciesRequest(TypedDict, total=False):
    RoleName: Required[str]
    Marker: str
    MaxItems: int


class ListRolePoliciesResponse(TypedDict, total=False):
    PolicyNames: Required[list[str]]
    IsTruncated: bool
    Marker: str


class ListRoleTagsRequest(TypedDict, total=False):
    RoleName: Required[str]
    Marker: str
    MaxItems: int


class ListRoleTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListRolesRequest(TypedDict, total=False):
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListRolesResponse(TypedDict, total=False):
    Roles: Required[list["Role"]]
    IsTruncated: bool
    Marker: str


class ListSAMLProviderTagsRequest(TypedDict, total=False):
    SAMLProviderArn: Required[str]
    Marker: str
    MaxItems: int


class ListSAMLProviderTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListSAMLProvidersRequest(TypedDict, total=False):
    pass


class ListSAMLProvidersResponse(TypedDict, total=False):
    SAMLProviderList: list["SAMLProviderListEntry"]


class ListSSHPublicKeysRequest(TypedDict, total=False):
    UserName: str
    Marker: str
    MaxItems: int


class ListSSHPublicKeysResponse(TypedDict, total=False):
    SSHPublicKeys: list["SSHPublicKeyMetadata"]
    IsTruncated: bool
    Marker: str


class ListServerCertificateTagsRequest(TypedDict, total=False):
    ServerCertificateName: Required[str]
    Marker: str
    MaxItems: int


class ListServerCertificateTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListServerCertificatesRequest(TypedDict, total=False):
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListServerCertificatesResponse(TypedDict, total=False):
    ServerCertificateMetadataList: Required[list["ServerCertificateMetadata"]]
    IsTruncated: bool
    Marker: str


class ListServiceSpecificCredentialsRequest(TypedDict, total=False):
    UserName: str
    ServiceName: str
    AllUsers: bool
    Marker: str
    MaxItems: int


class ListServiceSpecificCredentialsResponse(TypedDict, total=False):
    ServiceSpecificCredentials: list["ServiceSpecificCredentialMetadata"]
    Marker: str
    IsTruncated: bool


class ListSigningCertificatesRequest(TypedDict, total=False):
    UserName: str
    Marker: str
    MaxItems: int


class ListSigningCertificatesResponse(TypedDict, total=False):
    Certificates: Required[list["SigningCertificate"]]
    IsTruncated: bool
    Marker: str


class ListUserPoliciesRequest(TypedDict, total=False):
    UserName: Required[str]
    Marker: str
    MaxItems: int


class ListUserPoliciesResponse(TypedDict, total=False):
    PolicyNames: Required[list[str]]
    IsTruncated: bool
    Marker: str


class ListUserTagsRequest(TypedDict, total=False):
    UserName: Required[str]
    Marker: str
    MaxItems: int


class ListUserTagsResponse(TypedDict, total=False):
    Tags: Required[list["Tag"]]
    IsTruncated: bool
    Marker: str


class ListUsersRequest(TypedDict, total=False):
    PathPrefix: str
    Marker: str
    MaxItems: int


class ListUsersResponse(TypedDict, total=False):
    Users: Required[list["User"]]
    IsTruncated: bool
    Marker: str


class ListVirtualMFADevicesRequest(TypedDict, total=False):
    AssignmentStatus: str
    Marker: str
    MaxItems: int


class ListVirtualMFADevicesResponse(TypedDict, total=False):
    VirtualMFADevices: Required[list["VirtualMFADevice"]]
    IsTruncated: bool
    Marker: str


class PutAccountPropertiesRequest(TypedDict, total=False):
    Properties: Required[dict[str, str]]


class PutAccountPropertiesResponse(TypedDict, total=False):
    pass


class PutGroupPolicyRequest(TypedDict, total=False):
    GroupName: Required[str]
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class PutRolePermissionsBoundaryRequest(TypedDict, total=False):
    RoleName: Required[str]
    PermissionsBoundary: Required[str]


class PutRolePolicyRequest(TypedDict, total=False):
    RoleName: Required[str]
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class PutUserPermissionsBoundaryRequest(TypedDict, total=False):
    UserName: Required[str]
    PermissionsBoundary: Required[str]


class PutUserPolicyRequest(TypedDict, total=False):
    UserName: Required[str]
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class RejectDelegationRequestRequest(TypedDict, total=False):
    DelegationRequestId: Required[str]
    Notes: str


class RemoveClientIDFromOpenIDConnectProviderRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]
    ClientID: Required[str]


class RemoveRoleFromInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]
    RoleName: Required[str]


class RemoveUserFromGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    UserName: Required[str]


class ResetServiceSpecificCredentialRequest(TypedDict, total=False):
    UserName: str
    ServiceSpecificCredentialId: Required[str]


class ResetServiceSpecificCredentialResponse(TypedDict, total=False):
    ServiceSpecificCredential: "ServiceSpecificCredential"


class ResyncMFADeviceRequest(TypedDict, total=False):
    UserName: Required[str]
    SerialNumber: Required[str]
    AuthenticationCode1: Required[str]
    AuthenticationCode2: Required[str]


class SendDelegationTokenRequest(TypedDict, total=False):
    DelegationRequestId: Required[str]


class SetDefaultPolicyVersionRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    VersionId: Required[str]


class SetSecurityTokenServicePreferencesRequest(TypedDict, total=False):
    GlobalEndpointTokenVersion: Required[str]


class SimulateCustomPolicyRequest(TypedDict, total=False):
    PolicyInputList: Required[list[str]]
    PermissionsBoundaryPolicyInputList: list[str]
    OrderedOrganizationPolicyInputList: list["OrderedOrganizationPolicyType"]
    ActionNames: Required[list[str]]
    ResourceArns: list[str]
    ResourcePolicy: str
    ResourceOwner: str
    CallerArn: str
    ContextEntries: list["ContextEntry"]
    ResourceHandlingOption: str
    MaxItems: int
    Marker: str


class SimulatePolicyResponse(TypedDict, total=False):
    EvaluationResults: list["EvaluationResult"]
    IsTruncated: bool
    Marker: str


class SimulatePrincipalPolicyRequest(TypedDict, total=False):
    PolicySourceArn: Required[str]
    PolicyInputList: list[str]
    PermissionsBoundaryPolicyInputList: list[str]
    PolicyExclusionList: list["PolicyIdentifier"]
    ActionNames: Required[list[str]]
    ResourceArns: list[str]
    ResourcePolicy: str
    ResourceOwner: str
    CallerArn: str
    ContextEntries: list["ContextEntry"]
    ResourceHandlingOption: str
    MaxItems: int
    Marker: str


class TagInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]
    Tags: Required[list["Tag"]]


class TagMFADeviceRequest(TypedDict, total=False):
    SerialNumber: Required[str]
    Tags: Required[list["Tag"]]


class TagOpenIDConnectProviderRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]
    Tags: Required[list["Tag"]]


class TagPolicyRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    Tags: Required[list["Tag"]]


class TagRoleRequest(TypedDict, total=False):
    RoleName: Required[str]
    Tags: Required[list["Tag"]]


class TagSAMLProviderRequest(TypedDict, total=False):
    SAMLProviderArn: Required[str]
    Tags: Required[list["Tag"]]


class TagServerCertificateRequest(TypedDict, total=False):
    ServerCertificateName: Required[str]
    Tags: Required[list["Tag"]]


class TagUserRequest(TypedDict, total=False):
    UserName: Required[str]
    Tags: Required[list["Tag"]]


class UntagInstanceProfileRequest(TypedDict, total=False):
    InstanceProfileName: Required[str]
    TagKeys: Required[list[str]]


class UntagMFADeviceRequest(TypedDict, total=False):
    SerialNumber: Required[str]
    TagKeys: Required[list[str]]


class UntagOpenIDConnectProviderRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]
    TagKeys: Required[list[str]]


class UntagPolicyRequest(TypedDict, total=False):
    PolicyArn: Required[str]
    TagKeys: Required[list[str]]


class UntagRoleRequest(TypedDict, total=False):
    RoleName: Required[str]
    TagKeys: Required[list[str]]


class UntagSAMLProviderRequest(TypedDict, total=False):
    SAMLProviderArn: Required[str]
    TagKeys: Required[list[str]]


class UntagServerCertificateRequest(TypedDict, total=False):
    ServerCertificateName: Required[str]
    TagKeys: Required[list[str]]


class UntagUserRequest(TypedDict, total=False):
    UserName: Required[str]
    TagKeys: Required[list[str]]


class UpdateAccessKeyRequest(TypedDict, total=False):
    UserName: str
    AccessKeyId: Required[str]
    Status: Required[str]


class UpdateAccountPasswordPolicyRequest(TypedDict, total=False):
    MinimumPasswordLength: int
    RequireSymbols: bool
    RequireNumbers: bool
    RequireUppercaseCharacters: bool
    RequireLowercaseCharacters: bool
    AllowUsersToChangePassword: bool
    MaxPasswordAge: int
    PasswordReusePrevention: int
    HardExpiry: bool


class UpdateAssumeRolePolicyRequest(TypedDict, total=False):
    RoleName: Required[str]
    PolicyDocument: Required[str]


class UpdateDelegationRequestRequest(TypedDict, total=False):
    DelegationRequestId: Required[str]
    Notes: str


class UpdateGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    NewPath: str
    NewGroupName: str


class UpdateLoginProfileRequest(TypedDict, total=False):
    UserName: Required[str]
    Password: str
    PasswordResetRequired: bool


class UpdateOpenIDConnectProviderThumbprintRequest(TypedDict, total=False):
    OpenIDConnectProviderArn: Required[str]
    ThumbprintList: Required[list[str]]


class UpdateRoleDescriptionRequest(TypedDict, total=False):
    RoleName: Required[str]
    Description: Required[str]


class UpdateRoleDescriptionResponse(TypedDict, total=False):
    Role: "Role"


class UpdateRoleRequest(TypedDict, total=False):
    RoleName: Required[str]
    Description: str
    MaxSessionDuration: int


class UpdateRoleResponse(TypedDict, total=False):
    pass


class UpdateSAMLProviderRequest(TypedDict, total=False):
    SAMLMetadataDocument: str
    SAMLProviderArn: Required[str]
    AssertionEncryptionMode: str
    AddPrivateKey: str
    RemovePrivateKey: str


class UpdateSAMLProviderResponse(TypedDict, total=False):
    SAMLProviderArn: str


class UpdateSSHPublicKeyRequest(TypedDict, total=False):
    UserName: Required[str]
    SSHPublicKeyId: Required[str]
    Status: Required[str]


class UpdateServerCertificateRequest(TypedDict, total=False):
    ServerCertificateName: Required[str]
    NewPath: str
    NewServerCertificateName: str


class UpdateServiceSpecificCredentialRequest(TypedDict, total=False):
    UserName: str
    ServiceSpecificCredentialId: Required[str]
    Status: Required[str]


class UpdateSigningCertificateRequest(TypedDict, total=False):
    UserName: str
    CertificateId: Required[str]
    Status: Required[str]


class UpdateUserRequest(TypedDict, total=False):
    UserName: Required[str]
    NewPath: str
    NewUserName: str


class UploadSSHPublicKeyRequest(TypedDict, total=False):
    UserName: Required[str]
    SSHPublicKeyBody: Required[str]


class UploadSSHPublicKeyResponse(TypedDict, total=False):
    SSHPublicKey: "SSHPublicKey"


class UploadServerCertificateRequest(TypedDict, total=False):
    Path: str
    ServerCertificateName: Required[str]
    CertificateBody: Required[str]
    PrivateKey: Required[str]
    CertificateChain: str
    Tags: list["Tag"]


class UploadServerCertificateResponse(TypedDict, total=False):
    ServerCertificateMetadata: "ServerCertificateMetadata"
    Tags: list["Tag"]


class UploadSigningCertificateRequest(TypedDict, total=False):
    UserName: str
    CertificateBody: Required[str]


class UploadSigningCertificateResponse(TypedDict, total=False):
    Certificate: Required["SigningCertificate"]


class AccessDetail(TypedDict, total=False):
    ServiceName: Required[str]
    ServiceNamespace: Required[str]
    Region: str
    EntityPath: str
    LastAuthenticatedTime: datetime
    TotalAuthenticatedEntities: int


class AccessKey(TypedDict, total=False):
    UserName: Required[str]
    AccessKeyId: Required[str]
    Status: Required[str]
    SecretAccessKey: Required[str]
    CreateDate: datetime


class AccessKeyLastUsed(TypedDict, total=False):
    LastUsedDate: datetime
    ServiceName: Required[str]
    Region: Required[str]


class AccessKeyMetadata(TypedDict, total=False):
    UserName: str
    AccessKeyId: str
    Status: str
    CreateDate: datetime


class AttachedPolicy(TypedDict, total=False):
    PolicyName: str
    PolicyArn: str


class ContextEntry(TypedDict, total=False):
    ContextKeyName: str
    ContextKeyValues: list[str]
    ContextKeyType: str


class DelegationPermission(TypedDict, total=False):
    PolicyTemplateArn: str
    Parameters: list["PolicyParameter"]


class DelegationRequest(TypedDict, total=False):
    DelegationRequestId: str
    OwnerAccountId: str
    Description: str
    RequestMessage: str
    Permissions: "DelegationPermission"
    PermissionPolicy: str
    RolePermissionRestrictionArns: list[str]
    OwnerId: str
    ApproverId: str
    State: str
    ExpirationTime: datetime
    RequestorId: str
    RequestorName: str
    CreateDate: datetime
    SessionDuration: int
    RedirectUrl: str
    Notes: str
    RejectionReason: str
    OnlySendByOwner: bool
    UpdatedTime: datetime


class DeletionTaskFailureReasonType(TypedDict, total=False):
    Reason: str
    RoleUsageList: list["RoleUsageType"]


class EntityDetails(TypedDict, total=False):
    EntityInfo: Required["EntityInfo"]
    LastAuthenticated: datetime


class ErrorDetails(TypedDict, total=False):
    Message: Required[str]
    Code: Required[str]


class EvaluationResult(TypedDict, total=False):
    EvalActionName: Required[str]
    EvalResourceName: str
    EvalDecision: Required[str]
    MatchedStatements: list["Statement"]
    MissingContextValues: list[str]
    OrganizationsDecisionDetail: "OrganizationsDecisionDetail"
    PermissionsBoundaryDecisionDetail: "PermissionsBoundaryDecisionDetail"
    EvalDecisionDetails: dict[str, str]
    ResourceSpecificResults: list["ResourceSpecificResult"]


class Group(TypedDict, total=False):
    Path: Required[str]
    GroupName: Required[str]
    GroupId: Required[str]
    Arn: Required[str]
    CreateDate: Required[datetime]


class GroupDetail(TypedDict, total=False):
    Path: str
    GroupName: str
    GroupId: str
    Arn: str
    CreateDate: datetime
    GroupPolicyList: list["PolicyDetail"]
    AttachedManagedPolicies: list["AttachedPolicy"]


class InstanceProfile(TypedDict, total=False):
    Path: Required[str]
    InstanceProfileName: Required[str]
    InstanceProfileId: Required[str]
    Arn: Required[str]
    CreateDate: Required[datetime]
    Roles: Required[list["Role"]]
    Tags: list["Tag"]


class ListPoliciesGrantingServiceAccessEntry(TypedDict, total=False):
    ServiceNamespace: str
    Policies: list["PolicyGrantingServiceAccess"]


class LoginProfile(TypedDict, total=False):
    UserName: Required[str]
    CreateDate: Required[datetime]
    PasswordResetRequired: bool


class MFADevice(TypedDict, total=False):
    UserName: Required[str]
    SerialNumber: Required[str]
    EnableDate: Required[datetime]


class ManagedPolicyDetail(TypedDict, total=False):
    PolicyName: str
    PolicyId: str
    Arn: str
    Path: str
    DefaultVersionId: str
    AttachmentCount: int
    PermissionsBoundaryUsageCount: int
    IsAttachable: bool
    Description: str
    CreateDate: datetime
    UpdateDate: datetime
    PolicyVersionList: list["PolicyVersion"]


class OpenIDConnectProviderListEntry(TypedDict, total=False):
    Arn: str


class OrderedOrganizationPolicyType(TypedDict, total=False):
    ServiceControlPolicyInputList: list[str]


class PasswordPolicy(TypedDict, total=False):
    MinimumPasswordLength: int
    RequireSymbols: bool
    RequireNumbers: bool
    RequireUppercaseCharacters: bool
    RequireLowercaseCharacters: bool
    AllowUsersToChangePassword: bool
    ExpirePasswords: bool
    MaxPasswordAge: int
    PasswordReusePrevention: int
    HardExpiry: bool


class Policy(TypedDict, total=False):
    PolicyName: str
    PolicyId: str
    Arn: str
    Path: str
    DefaultVersionId: str
    AttachmentCount: int
    PermissionsBoundaryUsageCount: int
    IsAttachable: bool
    Description: str
    CreateDate: datetime
    UpdateDate: datetime
    Tags: list["Tag"]


class PolicyGroup(TypedDict, total=False):
    GroupName: str
    GroupId: str


class PolicyIdentifier(TypedDict, total=False):
    PolicyType: str
    PolicyArn: str
    InlinePolicyIdentifier: "InlinePolicyIdentifierType"


class PolicyRole(TypedDict, total=False):
    RoleName: str
    RoleId: str


class PolicyUser(TypedDict, total=False):
    UserName: str
    UserId: str


class PolicyVersion(TypedDict, total=False):
    Document: str
    VersionId: str
    IsDefaultVersion: bool
    CreateDate: datetime


class ReplacementValueEntry(TypedDict, total=False):
    Values: Required[list[str]]


class Role(TypedDict, total=False):
    Path: Required[str]
    RoleName: Required[str]
    RoleId: Required[str]
    Arn: Required[str]
    CreateDate: Required[datetime]
    AssumeRolePolicyDocument: str
    Description: str
    MaxSessionDuration: int
    PermissionsBoundary: "AttachedPermissionsBoundary"
    Tags: list["Tag"]
    RoleLastUsed: "RoleLastUsed"
    SourceRoleTemplate: "SourceRoleTemplate"


class RoleDetail(TypedDict, total=False):
    Path: str
    RoleName: str
    RoleId: str
    Arn: str
    CreateDate: datetime
    AssumeRolePolicyDocument: str
    InstanceProfileList: list["InstanceProfile"]
    RolePolicyList: list["PolicyDetail"]
    AttachedManagedPolicies: list["AttachedPolicy"]
    PermissionsBoundary: "AttachedPermissionsBoundary"
    Tags: list["Tag"]
    RoleLastUsed: "RoleLastUsed"


class RoleTemplateVersion(TypedDict, total=False):
    TemplateArn: str
    TemplateName: str
    TemplateVersionId: str
    Description: str
    MajorVersion: int
    DefaultMinorVersion: int
    ManagedByType: str
    ManagedByValue: str
    Enabled: bool
    MinorVersion: int
    RoleNamePattern: str
    RolePathPattern: str
    RoleDescriptionPattern: str
    AssumeRolePolicyDocumentTemplate: str
    InlinePolicyTemplates: list["InlinePolicy"]
    ManagedPolicyArns: list[str]
    PermissionBoundaryArn: str
    ParametersDefinition: list["ParameterDefinition"]
    RoleTagsTemplate: list["TagTemplate"]
    MaxSessionDuration: int
    VersionEnabled: bool
    CreateTimestamp: datetime
    UpdateTimestamp: datetime


class SAMLPrivateKey(TypedDict, total=False):
    KeyId: str
    Timestamp: datetime


class SAMLProviderListEntry(TypedDict, total=False):
    Arn: str
    ValidUntil: datetime
    CreateDate: datetime


class SSHPublicKey(TypedDict, total=False):
    UserName: Required[str]
    SSHPublicKeyId: Required[str]
    Fingerprint: Required[str]
    SSHPublicKeyBody: Required[str]
    Status: Required[str]
    UploadDate: datetime


class SSHPublicKeyMetadata(TypedDict, total=False):
    UserName: Required[str]
    SSHPublicKeyId: Required[str]
    Status: Required[str]
    UploadDate: Required[datetime]


class ServerCertificate(TypedDict, total=False):
    ServerCertificateMetadata: Required["ServerCertificateMetadata"]
    CertificateBody: Required[str]
    CertificateChain: str
    Tags: list["Tag"]


class ServerCertificateMetadata(TypedDict, total=False):
    Path: Required[str]
    ServerCertificateName: Required[str]
    ServerCertificateId: Required[str]
    Arn: Required[str]
    UploadDate: datetime
    Expiration: datetime


class ServiceLastAccessed(TypedDict, total=False):
    ServiceName: Required[str]
    LastAuthenticated: datetime
    ServiceNamespace: Required[str]
    LastAuthenticatedEntity: str
    LastAuthenticatedRegion: str
    TotalAuthenticatedEntities: int
    TrackedActionsLastAccessed: list["TrackedActionLastAccessed"]


class ServiceSpecificCredential(TypedDict, total=False):
    CreateDate: Required[datetime]
    ExpirationDate: datetime
    ServiceName: Required[str]
    ServiceUserName: str
    ServicePassword: str
    ServiceCredentialAlias: str
    ServiceCredentialSecret: str
    ServiceSpecificCredentialId: Required[str]
    UserName: Required[str]
    Status: Required[str]


class ServiceSpecificCredentialMetadata(TypedDict, total=False):
    UserName: Required[str]
    Status: Required[str]
    ServiceUserName: str
    ServiceCredentialAlias: str
    CreateDate: Required[datetime]
    ExpirationDate: datetime
    ServiceSpecificCredentialId: Required[str]
    ServiceName: Required[str]


class SigningCertificate(TypedDict, total=False):
    UserName: Required[str]
    CertificateId: Required[str]
    CertificateBody: Required[str]
    Status: Required[str]
    UploadDate: datetime


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class User(TypedDict, total=False):
    Path: Required[str]
    UserName: Required[str]
    UserId: Required[str]
    Arn: Required[str]
    CreateDate: Required[datetime]
    PasswordLastUsed: datetime
    PermissionsBoundary: "AttachedPermissionsBoundary"
    Tags: list["Tag"]


class UserDetail(TypedDict, total=False):
    Path: str
    UserName: str
    UserId: str
    Arn: str
    CreateDate: datetime
    UserPolicyList: list["PolicyDetail"]
    GroupList: list[str]
    AttachedManagedPolicies: list["AttachedPolicy"]
    PermissionsBoundary: "AttachedPermissionsBoundary"
    Tags: list["Tag"]


class VirtualMFADevice(TypedDict, total=False):
    SerialNumber: Required[str]
    Base32StringSeed: bytes
    QRCodePNG: bytes
    User: "User"
    EnableDate: datetime
    Tags: list["Tag"]


class AttachedPermissionsBoundary(TypedDict, total=False):
    PermissionsBoundaryType: str
    PermissionsBoundaryArn: str


class EntityInfo(TypedDict, total=False):
    Arn: Required[str]
    Name: Required[str]
    Type: Required[str]
    Id: Required[str]
    Path: str


class InlinePolicy(TypedDict, total=False):
    PolicyName: Required[str]
    PolicyDocument: Required[str]


class InlinePolicyIdentifierType(TypedDict, total=False):
    PolicyName: Required[str]
    AttachmentType: Required[str]
    AttachmentName: Required[str]


class OrganizationsDecisionDetail(TypedDict, total=False):
    AllowedByOrganizations: bool


class ParameterDefinition(TypedDict, total=False):
    Name: Required[str]
    Type: Required[str]
    SubType: str
    Description: str
    IsRequired: bool
    DefaultValue: str
    Immutable: bool


class PermissionsBoundaryDecisionDetail(TypedDict, total=False):
    AllowedByPermissionsBoundary: bool


class PolicyDetail(TypedDict, total=False):
    PolicyName: str
    PolicyDocument: str


class PolicyGrantingServiceAccess(TypedDict, total=False):
    PolicyName: Required[str]
    PolicyType: Required[str]
    PolicyArn: str
    EntityType: str
    EntityName: str


class PolicyParameter(TypedDict, total=False):
    Name: str
    Values: list[str]
    Type: str


class ResourceSpecificResult(TypedDict, total=False):
    EvalResourceName: Required[str]
    EvalResourceDecision: Required[str]
    MatchedStatements: list["Statement"]
    MissingContextValues: list[str]
    EvalDecisionDetails: dict[str, str]
    PermissionsBoundaryDecisionDetail: "PermissionsBoundaryDecisionDetail"


class RoleLastUsed(TypedDict, total=False):
    LastUsedDate: datetime
    Region: str


class RoleUsageType(TypedDict, total=False):
    Region: str
    Resources: list[str]


class SourceRoleTemplate(TypedDict, total=False):
    TemplateArn: Required[str]
    TemplateMinorVersion: Required[int]


class Statement(TypedDict, total=False):
    SourcePolicyId: str
    SourcePolicyType: str
    StartPosition: "Position"
    EndPosition: "Position"


class TagTemplate(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class TrackedActionLastAccessed(TypedDict, total=False):
    ActionName: str
    LastAccessedEntity: str
    LastAccessedTime: datetime
    LastAccessedRegion: str


class Position(TypedDict, total=False):
    Line: int
    Column: int


class AccountNotManagementOrDelegatedAdministratorExceptionError(ModelledError):
    code = "AccountNotManagementOrDelegatedAdministratorException"


class CallerIsNotManagementAccountExceptionError(ModelledError):
    code = "CallerIsNotManagementAccountException"


class ConcurrentModificationExceptionError(ModelledError):
    code = "ConcurrentModificationException"
    status = 409


class CredentialReportExpiredExceptionError(ModelledError):
    code = "CredentialReportExpiredException"
    status = 410


class CredentialReportNotPresentExceptionError(ModelledError):
    code = "CredentialReportNotPresentException"
    status = 410


class CredentialReportNotReadyExceptionError(ModelledError):
    code = "CredentialReportNotReadyException"
    status = 404


class DeleteConflictExceptionError(ModelledError):
    code = "DeleteConflictException"
    status = 409


class DuplicateCertificateExceptionError(ModelledError):
    code = "DuplicateCertificateException"
    status = 409


class DuplicateSSHPublicKeyExceptionError(ModelledError):
    code = "DuplicateSSHPublicKeyException"
    status = 400


class EntityAlreadyExistsExceptionError(ModelledError):
    code = "EntityAlreadyExistsException"
    status = 409


class EntityTemporarilyUnmodifiableExceptionError(ModelledError):
    code = "EntityTemporarilyUnmodifiableException"
    status = 409


class FeatureDisabledExceptionError(ModelledError):
    code = "FeatureDisabledException"
    status = 404


class FeatureEnabledExceptionError(ModelledError):
    code = "FeatureEnabledException"
    status = 409


class InvalidAuthenticationCodeExceptionError(ModelledError):
    code = "InvalidAuthenticationCodeException"
    status = 403


class InvalidCertificateExceptionError(ModelledError):
    code = "InvalidCertificateException"
    status = 400


class InvalidInputExceptionError(ModelledError):
    code = "InvalidInputException"
    status = 400


class InvalidPublicKeyExceptionError(ModelledError):
    code = "InvalidPublicKeyException"
    status = 400


class InvalidUserTypeExceptionError(ModelledError):
    code = "InvalidUserTypeException"
    status = 400


class KeyPairMismatchExceptionError(ModelledError):
    code = "KeyPairMismatchException"
    status = 400


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"
    status = 409


class MalformedCertificateExceptionError(ModelledError):
    code = "MalformedCertificateException"
    status = 400


class MalformedPolicyDocumentExceptionError(ModelledError):
    code = "MalformedPolicyDocumentException"
    status = 400


class NameConflictExceptionError(ModelledError):
    code = "NameConflictException"
    status = 409


class NoSuchEntityExceptionError(ModelledError):
    code = "NoSuchEntityException"
    status = 404


class OpenIdIdpCommunicationErrorExceptionError(ModelledError):
    code = "OpenIdIdpCommunicationErrorException"
    status = 400


class OrganizationNotFoundExceptionError(ModelledError):
    code = "OrganizationNotFoundException"


class OrganizationNotInAllFeaturesModeExceptionError(ModelledError):
    code = "OrganizationNotInAllFeaturesModeException"


class PasswordPolicyViolationExceptionError(ModelledError):
    code = "PasswordPolicyViolationException"
    status = 400


class PolicyEvaluationExceptionError(ModelledError):
    code = "PolicyEvaluationException"
    status = 500


class PolicyNotAttachableExceptionError(ModelledError):
    code = "PolicyNotAttachableException"
    status = 400


class ReportGenerationLimitExceededExceptionError(ModelledError):
    code = "ReportGenerationLimitExceededException"
    status = 409


class RoleModifiedExceptionError(ModelledError):
    code = "RoleModifiedException"
    status = 409


class RoleTemplateDisabledExceptionError(ModelledError):
    code = "RoleTemplateDisabledException"
    status = 400


class ServiceAccessNotEnabledExceptionError(ModelledError):
    code = "ServiceAccessNotEnabledException"


class ServiceFailureExceptionError(ModelledError):
    code = "ServiceFailureException"
    status = 500


class ServiceNotSupportedExceptionError(ModelledError):
    code = "ServiceNotSupportedException"
    status = 404


class UnmodifiableEntityExceptionError(ModelledError):
    code = "UnmodifiableEntityException"
    status = 400


class UnrecognizedPublicKeyEncodingExceptionError(ModelledError):
    code = "UnrecognizedPublicKeyEncodingException"
    status = 400
