"""Successful answers in every protocol, read back by real botocore clients,
plus the per-service `options` hook (query-flattened lists and renamed items)."""

from __future__ import annotations

from datetime import datetime, timezone

from tests.protocol.serializer_clients import body_bytes, client

from cumulo.protocol.serializing import serialize

RID = "7d9b1c6e-0f0e-4e8a-8d1b-1234567890ab"
WHEN = datetime(2024, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
QUEUE = "http://sqs.us-east-1.localhost:4566/000000000000/q"
SQS_QUERY = {
    "xml_names": {
        "MessageList.member": "Message",
        "QueueUrlList.member": "QueueUrl",
        "MessageSystemAttributeMap.entry": "Attribute",
        "MessageSystemAttributeMap.key": "Name",
        "MessageSystemAttributeMap.value": "Value",
    },
}


def answer_with(service: str, operation: str, result: dict, protocol: str | None = None, options=None):
    made, answer = client(service, protocol)
    model = made.meta.service_model
    answer.response = serialize(model.operation_model(operation), result, model.resolved_protocol, RID, options)
    return made, answer.response


def test_sqs_in_each_of_its_protocols() -> None:
    for protocol in (None, "query", "smithy-rpc-v2-cbor"):
        made, _ = answer_with("sqs", "GetQueueUrl", {"QueueUrl": QUEUE}, protocol)
        got = made.get_queue_url(QueueName="q")
        assert got["QueueUrl"] == QUEUE
        assert got["ResponseMetadata"]["RequestId"] == RID


def test_query_without_a_result_wrapper_in_the_model() -> None:
    _, response = answer_with("sqs", "GetQueueUrl", {"QueueUrl": QUEUE}, "query")
    body = body_bytes(response.body).decode()
    assert body == (
        '<GetQueueUrlResponse xmlns="https://sqs.amazonaws.com/doc/2012-11-05/">'
        f"<GetQueueUrlResult><QueueUrl>{QUEUE}</QueueUrl></GetQueueUrlResult>"
        f"<ResponseMetadata><RequestId>{RID}</RequestId></ResponseMetadata></GetQueueUrlResponse>"
    )
    assert response.headers["x-amzn-RequestId"] == RID


def test_query_uses_the_models_flattened_traits_by_default() -> None:
    made, _ = answer_with("sqs", "ListQueues", {"QueueUrls": [QUEUE, QUEUE + "2"]}, "query")
    assert made.list_queues()["QueueUrls"] == [QUEUE, QUEUE + "2"]


def test_query_options_rename_flattened_items() -> None:
    message = {"MessageId": "m1", "ReceiptHandle": "r1", "Body": "hi", "Attributes": {"SenderId": "AIDA"}}
    _, response = answer_with("sqs", "ReceiveMessage", {"Messages": [message]}, "query", SQS_QUERY)
    body = body_bytes(response.body).decode()
    assert "<ReceiveMessageResult><Message><MessageId>m1</MessageId>" in body
    assert "<Attribute><Name>SenderId</Name><Value>AIDA</Value></Attribute>" in body
    assert "<Messages>" not in body
    _, response = answer_with("sqs", "ListQueues", {"QueueUrls": [QUEUE]}, "query", SQS_QUERY)
    assert f"<ListQueuesResult><QueueUrl>{QUEUE}</QueueUrl></ListQueuesResult>" in body_bytes(response.body).decode()


def test_query_options_flatten_a_shape_the_model_does_not() -> None:
    result = {"Messages": [{"MessageId": "m1", "MessageAttributes": {
        "a": {"DataType": "String", "StringListValues": ["x", "y"]}}}]}
    options = {"flattened": {"StringList"}, "xml_names": {"StringList.member": "StringListValue"}}
    _, response = answer_with("sqs", "ReceiveMessage", result, "query", options)
    body = body_bytes(response.body).decode()
    assert "<StringListValue>x</StringListValue><StringListValue>y</StringListValue>" in body


def test_sns_query_and_ec2() -> None:
    made, _ = answer_with("sns", "Publish", {"MessageId": "abc"})
    got = made.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:t", Message="m")
    assert got["MessageId"] == "abc" and got["ResponseMetadata"]["RequestId"] == RID

    reservation = {"ReservationId": "r-1", "Instances": [{"InstanceId": "i-1", "LaunchTime": WHEN}]}
    made, response = answer_with("ec2", "DescribeInstances", {"Reservations": [reservation]})
    assert b"<requestId>" + RID.encode() + b"</requestId>" in body_bytes(response.body)
    got = made.describe_instances()
    assert got["Reservations"][0]["Instances"][0] == {"InstanceId": "i-1", "LaunchTime": WHEN}
    assert got["ResponseMetadata"]["RequestId"] == RID


def test_s3_bodies_headers_and_streams() -> None:
    listing = {"Name": "b", "KeyCount": 1, "IsTruncated": False, "Contents": [
        {"Key": "k", "Size": 3, "LastModified": WHEN, "ETag": '"e"', "StorageClass": "STANDARD"}]}
    made, response = answer_with("s3", "ListObjectsV2", listing, options={"xml_namespace": "http://s3.amazonaws.com/doc/2006-03-01/"})
    assert body_bytes(response.body).startswith(
        b'<?xml version="1.0" encoding="UTF-8"?><ListObjectsV2Output xmlns="http://s3.amazonaws.com/doc/2006-03-01/">'
    )
    got = made.list_objects_v2(Bucket="b")
    assert got["Contents"][0]["LastModified"] == WHEN and got["KeyCount"] == 1
    assert got["ResponseMetadata"]["RequestId"] == RID and got["ResponseMetadata"]["HostId"]

    head = {"ContentLength": 3, "LastModified": WHEN, "Metadata": {"color": "blue"}, "ContentType": "text/csv"}
    made, response = answer_with("s3", "HeadObject", head)
    assert response.headers["Last-Modified"] == "Tue, 02 Jan 2024 03:04:05 GMT"
    assert response.headers["x-amz-meta-color"] == "blue"
    got = made.head_object(Bucket="b", Key="k")
    assert got["Metadata"] == {"color": "blue"} and got["ContentLength"] == 3 and got["ContentType"] == "text/csv"

    async def chunks():
        yield b"ab"
        yield b"c"

    made, response = answer_with("s3", "GetObject", {"Body": chunks(), "ContentLength": 3, "ContentType": "text/csv"})
    assert response.headers["Content-Type"] == "text/csv"
    assert made.get_object(Bucket="b", Key="k")["Body"].read() == b"abc"


def test_rest_json_status_and_body() -> None:
    config = {"FunctionName": "f", "Runtime": "python3.12", "LastModified": "2024-01-02T03:04:05.000+0000"}
    made, response = answer_with("lambda", "GetFunction", {"Configuration": config, "Tags": {"a": "b"}})
    assert response.headers["Content-Type"] == "application/json"
    got = made.get_function(FunctionName="f")
    assert got["Configuration"] == config and got["Tags"] == {"a": "b"}
    assert got["ResponseMetadata"]["RequestId"] == RID

    made, response = answer_with("lambda", "Invoke", {"StatusCode": 202, "Payload": b""})
    assert response.status == 202
    assert made.invoke(FunctionName="f", InvocationType="Event")["StatusCode"] == 202
