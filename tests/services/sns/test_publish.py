"""Publish and PublishBatch through boto3: the SQS envelope, raw delivery, filter policies, FIFO, validation."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from .conftest import bodies

Queue = Callable[..., tuple[str, str]]
Drain = Callable[..., list[dict[str, Any]]]


def error_of(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def verify(doc: dict[str, Any]) -> None:
    """Check an SNS signature as a subscriber does: the certificate from SigningCertURL, the canonical string."""
    cert = x509.load_pem_x509_certificate(httpx.get(doc["SigningCertURL"]).content)
    fields = ["Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type"]
    if doc["Type"] != "Notification":
        fields = ["Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type"]
    text = "".join(f"{f}\n{doc[f]}\n" for f in fields if f in doc).encode()
    digest = hashes.SHA256() if doc["SignatureVersion"] == "2" else hashes.SHA1()
    cert.public_key().verify(base64.b64decode(doc["Signature"]), text, padding.PKCS1v15(), digest)  # type: ignore[union-attr,call-arg]


def test_sqs_gets_the_signed_envelope(sns: Any, topic: str, make_queue: Queue, drain: Drain) -> None:
    url, queue = make_queue("inbox")
    sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    attrs = {"n": {"DataType": "Number", "StringValue": "3"}, "b": {"DataType": "Binary", "BinaryValue": b"\x00\x01"}}
    message_id = sns.publish(TopicArn=topic, Message="hello", Subject="Greetings", MessageAttributes=attrs)["MessageId"]
    [doc] = bodies(drain(url))
    assert list(doc) == ["Type", "MessageId", "TopicArn", "Subject", "Message", "Timestamp", "SignatureVersion", "Signature",
                         "SigningCertURL", "UnsubscribeURL", "MessageAttributes"]
    assert doc["MessageId"] == message_id and doc["Message"] == "hello" and doc["Subject"] == "Greetings"
    assert doc["MessageAttributes"] == {"n": {"Type": "Number", "Value": "3"}, "b": {"Type": "Binary", "Value": "AAE="}}
    assert doc["SignatureVersion"] == "1"
    verify(doc)
    sns.set_topic_attributes(TopicArn=topic, AttributeName="SignatureVersion", AttributeValue="2")
    sns.publish(TopicArn=topic, Message="again")
    [doc] = bodies(drain(url))
    assert doc["SignatureVersion"] == "2" and "Subject" not in doc and "MessageAttributes" not in doc
    verify(doc)
    # the UnsubscribeURL really unsubscribes
    assert httpx.get(doc["UnsubscribeURL"]).status_code == 200
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []
    assert sub not in [s["SubscriptionArn"] for s in sns.list_subscriptions()["Subscriptions"]]


def test_raw_delivery_keeps_the_attributes(sns: Any, sqs: Any, topic: str, make_queue: Queue, drain: Drain) -> None:
    url, queue = make_queue("raw")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    attrs = {"color": {"DataType": "String", "StringValue": "red"}, "tags": {"DataType": "String.Array", "StringValue": '["a","b"]'},
             "blob": {"DataType": "Binary", "BinaryValue": b"xyz"}}
    sns.publish(TopicArn=topic, Message="plain body", MessageAttributes=attrs)
    [m] = drain(url)
    assert m["Body"] == "plain body"
    assert m["MessageAttributes"]["color"] == {"StringValue": "red", "DataType": "String"}
    assert m["MessageAttributes"]["tags"]["DataType"] == "String.Array"
    assert m["MessageAttributes"]["blob"]["BinaryValue"] == b"xyz"


def test_filter_policy_on_attributes(sns: Any, topic: str, make_queue: Queue, drain: Drain) -> None:
    url, queue = make_queue("filtered")
    policy = {
        "store": ["example_corp"],
        "event": [{"anything-but": "order_cancelled"}],
        "price_usd": [{"numeric": [">=", 100]}],
        "customer_interests": ["rugby", "football", "baseball"],
    }
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"FilterPolicy": json.dumps(policy), "RawMessageDelivery": "true"})

    def send(body: str, store: str, event: str, price: str, interests: str) -> None:
        sns.publish(TopicArn=topic, Message=body, MessageAttributes={
            "store": {"DataType": "String", "StringValue": store},
            "event": {"DataType": "String", "StringValue": event},
            "price_usd": {"DataType": "Number", "StringValue": price},
            "customer_interests": {"DataType": "String.Array", "StringValue": interests},
        })

    send("yes", "example_corp", "order_placed", "210.75", '["soccer", "rugby"]')
    send("cancelled", "example_corp", "order_cancelled", "210.75", '["rugby"]')
    send("cheap", "example_corp", "order_placed", "5", '["rugby"]')
    send("no interest", "example_corp", "order_placed", "500", '["chess"]')
    sns.publish(TopicArn=topic, Message="no attributes")
    assert [m["Body"] for m in drain(url, count=5, wait=0.5)] == ["yes"]


def test_filter_policy_on_the_message_body(sns: Any, topic: str, make_queue: Queue, drain: Drain) -> None:
    url, queue = make_queue("body")
    policy = {"order": {"$or": [{"total": [{"numeric": [">", 100]}]}, {"vip": [True]}]}, "source": [{"prefix": "shop-"}]}
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={
        "FilterPolicy": json.dumps(policy), "FilterPolicyScope": "MessageBody", "RawMessageDelivery": "true"})
    for body in ({"order": {"total": 150}, "source": "shop-eu"}, {"order": {"total": 5, "vip": True}, "source": "shop-us"},
                 {"order": {"total": 5}, "source": "shop-us"}, {"order": {"total": 500}, "source": "admin"}):
        sns.publish(TopicArn=topic, Message=json.dumps(body))
    sns.publish(TopicArn=topic, Message="not json")
    assert [json.loads(m["Body"])["order"]["total"] for m in drain(url, count=5, wait=0.5)] == [150, 5]


def test_message_structure_json_gives_each_protocol_its_body(sns: Any, topic: str, make_queue: Queue, drain: Drain, cumulo: Any) -> None:
    url, queue = make_queue("structured")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)
    sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint="+15555550123")
    sns.publish(TopicArn=topic, MessageStructure="json", Message=json.dumps({"default": "fallback", "sqs": "for queues", "sms": "short"}))
    assert bodies(drain(url))[0]["Message"] == "for queues"
    sms = httpx.get(f"{cumulo.url}/_fakecloud/sns/sms").json()["messages"]
    assert {"phoneNumber": "+15555550123", "message": "short"} in sms
    assert error_of(sns.publish, TopicArn=topic, MessageStructure="json", Message='{"sqs": "x"}') == (
        "InvalidParameter", "Invalid parameter: Message Structure - No default entry in JSON message body")
    assert error_of(sns.publish, TopicArn=topic, MessageStructure="json", Message="{")[1] == (
        "Invalid parameter: Message Structure - JSON message body failed to parse")


def test_publish_validation(sns: Any, topic: str) -> None:
    assert error_of(sns.publish, TopicArn=topic, Message="") == ("InvalidParameter", "Invalid parameter: Empty message")
    assert error_of(sns.publish, TopicArn=topic, Message="x" * 262_145) == ("InvalidParameter", "Invalid parameter: Message too long")
    assert error_of(sns.publish, TopicArn=topic, Message="x", Subject="line\nbreak") == ("InvalidParameter", "Invalid parameter: Subject")
    assert error_of(sns.publish, TopicArn=topic + "x", Message="x") == ("NotFound", "Topic does not exist")
    bad_number = {"n": {"DataType": "Number", "StringValue": "ten"}}
    assert error_of(sns.publish, TopicArn=topic, Message="x", MessageAttributes=bad_number)[1] == (
        "Invalid parameter: Could not cast message attribute 'n' value to number.")
    bad_type = {"n": {"DataType": "Integer", "StringValue": "1"}}
    assert "supported type prefixes is Binary, Number, and String" in error_of(sns.publish, TopicArn=topic, Message="x", MessageAttributes=bad_type)[1]
    assert error_of(sns.publish, TopicArn=topic, Message="x", MessageDeduplicationId="d")[0] == "InvalidParameter"


def test_fifo_topic_keeps_group_order_and_deduplicates(sns: Any, topic: str, make_queue: Queue, drain: Drain) -> None:
    arn = sns.create_topic(Name="jobs.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    url, queue = make_queue("jobs.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    assert error_of(sns.publish, TopicArn=arn, Message="x")[1] == "Invalid parameter: The MessageGroupId parameter is required for FIFO topics"
    assert error_of(sns.publish, TopicArn=arn, Message="x", MessageGroupId="g")[1] == (
        "Invalid parameter: The topic should either have ContentBasedDeduplication enabled or MessageDeduplicationId provided explicitly")
    sequences = []
    for i in range(5):
        out = sns.publish(TopicArn=arn, Message=f"m{i}", MessageGroupId="g1", MessageDeduplicationId=f"d{i}")
        sequences.append(int(out["SequenceNumber"]))
    again = sns.publish(TopicArn=arn, Message="m0 again", MessageGroupId="g1", MessageDeduplicationId="d0")
    assert sequences == sorted(sequences) and int(again["SequenceNumber"]) == sequences[0]
    got = drain(url, count=6, wait=0.5)
    assert [m["Body"] for m in got] == ["m0", "m1", "m2", "m3", "m4"]
    assert {m["Attributes"]["MessageGroupId"] for m in got} == {"g1"}


def test_content_based_deduplication(sns: Any, make_queue: Queue, drain: Drain) -> None:
    arn = sns.create_topic(Name="cbd.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
    url, queue = make_queue("cbd.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue)
    first = sns.publish(TopicArn=arn, Message="same", MessageGroupId="g")["MessageId"]
    assert sns.publish(TopicArn=arn, Message="same", MessageGroupId="g")["MessageId"] == first
    sns.publish(TopicArn=arn, Message="different", MessageGroupId="g")
    docs = bodies(drain(url, count=3, wait=0.5))
    assert [d["Message"] for d in docs] == ["same", "different"] and "SequenceNumber" in docs[0]


def test_publish_batch(sns: Any, topic: str, make_queue: Queue, drain: Drain) -> None:
    url, queue = make_queue("batch")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    out = sns.publish_batch(TopicArn=topic, PublishBatchRequestEntries=[
        {"Id": "a", "Message": "one"}, {"Id": "b", "Message": ""}, {"Id": "c", "Message": "three", "Subject": "s"}])
    assert [s["Id"] for s in out["Successful"]] == ["a", "c"]
    assert out["Failed"] == [{"Id": "b", "Code": "InvalidParameter", "Message": "Invalid parameter: Empty message", "SenderFault": True}]
    assert sorted(m["Body"] for m in drain(url, count=2)) == ["one", "three"]
    assert error_of(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[{"Id": "a", "Message": "1"}, {"Id": "a", "Message": "2"}])[0] == (
        "BatchEntryIdsNotDistinct")
    assert error_of(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[{"Id": str(i), "Message": "m"} for i in range(11)])[0] == (
        "TooManyEntriesInBatchRequest")
    assert error_of(sns.publish_batch, TopicArn=topic, PublishBatchRequestEntries=[{"Id": "no spaces", "Message": "m"}])[0] == "InvalidBatchEntryId"


def test_missing_queue_sends_to_the_subscription_dlq(sns: Any, sqs: Any, topic: str, make_queue: Queue, drain: Drain, cumulo: Any) -> None:
    gone_url, gone = make_queue("gone")
    dlq_url, dlq = make_queue("dlq")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=gone, Attributes={"RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq})})
    sqs.delete_queue(QueueUrl=gone_url)
    message_id = sns.publish(TopicArn=topic, Message="lost?")["MessageId"]
    assert bodies(drain(dlq_url))[0]["Message"] == "lost?"
    outcomes = httpx.get(f"{cumulo.url}/_cumulo/sns/deliveries").json()["outcomes"]
    [outcome] = [o for o in outcomes if o["messageId"] == message_id]
    assert outcome["status"] == "failed" and outcome["error"].startswith("QueueDoesNotExist: ")


def test_the_published_log_in_fakeclouds_shape(sns: Any, topic: str, cumulo: Any) -> None:
    message_id = sns.publish(TopicArn=topic, Message="logged", Subject="subj")["MessageId"]
    listed = [m for m in httpx.get(f"{cumulo.url}/_fakecloud/sns/messages").json()["messages"] if m["messageId"] == message_id]
    assert listed and set(listed[0]) == {"messageId", "topicArn", "message", "subject", "timestamp"}
    assert listed[0]["message"] == "logged" and listed[0]["topicArn"] == topic
    httpx.post(f"{cumulo.url}/_cumulo/reset")
    assert httpx.get(f"{cumulo.url}/_fakecloud/sns/messages").json() == {"messages": []}


def test_encrypted_topics_need_a_usable_kms_key(sns: Any, topic: str, cumulo: Any, make_queue: Queue, drain: Drain) -> None:
    import boto3

    kms = boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    url, queue = make_queue("encrypted")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue=key)
    sns.publish(TopicArn=topic, Message="secret")
    assert [m["Body"] for m in drain(url)] == ["secret"]
    kms.disable_key(KeyId=key)
    assert error_of(sns.publish, TopicArn=topic, Message="x")[0] == "KMSDisabled"
    sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue="alias/missing")
    assert error_of(sns.publish, TopicArn=topic, Message="x")[0] == "KMSNotFound"
    sns.set_topic_attributes(TopicArn=topic, AttributeName="KmsMasterKeyId", AttributeValue="alias/aws/sns")
    sns.publish(TopicArn=topic, Message="managed key")


def test_fifo_publish_batch_fails_entries_one_by_one(sns: Any, make_queue: Queue, drain: Drain) -> None:
    arn = sns.create_topic(Name="batch.fifo", Attributes={"FifoTopic": "true", "ContentBasedDeduplication": "true"})["TopicArn"]
    url, queue = make_queue("batch.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})
    out = sns.publish_batch(TopicArn=arn, PublishBatchRequestEntries=[
        {"Id": "a", "Message": "first", "MessageGroupId": "g"}, {"Id": "b", "Message": "no group"},
        {"Id": "c", "Message": "second", "MessageGroupId": "g"}])
    assert [s["Id"] for s in out["Successful"]] == ["a", "c"] and int(out["Successful"][0]["SequenceNumber"]) < int(out["Successful"][1]["SequenceNumber"])
    assert [(f["Id"], f["Code"]) for f in out["Failed"]] == [("b", "InvalidParameter")]
    assert [m["Body"] for m in drain(url, count=2)] == ["first", "second"]
