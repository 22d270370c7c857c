"""Tables, items, indexes and streams survive a restart with a data directory;
and the entities round-trip through the store's codec."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import boto3

from cumulo.config import Config
from cumulo.services.dynamodb.models import Change, Export, GlobalTable, Import, Index, Policy, StreamRecord, Table
from cumulo.state.codec import decode, encode
from cumulo.testing import CumuloServer


def client(server: CumuloServer):  # type: ignore[no-untyped-def]
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")


def test_state_survives_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        ddb = client(first)
        ddb.create_table(
            TableName="kept", BillingMode="PAY_PER_REQUEST",
            KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "sk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "sk", "AttributeType": "N"},
                                  {"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "h", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}},
                                    {"IndexName": "byGH", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [  # a multi-attribute key
                                        {"AttributeName": "g", "KeyType": "HASH"}, {"AttributeName": "h", "KeyType": "HASH"}]}],
            VectorIndexes=[{"IndexName": "byV", "VectorAttribute": {"AttributeName": "v"}, "Dimensions": 2, "DistanceFunction": "EUCLIDEAN",
                            "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        for i in range(5):
            ddb.put_item(TableName="kept", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "g": {"S": "even" if i % 2 == 0 else "odd"},
                                                 "big": {"N": "12345678901234567890123456789012345678"},
                                                 "h": {"S": "h"}, "v": {"L": [{"N": str(i)}, {"N": "0"}]}})
        ddb.delete_item(TableName="kept", Key={"pk": {"S": "p"}, "sk": {"N": "4"}})
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        ddb = client(second)
        out = ddb.query(TableName="kept", KeyConditionExpression="pk = :p AND sk > :z", ExpressionAttributeValues={":p": {"S": "p"}, ":z": {"N": "0"}})
        assert [x["sk"]["N"] for x in out["Items"]] == ["1", "2", "3"]
        assert out["Items"][0]["big"] == {"N": "12345678901234567890123456789012345678"}
        assert ddb.query(TableName="kept", IndexName="byG", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "even"}})["Count"] == 2
        assert ddb.describe_table(TableName="kept")["Table"]["ItemCount"] == 4
        assert ddb.query(TableName="kept", IndexName="byGH", KeyConditionExpression="g = :g AND h = :h",
                         ExpressionAttributeValues={":g": {"S": "odd"}, ":h": {"S": "h"}})["Count"] == 2
        nearest = ddb.search_vectors(TableName="kept", IndexName="byV", SearchVector=[{"N": "2.9"}, {"N": "0"}], TopK=1)["SearchResults"]
        assert nearest[0]["Item"]["sk"] == {"N": "3"}
        streams = boto3.client("dynamodbstreams", endpoint_url=second.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        arn = ddb.describe_table(TableName="kept")["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        assert [r["eventName"] for r in streams.get_records(ShardIterator=iterator)["Records"]] == ["INSERT"] * 5 + ["REMOVE"]
    finally:
        second.stop()
        second.runtime.store.close()


def test_entities_round_trip() -> None:
    table = Table("t", "000000000000", "us-east-1", "id", 1.5, "pk", "sk", {"pk": "S", "sk": "N"},
                  gsis={"g": Index("g", "GSI", "x", None, "INCLUDE", ["a"])}, tags={"k": "v"})
    record = StreamRecord(1, "e", "INSERT", 2.0, {"pk": {"S": "a"}}, {"pk": {"S": "a"}, "b": {"B": b"\x00"}}, None, 10, "NEW_IMAGE", "label")
    others = (
        Change(3, 4.5, "Sa", {"pk": {"S": "a"}}, None),
        Export("arn:e", "arn:t", "id", 1.0, 2.0, {"S3Bucket": "b"}, status="COMPLETED", manifest="m"),
        Import("arn:i", "arn:t", "id", 1.0, {"InputFormat": "CSV"}, error_count=2),
        GlobalTable("g", "arn:g", 1.0, ["us-east-1", "us-west-2"]),
        Policy("{}", "rev"),
    )
    for entity in (table, record, *others):
        assert decode(encode(entity)) == entity


def test_a_table_stored_before_new_fields_loads_with_their_defaults() -> None:
    table = Table("t", "000000000000", "us-east-1", "id", 1.5, "pk", None, {"pk": "S"})
    _, slots = table.__getstate__()
    old = {k: x for k, x in slots.items() if k not in ("pitr_days", "replicas", "kinesis", "status_until")}
    revived = Table.__new__(Table)
    revived.__setstate__((None, old))
    assert revived == table and revived.pitr_days == 35 and revived.replicas == {}


def test_history_and_ttl_survive_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        ddb = client(first)
        ddb.create_table(TableName="kept", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                         AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
        ddb.update_continuous_backups(TableName="kept", PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
        ddb.update_time_to_live(TableName="kept", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
        first.runtime.clock.advance(5)
        now = first.runtime.clock.now()
        ddb.put_item(TableName="kept", Item={"pk": {"S": "a"}, "v": {"S": "old"}, "exp": {"N": str(int(now) + 100)}})
        offset = first.runtime.clock.offset
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        second.runtime.clock.offset = offset + 30
        ddb = client(second)
        ddb.put_item(TableName="kept", Item={"pk": {"S": "a"}, "v": {"S": "new"}, "exp": {"N": str(int(now) + 100)}})
        ddb.restore_table_to_point_in_time(SourceTableName="kept", TargetTableName="then", RestoreDateTime=datetime.fromtimestamp(now + 10, tz=timezone.utc))
        assert ddb.get_item(TableName="then", Key={"pk": {"S": "a"}})["Item"]["v"] == {"S": "old"}
        second.run(_advance(second, 200))
        assert "Item" not in ddb.get_item(TableName="kept", Key={"pk": {"S": "a"}})
    finally:
        second.stop()
        second.runtime.store.close()


async def _advance(server: CumuloServer, seconds: float) -> None:
    server.runtime.clock.advance(seconds)
    await server.runtime.scheduler.run_due()
