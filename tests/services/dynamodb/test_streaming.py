"""Kinesis streaming destinations and contributor insights: stored, described, switched on and off;
item changes really arrive in the Kinesis stream."""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from .conftest import make_table

KINESIS = "arn:aws:kinesis:us-east-1:000000000000:stream/changes"


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_kinesis_destinations(ddb: Any, table: str, cumulo: Any) -> None:
    kinesis = boto3.client("kinesis", endpoint_url=cumulo.url, region_name="us-east-1")
    kinesis.create_stream(StreamName="changes", ShardCount=1)
    assert ddb.describe_kinesis_streaming_destination(TableName=table)["KinesisDataStreamDestinations"] == []
    out = ddb.enable_kinesis_streaming_destination(TableName=table, StreamArn=KINESIS,
                                                   EnableKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MICROSECOND"})
    assert out["DestinationStatus"] == "ENABLING"
    ddb.get_waiter("kinesis_streaming_destination_active").wait(TableName=table, WaiterConfig={"Delay": 0.01, "MaxAttempts": 3})
    with pytest.raises(ClientError) as exc:
        ddb.enable_kinesis_streaming_destination(TableName=table, StreamArn=KINESIS)
    assert code(exc) == "ResourceInUseException"
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "b"}, "bin": {"B": b"\x00\x01"}})
    iterator = kinesis.get_shard_iterator(StreamName="changes", ShardId="shardId-000000000000", ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records: list[dict[str, Any]] = []
    for _ in range(50):  # delivered on the scheduler, right after the write
        records += kinesis.get_records(ShardIterator=iterator)["Records"]
        if records:
            break
        time.sleep(0.05)
    [record] = records
    change = json.loads(record["Data"])
    assert change["eventName"] == "INSERT" and change["tableName"] == table and change["eventSource"] == "aws:dynamodb"
    assert change["dynamodb"]["Keys"] == {"pk": {"S": "a"}, "sk": {"S": "b"}}
    assert change["dynamodb"]["NewImage"]["bin"] == {"B": "AAE="} and change["dynamodb"]["ApproximateCreationDateTimePrecision"] == "MICROSECOND"
    out = ddb.update_kinesis_streaming_destination(TableName=table, StreamArn=KINESIS,
                                                   UpdateKinesisStreamingConfiguration={"ApproximateCreationDateTimePrecision": "MILLISECOND"})
    assert out["DestinationStatus"] == "UPDATING"
    assert ddb.describe_kinesis_streaming_destination(TableName=table)["KinesisDataStreamDestinations"] == [
        {"StreamArn": KINESIS, "DestinationStatus": "ACTIVE", "ApproximateCreationDateTimePrecision": "MILLISECOND"}]
    assert ddb.disable_kinesis_streaming_destination(TableName=table, StreamArn=KINESIS)["DestinationStatus"] == "DISABLING"
    assert ddb.describe_kinesis_streaming_destination(TableName=table)["KinesisDataStreamDestinations"][0]["DestinationStatus"] == "DISABLED"
    with pytest.raises(ClientError) as exc:
        ddb.disable_kinesis_streaming_destination(TableName=table, StreamArn=KINESIS)
    assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        ddb.enable_kinesis_streaming_destination(TableName=table, StreamArn=KINESIS.replace("changes", "missing"))
    assert code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        ddb.describe_kinesis_streaming_destination(TableName="missing")
    assert code(exc) == "ResourceNotFoundException"


def test_kinesis_record_shape(cumulo: Any) -> None:
    from cumulo.core.context import Principal, RequestContext
    from cumulo.services.dynamodb import kinesis
    from cumulo.services.dynamodb.models import Table

    table = Table("t", "000000000000", "us-east-1", "id", 0.0, "pk", None, {"pk": "S"})
    ctx = RequestContext("dynamodb", "PutItem", "000000000000", "us-east-1", "r", cumulo.runtime, Principal("0", "a", "u"))
    old, new = {"pk": {"S": "k"}, "b": {"B": b"\xff"}}, {"pk": {"S": "k"}, "n": {"N": "1"}}
    record = kinesis.record(ctx, table, old, new, False, "MILLISECOND")
    assert record["eventName"] == "MODIFY" and record["tableName"] == "t" and record["eventSource"] == "aws:dynamodb"
    assert record["dynamodb"]["Keys"] == {"pk": {"S": "k"}}
    assert record["dynamodb"]["OldImage"]["b"] == {"B": "/w=="} and record["dynamodb"]["NewImage"] == new


def test_contributor_insights(ddb: Any) -> None:
    make_table(ddb, "watched", more_definitions=[{"AttributeName": "g", "AttributeType": "S"}],
               GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}])
    assert ddb.describe_contributor_insights(TableName="watched")["ContributorInsightsStatus"] == "DISABLED"
    out = ddb.update_contributor_insights(TableName="watched", ContributorInsightsAction="ENABLE")
    assert out["ContributorInsightsStatus"] == "ENABLING"
    ddb.get_waiter("contributor_insights_enabled").wait(TableName="watched", WaiterConfig={"Delay": 0.01, "MaxAttempts": 3})
    described = ddb.describe_contributor_insights(TableName="watched")
    assert described["ContributorInsightsMode"] == "ACCESSED_AND_THROTTLED_KEYS" and len(described["ContributorInsightsRuleList"]) == 4
    assert "LastUpdateDateTime" in described
    ddb.update_contributor_insights(TableName="watched", IndexName="byG", ContributorInsightsAction="ENABLE", ContributorInsightsMode="THROTTLED_KEYS")
    assert ddb.describe_contributor_insights(TableName="watched", IndexName="byG")["ContributorInsightsMode"] == "THROTTLED_KEYS"
    summaries = ddb.list_contributor_insights(TableName="watched")["ContributorInsightsSummaries"]
    assert [(s.get("IndexName"), s["ContributorInsightsStatus"]) for s in summaries] == [(None, "ENABLED"), ("byG", "ENABLED")]
    page = ddb.list_contributor_insights(MaxResults=1)
    assert len(page["ContributorInsightsSummaries"]) == 1 and page["NextToken"]
    assert ddb.update_contributor_insights(TableName="watched", ContributorInsightsAction="DISABLE")["ContributorInsightsStatus"] == "DISABLING"
    assert ddb.describe_contributor_insights(TableName="watched")["ContributorInsightsStatus"] == "DISABLED"
    with pytest.raises(ClientError) as exc:
        ddb.describe_contributor_insights(TableName="watched", IndexName="nope")
    assert code(exc) == "ResourceNotFoundException"
