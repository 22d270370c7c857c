"""Wire types of Amazon Simple Notification Service, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from datetime import datetime

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AddPermission', 'CheckIfPhoneNumberIsOptedOut', 'ConfirmSubscription', 'CreatePlatformApplication', 'CreatePlatformEndpoint', 'CreateSMSSandboxPhoneNumber', 'CreateTopic', 'DeleteEndpoint', 'DeletePlatformApplication', 'DeleteSMSSandboxPhoneNumber', 'DeleteTopic', 'GetDataProtectionPolicy', 'GetEndpointAttributes', 'GetPlatformApplicationAttributes', 'GetSMSAttributes', 'GetSMSSandboxAccountStatus', 'GetSubscriptionAttributes', 'GetTopicAttributes', 'ListEndpointsByPlatformApplication', 'ListOriginationNumbers', 'ListPhoneNumbersOptedOut', 'ListPlatformApplications', 'ListSMSSandboxPhoneNumbers', 'ListSubscriptions', 'ListSubscriptionsByTopic', 'ListTagsForResource', 'ListTopics', 'OptInPhoneNumber', 'Publish', 'PublishBatch', 'PutDataProtectionPolicy', 'RemovePermission', 'SetEndpointAttributes', 'SetPlatformApplicationAttributes', 'SetSMSAttributes', 'SetSubscriptionAttributes', 'SetTopicAttributes', 'Subscribe', 'TagResource', 'Unsubscribe', 'UntagResource', 'VerifySMSSandboxPhoneNumber')


class AddPermissionInput(TypedDict, total=False):
    TopicArn: Required[str]
    Label: Required[str]
    AWSAccountId: Required[list[str]]
    ActionName: Required[list[str]]


class CheckIfPhoneNumberIsOptedOutInput(TypedDict, total=False):
    phoneNumber: Required[str]


class CheckIfPhoneNumberIsOptedOutResponse(TypedDict, total=False):
    isOptedOut: bool


class ConfirmSubscriptionInput(TypedDict, total=False):
    TopicArn: Required[str]
    Token: Required[str]
    AuthenticateOnUnsubscribe: str


class ConfirmSubscriptionResponse(TypedDict, total=False):
    SubscriptionArn: str


class CreateEndpointResponse(TypedDict, total=False):
    EndpointArn: str


class CreatePlatformApplicationInput(TypedDict, total=False):
    Name: Required[str]
    Platform: Required[str]
    Attributes: Required[dict[str, str]]


class CreatePlatformApplicationResponse(TypedDict, total=False):
    PlatformApplicationArn: str


class CreatePlatformEndpointInput(TypedDict, total=False):
    PlatformApplicationArn: Required[str]
    Token: Required[str]
    CustomUserData: str
    Attributes: dict[str, str]


class CreateSMSSandboxPhoneNumberInput(TypedDict, total=False):
    PhoneNumber: Required[str]
    LanguageCode: str


class CreateSMSSandboxPhoneNumberResult(TypedDict, total=False):
    pass


class CreateTopicInput(TypedDict, total=False):
    Name: Required[str]
    Attributes: dict[str, str]
    Tags: list["Tag"]
    DataProtectionPolicy: str


class CreateTopicResponse(TypedDict, total=False):
    TopicArn: str


class DeleteEndpointInput(TypedDict, total=False):
    EndpointArn: Required[str]


class DeletePlatformApplicationInput(TypedDict, total=False):
    PlatformApplicationArn: Required[str]


class DeleteSMSSandboxPhoneNumberInput(TypedDict, total=False):
    PhoneNumber: Required[str]


class DeleteSMSSandboxPhoneNumberResult(TypedDict, total=False):
    pass


class DeleteTopicInput(TypedDict, total=False):
    TopicArn: Required[str]


class GetDataProtectionPolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]


class GetDataProtectionPolicyResponse(TypedDict, total=False):
    DataProtectionPolicy: str


class GetEndpointAttributesInput(TypedDict, total=False):
    EndpointArn: Required[str]


class GetEndpointAttributesResponse(TypedDict, total=False):
    Attributes: dict[str, str]


class GetPlatformApplicationAttributesInput(TypedDict, total=False):
    PlatformApplicationArn: Required[str]


class GetPlatformApplicationAttributesResponse(TypedDict, total=False):
    Attributes: dict[str, str]


class GetSMSAttributesInput(TypedDict, total=False):
    attributes: list[str]


class GetSMSAttributesResponse(TypedDict, total=False):
    attributes: dict[str, str]


class GetSMSSandboxAccountStatusInput(TypedDict, total=False):
    pass


class GetSMSSandboxAccountStatusResult(TypedDict, total=False):
    IsInSandbox: Required[bool]


class GetSubscriptionAttributesInput(TypedDict, total=False):
    SubscriptionArn: Required[str]


class GetSubscriptionAttributesResponse(TypedDict, total=False):
    Attributes: dict[str, str]


class GetTopicAttributesInput(TypedDict, total=False):
    TopicArn: Required[str]


class GetTopicAttributesResponse(TypedDict, total=False):
    Attributes: dict[str, str]


class ListEndpointsByPlatformApplicationInput(TypedDict, total=False):
    PlatformApplicationArn: Required[str]
    NextToken: str


class ListEndpointsByPlatformApplicationResponse(TypedDict, total=False):
    Endpoints: list["Endpoint"]
    NextToken: str


class ListOriginationNumbersRequest(TypedDict, total=False):
    NextToken: str
    MaxResults: int


class ListOriginationNumbersResult(TypedDict, total=False):
    NextToken: str
    PhoneNumbers: list["PhoneNumberInformation"]


class ListPhoneNumbersOptedOutInput(TypedDict, total=False):
    nextToken: str


class ListPhoneNumbersOptedOutResponse(TypedDict, total=False):
    phoneNumbers: list[str]
    nextToken: str


class ListPlatformApplicationsInput(TypedDict, total=False):
    NextToken: str


class ListPlatformApplicationsResponse(TypedDict, total=False):
    PlatformApplications: list["PlatformApplication"]
    NextToken: str


class ListSMSSandboxPhoneNumbersInput(TypedDict, total=False):
    NextToken: str
    MaxResults: int


class ListSMSSandboxPhoneNumbersResult(TypedDict, total=False):
    PhoneNumbers: Required[list["SMSSandboxPhoneNumber"]]
    NextToken: str


class ListSubscriptionsByTopicInput(TypedDict, total=False):
    TopicArn: Required[str]
    NextToken: str


class ListSubscriptionsByTopicResponse(TypedDict, total=False):
    Subscriptions: list["Subscription"]
    NextToken: str


class ListSubscriptionsInput(TypedDict, total=False):
    NextToken: str


class ListSubscriptionsResponse(TypedDict, total=False):
    Subscriptions: list["Subscription"]
    NextToken: str


class ListTagsForResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]


class ListTagsForResourceResponse(TypedDict, total=False):
    Tags: list["Tag"]


class ListTopicsInput(TypedDict, total=False):
    NextToken: str


class ListTopicsResponse(TypedDict, total=False):
    Topics: list["Topic"]
    NextToken: str


class OptInPhoneNumberInput(TypedDict, total=False):
    phoneNumber: Required[str]


class OptInPhoneNumberResponse(TypedDict, total=False):
    pass


class PublishBatchInput(TypedDict, total=False):
    TopicArn: Required[str]
    PublishBatchRequestEntries: Required[list["PublishBatchRequestEntry"]]


class PublishBatchResponse(TypedDict, total=False):
    Successful: list["PublishBatchResultEntry"]
    Failed: list["BatchResultErrorEntry"]


class PublishInput(TypedDict, total=False):
    TopicArn: str
    TargetArn: str
    PhoneNumber: str
    Message: Required[str]
    Subject: str
    MessageStructure: str
    MessageAttributes: dict[str, "MessageAttributeValue"]
    MessageDeduplicationId: str
    MessageGroupId: str


class PublishResponse(TypedDict, total=False):
    MessageId: str
    SequenceNumber: str


class PutDataProtectionPolicyInput(TypedDict, total=False):
    ResourceArn: Required[str]
    DataProtectionPolicy: Required[str]


class RemovePermissionInput(TypedDict, total=False):
    TopicArn: Required[str]
    Label: Required[str]


class SetEndpointAttributesInput(TypedDict, total=False):
    EndpointArn: Required[str]
    Attributes: Required[dict[str, str]]


class SetPlatformApplicationAttributesInput(TypedDict, total=False):
    PlatformApplicationArn: Required[str]
    Attributes: Required[dict[str, str]]


class SetSMSAttributesInput(TypedDict, total=False):
    attributes: Required[dict[str, str]]


class SetSMSAttributesResponse(TypedDict, total=False):
    pass


class SetSubscriptionAttributesInput(TypedDict, total=False):
    SubscriptionArn: Required[str]
    AttributeName: Required[str]
    AttributeValue: str


class SetTopicAttributesInput(TypedDict, total=False):
    TopicArn: Required[str]
    AttributeName: Required[str]
    AttributeValue: str


class SubscribeInput(TypedDict, total=False):
    TopicArn: Required[str]
    Protocol: Required[str]
    Endpoint: str
    Attributes: dict[str, str]
    ReturnSubscriptionArn: bool


class SubscribeResponse(TypedDict, total=False):
    SubscriptionArn: str


class TagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    Tags: Required[list["Tag"]]


class TagResourceResponse(TypedDict, total=False):
    pass


class UnsubscribeInput(TypedDict, total=False):
    SubscriptionArn: Required[str]


class UntagResourceRequest(TypedDict, total=False):
    ResourceArn: Required[str]
    TagKeys: Required[list[str]]


class UntagResourceResponse(TypedDict, total=False):
    pass


class VerifySMSSandboxPhoneNumberInput(TypedDict, total=False):
    PhoneNumber: Required[str]
    OneTimePassword: Required[str]


class VerifySMSSandboxPhoneNumberResult(TypedDict, total=False):
    pass


class BatchResultErrorEntry(TypedDict, total=False):
    Id: Required[str]
    Code: Required[str]
    Message: str
    SenderFault: Required[bool]


class Endpoint(TypedDict, total=False):
    EndpointArn: str
    Attributes: dict[str, str]


class MessageAttributeValue(TypedDict, total=False):
    DataType: Required[str]
    StringValue: str
    BinaryValue: bytes


class PhoneNumberInformation(TypedDict, total=False):
    CreatedAt: datetime
    PhoneNumber: str
    Status: str
    Iso2CountryCode: str
    RouteType: str
    NumberCapabilities: list[str]


class PlatformApplication(TypedDict, total=False):
    PlatformApplicationArn: str
    Attributes: dict[str, str]


class PublishBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    Message: Required[str]
    Subject: str
    MessageStructure: str
    MessageAttributes: dict[str, "MessageAttributeValue"]
    MessageDeduplicationId: str
    MessageGroupId: str


class PublishBatchResultEntry(TypedDict, total=False):
    Id: str
    MessageId: str
    SequenceNumber: str


class SMSSandboxPhoneNumber(TypedDict, total=False):
    PhoneNumber: str
    Status: str


class Subscription(TypedDict, total=False):
    SubscriptionArn: str
    Owner: str
    Protocol: str
    Endpoint: str
    TopicArn: str


class Tag(TypedDict, total=False):
    Key: Required[str]
    Value: Required[str]


class Topic(TypedDict, total=False):
    TopicArn: str


class AuthorizationErrorExceptionError(ModelledError):
    code = "AuthorizationErrorException"
    status = 403


class BatchEntryIdsNotDistinctExceptionError(ModelledError):
    code = "BatchEntryIdsNotDistinctException"
    status = 400


class BatchRequestTooLongExceptionError(ModelledError):
    code = "BatchRequestTooLongException"
    status = 400


class ConcurrentAccessExceptionError(ModelledError):
    code = "ConcurrentAccessException"
    status = 400


class EmptyBatchRequestExceptionError(ModelledError):
    code = "EmptyBatchRequestException"
    status = 400


class EndpointDisabledExceptionError(ModelledError):
    code = "EndpointDisabledException"
    status = 400


class FilterPolicyLimitExceededExceptionError(ModelledError):
    code = "FilterPolicyLimitExceededException"
    status = 403


class InternalErrorExceptionError(ModelledError):
    code = "InternalErrorException"
    status = 500


class InvalidBatchEntryIdExceptionError(ModelledError):
    code = "InvalidBatchEntryIdException"
    status = 400


class InvalidParameterExceptionError(ModelledError):
    code = "InvalidParameterException"
    status = 400


class InvalidParameterValueExceptionError(ModelledError):
    code = "InvalidParameterValueException"
    status = 400


class InvalidSecurityExceptionError(ModelledError):
    code = "InvalidSecurityException"
    status = 403


class InvalidStateExceptionError(ModelledError):
    code = "InvalidStateException"
    status = 400


class KMSAccessDeniedExceptionError(ModelledError):
    code = "KMSAccessDeniedException"
    status = 400


class KMSDisabledExceptionError(ModelledError):
    code = "KMSDisabledException"
    status = 400


class KMSInvalidStateExceptionError(ModelledError):
    code = "KMSInvalidStateException"
    status = 400


class KMSNotFoundExceptionError(ModelledError):
    code = "KMSNotFoundException"
    status = 400


class KMSOptInRequiredError(ModelledError):
    code = "KMSOptInRequired"
    status = 403


class KMSThrottlingExceptionError(ModelledError):
    code = "KMSThrottlingException"
    status = 400


class NotFoundExceptionError(ModelledError):
    code = "NotFoundException"
    status = 404


class OptedOutExceptionError(ModelledError):
    code = "OptedOutException"
    status = 400


class PlatformApplicationDisabledExceptionError(ModelledError):
    code = "PlatformApplicationDisabledException"
    status = 400


class ReplayLimitExceededExceptionError(ModelledError):
    code = "ReplayLimitExceededException"
    status = 403


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"
    status = 404


class StaleTagExceptionError(ModelledError):
    code = "StaleTagException"
    status = 400


class SubscriptionLimitExceededExceptionError(ModelledError):
    code = "SubscriptionLimitExceededException"
    status = 403


class TagLimitExceededExceptionError(ModelledError):
    code = "TagLimitExceededException"
    status = 400


class TagPolicyExceptionError(ModelledError):
    code = "TagPolicyException"
    status = 400


class ThrottledExceptionError(ModelledError):
    code = "ThrottledException"
    status = 429


class TooManyEntriesInBatchRequestExceptionError(ModelledError):
    code = "TooManyEntriesInBatchRequestException"
    status = 400


class TopicLimitExceededExceptionError(ModelledError):
    code = "TopicLimitExceededException"
    status = 403


class UserErrorExceptionError(ModelledError):
    code = "UserErrorException"
    status = 400


class ValidationExceptionError(ModelledError):
    code = "ValidationException"
    status = 400


class VerificationExceptionError(ModelledError):
    code = "VerificationException"
