"""Wire types of AWS Security Token Service, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'AssumeRoot', 'DecodeAuthorizationMessage', 'GetAccessKeyInfo', 'GetCallerIdentity', 'GetDelegatedAccessToken', 'GetFederationToken', 'GetSessionToken', 'GetWebIdentityToken')


class AssumeRoleRequest(TypedDict, total=False):
    RoleArn: Required[str]
    RoleSessionName: Required[str]
    PolicyArns: list["PolicyDescriptorType"]
    Policy: str
    DurationSeconds: int
    Tags: list["Tag"]
    TransitiveTagKeys: list[str]
    ExternalId: str
    SerialNumber: str
    TokenCode: str
    SourceIdentity: str
    ProvidedContexts: list["ProvidedContext"]
    MinimumSessionTokenSize: int


class AssumeRoleResponse(TypedDict, total=False):
    Credentials: "Credentials"
    AssumedRoleUser: "AssumedRoleUser"
    PackedPolicySize: int
    SourceIdentity: str
    SessionTokenUtilization: int
    SessionTokenSize: int


class AssumeRoleWithSAMLRequest(TypedDict, total=False):
    RoleArn: Required[str]
    PrincipalArn: Required[str]
    SAMLAssertion: Required[str]
    PolicyArns: list["PolicyDescriptorType"]
    Policy: str
    DurationSeconds: int
    MinimumSessionTokenSize: int


class AssumeRoleWithSAMLResponse(TypedDict, total=False):
    Credentials: "Credentials"
    AssumedRoleUser: "AssumedRoleUser"
    PackedPolicySize: int
    Subject: str
    SubjectType: str
    Issuer: str
    Audience: str
    NameQualifier: str
    SourceIdentity: str
    SessionTokenUtilization: int
    SessionTokenSize: int


class AssumeRoleWithWebIdentityRequest(TypedDict, total=False):
    RoleArn: Required[str]
    RoleSessionName: Required[str]
    WebIdentityToken: Required[str]
    ProviderId: str
    PolicyArns: list["PolicyDescriptorType"]
    Policy: str
    DurationSeconds: int
    MinimumSessionTokenSize: int


class AssumeRoleWithWebIdentityResponse(TypedDict, total=False):
    Credentials: "Credentials"
    SubjectFromWebIdentityToken: str
    AssumedRoleUser: "AssumedRoleUser"
    PackedPolicySize: int
    Provider: str
    Audience: str
    SourceIdentity: str
    SessionTokenUtilization: int
    SessionTokenSize: int


class AssumeRootRequest(TypedDict, total=False):
    TargetPrincipal: Required[str]
    TaskPolicyArn: Required["PolicyDescriptorType"]
    DurationSeconds: int
    MinimumSessionTokenSize: int


class AssumeRootResponse(TypedDict, total=False):
    Credentials: "Credentials"
    SourceIdentity: str
    SessionTokenUtilization: int
    SessionTokenSize: int


class DecodeAuthorizationMessageRequest(TypedDict, total=False):
    EncodedMessage: Required[str]


class DecodeAuthorizationMessageResponse(TypedDict, total=False):
    DecodedMessage: str


class GetAccessKeyInfoRequest(TypedDict, total=False):
    AccessKeyId: Required[str]


class GetAccessKeyInfoResponse(TypedDict, total=False):
    Account: str


class GetCallerIdentityRequest(TypedDict, total=False):
    pass


class GetCallerIdentityResponse(TypedDict, total=False):
    UserId: str
    Account: str
    Arn: str


class GetDelegatedAccessTokenRequest(TypedDict, total=False):
    TradeInToken: Required[str]


class GetDelegatedAccessTokenResponse(TypedDict, total=False):
    Credentials: "Credentials"
    PackedPolicySize: int
    AssumedPrincipal: str


class GetFederationTokenRequest(TypedDict, total=False):
    Name: Required[str]
    Policy: str
    PolicyArns: list["PolicyDescriptorType"]
    DurationSeconds: int
    Tags: list["Tag"]
    MinimumSessionTokenSize: int


class GetFederationTokenResponse(TypedDict, total=False):
    Credentials: "Credentials"
    FederatedUser: "FederatedUser"
    PackedPolicySize: int
    SessionTokenUtilization: int
    SessionTokenSize: int


class GetSessionTokenRequest(TypedDict, total=False):
    DurationSeconds: int
    SerialNumber: str
    TokenCode: str
    MinimumSessionTokenSize: int


class GetSessionTokenResponse(TypedDict, total=False):
    Credentials: "Credentials"
    SessionTokenUtilization: int
    SessionTokenSize: int


class GetWebIdentityTokenRequest(TypedDict, total=False):
    Audience: Required[list[str]]
    DurationSeconds: int
    SigningAlgorithm: Required[str]
    Tags: list["Tag"]


class GetWebIdentityTokenResponse(TypedDict, total=False):
    WebIdentityToken: str
    Expiration: datetime


class AssumedRoleUser(TypedDict, total=False):
    AssumedRoleId: Required[str]
    Arn: Required[str]


class Credentials(TypedDict, total=False):
    AccessKeyId: Required[str]
    SecretAccessKey: Required[str]
    SessionToken: Required[str]
    Expiration: Required[datetime]


class FederatedUser(TypedDict, total=False):
    FederatedUserId: Required[str]
    Arn: Required[str]


class PolicyDescriptorType(TypedDict, total=False):
    arn: str


class ProvidedContext(TypedDict, total=False):
    ProviderArn: str
    ContextAssertion: str


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class ExpiredTokenExceptionError(ModelledError):
    code = "ExpiredTokenException"
    status = 400


class ExpiredTradeInTokenExceptionError(ModelledError):
    code = "ExpiredTradeInTokenException"
    status = 400


class IDPCommunicationErrorExceptionError(ModelledError):
    code = "IDPCommunicationErrorException"
    status = 400


class IDPRejectedClaimExceptionError(ModelledError):
    code = "IDPRejectedClaimException"
    status = 403


class InvalidAuthorizationMessageExceptionError(ModelledError):
    code = "InvalidAuthorizationMessageException"
    status = 400


class InvalidIdentityTokenExceptionError(ModelledError):
    code = "InvalidIdentityTokenException"
    status = 400


class JWTPayloadSizeExceededExceptionError(ModelledError):
    code = "JWTPayloadSizeExceededException"
    status = 400


class MalformedPolicyDocumentExceptionError(ModelledError):
    code = "MalformedPolicyDocumentException"
    status = 400


class OutboundWebIdentityFederationDisabledExceptionError(ModelledError):
    code = "OutboundWebIdentityFederationDisabledException"
    status = 403


class PackedPolicyTooLargeExceptionError(ModelledError):
    code = "PackedPolicyTooLargeException"
    status = 400


class RegionDisabledExceptionError(ModelledError):
    code = "RegionDisabledException"
    status = 403


class SessionDurationEscalationExceptionError(ModelledError):
    code = "SessionDurationEscalationException"
    status = 403
