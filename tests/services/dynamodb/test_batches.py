"""BatchGetItem, BatchWriteItem, TransactGetItems, TransactWriteItems."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def key(n: int) -> dict[str, Any]:
    return {"pk": {"S": f"k{n}"}}


def test_batch_write_and_get(ddb: Any, simple: str) -> None:
    ddb.batch_write_item(RequestItems={simple: [{"PutRequest": {"Item": {**key(i), "v": {"N": str(i)}}}} for i in range(25)]})
    out = ddb.batch_get_item(RequestItems={simple: {"Keys": [key(i) for i in range(0, 25, 5)] + [key(99)], "ProjectionExpression": "v"}})
    assert sorted(int(x["v"]["N"]) for x in out["Responses"][simple]) == [0, 5, 10, 15, 20]
    assert out["UnprocessedKeys"] == {}
    ddb.batch_write_item(RequestItems={simple: [{"DeleteRequest": {"Key": key(i)}} for i in range(10)]})
    assert ddb.scan(TableName=simple, Select="COUNT")["Count"] == 15
    with pytest.raises(ClientError) as exc:
        ddb.batch_write_item(RequestItems={simple: [{"PutRequest": {"Item": key(1)}}, {"DeleteRequest": {"Key": key(1)}}]})
    assert exc.value.response["Error"]["Message"] == "Provided list of item keys contains duplicates"
    with pytest.raises(ClientError) as exc:
        ddb.batch_write_item(RequestItems={simple: [{"PutRequest": {"Item": key(i)}} for i in range(26)]})
    assert exc.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as exc:
        ddb.batch_get_item(RequestItems={simple: {"Keys": [key(i) for i in range(60)]}, "other": {"Keys": [key(i) for i in range(60)]}})
    assert exc.value.response["Error"]["Message"] == "Too many items requested for the BatchGetItem call"


def test_batch_get_over_16_mb_returns_unprocessed_keys(ddb: Any, simple: str) -> None:
    for i in range(45):
        ddb.put_item(TableName=simple, Item={**key(i), "blob": {"S": "x" * 390_000}})
    out = ddb.batch_get_item(RequestItems={simple: {"Keys": [key(i) for i in range(45)]}})
    got = len(out["Responses"][simple])
    assert got < 45 and got + len(out["UnprocessedKeys"][simple]["Keys"]) == 45


def test_transact_write_commits_all_or_nothing(ddb: Any, simple: str) -> None:
    ddb.put_item(TableName=simple, Item={**key(1), "balance": {"N": "10"}})
    ddb.put_item(TableName=simple, Item={**key(2), "balance": {"N": "0"}})

    def transfer(amount: int, token: str | None = None) -> Any:
        extra = {"ClientRequestToken": token} if token else {}
        return ddb.transact_write_items(TransactItems=[
            {"Update": {"TableName": simple, "Key": key(1), "UpdateExpression": "SET balance = balance - :a",
                        "ConditionExpression": "balance >= :a", "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
            {"Update": {"TableName": simple, "Key": key(2), "UpdateExpression": "SET balance = balance + :a",
                        "ExpressionAttributeValues": {":a": {"N": str(amount)}}}},
            {"Put": {"TableName": simple, "Item": {**key(3), "log": {"S": str(amount)}}}},
            {"ConditionCheck": {"TableName": simple, "Key": key(4), "ConditionExpression": "attribute_not_exists(pk)",
                                "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}},
        ], **extra)

    transfer(7, token="t-1")
    transfer(7, token="t-1")  # idempotent: the same token and request run once
    with pytest.raises(ClientError) as exc:
        transfer(5)
    err = exc.value.response
    assert err["Error"]["Code"] == "TransactionCanceledException"
    assert "[ConditionalCheckFailed, None, None, None]" in err["Error"]["Message"]
    assert [r["Code"] for r in err["CancellationReasons"]] == ["ConditionalCheckFailed", "None", "None", "None"]
    got = ddb.transact_get_items(TransactItems=[{"Get": {"TableName": simple, "Key": key(n)}} for n in (1, 2, 9)])["Responses"]
    assert got[0]["Item"]["balance"] == {"N": "3"} and got[1]["Item"]["balance"] == {"N": "7"} and got[2] == {}
    with pytest.raises(ClientError) as exc:
        transfer(1, token="t-1")
    assert exc.value.response["Error"]["Code"] == "IdempotentParameterMismatchException"
    with pytest.raises(ClientError) as exc:
        ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": simple, "Key": key(1)}}, {"Delete": {"TableName": simple, "Key": key(1)}}])
    assert exc.value.response["Error"]["Message"] == "Transaction request cannot include multiple operations on one item"


def test_cancellation_returns_old_item(ddb: Any, simple: str) -> None:
    ddb.put_item(TableName=simple, Item={**key(1), "v": {"S": "old"}})
    with pytest.raises(ClientError) as exc:
        ddb.transact_write_items(TransactItems=[{"Put": {"TableName": simple, "Item": key(1), "ConditionExpression": "attribute_not_exists(pk)",
                                                         "ReturnValuesOnConditionCheckFailure": "ALL_OLD"}}])
    reason = exc.value.response["CancellationReasons"][0]
    assert reason["Code"] == "ConditionalCheckFailed" and reason["Item"]["v"] == {"S": "old"}
