"""Amazon SQS: standard and FIFO queues, dead-letter queues and message move tasks.

Registration only; the handlers are in `api`, the state in `models`.
"""

from cumulo.core.options import ProtocolOptions
from cumulo.services import InternalRoute, Service, Tick
from cumulo.services.sqs import api, delivery, internal, kms, move_tasks
from cumulo.services.sqs.resource_policy import queue_policy

# SQS's model is JSON-only, but old SDKs and scripts still speak the query
# protocol to it: these are the element names and error codes SQS uses there
# (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/), and
# the query-compatible codes its JSON errors carry in `x-amzn-query-error`.
_QUERY_CODES = {
    "QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue",
    "QueueNameExists": "QueueAlreadyExists",
    # Validation errors, which the JSON model leaves undeclared.
    "InvalidParameterValueException": "InvalidParameterValue",
    "MissingRequiredParameterException": "MissingParameter",
    **{
        name: f"AWS.SimpleQueueService.{name}"
        for name in (
            "PurgeQueueInProgress", "BatchEntryIdsNotDistinct", "EmptyBatchRequest", "InvalidBatchEntryId",
            "TooManyEntriesInBatchRequest", "BatchRequestTooLong", "MessageNotInflight",
            "UnsupportedOperation", "QueueDeletedRecently",
        )
    },
    **kms.QUERY_CODES,
}
PROTOCOL_OPTIONS: ProtocolOptions = {
    "flattened": frozenset({"QueueAttributeMap", "MessageSystemAttributeMap", "MessageBodyAttributeMap", "TagMap"}),
    "xml_names": {
        "QueueUrlList.member": "QueueUrl",
        "MessageList.member": "Message",
        "StringList.member": "StringListValue",
        "BinaryList.member": "BinaryListValue",
        "SendMessageBatchResultEntryList.member": "SendMessageBatchResultEntry",
        "DeleteMessageBatchResultEntryList.member": "DeleteMessageBatchResultEntry",
        "ChangeMessageVisibilityBatchResultEntryList.member": "ChangeMessageVisibilityBatchResultEntry",
        "BatchResultErrorEntryList.member": "BatchResultErrorEntry",
        "ListMessageMoveTasksResultEntryList.member": "ListMessageMoveTasksResultEntry",
        **{f"{m}.entry": "Attribute" for m in ("QueueAttributeMap", "MessageSystemAttributeMap")},
        **{f"{m}.key": "Name" for m in ("QueueAttributeMap", "MessageSystemAttributeMap", "MessageBodyAttributeMap")},
        **{f"{m}.value": "Value" for m in ("QueueAttributeMap", "MessageSystemAttributeMap", "MessageBodyAttributeMap")},
        "MessageBodyAttributeMap.entry": "MessageAttribute",
        "TagMap.entry": "Tag",
        "TagMap.key": "Key",
        "TagMap.value": "Value",
    },
    "xml_namespace": "http://queue.amazonaws.com/doc/2012-11-05/",
    "query_error_codes": _QUERY_CODES,
    "query_error_messages": {"QueueDoesNotExist": "The specified queue does not exist for this wsdl version."},
    # JSON errors as SQS names them: `com.amazonaws.sqs#QueueDoesNotExist`.
    "error_namespace": "com.amazonaws.sqs",
    # SQS checks attribute names itself (InvalidAttributeName) and accepts the
    # legacy names in ReceiveMessage's AttributeNames that the enum leaves out.
    "validate_enums": False,
    # The query API names bad input MissingParameter / InvalidParameterValue.
    "query_error_style": "ec2",
    # An old query client may POST to the queue's URL and leave QueueUrl out.
    "url_member": "QueueUrl",
}

SERVICE = Service(
    name="sqs",
    api=api,
    protocol_options=PROTOCOL_OPTIONS,
    resource_policy=queue_policy,
    internal=[
        InternalRoute("GET", "sqs/messages", internal.list_messages),
        InternalRoute("POST", "sqs/expiration-processor/tick", internal.expiration_tick),
        InternalRoute("POST", "sqs/{queue}/force-dlq", internal.force_dlq),
        InternalRoute("GET", "sqs/peek", internal.peek, aliases=("/_aws/sqs/messages",)),
        InternalRoute("POST", "sqs/peek", internal.peek, aliases=("/_aws/sqs/messages",)),
        InternalRoute(
            "GET", "sqs/peek/{region}/{account}/{queue}", internal.peek, aliases=("/_aws/sqs/messages/{region}/{account}/{queue}",)
        ),
    ],
    ticks=[
        Tick(every=5.0, fn=delivery.expire_all),
        Tick(every=1.0, fn=move_tasks.run_all),
    ],
)
