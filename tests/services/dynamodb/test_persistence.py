"""Tables, items, indexes and streams survive a restart with a data directory;
and the entities round-trip through the store's codec."""

from __future__ import annotations

from pathlib import Path

import boto3

from cumulo.config import Config
from cumulo.services.dynamodb.models import Index, StreamRecord, Table
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
                                  {"AttributeName": "g", "AttributeType": "S"}],
            GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "ALL"}}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"},
        )
        for i in range(5):
            ddb.put_item(TableName="kept", Item={"pk": {"S": "p"}, "sk": {"N": str(i)}, "g": {"S": "even" if i % 2 == 0 else "odd"},
                                                 "big": {"N": "12345678901234567890123456789012345678"}})
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
    for entity in (table, record):
        assert decode(encode(entity)) == entity
