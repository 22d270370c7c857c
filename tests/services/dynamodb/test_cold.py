"""Items, stream records, the PITR log and backups are cold tables (cumulo.state.store): with a warm
budget of a few rows, most items live on disk, and every read and write path still sees the right data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest

from cumulo.config import Config
from cumulo.state import store as store_module
from cumulo.state.store import COLD
from cumulo.testing import ClockControl, CumuloServer

from .conftest import make_table

N = 40  # items per test: five times the warm budget


@pytest.fixture(autouse=True)
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "WARM_MAX", 8)


def cold_rows(server: CumuloServer, table: str, prefix: str = "items/") -> int:
    scope = server.runtime.store.scope("dynamodb", server.runtime.config.default_account, "us-east-1")
    return sum(1 for value in scope.table(prefix + table).rows.values() if value is COLD)


def fill(ddb: Any, table: str, count: int = N, parts: int = 4) -> None:
    for i in range(count):
        ddb.put_item(TableName=table, Item={"pk": {"S": f"p{i % parts}"}, "sk": {"S": f"s{i:03d}"}, "g": {"S": f"g{i % 2}"},
                                            "n": {"N": str(i)}, "body": {"S": "x" * 200}})


def test_reads_see_cold_items(ddb: Any, cumulo: CumuloServer) -> None:
    make_table(ddb, "t", more_definitions=[{"AttributeName": "g", "AttributeType": "S"}],
               GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}])
    fill(ddb, "t")
    assert cold_rows(cumulo, "t") >= N - 8
    got = ddb.get_item(TableName="t", Key={"pk": {"S": "p0"}, "sk": {"S": "s000"}})["Item"]
    assert got["n"] == {"N": "0"} and got["body"] == {"S": "x" * 200}
    out = ddb.query(TableName="t", KeyConditionExpression="pk = :p AND sk > :s",
                    ExpressionAttributeValues={":p": {"S": "p1"}, ":s": {"S": "s010"}})
    assert [x["n"]["N"] for x in out["Items"]] == [str(i) for i in range(13, N, 4)]
    assert ddb.query(TableName="t", IndexName="byG", KeyConditionExpression="g = :g",
                     ExpressionAttributeValues={":g": {"S": "g1"}})["Count"] == N // 2
    seen, kw = [], {"TableName": "t", "Limit": 7}
    while True:
        page = ddb.scan(**kw)
        seen += [int(x["n"]["N"]) for x in page["Items"]]
        if "LastEvaluatedKey" not in page:
            break
        kw["ExclusiveStartKey"] = page["LastEvaluatedKey"]
    assert sorted(seen) == list(range(N))
    filtered = ddb.scan(TableName="t", FilterExpression="n >= :n", ExpressionAttributeValues={":n": {"N": "30"}})
    assert sorted(int(x["n"]["N"]) for x in filtered["Items"]) == list(range(30, N))
    keys = [{"pk": {"S": f"p{i % 4}"}, "sk": {"S": f"s{i:03d}"}} for i in range(0, N, 2)]
    found = ddb.batch_get_item(RequestItems={"t": {"Keys": keys}})["Responses"]["t"]
    assert sorted(int(x["n"]["N"]) for x in found) == list(range(0, N, 2))
    statement = ddb.execute_statement(Statement="SELECT n FROM t WHERE pk = 'p2'")["Items"]
    assert sorted(int(x["n"]["N"]) for x in statement) == list(range(2, N, 4))
    assert ddb.describe_table(TableName="t")["Table"]["ItemCount"] == N
    # Reads leave memory as it was: a Scan reads cold items back without keeping them.
    assert cold_rows(cumulo, "t") >= N - 8


def test_writes_change_cold_items(ddb: Any, cumulo: CumuloServer) -> None:
    make_table(ddb, "t")
    fill(ddb, "t")
    key = {"pk": {"S": "p0"}, "sk": {"S": "s000"}}
    out = ddb.update_item(TableName="t", Key=key, UpdateExpression="ADD n :one SET extra = :e",
                          ExpressionAttributeValues={":one": {"N": "100"}, ":e": {"S": "yes"}}, ReturnValues="ALL_OLD")
    assert out["Attributes"]["n"] == {"N": "0"}
    fill_other(ddb)  # cools the updated item
    ddb.update_item(TableName="t", Key=key, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "5"}})
    fill_other(ddb)  # and again
    got = ddb.get_item(TableName="t", Key=key)["Item"]
    assert got["n"] == {"N": "105"} and got["extra"] == {"S": "yes"}
    ddb.transact_write_items(TransactItems=[
        {"Update": {"TableName": "t", "Key": {"pk": {"S": "p1"}, "sk": {"S": "s001"}}, "UpdateExpression": "SET n = :v",
                    "ConditionExpression": "n = :old", "ExpressionAttributeValues": {":v": {"N": "-1"}, ":old": {"N": "1"}}}},
        {"Delete": {"TableName": "t", "Key": {"pk": {"S": "p2"}, "sk": {"S": "s002"}}, "ConditionExpression": "attribute_exists(body)"}},
        {"Put": {"TableName": "t", "Item": {"pk": {"S": "p9"}, "sk": {"S": "new"}, "n": {"N": "9"}}}},
    ])
    with pytest.raises(ddb.exceptions.TransactionCanceledException):
        ddb.transact_write_items(TransactItems=[
            {"ConditionCheck": {"TableName": "t", "Key": {"pk": {"S": "p3"}, "sk": {"S": "s003"}}, "ConditionExpression": "n = :x",
                                "ExpressionAttributeValues": {":x": {"N": "99"}}}},
            {"Delete": {"TableName": "t", "Key": {"pk": {"S": "p3"}, "sk": {"S": "s007"}}}},
        ])
    fill_other(ddb)
    assert ddb.get_item(TableName="t", Key={"pk": {"S": "p1"}, "sk": {"S": "s001"}})["Item"]["n"] == {"N": "-1"}
    assert "Item" not in ddb.get_item(TableName="t", Key={"pk": {"S": "p2"}, "sk": {"S": "s002"}})
    assert "Item" in ddb.get_item(TableName="t", Key={"pk": {"S": "p3"}, "sk": {"S": "s007"}})
    assert ddb.scan(TableName="t", Select="COUNT")["Count"] == N
    ddb.delete_item(TableName="t", Key={"pk": {"S": "p3"}, "sk": {"S": "s003"}})
    assert ddb.query(TableName="t", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p3"}})["Count"] == N // 4 - 1


def fill_other(ddb: Any) -> None:
    """Writes to another table, enough to cool every item written before."""
    if "cooler" not in ddb.list_tables()["TableNames"]:
        make_table(ddb, "cooler", range_type=None)
    for i in range(20):
        ddb.put_item(TableName="cooler", Item={"pk": {"S": f"c{i}"}})


def test_hash_only_table(ddb: Any, cumulo: CumuloServer) -> None:
    make_table(ddb, "h", range_type=None)
    for i in range(N):
        ddb.put_item(TableName="h", Item={"pk": {"S": f"k{i}"}, "n": {"N": str(i)}})
    assert cold_rows(cumulo, "h") >= N - 8
    segments = [ddb.scan(TableName="h", Segment=s, TotalSegments=3)["Items"] for s in range(3)]
    assert sorted(int(x["n"]["N"]) for part in segments for x in part) == list(range(N))
    assert ddb.query(TableName="h", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "k7"}})["Items"][0]["n"] == {"N": "7"}
    for i in range(0, N, 2):
        ddb.delete_item(TableName="h", Key={"pk": {"S": f"k{i}"}})
    first = ddb.scan(TableName="h", Limit=5)
    rest = ddb.scan(TableName="h", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert sorted(int(x["n"]["N"]) for x in first["Items"] + rest["Items"]) == list(range(1, N, 2))
    assert ddb.describe_table(TableName="h")["Table"]["ItemCount"] == N // 2


@pytest.mark.parametrize("kind", ["N", "B"])
def test_hash_only_tables_of_numbers_and_binaries(ddb: Any, kind: str) -> None:
    ddb.create_table(TableName="k", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": kind}])
    values = [str(i / 4) for i in range(N)] if kind == "N" else [bytes([i, 255 - i]) for i in range(N)]
    for i, value in enumerate(values):
        ddb.put_item(TableName="k", Item={"pk": {kind: value}, "i": {"N": str(i)}})
    asked = {"N": "2.50"} if kind == "N" else {"B": bytes([10, 245])}  # 2.50 is the number 2.5
    out = ddb.query(TableName="k", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": asked})
    assert [x["i"]["N"] for x in out["Items"]] == ["10"]
    first = ddb.scan(TableName="k", Limit=11)
    rest = ddb.scan(TableName="k", ExclusiveStartKey=first["LastEvaluatedKey"])
    assert sorted(int(x["i"]["N"]) for x in first["Items"] + rest["Items"]) == list(range(N))


def test_streams_and_backups_of_cold_items(ddb: Any, streams: Any, cumulo: CumuloServer) -> None:
    make_table(ddb, "t", StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
    fill(ddb, "t")
    ddb.update_item(TableName="t", Key={"pk": {"S": "p0"}, "sk": {"S": "s000"}}, UpdateExpression="SET n = :v",
                    ExpressionAttributeValues={":v": {"N": "-5"}})
    assert cold_rows(cumulo, "t", "stream/") >= N - 8
    arn = ddb.describe_table(TableName="t")["Table"]["LatestStreamArn"]
    shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
    iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
    records = streams.get_records(ShardIterator=iterator)["Records"]
    assert [r["eventName"] for r in records] == ["INSERT"] * N + ["MODIFY"]
    assert records[0]["dynamodb"]["NewImage"]["n"] == {"N": "0"}
    assert records[-1]["dynamodb"]["OldImage"]["n"] == {"N": "0"} and records[-1]["dynamodb"]["NewImage"]["n"] == {"N": "-5"}
    backup = ddb.create_backup(TableName="t", BackupName="bak")["BackupDetails"]["BackupArn"]
    ddb.delete_item(TableName="t", Key={"pk": {"S": "p1"}, "sk": {"S": "s001"}})
    fill_other(ddb)
    assert ddb.describe_backup(BackupArn=backup)["BackupDescription"]["SourceTableDetails"]["ItemCount"] == N
    ddb.restore_table_from_backup(TargetTableName="restored", BackupArn=backup)
    items = ddb.scan(TableName="restored")["Items"]
    assert sorted(int(x["n"]["N"]) for x in items) == sorted([-5, *range(1, N)])
    assert cold_rows(cumulo, backup, "backup/") > 0
    ddb.delete_backup(BackupArn=backup)
    assert cold_rows(cumulo, backup, "backup/") == 0


def test_ttl_expires_cold_items(ddb: Any, cumulo: CumuloServer, cumulo_clock: ClockControl) -> None:
    make_table(ddb, "h", range_type=None)
    ddb.update_time_to_live(TableName="h", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    now = int(cumulo.runtime.clock.now())
    for i in range(N):
        ddb.put_item(TableName="h", Item={"pk": {"S": f"k{i}"}, "exp": {"N": str(now + (50 if i % 2 else 5000))}})
    assert cold_rows(cumulo, "h") >= N - 8
    cumulo_clock.advance(100)
    left = ddb.scan(TableName="h")["Items"]
    assert sorted(int(x["pk"]["S"][1:]) for x in left) == list(range(0, N, 2))


def test_the_console_lists_cold_items(ddb: Any, cumulo: CumuloServer) -> None:
    make_table(ddb, "h", range_type=None)
    for i in range(N):
        ddb.put_item(TableName="h", Item={"pk": {"S": f"k{i:02d}"}})
    assert cold_rows(cumulo, "h") >= N - 8
    where = {"account": cumulo.runtime.config.default_account, "region": "us-east-1", "table": "items/h", "limit": 100}
    page = httpx.get(cumulo.url + "/_cumulo/console/api/resources/dynamodb", params=where, timeout=30).json()
    assert [(x["key"], x["type"]) for x in page["items"]] == [(f"Sk{i:02d}", "dict") for i in range(N)]
    one = httpx.get(cumulo.url + "/_cumulo/console/api/resource/dynamodb", params={**where, "key": "Sk00"}, timeout=30).json()
    assert one["attributes"] == {"pk": {"S": "k00"}}


def test_a_backup_stored_with_its_items_inline_still_restores(ddb: Any, cumulo: CumuloServer) -> None:
    """Backups made before `backup/<arn>` kept their items in `Backup.items`."""
    make_table(ddb, "h", range_type=None)
    ddb.put_item(TableName="h", Item={"pk": {"S": "now"}})
    arn = ddb.create_backup(TableName="h", BackupName="old")["BackupDetails"]["BackupArn"]
    scope = cumulo.runtime.store.scope("dynamodb", cumulo.runtime.config.default_account, "us-east-1")
    scope.table("backup/" + arn).clear()
    scope.table("backups")[arn].items = [{"pk": {"S": "inline"}, "n": {"N": "1"}}]
    scope.table("backups").touch(arn)
    cumulo.runtime.store.commit()
    assert ddb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableDetails"]["ItemCount"] == 1
    ddb.restore_table_from_backup(TargetTableName="back", BackupArn=arn)
    assert ddb.scan(TableName="back")["Items"] == [{"pk": {"S": "inline"}, "n": {"N": "1"}}]


def _client(server: CumuloServer) -> Any:
    return boto3.client("dynamodb", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")


def test_cold_items_survive_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        ddb = _client(first)
        make_table(ddb, "t", more_definitions=[{"AttributeName": "g", "AttributeType": "S"}],
                   GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                            "Projection": {"ProjectionType": "KEYS_ONLY"}}],
                   StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})
        fill(ddb, "t")
        ddb.update_item(TableName="t", Key={"pk": {"S": "p0"}, "sk": {"S": "s000"}}, UpdateExpression="SET n = :v",
                        ExpressionAttributeValues={":v": {"N": "-5"}})
        assert cold_rows(first, "t") >= N - 8
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        ddb = _client(second)
        assert ddb.describe_table(TableName="t")["Table"]["ItemCount"] == N
        assert cold_rows(second, "t") == N  # loaded as keys only
        assert ddb.get_item(TableName="t", Key={"pk": {"S": "p0"}, "sk": {"S": "s000"}})["Item"]["n"] == {"N": "-5"}
        assert ddb.query(TableName="t", IndexName="byG", KeyConditionExpression="g = :g",
                         ExpressionAttributeValues={":g": {"S": "g0"}})["Count"] == N // 2
        assert sorted(int(x["n"]["N"]) for x in ddb.scan(TableName="t")["Items"]) == sorted([-5, *range(1, N)])
        ddb.update_item(TableName="t", Key={"pk": {"S": "p1"}, "sk": {"S": "s001"}}, UpdateExpression="ADD n :one",
                        ExpressionAttributeValues={":one": {"N": "10"}})
        assert ddb.get_item(TableName="t", Key={"pk": {"S": "p1"}, "sk": {"S": "s001"}})["Item"]["n"] == {"N": "11"}
        streams = boto3.client("dynamodbstreams", endpoint_url=second.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        arn = ddb.describe_table(TableName="t")["Table"]["LatestStreamArn"]
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        iterator = streams.get_shard_iterator(StreamArn=arn, ShardId=shard, ShardIteratorType="TRIM_HORIZON")["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator)["Records"]
        assert [r["eventName"] for r in records] == ["INSERT"] * N + ["MODIFY"] * 2
    finally:
        second.stop()
        second.runtime.store.close()
