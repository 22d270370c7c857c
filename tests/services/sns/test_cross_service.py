"""Other services publishing to SNS: S3 event notifications (validation, s3:TestEvent, object events)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .conftest import bodies


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    return boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")


def test_s3_events_reach_a_topic(s3: Any, sns: Any, topic: str, make_queue: Callable[..., tuple[str, str]], drain: Any) -> None:
    url, queue = make_queue("s3-events")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue)
    s3.create_bucket(Bucket="uploads")
    with pytest.raises(ClientError) as raised:
        s3.put_bucket_notification_configuration(Bucket="uploads", NotificationConfiguration={
            "TopicConfigurations": [{"TopicArn": topic + "-missing", "Events": ["s3:ObjectCreated:*"]}]})
    assert raised.value.response["Error"]["Code"] == "InvalidArgument"
    s3.put_bucket_notification_configuration(Bucket="uploads", NotificationConfiguration={
        "TopicConfigurations": [{"Id": "to-sns", "TopicArn": topic, "Events": ["s3:ObjectCreated:*"],
                                 "Filter": {"Key": {"FilterRules": [{"Name": "suffix", "Value": ".csv"}]}}}]})
    [test_event] = bodies(drain(url))
    assert json.loads(test_event["Message"])["Event"] == "s3:TestEvent"
    s3.put_object(Bucket="uploads", Key="data/report.csv", Body=b"a,b")
    s3.put_object(Bucket="uploads", Key="data/skip.txt", Body=b"x")
    [doc] = bodies(drain(url, count=2, wait=0.5))
    assert doc["Subject"] == "Amazon S3 Notification" and doc["TopicArn"] == topic
    [record] = json.loads(doc["Message"])["Records"]
    assert record["eventName"] == "ObjectCreated:Put" and record["s3"]["object"]["key"] == "data/report.csv"
    assert record["s3"]["configurationId"] == "to-sns"


def test_firehose_subscription_writes_the_notifications(s3: Any, sns: Any, topic: str, cumulo: CumuloServer) -> None:
    import httpx

    firehose = boto3.client("firehose", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="archive")
    stream = firehose.create_delivery_stream(DeliveryStreamName="sns-archive", ExtendedS3DestinationConfiguration={
        "RoleARN": "arn:aws:iam::000000000000:role/firehose", "BucketARN": "arn:aws:s3:::archive",
        "BufferingHints": {"SizeInMBs": 1, "IntervalInSeconds": 60}})["DeliveryStreamARN"]
    with pytest.raises(ClientError):  # a firehose subscription needs the role SNS writes with
        sns.subscribe(TopicArn=topic, Protocol="firehose", Endpoint=stream)
    sns.subscribe(TopicArn=topic, Protocol="firehose", Endpoint=stream, Attributes={
        "SubscriptionRoleArn": "arn:aws:iam::000000000000:role/sns-to-firehose", "RawMessageDelivery": "true"})
    sns.publish(TopicArn=topic, Message="row one\n")
    sns.publish(TopicArn=topic, Message="row two\n")
    assert httpx.post(f"{cumulo.url}/_cumulo/firehose/sns-archive/flush").status_code == 200
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="archive").get("Contents", [])]
    assert b"".join(s3.get_object(Bucket="archive", Key=k)["Body"].read() for k in keys) == b"row one\nrow two\n"
