"""PartiQL: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_insert_select_update_delete(ddb: Any, numbers: str) -> None:
    for i in range(5):
        ddb.execute_statement(Statement=f"INSERT INTO \"{numbers}\" VALUE {{'pk': 'p', 'sk': ?, 'tags': <<'a', 'b'>>, 'doc': {{'n': [1, 2]}}}}",
                              Parameters=[{"N": str(i)}])
    with pytest.raises(ClientError) as exc:
        ddb.execute_statement(Statement=f"INSERT INTO {numbers} VALUE {{'pk': 'p', 'sk': 0}}")
    assert exc.value.response["Error"]["Code"] == "DuplicateItemException"
    out = ddb.execute_statement(Statement=f"SELECT sk, doc.n[1] FROM {numbers} WHERE pk = 'p' AND sk >= 3")
    assert out["Items"] == [{"sk": {"N": "3"}, "doc": {"M": {"n": {"L": [{"N": "2"}]}}}}, {"sk": {"N": "4"}, "doc": {"M": {"n": {"L": [{"N": "2"}]}}}}]
    assert ddb.execute_statement(Statement=f"SELECT * FROM {numbers} WHERE contains(tags, 'a')")["Items"][0]["tags"]["SS"] == ["a", "b"]
    ddb.execute_statement(Statement=f"UPDATE {numbers} SET n = 10 SET sk2 = sk + 1 REMOVE tags WHERE pk = 'p' AND sk = 1")
    item = ddb.get_item(TableName=numbers, Key={"pk": {"S": "p"}, "sk": {"N": "1"}})["Item"]
    assert item["n"] == {"N": "10"} and item["sk2"] == {"N": "2"} and "tags" not in item
    with pytest.raises(ClientError) as exc:
        ddb.execute_statement(Statement=f"UPDATE {numbers} SET n = 1 WHERE pk = 'p' AND sk = 99")
    assert exc.value.response["Error"]["Code"] == "ConditionalCheckFailedException"
    ddb.execute_statement(Statement=f"DELETE FROM {numbers} WHERE pk = 'p' AND sk = 0")
    page = ddb.execute_statement(Statement=f"SELECT * FROM {numbers} WHERE pk = 'p'", Limit=2)
    assert [x["sk"]["N"] for x in page["Items"]] == ["1", "2"]
    rest = ddb.execute_statement(Statement=f"SELECT * FROM {numbers} WHERE pk = 'p'", NextToken=page["NextToken"])
    assert [x["sk"]["N"] for x in rest["Items"]] == ["3", "4"]
    with pytest.raises(ClientError) as exc:
        ddb.execute_statement(Statement="SELEC * FROM x")
    assert exc.value.response["Error"]["Code"] == "ValidationException"


def test_batch_and_transaction(ddb: Any, simple: str) -> None:
    out = ddb.batch_execute_statement(Statements=[
        {"Statement": f"INSERT INTO {simple} VALUE {{'pk': 'a', 'v': 1}}"},
        {"Statement": f"INSERT INTO {simple} VALUE {{'pk': 'b', 'v': 2}}"},
        {"Statement": f"INSERT INTO {simple} VALUE {{'pk': 'a', 'v': 3}}"},
    ])["Responses"]
    assert "Error" not in out[0] and out[2]["Error"]["Code"] == "DuplicateItem"
    got = ddb.batch_execute_statement(Statements=[{"Statement": f"SELECT * FROM {simple} WHERE pk = ?", "Parameters": [{"S": "b"}]}])
    assert got["Responses"][0]["Item"]["v"] == {"N": "2"}
    with pytest.raises(ClientError) as exc:
        ddb.execute_transaction(TransactStatements=[
            {"Statement": f"UPDATE {simple} SET v = 5 WHERE pk = 'a'"},
            {"Statement": f"DELETE FROM {simple} WHERE pk = 'b' AND v = 99"},
        ])
    assert [r["Code"] for r in exc.value.response["CancellationReasons"]] == ["None", "ConditionalCheckFailed"]
    assert ddb.get_item(TableName=simple, Key={"pk": {"S": "a"}})["Item"]["v"] == {"N": "1"}
    ddb.execute_transaction(TransactStatements=[
        {"Statement": f"UPDATE {simple} SET v = 5 WHERE pk = 'a'"},
        {"Statement": f"DELETE FROM {simple} WHERE pk = 'b' AND v = 2"},
    ])
    reads = ddb.execute_transaction(TransactStatements=[{"Statement": f"SELECT v FROM {simple} WHERE pk = 'a'"},
                                                        {"Statement": f"SELECT v FROM {simple} WHERE pk = 'b'"}])["Responses"]
    assert reads == [{"Item": {"v": {"N": "5"}}}, {}]


def test_batch_statement_error_codes(ddb: Any, simple: str) -> None:
    # Error.Code is a BatchStatementErrorCodeEnum value, not the exception's name.
    ddb.put_item(TableName=simple, Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    out = ddb.batch_execute_statement(Statements=[
        {"Statement": f"SELECT * FROM {simple} WHERE pk = 'a'"},
        {"Statement": f"SELECT * FROM {simple} WHERE nokey = 'a'"},
        {"Statement": "SELECT * FROM missing WHERE pk = 'a'"},
        {"Statement": f"INSERT INTO {simple} VALUE {{'pk': 'a'}}"},
        {"Statement": f"UPDATE {simple} SET v = 2 WHERE pk = 'a' AND v = 9", "ReturnValuesOnConditionCheckFailure": "ALL_OLD"},
    ])["Responses"]
    assert out[0]["Item"]["v"] == {"N": "1"}
    assert [r["Error"]["Code"] for r in out[1:]] == ["ValidationError", "ResourceNotFound", "DuplicateItem", "ConditionalCheckFailed"]
    assert out[4]["Error"]["Item"] == {"pk": {"S": "a"}, "v": {"N": "1"}}


def test_write_only_transaction_answers_without_responses(cumulo: Any, ddb: Any, simple: str) -> None:
    import httpx

    body = {"TransactStatements": [{"Statement": f"INSERT INTO \"{simple}\" VALUE {{'pk': 'tx'}}"}]}
    answer = httpx.post(cumulo.url, json=body, headers={"X-Amz-Target": "DynamoDB_20120810.ExecuteTransaction",
                                                        "Content-Type": "application/x-amz-json-1.0",
                                                        "Authorization": "AWS4-HMAC-SHA256 Credential=test/20260101/us-east-1/dynamodb/aws4_request"})
    assert answer.status_code == 200 and answer.json() == {}
    assert ddb.get_item(TableName=simple, Key={"pk": {"S": "tx"}})["Item"] == {"pk": {"S": "tx"}}
