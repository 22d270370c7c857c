"""Tables: create (validation as AWS does it), describe, list, update, delete, tags, TTL, limits."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from .conftest import make_table


def error(exc: pytest.ExceptionInfo[ClientError]) -> tuple[str, str]:
    err = exc.value.response["Error"]
    return err["Code"], err["Message"]


def test_create_describe_list_delete(ddb: Any) -> None:
    created = ddb.create_table(
        TableName="tab1",
        KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        ProvisionedThroughput={"ReadCapacityUnits": 5, "WriteCapacityUnits": 3},
    )["TableDescription"]
    assert created["TableStatus"] == "CREATING"
    assert created["TableArn"] == "arn:aws:dynamodb:us-east-1:000000000000:table/tab1"
    ddb.get_waiter("table_exists").wait(TableName="tab1", WaiterConfig={"Delay": 0.01})
    table = ddb.describe_table(TableName="tab1")["Table"]
    assert table["TableStatus"] == "ACTIVE"
    assert table["ProvisionedThroughput"]["ReadCapacityUnits"] == 5
    assert table["ItemCount"] == 0 and table["TableSizeBytes"] == 0
    ddb.put_item(TableName="tab1", Item={"pk": {"S": "a"}, "x": {"S": "hello"}})
    table = ddb.describe_table(TableName="tab1")["Table"]
    assert table["ItemCount"] == 1 and table["TableSizeBytes"] == len("pk") + 1 + len("x") + 5
    for i in range(3):
        make_table(ddb, f"tab{i + 2}")
    first = ddb.list_tables(Limit=2)
    assert first["TableNames"] == ["tab1", "tab2"] and first["LastEvaluatedTableName"] == "tab2"
    assert ddb.list_tables(ExclusiveStartTableName="tab2")["TableNames"] == ["tab3", "tab4"]
    assert ddb.delete_table(TableName="tab1")["TableDescription"]["TableStatus"] == "DELETING"
    with pytest.raises(ClientError) as exc:
        ddb.describe_table(TableName="tab1")
    assert error(exc) == ("ResourceNotFoundException", "Requested resource not found: Table: tab1 not found")


def test_create_errors(ddb: Any, table: str) -> None:
    with pytest.raises(ClientError) as exc:
        make_table(ddb, table)
    assert error(exc) == ("ResourceInUseException", f"Table already exists: {table}")
    with pytest.raises(ClientError) as exc:
        ddb.create_table(
            TableName="bad", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "x", "AttributeType": "S"}],
            BillingMode="PAY_PER_REQUEST",
        )
    assert "Number of attributes in KeySchema does not exactly match" in error(exc)[1]
    with pytest.raises(ClientError) as exc:
        ddb.create_table(
            TableName="bad", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "other", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        )
    assert "Some index key attributes are not defined in AttributeDefinitions" in error(exc)[1]
    with pytest.raises(ClientError) as exc:
        ddb.create_table(
            TableName="bad", KeySchema=[{"AttributeName": "pk", "KeyType": "RANGE"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST",
        )
    assert error(exc)[1] == "Invalid KeySchema: The first KeySchemaElement is not a HASH key type"
    with pytest.raises(ClientError) as exc:
        ddb.create_table(
            TableName="bad", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
        )
    assert error(exc)[0] == "ValidationException"
    with pytest.raises(ClientError) as exc:
        make_table(ddb, "bad", range_type=None, LocalSecondaryIndexes=[{
            "IndexName": "lsi", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "pk2", "KeyType": "RANGE"}],
            "Projection": {"ProjectionType": "ALL"}}], more_definitions=[{"AttributeName": "pk2", "AttributeType": "S"}])
    assert "does not have a range key, which is required when specifying a LocalSecondaryIndex" in error(exc)[1]


def test_indexes_described(ddb: Any) -> None:
    make_table(
        ddb, "idx",
        more_definitions=[{"AttributeName": "g", "AttributeType": "S"}, {"AttributeName": "l", "AttributeType": "N"}],
        GlobalSecondaryIndexes=[{"IndexName": "byG", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}],
                                 "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a"]}}],
        LocalSecondaryIndexes=[{"IndexName": "byL", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}, {"AttributeName": "l", "KeyType": "RANGE"}],
                                "Projection": {"ProjectionType": "KEYS_ONLY"}}],
    )
    table = ddb.describe_table(TableName="idx")["Table"]
    gsi = table["GlobalSecondaryIndexes"][0]
    assert gsi["IndexName"] == "byG" and gsi["IndexStatus"] == "ACTIVE"
    assert gsi["Projection"] == {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["a"]}
    assert table["LocalSecondaryIndexes"][0]["IndexArn"].endswith("/index/byL")
    ddb.update_table(TableName="idx", GlobalSecondaryIndexUpdates=[{"Delete": {"IndexName": "byG"}}])
    assert "GlobalSecondaryIndexes" not in ddb.describe_table(TableName="idx")["Table"]


def test_update_table_billing_and_stream(ddb: Any, table: str) -> None:
    out = ddb.update_table(TableName=table, BillingMode="PROVISIONED",
                           ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2})["TableDescription"]
    assert out["ProvisionedThroughput"]["WriteCapacityUnits"] == 2
    out = ddb.update_table(TableName=table, StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
    assert out["StreamSpecification"] == {"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}
    assert out["LatestStreamArn"].startswith(out["TableArn"] + "/stream/")


def test_deletion_protection(ddb: Any) -> None:
    make_table(ddb, "kept", DeletionProtectionEnabled=True)
    with pytest.raises(ClientError) as exc:
        ddb.delete_table(TableName="kept")
    assert error(exc)[0] == "ValidationException"
    ddb.update_table(TableName="kept", DeletionProtectionEnabled=False)
    ddb.delete_table(TableName="kept")


def test_tags(ddb: Any, table: str) -> None:
    arn = ddb.describe_table(TableName=table)["Table"]["TableArn"]
    ddb.tag_resource(ResourceArn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    ddb.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert ddb.list_tags_of_resource(ResourceArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]


def test_ttl_and_backups_settings(ddb: Any, table: str) -> None:
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "DISABLED"}
    ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    assert ddb.describe_time_to_live(TableName=table)["TimeToLiveDescription"] == {"TimeToLiveStatus": "ENABLED", "AttributeName": "exp"}
    with pytest.raises(ClientError) as exc:
        ddb.update_time_to_live(TableName=table, TimeToLiveSpecification={"Enabled": True, "AttributeName": "exp"})
    assert error(exc) == ("ValidationException", "TimeToLive is already enabled")
    desc = ddb.describe_continuous_backups(TableName=table)["ContinuousBackupsDescription"]
    assert desc["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "DISABLED"
    desc = ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    assert desc["ContinuousBackupsDescription"]["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED"


def test_limits_and_endpoints(ddb: Any) -> None:
    assert ddb.describe_limits()["TableMaxWriteCapacityUnits"] == 40000
    assert ddb.describe_endpoints()["Endpoints"][0]["CachePeriodInMinutes"] == 1440


def test_backup_and_restore(ddb: Any, table: str) -> None:
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "before"}})
    arn = ddb.create_backup(TableName=table, BackupName="nightly")["BackupDetails"]["BackupArn"]
    ddb.put_item(TableName=table, Item={"pk": {"S": "a"}, "sk": {"S": "1"}, "v": {"S": "after"}})
    assert ddb.describe_backup(BackupArn=arn)["BackupDescription"]["SourceTableDetails"]["ItemCount"] == 1
    assert [b["BackupName"] for b in ddb.list_backups(TableName=table)["BackupSummaries"]] == ["nightly"]
    restored = ddb.restore_table_from_backup(TargetTableName="restored", BackupArn=arn)["TableDescription"]
    assert restored["RestoreSummary"]["SourceBackupArn"] == arn
    item = ddb.get_item(TableName="restored", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]
    assert item["v"] == {"S": "before"}
    with pytest.raises(ClientError) as exc:
        ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="pitr", UseLatestRestorableTime=True)
    assert error(exc)[0] == "PointInTimeRecoveryUnavailableException"
    ddb.update_continuous_backups(TableName=table, PointInTimeRecoverySpecification={"PointInTimeRecoveryEnabled": True})
    ddb.restore_table_to_point_in_time(SourceTableName=table, TargetTableName="pitr", UseLatestRestorableTime=True)
    assert ddb.get_item(TableName="pitr", Key={"pk": {"S": "a"}, "sk": {"S": "1"}})["Item"]["v"] == {"S": "after"}
    ddb.delete_backup(BackupArn=arn)
    with pytest.raises(ClientError) as exc:
        ddb.describe_backup(BackupArn=arn)
    assert error(exc)[0] == "BackupNotFoundException"


def test_warm_throughput(ddb: Any) -> None:
    # Unset: a new on-demand table and its GSIs start at 12,000 reads and 4,000 writes a second.
    gsi = {"IndexName": "by_g", "KeySchema": [{"AttributeName": "g", "KeyType": "HASH"}], "Projection": {"ProjectionType": "KEYS_ONLY"}}
    created = ddb.create_table(
        TableName="warm", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}], BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}, {"AttributeName": "g", "AttributeType": "S"}],
        GlobalSecondaryIndexes=[gsi], WarmThroughput={"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000},
    )["TableDescription"]
    assert created["WarmThroughput"] == {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000, "Status": "CREATING"}
    table = ddb.describe_table(TableName="warm")["Table"]
    assert table["WarmThroughput"] == {"ReadUnitsPerSecond": 15000, "WriteUnitsPerSecond": 5000, "Status": "ACTIVE"}
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 4000, "Status": "ACTIVE"}
    # Raised by UpdateTable (UPDATING until it settles), for the table and for an index; never lowered.
    out = ddb.update_table(TableName="warm", WarmThroughput={"ReadUnitsPerSecond": 20000},
                           GlobalSecondaryIndexUpdates=[{"Update": {"IndexName": "by_g", "WarmThroughput": {"WriteUnitsPerSecond": 6000}}}])
    assert out["TableDescription"]["WarmThroughput"] == {"ReadUnitsPerSecond": 20000, "WriteUnitsPerSecond": 5000, "Status": "UPDATING"}
    assert out["TableDescription"]["GlobalSecondaryIndexes"][0]["WarmThroughput"]["Status"] == "UPDATING"
    table = ddb.describe_table(TableName="warm")["Table"]
    assert table["WarmThroughput"]["Status"] == "ACTIVE"
    assert table["GlobalSecondaryIndexes"][0]["WarmThroughput"] == {"ReadUnitsPerSecond": 12000, "WriteUnitsPerSecond": 6000, "Status": "ACTIVE"}
    with pytest.raises(ClientError) as exc:
        ddb.update_table(TableName="warm", WarmThroughput={"ReadUnitsPerSecond": 100})
    assert error(exc) == ("ValidationException", "decreasing WarmThroughput is not supported")
    # A provisioned table's follows its capacity.
    ddb.create_table(TableName="prov", KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                     ProvisionedThroughput={"ReadCapacityUnits": 50, "WriteCapacityUnits": 20})
    assert ddb.describe_table(TableName="prov")["Table"]["WarmThroughput"] == {"ReadUnitsPerSecond": 50, "WriteUnitsPerSecond": 20, "Status": "ACTIVE"}


def test_global_table_settings_modes(ddb: Any) -> None:
    make_table(ddb, "modes", range_type=None, GlobalTableSettingsReplicationMode="ENABLED")
    table = ddb.describe_table(TableName="modes")["Table"]
    assert table["GlobalTableSettingsReplicationMode"] == "ENABLED" and "MultiRegionConsistency" not in table
    ddb.update_table(TableName="modes", GlobalTableSettingsReplicationMode="DISABLED", MultiRegionConsistency="STRONG")
    table = ddb.describe_table(TableName="modes")["Table"]
    assert (table["GlobalTableSettingsReplicationMode"], table["MultiRegionConsistency"]) == ("DISABLED", "STRONG")
    make_table(ddb, "plain", range_type=None)
    table = ddb.describe_table(TableName="plain")["Table"]
    assert "GlobalTableSettingsReplicationMode" not in table and "MultiRegionConsistency" not in table


def test_empty_index_lists_are_refused(ddb: Any) -> None:
    base = {"TableName": "t", "BillingMode": "PAY_PER_REQUEST", "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
            "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}]}
    for member in ("GlobalSecondaryIndexes", "LocalSecondaryIndexes"):
        with pytest.raises(ClientError) as exc:
            ddb.create_table(**base, **{member: []})
        assert error(exc) == ("ValidationException", f"One or more parameter values were invalid: List of {member} is empty")
