"""Queues through boto3: create, find, list, attributes, tags, permissions, purge, delete."""

from __future__ import annotations

import json
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

from .conftest import QUERY_AUTH


def error_code(excinfo: pytest.ExceptionInfo[ClientError]) -> str:
    return excinfo.value.response["Error"]["Code"]


def test_create_queue_returns_a_localstack_style_url_on_the_request_port(sqs: Any, cumulo: CumuloServer) -> None:
    url = sqs.create_queue(QueueName="jobs")["QueueUrl"]
    assert url == f"http://sqs.us-east-1.localhost.localstack.cloud:{cumulo.port}/000000000000/jobs"
    assert sqs.get_queue_url(QueueName="jobs")["QueueUrl"] == url
    assert sqs.list_queues()["QueueUrls"] == [url]


def test_origin_strategy_gives_urls_on_the_origin_the_client_used() -> None:
    # For the JavaScript SDK offline: it sends to the QueueUrl's origin when AWS_ENDPOINT_URL set its endpoint.
    from cumulo.config import Config

    server = CumuloServer(Config(log_level="warning", sqs_endpoint_strategy="origin")).start()
    try:
        client = boto3.client("sqs", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        url = client.create_queue(QueueName="jobs")["QueueUrl"]
        assert url == f"{server.url}/000000000000/jobs"
        client.send_message(QueueUrl=url, MessageBody="via origin")
        assert client.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "via origin"
    finally:
        server.stop()


def test_a_client_on_a_host_naming_a_region_gets_localstack_style_urls(cumulo: CumuloServer) -> None:
    host = f"sqs.us-east-1.localhost.localstack.cloud:{cumulo.port}"
    body = {"Version": "2012-11-05", "Action": "CreateQueue", "QueueName": "jobs"}
    answer = httpx.post(cumulo.url, data=body, headers={"Host": host, "Authorization": QUERY_AUTH})
    assert f"<QueueUrl>http://{host}/000000000000/jobs</QueueUrl>" in answer.text


def test_every_url_form_addresses_the_queue(sqs: Any, cumulo: CumuloServer) -> None:
    sqs.create_queue(QueueName="jobs")
    forms = [
        f"http://sqs.us-east-1.localhost.localstack.cloud:{cumulo.port}/000000000000/jobs",
        f"http://127.0.0.1:{cumulo.port}/000000000000/jobs",
        "http://localhost:4566/000000000000/jobs",
        "https://sqs.us-east-1.amazonaws.com/000000000000/jobs",
        "https://us-east-1.queue.amazonaws.com/000000000000/jobs",
    ]
    for i, url in enumerate(forms):
        sqs.send_message(QueueUrl=url, MessageBody=str(i))
    attrs = sqs.get_queue_attributes(QueueUrl=forms[1], AttributeNames=["ApproximateNumberOfMessages"])
    assert attrs["Attributes"]["ApproximateNumberOfMessages"] == str(len(forms))


def test_region_in_the_url_host_selects_the_region(cumulo: CumuloServer) -> None:
    west = boto3.client("sqs", endpoint_url=cumulo.url, region_name="eu-west-1")
    west.create_queue(QueueName="far")
    url = f"http://sqs.eu-west-1.localhost.localstack.cloud:{cumulo.port}/000000000000/far"
    east = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    east.send_message(QueueUrl=url, MessageBody="x")  # the host names eu-west-1
    assert east.list_queues().get("QueueUrls") is None
    assert len(west.receive_message(QueueUrl=url)["Messages"]) == 1


def test_create_queue_is_idempotent_with_identical_attributes(sqs: Any) -> None:
    first = sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"]
    assert sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "60"})["QueueUrl"] == first
    assert sqs.create_queue(QueueName="q")["QueueUrl"] == first
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="q", Attributes={"VisibilityTimeout": "61"})
    assert error_code(excinfo) == "QueueAlreadyExists"
    assert "VisibilityTimeout" in excinfo.value.response["Error"]["Message"]


