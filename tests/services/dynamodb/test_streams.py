"""DynamoDB Streams (every view type, iterator types, record shapes) and TTL expiry."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from .conftest import make_table


def stream_of(ddb: Any, table: str) -> str:
    return ddb.describe_table(TableName=table)["Table"]["LatestStreamArn"]


def read_all(streams: Any, arn: str, kind: str = "TRIM_HORIZON", **extra: Any) -> tuple[list[dict[str, Any]], str]:
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType=kind, **extra)["ShardIterator"]
    out = streams.get_records(ShardIterator=iterator)
    return out["Records"], out["NextShardIterator"]


@pytest.mark.parametrize("view", ["KEYS_ONLY", "NEW_IMAGE", "OLD_IMAGE", "NEW_AND_OLD_IMAGES"])
def test_records_per_view_type(ddb: Any, streams: Any, view: str) -> None:
    make_table(ddb, "str", range_type=None, StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
    key = {"pk": {"S": "a"}}
    ddb.put_item(TableName="str", Item={**key, "v": {"N": "1"}})
    ddb.update_item(TableName="str", Key=key, UpdateExpression="SET v = :two", ExpressionAttributeValues={":two": {"N": "2"}})
    ddb.put_item(TableName="str", Item={**key, "v": {"N": "2"}})  # no change: no record
    ddb.delete_item(TableName="str", Key=key)
    records, _ = read_all(streams, stream_of(ddb, "str"))
    assert [r["eventName"] for r in records] == ["INSERT", "MODIFY", "REMOVE"]
    modify = records[1]
    assert modify["eventSource"] == "aws:dynamodb" and modify["awsRegion"] == "us-east-1"
    change = modify["dynamodb"]
    assert change["Keys"] == key and change["StreamViewType"] == view
    assert ("NewImage" in change) == (view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES"))
    assert ("OldImage" in change) == (view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES"))
    if "NewImage" in change:
        assert change["NewImage"]["v"] == {"N": "2"}
    numbers = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3


def test_iterator_types(ddb: Any, streams: Any) -> None:
    make_table(ddb, "str", range_type=None, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})
    for i in range(3):
        ddb.put_item(TableName="str", Item={"pk": {"S": str(i)}})
    arn = stream_of(ddb, "str")
    records, _ = read_all(streams, arn)
    second = records[1]["dynamodb"]["SequenceNumber"]
    at, _ = read_all(streams, arn, "AT_SEQUENCE_NUMBER", SequenceNumber=second)
    after, _ = read_all(streams, arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=second)
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in at] == ["1", "2"]
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in after] == ["2"]
    latest, iterator = read_all(streams, arn, "LATEST")
    assert latest == []
    ddb.put_item(TableName="str", Item={"pk": {"S": "new"}})
    assert [r["dynamodb"]["Keys"]["pk"]["S"] for r in streams.get_records(ShardIterator=iterator)["Records"]] == ["new"]
    listed = streams.list_streams(TableName="str")["Streams"]
    assert listed == [{"StreamArn": arn, "TableName": "str", "StreamLabel": arn.rsplit("/", 1)[1]}]
    with pytest.raises(ClientError) as exc:
        streams.describe_stream(StreamArn=arn + "x")
    assert exc.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_ttl_deletes_expired_items_as_the_service(ddb: Any, streams: Any, cumulo_clock: Any) -> None:
    make_table(ddb, "ttl", range_type=None, StreamSpecification={"StreamEnabled": True, "StreamViewType": "OLD_IMAGE"})
    ddb.update_time_to_live(TableName="ttl", TimeToLiveSpecification={"Enabled": True, "AttributeName": "expires"})
    now = int(cumulo_clock.now())
    ddb.put_item(TableName="ttl", Item={"pk": {"S": "soon"}, "expires": {"N": str(now + 100)}})
    ddb.put_item(TableName="ttl", Item={"pk": {"S": "later"}, "expires": {"N": str(now + 10_000)}})
    ddb.put_item(TableName="ttl", Item={"pk": {"S": "never"}, "expires": {"S": "not a number"}})
    cumulo_clock.advance(200)
    left = sorted(x["pk"]["S"] for x in ddb.scan(TableName="ttl")["Items"])
    assert left == ["later", "never"]
    records, _ = read_all(streams, stream_of(ddb, "ttl"))
    removal = records[-1]
    assert removal["eventName"] == "REMOVE" and removal["dynamodb"]["Keys"] == {"pk": {"S": "soon"}}
    assert removal["userIdentity"] == {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"}
