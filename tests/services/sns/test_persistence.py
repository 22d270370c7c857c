"""Topics, subscriptions, FIFO state, archives and pending HTTP deliveries survive a restart."""

from __future__ import annotations

import json
import time
import urllib.request
from pathlib import Path
from typing import Any

import boto3

from cumulo.services.sns.models import (
    Archived, DedupRecord, Delivery, LedgerEntry, Notification, PlatformApplication, PlatformEndpoint, SandboxNumber, Subscription, Topic,
)
from cumulo.state import open_store
from cumulo.testing.plugin import free_port, spawned_server


def test_entities_round_trip_the_store(tmp_path: Path) -> None:
    n = Notification("m", "arn:aws:sns:us-east-1:000000000000:t", "body", 1.5, "subj", {"a": {"DataType": "String", "StringValue": "x"}},
                     {"default": "d"}, "g", "dd", "00000000000000000001")
    rows = {
        "topics": ("t", Topic("t", "000000000000", "us-east-1", 1.0, {"DisplayName": "T"}, {"k": "v"}, "{}", True, 3, 1)),
        "subs/t": ("s", Subscription("s", n.topic_arn, "sqs", "arn:aws:sqs:us-east-1:000000000000:q", "000000000000", 2.0, {"RawMessageDelivery": "true"}, True, "tok")),
        "deliveries": ("d", Delivery("d", n.topic_arn + ":s", n, 2.0, 3.0, 1, "Notification", "HTTP 500")),
        "dedup/t": ("dd", DedupRecord(300.0, "m", "1")),
        "archive/t": ("1", Archived(n)),
        "ledger": ("l", LedgerEntry("l", "sms", "+1555", "", "", "m", "b", None, {}, 1.0)),
        "apps": ("a", PlatformApplication("a", "app", "GCM", {"Enabled": "true"})),
        "endpoints": ("e", PlatformEndpoint("e", "a", "tok", {"Enabled": "false"})),
        "sandbox": ("+1555", SandboxNumber("+1555", True, "en-US", "123456")),
    }
    store = open_store(str(tmp_path))
    scope = store.scope("sns", "000000000000", "us-east-1")
    for table, (key, value) in rows.items():
        scope.table(table)[key] = value
    store.commit()
    store.close()
    reopened = open_store(str(tmp_path)).scope("sns", "000000000000", "us-east-1")
    for table, (key, value) in rows.items():
        assert reopened.table(table)[key] == value


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as answer:
        return json.loads(answer.read())


def test_restart_keeps_topics_subscriptions_and_pending_deliveries(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    keys = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
    with spawned_server(port, str(tmp_path)):
        sns, sqs = boto3.client("sns", **keys), boto3.client("sqs", **keys)
        topic = sns.create_topic(Name="kept.fifo", Attributes={"FifoTopic": "true", "ArchivePolicy": json.dumps({"MessageRetentionPeriod": "7"})},
                                 Tags=[{"Key": "k", "Value": "v"}])["TopicArn"]
        queue_url = sqs.create_queue(QueueName="kept.fifo", Attributes={"FifoQueue": "true"})["QueueUrl"]
        queue = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        sub = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"FilterPolicy": '{"k": ["v"]}'})["SubscriptionArn"]
        first = sns.publish(TopicArn=topic, Message="m1", MessageGroupId="g", MessageDeduplicationId="d1")
        plain = sns.create_topic(Name="hooks")["TopicArn"]
        sns.subscribe(TopicArn=plain, Protocol="http", Endpoint="http://127.0.0.1:9/nobody")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not any(p["attempts"] for p in _get(url + "/_cumulo/sns/deliveries")["pending"]):
            time.sleep(0.05)
        cert = urllib.request.urlopen(url + "/_cumulo/sns/cert.pem", timeout=10).read()
    with spawned_server(port, str(tmp_path)):
        sns = boto3.client("sns", **keys)
        assert sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["FilterPolicy"] == '{"k": ["v"]}'
        assert sns.list_tags_for_resource(ResourceArn=topic)["Tags"] == [{"Key": "k", "Value": "v"}]
        again = sns.publish(TopicArn=topic, Message="m1", MessageGroupId="g", MessageDeduplicationId="d1")
        assert again["MessageId"] == first["MessageId"]  # the deduplication window survived
        nxt = sns.publish(TopicArn=topic, Message="m2", MessageGroupId="g", MessageDeduplicationId="d2")
        assert int(nxt["SequenceNumber"]) > int(first["SequenceNumber"])
        pending = _get(url + "/_cumulo/sns/deliveries")["pending"]
        assert [p["kind"] for p in pending] == ["SubscriptionConfirmation"] and pending[0]["attempts"] >= 1
        assert urllib.request.urlopen(url + "/_cumulo/sns/cert.pem", timeout=10).read() == cert
        assert len(sns.list_subscriptions()["Subscriptions"]) == 2