def test_a_deleted_queues_name_can_be_reused(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="again")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="old")
    sqs.delete_queue(QueueUrl=url)
    with pytest.raises(ClientError) as excinfo:
        sqs.get_queue_url(QueueName="again")
    assert error_code(excinfo) == "AWS.SimpleQueueService.NonExistentQueue"
    url = sqs.create_queue(QueueName="again")["QueueUrl"]
    assert "Messages" not in sqs.receive_message(QueueUrl=url)


@pytest.mark.parametrize("name", ["", "a" * 81, "has space", "dot.name", "x.fifo"])
def test_invalid_queue_names_are_rejected(sqs: Any, name: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName=name)
    assert error_code(excinfo) in ("InvalidParameterValue", "ValidationError", "ValidationException")


def test_fifo_queue_needs_the_fifo_suffix(sqs: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.create_queue(QueueName="plain", Attributes={"FifoQueue": "true"})
    assert error_code(excinfo) == "InvalidParameterValue"
    assert sqs.create_queue(QueueName=("a" * 75) + ".fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]


def test_missing_queue_errors(sqs: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.get_queue_url(QueueName="missing")
    assert error_code(excinfo) == "AWS.SimpleQueueService.NonExistentQueue"
    assert excinfo.value.response["Error"]["Message"] == "The specified queue does not exist."
    assert excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
    with pytest.raises(sqs.exceptions.QueueDoesNotExist):
        sqs.send_message(QueueUrl="http://localhost:4566/000000000000/missing", MessageBody="x")


def test_get_queue_url_of_another_account(cumulo: CumuloServer) -> None:
    other = boto3.client(
        "sqs", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x"
    )
    url = other.create_queue(QueueName="theirs")["QueueUrl"]
    assert "/111122223333/theirs" in url
    mine = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    assert mine.get_queue_url(QueueName="theirs", QueueOwnerAWSAccountId="111122223333")["QueueUrl"] == url
    with pytest.raises(ClientError):
        mine.get_queue_url(QueueName="theirs")


def test_list_queues_with_prefix_and_pagination(sqs: Any) -> None:
    assert "QueueUrls" not in sqs.list_queues()
    for name in ["alpha-1", "alpha-2", "alpha-3", "beta-1", "beta-2"]:
        sqs.create_queue(QueueName=name)
    assert len(sqs.list_queues()["QueueUrls"]) == 5
    alphas = sqs.list_queues(QueueNamePrefix="alpha")["QueueUrls"]
    assert [u.rsplit("/", 1)[1] for u in alphas] == ["alpha-1", "alpha-2", "alpha-3"]
    page = sqs.list_queues(MaxResults=2)
    assert len(page["QueueUrls"]) == 2 and page["NextToken"]
    seen = list(page["QueueUrls"])
    while "NextToken" in page:
        page = sqs.list_queues(MaxResults=2, NextToken=page["NextToken"])
        seen += page["QueueUrls"]
    assert len(seen) == len(set(seen)) == 5
    paginated = [u for p in sqs.get_paginator("list_queues").paginate(PaginationConfig={"PageSize": 2}) for u in p["QueueUrls"]]
    assert paginated == seen


def test_default_attributes(sqs: Any, queue: str) -> None:
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["QueueArn"] == "arn:aws:sqs:us-east-1:000000000000:orders"
    assert attrs["VisibilityTimeout"] == "30"
    assert attrs["MaximumMessageSize"] == "1048576"
    assert attrs["MessageRetentionPeriod"] == "345600"
    assert attrs["DelaySeconds"] == "0"
    assert attrs["ReceiveMessageWaitTimeSeconds"] == "0"
    assert attrs["SqsManagedSseEnabled"] == "true"
    for computed in ("ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"):
        assert attrs[computed] == "0"
    assert int(attrs["CreatedTimestamp"]) == int(attrs["LastModifiedTimestamp"])
    assert "FifoQueue" not in attrs and "Policy" not in attrs and "RedrivePolicy" not in attrs
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue)


def test_fifo_attributes(sqs: Any, fifo_queue: str) -> None:
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["All"])["Attributes"]
    assert attrs["FifoQueue"] == "true"
    assert attrs["ContentBasedDeduplication"] == "false"
    assert attrs["DeduplicationScope"] == "queue"
    assert attrs["FifoThroughputLimit"] == "perQueue"
    sqs.set_queue_attributes(
        QueueUrl=fifo_queue, Attributes={"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}
    )
    attrs = sqs.get_queue_attributes(QueueUrl=fifo_queue, AttributeNames=["DeduplicationScope", "FifoThroughputLimit"])
    assert attrs["Attributes"] == {"DeduplicationScope": "messageGroup", "FifoThroughputLimit": "perMessageGroupId"}


def test_set_attributes_and_last_modified_follow_the_clock(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    created = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["CreatedTimestamp"])["Attributes"]["CreatedTimestamp"]
    cumulo_clock.advance(100)
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"VisibilityTimeout": "120", "DelaySeconds": "5"})
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["VisibilityTimeout"] == "120" and attrs["DelaySeconds"] == "5"
    assert int(attrs["LastModifiedTimestamp"]) >= int(created) + 100


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("VisibilityTimeout", "43201"),
        ("DelaySeconds", "901"),
        ("MaximumMessageSize", "1023"),
        ("MaximumMessageSize", "1048577"),
        ("MessageRetentionPeriod", "59"),
        ("ReceiveMessageWaitTimeSeconds", "21"),
        ("VisibilityTimeout", "soon"),
    ],
)
def test_attribute_values_out_of_range(sqs: Any, queue: str, name: str, value: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={name: value})
    assert error_code(excinfo) == "InvalidAttributeValue"
    assert excinfo.value.response["Error"]["Message"].startswith(f"Invalid value for the parameter {name}")


