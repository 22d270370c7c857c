"""Global tables: replicas by UpdateTable (2019.11.21), the 2017.11.29 API, settings and replica auto scaling."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .conftest import make_table

STREAM = {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"}


def client(server: CumuloServer, region: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=server.url, region_name=region)


def code(exc: pytest.ExceptionInfo[ClientError]) -> str:
    return str(exc.value.response["Error"]["Code"])


def test_replicas_by_update_table(ddb: Any, cumulo: CumuloServer) -> None:
    west = client(cumulo, "us-west-2")
    make_table(ddb, "global", range_type=None)
    ddb.put_item(TableName="global", Item={"pk": {"S": "before"}})
    out = ddb.update_table(TableName="global", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])["TableDescription"]
    assert out["TableStatus"] == "UPDATING" and out["GlobalTableVersion"] == "2019.11.21"
    assert out["StreamSpecification"] == STREAM
    west.get_waiter("table_exists").wait(TableName="global", WaiterConfig={"Delay": 0.01})
    described = ddb.describe_table(TableName="global")["Table"]
    assert [(r["RegionName"], r["ReplicaStatus"]) for r in described["Replicas"]] == [("us-west-2", "ACTIVE")]
    assert [r["RegionName"] for r in west.describe_table(TableName="global")["Table"]["Replicas"]] == ["us-east-1"]
    # Existing items are copied; new writes flow both ways.
    assert west.get_item(TableName="global", Key={"pk": {"S": "before"}})["Item"] == {"pk": {"S": "before"}}
    ddb.put_item(TableName="global", Item={"pk": {"S": "east"}, "n": {"N": "1"}})
    west.update_item(TableName="global", Key={"pk": {"S": "east"}}, UpdateExpression="ADD n :one", ExpressionAttributeValues={":one": {"N": "1"}})
    assert ddb.get_item(TableName="global", Key={"pk": {"S": "east"}})["Item"]["n"] == {"N": "2"}
    west.delete_item(TableName="global", Key={"pk": {"S": "before"}})
    assert "Item" not in ddb.get_item(TableName="global", Key={"pk": {"S": "before"}})
    assert west.describe_table(TableName="global")["Table"]["ItemCount"] == 1
    with pytest.raises(ClientError) as exc:
        ddb.update_table(TableName="global", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    assert code(exc) == "ValidationException"
    # Removing the replica deletes it there; the table here stops replicating.
    ddb.update_table(TableName="global", ReplicaUpdates=[{"Delete": {"RegionName": "us-west-2"}}])
    west.get_waiter("table_not_exists").wait(TableName="global", WaiterConfig={"Delay": 0.01})
    assert "Replicas" not in ddb.describe_table(TableName="global")["Table"]
    ddb.put_item(TableName="global", Item={"pk": {"S": "alone"}})


def test_deleting_a_replica_table_leaves_the_others(ddb: Any, cumulo: CumuloServer) -> None:
    west, eu = client(cumulo, "us-west-2"), client(cumulo, "eu-west-1")
    make_table(ddb, "trio", range_type=None)
    ddb.update_table(TableName="trio", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}, {"Create": {"RegionName": "eu-west-1"}}])
    assert [r["RegionName"] for r in eu.describe_table(TableName="trio")["Table"]["Replicas"]] == ["us-east-1", "us-west-2"]
    west.delete_table(TableName="trio")
    assert [r["RegionName"] for r in ddb.describe_table(TableName="trio")["Table"]["Replicas"]] == ["eu-west-1"]
    ddb.put_item(TableName="trio", Item={"pk": {"S": "x"}})
    assert "Item" in eu.get_item(TableName="trio", Key={"pk": {"S": "x"}})


def test_version_2017_global_tables(ddb: Any, cumulo: CumuloServer) -> None:
    west = client(cumulo, "us-west-2")
    with pytest.raises(ClientError) as exc:
        ddb.create_global_table(GlobalTableName="legacy", ReplicationGroup=[{"RegionName": "us-east-1"}, {"RegionName": "us-west-2"}])
    assert code(exc) == "TableNotFoundException"
    for each in (ddb, west):
        make_table(each, "legacy", range_type=None, StreamSpecification=STREAM)
    made = ddb.create_global_table(GlobalTableName="legacy", ReplicationGroup=[{"RegionName": "us-east-1"}, {"RegionName": "us-west-2"}])
    description = made["GlobalTableDescription"]
    assert description["GlobalTableArn"] == "arn:aws:dynamodb::000000000000:global-table/legacy"
    assert [r["RegionName"] for r in description["ReplicationGroup"]] == ["us-east-1", "us-west-2"]
    with pytest.raises(ClientError) as exc:
        ddb.create_global_table(GlobalTableName="legacy", ReplicationGroup=[{"RegionName": "us-east-1"}])
    assert code(exc) == "GlobalTableAlreadyExistsException"
    assert west.describe_global_table(GlobalTableName="legacy")["GlobalTableDescription"]["GlobalTableStatus"] == "ACTIVE"
    assert ddb.describe_table(TableName="legacy")["Table"]["GlobalTableVersion"] == "2017.11.29"
    west.put_item(TableName="legacy", Item={"pk": {"S": "w"}})
    assert "Item" in ddb.get_item(TableName="legacy", Key={"pk": {"S": "w"}})
    assert ddb.list_global_tables()["GlobalTables"] == [
        {"GlobalTableName": "legacy", "ReplicationGroup": [{"RegionName": "us-east-1"}, {"RegionName": "us-west-2"}]}]
    assert ddb.list_global_tables(RegionName="eu-west-1")["GlobalTables"] == []

    settings = ddb.update_global_table_settings(GlobalTableName="legacy", GlobalTableBillingMode="PROVISIONED",
                                                GlobalTableProvisionedWriteCapacityUnits=7,
                                                ReplicaSettingsUpdate=[{"RegionName": "us-west-2", "ReplicaProvisionedReadCapacityUnits": 3}])
    by_region = {r["RegionName"]: r for r in settings["ReplicaSettings"]}
    assert by_region["us-west-2"]["ReplicaProvisionedReadCapacityUnits"] == 3
    assert by_region["us-east-1"]["ReplicaProvisionedWriteCapacityUnits"] == 7
    assert ddb.describe_global_table_settings(GlobalTableName="legacy")["ReplicaSettings"][0]["ReplicaBillingModeSummary"] == {"BillingMode": "PROVISIONED"}

    with pytest.raises(ClientError) as exc:
        ddb.update_global_table(GlobalTableName="legacy", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    assert code(exc) == "ReplicaAlreadyExistsException"
    ddb.update_global_table(GlobalTableName="legacy", ReplicaUpdates=[{"Delete": {"RegionName": "us-west-2"}}])
    with pytest.raises(ClientError) as exc:
        west.describe_global_table(GlobalTableName="legacy")
    assert code(exc) == "GlobalTableNotFoundException"
    ddb.put_item(TableName="legacy", Item={"pk": {"S": "e"}})
    assert "Item" not in west.get_item(TableName="legacy", Key={"pk": {"S": "e"}})
    with pytest.raises(ClientError) as exc:
        ddb.update_global_table(GlobalTableName="legacy", ReplicaUpdates=[{"Delete": {"RegionName": "eu-west-1"}}])
    assert code(exc) == "ReplicaNotFoundException"


def test_replica_auto_scaling(ddb: Any) -> None:
    make_table(ddb, "scaled", range_type=None)
    described = ddb.describe_table_replica_auto_scaling(TableName="scaled")["TableAutoScalingDescription"]
    assert described["TableName"] == "scaled" and described["Replicas"][0]["RegionName"] == "us-east-1"
    assert described["Replicas"][0]["ReplicaProvisionedWriteCapacityAutoScalingSettings"] == {"AutoScalingDisabled": True}
    policy = {"TargetTrackingScalingPolicyConfiguration": {"TargetValue": 70.0}}
    out = ddb.update_table_replica_auto_scaling(
        TableName="scaled",
        ProvisionedWriteCapacityAutoScalingUpdate={"MinimumUnits": 5, "MaximumUnits": 50, "ScalingPolicyUpdate": policy},
        ReplicaUpdates=[{"RegionName": "us-east-1", "ReplicaProvisionedReadCapacityAutoScalingUpdate": {"MinimumUnits": 1, "MaximumUnits": 9}}],
    )["TableAutoScalingDescription"]["Replicas"][0]
    assert out["ReplicaProvisionedWriteCapacityAutoScalingSettings"]["MaximumUnits"] == 50
    assert out["ReplicaProvisionedWriteCapacityAutoScalingSettings"]["ScalingPolicies"][0]["TargetTrackingScalingPolicyConfiguration"]["TargetValue"] == 70.0
    again = ddb.describe_table_replica_auto_scaling(TableName="scaled")["TableAutoScalingDescription"]["Replicas"][0]
    assert again["ReplicaProvisionedReadCapacityAutoScalingSettings"] == {"MinimumUnits": 1, "MaximumUnits": 9, "AutoScalingDisabled": False}
    with pytest.raises(ClientError) as exc:
        ddb.update_table_replica_auto_scaling(TableName="scaled", ReplicaUpdates=[{"RegionName": "eu-west-1"}])
    assert code(exc) == "ResourceNotFoundException"


def test_consistency_and_settings_modes_of_replicas(ddb: Any, cumulo: CumuloServer) -> None:
    west = client(cumulo, "us-west-2")
    make_table(ddb, "eventual", range_type=None)
    ddb.update_table(TableName="eventual", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    table = ddb.describe_table(TableName="eventual")["Table"]
    # The defaults of a same-account 2019.11.21 global table.
    assert (table["MultiRegionConsistency"], table["GlobalTableSettingsReplicationMode"]) == ("EVENTUAL", "ENABLED_WITH_OVERRIDES")
    make_table(ddb, "strong", range_type=None)
    ddb.update_table(TableName="strong", MultiRegionConsistency="STRONG", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    assert ddb.describe_table(TableName="strong")["Table"]["MultiRegionConsistency"] == "STRONG"
    assert west.describe_table(TableName="strong")["Table"]["MultiRegionConsistency"] == "STRONG"


def test_disassociating_a_replica(ddb: Any, cumulo: CumuloServer) -> None:
    west = client(cumulo, "us-west-2")
    make_table(ddb, "pair", range_type=None)
    ddb.update_table(TableName="pair", ReplicaUpdates=[{"Create": {"RegionName": "us-west-2"}}])
    west.get_waiter("table_exists").wait(TableName="pair", WaiterConfig={"Delay": 0.01})
    ddb.put_item(TableName="pair", Item={"pk": {"S": "shared"}})
    assert west.describe_table(TableName="pair")["Table"]["DisassociationProtectionEnabled"] is True
    disassociate = [{"Disassociate": {"RegionName": "us-west-2", "DisassociationMode": "WAIT_FOR_REPLICATION"}}]
    with pytest.raises(ClientError) as exc:
        west.update_table(TableName="pair", ReplicaUpdates=disassociate)  # protected by default
    assert code(exc) == "ValidationException"
    with pytest.raises(ClientError) as exc:
        west.update_table(TableName="pair", DisassociationProtectionEnabled=False, DeletionProtectionEnabled=True)
    assert code(exc) == "ValidationException"  # not combined with any other change
    west.update_table(TableName="pair", DisassociationProtectionEnabled=False)
    west.update_table(TableName="pair", ReplicaUpdates=disassociate)
    standalone = west.describe_table(TableName="pair")["Table"]
    assert "Replicas" not in standalone and standalone["ItemCount"] == 1  # it keeps its data
    assert "Replicas" not in ddb.describe_table(TableName="pair")["Table"]
    ddb.put_item(TableName="pair", Item={"pk": {"S": "east only"}})
    assert "Item" not in west.get_item(TableName="pair", Key={"pk": {"S": "east only"}})
