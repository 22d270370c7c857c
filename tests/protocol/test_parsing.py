"""parse() beyond the vectors: SQS's query forms on its JSON model, bad bodies,
request compression, streaming payloads and router-matched labels."""

from __future__ import annotations

import gzip
from urllib.parse import urlencode

import pytest

from cumulo.core.errors import AwsError
from cumulo.core.http import Request, StreamingBody
from cumulo.protocol import parse
from cumulo.protocol.models import operation_model
from cumulo.protocol.parsing import streams_input


def sqs_query(operation: str, fields: list[tuple[str, str]]) -> dict:
    body = urlencode([("Action", operation), ("Version", "2012-11-05"), *fields]).encode()
    request = Request("POST", "/", "", {"content-type": "application/x-www-form-urlencoded"}, body)
    return parse(request, operation_model("sqs", operation), "query")


def test_sqs_query_message_attributes_and_system_attributes() -> None:
    params = sqs_query(
        "SendMessage",
        [
            ("QueueUrl", "http://localhost:4566/000000000000/q"),
            ("MessageBody", "hi"),
            ("DelaySeconds", "5"),
            ("MessageAttribute.1.Name", "color"),
            ("MessageAttribute.1.Value.DataType", "String"),
            ("MessageAttribute.1.Value.StringValue", "red"),
            ("MessageAttribute.2.Name", "raw"),
            ("MessageAttribute.2.Value.DataType", "Binary"),
            ("MessageAttribute.2.Value.BinaryValue", "aGk="),
            ("MessageSystemAttribute.1.Name", "AWSTraceHeader"),
            ("MessageSystemAttribute.1.Value.DataType", "String"),
            ("MessageSystemAttribute.1.Value.StringValue", "Root=1"),
        ],
    )
    assert params == {
        "QueueUrl": "http://localhost:4566/000000000000/q",
        "MessageBody": "hi",
        "DelaySeconds": 5,
        "MessageAttributes": {
            "color": {"DataType": "String", "StringValue": "red"},
            "raw": {"DataType": "Binary", "BinaryValue": b"hi"},
        },
        "MessageSystemAttributes": {"AWSTraceHeader": {"DataType": "String", "StringValue": "Root=1"}},
    }


def test_sqs_query_attributes_tags_and_name_lists() -> None:
    assert sqs_query(
        "CreateQueue",
        [("QueueName", "q"), ("Attribute.1.Name", "DelaySeconds"), ("Attribute.1.Value", "3"), ("Tag.1.Key", "k"), ("Tag.1.Value", "v")],
    ) == {"QueueName": "q", "Attributes": {"DelaySeconds": "3"}, "tags": {"k": "v"}}
    assert sqs_query(
        "ReceiveMessage", [("QueueUrl", "u"), ("AttributeName.1", "All"), ("MessageAttributeName.1", "color")]
    ) == {"QueueUrl": "u", "AttributeNames": ["All"], "MessageAttributeNames": ["color"]}
    assert sqs_query("ReceiveMessage", [("QueueUrl", "u"), ("AttributeName", "All")])["AttributeNames"] == ["All"]
    assert sqs_query("UntagQueue", [("QueueUrl", "u"), ("TagKey.2", "b"), ("TagKey.1", "a")])["TagKeys"] == ["a", "b"]
    assert sqs_query(
        "AddPermission", [("QueueUrl", "u"), ("Label", "l"), ("AWSAccountId.1", "1"), ("ActionName.1", "SendMessage")]
    ) == {"QueueUrl": "u", "Label": "l", "AWSAccountIds": ["1"], "Actions": ["SendMessage"]}