def test_unknown_and_read_only_attributes(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError):  # not in the model's enum either
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Colour": "blue"})
    for name in ("QueueArn", "ContentBasedDeduplication"):
        with pytest.raises(ClientError) as excinfo:
            sqs.set_queue_attributes(QueueUrl=queue, Attributes={name: "true"})
        assert error_code(excinfo) == "InvalidAttributeName"
        assert excinfo.value.response["Error"]["Message"] == f"Unknown Attribute {name}."


def test_queue_type_cannot_change(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"FifoQueue": "true"})
    assert error_code(excinfo) == "InvalidAttributeName"  # a standard queue has no FifoQueue attribute
    fifo = sqs.create_queue(QueueName="typed.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=fifo, Attributes={"FifoQueue": "false"})
    assert error_code(excinfo) == "InvalidAttributeValue"


def test_sse_attributes(sqs: Any, queue: str) -> None:
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"KmsMasterKeyId": "alias/aws/sqs"})
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["KmsMasterKeyId"] == "alias/aws/sqs"
    assert attrs["KmsDataKeyReusePeriodSeconds"] == "300"
    assert attrs["SqsManagedSseEnabled"] == "false"
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"SqsManagedSseEnabled": "true"})
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert "KmsMasterKeyId" not in attrs and attrs["SqsManagedSseEnabled"] == "true"
    with pytest.raises(ClientError):
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"KmsMasterKeyId": "k", "SqsManagedSseEnabled": "true"})


def test_policy_attribute(sqs: Any, queue: str) -> None:
    policy = json.dumps({"Version": "2012-10-17", "Statement": []})
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": policy})
    assert sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]["Policy"] == policy
    sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": ""})
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])
    with pytest.raises(ClientError) as excinfo:
        sqs.set_queue_attributes(QueueUrl=queue, Attributes={"Policy": "{not json"})
    assert error_code(excinfo) == "InvalidAttributeValue"


def test_unknown_attribute_name_in_get(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Nope"])
    assert error_code(excinfo) in ("InvalidAttributeName", "ValidationError", "ValidationException")


def test_tags(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="tagged", tags={"team": "a", "env": "dev"})["QueueUrl"]
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a", "env": "dev"}
    sqs.tag_queue(QueueUrl=url, Tags={"env": "prod", "cost": "1"})
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"team": "a", "env": "prod", "cost": "1"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["team", "absent"])
    assert sqs.list_queue_tags(QueueUrl=url)["Tags"] == {"env": "prod", "cost": "1"}
    sqs.untag_queue(QueueUrl=url, TagKeys=["env", "cost"])
    assert "Tags" not in sqs.list_queue_tags(QueueUrl=url)
    with pytest.raises(ClientError):
        sqs.tag_queue(QueueUrl=url, Tags={f"k{i}": "v" for i in range(51)})


