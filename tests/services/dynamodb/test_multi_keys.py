"""Global secondary indexes with multi-attribute keys: up to four HASH and four
RANGE attributes, kept up to date by writes, and queried with equality on every
partition attribute and a left-to-right prefix of the sort attributes."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

MATCHES = [("m1", "T1", "NA", 1, "upper"), ("m2", "T1", "NA", 1, "lower"), ("m3", "T1", "NA", 2, "upper"),
           ("m4", "T1", "EU", 1, "upper"), ("m5", "T2", "NA", 1, "upper")]


@pytest.fixture
def matches(ddb: Any) -> str:
    types = {"id": "S", "tournament": "S", "area": "S", "round": "N", "bracket": "S"}
    ddb.create_table(
        TableName="matches", BillingMode="PAY_PER_REQUEST",
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": n, "AttributeType": t} for n, t in types.items()],
        GlobalSecondaryIndexes=[{"IndexName": "by-bracket", "Projection": {"ProjectionType": "ALL"}, "KeySchema": [
            {"AttributeName": "tournament", "KeyType": "HASH"}, {"AttributeName": "area", "KeyType": "HASH"},
            {"AttributeName": "round", "KeyType": "RANGE"}, {"AttributeName": "bracket", "KeyType": "RANGE"}]}])
    for match, tournament, area, round_, bracket in MATCHES:
        ddb.put_item(TableName="matches", Item={"id": {"S": match}, "tournament": {"S": tournament}, "area": {"S": area},
                                                "round": {"N": str(round_)}, "bracket": {"S": bracket}})
    ddb.put_item(TableName="matches", Item={"id": {"S": "sparse"}, "tournament": {"S": "T1"}, "area": {"S": "NA"}})
    return "matches"


def ids(ddb: Any, condition: str, **values: Any) -> list[str]:
    names = {"#round": "round"}
    got = ddb.query(TableName="matches", IndexName="by-bracket", KeyConditionExpression=condition,
                    ExpressionAttributeNames={k: v for k, v in names.items() if k in condition},
                    ExpressionAttributeValues={f":{k}": ({"N": str(v)} if isinstance(v, int) else {"S": v}) for k, v in values.items()})
    return [item["id"]["S"] for item in got["Items"]]


def test_describe_shows_every_key_attribute(ddb: Any, matches: str) -> None:
    index = ddb.describe_table(TableName=matches)["Table"]["GlobalSecondaryIndexes"][0]
    assert [(k["AttributeName"], k["KeyType"]) for k in index["KeySchema"]] == [
        ("tournament", "HASH"), ("area", "HASH"), ("round", "RANGE"), ("bracket", "RANGE")]
    assert index["ItemCount"] == 5  # the item lacking sort attributes is not in the index


def test_queries_by_partition_and_sort_prefix(ddb: Any, matches: str) -> None:
    partition = "tournament = :t AND area = :r"
    assert ids(ddb, partition, t="T1", r="NA") == ["m2", "m1", "m3"]  # by round, then bracket
    assert ids(ddb, partition + " AND #round = :n", t="T1", r="NA", n=1) == ["m2", "m1"]
    assert ids(ddb, partition + " AND #round > :n", t="T1", r="NA", n=1) == ["m3"]
    assert ids(ddb, partition + " AND #round = :n AND begins_with(bracket, :b)", t="T1", r="NA", n=1, b="up") == ["m1"]
    assert ids(ddb, partition + " AND #round BETWEEN :lo AND :hi", t="T1", r="NA", lo=2, hi=5) == ["m3"]
    assert ids(ddb, partition, t="T1", r="EU") == ["m4"]


@pytest.mark.parametrize(("condition", "values", "message"), [
    ("tournament = :t", {"t": "T1"}, "Query condition missed key schema element: area"),
    ("tournament = :t AND area = :r AND bracket = :b", {"t": "T1", "r": "NA", "b": "upper"},
     "Query condition missed key schema element: round"),
    ("tournament = :t AND area = :r AND #round > :n AND bracket = :b", {"t": "T1", "r": "NA", "n": 0, "b": "upper"},
     "Query key condition not supported"),
    ("tournament = :t AND area > :r", {"t": "T1", "r": "A"}, "Query key condition not supported"),
])
def test_conditions_aws_refuses(ddb: Any, matches: str, condition: str, values: dict[str, Any], message: str) -> None:
    with pytest.raises(ClientError) as exc:
        ids(ddb, condition, **values)
    assert exc.value.response["Error"] == {"Code": "ValidationException", "Message": message}


def test_writes_maintain_the_index(ddb: Any, matches: str) -> None:
    ddb.update_item(TableName=matches, Key={"id": {"S": "m2"}}, UpdateExpression="SET #round = :n",
                    ExpressionAttributeNames={"#round": "round"}, ExpressionAttributeValues={":n": {"N": "3"}})
    ddb.delete_item(TableName=matches, Key={"id": {"S": "m3"}})
    ddb.update_item(TableName=matches, Key={"id": {"S": "sparse"}}, UpdateExpression="SET #round = :n, bracket = :b",
                    ExpressionAttributeNames={"#round": "round"}, ExpressionAttributeValues={":n": {"N": "0"}, ":b": {"S": "x"}})
    assert ids(ddb, "tournament = :t AND area = :r", t="T1", r="NA") == ["sparse", "m1", "m2"]


def test_key_schema_limits(ddb: Any) -> None:
    defs = [{"AttributeName": f"a{i}", "AttributeType": "S"} for i in range(10)]
    base = {"TableName": "limits", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "a0", "KeyType": "HASH"}]}
    five = [{"AttributeName": f"a{i}", "KeyType": "HASH"} for i in range(1, 6)]
    with pytest.raises(ClientError) as exc:
        ddb.create_table(**base, AttributeDefinitions=defs[:6], GlobalSecondaryIndexes=[
            {"IndexName": "too-many", "KeySchema": five, "Projection": {"ProjectionType": "ALL"}}])
    assert exc.value.response["Error"]["Code"] == "ValidationException"
    eight = [{"AttributeName": f"a{i}", "KeyType": "HASH" if i <= 4 else "RANGE"} for i in range(1, 9)]
    ddb.create_table(**base, AttributeDefinitions=defs[:9], GlobalSecondaryIndexes=[
        {"IndexName": "widest", "KeySchema": eight, "Projection": {"ProjectionType": "KEYS_ONLY"}}])
    assert len(ddb.describe_table(TableName="limits")["Table"]["GlobalSecondaryIndexes"][0]["KeySchema"]) == 8
