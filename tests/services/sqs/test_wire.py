"""SQS over the older query protocol (form POSTs, XML answers) and through the AWS CLI.

The XML assertions look elements up by name anywhere in the answer, so they
hold whether the serializer writes SQS's flattened lists or wrapped ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any


from cumulo.testing import CumuloServer

from .conftest import QueryResponse

Query = Callable[..., QueryResponse]


def test_queue_lifecycle_over_query(query: Query, cumulo: CumuloServer) -> None:
    created = query(
        Action="CreateQueue",
        QueueName="legacy",
        **{"Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "45", "Tag.1.Key": "team", "Tag.1.Value": "a"},
    )
    assert created.status == 200
    url = created.text_of("QueueUrl")
    assert url.endswith("/000000000000/legacy")
    assert query(Action="GetQueueUrl", QueueName="legacy").text_of("QueueUrl") == url
    listed = query(Action="ListQueues")
    assert url in listed.texts("QueueUrl") + listed.texts("QueueUrls")
    attrs = query(Action="GetQueueAttributes", QueueUrl=url, **{"AttributeName.1": "All"})
    assert "45" in attrs.texts("Value") + attrs.texts("value")
    assert query(Action="ListQueueTags", QueueUrl=url).status == 200
    assert query(Action="SetQueueAttributes", QueueUrl=url, **{"Attribute.1.Name": "DelaySeconds", "Attribute.1.Value": "3"}).status == 200
    assert query(Action="DeleteQueue", QueueUrl=url).status == 200
    assert query(Action="GetQueueUrl", QueueName="legacy").status == 400


def test_messages_over_query(query: Query) -> None:
    url = query(Action="CreateQueue", QueueName="legacy").text_of("QueueUrl")
    sent = query(
        Action="SendMessage",
        QueueUrl=url,
        MessageBody="hello <xml> & friends",
        **{
            "MessageAttribute.1.Name": "colour",
            "MessageAttribute.1.Value.DataType": "String",
            "MessageAttribute.1.Value.StringValue": "blue",
        },
    )
    assert sent.text_of("MD5OfMessageBody") == hashlib.md5(b"hello <xml> & friends").hexdigest()
    assert sent.text_of("MessageId")
    received = query(
        Action="ReceiveMessage", QueueUrl=url, MaxNumberOfMessages="10", **{"AttributeName.1": "All", "MessageAttributeName.1": "All"}
    )
    assert received.text_of("Body") == "hello <xml> & friends"
    assert received.text_of("MessageId") == sent.text_of("MessageId")
    assert "blue" in received.texts("StringValue")
    assert received.text_of("MD5OfMessageAttributes") == sent.text_of("MD5OfMessageAttributes")
    handle = received.text_of("ReceiptHandle")
    assert query(Action="DeleteMessage", QueueUrl=url, ReceiptHandle=handle).status == 200
    assert query(Action="ReceiveMessage", QueueUrl=url).texts("Body") == []


def test_batches_over_query(query: Query) -> None:
    url = query(Action="CreateQueue", QueueName="legacy").text_of("QueueUrl")
    batch = query(
        Action="SendMessageBatch",
        QueueUrl=url,
        **{
            "SendMessageBatchRequestEntry.1.Id": "ok",
            "SendMessageBatchRequestEntry.1.MessageBody": "fine",
            "SendMessageBatchRequestEntry.2.Id": "bad",
            "SendMessageBatchRequestEntry.2.MessageBody": "nul \x01",
        },
    )
    assert batch.status == 200
    assert "ok" in batch.texts("Id") and "bad" in batch.texts("Id")
    assert batch.text_of("Code") == "InvalidMessageContents"
    handle = query(Action="ReceiveMessage", QueueUrl=url).text_of("ReceiptHandle")
    deleted = query(
        Action="DeleteMessageBatch",
        QueueUrl=url,
        **{"DeleteMessageBatchRequestEntry.1.Id": "d", "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handle},
    )
    assert deleted.texts("Id") == ["d"]


def test_errors_over_query(query: Query) -> None:
    missing = query(Action="GetQueueUrl", QueueName="missing")
    assert missing.status == 400
    assert missing.root.tag == "ErrorResponse"
    assert missing.text_of("Type") == "Sender"
    assert missing.text_of("Code") == "AWS.SimpleQueueService.NonExistentQueue"
    assert missing.text_of("Message").startswith("The specified queue does not exist")
    url = query(Action="CreateQueue", QueueName="legacy").text_of("QueueUrl")
    bad = query(Action="ChangeMessageVisibility", QueueUrl=url, ReceiptHandle="nope!", VisibilityTimeout="5")
    assert bad.status == 400 and bad.text_of("Code") == "ReceiptHandleIsInvalid"


def aws(cumulo: CumuloServer, *args: str) -> Any:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    out = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "sqs", *args, "--output", "json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout) if out.stdout.strip() else None


def test_aws_cli(cumulo: CumuloServer) -> None:
    url = aws(cumulo, "create-queue", "--queue-name", "cli-queue", "--attributes", "VisibilityTimeout=40")["QueueUrl"]
    assert aws(cumulo, "list-queues")["QueueUrls"] == [url]
    sent = aws(
        cumulo,
        "send-message",
        "--queue-url",
        url,
        "--message-body",
        "from the cli",
        "--message-attributes",
        '{"n": {"DataType": "Number", "StringValue": "3"}}',
    )
    assert sent["MD5OfMessageBody"] == hashlib.md5(b"from the cli").hexdigest()
    received = aws(cumulo, "receive-message", "--queue-url", url, "--message-attribute-names", "All", "--attribute-names", "All")
    message = received["Messages"][0]
    assert message["Body"] == "from the cli" and message["MessageAttributes"]["n"]["StringValue"] == "3"
    assert message["Attributes"]["ApproximateReceiveCount"] == "1"
    attrs = aws(cumulo, "get-queue-attributes", "--queue-url", url, "--attribute-names", "All")["Attributes"]
    assert attrs["VisibilityTimeout"] == "40" and attrs["ApproximateNumberOfMessagesNotVisible"] == "1"
    aws(cumulo, "delete-message", "--queue-url", url, "--receipt-handle", message["ReceiptHandle"])
    aws(cumulo, "tag-queue", "--queue-url", url, "--tags", "team=x")
    assert aws(cumulo, "list-queue-tags", "--queue-url", url)["Tags"] == {"team": "x"}
    aws(cumulo, "purge-queue", "--queue-url", url)
    aws(cumulo, "delete-queue", "--queue-url", url)
    assert aws(cumulo, "list-queues") in (None, {}, {"QueueUrls": []})


def test_query_on_the_queue_url_path(cumulo: CumuloServer, query: Query) -> None:
    """Scripts post to the queue URL itself, with no QueueUrl field."""
    query(Action="CreateQueue", QueueName="by-path")
    sent = query("/000000000000/by-path", Action="SendMessage", MessageBody="via path", Version="2012-11-05")
    assert sent.status == 200, sent.text
    url = query(Action="GetQueueUrl", QueueName="by-path").text_of("QueueUrl")
    assert query(Action="ReceiveMessage", QueueUrl=url).text_of("Body") == "via path"


def test_query_answers_use_sqs_element_names(cumulo: CumuloServer, query: Query) -> None:
    """Old SDKs parse these exact shapes: flattened <QueueUrl>, <Message>, <Attribute>, <Tag>."""
    created = query(Action="CreateQueue", QueueName="shapes", **{"Tag.1.Key": "team", "Tag.1.Value": "core"})
    assert created.root.tag == "CreateQueueResponse"
    assert 'xmlns="http://queue.amazonaws.com/doc/2012-11-05/"' in created.text
    url = created.text_of("QueueUrl")
    listed = query(Action="ListQueues")
    assert [e.tag for e in listed.root.find("ListQueuesResult")] == ["QueueUrl"]
    query(Action="SendMessage", QueueUrl=url, MessageBody="b", **{
        "MessageAttribute.1.Name": "color", "MessageAttribute.1.Value.DataType": "String", "MessageAttribute.1.Value.StringValue": "red"})
    received = query(Action="ReceiveMessage", QueueUrl=url, **{"AttributeName.1": "All", "MessageAttributeName.1": "All"})
    (message,) = received.root.find("ReceiveMessageResult")
    assert message.tag == "Message"
    names = [a.findtext("Name") for a in message.findall("Attribute")]
    assert "SentTimestamp" in names and "ApproximateReceiveCount" in names
    (attribute,) = message.findall("MessageAttribute")
    assert (attribute.findtext("Name"), attribute.findtext("Value/StringValue"), attribute.findtext("Value/DataType")) == ("color", "red", "String")
    attrs = query(Action="GetQueueAttributes", QueueUrl=url, **{"AttributeName.1": "VisibilityTimeout"})
    assert [(a.findtext("Name"), a.findtext("Value")) for a in attrs.root.iter("Attribute")] == [("VisibilityTimeout", "30")]
    tags = query(Action="ListQueueTags", QueueUrl=url)
    assert [(t.findtext("Key"), t.findtext("Value")) for t in tags.root.iter("Tag")] == [("team", "core")]
    batch = query(Action="SendMessageBatch", QueueUrl=url, **{
        "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "x"})
    assert [e.tag for e in batch.root.find("SendMessageBatchResult")] == ["SendMessageBatchResultEntry"]
