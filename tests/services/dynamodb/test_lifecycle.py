"""Table and index status transitions as waiters see them, and the TTL index behind the sweep."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services.dynamodb import indexes
from cumulo.services.dynamodb.models import Table
from cumulo.state import MemoryStore
from cumulo.testing import ClockControl, CumuloServer

from .conftest import make_table

FAST = {"Delay": 0.01, "MaxAttempts": 5}


@pytest.fixture
def slow(cumulo: CumuloServer) -> Iterator[float]:
    """Transitions that take 30 s of cumulo time."""
    config = cumulo.runtime.config
    config.dynamodb_status_delay = 30.0
    yield 30.0
    config.dynamodb_status_delay = 0.0


def status(ddb: Any, name: str) -> str:
    return str(ddb.describe_table(TableName=name)["Table"]["TableStatus"])


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_waiters_pass_at_once_by_default(ddb: Any) -> None:
    assert make_table(ddb, "quick") == "quick"
    ddb.get_waiter("table_exists").wait(TableName="quick", WaiterConfig=FAST)
    assert status(ddb, "quick") == "ACTIVE"
    assert ddb.delete_table(TableName="quick")["TableDescription"]["TableStatus"] == "DELETING"
    ddb.get_waiter("table_not_exists").wait(TableName="quick", WaiterConfig=FAST)
    make_table(ddb, "quick")  # the name is free again


def test_transitions_follow_the_clock(ddb: Any, slow: float, cumulo_clock: ClockControl) -> None:
    created = ddb.create_table(
        TableName="slow", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[{"IndexName": "first", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "ALL"}}],
    )["TableDescription"]
    assert created["TableStatus"] == "CREATING"
    cumulo_clock.advance(10)
    assert status(ddb, "slow") == "CREATING"
    with pytest.raises(ClientError) as exc:
        ddb.put_item(TableName="slow", Item={"pk": {"S": "a"}})
    assert code(exc) == "ResourceNotFoundException"
    with pytest.raises(ClientError) as exc:
        ddb.update_table(TableName="slow", DeletionProtectionEnabled=True)
    assert code(exc) == "ResourceInUseException"
    cumulo_clock.advance(20)
    ddb.get_waiter("table_exists").wait(TableName="slow", WaiterConfig=FAST)
    ddb.put_item(TableName="slow", Item={"pk": {"S": "a"}, "g": {"S": "x"}, "h": {"S": "y"}})

    # A new GSI backfills: the table is UPDATING, the index CREATING and not yet readable.
    out = ddb.update_table(
        TableName="slow", AttributeDefinitions=[{"AttributeName": "h", "AttributeType": "S"}],
        GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byH", "KeySchema": [{"AttributeName": "h", "KeyType": "HASH"}],
                                                 "Projection": {"ProjectionType": "KEYS_ONLY"}}}],
    )["TableDescription"]
    assert out["TableStatus"] == "UPDATING"
    index = next(i for i in ddb.describe_table(TableName="slow")["Table"]["GlobalSecondaryIndexes"] if i["IndexName"] == "byH")
    assert index["IndexStatus"] == "CREATING" and index["Backfilling"] is True
    with pytest.raises(ClientError) as exc:
        ddb.query(TableName="slow", IndexName="byH", KeyConditionExpression="h = :h", ExpressionAttributeValues={":h": {"S": "y"}})
    assert "backfilling" in exc.value.response["Error"]["Message"]
    ddb.put_item(TableName="slow", Item={"pk": {"S": "b"}, "h": {"S": "y"}})  # writes go on while UPDATING
    with pytest.raises(ClientError) as exc:
        ddb.update_table(TableName="slow", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "first"}}])
    assert code(exc) == "ResourceInUseException"
    cumulo_clock.advance(30)
    table = ddb.describe_table(TableName="slow")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert {i["IndexName"]: i["IndexStatus"] for i in table["GlobalSecondaryIndexes"]} == {"first": "ACTIVE", "byH": "ACTIVE"}
    assert "Backfilling" not in table["GlobalSecondaryIndexes"][1]
    assert ddb.query(TableName="slow", IndexName="byH", KeyConditionExpression="h = :h",
                     ExpressionAttributeValues={":h": {"S": "y"}})["Count"] == 2

    # Deleting an index, then the table.
    ddb.update_table(TableName="slow", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "first"}}])
    index = next(i for i in ddb.describe_table(TableName="slow")["Table"]["GlobalSecondaryIndexes"] if i["IndexName"] == "first")
    assert index["IndexStatus"] == "DELETING"
    cumulo_clock.advance(30)
    assert [i["IndexName"] for i in ddb.describe_table(TableName="slow")["Table"]["GlobalSecondaryIndexes"]] == ["byH"]
    assert ddb.delete_table(TableName="slow")["TableDescription"]["TableStatus"] == "DELETING"
    assert status(ddb, "slow") == "DELETING"
    assert ddb.list_tables()["TableNames"] == ["slow"]
    with pytest.raises(ClientError) as exc:
        ddb.get_item(TableName="slow", Key={"pk": {"S": "a"}})
    assert code(exc) == "ResourceNotFoundException"
    cumulo_clock.advance(30)
    ddb.get_waiter("table_not_exists").wait(TableName="slow", WaiterConfig=FAST)
    assert ddb.list_tables()["TableNames"] == []


def test_ttl_sweep_deletes_only_the_expired(ddb: Any, cumulo_clock: ClockControl) -> None:
    make_table(ddb, "ttl", range_type=None)
    ddb.update_time_to_live(TableName="ttl", TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    now = int(cumulo_clock.now())
    rows = {
        "past": {"N": str(now - 5)},
        "ancient": {"N": str(now - 6 * 365 * 86400)},  # more than five years ago: ignored, as AWS does
        "soon": {"N": str(now + 50)},
        "later": {"N": str(now + 5000)},
        "text": {"S": "1"},
    }
    for name, value in rows.items():
        ddb.put_item(TableName="ttl", Item={"pk": {"S": name}, "exp": value})
    ddb.put_item(TableName="ttl", Item={"pk": {"S": "none"}})
    # Moved out of the way before it expires; moved into the past after.
    ddb.update_item(TableName="ttl", Key={"pk": {"S": "soon"}}, UpdateExpression="SET exp = :e",
                    ExpressionAttributeValues={":e": {"N": str(now + 100_000)}})
    ddb.update_item(TableName="ttl", Key={"pk": {"S": "later"}}, UpdateExpression="REMOVE exp")
    ddb.put_item(TableName="ttl", Item={"pk": {"S": "moved"}, "exp": {"N": str(now + 100_000)}})
    ddb.put_item(TableName="ttl", Item={"pk": {"S": "moved"}, "exp": {"N": str(now - 1)}})
    cumulo_clock.advance(100)
    left = sorted(i["pk"]["S"] for i in ddb.scan(TableName="ttl")["Items"])
    assert left == ["ancient", "later", "none", "soon", "text"]


def test_ttl_index_is_rebuilt_from_the_items() -> None:
    store = MemoryStore()
    scope = store.scope("dynamodb", "000000000000", "us-east-1")
    table = Table("t", "000000000000", "us-east-1", "id", 0.0, "pk", None, {"pk": "S"}, ttl_attribute="exp", ttl_enabled=True)
    rows = scope.table("items/t")
    for i in range(100):
        rows[f"S{i}"] = {"pk": {"S": str(i)}, "exp": {"N": str(1000 + i)}}
    data = indexes.data(scope, table)
    assert data.expired(0, 1010) == [f"S{i}" for i in range(10)]
    data.write("S3", rows["S3"], {"pk": {"S": "3"}, "exp": {"N": "5000"}})
    data.write("S4", rows["S4"], None)
    assert data.expired(0, 1010) == [f"S{i}" for i in (0, 1, 2, 5, 6, 7, 8, 9)]
    data.track_ttl(None)
    assert data.expired(0, 10_000) == []
