"""Query and Scan: key conditions, sort-key order per type, pagination, the 1 MB
page, filters, Select, secondary indexes with projections, parallel scan."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from .conftest import make_table


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


def fill(ddb: Any, table: str, sort_values: list[dict[str, Any]], pk: str = "p", **extra: Any) -> None:
    for i, sk in enumerate(sort_values):
        ddb.put_item(TableName=table, Item={"pk": {"S": pk}, "sk": sk, "i": {"N": str(i)}, **extra})


def sks(items: list[dict[str, Any]]) -> list[str]:
    return [next(iter(x["sk"].values())) for x in items]


def test_number_sort_keys_order_numerically(ddb: Any, numbers: str) -> None:
    fill(ddb, numbers, [{"N": n} for n in ["10", "-5", "2.5", "100", "0"]])
    out = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert sks(out["Items"]) == ["-5", "0", "2.5", "10", "100"]
    back = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p AND sk BETWEEN :a AND :b", ScanIndexForward=False,
                     ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"N": "0"}, ":b": {"N": "10"}})
    assert sks(back["Items"]) == ["10", "2.5", "0"]


def test_string_and_binary_sort_keys(ddb: Any, table: str) -> None:
    fill(ddb, table, [{"S": s} for s in ["b", "a#2", "B", "a#10", "é", "a"]])
    out = ddb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert sks(out["Items"]) == ["B", "a", "a#10", "a#2", "b", "é"]  # UTF-8 byte order
    out = ddb.query(TableName=table, KeyConditionExpression="pk = :p AND begins_with(sk, :a)", ExpressionAttributeValues={":p": {"S": "p"}, ":a": {"S": "a#"}})
    assert sks(out["Items"]) == ["a#10", "a#2"]
    for op, expected in [("<", ["B", "a"]), ("<=", ["B", "a", "a#10"]), (">", ["a#2", "b", "é"]), (">=", ["a#10", "a#2", "b", "é"])]:
        out = ddb.query(TableName=table, KeyConditionExpression=f"pk = :p AND sk {op} :v", ExpressionAttributeValues={":p": {"S": "p"}, ":v": {"S": "a#10"}})
        assert sks(out["Items"]) == expected, op
    make_table(ddb, "bin", range_type="B")
    fill(ddb, "bin", [{"B": b"\xff"}, {"B": b"\x01"}, {"B": b"\x80\x00"}])
    out = ddb.query(TableName="bin", KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert sks(out["Items"]) == [b"\x01", b"\x80\x00", b"\xff"]


def test_query_pagination_with_limit_and_filter(ddb: Any, numbers: str) -> None:
    fill(ddb, numbers, [{"N": str(n)} for n in range(10)])
    seen: list[str] = []
    kwargs: dict[str, Any] = {"TableName": numbers, "KeyConditionExpression": "pk = :p", "FilterExpression": "i <> :three",
                              "ExpressionAttributeValues": {":p": {"S": "p"}, ":three": {"N": "3"}}, "Limit": 4}
    pages = 0
    while True:
        out = ddb.query(**kwargs)
        pages += 1
        assert out["ScannedCount"] <= 4
        seen += sks(out["Items"])
        if "LastEvaluatedKey" not in out:
            break
        kwargs["ExclusiveStartKey"] = out["LastEvaluatedKey"]
    assert seen == [str(n) for n in range(10) if n != 3]
    assert pages == 3
    count = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p", Select="COUNT", ExpressionAttributeValues={":p": {"S": "p"}})
    assert count["Count"] == 10 and "Items" not in count


def test_one_megabyte_pages(ddb: Any, numbers: str) -> None:
    big = {"S": "x" * 300_000}
    fill(ddb, numbers, [{"N": str(n)} for n in range(5)], blob=big)
    first = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert first["Count"] == 4 and first["LastEvaluatedKey"] == {"pk": {"S": "p"}, "sk": {"N": "3"}}
    rest = ddb.query(TableName=numbers, KeyConditionExpression="pk = :p", ExpressionAttributeValues={":p": {"S": "p"}},
                     ExclusiveStartKey=first["LastEvaluatedKey"])
    assert rest["Count"] == 1 and "LastEvaluatedKey" not in rest


@pytest.mark.parametrize(
    ("condition", "message"),
    [
        ("sk = :s", "Query condition missed key schema element: pk"),
        ("pk = :p OR sk = :s", "Invalid operator used in KeyConditionExpression: OR"),
        ("pk < :p", "Query key condition not supported"),
        ("pk = :p AND colour = :s", "Query condition missed key schema element"),
        ("pk = :p AND attribute_exists(sk)", "Invalid operator used in KeyConditionExpression: attribute_exists"),
    ],
)
def test_key_condition_errors(ddb: Any, table: str, condition: str, message: str) -> None:
    values = {k: v for k, v in {":p": {"S": "p"}, ":s": {"S": "s"}}.items() if k in condition}
    with pytest.raises(ClientError) as exc:
        ddb.query(TableName=table, KeyConditionExpression=condition, ExpressionAttributeValues=values)
    assert error(exc) == ("ValidationException", message)


def test_filter_on_key_is_rejected(ddb: Any, table: str) -> None:
    with pytest.raises(ClientError) as exc:
        ddb.query(TableName=table, KeyConditionExpression="pk = :p", FilterExpression="sk = :p", ExpressionAttributeValues={":p": {"S": "p"}})
    assert error(exc) == ("ValidationException", "Filter Expression can only contain non-primary key attributes: Primary key attribute: sk")


def test_scan_pages_and_segments(ddb: Any, simple: str) -> None:
    for i in range(40):
        ddb.put_item(TableName=simple, Item={"pk": {"S": f"k{i}"}, "n": {"N": str(i)}})
    seen: list[str] = []
    kwargs: dict[str, Any] = {"TableName": simple, "Limit": 7}
    while True:
        out = ddb.scan(**kwargs)
        seen += [x["pk"]["S"] for x in out["Items"]]
        if "LastEvaluatedKey" not in out:
            break
        kwargs["ExclusiveStartKey"] = out["LastEvaluatedKey"]
    assert sorted(seen) == sorted(f"k{i}" for i in range(40)) and len(seen) == 40
    parts = [ddb.scan(TableName=simple, Segment=s, TotalSegments=3)["Items"] for s in range(3)]
    assert sorted(x["pk"]["S"] for p in parts for x in p) == sorted(seen)
    filtered = ddb.scan(TableName=simple, FilterExpression="n >= :v", ExpressionAttributeValues={":v": {"N": "35"}})
    assert filtered["Count"] == 5 and filtered["ScannedCount"] == 40
    with pytest.raises(ClientError) as exc:
        ddb.scan(TableName=simple, Segment=3, TotalSegments=3)
    assert "Segment: 3 is not less than TotalSegments: 3" in error(exc)[1]


def test_secondary_indexes_with_projections(ddb: Any) -> None:
    make_table(
        ddb, "orders",
        more_definitions=[{"AttributeName": "status", "AttributeType": "S"}, {"AttributeName": "total", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[
            {"IndexName": "byStatus", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}],
             "Projection": {"ProjectionType": "KEYS_ONLY"}},
            {"IndexName": "byStatusAll", "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
             "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["note"]}},
        ],
        LocalSecondaryIndexes=[{"IndexName": "byTotal", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "total", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    rows = [("o1", "open", "30"), ("o2", "open", "10"), ("o3", "closed", "20"), ("o4", "open", "20")]
    for sk, status, total in rows:
        ddb.put_item(TableName="orders", Item={"pk": {"S": "c"}, "sk": {"S": sk}, "status": {"S": status}, "total": {"N": total},
                                               "note": {"S": "n-" + sk}, "extra": {"S": "e"}})
    ddb.put_item(TableName="orders", Item={"pk": {"S": "c"}, "sk": {"S": "o5"}})  # sparse: in no index
    out = ddb.query(TableName="orders", IndexName="byStatus", KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": "open"}})
    assert [x["total"]["N"] for x in out["Items"]] == ["10", "20", "30"]
    assert set(out["Items"][0]) == {"pk", "sk", "status", "total"}
    out = ddb.query(TableName="orders", IndexName="byStatusAll", KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": "closed"}})
    assert out["Items"] == [{"pk": {"S": "c"}, "sk": {"S": "o3"}, "status": {"S": "closed"}, "note": {"S": "n-o3"}}]
    with pytest.raises(ClientError) as exc:
        ddb.query(TableName="orders", IndexName="byStatus", KeyConditionExpression="#s = :s", Select="ALL_ATTRIBUTES",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}})
    assert "ALL_ATTRIBUTES is not supported for global secondary index byStatus" in error(exc)[1]
    with pytest.raises(ClientError) as exc:
        ddb.query(TableName="orders", IndexName="byStatus", ConsistentRead=True, KeyConditionExpression="#s = :s",
                  ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}})
    assert error(exc)[1] == "Consistent reads are not supported on global secondary indexes"
    lsi = ddb.query(TableName="orders", IndexName="byTotal", KeyConditionExpression="pk = :c AND #t > :v", Select="ALL_ATTRIBUTES",
                    ExpressionAttributeNames={"#t": "total"}, ExpressionAttributeValues={":c": {"S": "c"}, ":v": {"N": "15"}})
    assert [x["sk"]["S"] for x in lsi["Items"]] == ["o3", "o4", "o1"] or [x["sk"]["S"] for x in lsi["Items"]] == ["o4", "o3", "o1"]
    assert lsi["Items"][0]["extra"] == {"S": "e"}
    page = ddb.query(TableName="orders", IndexName="byStatus", Limit=1, KeyConditionExpression="#s = :s",
                     ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":s": {"S": "open"}})
    assert page["LastEvaluatedKey"] == {"pk": {"S": "c"}, "sk": {"S": "o2"}, "status": {"S": "open"}, "total": {"N": "10"}}
    # Index entries follow updates and deletes.
    ddb.update_item(TableName="orders", Key={"pk": {"S": "c"}, "sk": {"S": "o2"}}, UpdateExpression="SET #s = :c",
                    ExpressionAttributeNames={"#s": "status"}, ExpressionAttributeValues={":c": {"S": "closed"}})
    ddb.delete_item(TableName="orders", Key={"pk": {"S": "c"}, "sk": {"S": "o1"}})
    out = ddb.query(TableName="orders", IndexName="byStatus", KeyConditionExpression="#s = :s", ExpressionAttributeNames={"#s": "status"},
                    ExpressionAttributeValues={":s": {"S": "open"}})
    assert [x["sk"]["S"] for x in out["Items"]] == ["o4"]
    assert ddb.scan(TableName="orders", IndexName="byStatus")["Count"] == 3


def test_index_added_later_is_backfilled(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "g": {"S": "x"}})
    ddb.update_table(TableName=table, AttributeDefinitions=[{"AttributeName": "g", "AttributeType": "S"}],
                     GlobalSecondaryIndexUpdates=[{"Create": {"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                                              "Projection": {"ProjectionType": "ALL"}}}])
    out = ddb.query(TableName=table, IndexName="byG", KeyConditionExpression="g = :x", ExpressionAttributeValues={":x": {"S": "x"}})
    assert out["Count"] == 1


def test_resource_query_paginates(resource: Any, numbers: str) -> None:
    from boto3.dynamodb.conditions import Attr, Key

    t = resource.Table(numbers)
    with t.batch_writer() as batch:
        for i in range(30):
            batch.put_item(Item={"pk": "p", "sk": i, "even": i % 2 == 0})
    out = t.query(KeyConditionExpression=Key("pk").eq("p") & Key("sk").between(5, 9), FilterExpression=Attr("even").eq(True))
    assert [int(x["sk"]) for x in out["Items"]] == [6, 8]
    paginator = t.meta.client.get_paginator("scan")
    total = sum(page["Count"] for page in paginator.paginate(TableName=numbers, PaginationConfig={"PageSize": 7}))
    assert total == 30


def test_select_conflicts_worded_as_aws(ddb: Any, table: str) -> None:
    query = {"KeyConditionExpression": "pk = :p", "ExpressionAttributeValues": {":p": {"S": "p"}}}
    cases = [
        ({"Select": "COUNT", "ProjectionExpression": "pk"}, "Cannot specify the ProjectionExpression when choosing to get only the Count"),
        ({"Select": "ALL_ATTRIBUTES", "AttributesToGet": ["pk"]}, "Cannot specify the AttributesToGet when choosing to get ALL_ATTRIBUTES"),
        ({"Select": "SPECIFIC_ATTRIBUTES"}, "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES"),
        ({"Select": "ALL_PROJECTED_ATTRIBUTES"}, "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName"),
    ]
    for extra, message in cases:
        if "AttributesToGet" in extra:
            q: dict[str, Any] = {"KeyConditions": {"pk": {"ComparisonOperator": "EQ", "AttributeValueList": [{"S": "p"}]}}}
        else:
            q = query
        with pytest.raises(ClientError) as exc:
            ddb.query(TableName=table, **q, **extra)
        assert error(exc) == ("ValidationException", "1 validation error detected: " + message)  # Query envelopes these
        with pytest.raises(ClientError) as exc:
            ddb.scan(TableName=table, **extra)
        assert error(exc) == ("ValidationException", message)  # Scan does not


def test_key_values_in_a_query_are_checked(ddb: Any, table: str) -> None:
    for values in ({":p": {"S": ""}}, {":p": {"S": "x" * 2049}}):
        with pytest.raises(ClientError) as exc:
            ddb.query(TableName=table, KeyConditionExpression="pk = :p", ExpressionAttributeValues=values)
        assert exc.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as exc:
        ddb.query(TableName=table, KeyConditionExpression="pk = :p AND sk > :s", ExpressionAttributeValues={":p": {"S": "p"}, ":s": {"S": ""}})
    assert "empty string value. Key: sk" in error(exc)[1]


def test_requests_are_validated_before_the_table_is_looked_up(ddb: Any) -> None:
    for call in (lambda: ddb.query(TableName="no-such-table", KeyConditionExpression="pk = :p"),
                 lambda: ddb.scan(TableName="no-such-table", Select="SPECIFIC_ATTRIBUTES"),
                 lambda: ddb.get_item(TableName="no-such-table", Key={"pk": {"S": "a"}}, ProjectionExpression=""),
                 lambda: ddb.update_item(TableName="no-such-table", Key={"pk": {"S": "a"}}, UpdateExpression="SET a = :v"),
                 lambda: ddb.put_item(TableName="no-such-table", Item={"pk": {"S": "a"}, "s": {"SS": []}}),
                 lambda: ddb.batch_get_item(RequestItems={"no-such-table": {"Keys": [{"pk": {"S": "a"}}], "ProjectionExpression": ""}}),
                 lambda: ddb.batch_write_item(RequestItems={"no-such-table": [{"PutRequest": {"Item": {"pk": {"S": "a"}, "s": {"SS": []}}}}]}),
                 lambda: ddb.transact_get_items(TransactItems=[{"Get": {"TableName": "no-such-table", "Key": {"pk": {"S": "a"}}, "ProjectionExpression": ""}}]),
                 lambda: ddb.transact_write_items(TransactItems=[{"Update": {"TableName": "no-such-table", "Key": {"pk": {"S": "a"}},
                                                                             "UpdateExpression": "SET"}}])):
        with pytest.raises(ClientError) as exc:
            call()
        assert error(exc)[0] == "ValidationException"
