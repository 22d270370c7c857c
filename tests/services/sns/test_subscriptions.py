"""Subscriptions through boto3: protocols and endpoints, attributes, confirmation, listing, unsubscribe."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def error_of(call: Any, **kwargs: Any) -> tuple[str, str]:
    with pytest.raises(ClientError) as raised:
        call(**kwargs)
    return raised.value.response["Error"]["Code"], raised.value.response["Error"]["Message"]


def test_sqs_subscription_is_confirmed_at_once(sns: Any, topic: str, make_queue: Callable[..., tuple[str, str]]) -> None:
    _, queue = make_queue("inbox")
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"]
    assert arn.startswith(topic + ":")
    assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)["SubscriptionArn"] == arn  # idempotent
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attrs["PendingConfirmation"] == "false" and attrs["RawMessageDelivery"] == "false" and attrs["Endpoint"] == queue
    topic_attrs = sns.get_topic_attributes(TopicArn=topic)["Attributes"]
    assert topic_attrs["SubscriptionsConfirmed"] == "1"


def test_bad_protocols_and_endpoints(sns: Any, topic: str) -> None:
    assert error_of(sns.subscribe, TopicArn=topic, Protocol="pigeon", Endpoint="x") == (
        "InvalidParameter", "Invalid parameter: Amazon SNS does not support this protocol string: pigeon")
    assert error_of(sns.subscribe, TopicArn=topic, Protocol="http", Endpoint="https://x") == (
        "InvalidParameter", "Invalid parameter: Endpoint must match the specified protocol")
    assert error_of(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint="queue")[1] == "Invalid parameter: SQS endpoint ARN"
    assert error_of(sns.subscribe, TopicArn=topic, Protocol="email", Endpoint="nobody")[1] == "Invalid parameter: Email address"
    assert error_of(sns.subscribe, TopicArn=topic + "x", Protocol="email", Endpoint="a@b.c") == ("NotFound", "Topic does not exist")
    code, message = error_of(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint="arn:aws:sqs:us-east-1:000000000000:q.fifo")
    assert code == "InvalidParameter" and "FIFO SQS Queues can not be subscribed to standard SNS topics" in message
    fifo = sns.create_topic(Name="f.fifo", Attributes={"FifoTopic": "true"})["TopicArn"]
    assert error_of(sns.subscribe, TopicArn=fifo, Protocol="lambda", Endpoint="arn:aws:lambda:us-east-1:000000000000:function:f") == (
        "InvalidParameter", "Invalid parameter: Invalid protocol type: lambda")


def test_subscription_attributes(sns: Any, topic: str, make_queue: Callable[..., tuple[str, str]]) -> None:
    _, queue = make_queue("inbox")
    _, dlq = make_queue("dlq")
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes={"RawMessageDelivery": "true"})["SubscriptionArn"]
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue=json.dumps({"color": ["red"]}))
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="RedrivePolicy", AttributeValue=json.dumps({"deadLetterTargetArn": dlq}))
    attrs = sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert attrs["RawMessageDelivery"] == "true" and attrs["FilterPolicyScope"] == "MessageAttributes"
    assert json.loads(attrs["FilterPolicy"]) == {"color": ["red"]} and json.loads(attrs["RedrivePolicy"])["deadLetterTargetArn"] == dlq
    for bad in ("arn:aws:sqs:eu-west-1:000000000000:dlq", "arn:aws:sqs:us-east-1:000000000000:dlq.fifo", "arn:aws:sns:us-east-1:000000000000:t"):
        code, message = error_of(sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName="RedrivePolicy",
                                 AttributeValue=json.dumps({"deadLetterTargetArn": bad}))
        assert code == "InvalidParameter" and message.startswith("Invalid parameter: RedrivePolicy: ")
    sns.set_subscription_attributes(SubscriptionArn=arn, AttributeName="FilterPolicy", AttributeValue="")
    assert "FilterPolicy" not in sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]
    assert error_of(sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName="Nope", AttributeValue="1") == (
        "InvalidParameter", "Invalid parameter: AttributeName")
    assert error_of(sns.get_subscription_attributes, SubscriptionArn=topic + ":00000000-0000-0000-0000-000000000000") == (
        "NotFound", "Subscription does not exist")


def test_raw_delivery_only_where_aws_allows_it(sns: Any, topic: str) -> None:
    arn = sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="a@example.com", ReturnSubscriptionArn=True)["SubscriptionArn"]
    assert error_of(sns.set_subscription_attributes, SubscriptionArn=arn, AttributeName="RawMessageDelivery", AttributeValue="true") == (
        "InvalidParameter", "Invalid parameter: Delivery protocol [email] does not support raw message delivery.")


def test_filter_policies_aws_refuses(sns: Any, topic: str, make_queue: Callable[..., tuple[str, str]]) -> None:
    _, queue = make_queue("inbox")

    def refused(policy: Any, scope: str = "MessageAttributes") -> str:
        attrs = {"FilterPolicy": json.dumps(policy), "FilterPolicyScope": scope}
        code, message = error_of(sns.subscribe, TopicArn=topic, Protocol="sqs", Endpoint=queue, Attributes=attrs)
        assert code == "InvalidParameter"
        return message

    assert refused({"a": [{"nope": 1}]}) == "Invalid parameter: FilterPolicy: Unrecognized match type nope"
    assert refused({"a": {"b": ["x"]}}) == "Invalid parameter: FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy"
    assert refused({k: ["x"] for k in "abcdef"}) == "Invalid parameter: FilterPolicy: Filter policy can not have more than 5 keys"
    assert refused({"a": list(range(20)), "b": list(range(10))}) == "Invalid parameter: FilterPolicy: Filter policy is too complex"
    assert "between" in refused({"a": [{"numeric": [">", 2e9]}]})
    assert refused({"a": [{"wildcard": "x*"}]}) == "Invalid parameter: FilterPolicy: Unrecognized match type wildcard"
    assert refused({"a": []}).startswith("Invalid parameter: FilterPolicy: Empty arrays are not allowed")
    # a nested policy is fine on the message body
    arn = sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue,
                        Attributes={"FilterPolicy": json.dumps({"a": {"b": ["x"]}}), "FilterPolicyScope": "MessageBody"})["SubscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["FilterPolicyScope"] == "MessageBody"


def test_email_confirmation_with_the_token(sns: Any, topic: str, cumulo: CumuloServer) -> None:
    assert sns.subscribe(TopicArn=topic, Protocol="email", Endpoint="a@example.com")["SubscriptionArn"] == "pending confirmation"
    listed = sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]
    assert listed[0]["SubscriptionArn"] == "PendingConfirmation"
    pending = httpx.get(f"{cumulo.url}/_fakecloud/sns/pending-confirmations").json()["pendingConfirmations"]
    assert [p["endpoint"] for p in pending] == ["a@example.com"]
    token = httpx.get(f"{cumulo.url}/_aws/sns/subscription-tokens/{pending[0]['subscriptionArn']}").json()["subscription_token"]
    assert error_of(sns.confirm_subscription, TopicArn=topic, Token="wrong") == ("InvalidParameter", "Invalid parameter: Token")
    arn = sns.confirm_subscription(TopicArn=topic, Token=token, AuthenticateOnUnsubscribe="true")["SubscriptionArn"]
    assert arn == pending[0]["subscriptionArn"]
    assert sns.get_subscription_attributes(SubscriptionArn=arn)["Attributes"]["PendingConfirmation"] == "false"
    # then the (unsigned) UnsubscribeURL may not end it; a signed Unsubscribe may
    refused = httpx.get(f"{cumulo.url}/_cumulo/sns/unsubscribe", params={"SubscriptionArn": arn})
    assert refused.status_code == 403 and "AuthorizationError" in refused.text
    sns.unsubscribe(SubscriptionArn=arn)
    assert sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"] == []


def test_list_and_unsubscribe(sns: Any, topic: str, make_queue: Callable[..., tuple[str, str]]) -> None:
    arns = [sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=make_queue(f"q{i}")[1])["SubscriptionArn"] for i in range(3)]
    other = sns.create_topic(Name="other")["TopicArn"]
    sns.subscribe(TopicArn=other, Protocol="sms", Endpoint="+15555550100")
    assert [s["SubscriptionArn"] for s in sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]] == arns
    assert len(sns.list_subscriptions()["Subscriptions"]) == 4
    sns.unsubscribe(SubscriptionArn=arns[0])
    sns.unsubscribe(SubscriptionArn=arns[0])  # already gone: still a success
    assert len(sns.list_subscriptions_by_topic(TopicArn=topic)["Subscriptions"]) == 2
    assert sns.get_topic_attributes(TopicArn=topic)["Attributes"]["SubscriptionsDeleted"] == "1"
    assert error_of(sns.unsubscribe, SubscriptionArn="nonsense")[0] == "InvalidParameter"


def test_list_subscriptions_pages(sns: Any, topic: str) -> None:
    for i in range(101):
        sns.subscribe(TopicArn=topic, Protocol="sms", Endpoint=f"+1555555{i:04d}")
    first = sns.list_subscriptions()
    assert len(first["Subscriptions"]) == 100
    assert len(sns.list_subscriptions(NextToken=first["NextToken"])["Subscriptions"]) == 1


def test_a_queue_of_another_account_confirms_from_the_queue(sns: Any, topic: str, cumulo: CumuloServer) -> None:
    import boto3

    other = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x")
    url = other.create_queue(QueueName="partner")["QueueUrl"]
    arn = other.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    assert arn.split(":")[4] == "111122223333"
    assert sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=arn)["SubscriptionArn"] == "pending confirmation"
    [message] = other.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    doc = json.loads(message["Body"])
    assert doc["Type"] == "SubscriptionConfirmation" and doc["TopicArn"] == topic
    partner_sns = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111122223333", aws_secret_access_key="x")
    sub = partner_sns.confirm_subscription(TopicArn=topic, Token=doc["Token"])["SubscriptionArn"]
    sns.publish(TopicArn=topic, Message="cross-account")
    got = other.receive_message(QueueUrl=url, WaitTimeSeconds=1)["Messages"]
    assert json.loads(got[0]["Body"])["Message"] == "cross-account" and sub.startswith(topic)
