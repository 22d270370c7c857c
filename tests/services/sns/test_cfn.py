"""SNS's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice, make, make_in_stack, read, replaces, update


def _queue(sqs: Any, name: str) -> tuple[str, str]:
    url = sqs.create_queue(QueueName=name)["QueueUrl"]
    return url, sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]


def test_topic_with_inline_subscriptions(cumulo: CumuloServer, sns: Any, sqs: Any) -> None:
    url_a, arn_a = _queue(sqs, "a")
    url_b, arn_b = _queue(sqs, "b")
    props = {"DisplayName": "Alerts", "Subscription": [{"Protocol": "sqs", "Endpoint": arn_a}], "Tags": [{"Key": "team", "Value": "a"}]}
    ctx, made = make(cumulo, "AWS::SNS::Topic", props, "Alerts")
    assert made.physical_id == made.attributes["TopicArn"] and made.attributes["TopicName"].startswith("stack-Alerts-")
    assert made.physical_id in [t["TopicArn"] for t in sns.list_topics()["Topics"]]
    assert sns.get_topic_attributes(TopicArn=made.physical_id)["Attributes"]["DisplayName"] == "Alerts"
    assert sns.list_tags_for_resource(ResourceArn=made.physical_id)["Tags"] == [{"Key": "team", "Value": "a"}]
    sns.publish(TopicArn=made.physical_id, Message="one")
    assert json.loads(sqs.receive_message(QueueUrl=url_a, WaitTimeSeconds=1)["Messages"][0]["Body"])["Message"] == "one"

    new = {"Subscription": [{"Protocol": "sqs", "Endpoint": arn_b}]}
    assert replaces("AWS::SNS::Topic") == {"TopicName", "FifoTopic"}
    update(cumulo, "AWS::SNS::Topic", ctx, made, new, props)
    subs = sns.list_subscriptions_by_topic(TopicArn=made.physical_id)["Subscriptions"]
    assert [s["Endpoint"] for s in subs] == [arn_b]
    assert sns.get_topic_attributes(TopicArn=made.physical_id)["Attributes"].get("DisplayName", "") == ""
    assert sns.list_tags_for_resource(ResourceArn=made.physical_id)["Tags"] == []
    assert read(cumulo, "AWS::SNS::Topic", ctx, made, new)["Subscription"] == [{"Endpoint": arn_b, "Protocol": "sqs"}]

    delete_twice(cumulo, "AWS::SNS::Topic", ctx, made, new)
    assert sns.list_topics()["Topics"] == [] and sns.list_subscriptions()["Subscriptions"] == []


def test_fifo_topic_subscription_and_policies(cumulo: CumuloServer, sns: Any, sqs: Any) -> None:
    ctx, topic = make(cumulo, "AWS::SNS::Topic", {"FifoTopic": "true", "ContentBasedDeduplication": True}, "Orders")
    assert topic.attributes["TopicName"].endswith(".fifo")
    assert sns.get_topic_attributes(TopicArn=topic.physical_id)["Attributes"]["ContentBasedDeduplication"] == "true"
    sqs.create_queue(QueueName="q.fifo", Attributes={"FifoQueue": "true"})
    queue_url = sqs.get_queue_url(QueueName="q.fifo")["QueueUrl"]
    queue_arn = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]

    props = {"TopicArn": topic.physical_id, "Protocol": "sqs", "Endpoint": queue_arn, "RawMessageDelivery": "true",
             "FilterPolicy": {"kind": ["order"]}}
    sctx, sub = make(cumulo, "AWS::SNS::Subscription", props, "Sub")
    attrs = sns.get_subscription_attributes(SubscriptionArn=sub.physical_id)["Attributes"]
    assert sub.attributes["Arn"] == sub.physical_id and attrs["RawMessageDelivery"] == "true"
    assert json.loads(attrs["FilterPolicy"]) == {"kind": ["order"]}
    new = {"TopicArn": topic.physical_id, "Protocol": "sqs", "Endpoint": queue_arn, "FilterPolicy": {"kind": ["refund"]}}
    update(cumulo, "AWS::SNS::Subscription", sctx, sub, new, props)
    attrs = sns.get_subscription_attributes(SubscriptionArn=sub.physical_id)["Attributes"]
    assert attrs["RawMessageDelivery"] == "false" and json.loads(attrs["FilterPolicy"]) == {"kind": ["refund"]}
    assert read(cumulo, "AWS::SNS::Subscription", sctx, sub, new)["FilterPolicy"] == {"kind": ["refund"]}
    assert {"TopicArn", "Protocol", "Endpoint"} <= replaces("AWS::SNS::Subscription")
    delete_twice(cumulo, "AWS::SNS::Subscription", sctx, sub, new)
    assert sns.list_subscriptions()["Subscriptions"] == []

    doc: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{"Sid": "pub", "Effect": "Allow", "Principal": {"Service": "events.amazonaws.com"},
                                                   "Action": "sns:Publish", "Resource": topic.physical_id}]}
    pctx, policy = make(cumulo, "AWS::SNS::TopicPolicy", {"Topics": [topic.physical_id], "PolicyDocument": doc}, "Policy")
    assert policy.attributes["Id"] == policy.physical_id
    assert json.loads(sns.get_topic_attributes(TopicArn=topic.physical_id)["Attributes"]["Policy"]) == doc
    delete_twice(cumulo, "AWS::SNS::TopicPolicy", pctx, policy, {"Topics": [topic.physical_id]})
    assert json.loads(sns.get_topic_attributes(TopicArn=topic.physical_id)["Attributes"]["Policy"])["Id"] == "__default_policy_ID"

    ictx, inline = make(cumulo, "AWS::SNS::TopicInlinePolicy", {"TopicArn": topic.physical_id, "PolicyDocument": doc}, "Inline")
    assert inline.physical_id == topic.physical_id
    doc2 = {**doc, "Statement": [{**doc["Statement"][0], "Sid": "changed"}]}
    update(cumulo, "AWS::SNS::TopicInlinePolicy", ictx, inline, {"TopicArn": topic.physical_id, "PolicyDocument": doc2}, {})
    assert read(cumulo, "AWS::SNS::TopicInlinePolicy", ictx, inline, {})["PolicyDocument"] == doc2
    delete_twice(cumulo, "AWS::SNS::TopicInlinePolicy", ictx, inline, {})
    delete_twice(cumulo, "AWS::SNS::Topic", ctx, topic, {})
    delete_twice(cumulo, "AWS::SNS::TopicInlinePolicy", ictx, inline, {})  # its topic gone too: no error
    with pytest.raises(ClientError, match="NotFound"):
        sns.get_topic_attributes(TopicArn=topic.physical_id)


def test_subscription_in_another_region(cumulo: CumuloServer, sqs: Any) -> None:
    west = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-west-2")
    topic_arn = west.create_topic(Name="far")["TopicArn"]
    _, queue_arn = _queue(sqs, "near")
    props = {"TopicArn": topic_arn, "Protocol": "sqs", "Endpoint": queue_arn, "Region": "us-west-2"}
    ctx, sub = make(cumulo, "AWS::SNS::Subscription", props)
    assert sub.physical_id.startswith("arn:aws:sns:us-west-2:")
    assert [s["SubscriptionArn"] for s in west.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"]] == [sub.physical_id]
    delete_twice(cumulo, "AWS::SNS::Subscription", ctx, sub, props)
    assert west.list_subscriptions_by_topic(TopicArn=topic_arn)["Subscriptions"] == []


def test_stack_tags_propagate(cumulo: CumuloServer, sns: Any) -> None:
    _, made = make_in_stack(cumulo, "AWS::SNS::Topic", {"Tags": [{"Key": "own", "Value": "1"}]})
    tags = {t["Key"]: t["Value"] for t in sns.list_tags_for_resource(ResourceArn=made.physical_id)["Tags"]}
    assert tags == {"env": "prod", "own": "1"}  # SNS refuses aws: keys to every caller
