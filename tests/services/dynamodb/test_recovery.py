"""Point-in-time recovery: the window, restores to an earlier second, the log's trim, errors."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl

from .conftest import make_table

KEY_A = {"pk": {"S": "a"}, "sk": {"S": "1"}}


def at(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def error_code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def enable(ddb: Any, table: str, **spec: Any) -> dict[str, Any]:
    out = ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True, **spec})
    return out["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]  # type: ignore[no-any-return]


def items(ddb: Any, table: str) -> dict[str, str]:
    ddb.get_waiter("table_exists").wait(TableName=table, WaiterConfig={"Delay": 0.01})
    return {i["pk"]["S"] + i["sk"]["S"]: i["v"]["S"] for i in ddb.scan(TableName=table)["Items"]}


def test_restore_to_an_earlier_second(ddb: Any, table: str, cumulo_clock: ClockControl) -> None:
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={**KEY_A, "v": {"S": "first"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "b"}, "sk": {"S": "1"}, "v": {"S": "kept"}})
    first = cumulo_clock.now()
    cumulo_clock.advance(60)
    ddb.put_item(TableName=table, Item={**KEY_A, "v": {"S": "second"}})
    ddb.delete_item(TableName=table, Key={"pk": {"S": "b"}, "sk": {"S": "1"}})
    ddb.put_item(TableName=table, Item={"pk": {"S": "c"}, "sk": {"S": "1"}, "v": {"S": "new"}})
    second = cumulo_clock.now()
    cumulo_clock.advance(60)
    ddb.update_item(TableName=table, Key=KEY_A, UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"S": "third"}})

    out = ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="then", RestoreDateTime=at(first + 1))
    assert out["TableDescription"]["TableStatus"] == "CREATING"
    assert out["TableDescription"]["RestoreSummary"]["SourceTableArn"].endswith(f":table/{table}")
    assert items(ddb, "then") == {"a1": "first", "b1": "kept"}
    ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="middle", RestoreDateTime=at(second + 1))
    assert items(ddb, "middle") == {"a1": "second", "c1": "new"}
    ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="latest", UseLatestRestorableTime=True)
    assert items(ddb, "latest") == {"a1": "third", "c1": "new"}
    assert ddb.describe_table(TableName="then")["Table"]["ItemCount"] == 2


def test_window_and_errors(ddb: Any, table: str, cumulo_clock: ClockControl) -> None:
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="xyz", UseLatestRestorableTime=True)
    assert error_code(exc) == "PointInTimeRecoveryUnavailableException"
    described = enable(ddb, table, RecoveryPeriodInDays=2)
    assert described["PointInTimeRecoveryStatus"] == "ENABLED" and described["RecoveryPeriodInDays"] == 2
    enabled = described["EarliestRestorableDateTime"].timestamp()
    ddb.put_item(TableName=table, Item={**KEY_A, "v": {"S": "old"}})
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="xyz", RestoreDateTime=at(enabled - 10))
    assert error_code(exc) == "InvalidRestoreTimeException"
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="xyz", RestoreDateTime=at(cumulo_clock.now() + 3600))
    assert error_code(exc) == "InvalidRestoreTimeException"
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName="missing", TargetTableName="xyz", UseLatestRestorableTime=True)
    assert error_code(exc) == "TableNotFoundException"
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName=table, UseLatestRestorableTime=True)
    assert error_code(exc) == "TableAlreadyExistsException"
    with pytest.raises(ClientError) as exc:
        enable(ddb, table, RecoveryPeriodInDays=36)
    assert error_code(exc) == "ValidationException"

    # Three days on, the window is the last two: the write above is out of it, and its log is trimmed.
    cumulo_clock.advance(3 * 86400)
    window = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]
    earliest, latest = window["EarliestRestorableDateTime"].timestamp(), window["LatestRestorableDateTime"].timestamp()
    assert 2 * 86400 - 5 < latest - earliest <= 2 * 86400
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="xyz", RestoreDateTime=at(enabled + 1))
    assert error_code(exc) == "InvalidRestoreTimeException"
    # The window slides with real time too: leave a margin for a slow machine.
    ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="kept", RestoreDateTime=at(earliest + 60))
    assert items(ddb, "kept") == {"a1": "old"}
    history = cumulo_clock.server.runtime.store.scope("dynamodb", "000000000000", "us-east-1").table(f"history/{table}")
    assert len(history) == 0


def test_disabling_forgets_the_history(ddb: Any, table: str, cumulo_clock: ClockControl) -> None:
    enable(ddb, table)
    ddb.put_item(TableName=table, Item={**KEY_A, "v": {"S": "one"}})
    cumulo_clock.advance(30)
    ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": False})
    assert ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"] == {
        "PointInTimeRecoveryStatus": "DISABLED"}
    again = enable(ddb, table)["EarliestRestorableDateTime"].timestamp()
    cumulo_clock.advance(5)
    ddb.put_item(TableName=table, Item={**KEY_A, "v": {"S": "two"}})
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="xyz", RestoreDateTime=at(again - 20))
    assert error_code(exc) == "InvalidRestoreTimeException"
    # Restored to just after PITR came back on: the item as it was then.
    ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="back", RestoreDateTime=at(again + 1))
    assert items(ddb, "back") == {"a1": "one"}


def test_restore_keeps_indexes_and_batch_writes_are_logged(ddb: Any, cumulo_clock: ClockControl) -> None:
    make_table(ddb, "indexed", more_definitions=[{"AttributeName": "g", "AttributeType": "S"}],
               GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                        "Projection": {"ProjectionType": "ALL"}}])
    enable(ddb, "indexed")
    cumulo_clock.advance(2)
    ddb.batch_write_item(RequestItems={"indexed": [
        {"PutRequest": {"Item": {"pk": {"S": str(i)}, "sk": {"S": "s"}, "g": {"S": "x"}, "v": {"S": "v"}}}} for i in range(3)]})
    before = cumulo_clock.now()
    cumulo_clock.advance(5)
    ddb.transact_write_items(TransactItems=[{"Delete": {"TableName": "indexed", "Key": {"pk": {"S": "0"}, "sk": {"S": "s"}}}}])
    ddb.restore_table_to_point_in_time(SourceTableName="indexed", TargetTableName="copy", RestoreDateTime=at(before + 1))
    ddb.get_waiter("table_exists").wait(TableName="copy", WaiterConfig={"Delay": 0.01})
    out = ddb.query(TableName="copy", IndexName="byG", KeyConditionExpression="g = :g", ExpressionAttributeValues={":g": {"S": "x"}})
    assert out["Count"] == 3
