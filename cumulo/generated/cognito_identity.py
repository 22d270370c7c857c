"""Wire types of Amazon Cognito Identity, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('CreateIdentityPool', 'DeleteIdentities', 'DeleteIdentityPool', 'DescribeIdentity', 'DescribeIdentityPool', 'GetCredentialsForIdentity', 'GetId', 'GetIdentityPoolRoles', 'GetOpenIdToken', 'GetOpenIdTokenForDeveloperIdentity', 'GetPrincipalTagAttributeMap', 'ListIdentities', 'ListIdentityPools', 'ListTagsForResource', 'LookupDeveloperIdentity', 'MergeDeveloperIdentities', 'SetIdentityPoolRoles', 'SetPrincipalTagAttributeMap', 'TagResource', 'UnlinkDeveloperIdentity', 'UnlinkIdentity', 'UntagResource', 'UpdateIdentityPool')


class CreateIdentityPoolInput(TypedDict, total=False):
    IdentityPoolName: Required[str]
    AllowUnauthenticatedIdentities: Required[bool]
    AllowClassicFlow: bool
    SupportedLoginProviders: dict[str, str]
    DeveloperProviderName: str
    OpenIdConnectProviderARNs: list[str]
    CognitoIdentityProviders: list["CognitoIdentityProvider"]
    SamlProviderARNs: list[str]
    IdentityPoolTags: dict[str, str]


class DeleteIdentitiesInput(TypedDict, total=False):
    IdentityIdsToDelete: Required[list[str]]


class DeleteIdentitiesResponse(TypedDict, total=False):
    UnprocessedIdentityIds: list["UnprocessedIdentityId"]


class DeleteIdentityPoolInput(TypedDict, total=False):
    IdentityPoolId: Required[str]


class DescribeIdentityInput(TypedDict, total=False):
    IdentityId: Required[str]


class DescribeIdentityPoolInput(TypedDict, total=False):
    IdentityPoolId: Required[str]


class GetCredentialsForIdentityInput(TypedDict, total=False):
    IdentityId: Required[str]
    Logins: dict[str, str]
    CustomRoleArn: str


class GetCredentialsForIdentityResponse(TypedDict, total=False):
    IdentityId: str
    Credentials: "Credentials"


class GetIdInput(TypedDict, total=False):
    AccountId: str
    IdentityPoolId: Required[str]
    Logins: dict[str, str]


class GetIdResponse(TypedDict, total=False):
    IdentityId: str


class GetIdentityPoolRolesInput(TypedDict, total=False):
    IdentityPoolId: Required[str]


class GetIdentityPoolRolesResponse(TypedDict, total=False):
    IdentityPoolId: str
    Roles: dict[str, str]
    RoleMappings: dict[str, "RoleMapping"]


class GetOpenIdTokenForDeveloperIdentityInput(TypedDict, total=False):
    IdentityPoolId: Required[str]
    IdentityId: str
    Logins: Required[dict[str, str]]
    PrincipalTags: dict[str, str]
    TokenDuration: int


class GetOpenIdTokenForDeveloperIdentityResponse(TypedDict, total=False):
    IdentityId: str
    Token: str


class GetOpenIdTokenInput(TypedDict, total=False):
    IdentityId: Required[str]
    Logins: dict[str, str]


class GetOpenIdTokenResponse(TypedDict, total=False):
    IdentityId: str
    Token: str


class GetPrincipalTagAttributeMapInput(TypedDict, total=False):
    IdentityPoolId: Required[str]
    IdentityProviderName: Required[str]


class GetPrincipalTagAttributeMapResponse(TypedDict, total=False):
    IdentityPoolId: str
    IdentityProviderName: str
    UseDefaults: bool
    PrincipalTags: dict[str, str]


class IdentityDescription(TypedDict, total=False):
    IdentityId: str
    Logins: list[str]
    CreationDate: datetime
    LastModifiedDate: datetime


class IdentityPool(TypedDict, total=False):
    IdentityPoolId: Required[str]
    IdentityPoolName: Required[str]
    AllowUnauthenticatedIdentities: Required[bool]
    AllowClassicFlow: bool
    SupportedLoginProviders: dict[str, str]
    DeveloperProviderName: str
    OpenIdConnectProviderARNs: list[str]
    CognitoIdentityProviders: list["CognitoIdentityProvider"]
    SamlProviderARNs: list[str]
    IdentityPoolTags: dict[str, str]


class ListIdentitiesInput(TypedDict, total=False):
    IdentityPoolId: Required[str]
    MaxResults: Required[int]
    NextToken: str
    HideDisabled: bool


class ListIdentitiesResponse(TypedDict, total=False):
    IdentityPoolId: str
    Identities: list["IdentityDescription"]
    NextToken: str


class ListIdentityPoolsInput(TypedDict, total=False):
    MaxResults: Required[int]
    NextToken: str


class ListIdentityPoolsResponse(TypedDict, total=False):
    IdentityPools: list["IdentityPoolShortDescription"]
    NextToken: str


class ListTagsForResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    Tags: dict[str, str]


class LookupDeveloperIdentityInput(TypedDict, total=False):
    IdentityPoolId: Required[str]
    IdentityId: str
    DeveloperUserIdentifier: str
    MaxResults: int
    NextToken: str


class LookupDeveloperIdentityResponse(TypedDict, total=False):
    IdentityId: str
    DeveloperUserIdentifierList: list[str]
    NextToken: str


class MergeDeveloperIdentitiesInput(TypedDict, total=False):
    SourceUserIdentifier: Required[str]
    DestinationUserIdentifier: Required[str]
    DeveloperProviderName: Required[str]
    IdentityPoolId: Required[str]


class MergeDeveloperIdentitiesResponse(TypedDict, total=False):
    IdentityId: str


class SetIdentityPoolRolesInput(TypedDict, total=False):
    IdentityPoolId: Required[str]
    Roles: Required[dict[str, str]]
    RoleMappings: dict[str, "RoleMapping"]


class SetPrincipalTagAttributeMapInput(TypedDict, total=False):
    IdentityPoolId: Required[str]
    IdentityProviderName: Required[str]
    UseDefaults: bool
    PrincipalTags: dict[str, str]


class SetPrincipalTagAttributeMapResponse(TypedDict, total=False):
    IdentityPoolId: str
    IdentityProviderName: str
    UseDefaults: bool
    PrincipalTags: dict[str, str]


class TagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[dict[str, str]]


class TagResourceResponse(TypedDict, total=False):
    pass


class UnlinkDeveloperIdentityInput(TypedDict, total=False):
    IdentityId: Required[str]
    IdentityPoolId: Required[str]
    DeveloperProviderName: Required[str]
    DeveloperUserIdentifier: Required[str]


class UnlinkIdentityInput(TypedDict, total=False):
    IdentityId: Required[str]
    Logins: Required[dict[str, str]]
    LoginsToRemove: Required[list[str]]


class UntagResourceInput(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class UntagResourceResponse(TypedDict, total=False):
    pass


class CognitoIdentityProvider(TypedDict, total=False):
    ProviderName: str
    ClientId: str
    ServerSideTokenCheck: bool


class Credentials(TypedDict, total=False):
    AccessKeyId: str
    SecretKey: str
    SessionToken: str
    Expiration: datetime


class IdentityPoolShortDescription(TypedDict, total=False):
    IdentityPoolId: str
    IdentityPoolName: str


class RoleMapping(TypedDict, total=False):
    Type: Required[str]
    AmbiguousRoleResolution: str
    RulesConfiguration: "RulesConfigurationType"


class UnprocessedIdentityId(TypedDict, total=False):
    IdentityId: str
    ErrorCode: str


class RulesConfigurationType(TypedDict, total=False):
    Rules: Required[list["MappingRule"]]


class MappingRule(TypedDict, total=False):
    Claim: Required[str]
    MatchType: Required[str]
    Value: Required[str]
    RoleARN: Required[str]


class ConcurrentModificationExceptionError(ModelledError):
    code = "ConcurrentModificationException"


class DeveloperUserAlreadyRegisteredExceptionError(ModelledError):
    code = "DeveloperUserAlreadyRegisteredException"


class ExternalServiceExceptionError(ModelledError):
    code = "ExternalServiceException"


class InternalErrorExceptionError(ModelledError):
    code = "InternalErrorException"


class InvalidIdentityPoolConfigurationExceptionError(ModelledError):
    code = "InvalidIdentityPoolConfigurationException"


class InvalidParameterExceptionError(ModelledError):
    code = "InvalidParameterException"


class LimitExceededExceptionError(ModelledError):
    code = "LimitExceededException"


class NotAuthorizedExceptionError(ModelledError):
    code = "NotAuthorizedException"


class ResourceConflictExceptionError(ModelledError):
    code = "ResourceConflictException"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class TooManyRequestsExceptionError(ModelledError):
    code = "TooManyRequestsException"
