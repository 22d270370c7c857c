"""Errors in every protocol, read back by real botocore clients.

Each case raises an `AwsError` the way a handler would, renders it with
`serialize_error` in the protocol the client speaks (forcing SQS and CloudWatch
onto their other protocols too), and checks what a boto3 user gets: the
`ClientError` code (query-compatible codes included), the HTTP status, the
modeled exception class, extra error members and the request id.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore import xform_name
from botocore.exceptions import ClientError
from botocore.parsers import create_parser
from tests.protocol.serializer_clients import body_bytes, client

from cumulo.core.errors import AwsError, InternalFailure, NotImplementedYet
from cumulo.protocol.serializing import serialize_error

RID = "5f0c7d2e-1c4b-4a4e-9a39-2b8f1d1f0a11"
SQS = {"query_error_codes": {"QueueDoesNotExist": "AWS.SimpleQueueService.NonExistentQueue"}}
S3 = {"xml_error_root": "Error"}

# (service, forced protocol or None, operation, params, options)
CALLS = {
    "sqs-json": ("sqs", None, "GetQueueUrl", {"QueueName": "q"}, SQS),
    "sqs-query": ("sqs", "query", "GetQueueUrl", {"QueueName": "q"}, SQS),
    "sqs-cbor": ("sqs", "smithy-rpc-v2-cbor", "GetQueueUrl", {"QueueName": "q"}, SQS),
    "cloudwatch-json": ("cloudwatch", None, "GetDashboard", {"DashboardName": "d"}, None),
    "cloudwatch-cbor": ("cloudwatch", "smithy-rpc-v2-cbor", "GetDashboard", {"DashboardName": "d"}, None),
    "cloudwatch-query": ("cloudwatch", "query", "GetDashboard", {"DashboardName": "d"}, None),
    "sns-query": ("sns", None, "Publish", {"TopicArn": "arn:aws:sns:us-east-1:000000000000:t", "Message": "m"}, None),
    "ec2": ("ec2", None, "DescribeInstances", {}, None),
    "s3-rest-xml": ("s3", None, "ListObjectsV2", {"Bucket": "b"}, S3),
    "route53-rest-xml": ("route53", None, "GetHostedZone", {"Id": "Z1"}, None),
    "lambda-rest-json": ("lambda", None, "GetFunction", {"FunctionName": "f"}, None),
    "dynamodb-json": ("dynamodb", None, "TransactWriteItems", {"TransactItems": [{"ConditionCheck": {
        "TableName": "t", "Key": {"k": {"S": "v"}}, "ConditionExpression": "attribute_exists(k)"}}]}, None),
}


def raise_through_client(name: str, error: AwsError, *, known_operation: bool = True) -> tuple[Any, ClientError]:
    service, protocol, operation, params, options = CALLS[name]
    made, answer = client(service, protocol)
    model = made.meta.service_model
    op_model = model.operation_model(operation) if known_operation else None
    svc_model = model if known_operation else None
    answer.response = serialize_error(svc_model, op_model, error, model.resolved_protocol, RID, options=options)
    with pytest.raises(ClientError) as caught:
        getattr(made, xform_name(operation))(**params)
    return made, caught.value


MODELED = [
    # name, error, code the client sees, status, modeled exception class
    ("sqs-json", AwsError("QueueDoesNotExist", "The specified queue does not exist."),
     "AWS.SimpleQueueService.NonExistentQueue", 400, "QueueDoesNotExist"),
    ("sqs-cbor", AwsError("QueueDoesNotExist", "The specified queue does not exist."),
     "AWS.SimpleQueueService.NonExistentQueue", 400, "QueueDoesNotExist"),
    # botocore's SQS model lacks the query codes, so on query it cannot pick the class.
    ("sqs-query", AwsError("QueueDoesNotExist", "The specified queue does not exist."),
     "AWS.SimpleQueueService.NonExistentQueue", 400, None),
    ("cloudwatch-json", AwsError("InvalidParameterValueException", "bad value"),
     "InvalidParameterValue", 400, "InvalidParameterValueException"),
    ("cloudwatch-cbor", AwsError("InvalidParameterValueException", "bad value"),
     "InvalidParameterValue", 400, "InvalidParameterValueException"),
    ("cloudwatch-query", AwsError("InvalidParameterValue", "bad value"),
     "InvalidParameterValue", 400, "InvalidParameterValueException"),
    # Two CloudWatch shapes share the code ResourceNotFound; botocore picks the class by code.
    ("cloudwatch-json", AwsError("DashboardNotFoundError", "Dashboard d does not exist"),
     "ResourceNotFound", 404, "ResourceNotFound"),
    ("cloudwatch-cbor", AwsError("DashboardNotFoundError", "Dashboard d does not exist"),
     "ResourceNotFound", 404, "ResourceNotFound"),
    ("sns-query", AwsError("AuthorizationErrorException", "not allowed"), "AuthorizationError", 403,
     "AuthorizationErrorException"),
    ("ec2", AwsError("InvalidInstanceID.NotFound", "The instance ID 'i-1' does not exist"),
     "InvalidInstanceID.NotFound", 400, None),
    ("s3-rest-xml", AwsError("NoSuchBucket", "The specified bucket does not exist", BucketName="b"),
     "NoSuchBucket", 404, "NoSuchBucket"),
    ("route53-rest-xml", AwsError("NoSuchHostedZone", "No hosted zone found with ID: Z1"),
     "NoSuchHostedZone", 404, "NoSuchHostedZone"),
    ("lambda-rest-json", AwsError("ResourceNotFoundException", "Function not found: f", Type="User"),
     "ResourceNotFoundException", 404, "ResourceNotFoundException"),
]


@pytest.mark.parametrize("name, error, code, status, exception", MODELED, ids=[f"{m[0]}-{m[2]}" for m in MODELED])
def test_modeled_errors(name: str, error: AwsError, code: str, status: int, exception: str | None) -> None:
    made, caught = raise_through_client(name, error)
    response = caught.response
    assert response["Error"]["Code"] == code
    assert response["Error"]["Message"] == error.message
    assert response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert response["ResponseMetadata"]["RequestId"] == RID
    if exception is not None:
        assert isinstance(caught, getattr(made.exceptions, exception))


def test_s3_error_keeps_extra_fields_and_host_id() -> None:
    _, caught = raise_through_client("s3-rest-xml", AwsError("NoSuchBucket", "gone", BucketName="b"))
    assert caught.response["Error"]["BucketName"] == "b"
    assert caught.response["ResponseMetadata"]["HostId"]


def test_modeled_members_reach_the_client() -> None:
    reasons = [{"Code": "ConditionalCheckFailed", "Message": "The conditional request failed"}, {"Code": "None"}]
    error = AwsError("TransactionCanceledException", "Transaction cancelled", CancellationReasons=reasons)
    made, caught = raise_through_client("dynamodb-json", error)
    assert isinstance(caught, made.exceptions.TransactionCanceledException)
    assert caught.response["CancellationReasons"] == reasons


def test_lambda_error_type_member() -> None:
    _, caught = raise_through_client("lambda-rest-json", AwsError("ResourceNotFoundException", "nope", Type="User"))
    assert caught.response["Type"] == "User"


@pytest.mark.parametrize("name", list(CALLS))
@pytest.mark.parametrize(
    "error, code, status",
    [
        (NotImplementedYet("svc", "Op"), "NotImplemented", 501),
        (InternalFailure(message="Something broke inside cumulo."), "InternalFailure", 500),
    ],
    ids=["501", "500"],
)
def test_not_implemented_and_internal_failure(name: str, error: AwsError, code: str, status: int) -> None:
    _, caught = raise_through_client(name, error)
    assert caught.response["Error"]["Code"] == code
    assert caught.response["ResponseMetadata"]["HTTPStatusCode"] == status
    assert caught.response["Error"]["Message"] == error.message
    assert caught.response["ResponseMetadata"]["RequestId"] == RID


@pytest.mark.parametrize("name", list(CALLS))
def test_error_before_any_operation_is_known(name: str) -> None:
    error = AwsError("UnknownOperationException", "Operation Frobnicate is not supported.")
    _, caught = raise_through_client(name, error, known_operation=False)
    assert caught.response["Error"]["Code"] == "UnknownOperationException"
    assert caught.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_status_from_model_unless_the_error_sets_one() -> None:
    _, caught = raise_through_client("cloudwatch-json", AwsError("DashboardNotFoundError", "x", status=410))
    assert caught.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    _, caught = raise_through_client("sqs-json", AwsError("SomethingUnmodeled", "x", sender_fault=False))
    assert caught.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    _, caught = raise_through_client("sqs-json", AwsError("SomethingUnmodeled", "x"))
    assert caught.response["ResponseMetadata"]["HTTPStatusCode"] == 400


@pytest.mark.parametrize("protocol", ["json", "smithy-rpc-v2-cbor"])
def test_query_error_header_for_query_compatible_services(protocol: str) -> None:
    made, _ = client("sqs", protocol)
    model = made.meta.service_model
    response = serialize_error(model, None, AwsError("QueueDoesNotExist", "gone"), protocol, RID, options=SQS)
    assert response.headers["x-amzn-query-error"] == "AWS.SimpleQueueService.NonExistentQueue;Sender"
    parsed = create_parser(protocol).parse(
        {"status_code": response.status, "headers": _lower(response.headers), "body": body_bytes(response.body)},
        None,
    )
    assert parsed["Error"]["Code"] == "AWS.SimpleQueueService.NonExistentQueue"
    assert parsed["Error"]["QueryErrorCode"] == "QueueDoesNotExist"
    assert parsed["Error"]["Type"] == "Sender"


def test_every_error_of_a_query_compatible_service_carries_a_query_code() -> None:
    # Clients read Code and Type from `x-amzn-query-error`: without a code of its own
    # an error's query code is its name (AWS SQS answers every JSON error this way).
    made, _ = client("sqs")
    model = made.meta.service_model
    response = serialize_error(model, None, AwsError("QueueNameExists", "exists"), "json", RID)
    assert response.headers["x-amzn-query-error"] == "QueueNameExists;Sender"
    response = serialize_error(made.meta.service_model, None, AwsError("X", "y", sender_fault=False), "json", RID, options=SQS)
    assert response.headers["x-amzn-query-error"] == "X;Receiver"


def test_query_error_document_shape() -> None:
    made, _ = client("sns")
    response = serialize_error(made.meta.service_model, None, AwsError("NotFoundException", "no topic"), "query", RID)
    body = body_bytes(response.body).decode()
    assert body.startswith('<ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>')
    assert "<Code>NotFound</Code><Message>no topic</Message>" in body
    assert body.endswith(f"<RequestId>{RID}</RequestId></ErrorResponse>")
    assert response.headers["x-amzn-RequestId"] == RID


def _lower(headers: dict[str, str]) -> dict[str, str]:
    return {k.lower(): v for k, v in headers.items()}