def test_sqs_query_batch_entries() -> None:
    params = sqs_query(
        "SendMessageBatch",
        [
            ("QueueUrl", "u"),
            ("SendMessageBatchRequestEntry.1.Id", "a"),
            ("SendMessageBatchRequestEntry.1.MessageBody", "one"),
            ("SendMessageBatchRequestEntry.2.Id", "b"),
            ("SendMessageBatchRequestEntry.2.MessageBody", "two"),
            ("SendMessageBatchRequestEntry.2.MessageAttribute.1.Name", "n"),
            ("SendMessageBatchRequestEntry.2.MessageAttribute.1.Value.StringValue", "v"),
        ],
    )
    assert params["Entries"] == [
        {"Id": "a", "MessageBody": "one"},
        {"Id": "b", "MessageBody": "two", "MessageAttributes": {"n": {"StringValue": "v"}}},
    ]
    params = sqs_query("DeleteMessageBatch", [("QueueUrl", "u"), ("DeleteMessageBatchRequestEntry.1.Id", "a"), ("DeleteMessageBatchRequestEntry.1.ReceiptHandle", "r")])
    assert params["Entries"] == [{"Id": "a", "ReceiptHandle": "r"}]


@pytest.mark.parametrize(
    ("service", "operation", "protocol", "body", "code"),
    [
        ("dynamodb", "ListTables", "json", b"{not json", "SerializationException"),
        ("dynamodb", "ListTables", "json", b"[1, 2]", "SerializationException"),
        ("cloudwatch", "ListMetrics", "smithy-rpc-v2-cbor", b"\xff\xff", "SerializationException"),
        ("s3", "PutBucketTagging", "rest-xml", b"<Tagging><TagSet>", "MalformedXML"),
        ("sqs", "ListQueues", "query", b"QueueNamePrefix=\xff", "MalformedQueryString"),
        ("lambda", "CreateFunction", "rest-json", b"{", "SerializationException"),
    ],
)
def test_unparseable_bodies_are_aws_errors(service: str, operation: str, protocol: str, body: bytes, code: str) -> None:
    request = Request("PUT", "/bucket", "tagging", {}, body)
    with pytest.raises(AwsError) as caught:
        parse(request, operation_model(service, operation), protocol)
    assert (caught.value.code, caught.value.status) == (code, 400)


def test_gzip_request_compression() -> None:
    body = gzip.compress(b"Action=PutMetricData&Namespace=ns&MetricData.member.1.MetricName=m&MetricData.member.1.Value=1.5")
    request = Request("POST", "/", "", {"content-encoding": "gzip"}, body)
    params = parse(request, operation_model("cloudwatch", "PutMetricData"), "query")
    assert params == {"Namespace": "ns", "MetricData": [{"MetricName": "m", "Value": 1.5}]}


def test_gzip_content_encoding_left_alone_without_request_compression() -> None:
    data = gzip.compress(b"hello")
    request = Request("PUT", "/b/k", "", {"content-encoding": "gzip"}, data)
    operation = operation_model("s3", "PutObject")
    params = parse(request, operation, "rest-xml")
    assert params["ContentEncoding"] == "gzip"
    assert isinstance(params["Body"], StreamingBody)


def test_streaming_payload_and_labels() -> None:
    operation = operation_model("s3", "PutObject")
    assert streams_input(operation)
    request = Request("PUT", "/bucket/dir/a%20b.txt", "", {"x-amz-meta-colour": "red", "content-length": "3"}, b"abc")
    params = parse(request, operation, "rest-xml")
    assert params["Bucket"] == "bucket" and params["Key"] == "dir/a b.txt"
    assert params["ContentLength"] == 3 and params["Metadata"] == {"colour": "red"}
    # Virtual-hosted style: the router matched the labels from the Host header.
    params = parse(Request("PUT", "/dir/a.txt", "", {}, b""), operation, "rest-xml", {"Bucket": "b", "Key+": "dir/a.txt"})
    assert (params["Bucket"], params["Key"]) == ("b", "dir/a.txt")


def test_non_streaming_blob_payload_is_bytes() -> None:
    operation = operation_model("lambda", "Invoke")
    assert not streams_input(operation)
    request = Request("POST", "/2015-03-31/functions/f/invocations", "", {"x-amz-invocation-type": "Event"}, b'{"a": 1}')
    assert parse(request, operation, "rest-json") == {"FunctionName": "f", "InvocationType": "Event", "Payload": b'{"a": 1}'}


def test_json_keeps_large_integers_exact() -> None:
    body = b'{"TableName": "t", "Limit": 12345678901234567890}'
    params = parse(Request("POST", "/", "", {}, body), operation_model("dynamodb", "Scan"), "json")
    assert params["Limit"] == 12345678901234567890
