"""Wire types of Amazon Cognito Identity Provider, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AddCustomAttributes', 'AddUserPoolClientSecret', 'AdminAddUserToGroup', 'AdminConfirmSignUp', 'AdminCreateUser', 'AdminDeleteSoftwareToken', 'AdminDeleteUser', 'AdminDeleteUserAttributes', 'AdminDisableProviderForUser', 'AdminDisableUser', 'AdminEnableUser', 'AdminForgetDevice', 'AdminGetDevice', 'AdminGetUser', 'AdminGetUserAuthFactors', 'AdminInitiateAuth', 'AdminLinkProviderForUser', 'AdminListDevices', 'AdminListGroupsForUser', 'AdminListUserAuthEvents', 'AdminListUserSessions', 'AdminRemoveUserFromGroup', 'AdminResetUserPassword', 'AdminRespondToAuthChallenge', 'AdminRevokeUserSession', 'AdminSetUserMFAPreference', 'AdminSetUserPassword', 'AdminSetUserSettings', 'AdminUpdateAuthEventFeedback', 'AdminUpdateDeviceStatus', 'AdminUpdateUserAttributes', 'AdminUserGlobalSignOut', 'AssociateSoftwareToken', 'ChangePassword', 'CompleteWebAuthnRegistration', 'ConfirmDevice', 'ConfirmForgotPassword', 'ConfirmSignUp', 'CreateGroup', 'CreateIdentityProvider', 'CreateManagedLoginBranding', 'CreateResourceServer', 'CreateTerms', 'CreateUserImportJob', 'CreateUserPool', 'CreateUserPoolClient', 'CreateUserPoolDomain', 'CreateUserPoolReplica', 'DeleteGroup', 'DeleteIdentityProvider', 'DeleteManagedLoginBranding', 'DeleteResourceServer', 'DeleteTerms', 'DeleteUser', 'DeleteUserAttributes', 'DeleteUserPool', 'DeleteUserPoolClient', 'DeleteUserPoolClientSecret', 'DeleteUserPoolDomain', 'DeleteUserPoolReplica', 'DeleteWebAuthnCredential', 'DescribeIdentityProvider', 'DescribeManagedLoginBranding', 'DescribeManagedLoginBrandingByClient', 'DescribeResourceServer', 'DescribeRiskConfiguration', 'DescribeTerms', 'DescribeTermsByClient', 'DescribeUserImportJob', 'DescribeUserPool', 'DescribeUserPoolClient', 'DescribeUserPoolDomain', 'ForgetDevice', 'ForgotPassword', 'GetCSVHeader', 'GetClientToken', 'GetDevice', 'GetGroup', 'GetIdentityProviderByIdentifier', 'GetLogDeliveryConfiguration', 'GetProvisionedLimit', 'GetSigningCertificate', 'GetTokensFromRefreshToken', 'GetUICustomization', 'GetUser', 'GetUserAttributeVerificationCode', 'GetUserAuthFactors', 'GetUserPoolClientSessionConfiguration', 'GetUserPoolMfaConfig', 'GetUserPoolSessionConfiguration', 'GlobalSignOut', 'InitiateAuth', 'ListDevices', 'ListGroups', 'ListIdentityProviders', 'ListResourceServers', 'ListTagsForResource', 'ListTerms', 'ListUserImportJobs', 'ListUserPoolClientSecrets', 'ListUserPoolClients', 'ListUserPoolReplicas', 'ListUserPools', 'ListUserSessions', 'ListUsers', 'ListUsersInGroup', 'ListWebAuthnCredentials', 'ResendConfirmationCode', 'RespondToAuthChallenge', 'RevokeToken', 'RevokeUserSession', 'SetLogDeliveryConfiguration', 'SetRiskConfiguration', 'SetUICustomization', 'SetUserMFAPreference', 'SetUserPoolClientSessionConfiguration', 'SetUserPoolMfaConfig', 'SetUserPoolSessionConfiguration', 'SetUserSettings', 'SignUp', 'StartUserImportJob', 'StartWebAuthnRegistration', 'StopUserImportJob', 'TagResource', 'UntagResource', 'UpdateAuthEventFeedback', 'UpdateDeviceStatus', 'UpdateGroup', 'UpdateIdentityProvider', 'UpdateManagedLoginBranding', 'UpdateProvisionedLimit', 'UpdateResourceServer', 'UpdateTerms', 'UpdateUserAttributes', 'UpdateUserPool', 'UpdateUserPoolClient', 'UpdateUserPoolDomain', 'UpdateUserPoolReplica', 'VerifySoftwareToken', 'VerifyUserAttribute')


class AddCustomAttributesRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    CustomAttributes: Required[list["SchemaAttributeType"]]


class AddCustomAttributesResponse(TypedDict, total=False):
    pass


class AddUserPoolClientSecretRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    ClientSecret: str


class AddUserPoolClientSecretResponse(TypedDict, total=False):
    ClientSecretDescriptor: "ClientSecretDescriptorType"


class AdminAddUserToGroupRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    GroupName: Required[str]


class AdminConfirmSignUpRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    ClientMetadata: dict[str, str]


class AdminConfirmSignUpResponse(TypedDict, total=False):
    pass


class AdminCreateUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    UserAttributes: list["AttributeType"]
    ValidationData: list["AttributeType"]
    TemporaryPassword: str
    ForceAliasCreation: bool
    MessageAction: str
    DesiredDeliveryMediums: list[str]
    ClientMetadata: dict[str, str]


class AdminCreateUserResponse(TypedDict, total=False):
    User: "UserType"


class AdminDeleteSoftwareTokenRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminDeleteSoftwareTokenResponse(TypedDict, total=False):
    pass


class AdminDeleteUserAttributesRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    UserAttributeNames: Required[list[str]]


class AdminDeleteUserAttributesResponse(TypedDict, total=False):
    pass


class AdminDeleteUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminDisableProviderForUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    User: Required["ProviderUserIdentifierType"]


class AdminDisableProviderForUserResponse(TypedDict, total=False):
    pass


class AdminDisableUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminDisableUserResponse(TypedDict, total=False):
    pass


class AdminEnableUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminEnableUserResponse(TypedDict, total=False):
    pass


class AdminForgetDeviceRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    DeviceKey: Required[str]


class AdminGetDeviceRequest(TypedDict, total=False):
    DeviceKey: Required[str]
    UserPoolId: Required[str]
    Username: Required[str]


class AdminGetDeviceResponse(TypedDict, total=False):
    Device: Required["DeviceType"]


class AdminGetUserAuthFactorsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminGetUserAuthFactorsResponse(TypedDict, total=False):
    Username: Required[str]
    PreferredMfaSetting: str
    UserMFASettingList: list[str]
    ConfiguredUserAuthFactors: list[str]


class AdminGetUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminGetUserResponse(TypedDict, total=False):
    Username: Required[str]
    UserAttributes: list["AttributeType"]
    UserCreateDate: datetime
    UserLastModifiedDate: datetime
    Enabled: bool
    UserStatus: str
    MFAOptions: list["MFAOptionType"]
    PreferredMfaSetting: str
    UserMFASettingList: list[str]


class AdminInitiateAuthRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    AuthFlow: Required[str]
    AuthParameters: dict[str, str]
    ClientMetadata: dict[str, str]
    AnalyticsMetadata: "AnalyticsMetadataType"
    ContextData: "ContextDataType"
    Session: str


class AdminInitiateAuthResponse(TypedDict, total=False):
    ChallengeName: str
    Session: str
    ChallengeParameters: dict[str, str]
    AuthenticationResult: "AuthenticationResultType"
    AvailableChallenges: list[str]


class AdminLinkProviderForUserRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    DestinationUser: Required["ProviderUserIdentifierType"]
    SourceUser: Required["ProviderUserIdentifierType"]


class AdminLinkProviderForUserResponse(TypedDict, total=False):
    pass


class AdminListDevicesRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    Limit: int
    PaginationToken: str


class AdminListDevicesResponse(TypedDict, total=False):
    Devices: list["DeviceType"]
    PaginationToken: str


class AdminListGroupsForUserRequest(TypedDict, total=False):
    Username: Required[str]
    UserPoolId: Required[str]
    Limit: int
    NextToken: str


class AdminListGroupsForUserResponse(TypedDict, total=False):
    Groups: list["GroupType"]
    NextToken: str


class AdminListUserAuthEventsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    MaxResults: int
    NextToken: str


class AdminListUserAuthEventsResponse(TypedDict, total=False):
    AuthEvents: list["AuthEventType"]
    NextToken: str


class AdminListUserSessionsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    NextToken: str


class AdminListUserSessionsResponse(TypedDict, total=False):
    Sessions: list["SessionDescriptionType"]
    NextToken: str


class AdminRemoveUserFromGroupRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    GroupName: Required[str]


class AdminResetUserPasswordRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    ClientMetadata: dict[str, str]


class AdminResetUserPasswordResponse(TypedDict, total=False):
    pass


class AdminRespondToAuthChallengeRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    ChallengeName: Required[str]
    ChallengeResponses: dict[str, str]
    Session: str
    AnalyticsMetadata: "AnalyticsMetadataType"
    ContextData: "ContextDataType"
    ClientMetadata: dict[str, str]


class AdminRespondToAuthChallengeResponse(TypedDict, total=False):
    ChallengeName: str
    Session: str
    ChallengeParameters: dict[str, str]
    AuthenticationResult: "AuthenticationResultType"
    AvailableChallenges: list[str]


class AdminRevokeUserSessionRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    SessionId: Required[str]
    RevokeAssociatedSessions: str


class AdminRevokeUserSessionResponse(TypedDict, total=False):
    pass


class AdminSetUserMFAPreferenceRequest(TypedDict, total=False):
    SMSMfaSettings: "SMSMfaSettingsType"
    SoftwareTokenMfaSettings: "SoftwareTokenMfaSettingsType"
    EmailMfaSettings: "EmailMfaSettingsType"
    WebAuthnMfaSettings: "WebAuthnMfaSettingsType"
    Username: Required[str]
    UserPoolId: Required[str]


class AdminSetUserMFAPreferenceResponse(TypedDict, total=False):
    pass


class AdminSetUserPasswordRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    Password: Required[str]
    Permanent: bool


class AdminSetUserPasswordResponse(TypedDict, total=False):
    pass


class AdminSetUserSettingsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    MFAOptions: Required[list["MFAOptionType"]]


class AdminSetUserSettingsResponse(TypedDict, total=False):
    pass


class AdminUpdateAuthEventFeedbackRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    EventId: Required[str]
    FeedbackValue: Required[str]


class AdminUpdateAuthEventFeedbackResponse(TypedDict, total=False):
    pass


class AdminUpdateDeviceStatusRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    DeviceKey: Required[str]
    DeviceRememberedStatus: str


class AdminUpdateDeviceStatusResponse(TypedDict, total=False):
    pass


class AdminUpdateUserAttributesRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    UserAttributes: Required[list["AttributeType"]]
    ClientMetadata: dict[str, str]


class AdminUpdateUserAttributesResponse(TypedDict, total=False):
    pass


class AdminUserGlobalSignOutRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]


class AdminUserGlobalSignOutResponse(TypedDict, total=False):
    pass


class AssociateSoftwareTokenRequest(TypedDict, total=False):
    AccessToken: str
    Session: str


class AssociateSoftwareTokenResponse(TypedDict, total=False):
    SecretCode: str
    Session: str


class ChangePasswordRequest(TypedDict, total=False):
    PreviousPassword: str
    ProposedPassword: Required[str]
    AccessToken: Required[str]


class ChangePasswordResponse(TypedDict, total=False):
    pass


class CompleteWebAuthnRegistrationRequest(TypedDict, total=False):
    AccessToken: Required[str]
    Credential: Required["Document"]


class CompleteWebAuthnRegistrationResponse(TypedDict, total=False):
    pass


class ConfirmDeviceRequest(TypedDict, total=False):
    AccessToken: Required[str]
    DeviceKey: Required[str]
    DeviceSecretVerifierConfig: "DeviceSecretVerifierConfigType"
    DeviceName: str


class ConfirmDeviceResponse(TypedDict, total=False):
    UserConfirmationNecessary: bool


class ConfirmForgotPasswordRequest(TypedDict, total=False):
    ClientId: Required[str]
    SecretHash: str
    Username: Required[str]
    ConfirmationCode: Required[str]
    Password: Required[str]
    AnalyticsMetadata: "AnalyticsMetadataType"
    UserContextData: "UserContextDataType"
    ClientMetadata: dict[str, str]


class ConfirmForgotPasswordResponse(TypedDict, total=False):
    pass


class ConfirmSignUpRequest(TypedDict, total=False):
    ClientId: Required[str]
    SecretHash: str
    Username: Required[str]
    ConfirmationCode: Required[str]
    ForceAliasCreation: bool
    AnalyticsMetadata: "AnalyticsMetadataType"
    UserContextData: "UserContextDataType"
    ClientMetadata: dict[str, str]
    Session: str


class ConfirmSignUpResponse(TypedDict, total=False):
    Session: str


class CreateGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    UserPoolId: Required[str]
    Description: str
    RoleArn: str
    Precedence: int


class CreateGroupResponse(TypedDict, total=False):
    Group: "GroupType"


class CreateIdentityProviderRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ProviderName: Required[str]
    ProviderType: Required[str]
    ProviderDetails: Required[dict[str, str]]
    AttributeMapping: dict[str, str]
    IdpIdentifiers: list[str]
    AcrMapping: dict[str, str]


class CreateIdentityProviderResponse(TypedDict, total=False):
    IdentityProvider: Required["IdentityProviderType"]


class CreateManagedLoginBrandingRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    UseCognitoProvidedValues: bool
    Settings: "Document"
    Assets: list["AssetType"]


class CreateManagedLoginBrandingResponse(TypedDict, total=False):
    ManagedLoginBranding: "ManagedLoginBrandingType"


class CreateResourceServerRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Identifier: Required[str]
    Name: Required[str]
    Scopes: list["ResourceServerScopeType"]


class CreateResourceServerResponse(TypedDict, total=False):
    ResourceServer: Required["ResourceServerType"]


class CreateTermsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    TermsName: Required[str]
    TermsSource: Required[str]
    Enforcement: Required[str]
    Links: dict[str, str]


class CreateTermsResponse(TypedDict, total=False):
    Terms: "TermsType"


class CreateUserImportJobRequest(TypedDict, total=False):
    JobName: Required[str]
    UserPoolId: Required[str]
    CloudWatchLogsRoleArn: Required[str]
    PasswordHashingAlgorithm: str


class CreateUserImportJobResponse(TypedDict, total=False):
    UserImportJob: "UserImportJobType"


class CreateUserPoolClientRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientName: Required[str]
    GenerateSecret: bool
    ClientSecret: str
    RefreshTokenValidity: int
    AccessTokenValidity: int
    IdTokenValidity: int
    TokenValidityUnits: "TokenValidityUnitsType"
    ReadAttributes: list[str]
    WriteAttributes: list[str]
    ExplicitAuthFlows: list[str]
    SupportedIdentityProviders: list[str]
    CallbackURLs: list[str]
    LogoutURLs: list[str]
    DefaultRedirectURI: str
    AllowedOAuthFlows: list[str]
    AllowedOAuthScopes: list[str]
    AllowedOAuthFlowsUserPoolClient: bool
    AnalyticsConfiguration: "AnalyticsConfigurationType"
    PreventUserExistenceErrors: str
    EnableTokenRevocation: bool
    EnablePropagateAdditionalUserContextData: bool
    AuthSessionValidity: int
    RefreshTokenRotation: "RefreshTokenRotationType"


class CreateUserPoolClientResponse(TypedDict, total=False):
    UserPoolClient: "UserPoolClientType"


class CreateUserPoolDomainRequest(TypedDict, total=False):
    Domain: Required[str]
    UserPoolId: Required[str]
    ManagedLoginVersion: int
    CustomDomainConfig: "CustomDomainConfigType"
    Routing: "RoutingType"


class CreateUserPoolDomainResponse(TypedDict, total=False):
    ManagedLoginVersion: int
    CloudFrontDomain: str
    Routing: "RoutingType"


class CreateUserPoolReplicaRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    RegionName: Required[str]
    UserPoolTags: dict[str, str]


class CreateUserPoolReplicaResponse(TypedDict, total=False):
    UserPoolReplica: "UserPoolReplicaType"


class CreateUserPoolRequest(TypedDict, total=False):
    PoolName: Required[str]
    Policies: "UserPoolPolicyType"
    DeletionProtection: str
    LambdaConfig: "LambdaConfigType"
    AutoVerifiedAttributes: list[str]
    AliasAttributes: list[str]
    UsernameAttributes: list[str]
    SmsVerificationMessage: str
    EmailVerificationMessage: str
    EmailVerificationSubject: str
    VerificationMessageTemplate: "VerificationMessageTemplateType"
    SmsAuthenticationMessage: str
    MfaConfiguration: str
    UserAttributeUpdateSettings: "UserAttributeUpdateSettingsType"
    DeviceConfiguration: "DeviceConfigurationType"
    EmailConfiguration: "EmailConfigurationType"
    SmsConfiguration: "SmsConfigurationType"
    UserPoolTags: dict[str, str]
    AdminCreateUserConfig: "AdminCreateUserConfigType"
    Schema: list["SchemaAttributeType"]
    UserPoolAddOns: "UserPoolAddOnsType"
    DcrConfiguration: "DcrConfigurationType"
    UsernameConfiguration: "UsernameConfigurationType"
    AccountRecoverySetting: "AccountRecoverySettingType"
    UserPoolTier: str
    KeyConfiguration: "KeyConfigurationType"
    IssuerConfiguration: "IssuerConfigurationType"
    AcrConfiguration: dict[str, "AcrLevelConfigType"]


class CreateUserPoolResponse(TypedDict, total=False):
    UserPool: "UserPoolType"


class DeleteGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    UserPoolId: Required[str]


class DeleteIdentityProviderRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ProviderName: Required[str]


class DeleteManagedLoginBrandingRequest(TypedDict, total=False):
    ManagedLoginBrandingId: Required[str]
    UserPoolId: Required[str]


class DeleteResourceServerRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Identifier: Required[str]


class DeleteTermsRequest(TypedDict, total=False):
    TermsId: Required[str]
    UserPoolId: Required[str]


class DeleteUserAttributesRequest(TypedDict, total=False):
    UserAttributeNames: Required[list[str]]
    AccessToken: Required[str]


class DeleteUserAttributesResponse(TypedDict, total=False):
    pass


class DeleteUserPoolClientRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]


class DeleteUserPoolClientSecretRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    ClientSecretId: Required[str]


class DeleteUserPoolClientSecretResponse(TypedDict, total=False):
    pass


class DeleteUserPoolDomainRequest(TypedDict, total=False):
    Domain: Required[str]
    UserPoolId: Required[str]


class DeleteUserPoolDomainResponse(TypedDict, total=False):
    pass


class DeleteUserPoolReplicaRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    RegionName: Required[str]


class DeleteUserPoolReplicaResponse(TypedDict, total=False):
    UserPoolReplica: "UserPoolReplicaType"


class DeleteUserPoolRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class DeleteUserRequest(TypedDict, total=False):
    AccessToken: Required[str]


class DeleteWebAuthnCredentialRequest(TypedDict, total=False):
    AccessToken: Required[str]
    CredentialId: Required[str]


class DeleteWebAuthnCredentialResponse(TypedDict, total=False):
    pass


class DescribeIdentityProviderRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ProviderName: Required[str]


class DescribeIdentityProviderResponse(TypedDict, total=False):
    IdentityProvider: Required["IdentityProviderType"]


class DescribeManagedLoginBrandingByClientRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    ReturnMergedResources: bool


class DescribeManagedLoginBrandingByClientResponse(TypedDict, total=False):
    ManagedLoginBranding: "ManagedLoginBrandingType"


class DescribeManagedLoginBrandingRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ManagedLoginBrandingId: Required[str]
    ReturnMergedResources: bool


class DescribeManagedLoginBrandingResponse(TypedDict, total=False):
    ManagedLoginBranding: "ManagedLoginBrandingType"


class DescribeResourceServerRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Identifier: Required[str]


class DescribeResourceServerResponse(TypedDict, total=False):
    ResourceServer: Required["ResourceServerType"]


class DescribeRiskConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: str


class DescribeRiskConfigurationResponse(TypedDict, total=False):
    RiskConfiguration: Required["RiskConfigurationType"]


class DescribeTermsByClientRequest(TypedDict, total=False):
    ClientId: Required[str]
    UserPoolId: Required[str]
    TermsName: Required[str]


class DescribeTermsByClientResponse(TypedDict, total=False):
    Terms: "TermsType"


class DescribeTermsRequest(TypedDict, total=False):
    TermsId: Required[str]
    UserPoolId: Required[str]


class DescribeTermsResponse(TypedDict, total=False):
    Terms: "TermsType"


class DescribeUserImportJobRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    JobId: Required[str]


class DescribeUserImportJobResponse(TypedDict, total=False):
    UserImportJob: "UserImportJobType"


class DescribeUserPoolClientRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]


class DescribeUserPoolClientResponse(TypedDict, total=False):
    UserPoolClient: "UserPoolClientType"


class DescribeUserPoolDomainRequest(TypedDict, total=False):
    Domain: Required[str]


class DescribeUserPoolDomainResponse(TypedDict, total=False):
    DomainDescription: "DomainDescriptionType"


class DescribeUserPoolRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class DescribeUserPoolResponse(TypedDict, total=False):
    UserPool: "UserPoolType"


class ForgetDeviceRequest(TypedDict, total=False):
    AccessToken: str
    DeviceKey: Required[str]


class ForgotPasswordRequest(TypedDict, total=False):
    ClientId: Required[str]
    SecretHash: str
    UserContextData: "UserContextDataType"
    Username: Required[str]
    AnalyticsMetadata: "AnalyticsMetadataType"
    ClientMetadata: dict[str, str]


class ForgotPasswordResponse(TypedDict, total=False):
    CodeDeliveryDetails: "CodeDeliveryDetailsType"


class GetCSVHeaderRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class GetCSVHeaderResponse(TypedDict, total=False):
    UserPoolId: str
    CSVHeader: list[str]


class GetClientTokenRequest(TypedDict, total=False):
    ClientId: Required[str]
    Secret: Required[str]
    Scopes: list[str]
    ClientMetadata: dict[str, str]


class GetClientTokenResponse(TypedDict, total=False):
    ClientAuthenticationResult: "ClientAuthenticationResultType"


class GetDeviceRequest(TypedDict, total=False):
    DeviceKey: Required[str]
    AccessToken: str


class GetDeviceResponse(TypedDict, total=False):
    Device: Required["DeviceType"]


class GetGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    UserPoolId: Required[str]


class GetGroupResponse(TypedDict, total=False):
    Group: "GroupType"


class GetIdentityProviderByIdentifierRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    IdpIdentifier: Required[str]


class GetIdentityProviderByIdentifierResponse(TypedDict, total=False):
    IdentityProvider: Required["IdentityProviderType"]


class GetLogDeliveryConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class GetLogDeliveryConfigurationResponse(TypedDict, total=False):
    LogDeliveryConfiguration: "LogDeliveryConfigurationType"


class GetProvisionedLimitRequest(TypedDict, total=False):
    LimitDefinition: Required["LimitDefinitionType"]


class GetProvisionedLimitResponse(TypedDict, total=False):
    Limit: Required["LimitType"]


class GetSigningCertificateRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class GetSigningCertificateResponse(TypedDict, total=False):
    Certificate: str


class GetTokensFromRefreshTokenRequest(TypedDict, total=False):
    RefreshToken: Required[str]
    ClientId: Required[str]
    ClientSecret: str
    DeviceKey: str
    ClientMetadata: dict[str, str]


class GetTokensFromRefreshTokenResponse(TypedDict, total=False):
    AuthenticationResult: "AuthenticationResultType"


class GetUICustomizationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: str


class GetUICustomizationResponse(TypedDict, total=False):
    UICustomization: Required["UICustomizationType"]


class GetUserAttributeVerificationCodeRequest(TypedDict, total=False):
    AccessToken: Required[str]
    AttributeName: Required[str]
    ClientMetadata: dict[str, str]


class GetUserAttributeVerificationCodeResponse(TypedDict, total=False):
    CodeDeliveryDetails: "CodeDeliveryDetailsType"


class GetUserAuthFactorsRequest(TypedDict, total=False):
    AccessToken: Required[str]


class GetUserAuthFactorsResponse(TypedDict, total=False):
    Username: Required[str]
    PreferredMfaSetting: str
    UserMFASettingList: list[str]
    ConfiguredUserAuthFactors: list[str]


class GetUserPoolClientSessionConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]


class GetUserPoolClientSessionConfigurationResponse(TypedDict, total=False):
    UserPoolId: str
    ClientId: str
    SSOSession: "ClientSSOSessionConfigType"


class GetUserPoolMfaConfigRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class GetUserPoolMfaConfigResponse(TypedDict, total=False):
    SmsMfaConfiguration: "SmsMfaConfigType"
    SoftwareTokenMfaConfiguration: "SoftwareTokenMfaConfigType"
    EmailMfaConfiguration: "EmailMfaConfigType"
    MfaConfiguration: str
    WebAuthnConfiguration: "WebAuthnConfigurationType"


class GetUserPoolSessionConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]


class GetUserPoolSessionConfigurationResponse(TypedDict, total=False):
    UserPoolId: str
    UserSessionTracking: str
    TokenSession: "UserPoolTokenSessionConfigType"


class GetUserRequest(TypedDict, total=False):
    AccessToken: Required[str]


class GetUserResponse(TypedDict, total=False):
    Username: Required[str]
    UserAttributes: Required[list["AttributeType"]]
    MFAOptions: list["MFAOptionType"]
    PreferredMfaSetting: str
    UserMFASettingList: list[str]


class GlobalSignOutRequest(TypedDict, total=False):
    AccessToken: Required[str]


class GlobalSignOutResponse(TypedDict, total=False):
    pass


class InitiateAuthRequest(TypedDict, total=False):
    AuthFlow: Required[str]
    AuthParameters: dict[str, str]
    ClientMetadata: dict[str, str]
    ClientId: Required[str]
    AnalyticsMetadata: "AnalyticsMetadataType"
    UserContextData: "UserContextDataType"
    Session: str


class InitiateAuthResponse(TypedDict, total=False):
    ChallengeName: str
    Session: str
    ChallengeParameters: dict[str, str]
    AuthenticationResult: "AuthenticationResultType"
    AvailableChallenges: list[str]


class ListDevicesRequest(TypedDict, total=False):
    AccessToken: Required[str]
    Limit: int
    PaginationToken: str


class ListDevicesResponse(TypedDict, total=False):
    Devices: list["DeviceType"]
    PaginationToken: str


class ListGroupsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Limit: int
    NextToken: str


class ListGroupsResponse(TypedDict, total=False):
    Groups: list["GroupType"]
    NextToken: str


class ListIdentityProvidersRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    MaxResults: int
    NextToken: str


class ListIdentityProvidersResponse(TypedDict, total=False):
    Providers: Required[list["ProviderDescription"]]
    NextToken: str


class ListResourceServersRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    MaxResults: int
    NextToken: str


class ListResourceServersResponse(TypedDict, total=False):
    ResourceServers: Required[list["ResourceServerType"]]
    NextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    Tags: dict[str, str]


class ListTermsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    MaxResults: int
    NextToken: str


class ListTermsResponse(TypedDict, total=False):
    Terms: Required[list["TermsDescriptionType"]]
    NextToken: str


class ListUserImportJobsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    MaxResults: Required[int]
    PaginationToken: str


class ListUserImportJobsResponse(TypedDict, total=False):
    UserImportJobs: list["UserImportJobType"]
    PaginationToken: str


class ListUserPoolClientSecretsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    NextToken: str


class ListUserPoolClientSecretsResponse(TypedDict, total=False):
    ClientSecrets: list["ClientSecretDescriptorType"]
    NextToken: str


class ListUserPoolClientsRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    MaxResults: int
    NextToken: str
    ClientType: str


class ListUserPoolClientsResponse(TypedDict, total=False):
    UserPoolClients: list["UserPoolClientDescription"]
    NextToken: str


class ListUserPoolReplicasRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    NextToken: str


class ListUserPoolReplicasResponse(TypedDict, total=False):
    UserPoolReplicas: list["UserPoolReplicaType"]
    NextToken: str


class ListUserPoolsRequest(TypedDict, total=False):
    NextToken: str
    MaxResults: Required[int]


class ListUserPoolsResponse(TypedDict, total=False):
    UserPools: list["UserPoolDescriptionType"]
    NextToken: str


class ListUserSessionsRequest(TypedDict, total=False):
    AccessToken: Required[str]
    NextToken: str


class ListUserSessionsResponse(TypedDict, total=False):
    Sessions: list["SessionDescriptionType"]
    NextToken: str


class ListUsersInGroupRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    GroupName: Required[str]
    Limit: int
    NextToken: str


class ListUsersInGroupResponse(TypedDict, total=False):
    Users: list["UserType"]
    NextToken: str


class ListUsersRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    AttributesToGet: list[str]
    Limit: int
    PaginationToken: str
    Filter: str


class ListUsersResponse(TypedDict, total=False):
    Users: list["UserType"]
    PaginationToken: str


class ListWebAuthnCredentialsRequest(TypedDict, total=False):
    AccessToken: Required[str]
    NextToken: str
    MaxResults: int


class ListWebAuthnCredentialsResponse(TypedDict, total=False):
    Credentials: Required[list["WebAuthnCredentialDescription"]]
    NextToken: str


class ResendConfirmationCodeRequest(TypedDict, total=False):
    ClientId: Required[str]
    SecretHash: str
    UserContextData: "UserContextDataType"
    Username: Required[str]
    AnalyticsMetadata: "AnalyticsMetadataType"
    ClientMetadata: dict[str, str]


class ResendConfirmationCodeResponse(TypedDict, total=False):
    CodeDeliveryDetails: "CodeDeliveryDetailsType"


class RespondToAuthChallengeRequest(TypedDict, total=False):
    ClientId: Required[str]
    ChallengeName: Required[str]
    Session: str
    ChallengeResponses: dict[str, str]
    AnalyticsMetadata: "AnalyticsMetadataType"
    UserContextData: "UserContextDataType"
    ClientMetadata: dict[str, str]


class RespondToAuthChallengeResponse(TypedDict, total=False):
    ChallengeName: str
    Session: str
    ChallengeParameters: dict[str, str]
    AuthenticationResult: "AuthenticationResultType"
    AvailableChallenges: list[str]


class RevokeTokenRequest(TypedDict, total=False):
    Token: Required[str]
    ClientId: Required[str]
    ClientSecret: str
    RevokeAssociatedSessions: str


class RevokeTokenResponse(TypedDict, total=False):
    pass


class RevokeUserSessionRequest(TypedDict, total=False):
    AccessToken: Required[str]
    SessionId: Required[str]
    RevokeAssociatedSessions: str


class RevokeUserSessionResponse(TypedDict, total=False):
    pass


class SetLogDeliveryConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    LogConfigurations: Required[list["LogConfigurationType"]]


class SetLogDeliveryConfigurationResponse(TypedDict, total=False):
    LogDeliveryConfiguration: "LogDeliveryConfigurationType"


class SetRiskConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: str
    CompromisedCredentialsRiskConfiguration: "CompromisedCredentialsRiskConfigurationType"
    AccountTakeoverRiskConfiguration: "AccountTakeoverRiskConfigurationType"
    RiskExceptionConfiguration: "RiskExceptionConfigurationType"


class SetRiskConfigurationResponse(TypedDict, total=False):
    RiskConfiguration: Required["RiskConfigurationType"]


class SetUICustomizationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: str
    CSS: str
    ImageFile: bytes


class SetUICustomizationResponse(TypedDict, total=False):
    UICustomization: Required["UICustomizationType"]


class SetUserMFAPreferenceRequest(TypedDict, total=False):
    SMSMfaSettings: "SMSMfaSettingsType"
    SoftwareTokenMfaSettings: "SoftwareTokenMfaSettingsType"
    EmailMfaSettings: "EmailMfaSettingsType"
    WebAuthnMfaSettings: "WebAuthnMfaSettingsType"
    AccessToken: Required[str]


class SetUserMFAPreferenceResponse(TypedDict, total=False):
    pass


class SetUserPoolClientSessionConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    SSOSession: Required["ClientSSOSessionConfigType"]


class SetUserPoolClientSessionConfigurationResponse(TypedDict, total=False):
    UserPoolId: str
    ClientId: str
    SSOSession: "ClientSSOSessionConfigType"


class SetUserPoolMfaConfigRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    SmsMfaConfiguration: "SmsMfaConfigType"
    SoftwareTokenMfaConfiguration: "SoftwareTokenMfaConfigType"
    EmailMfaConfiguration: "EmailMfaConfigType"
    MfaConfiguration: str
    WebAuthnConfiguration: "WebAuthnConfigurationType"


class SetUserPoolMfaConfigResponse(TypedDict, total=False):
    SmsMfaConfiguration: "SmsMfaConfigType"
    SoftwareTokenMfaConfiguration: "SoftwareTokenMfaConfigType"
    EmailMfaConfiguration: "EmailMfaConfigType"
    MfaConfiguration: str
    WebAuthnConfiguration: "WebAuthnConfigurationType"


class SetUserPoolSessionConfigurationRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    UserSessionTracking: Required[str]
    TokenSession: Required["UserPoolTokenSessionConfigType"]


class SetUserPoolSessionConfigurationResponse(TypedDict, total=False):
    UserPoolId: str
    UserSessionTracking: str
    TokenSession: "UserPoolTokenSessionConfigType"


class SetUserSettingsRequest(TypedDict, total=False):
    AccessToken: Required[str]
    MFAOptions: Required[list["MFAOptionType"]]


class SetUserSettingsResponse(TypedDict, total=False):
    pass


class SignUpRequest(TypedDict, total=False):
    ClientId: Required[str]
    SecretHash: str
    Username: Required[str]
    Password: str
    UserAttributes: list["AttributeType"]
    ValidationData: list["AttributeType"]
    AnalyticsMetadata: "AnalyticsMetadataType"
    UserContextData: "UserContextDataType"
    ClientMetadata: dict[str, str]


class SignUpResponse(TypedDict, total=False):
    UserConfirmed: Required[bool]
    CodeDeliveryDetails: "CodeDeliveryDetailsType"
    UserSub: Required[str]
    Session: str


class StartUserImportJobRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    JobId: Required[str]


class StartUserImportJobResponse(TypedDict, total=False):
    UserImportJob: "UserImportJobType"


class StartWebAuthnRegistrationRequest(TypedDict, total=False):
    AccessToken: Required[str]


class StartWebAuthnRegistrationResponse(TypedDict, total=False):
    CredentialCreationOptions: Required["Document"]


class StopUserImportJobRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    JobId: Required[str]


class StopUserImportJobResponse(TypedDict, total=False):
    UserImportJob: "UserImportJobType"


class TagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[dict[str, str]]


class TagResourceResponse(TypedDict, total=False):
    pass


class UntagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class UntagResourceResponse(TypedDict, total=False):
    pass


class UpdateAuthEventFeedbackRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Username: Required[str]
    EventId: Required[str]
    FeedbackToken: Required[str]
    FeedbackValue: Required[str]


class UpdateAuthEventFeedbackResponse(TypedDict, total=False):
    pass


class UpdateDeviceStatusRequest(TypedDict, total=False):
    AccessToken: Required[str]
    DeviceKey: Required[str]
    DeviceRememberedStatus: str


class UpdateDeviceStatusResponse(TypedDict, total=False):
    pass


class UpdateGroupRequest(TypedDict, total=False):
    GroupName: Required[str]
    UserPoolId: Required[str]
    Description: str
    RoleArn: str
    Precedence: int


class UpdateGroupResponse(TypedDict, total=False):
    Group: "GroupType"


class UpdateIdentityProviderRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ProviderName: Required[str]
    ProviderDetails: dict[str, str]
    AttributeMapping: dict[str, str]
    IdpIdentifiers: list[str]
    AcrMapping: dict[str, str]


class UpdateIdentityProviderResponse(TypedDict, total=False):
    IdentityProvider: Required["IdentityProviderType"]


class UpdateManagedLoginBrandingRequest(TypedDict, total=False):
    UserPoolId: str
    ManagedLoginBrandingId: str
    UseCognitoProvidedValues: bool
    Settings: "Document"
    Assets: list["AssetType"]


class UpdateManagedLoginBrandingResponse(TypedDict, total=False):
    ManagedLoginBranding: "ManagedLoginBrandingType"


class UpdateProvisionedLimitRequest(TypedDict, total=False):
    LimitDefinition: Required["LimitDefinitionType"]
    RequestedLimitValue: Required[int]


class UpdateProvisionedLimitResponse(TypedDict, total=False):
    Limit: Required["LimitType"]


class UpdateResourceServerRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Identifier: Required[str]
    Name: Required[str]
    Scopes: list["ResourceServerScopeType"]


class UpdateResourceServerResponse(TypedDict, total=False):
    ResourceServer: Required["ResourceServerType"]


class UpdateTermsRequest(TypedDict, total=False):
    TermsId: Required[str]
    UserPoolId: Required[str]
    TermsName: str
    TermsSource: str
    Enforcement: str
    Links: dict[str, str]


class UpdateTermsResponse(TypedDict, total=False):
    Terms: "TermsType"


class UpdateUserAttributesRequest(TypedDict, total=False):
    UserAttributes: Required[list["AttributeType"]]
    AccessToken: Required[str]
    ClientMetadata: dict[str, str]


class UpdateUserAttributesResponse(TypedDict, total=False):
    CodeDeliveryDetailsList: list["CodeDeliveryDetailsType"]


class UpdateUserPoolClientRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    ClientId: Required[str]
    ClientName: str
    RefreshTokenValidity: int
    AccessTokenValidity: int
    IdTokenValidity: int
    TokenValidityUnits: "TokenValidityUnitsType"
    ReadAttributes: list[str]
    WriteAttributes: list[str]
    ExplicitAuthFlows: list[str]
    SupportedIdentityProviders: list[str]
    CallbackURLs: list[str]
    LogoutURLs: list[str]
    DefaultRedirectURI: str
    AllowedOAuthFlows: list[str]
    AllowedOAuthScopes: list[str]
    AllowedOAuthFlowsUserPoolClient: bool
    AnalyticsConfiguration: "AnalyticsConfigurationType"
    PreventUserExistenceErrors: str
    EnableTokenRevocation: bool
    EnablePropagateAdditionalUserContextData: bool
    AuthSessionValidity: int
    RefreshTokenRotation: "RefreshTokenRotationType"


class UpdateUserPoolClientResponse(TypedDict, total=False):
    UserPoolClient: "UserPoolClientType"


class UpdateUserPoolDomainRequest(TypedDict, total=False):
    Domain: Required[str]
    UserPoolId: Required[str]
    ManagedLoginVersion: int
    CustomDomainConfig: "CustomDomainConfigType"
    Routing: "RoutingType"


class UpdateUserPoolDomainResponse(TypedDict, total=False):
    ManagedLoginVersion: int
    CloudFrontDomain: str
    Routing: "RoutingType"


class UpdateUserPoolReplicaRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    RegionName: Required[str]
    Status: Required[str]


class UpdateUserPoolReplicaResponse(TypedDict, total=False):
    UserPoolReplica: "UserPoolReplicaType"


class UpdateUserPoolRequest(TypedDict, total=False):
    UserPoolId: Required[str]
    Policies: "UserPoolPolicyType"
    DeletionProtection: str
    LambdaConfig: "LambdaConfigType"
    AutoVerifiedAttributes: list[str]
    SmsVerificationMessage: str
    EmailVerificationMessage: str
    EmailVerificationSubject: str
    VerificationMessageTemplate: "VerificationMessageTemplateType"
    SmsAuthenticationMessage: str
    UserAttributeUpdateSettings: "UserAttributeUpdateSettingsType"
    MfaConfiguration: str
    DeviceConfiguration: "DeviceConfigurationType"
    EmailConfiguration: "EmailConfigurationType"
    SmsConfiguration: "SmsConfigurationType"
    UserPoolTags: dict[str, str]
    AdminCreateUserConfig: "AdminCreateUserConfigType"
    UserPoolAddOns: "UserPoolAddOnsType"
    DcrConfiguration: "DcrConfigurationType"
    AccountRecoverySetting: "AccountRecoverySettingType"
    PoolName: str
    UserPoolTier: str
    KeyConfiguration: "KeyConfigurationType"
    IssuerConfiguration: "IssuerConfigurationType"
    AcrConfiguration: dict[str, "AcrLevelConfigType"]


class UpdateUserPoolResponse(TypedDict, total=False):
    pass


class VerifySoftwareTokenRequest(TypedDict, total=False):
    AccessToken: str
    Session: str
    UserCode: Required[str]
    FriendlyDeviceName: str


class VerifySoftwareTokenResponse(TypedDict, total=False):
    Status: str
    Session: str


class VerifyUserAttributeRequest(TypedDict, total=False):
    AccessToken: Required[str]
    AttributeName: Required[str]
    Code: Required[str]


class VerifyUserAttributeResponse(TypedDict, total=False):
    pass


class AccountRecoverySettingType(TypedDict, total=False):
    RecoveryMechanisms: list["RecoveryOptionType"]


class AccountTakeoverRiskConfigurationType(TypedDict, total=False):
    NotifyConfiguration: "NotifyConfigurationType"
    Actions: Required["AccountTakeoverActionsType"]


class AcrLevelConfigType(TypedDict, total=False):
    AcrValue: Required[str]


class AdminCreateUserConfigType(TypedDict, total=False):
    AllowAdminCreateUserOnly: bool
    UnusedAccountValidityDays: int
    InviteMessageTemplate: "MessageTemplateType"


class AnalyticsConfigurationType(TypedDict, total=False):
    ApplicationId: str
    ApplicationArn: str
    RoleArn: str
    ExternalId: str
    UserDataShared: bool


class AnalyticsMetadataType(TypedDict, total=False):
    AnalyticsEndpointId: str


class AssetType(TypedDict, total=False):
    Category: Required[str]
    ColorMode: Required[str]
    Extension: Required[str]
    Bytes: bytes
    ResourceId: str


class AttributeType(TypedDict, total=False):
    Name: Required[str]
    Value: str


class AuthEventType(TypedDict, total=False):
    EventId: str
    EventType: str
    CreationDate: datetime
    EventResponse: str
    EventRisk: "EventRiskType"
    ChallengeResponses: list["ChallengeResponseType"]
    EventContextData: "EventContextDataType"
    EventFeedback: "EventFeedbackType"


class AuthenticationResultType(TypedDict, total=False):
    AccessToken: str
    ExpiresIn: int
    TokenType: str
    RefreshToken: str
    IdToken: str
    NewDeviceMetadata: "NewDeviceMetadataType"


class ClientAuthenticationResultType(TypedDict, total=False):
    AccessToken: str
    ExpiresIn: int
    TokenType: str


class ClientSSOSessionConfigType(TypedDict, total=False):
    MaxValidityMinutes: Required[int]


class ClientSecretDescriptorType(TypedDict, total=False):
    ClientSecretId: str
    ClientSecretValue: str
    ClientSecretCreateDate: datetime


class CodeDeliveryDetailsType(TypedDict, total=False):
    Destination: str
    DeliveryMedium: str
    AttributeName: str


class CompromisedCredentialsRiskConfigurationType(TypedDict, total=False):
    EventFilter: list[str]
    Actions: Required["CompromisedCredentialsActionsType"]


class ContextDataType(TypedDict, total=False):
    IpAddress: Required[str]
    ServerName: Required[str]
    ServerPath: Required[str]
    HttpHeaders: Required[list["HttpHeader"]]
    EncodedData: str


class CustomDomainConfigType(TypedDict, total=False):
    CertificateArn: Required[str]
    SecurityPolicy: str


class DcrConfigurationType(TypedDict, total=False):
    EnableStatus: str
    OpenDcrEnabled: bool
    AuthenticatedGrantTypes: list[str]
    OpenDcrGrantTypes: list[str]
    AllowedScopes: list[str]


class DeviceConfigurationType(TypedDict, total=False):
    ChallengeRequiredOnNewDevice: bool
    DeviceOnlyRememberedOnUserPrompt: bool


class DeviceSecretVerifierConfigType(TypedDict, total=False):
    PasswordVerifier: str
    Salt: str


class DeviceType(TypedDict, total=False):
    DeviceKey: str
    DeviceAttributes: list["AttributeType"]
    DeviceCreateDate: datetime
    DeviceLastModifiedDate: datetime
    DeviceLastAuthenticatedDate: datetime


class Document(TypedDict, total=False):
    pass


class DomainDescriptionType(TypedDict, total=False):
    UserPoolId: str
    AWSAccountId: str
    Domain: str
    S3Bucket: str
    CloudFrontDistribution: str
    Version: str
    Status: str
    CustomDomainConfig: "CustomDomainConfigType"
    ManagedLoginVersion: int
    Routing: "RoutingType"


class EmailConfigurationType(TypedDict, total=False):
    SourceArn: str
    ReplyToEmailAddress: str
    EmailSendingAccount: str
    From: str
    ConfigurationSet: str


class EmailMfaConfigType(TypedDict, total=False):
    Message: str
    Subject: str


class EmailMfaSettingsType(TypedDict, total=False):
    Enabled: bool
    PreferredMfa: bool


class GroupType(TypedDict, total=False):
    GroupName: str
    UserPoolId: str
    Description: str
    RoleArn: str
    Precedence: int
    LastModifiedDate: datetime
    CreationDate: datetime


class IdentityProviderType(TypedDict, total=False):
    UserPoolId: str
    ProviderName: str
    ProviderType: str
    ProviderDetails: dict[str, str]
    AttributeMapping: dict[str, str]
    IdpIdentifiers: list[str]
    AcrMapping: dict[str, str]
    LastModifiedDate: datetime
    CreationDate: datetime


class IssuerConfigurationType(TypedDict, total=False):
    Type: str


class KeyConfigurationType(TypedDict, total=False):
    KeyType: str
    KmsKeyArn: str


class LambdaConfigType(TypedDict, total=False):
    PreSignUp: str
    CustomMessage: str
    PostConfirmation: str
    PreAuthentication: str
    PostAuthentication: str
    DefineAuthChallenge: str
    CreateAuthChallenge: str
    VerifyAuthChallengeResponse: str
    PreTokenGeneration: str
    UserMigration: str
    PreTokenGenerationConfig: "PreTokenGenerationVersionConfigType"
    CustomSMSSender: "CustomSMSLambdaVersionConfigType"
    CustomEmailSender: "CustomEmailLambdaVersionConfigType"
    KMSKeyID: str
    InboundFederation: "InboundFederationLambdaType"


class LimitDefinitionType(TypedDict, total=False):
    LimitClass: Required[str]
    Attributes: Required[dict[str, str]]


class LimitType(TypedDict, total=False):
    LimitDefinition: Required["LimitDefinitionType"]
    ProvisionedLimitValue: Required[int]
    FreeLimitValue: Required[int]


class LogConfigurationType(TypedDict, total=False):
    LogLevel: Required[str]
    EventSource: Required[str]
    CloudWatchLogsConfiguration: "CloudWatchLogsConfigurationType"
    S3Configuration: "S3ConfigurationType"
    FirehoseConfiguration: "FirehoseConfigurationType"


class LogDeliveryConfigurationType(TypedDict, total=False):
    UserPoolId: Required[str]
    LogConfigurations: Required[list["LogConfigurationType"]]


class MFAOptionType(TypedDict, total=False):
    DeliveryMedium: str
    AttributeName: str


class ManagedLoginBrandingType(TypedDict, total=False):
    ManagedLoginBrandingId: str
    UserPoolId: str
    UseCognitoProvidedValues: bool
    Settings: "Document"
    Assets: list["AssetType"]
    CreationDate: datetime
    LastModifiedDate: datetime


class ProviderDescription(TypedDict, total=False):
    ProviderName: str
    ProviderType: str
    LastModifiedDate: datetime
    CreationDate: datetime


class ProviderUserIdentifierType(TypedDict, total=False):
    ProviderName: str
    ProviderAttributeName: str
    ProviderAttributeValue: str


class RefreshTokenRotationType(TypedDict, total=False):
    Feature: Required[str]
    RetryGracePeriodSeconds: int


class ResourceServerScopeType(TypedDict, total=False):
    ScopeName: Required[str]
    ScopeDescription: Required[str]


class ResourceServerType(TypedDict, total=False):
    UserPoolId: str
    Identifier: str
    Name: str
    Scopes: list["ResourceServerScopeType"]
    ManagedBy: str


class RiskConfigurationType(TypedDict, total=False):
    UserPoolId: str
    ClientId: str
    CompromisedCredentialsRiskConfiguration: "CompromisedCredentialsRiskConfigurationType"
    AccountTakeoverRiskConfiguration: "AccountTakeoverRiskConfigurationType"
    RiskExceptionConfiguration: "RiskExceptionConfigurationType"
    LastModifiedDate: datetime


class RiskExceptionConfigurationType(TypedDict, total=False):
    BlockedIPRangeList: list[str]
    SkippedIPRangeList: list[str]


class RoutingType(TypedDict, total=False):
    Failover: "FailoverType"


class SMSMfaSettingsType(TypedDict, total=False):
    Enabled: bool
    PreferredMfa: bool


class SchemaAttributeType(TypedDict, total=False):
    Name: str
    AttributeDataType: str
    DeveloperOnlyAttribute: bool
    Mutable: bool
    Required: bool
    NumberAttributeConstraints: "NumberAttributeConstraintsType"
    StringAttributeConstraints: "StringAttributeConstraintsType"


class SessionDescriptionType(TypedDict, total=False):
    SessionId: str
    SessionType: str
    ClientId: str
    CreateDate: datetime
    LastActiveDate: datetime
    DeviceType: str
    LastIPAddress: str
    LastLocation: "SessionLocationType"
    OriginSessionId: str
    IsCurrentSession: bool


class SmsConfigurationType(TypedDict, total=False):
    SnsCallerArn: str
    ExternalId: str
    SnsRegion: str
    EumsSms: "EumsSmsConfigurationType"


class SmsMfaConfigType(TypedDict, total=False):
    SmsAuthenticationMessage: str
    SmsConfiguration: "SmsConfigurationType"


class SoftwareTokenMfaConfigType(TypedDict, total=False):
    Enabled: bool


class SoftwareTokenMfaSettingsType(TypedDict, total=False):
    Enabled: bool
    PreferredMfa: bool


class TermsDescriptionType(TypedDict, total=False):
    TermsId: Required[str]
    TermsName: Required[str]
    Enforcement: Required[str]
    CreationDate: Required[datetime]
    LastModifiedDate: Required[datetime]


class TermsType(TypedDict, total=False):
    TermsId: Required[str]
    UserPoolId: Required[str]
    ClientId: Required[str]
    TermsName: Required[str]
    TermsSource: Required[str]
    Enforcement: Required[str]
    Links: Required[dict[str, str]]
    CreationDate: Required[datetime]
    LastModifiedDate: Required[datetime]


class TokenValidityUnitsType(TypedDict, total=False):
    AccessToken: str
    IdToken: str
    RefreshToken: str


class UICustomizationType(TypedDict, total=False):
    UserPoolId: str
    ClientId: str
    ImageUrl: str
    CSS: str
    CSSVersion: str
    LastModifiedDate: datetime
    CreationDate: datetime


class UserAttributeUpdateSettingsType(TypedDict, total=False):
    AttributesRequireVerificationBeforeUpdate: list[str]


class UserContextDataType(TypedDict, total=False):
    IpAddress: str
    EncodedData: str


class UserImportJobType(TypedDict, total=False):
    JobName: str
    JobId: str
    UserPoolId: str
    PreSignedUrl: str
    CreationDate: datetime
    StartDate: datetime
    CompletionDate: datetime
    Status: str
    CloudWatchLogsRoleArn: str
    ImportedUsers: int
    SkippedUsers: int
    FailedUsers: int
    CompletionMessage: str
    PasswordHashingAlgorithm: str


class UserPoolAddOnsType(TypedDict, total=False):
    AdvancedSecurityMode: Required[str]
    AdvancedSecurityAdditionalFlows: "AdvancedSecurityAdditionalFlowsType"


class UserPoolClientDescription(TypedDict, total=False):
    ClientId: str
    UserPoolId: str
    ClientName: str


class UserPoolClientType(TypedDict, total=False):
    UserPoolId: str
    ClientName: str
    ClientId: str
    ClientSecret: str
    LastModifiedDate: datetime
    CreationDate: datetime
    RefreshTokenValidity: int
    AccessTokenValidity: int
    IdTokenValidity: int
    TokenValidityUnits: "TokenValidityUnitsType"
    ReadAttributes: list[str]
    WriteAttributes: list[str]
    ExplicitAuthFlows: list[str]
    SupportedIdentityProviders: list[str]
    CallbackURLs: list[str]
    LogoutURLs: list[str]
    DefaultRedirectURI: str
    AllowedOAuthFlows: list[str]
    AllowedOAuthScopes: list[str]
    AllowedOAuthFlowsUserPoolClient: bool
    AnalyticsConfiguration: "AnalyticsConfigurationType"
    PreventUserExistenceErrors: str
    EnableTokenRevocation: bool
    EnablePropagateAdditionalUserContextData: bool
    AuthSessionValidity: int
    RefreshTokenRotation: "RefreshTokenRotationType"
    ClientType: str


class UserPoolDescriptionType(TypedDict, total=False):
    Id: str
    Name: str
    LambdaConfig: "LambdaConfigType"
    Status: str
    LastModifiedDate: datetime
    CreationDate: datetime
    ReplicaRegions: list[str]


class UserPoolPolicyType(TypedDict, total=False):
    PasswordPolicy: "PasswordPolicyType"
    SignInPolicy: "SignInPolicyType"


class UserPoolReplicaType(TypedDict, total=False):
    RegionName: str
    Status: str
    Role: str
    UserPoolArn: str


class UserPoolTokenSessionConfigType(TypedDict, total=False):
    MaxPerUser: Required[int]


class UserPoolType(TypedDict, total=False):
    Id: str
    Name: str
    Policies: "UserPoolPolicyType"
    DeletionProtection: str
    LambdaConfig: "LambdaConfigType"
    Status: str
    LastModifiedDate: datetime
    CreationDate: datetime
    SchemaAttributes: list["SchemaAttributeType"]
    AutoVerifiedAttributes: list[str]
    AliasAttributes: list[str]
    UsernameAttributes: list[str]
    SmsVerificationMessage: str
    EmailVerificationMessage: str
    EmailVerificationSubject: str
    VerificationMessageTemplate: "VerificationMessageTemplateType"
    SmsAuthenticationMessage: str
    UserAttributeUpdateSettings: "UserAttributeUpdateSettingsType"
    MfaConfiguration: str
    DeviceConfiguration: "DeviceConfigurationType"
    EstimatedNumberOfUsers: int
    EmailConfiguration: "EmailConfigurationType"
    SmsConfiguration: "SmsConfigurationType"
    UserPoolTags: dict[str, str]
    SmsConfigurationFailure: str
    EmailConfigurationFailure: str
    Domain: str
    CustomDomain: str
    AdminCreateUserConfig: "AdminCreateUserConfigType"
    UserPoolAddOns: "UserPoolAddOnsType"
    DcrConfiguration: "DcrConfigurationType"
    UsernameConfiguration: "UsernameConfigurationType"
    Arn: str
    AccountRecoverySetting: "AccountRecoverySettingType"
    UserPoolTier: str
    KeyConfiguration: "KeyConfigurationType"
    IssuerConfiguration: "IssuerConfigurationType"
    AcrConfiguration: dict[str, "AcrLevelConfigType"]


class UserType(TypedDict, total=False):
    Username: str
    Attributes: list["AttributeType"]
    UserCreateDate: datetime
    UserLastModifiedDate: datetime
    Enabled: bool
    UserStatus: str
    MFAOptions: list["MFAOptionType"]


class UsernameConfigurationType(TypedDict, total=False):
    CaseSensitive: Required[bool]


class VerificationMessageTemplateType(TypedDict, total=False):
    SmsMessage: str
    EmailMessage: str
    EmailSubject: str
    EmailMessageByLink: str
    EmailSubjectByLink: str
    DefaultEmailOption: str


class WebAuthnConfigurationType(TypedDict, total=False):
    RelyingPartyId: str
    UserVerification: str
    FactorConfiguration: str


class WebAuthnCredentialDescription(TypedDict, total=False):
    CredentialId: Required[str]
    FriendlyCredentialName: Required[str]
    RelyingPartyId: Required[str]
    AuthenticatorAttachment: str
    AuthenticatorTransports: Required[list[str]]
    CreatedAt: Required[datetime]


class WebAuthnMfaSettingsType(TypedDict, total=False):
    Enabled: bool


class AccountTakeoverActionsType(TypedDict, total=False):
    LowAction: "AccountTakeoverActionType"
    MediumAction: "AccountTakeoverActionType"
    HighAction: "AccountTakeoverActionType"


class AdvancedSecurityAdditionalFlowsType(TypedDict, total=False):
    CustomAuthMode: str


class ChallengeResponseType(TypedDict, total=False):
    ChallengeName: str
    ChallengeResponse: str


class CloudWatchLogsConfigurationType(TypedDict, total=False):
    LogGroupArn: str


class CompromisedCredentialsActionsType(TypedDict, total=False):
    EventAction: Required[str]


class CustomEmailLambdaVersionConfigType(TypedDict, total=False):
    LambdaVersion: Required[str]
    LambdaArn: Required[str]


class CustomSMSLambdaVersionConfigType(TypedDict, total=False):
    LambdaVersion: Required[str]
    LambdaArn: Required[str]


class EumsSmsConfigurationType(TypedDict, total=False):
    CallerArn: Required[str]
    ExternalId: str
    OriginationIdentity: str
    ConfigurationSetName: str
    InEntityId: str
    InTemplateId: str
    Region: str


class EventContextDataType(TypedDict, total=False):
    IpAddress: str
    DeviceName: str
    Timezone: str
    City: str
    Country: str


class EventFeedbackType(TypedDict, total=False):
    FeedbackValue: Required[str]
    Provider: Required[str]
    FeedbackDate: datetime


class EventRiskType(TypedDict, total=False):
    RiskDecision: str
    RiskLevel: str
    CompromisedCredentialsDetected: bool


class FailoverType(TypedDict, total=False):
    SecondaryRegion: Required[str]
    PrimaryRoute53HealthCheckId: Required[str]


class FirehoseConfigurationType(TypedDict, total=False):
    StreamArn: str


class HttpHeader(TypedDict, total=False):
    headerName: str
    headerValue: str


class InboundFederationLambdaType(TypedDict, total=False):
    LambdaVersion: Required[str]
    LambdaArn: Required[str]


class MessageTemplateType(TypedDict, total=False):
    SMSMessage: str
    EmailMessage: str
    EmailSubject: str


class NewDeviceMetadataType(TypedDict, total=False):
    DeviceKey: str
    DeviceGroupKey: str


class NotifyConfigurationType(TypedDict, total=False):
    From: str
    ReplyTo: str
    SourceArn: Required[str]
    BlockEmail: "NotifyEmailType"
    NoActionEmail: "NotifyEmailType"
    MfaEmail: "NotifyEmailType"


class NumberAttributeConstraintsType(TypedDict, total=False):
    MinValue: str
    MaxValue: str


class PasswordPolicyType(TypedDict, total=False):
    MinimumLength: int
    RequireUppercase: bool
    RequireLowercase: bool
    RequireNumbers: bool
    RequireSymbols: bool
    PasswordHistorySize: int
    TemporaryPasswordValidityDays: int


class PreTokenGenerationVersionConfigType(TypedDict, total=False):
    LambdaVersion: Required[str]
    LambdaArn: Required[str]


class RecoveryOptionType(TypedDict, total=False):
    Priority: Required[int]
    Name: Required[str]


class S3ConfigurationType(TypedDict, total=False):
    BucketArn: str


class SessionLocationType(TypedDict, total=False):
    City: str
    Country: str


class SignInPolicyType(TypedDict, total=False):
    AllowedFirstAuthFactors: list[str]


class StringAttributeConstraintsType(TypedDict, total=False):
    MinLength: str
    MaxLength: str


class AccountTakeoverActionType(TypedDict, total=False):
    Notify: Required[bool]
    EventAction: Required[str]


class NotifyEmailType(TypedDict, total=False):
    Subject: Required[str]
    HtmlBody: str
    TextBody: str


class AccessDeniedExceptionError(ModelledError):
    code = "AccessDeniedException"


class AliasExistsExceptionError(ModelledError):
    code = "AliasExistsException"


class CodeDeliveryFailureExceptionError(ModelledError):
    code = "CodeDeliveryFailureException"


class CodeMismatchExceptionError(ModelledError):
    code = "CodeMismatchException"


class ConcurrentModificationExceptionError(ModelledError):
    code = "ConcurrentModificationException"


class DeviceKeyExistsExceptionError(ModelledError):
    code = "DeviceKeyExistsException"


class DuplicateProviderExceptionError(ModelledError):
    code = "DuplicateProviderException"


class EnableSoftwareTokenMFAExceptionError(ModelledError):
    code = "EnableSoftwareTokenMFAException"


class ExpiredCodeExceptionError(ModelledError):
    code = "ExpiredCodeException"


class FeatureUnavailableInTierExceptionError(ModelledError):
    code = "FeatureUnavailableInTierException"


class ForbiddenExceptionError(ModelledError):
    code = "ForbiddenException"


class GroupExistsExceptionError(ModelledError):
    code = "GroupExistsException"


class InternalErrorExceptionError(ModelledError):
    code = "InternalErrorException"


class InternalServerExceptionError(ModelledError):
    code = "InternalServerException"


class InvalidEmailRoleAccessPolicyExceptionError(ModelledError):
    code = "InvalidEmailRoleAccessPolicyException"


class InvalidLambdaResponseExceptionError(ModelledError):
    code = "InvalidLambdaResponseException"


class InvalidOAuthFlowExceptionError(ModelledError):
    code = "InvalidOAuthFlowException"


class InvalidParameterExceptionError(ModelledError):
    code = "InvalidParameterException"


class InvalidPasswordExceptionError(ModelledError):
    code = "InvalidPasswordException"


class InvalidSmsRoleAccessPolicyExceptionError(ModelledError):
    code = "InvalidSmsRoleAccessPolicyException"


class InvalidSmsRoleTrustRelationshipExceptionError(ModelledError):
    code = "InvalidSmsRoleTrustRelationshipException"


class InvalidUserPoolConfigurationExceptionError(ModelledError):
    code = "InvalidUserPoolConfigurationException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class MFAMethodNotFoundExceptionError(ModelledError):
    code = "MFAMethodNotFoundException"


class ManagedLoginBrandingExistsExceptionError(ModelledError):
    code = "ManagedLoginBrandingExistsException"


class NotAuthorizedExceptionError(ModelledError):
    code = "NotAuthorizedException"


class OperationNotEnabledExceptionError(ModelledError):
    code = "OperationNotEnabledException"


class PasswordHistoryPolicyViolationExceptionError(ModelledError):
    code = "PasswordHistoryPolicyViolationException"


class PasswordResetRequiredExceptionError(ModelledError):
    code = "PasswordResetRequiredException"


class PreconditionNotMetExceptionError(ModelledError):
    code = "PreconditionNotMetException"


class RefreshTokenReuseExceptionError(ModelledError):
    code = "RefreshTokenReuseException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class ScopeDoesNotExistExceptionError(ModelledError):
    code = "ScopeDoesNotExistException"


class ServiceQuotaExceededExceptionError(ModelledError):
    code = "ServiceQuotaExceededException"


class SoftwareTokenMFANotFoundExceptionError(ModelledError):
    code = "SoftwareTokenMFANotFoundException"


class TermsExistsExceptionError(ModelledError):
    code = "TermsExistsException"


class TierChangeNotAllowedExceptionError(ModelledError):
    code = "TierChangeNotAllowedException"


class TooManyFailedAttemptsExceptionError(ModelledError):
    code = "TooManyFailedAttemptsException"


class TooManyRequestsExceptionError(ModelledError):
    code = "TooManyRequestsException"


class UnauthorizedExceptionError(ModelledError):
    code = "UnauthorizedException"


class UnexpectedLambdaExceptionError(ModelledError):
    code = "UnexpectedLambdaException"


class UnsupportedIdentityProviderExceptionError(ModelledError):
    code = "UnsupportedIdentityProviderException"


class UnsupportedOperationExceptionError(ModelledError):
    code = "UnsupportedOperationException"


class UnsupportedTokenTypeExceptionError(ModelledError):
    code = "UnsupportedTokenTypeException"


class UnsupportedUserStateExceptionError(ModelledError):
    code = "UnsupportedUserStateException"


class UserImportInProgressExceptionError(ModelledError):
    code = "UserImportInProgressException"


class UserLambdaValidationExceptionError(ModelledError):
    code = "UserLambdaValidationException"


class UserNotConfirmedExceptionError(ModelledError):
    code = "UserNotConfirmedException"


class UserNotFoundExceptionError(ModelledError):
    code = "UserNotFoundException"


class UserPoolAddOnNotEnabledExceptionError(ModelledError):
    code = "UserPoolAddOnNotEnabledException"


class UserPoolTaggingExceptionError(ModelledError):
    code = "UserPoolTaggingException"


class UsernameExistsExceptionError(ModelledError):
    code = "UsernameExistsException"


class WebAuthnChallengeNotFoundExceptionError(ModelledError):
    code = "WebAuthnChallengeNotFoundException"


class WebAuthnClientMismatchExceptionError(ModelledError):
    code = "WebAuthnClientMismatchException"


class WebAuthnConfigurationMissingExceptionError(ModelledError):
    code = "WebAuthnConfigurationMissingException"


class WebAuthnCredentialNotSupportedExceptionError(ModelledError):
    code = "WebAuthnCredentialNotSupportedException"


class WebAuthnNotEnabledExceptionError(ModelledError):
    code = "WebAuthnNotEnabledException"


class WebAuthnOriginNotAllowedExceptionError(ModelledError):
    code = "WebAuthnOriginNotAllowedException"


class WebAuthnRelyingPartyMismatchExceptionError(ModelledError):
    code = "WebAuthnRelyingPartyMismatchException"
