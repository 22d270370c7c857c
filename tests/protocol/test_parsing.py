"""parse() beyond the vectors: SQS's query forms on its JSON model, bad bodies,
request compression, streaming payloads, router-matched labels, and round
trips through botocore's own serializers for real models."""

from __future__ import annotations

import gzip
from datetime import datetime, timezone
from urllib.parse import urlencode

import pytest
from botocore.serialize import create_serializer

from cumulo.core.errors import AwsError
from cumulo.core.http import Request, StreamingBody
from cumulo.protocol import parse, validate
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


ROUND_TRIPS = [
    ("sts", "AssumeRole", None, {"RoleArn": "arn:aws:iam::123456789012:role/r", "RoleSessionName": "s1", "Tags": [{"Key": "a", "Value": "b"}]}),
    ("ec2", "RunInstances", None, {"ImageId": "ami-1", "MinCount": 1, "MaxCount": 1, "SecurityGroupIds": ["sg-1", "sg-2"],
                                   "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "a", "Value": "b"}]}]}),
    ("s3", "PutBucketLifecycleConfiguration", None, {"Bucket": "b", "LifecycleConfiguration": {"Rules": [
        {"ID": "r", "Status": "Enabled", "Filter": {"Prefix": "x/"}, "Expiration": {"Days": 3}}]}}),
    ("s3", "ListObjectsV2", None, {"Bucket": "b", "Prefix": "a/", "MaxKeys": 5}),
    ("lambda", "CreateFunction", None, {"FunctionName": "f", "Role": "arn:aws:iam::123456789012:role/r", "Code": {"ZipFile": b"PK"},
                                        "Runtime": "python3.12", "Handler": "h.h", "Environment": {"Variables": {"AB": "1"}}}),
    ("dynamodb", "Query", None, {"TableName": "t", "KeyConditionExpression": "pk = :v",
                                 "ExpressionAttributeValues": {":v": {"S": "x"}, ":b": {"B": b"\x00\x01"}}}),
    ("sns", "Publish", None, {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": "m",
                              "MessageAttributes": {"a": {"DataType": "String", "StringValue": "v"}}}),
    ("cloudwatch", "PutMetricData", "smithy-rpc-v2-cbor", {"Namespace": "ns", "MetricData": [
        {"MetricName": "m", "Timestamp": datetime(2024, 1, 1, tzinfo=timezone.utc), "Value": 1.0, "Dimensions": [{"Name": "d", "Value": "v"}]}]}),
    ("cloudwatch", "PutMetricData", "query", {"Namespace": "ns", "MetricData": [{"MetricName": "m", "Value": 1.0}]}),
    ("apigateway", "PutIntegration", None, {"restApiId": "a", "resourceId": "r", "httpMethod": "GET", "type": "HTTP", "requestParameters": {"a": "b"}}),
    ("sqs", "SendMessage", None, {"QueueUrl": "u", "MessageBody": "b", "MessageAttributes": {"a": {"DataType": "Binary", "BinaryValue": b"\x01"}}}),
]


@pytest.mark.parametrize(("service", "operation", "protocol", "params"), ROUND_TRIPS, ids=lambda v: v if isinstance(v, str) else None)
def test_round_trip_through_botocore_serializer(service: str, operation: str, protocol: str | None, params: dict) -> None:
    model = operation_model(service, operation)
    protocol = protocol or model.metadata["protocol"]
    wire = create_serializer(protocol).serialize_to_request(params, model)
    body = urlencode(wire["body"]).encode() if isinstance(wire["body"], dict) else wire["body"]
    path, _, literal = wire["url_path"].partition("?")
    query = wire["query_string"] if isinstance(wire["query_string"], str) else urlencode(wire["query_string"], doseq=True)
    headers = {k.lower(): str(v) for k, v in wire["headers"].items()}
    request = Request(wire["method"], path, "&".join(q for q in (literal, query) if q), headers, body)
    parsed = parse(request, model, protocol)
    validate(model, parsed, protocol)
    assert parsed == params
