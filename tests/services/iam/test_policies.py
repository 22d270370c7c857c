"""Managed policies (versions, defaults, quotas, usage), attachments and inline policies through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.iam.conftest import READ_QUEUES, TRUST


def doc(action: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": action, "Resource": "*"}]})


def test_managed_policy_versions(iam: Any) -> None:
    policy = iam.create_policy(PolicyName="p", PolicyDocument=doc("s3:GetObject"), Path="/x/", Description="d")["Policy"]
    arn = policy["Arn"]
    assert arn == "arn:aws:iam::000000000000:policy/x/p" and policy["PolicyId"].startswith("ANPA") and policy["DefaultVersionId"] == "v1"
    for i in range(2, 6):
        v = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(f"s3:Get{i}"), SetAsDefault=(i == 3))["PolicyVersion"]
        assert v["VersionId"] == f"v{i}"
    with pytest.raises(ClientError) as e:
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:Get6"))
    assert e.value.response["Error"]["Code"] == "LimitExceeded"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v3")["PolicyVersion"]["Document"]["Statement"][0]["Action"] == "s3:Get3"
    with pytest.raises(ClientError) as e:
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
    assert e.value.response["Error"]["Code"] == "DeleteConflict"
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v5")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
    versions = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [v["VersionId"] for v in versions] == ["v5", "v4", "v2", "v1"]
    assert [v["IsDefaultVersion"] for v in versions] == [True, False, False, False]


def test_malformed_documents(iam: Any) -> None:
    cases = {
        "nope": "Syntax errors in policy.",
        json.dumps({"Version": "2099-01-01", "Statement": []}): "The policy must contain a valid version string",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}]}):
            "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc.",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "bucket"}]}):
            'Resource bucket must be in ARN format or "*".',
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject"}]}):
            "Policy statement must contain resources.",
        json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}]}):
            "Policy document should not specify a principal.",
    }
    for document, message in cases.items():
        with pytest.raises(ClientError) as e:
            iam.create_policy(PolicyName="bad", PolicyDocument=document)
        assert (e.value.response["Error"]["Code"], e.value.response["Error"]["Message"]) == ("MalformedPolicyDocument", message)


def test_attachments_count_and_list_entities(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_QUEUES)["Policy"]["Arn"]
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_user_policy(UserName="u", PolicyArn=arn)
    iam.attach_user_policy(UserName="u", PolicyArn=arn)  # again: no-op
    iam.attach_group_policy(GroupName="g", PolicyArn=arn)
    iam.attach_role_policy(RoleName="r", PolicyArn=arn)
    assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == 3
    entities = iam.list_entities_for_policy(PolicyArn=arn)
    assert ([u["UserName"] for u in entities["PolicyUsers"]], [g["GroupName"] for g in entities["PolicyGroups"]],
            [r["RoleName"] for r in entities["PolicyRoles"]]) == (["u"], ["g"], ["r"])
    assert iam.list_attached_user_policies(UserName="u")["AttachedPolicies"] == [{"PolicyName": "p", "PolicyArn": arn}]
    assert iam.list_attached_group_policies(GroupName="g")["AttachedPolicies"][0]["PolicyArn"] == arn
    assert iam.list_attached_role_policies(RoleName="r")["AttachedPolicies"][0]["PolicyArn"] == arn
    with pytest.raises(ClientError) as e:
        iam.delete_policy(PolicyArn=arn)
    assert e.value.response["Error"]["Code"] == "DeleteConflict"
    iam.detach_user_policy(UserName="u", PolicyArn=arn)
    iam.detach_group_policy(GroupName="g", PolicyArn=arn)
    iam.detach_role_policy(RoleName="r", PolicyArn=arn)
    iam.delete_policy(PolicyArn=arn)
    with pytest.raises(ClientError) as e:
        iam.attach_user_policy(UserName="u", PolicyArn=arn)
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"


def test_aws_managed_policies(iam: Any) -> None:
    policy = iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")["Policy"]
    assert policy["PolicyName"] == "AdministratorAccess"
    version = iam.get_policy_version(PolicyArn=policy["Arn"], VersionId=policy["DefaultVersionId"])["PolicyVersion"]
    assert version["Document"]["Statement"][0]["Action"] == "*"
    aws = iam.list_policies(Scope="AWS", MaxItems=1000)
    assert aws["IsTruncated"] and len(aws["Policies"]) == 1000
    with pytest.raises(ClientError) as e:
        iam.attach_user_policy(UserName="x", PolicyArn="arn:aws:iam::aws:policy/NoSuchThing")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.attach_role_policy(RoleName="r", PolicyArn=policy["Arn"])
    attached = iam.list_policies(Scope="AWS", OnlyAttached=True)["Policies"]
    assert [(p["PolicyName"], p["AttachmentCount"]) for p in attached] == [("AdministratorAccess", 1)]


def test_policy_tags(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_QUEUES, Tags=[{"Key": "a", "Value": "1"}])["Policy"]["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "b", "Value": "2"}])
    iam.untag_policy(PolicyArn=arn, TagKeys=["a"])
    assert iam.list_policy_tags(PolicyArn=arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    assert [p["PolicyName"] for p in iam.list_policies(Scope="Local")["Policies"]] == ["p"]


def test_inline_policies(iam: Any) -> None:
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    iam.put_user_policy(UserName="u", PolicyName="i", PolicyDocument=READ_QUEUES)
    iam.put_group_policy(GroupName="g", PolicyName="i", PolicyDocument=READ_QUEUES)
    iam.put_role_policy(RoleName="r", PolicyName="i", PolicyDocument=READ_QUEUES)
    assert iam.get_user_policy(UserName="u", PolicyName="i")["PolicyDocument"] == json.loads(READ_QUEUES)
    assert iam.get_group_policy(GroupName="g", PolicyName="i")["PolicyDocument"] == json.loads(READ_QUEUES)
    assert iam.get_role_policy(RoleName="r", PolicyName="i")["PolicyDocument"] == json.loads(READ_QUEUES)
    assert iam.list_user_policies(UserName="u")["PolicyNames"] == ["i"]
    assert iam.list_group_policies(GroupName="g")["PolicyNames"] == ["i"]
    assert iam.list_role_policies(RoleName="r")["PolicyNames"] == ["i"]
    iam.delete_user_policy(UserName="u", PolicyName="i")
    iam.delete_group_policy(GroupName="g", PolicyName="i")
    iam.delete_role_policy(RoleName="r", PolicyName="i")
    with pytest.raises(ClientError) as e:
        iam.get_role_policy(RoleName="r", PolicyName="i")
    assert e.value.response["Error"]["Code"] == "NoSuchEntity"
    big = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                              "Resource": [f"arn:aws:s3:::bucket-{i:05d}/*" for i in range(120)]}]})
    with pytest.raises(ClientError) as e:
        iam.put_user_policy(UserName="u", PolicyName="big", PolicyDocument=big)
    assert e.value.response["Error"]["Code"] == "LimitExceeded"