def test_add_and_remove_permission_edit_the_policy(sqs: Any, queue: str) -> None:
    sqs.add_permission(QueueUrl=queue, Label="send", AWSAccountIds=["111122223333"], Actions=["SendMessage"])
    sqs.add_permission(
        QueueUrl=queue, Label="read", AWSAccountIds=["111122223333", "444455556666"], Actions=["ReceiveMessage", "DeleteMessage"]
    )
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]["Policy"])
    arn = "arn:aws:sqs:us-east-1:000000000000:orders"
    assert policy["Version"] == "2008-10-17"  # the policy language version SQS writes
    assert policy["Id"] == f"{arn}/SQSDefaultPolicy"
    send, read = policy["Statement"]
    assert send == {
        "Sid": "send",
        "Effect": "Allow",
        "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
        "Action": "SQS:SendMessage",
        "Resource": arn,
    }
    assert read["Principal"]["AWS"] == ["arn:aws:iam::111122223333:root", "arn:aws:iam::444455556666:root"]
    assert read["Action"] == ["SQS:ReceiveMessage", "SQS:DeleteMessage"]
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(QueueUrl=queue, Label="send", AWSAccountIds=["111122223333"], Actions=["SendMessage"])
    assert error_code(excinfo) == "InvalidParameterValue"
    sqs.remove_permission(QueueUrl=queue, Label="send")
    policy = json.loads(sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])["Attributes"]["Policy"])
    assert [s["Sid"] for s in policy["Statement"]] == ["read"]
    sqs.remove_permission(QueueUrl=queue, Label="read")
    assert "Attributes" not in sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["Policy"])
    with pytest.raises(ClientError) as excinfo:
        sqs.remove_permission(QueueUrl=queue, Label="read")
    assert error_code(excinfo) == "InvalidParameterValue"


def test_add_permission_rejects_unknown_actions(sqs: Any, queue: str) -> None:
    with pytest.raises(ClientError) as excinfo:
        sqs.add_permission(QueueUrl=queue, Label="x", AWSAccountIds=["111122223333"], Actions=["Fly"])
    assert error_code(excinfo) == "InvalidParameterValue"


def test_purge_removes_every_message_once_a_minute(sqs: Any, queue: str, cumulo_clock: ClockControl) -> None:
    for i in range(3):
        sqs.send_message(QueueUrl=queue, MessageBody=str(i))
    sqs.receive_message(QueueUrl=queue)  # one in flight: purged too
    sqs.purge_queue(QueueUrl=queue)
    attrs = sqs.get_queue_attributes(QueueUrl=queue, AttributeNames=["All"])["Attributes"]
    assert attrs["ApproximateNumberOfMessages"] == attrs["ApproximateNumberOfMessagesNotVisible"] == "0"
    with pytest.raises(ClientError) as excinfo:
        sqs.purge_queue(QueueUrl=queue)
    assert error_code(excinfo) == "AWS.SimpleQueueService.PurgeQueueInProgress"
    cumulo_clock.advance(60)
    sqs.purge_queue(QueueUrl=queue)


def test_delete_queue_then_operations_fail(sqs: Any, queue: str) -> None:
    sqs.delete_queue(QueueUrl=queue)
    for call in (
        lambda: sqs.send_message(QueueUrl=queue, MessageBody="x"),
        lambda: sqs.receive_message(QueueUrl=queue),
        lambda: sqs.get_queue_attributes(QueueUrl=queue),
        lambda: sqs.delete_queue(QueueUrl=queue),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "AWS.SimpleQueueService.NonExistentQueue"


def test_unknown_attribute_names_are_sqs_errors_not_validation(sqs: Any) -> None:
    url = sqs.create_queue(QueueName="attr-names")["QueueUrl"]
    for call in (
        lambda: sqs.set_queue_attributes(QueueUrl=url, Attributes={"Nope": "1"}),
        lambda: sqs.create_queue(QueueName="other", Attributes={"Nope": "1"}),
        lambda: sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["Nope"]),
    ):
        with pytest.raises(ClientError) as excinfo:
            call()
        assert error_code(excinfo) == "InvalidAttributeName"
