"""SQS answers as AWS gives them, byte for byte where clients compare them: the
error headers of the JSON protocol, the query protocol's wording, FIFO group and
receipt-handle rules, dead-letter receive counts, attributes by queue type."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

from .conftest import QUERY_AUTH, QueryResponse

Query = Callable[..., QueryResponse]


def _json(cumulo: CumuloServer, target: str, body: dict[str, Any], **headers: str) -> httpx.Response:
    return httpx.post(cumulo.url, content=json.dumps(body), headers={
        "Content-Type": "application/x-amz-json-1.0", "X-Amz-Target": f"AmazonSQS.{target}", "Authorization": QUERY_AUTH, **headers})


def _error(call: Callable[..., Any], **kwargs: Any) -> dict[str, str]:
    with pytest.raises(ClientError) as caught:
        call(**kwargs)
    return caught.value.response["Error"]


# ---------------------------------------------------------------- JSON protocol errors


@pytest.mark.parametrize(("target", "body", "query_error", "error_type"), [
    ("GetQueueUrl", {"QueueName": "missing"}, "AWS.SimpleQueueService.NonExistentQueue;Sender", "QueueDoesNotExist"),
    ("SendMessage", {"MessageBody": "x"}, "MissingParameter;Sender", "MissingRequiredParameterException"),
    ("SendMessage", {"QueueUrl": "q", "MessageBody": "x", "DelaySeconds": "soon"}, "InvalidParameterValue;Sender",
     "InvalidParameterValueException"),
    ("CreateQueue", {"QueueName": "bad name!"}, "InvalidParameterValue;Sender", "InvalidParameterValueException"),
])
def test_every_json_error_carries_the_query_error_and_the_full_error_type(
        cumulo: CumuloServer, target: str, body: dict[str, Any], query_error: str, error_type: str) -> None:
    answer = _json(cumulo, target, body)
    assert answer.status_code == 400
    assert answer.headers["x-amzn-query-error"] == query_error
    assert answer.headers["x-amzn-errortype"] == f"com.amazonaws.sqs#{error_type}"
    assert answer.json()["__type"] == f"com.amazonaws.sqs#{error_type}"


def test_boto3_sees_query_error_code_and_type(sqs: Any) -> None:
    error = _error(sqs.get_queue_url, QueueName="missing")
    assert (error["Code"], error["QueryErrorCode"], error["Type"]) == (
        "AWS.SimpleQueueService.NonExistentQueue", "QueueDoesNotExist", "Sender")
    error = _error(sqs.create_queue, QueueName="bad name!")
    assert (error["Code"], error["QueryErrorCode"], error["Type"]) == (
        "InvalidParameterValue", "InvalidParameterValueException", "Sender")


# ---------------------------------------------------------------- the query protocol's bytes


def test_query_answers_match_aws_bytes(query: Query, cumulo: CumuloServer) -> None:
    url = query(Action="CreateQueue", QueueName="bytes").text_of("QueueUrl")
    empty = query(Action="ReceiveMessage", QueueUrl=url)
    assert "<ReceiveMessageResult/>" in empty.text
    missing = query(Action="GetQueueUrl", QueueName="nope")
    assert missing.text_of("Code") == "AWS.SimpleQueueService.NonExistentQueue"
    assert missing.text_of("Message") == "The specified queue does not exist for this wsdl version."
    unknown = query(Action="FooBar")
    assert (unknown.status, unknown.text_of("Code"), unknown.text_of("Message")) == (
        400, "InvalidAction", "The action FooBar is not valid for this endpoint.")
    no_action = httpx.get(cumulo.url + "/", headers={"Authorization": QUERY_AUTH})
    assert no_action.status_code == 400 and no_action.headers["content-type"] == "text/xml"
    assert "<Code>UnknownOperationException</Code>" in no_action.text


# ---------------------------------------------------------------- FIFO


def test_fifo_batch_receive_returns_a_group_together(sqs: Any, fifo_queue: str) -> None:
    for group, body in (("g1", "g1-m1"), ("g2", "g2-m1"), ("g1", "g1-m2"), ("g1", "g1-m3")):
        sqs.send_message(QueueUrl=fifo_queue, MessageBody=body, MessageGroupId=group, MessageDeduplicationId=body)
    got = sqs.receive_message(QueueUrl=fifo_queue, MaxNumberOfMessages=10)["Messages"]
    assert [m["Body"] for m in got] == ["g1-m1", "g1-m2", "g1-m3", "g2-m1"]


def test_fifo_handles_expire_with_their_visibility(sqs: Any, fifo_queue: str, cumulo_clock: ClockControl) -> None:
    sqs.send_message(QueueUrl=fifo_queue, MessageBody="m", MessageGroupId="g", MessageDeduplicationId="d")
    handle = sqs.receive_message(QueueUrl=fifo_queue, VisibilityTimeout=5)["Messages"][0]["ReceiptHandle"]
    cumulo_clock.advance(10)
    expired = f"Value {handle} for parameter ReceiptHandle is invalid. Reason: The receipt handle has expired."
    error = _error(sqs.delete_message, QueueUrl=fifo_queue, ReceiptHandle=handle)
    assert (error["Code"], error["Message"]) == ("InvalidParameterValue", expired)
    error = _error(sqs.change_message_visibility, QueueUrl=fifo_queue, ReceiptHandle=handle, VisibilityTimeout=30)
    assert (error["Code"], error["Message"]) == ("InvalidParameterValue", expired)
    # The message is still there, for the next receiver.
    again = sqs.receive_message(QueueUrl=fifo_queue)["Messages"][0]
    sqs.delete_message(QueueUrl=fifo_queue, ReceiptHandle=again["ReceiptHandle"])


def test_purge_clears_the_fifo_deduplication_cache(sqs: Any, fifo_queue: str) -> None:
    sqs.send_message(QueueUrl=fifo_queue, MessageBody="a", MessageGroupId="g", MessageDeduplicationId="same")
    sqs.purge_queue(QueueUrl=fifo_queue)
    sqs.send_message(QueueUrl=fifo_queue, MessageBody="b", MessageGroupId="g", MessageDeduplicationId="same")
    assert [m["Body"] for m in sqs.receive_message(QueueUrl=fifo_queue)["Messages"]] == ["b"]


# ---------------------------------------------------------------- dead letters, attributes, tags


def test_dead_lettered_message_keeps_its_receive_count(sqs: Any, cumulo_clock: ClockControl) -> None:
    dlq = sqs.create_queue(QueueName="dead")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    src = sqs.create_queue(QueueName="src", Attributes={
        "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": 2})})["QueueUrl"]
    sqs.send_message(QueueUrl=src, MessageBody="poison")
    for _ in range(2):
        assert sqs.receive_message(QueueUrl=src, VisibilityTimeout=1)["Messages"]
        cumulo_clock.advance(2)
    assert "Messages" not in sqs.receive_message(QueueUrl=src)
    moved = sqs.receive_message(QueueUrl=dlq, AttributeNames=["All"])["Messages"][0]
    assert moved["Attributes"]["ApproximateReceiveCount"] == "3"
    assert moved["Attributes"]["DeadLetterQueueSourceArn"].endswith(":src")


def test_set_queue_attributes_refuses_fifo_attributes_on_a_standard_queue(sqs: Any, queue: str) -> None:
    for name, value in (("FifoQueue", "false"), ("FifoQueue", "true"), ("ContentBasedDeduplication", "true")):
        error = _error(sqs.set_queue_attributes, QueueUrl=queue, Attributes={name: value})
        assert (error["Code"], error["Message"]) == ("InvalidAttributeName", f"Unknown Attribute {name}.")


def test_kms_data_key_reuse_period_only_with_a_kms_key(sqs: Any, queue: str) -> None:
    assert "KmsDataKeyReusePeriodSeconds" not in sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    assert sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]["KmsDataKeyReusePeriodSeconds"] == "300"
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"KmsMasterKeyId": ""})  # encryption off
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["KmsDataKeyReusePeriodSeconds", "SqsManagedSseEnabled"])
    assert attrs["Attributes"] == {"SqsManagedSseEnabled": "false"}
    keyless = sqs.create_queue(QueueName="keyless", Attributes={"KmsDataKeyReusePeriodSeconds": "600"})["QueueUrl"]
    assert "KmsDataKeyReusePeriodSeconds" not in sqs.get_queue_attributes(QueueUrl=keyless, AttributeNames=["All"])["Attributes"]


def test_tag_and_untag_with_nothing_are_refused(sqs: Any, queue: str) -> None:
    error = _error(sqs.tag_queue, QueueUrl=queue, Tags={})
    assert (error["Code"], error["Message"]) == ("MissingParameter", "The request must contain the parameter Tags.")
    error = _error(sqs.untag_queue, QueueUrl=queue, TagKeys=[])
    assert (error["Code"], error["Message"]) == ("MissingParameter", "The request must contain the parameter TagKeys.")


# ---------------------------------------------------------------- message attributes


def test_aws_trace_header_is_a_system_attribute(sqs: Any, queue: str, cumulo: CumuloServer) -> None:
    trace = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1"
    sqs.send_message(QueueUrl=queue, MessageBody="traced",
                     MessageSystemAttributes={"AWSTraceHeader": {"DataType": "String", "StringValue": trace}})
    # A request made under an X-Ray trace passes it on.
    header_trace = "Root=1-5759e988-bd862e3fe1be46a994272794;Sampled=1"
    assert _json(cumulo, "SendMessage", {"QueueUrl": queue, "MessageBody": "from-header"},
                 **{"X-Amzn-Trace-Id": header_trace}).status_code == 200
    got = sqs.receive_message(QueueUrl=queue, MaxNumberOfMessages=10, MessageSystemAttributeNames=["AWSTraceHeader"])["Messages"]
    assert {m["Body"]: m["Attributes"]["AWSTraceHeader"] for m in got} == {"traced": trace, "from-header": header_trace}


def test_message_attribute_name_prefix_wildcards(sqs: Any, queue: str, query: Query) -> None:
    def attr(value: str) -> dict[str, str]:
        return {"DataType": "String", "StringValue": value}

    sqs.send_message(QueueUrl=queue, MessageBody="m", MessageAttributes={
        "Custom.a": attr("1"), "Custom.b": attr("2"), "Other": attr("3"), "Customer": attr("4")})
    got = sqs.receive_message(QueueUrl=queue, MessageAttributeNames=["Custom.*"], VisibilityTimeout=0)["Messages"][0]
    assert sorted(got["MessageAttributes"]) == ["Custom.a", "Custom.b"]
    over_query = query(Action="ReceiveMessage", QueueUrl=queue, **{"MessageAttributeName.1": "Custom.*"})
    assert sorted(over_query.texts("Name")) == ["Custom.a", "Custom.b"]
