"""Every SQS operation through the old query protocol, as pre-2023 SDKs and scripts send it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from cumulo.protocol.models import service_model
from cumulo.testing import ClockControl

Query = Any


def test_all_23_operations_answer_in_query_xml(query: Query, cumulo_clock: ClockControl) -> None:
    done: set[str] = set()

    def ok(action: str, path: str = "/", **form: str) -> Any:
        answer = query(path, Action=action, **form)
        assert answer.status == 200, answer.text
        assert answer.root.tag == f"{action}Response", answer.text
        assert answer.root.find("ResponseMetadata/RequestId") is not None
        done.add(action)
        return answer

    url = ok("CreateQueue", QueueName="legacy", **{"Attribute.1.Name": "VisibilityTimeout", "Attribute.1.Value": "5"}).text_of("QueueUrl")
    dlq = ok("CreateQueue", QueueName="legacy-dlq").text_of("QueueUrl")
    assert ok("GetQueueUrl", QueueName="legacy").text_of("QueueUrl") == url
    assert url in ok("ListQueues", QueueNamePrefix="legacy").texts("QueueUrl")
    dlq_arn = ok("GetQueueAttributes", QueueUrl=dlq, **{"AttributeName.1": "QueueArn"}).text_of("Value")
    ok("SetQueueAttributes", QueueUrl=url, **{"Attribute.1.Name": "RedrivePolicy",
       "Attribute.1.Value": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": "1"})})
    assert ok("ListDeadLetterSourceQueues", QueueUrl=dlq).texts("QueueUrl") == [url]

    ok("TagQueue", QueueUrl=url, **{"Tag.1.Key": "team", "Tag.1.Value": "core"})
    assert ok("ListQueueTags", QueueUrl=url).text_of("Value") == "core"
    ok("UntagQueue", QueueUrl=url, **{"TagKey.1": "team"})
    assert ok("ListQueueTags", QueueUrl=url).texts("Tag") == []

    ok("AddPermission", QueueUrl=url, Label="share", **{"AWSAccountId.1": "111122223333", "ActionName.1": "SendMessage"})
    policy = ok("GetQueueAttributes", QueueUrl=url, **{"AttributeName.1": "Policy"}).text_of("Value")
    assert json.loads(policy)["Statement"][0]["Sid"] == "share"
    ok("RemovePermission", QueueUrl=url, Label="share")

    ok("SendMessage", QueueUrl=url, MessageBody="one")
    ok("SendMessageBatch", QueueUrl=url, **{
        "SendMessageBatchRequestEntry.1.Id": "a", "SendMessageBatchRequestEntry.1.MessageBody": "two",
        "SendMessageBatchRequestEntry.2.Id": "b", "SendMessageBatchRequestEntry.2.MessageBody": "three"})
    received = ok("ReceiveMessage", QueueUrl=url, MaxNumberOfMessages="10")
    handles = received.texts("ReceiptHandle")
    assert sorted(received.texts("Body")) == ["one", "three", "two"]
    ok("ChangeMessageVisibility", QueueUrl=url, ReceiptHandle=handles[0], VisibilityTimeout="60")
    ok("ChangeMessageVisibilityBatch", QueueUrl=url, **{
        "ChangeMessageVisibilityBatchRequestEntry.1.Id": "x",
        "ChangeMessageVisibilityBatchRequestEntry.1.ReceiptHandle": handles[1],
        "ChangeMessageVisibilityBatchRequestEntry.1.VisibilityTimeout": "60"})
    ok("DeleteMessage", QueueUrl=url, ReceiptHandle=handles[0])
    ok("DeleteMessageBatch", QueueUrl=url, **{
        "DeleteMessageBatchRequestEntry.1.Id": "y", "DeleteMessageBatchRequestEntry.1.ReceiptHandle": handles[1]})

    # The third message was received once and not deleted: after its visibility
    # timeout the next receive moves it to the dead-letter queue (maxReceiveCount 1).
    cumulo_clock.advance(6)
    assert ok("ReceiveMessage", QueueUrl=url).texts("Message") == []
    assert ok("ReceiveMessage", QueueUrl=dlq).text_of("Body") == "three"
    cumulo_clock.advance(31)
    task = ok("StartMessageMoveTask", SourceArn=dlq_arn).text_of("TaskHandle")
    assert ok("ListMessageMoveTasks", SourceArn=dlq_arn).text_of("Status") in ("RUNNING", "COMPLETED")
    cancelled = query(Action="CancelMessageMoveTask", TaskHandle=task)
    done.add("CancelMessageMoveTask")  # running or already finished: both are AWS answers
    assert cancelled.status == 200 or cancelled.text_of("Code") == "AWS.SimpleQueueService.UnsupportedOperation"

    ok("PurgeQueue", QueueUrl=url)
    ok("DeleteQueue", QueueUrl=url)
    ok("DeleteQueue", QueueUrl=dlq)
    assert done == set(service_model("sqs").operation_names)


@pytest.mark.parametrize("action,form,code", [
    ("GetQueueUrl", {"QueueName": "nope"}, "AWS.SimpleQueueService.NonExistentQueue"),
    ("SendMessage", {"QueueUrl": "http://localhost/000000000000/nope", "MessageBody": "x"}, "AWS.SimpleQueueService.NonExistentQueue"),
    ("CreateQueue", {"QueueName": "bad name!"}, "InvalidParameterValue"),
    ("ReceiveMessage", {}, "MissingParameter"),
])
def test_query_errors(query: Query, action: str, form: dict[str, str], code: str) -> None:
    answer = query(Action=action, **form)
    assert answer.status == 400
    assert answer.root.tag == "ErrorResponse"
    assert answer.text_of("Code") == code
    assert answer.text_of("Type") == "Sender"
