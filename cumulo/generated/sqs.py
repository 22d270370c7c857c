"""Wire types of Amazon Simple Queue Service, generated from botocore's model: do not edit.

Regenerate with `python -m cumulo.codegen`.
"""

from typing import Required, TypedDict

from cumulo.core.errors import ModelledError

OPERATIONS = ('AddPermission', 'CancelMessageMoveTask', 'ChangeMessageVisibility', 'ChangeMessageVisibilityBatch', 'CreateQueue', 'DeleteMessage', 'DeleteMessageBatch', 'DeleteQueue', 'GetQueueAttributes', 'GetQueueUrl', 'ListDeadLetterSourceQueues', 'ListMessageMoveTasks', 'ListQueueTags', 'ListQueues', 'PurgeQueue', 'ReceiveMessage', 'RemovePermission', 'SendMessage', 'SendMessageBatch', 'SetQueueAttributes', 'StartMessageMoveTask', 'TagQueue', 'UntagQueue')


class AddPermissionRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Label: Required[str]
    AWSAccountIds: Required[list[str]]
    Actions: Required[list[str]]


class CancelMessageMoveTaskRequest(TypedDict, total=False):
    TaskHandle: Required[str]


class CancelMessageMoveTaskResult(TypedDict, total=False):
    ApproximateNumberOfMessagesMoved: int


class ChangeMessageVisibilityBatchRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Entries: Required[list["ChangeMessageVisibilityBatchRequestEntry"]]


class ChangeMessageVisibilityBatchResult(TypedDict, total=False):
    Successful: Required[list["ChangeMessageVisibilityBatchResultEntry"]]
    Failed: Required[list["BatchResultErrorEntry"]]


class ChangeMessageVisibilityRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    ReceiptHandle: Required[str]
    VisibilityTimeout: Required[int]


class CreateQueueRequest(TypedDict, total=False):
    QueueName: Required[str]
    Attributes: dict[str, str]
    tags: dict[str, str]


class CreateQueueResult(TypedDict, total=False):
    QueueUrl: str


class DeleteMessageBatchRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Entries: Required[list["DeleteMessageBatchRequestEntry"]]


class DeleteMessageBatchResult(TypedDict, total=False):
    Successful: Required[list["DeleteMessageBatchResultEntry"]]
    Failed: Required[list["BatchResultErrorEntry"]]


class DeleteMessageRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    ReceiptHandle: Required[str]


class DeleteQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]


class GetQueueAttributesRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    AttributeNames: list[str]


class GetQueueAttributesResult(TypedDict, total=False):
    Attributes: dict[str, str]


class GetQueueUrlRequest(TypedDict, total=False):
    QueueName: Required[str]
    QueueOwnerAWSAccountId: str


class GetQueueUrlResult(TypedDict, total=False):
    QueueUrl: str


class ListDeadLetterSourceQueuesRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    NextToken: str
    MaxResults: int


class ListDeadLetterSourceQueuesResult(TypedDict, total=False):
    queueUrls: Required[list[str]]
    NextToken: str


class ListMessageMoveTasksRequest(TypedDict, total=False):
    SourceArn: Required[str]
    MaxResults: int


class ListMessageMoveTasksResult(TypedDict, total=False):
    Results: list["ListMessageMoveTasksResultEntry"]


class ListQueueTagsRequest(TypedDict, total=False):
    QueueUrl: Required[str]


class ListQueueTagsResult(TypedDict, total=False):
    Tags: dict[str, str]


class ListQueuesRequest(TypedDict, total=False):
    QueueNamePrefix: str
    NextToken: str
    MaxResults: int


class ListQueuesResult(TypedDict, total=False):
    QueueUrls: list[str]
    NextToken: str


class PurgeQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]


class ReceiveMessageRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    AttributeNames: list[str]
    MessageSystemAttributeNames: list[str]
    MessageAttributeNames: list[str]
    MaxNumberOfMessages: int
    VisibilityTimeout: int
    WaitTimeSeconds: int
    ReceiveRequestAttemptId: str


class ReceiveMessageResult(TypedDict, total=False):
    Messages: list["Message"]


class RemovePermissionRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Label: Required[str]


class SendMessageBatchRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Entries: Required[list["SendMessageBatchRequestEntry"]]


class SendMessageBatchResult(TypedDict, total=False):
    Successful: Required[list["SendMessageBatchResultEntry"]]
    Failed: Required[list["BatchResultErrorEntry"]]


class SendMessageRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    MessageBody: Required[str]
    DelaySeconds: int
    MessageAttributes: dict[str, "MessageAttributeValue"]
    MessageSystemAttributes: dict[str, "MessageSystemAttributeValue"]
    MessageDeduplicationId: str
    MessageGroupId: str


class SendMessageResult(TypedDict, total=False):
    MD5OfMessageBody: str
    MD5OfMessageAttributes: str
    MD5OfMessageSystemAttributes: str
    MessageId: str
    SequenceNumber: str


class SetQueueAttributesRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Attributes: Required[dict[str, str]]


