"""FIFO topic archives and subscription replays; the delivery policy's retry schedule."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services.sns.attributes import DEFAULT_HTTP_RETRY
from cumulo.services.sns.delivery import retry_delay
from cumulo.testing import ClockControl

from .conftest import bodies


def test_archive_then_replay_to_a_new_subscription(sns: Any, make_queue: Callable[..., tuple[str, str]], drain: Any, cumulo_clock: ClockControl) -> None:
    arn = sns.create_topic(Name="ledger.fifo", Attributes={
        "FifoTopic": "true", "ContentBasedDeduplication": "true", "ArchivePolicy": json.dumps({"MessageRetentionPeriod": "2"})})["TopicArn"]
    assert json.loads(sns.get_topic_attributes(TopicArn=arn)["Attributes"]["ArchivePolicy"]) == {"MessageRetentionPeriod": "2"}
    for i in range(4):
        sns.publish(TopicArn=arn, Message=json.dumps({"n": i, "kind": "odd" if i % 2 else "even"}), MessageGroupId="g")
    begins = sns.get_topic_attributes(TopicArn=arn)["Attributes"]["BeginningArchiveTime"]
    url, queue = make_queue("late.fifo", FifoQueue="true")
    policy = {"FilterPolicy": json.dumps({"kind": ["odd"]}), "FilterPolicyScope": "MessageBody", "RawMessageDelivery": "true",
              "ReplayPolicy": json.dumps({"PointType": "Timestamp", "StartingPoint": begins})}
    sub = sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=queue, Attributes=policy)["SubscriptionArn"]
    assert [json.loads(m["Body"])["n"] for m in drain(url, count=2)] == [1, 3]
    assert sns.get_subscription_attributes(SubscriptionArn=sub)["Attributes"]["ReplayStatus"] == "Completed"
    # the archive keeps messages for the retention period only
    cumulo_clock.advance(3 * 86400 + 3600)
    other_url, other = make_queue("later.fifo", FifoQueue="true")
    sns.subscribe(TopicArn=arn, Protocol="sqs", Endpoint=other, Attributes={
        "ReplayPolicy": json.dumps({"PointType": "Timestamp", "StartingPoint": begins})})
    assert bodies(drain(other_url, count=1, wait=0.5)) == []


def test_archive_policy_is_for_fifo_topics(sns: Any, topic: str) -> None:
    with pytest.raises(ClientError) as raised:
        sns.set_topic_attributes(TopicArn=topic, AttributeName="ArchivePolicy", AttributeValue=json.dumps({"MessageRetentionPeriod": "2"}))
    assert raised.value.response["Error"]["Message"] == "Invalid parameter: ArchivePolicy Reason: Message archiving is only supported for FIFO topics"


def test_retry_schedule_follows_the_four_phases() -> None:
    policy = {**DEFAULT_HTTP_RETRY, "numRetries": 10, "numNoDelayRetries": 2, "numMinDelayRetries": 2, "numMaxDelayRetries": 2,
              "minDelayTarget": 10, "maxDelayTarget": 100, "backoffFunction": "linear"}
    delays = [retry_delay(policy, i) for i in range(1, 11)]
    assert delays[:2] == [0.0, 0.0] and delays[2:4] == [10.0, 10.0] and delays[-2:] == [100.0, 100.0]
    backoff = delays[4:8]
    assert backoff == sorted(backoff) and backoff[-1] == 100.0 and 10 < backoff[0] < 100
    exponential = [retry_delay({**policy, "backoffFunction": "exponential"}, i) for i in range(5, 9)]
    assert exponential == sorted(exponential) and exponential[0] < backoff[0]
    assert [retry_delay(DEFAULT_HTTP_RETRY, i) for i in (1, 2, 3)] == [20.0, 20.0, 20.0]
