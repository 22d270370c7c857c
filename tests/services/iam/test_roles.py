"""IAM roles, service-linked roles and instance profiles through boto3."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from tests.services.iam.conftest import TRUST


def test_create_role_and_trust_policy_round_trip(iam: Any) -> None:
    role = iam.create_role(RoleName="fn", AssumeRolePolicyDocument=TRUST, Path="/svc/", MaxSessionDuration=7200,
                           Description="d", Tags=[{"Key": "a", "Value": "b"}])["Role"]
    assert role["RoleId"].startswith("AROA") and len(role["RoleId"]) == 21
    assert role["Arn"] == "arn:aws:iam::000000000000:role/svc/fn"
    got = iam.get_role(RoleName="fn")["Role"]
    assert got["AssumeRolePolicyDocument"] == json.loads(TRUST)  # botocore decodes the URL-encoded document
    assert got["MaxSessionDuration"] == 7200 and got["Description"] == "d" and got["RoleLastUsed"] == {}
    iam.update_role(RoleName="fn", MaxSessionDuration=3600, Description="e")
    assert iam.get_role(RoleName="fn")["Role"]["MaxSessionDuration"] == 3600
    assert iam.update_role_description(RoleName="fn", Description="f")["Role"]["Description"] == "f"
    new_trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"}, "Action": "sts:AssumeRole"}]}
    iam.update_assume_role_policy(RoleName="fn", PolicyDocument=json.dumps(new_trust))
    assert iam.get_role(RoleName="fn")["Role"]["AssumeRolePolicyDocument"] == new_trust


def test_bad_trust_policy_is_malformed(iam: Any) -> None:
    with pytest.raises(ClientError) as e:
        iam.create_role(RoleName="bad", AssumeRolePolicyDocument="{not json")
    assert e.value.response["Error"]["Code"] == "MalformedPolicyDocument"
    assert e.value.response["Error"]["Message"] == "Syntax errors in policy."
    no_principal = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]})
    with pytest.raises(ClientError) as e:
        iam.create_role(RoleName="bad", AssumeRolePolicyDocument=no_principal)
    assert e.value.response["Error"]["Message"] == "Missing required field Principal"


def test_max_session_duration_range(cumulo: Any) -> None:
    unchecked = boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1", config=Config(parameter_validation=False))
    with pytest.raises(ClientError) as e:
        unchecked.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=100)
    assert e.value.response["Error"]["Code"] == "ValidationError"


def test_role_tags_and_listing(iam: Any) -> None:
    for name in ("b", "a", "c"):
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
    iam.tag_role(RoleName="a", Tags=[{"Key": "x", "Value": "1"}])
    assert iam.list_role_tags(RoleName="a")["Tags"] == [{"Key": "x", "Value": "1"}]
    iam.untag_role(RoleName="a", TagKeys=["x"])
    assert iam.list_role_tags(RoleName="a")["Tags"] == []
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["a", "b", "c"]


def test_delete_role_conflicts_with_attachments(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    with pytest.raises(ClientError) as e:
        iam.delete_role(RoleName="r")
    assert e.value.response["Error"]["Code"] == "DeleteConflict"
    iam.detach_role_policy(RoleName="r", PolicyArn="arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")
    iam.delete_role(RoleName="r")


def test_role_permissions_boundary(iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_role_permissions_boundary(RoleName="r", PermissionsBoundary="arn:aws:iam::aws:policy/PowerUserAccess")
    assert iam.get_role(RoleName="r")["Role"]["PermissionsBoundary"]["PermissionsBoundaryArn"].endswith("PowerUserAccess")
    iam.delete_role_permissions_boundary(RoleName="r")
    assert "PermissionsBoundary" not in iam.get_role(RoleName="r")["Role"]


def test_service_linked_role(iam: Any) -> None:
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForAutoScaling" and role["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    with pytest.raises(ClientError) as e:
        iam.delete_role(RoleName="AWSServiceRoleForAutoScaling")
    assert e.value.response["Error"]["Code"] == "UnmodifiableEntity"
    task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForAutoScaling")["DeletionTaskId"]
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"
    custom = iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com", CustomSuffix="x")["Role"]
    assert custom["RoleName"] == "AWSServiceRoleForECS_x"


def test_role_templates_are_unknown(iam: Any) -> None:
    with pytest.raises(ClientError) as e:
        iam.get_role_template_version(TemplateArn="arn:aws:iam::aws:role-template/x")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"


def test_instance_profiles(iam: Any) -> None:
    iam.create_role(RoleName="ec2", AssumeRolePolicyDocument=TRUST)
    profile = iam.create_instance_profile(InstanceProfileName="web", Path="/p/", Tags=[{"Key": "t", "Value": "1"}])["InstanceProfile"]
    assert profile["InstanceProfileId"].startswith("AIPA") and profile["Roles"] == []
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ec2")
    with pytest.raises(ClientError) as e:
        iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ec2")
    assert e.value.response["Error"]["Code"] == "LimitExceeded"
    assert [r["RoleName"] for r in iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]] == ["ec2"]
    assert [p["InstanceProfileName"] for p in iam.list_instance_profiles_for_role(RoleName="ec2")["InstanceProfiles"]] == ["web"]
    with pytest.raises(ClientError) as e:
        iam.delete_instance_profile(InstanceProfileName="web")
    assert e.value.response["Error"]["Code"] == "DeleteConflict"
    iam.tag_instance_profile(InstanceProfileName="web", Tags=[{"Key": "u", "Value": "2"}])
    iam.untag_instance_profile(InstanceProfileName="web", TagKeys=["t"])
    assert iam.list_instance_profile_tags(InstanceProfileName="web")["Tags"] == [{"Key": "u", "Value": "2"}]
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="ec2")
    iam.delete_instance_profile(InstanceProfileName="web")
    assert iam.list_instance_profiles()["InstanceProfiles"] == []