class StartMessageMoveTaskRequest(TypedDict, total=False):
    SourceArn: Required[str]
    DestinationArn: str
    MaxNumberOfMessagesPerSecond: int


class StartMessageMoveTaskResult(TypedDict, total=False):
    TaskHandle: str


class TagQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    Tags: Required[dict[str, str]]


class UntagQueueRequest(TypedDict, total=False):
    QueueUrl: Required[str]
    TagKeys: Required[list[str]]


class BatchResultErrorEntry(TypedDict, total=False):
    Id: Required[str]
    SenderFault: Required[bool]
    Code: Required[str]
    Message: str


class ChangeMessageVisibilityBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    ReceiptHandle: Required[str]
    VisibilityTimeout: int


class ChangeMessageVisibilityBatchResultEntry(TypedDict, total=False):
    Id: Required[str]


class DeleteMessageBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    ReceiptHandle: Required[str]


class DeleteMessageBatchResultEntry(TypedDict, total=False):
    Id: Required[str]


class ListMessageMoveTasksResultEntry(TypedDict, total=False):
    TaskHandle: str
    Status: str
    SourceArn: str
    DestinationArn: str
    MaxNumberOfMessagesPerSecond: int
    ApproximateNumberOfMessagesMoved: int
    ApproximateNumberOfMessagesToMove: int
    FailureReason: str
    StartedTimestamp: int


class Message(TypedDict, total=False):
    MessageId: str
    ReceiptHandle: str
    MD5OfBody: str
    Body: str
    Attributes: dict[str, str]
    MD5OfMessageAttributes: str
    MessageAttributes: dict[str, "MessageAttributeValue"]


class MessageAttributeValue(TypedDict, total=False):
    StringValue: str
    BinaryValue: bytes
    StringListValues: list[str]
    BinaryListValues: list[bytes]
    DataType: Required[str]


class MessageSystemAttributeValue(TypedDict, total=False):
    StringValue: str
    BinaryValue: bytes
    StringListValues: list[str]
    BinaryListValues: list[bytes]
    DataType: Required[str]


class SendMessageBatchRequestEntry(TypedDict, total=False):
    Id: Required[str]
    MessageBody: Required[str]
    DelaySeconds: int
    MessageAttributes: dict[str, "MessageAttributeValue"]
    MessageSystemAttributes: dict[str, "MessageSystemAttributeValue"]
    MessageDeduplicationId: str
    MessageGroupId: str


class SendMessageBatchResultEntry(TypedDict, total=False):
    Id: Required[str]
    MessageId: Required[str]
    MD5OfMessageBody: Required[str]
    MD5OfMessageAttributes: str
    MD5OfMessageSystemAttributes: str
    SequenceNumber: str


class BatchEntryIdsNotDistinctError(ModelledError):
    code = "BatchEntryIdsNotDistinct"


class BatchRequestTooLongError(ModelledError):
    code = "BatchRequestTooLong"


class EmptyBatchRequestError(ModelledError):
    code = "EmptyBatchRequest"


class InvalidAddressError(ModelledError):
    code = "InvalidAddress"


class InvalidAttributeNameError(ModelledError):
    code = "InvalidAttributeName"


class InvalidAttributeValueError(ModelledError):
    code = "InvalidAttributeValue"


class InvalidBatchEntryIdError(ModelledError):
    code = "InvalidBatchEntryId"


class InvalidIdFormatError(ModelledError):
    code = "InvalidIdFormat"


class InvalidMessageContentsError(ModelledError):
    code = "InvalidMessageContents"


class InvalidSecurityError(ModelledError):
    code = "InvalidSecurity"


class KmsAccessDeniedError(ModelledError):
    code = "KmsAccessDenied"


class KmsDisabledError(ModelledError):
    code = "KmsDisabled"


class KmsInvalidKeyUsageError(ModelledError):
    code = "KmsInvalidKeyUsage"


class KmsInvalidStateError(ModelledError):
    code = "KmsInvalidState"


class KmsNotFoundError(ModelledError):
    code = "KmsNotFound"


class KmsOptInRequiredError(ModelledError):
    code = "KmsOptInRequired"


class KmsThrottledError(ModelledError):
    code = "KmsThrottled"


class MessageNotInflightError(ModelledError):
    code = "MessageNotInflight"


class OverLimitError(ModelledError):
    code = "OverLimit"


class PurgeQueueInProgressError(ModelledError):
    code = "PurgeQueueInProgress"


class QueueDeletedRecentlyError(ModelledError):
    code = "QueueDeletedRecently"


class QueueDoesNotExistError(ModelledError):
    code = "QueueDoesNotExist"


class QueueNameExistsError(ModelledError):
    code = "QueueNameExists"


class ReceiptHandleIsInvalidError(ModelledError):
    code = "ReceiptHandleIsInvalid"


class RequestThrottledError(ModelledError):
    code = "RequestThrottled"


class ResourceNotFoundExceptionError(ModelledError):
    code = "ResourceNotFoundException"


class TooManyEntriesInBatchRequestError(ModelledError):
    code = "TooManyEntriesInBatchRequest"


class UnsupportedOperationError(ModelledError):
    code = "UnsupportedOperation"
