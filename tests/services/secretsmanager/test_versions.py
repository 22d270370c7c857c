"""Versions and staging labels, moved as AWS moves them; BatchGetSecretValue; resource policies; replication."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_labels_move_like_aws(sm: Any) -> None:
    v1 = sm.create_secret(Name="s", SecretString="1")["VersionId"]
    v2 = sm.put_secret_value(SecretId="s", SecretString="2")["VersionId"]
    v3 = sm.put_secret_value(SecretId="s", SecretString="3")["VersionId"]
    stages = sm.describe_secret(SecretId="s")["VersionIdsToStages"]
    assert stages == {v3: ["AWSCURRENT"], v2: ["AWSPREVIOUS"]}
    assert v1 not in stages
    ids = {v["VersionId"] for v in sm.list_secret_version_ids(SecretId="s")["Versions"]}
    assert ids == {v2, v3}
    assert {v["VersionId"] for v in sm.list_secret_version_ids(SecretId="s", IncludeDeprecated=True)["Versions"]} == {v1, v2, v3}
    pending = sm.put_secret_value(SecretId="s", SecretString="p", VersionStages=["AWSPENDING", "custom"])
    assert pending["VersionStages"] == ["AWSPENDING", "custom"]
    assert sm.get_secret_value(SecretId="s")["SecretString"] == "3"
    assert sm.get_secret_value(SecretId="s", VersionStage="custom")["SecretString"] == "p"
    with pytest.raises(ClientError) as e:
        sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=pending["VersionId"])
    assert code(e) == "InvalidParameterException"
    sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", MoveToVersionId=pending["VersionId"], RemoveFromVersionId=v3)
    stages = sm.describe_secret(SecretId="s")["VersionIdsToStages"]
    assert stages == {pending["VersionId"]: ["AWSPENDING", "custom", "AWSCURRENT"], v3: ["AWSPREVIOUS"]}
    with pytest.raises(ClientError) as e:
        sm.update_secret_version_stage(SecretId="s", VersionStage="AWSCURRENT", RemoveFromVersionId=pending["VersionId"])
    assert code(e) == "InvalidParameterException"  # AWSCURRENT moves, never goes
    sm.update_secret_version_stage(SecretId="s", VersionStage="custom", RemoveFromVersionId=pending["VersionId"])
    assert "custom" not in sm.describe_secret(SecretId="s")["VersionIdsToStages"][pending["VersionId"]]
    assert sm.get_secret_value(SecretId="s", VersionId=v3, VersionStage="AWSPREVIOUS")["SecretString"] == "3"
    with pytest.raises(ClientError) as e:
        sm.get_secret_value(SecretId="s", VersionId=v3, VersionStage="AWSCURRENT")
    assert code(e) == "ResourceNotFoundException"


def test_batch_get_secret_value(sm: Any) -> None:
    for i in range(3):
        sm.create_secret(Name=f"batch/{i}", SecretString=f"v{i}")
    out = sm.batch_get_secret_value(SecretIdList=["batch/0", "batch/2", "missing"])
    assert [v["SecretString"] for v in out["SecretValues"]] == ["v0", "v2"]
    assert out["Errors"][0]["SecretId"] == "missing" and out["Errors"][0]["ErrorCode"] == "ResourceNotFoundException"
    by_filter = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["batch"]}], MaxResults=2)
    assert len(by_filter["SecretValues"]) == 2 and by_filter["NextToken"]
    rest = sm.batch_get_secret_value(Filters=[{"Key": "name", "Values": ["batch"]}], MaxResults=2, NextToken=by_filter["NextToken"])
    assert len(rest["SecretValues"]) == 1
    with pytest.raises(ClientError) as e:
        sm.batch_get_secret_value(SecretIdList=["batch/0"], Filters=[{"Key": "name", "Values": ["batch"]}])
    assert code(e) == "InvalidParameterException"


def test_resource_policies(sm: Any) -> None:
    sm.create_secret(Name="p", SecretString="x")
    private = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
    public = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
    assert sm.validate_resource_policy(ResourcePolicy=json.dumps(private))["PolicyValidationPassed"]
    assert not sm.validate_resource_policy(ResourcePolicy=json.dumps(public))["PolicyValidationPassed"]
    bad = sm.validate_resource_policy(ResourcePolicy="{nope")
    assert not bad["PolicyValidationPassed"] and bad["ValidationErrors"]
    with pytest.raises(ClientError) as e:
        sm.put_resource_policy(SecretId="p", ResourcePolicy=json.dumps(public), BlockPublicPolicy=True)
    assert code(e) == "PublicPolicyException"
    with pytest.raises(ClientError) as e:
        sm.put_resource_policy(SecretId="p", ResourcePolicy="{nope")
    assert code(e) == "MalformedPolicyDocumentException"
    sm.put_resource_policy(SecretId="p", ResourcePolicy=json.dumps(private), BlockPublicPolicy=True)
    assert json.loads(sm.get_resource_policy(SecretId="p")["ResourcePolicy"]) == private
    assert sm.list_resource_policies(SecretId="p")["ResourcePolicies"] == [{"PolicyName": "default"}]
    sm.delete_resource_policy(SecretId="p")
    assert "ResourcePolicy" not in sm.get_resource_policy(SecretId="p")


def test_replication_to_regions(sm: Any, sm_west: Any) -> None:
    sm.create_secret(Name="rep", SecretString="one", AddReplicaRegions=[{"Region": "us-west-2"}])
    status = sm.describe_secret(SecretId="rep")["ReplicationStatus"]
    assert status == [{"Region": "us-west-2", "KmsKeyId": "alias/aws/secretsmanager", "Status": "InSync"}]
    replica = sm_west.describe_secret(SecretId="rep")
    assert replica["PrimaryRegion"] == "us-east-1" and ":us-west-2:" in replica["ARN"]
    assert sm_west.get_secret_value(SecretId="rep")["SecretString"] == "one"
    sm.put_secret_value(SecretId="rep", SecretString="two")
    assert sm_west.get_secret_value(SecretId="rep")["SecretString"] == "two"
    assert sm_west.get_secret_value(SecretId="rep", VersionStage="AWSPREVIOUS")["SecretString"] == "one"
    with pytest.raises(ClientError) as e:
        sm_west.put_secret_value(SecretId="rep", SecretString="no")
    assert code(e) == "InvalidRequestException"
    with pytest.raises(ClientError) as e:
        sm.delete_secret(SecretId="rep", ForceDeleteWithoutRecovery=True)
    assert code(e) == "InvalidRequestException"
    sm.replicate_secret_to_regions(SecretId="rep", AddReplicaRegions=[{"Region": "eu-west-1"}])
    sm.remove_regions_from_replication(SecretId="rep", RemoveReplicaRegions=["eu-west-1"])
    sm_west.stop_replication_to_replica(SecretId="rep")
    assert "PrimaryRegion" not in sm_west.describe_secret(SecretId="rep")
    sm_west.put_secret_value(SecretId="rep", SecretString="standalone")
    assert "ReplicationStatus" not in sm.describe_secret(SecretId="rep")


def test_cross_account_replica(cumulo: Any, sm: Any) -> None:
    import boto3

    other = boto3.client("secretsmanager", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111111111111", aws_secret_access_key="x")
    primary = sm.create_secret(Name="shared", SecretString="from-a")["ARN"]
    replica = other.create_secret(Name="shared-copy", CrossAccountPrimaryARN=primary)["ARN"]
    assert ":111111111111:" in replica
    out = sm.associate_cross_account_replica(SecretId="shared", CrossAccountReplicaARN=replica)
    assert out["ReplicationStatus"] == "InSync"
    assert other.get_secret_value(SecretId="shared-copy")["SecretString"] == "from-a"
    assert other.describe_secret(SecretId="shared-copy")["CrossAccountPrimary"]["PrimarySecretARN"] == primary
    sm.put_secret_value(SecretId="shared", SecretString="updated")
    assert other.get_secret_value(SecretId="shared-copy")["SecretString"] == "updated"
    assert sm.describe_secret(SecretId="shared")["CrossAccountReplicas"][0]["ReplicaSecretARN"] == replica
    with pytest.raises(ClientError) as e:
        other.put_secret_value(SecretId="shared-copy", SecretString="no")
    assert code(e) == "InvalidRequestException"
    sm.disassociate_cross_account_replica(SecretId="shared", CrossAccountReplicaARN=replica)
    assert "CrossAccountReplicas" not in sm.describe_secret(SecretId="shared")
    with pytest.raises(ClientError) as e:
        sm.associate_cross_account_replica(SecretId="shared", CrossAccountReplicaARN=replica.replace("shared-copy", "missing"))
    assert code(e) == "ResourceNotFoundException"
