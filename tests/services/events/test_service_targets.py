"""Targets in other services, invoked by their own operations: SNS Publish, Kinesis PutRecord (partition
key from PartitionKeyPath), CloudWatch Logs PutLogEvents, Firehose PutRecord."""

from __future__ import annotations

import json

import boto3
import pytest

from tests.services.events.conftest import put

DETAIL = {"id": "o-7", "total": 12}


def rule(events, arn, **extra):
    events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
    assert events.put_targets(Rule="r", Targets=[{"Id": "t", "Arn": arn, **extra}])["FailedEntryCount"] == 0


def test_sns_target(events, cumulo, make_queue, drain):
    sns = boto3.client("sns", endpoint_url=cumulo.url, region_name="us-east-1")
    topic = sns.create_topic(Name="orders")["TopicArn"]
    url, queue_arn = make_queue("from-sns")
    sns.subscribe(TopicArn=topic, Protocol="sqs", Endpoint=queue_arn, Attributes={"RawMessageDelivery": "true"})
    rule(events, topic)
    put(events, detail=DETAIL)
    [message] = drain(url)
    assert message["Json"]["detail"] == DETAIL


def test_kinesis_target_with_partition_key_path(events, cumulo):
    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="orders", ShardCount=1)
    arn = kinesis.describe_stream_summary(StreamName="orders")["StreamDescriptionSummary"]["StreamARN"]
    rule(events, arn, KinesisParameters={"PartitionKeyPath": "$.detail.id"})
    put(events, detail=DETAIL)
    shard = kinesis.list_shards(StreamName="orders")["Shards"][0]["ShardId"]
    iterator = kinesis.get_shard_iterator(StreamName="orders", ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    [record] = kinesis.get_records(ShardIterator=iterator)["Records"]
    assert record["PartitionKey"] == "o-7" and json.loads(record["Data"])["detail"] == DETAIL


def test_logs_target(events, cumulo):
    logs = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")
    logs.create_log_group(logGroupName="/aws/events/orders")
    rule(events, "arn:aws:logs:us-east-1:000000000000:log-group:/aws/events/orders")
    event_id = put(events, detail=DETAIL)["Entries"][0]["EventId"]
    found = logs.filter_log_events(logGroupName="/aws/events/orders")["events"]
    assert [e["logStreamName"] for e in found] == [event_id]
    assert json.loads(found[0]["message"])["detail"] == DETAIL


def test_firehose_target(events, cumulo, cumulo_clock):
    firehose = boto3.client("firehose", endpoint_url=cumulo.url, region_name="us-east-1")
    s3 = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")
    s3.create_bucket(Bucket="firehose-out")
    arn = firehose.create_delivery_stream(
        DeliveryStreamName="orders", DeliveryStreamType="DirectPut",
        ExtendedS3DestinationConfiguration={"BucketARN": "arn:aws:s3:::firehose-out", "RoleARN": "arn:aws:iam::000000000000:role/f",
                                            "BufferingHints": {"IntervalInSeconds": 60, "SizeInMBs": 1}})["DeliveryStreamARN"]
    rule(events, arn)
    put(events, detail=DETAIL)
    cumulo_clock.advance(120)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket="firehose-out").get("Contents", [])]
    if not keys:
        pytest.fail("Firehose delivered nothing to S3 after its buffering interval")
    body = s3.get_object(Bucket="firehose-out", Key=keys[0])["Body"].read().decode()
    assert json.loads(body.splitlines()[0])["detail"] == DETAIL
