"""IAM's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer
from tests.services.cfn_support import delete_twice, make, make_in_stack, read, replaces, update
from tests.services.iam.conftest import READ_QUEUES
from tests.services.iam.test_account import SAML_METADATA
from tests.services.iam.test_credentials import self_signed

TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
DOC = json.loads(READ_QUEUES)
OTHER: dict[str, Any] = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def test_role_with_policies_update_and_delete(cumulo: CumuloServer, iam: Any) -> None:
    props: dict[str, Any] = {"AssumeRolePolicyDocument": TRUST, "Path": "/app/", "Policies": [{"PolicyName": "read", "PolicyDocument": DOC}],
                             "ManagedPolicyArns": ["arn:aws:iam::aws:policy/ReadOnlyAccess"], "Tags": [{"Key": "team", "Value": "a"}]}
    ctx, made = make(cumulo, "AWS::IAM::Role", props)
    role = iam.get_role(RoleName=made.physical_id)["Role"]
    assert made.physical_id.startswith("stack-Resource-") and len(made.physical_id) <= 64
    assert made.attributes == {"Arn": role["Arn"], "RoleId": role["RoleId"]} and role["Path"] == "/app/"
    assert iam.list_role_policies(RoleName=made.physical_id)["PolicyNames"] == ["read"]
    assert iam.list_role_tags(RoleName=made.physical_id)["Tags"] == [{"Key": "team", "Value": "a"}]

    new = {"AssumeRolePolicyDocument": TRUST, "Path": "/app/", "Description": "changed", "Policies": [{"PolicyName": "other", "PolicyDocument": OTHER}]}
    assert {"RoleName", "Path"} <= replaces("AWS::IAM::Role")
    update(cumulo, "AWS::IAM::Role", ctx, made, new, props)
    assert iam.get_role(RoleName=made.physical_id)["Role"]["Description"] == "changed"
    assert iam.list_role_policies(RoleName=made.physical_id)["PolicyNames"] == ["other"]
    assert iam.list_attached_role_policies(RoleName=made.physical_id)["AttachedPolicies"] == []
    assert iam.list_role_tags(RoleName=made.physical_id)["Tags"] == []
    assert read(cumulo, "AWS::IAM::Role", ctx, made, new)["Policies"] == [{"PolicyName": "other", "PolicyDocument": OTHER}]

    # A policy attached by hand does not keep the delete from succeeding.
    iam.attach_role_policy(RoleName=made.physical_id, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    delete_twice(cumulo, "AWS::IAM::Role", ctx, made, new)
    with pytest.raises(ClientError, match="NoSuchEntity"):
        iam.get_role(RoleName=made.physical_id)


def test_user_group_addition_and_access_key(cumulo: CumuloServer, iam: Any) -> None:
    gctx, group = make(cumulo, "AWS::IAM::Group", {"Policies": [{"PolicyName": "p", "PolicyDocument": DOC}]}, "Devs")
    assert group.attributes["Arn"] == iam.get_group(GroupName=group.physical_id)["Group"]["Arn"]
    user_props = {"Groups": [group.physical_id], "LoginProfile": {"Password": "Secret-pass-123"}, "Tags": [{"Key": "k", "Value": "v"}]}
    uctx, user = make(cumulo, "AWS::IAM::User", user_props, "Alice")
    assert user.attributes["Arn"] == iam.get_user(UserName=user.physical_id)["User"]["Arn"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName=user.physical_id)["Groups"]] == [group.physical_id]
    assert iam.get_login_profile(UserName=user.physical_id)["LoginProfile"]["UserName"] == user.physical_id
    assert read(cumulo, "AWS::IAM::User", uctx, user, user_props)["Groups"] == [group.physical_id]
    assert read(cumulo, "AWS::IAM::Group", gctx, group, {})["Policies"] == [{"PolicyName": "p", "PolicyDocument": DOC}]

    actx, added = make(cumulo, "AWS::IAM::UserToGroupAddition", {"GroupName": group.physical_id, "Users": [user.physical_id]}, "Add")
    kctx, key = make(cumulo, "AWS::IAM::AccessKey", {"UserName": user.physical_id}, "Key")
    listed = iam.list_access_keys(UserName=user.physical_id)["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in listed] == [key.physical_id] and len(key.attributes["SecretAccessKey"]) == 40
    update(cumulo, "AWS::IAM::AccessKey", kctx, key, {"UserName": user.physical_id, "Status": "Inactive"}, {"UserName": user.physical_id})
    assert iam.list_access_keys(UserName=user.physical_id)["AccessKeyMetadata"][0]["Status"] == "Inactive"

    new_user = {"Path": "/moved/", "Tags": []}
    update(cumulo, "AWS::IAM::User", uctx, user, new_user, user_props)
    assert iam.get_user(UserName=user.physical_id)["User"]["Path"] == "/moved/"
    assert iam.list_groups_for_user(UserName=user.physical_id)["Groups"] == []
    with pytest.raises(ClientError, match="NoSuchEntity"):
        iam.get_login_profile(UserName=user.physical_id)

    delete_twice(cumulo, "AWS::IAM::UserToGroupAddition", actx, added, {"GroupName": group.physical_id, "Users": [user.physical_id]})
    delete_twice(cumulo, "AWS::IAM::User", uctx, user, new_user)  # its access key goes with it
    delete_twice(cumulo, "AWS::IAM::AccessKey", kctx, key, {"UserName": user.physical_id})
    delete_twice(cumulo, "AWS::IAM::Group", gctx, group, {})
    assert iam.list_users()["Users"] == [] and iam.list_groups()["Groups"] == []


def test_managed_policy_versions_and_attachments(cumulo: CumuloServer, iam: Any) -> None:
    iam.create_role(RoleName="r1", AssumeRolePolicyDocument=json.dumps(TRUST))
    props = {"PolicyDocument": DOC, "Roles": ["r1"], "Path": "/p/"}
    ctx, made = make(cumulo, "AWS::IAM::ManagedPolicy", props)
    policy = iam.get_policy(PolicyArn=made.physical_id)["Policy"]
    assert made.attributes["PolicyArn"] == policy["Arn"] == made.physical_id and made.attributes["PolicyId"] == policy["PolicyId"]
    assert made.attributes["AttachmentCount"] == 1 and made.attributes["DefaultVersionId"] == "v1"
    for n in range(6):  # more versions than IAM keeps: the oldest make room
        doc = {**OTHER, "Statement": [{**OTHER["Statement"][0], "Resource": f"arn:aws:s3:::b{n}/*"}]}
        after = update(cumulo, "AWS::IAM::ManagedPolicy", ctx, made, {"PolicyDocument": doc, "Path": "/p/"}, props if n == 0 else {"PolicyDocument": {}, "Path": "/p/"})
    assert after.attributes["DefaultVersionId"] == "v7" and after.attributes["AttachmentCount"] == 0
    assert len(iam.list_policy_versions(PolicyArn=made.physical_id)["Versions"]) == 5
    assert read(cumulo, "AWS::IAM::ManagedPolicy", ctx, made, {})["PolicyDocument"]["Statement"][0]["Resource"] == "arn:aws:s3:::b5/*"
    iam.attach_role_policy(RoleName="r1", PolicyArn=made.physical_id)
    delete_twice(cumulo, "AWS::IAM::ManagedPolicy", ctx, made, {})
    with pytest.raises(ClientError, match="NoSuchEntity"):
        iam.get_policy(PolicyArn=made.physical_id)


def test_inline_policies_of_each_kind(cumulo: CumuloServer, iam: Any) -> None:
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.create_user(UserName="u")
    iam.create_group(GroupName="g")
    props = {"PolicyName": "shared", "PolicyDocument": DOC, "Roles": ["r"], "Users": ["u"]}
    ctx, made = make(cumulo, "AWS::IAM::Policy", props)
    assert made.attributes["Id"] == made.physical_id
    assert iam.list_role_policies(RoleName="r")["PolicyNames"] == ["shared"] == iam.list_user_policies(UserName="u")["PolicyNames"]
    new = {"PolicyName": "shared", "PolicyDocument": OTHER, "Groups": ["g"], "Users": ["u"]}
    update(cumulo, "AWS::IAM::Policy", ctx, made, new, props)
    assert iam.list_role_policies(RoleName="r")["PolicyNames"] == []
    assert iam.get_user_policy(UserName="u", PolicyName="shared")["PolicyDocument"] == OTHER
    delete_twice(cumulo, "AWS::IAM::Policy", ctx, made, new)
    assert iam.list_group_policies(GroupName="g")["PolicyNames"] == [] == iam.list_user_policies(UserName="u")["PolicyNames"]

    for kind, key, name in (("Role", "RoleName", "r"), ("User", "UserName", "u"), ("Group", "GroupName", "g")):
        type_name = f"AWS::IAM::{kind}Policy"
        one: dict[str, Any] = {key: name, "PolicyName": "own", "PolicyDocument": DOC}
        ctx, made = make(cumulo, type_name, one)
        assert made.physical_id == "own"
        update(cumulo, type_name, ctx, made, {**one, "PolicyDocument": OTHER}, one)
        assert read(cumulo, type_name, ctx, made, one)["PolicyDocument"] == OTHER
        delete_twice(cumulo, type_name, ctx, made, one)
        assert iam.list_role_policies(RoleName="r")["PolicyNames"] == []


def test_instance_profile_linked_role_and_providers(cumulo: CumuloServer, iam: Any) -> None:
    iam.create_role(RoleName="ec2", AssumeRolePolicyDocument=json.dumps(TRUST))
    iam.create_role(RoleName="ec2b", AssumeRolePolicyDocument=json.dumps(TRUST))
    ctx, profile = make(cumulo, "AWS::IAM::InstanceProfile", {"Roles": ["ec2"]})
    got = iam.get_instance_profile(InstanceProfileName=profile.physical_id)["InstanceProfile"]
    assert profile.attributes["Arn"] == got["Arn"] and [r["RoleName"] for r in got["Roles"]] == ["ec2"]
    update(cumulo, "AWS::IAM::InstanceProfile", ctx, profile, {"Roles": ["ec2b"]}, {"Roles": ["ec2"]})
    assert [r["RoleName"] for r in iam.get_instance_profile(InstanceProfileName=profile.physical_id)["InstanceProfile"]["Roles"]] == ["ec2b"]
    delete_twice(cumulo, "AWS::IAM::InstanceProfile", ctx, profile, {"Roles": ["ec2b"]})
    assert iam.list_instance_profiles()["InstanceProfiles"] == []

    ctx, linked = make(cumulo, "AWS::IAM::ServiceLinkedRole", {"AWSServiceName": "elasticbeanstalk.amazonaws.com", "CustomSuffix": "x"})
    role = iam.get_role(RoleName=linked.physical_id)["Role"]
    assert linked.attributes["Arn"] == role["Arn"] and role["Path"].startswith("/aws-service-role/")
    update(cumulo, "AWS::IAM::ServiceLinkedRole", ctx, linked, {"AWSServiceName": "elasticbeanstalk.amazonaws.com", "Description": "d"}, {})
    assert iam.get_role(RoleName=linked.physical_id)["Role"]["Description"] == "d"
    delete_twice(cumulo, "AWS::IAM::ServiceLinkedRole", ctx, linked, {})

    oidc = {"Url": "https://token.actions.githubusercontent.com", "ClientIdList": ["sts.amazonaws.com"], "ThumbprintList": ["a" * 40]}
    ctx, provider = make(cumulo, "AWS::IAM::OIDCProvider", oidc)
    assert provider.physical_id == provider.attributes["Arn"] == iam.list_open_id_connect_providers()["OpenIDConnectProviderList"][0]["Arn"]
    update(cumulo, "AWS::IAM::OIDCProvider", ctx, provider, {**oidc, "ClientIdList": ["other"], "ThumbprintList": ["b" * 40]}, oidc)
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=provider.physical_id)
    assert got["ClientIDList"] == ["other"] and got["ThumbprintList"] == ["b" * 40]
    delete_twice(cumulo, "AWS::IAM::OIDCProvider", ctx, provider, oidc)

    ctx, saml = make(cumulo, "AWS::IAM::SAMLProvider", {"Name": "corp", "SamlMetadataDocument": SAML_METADATA})
    assert saml.physical_id.endswith(":saml-provider/corp") and saml.attributes["SamlProviderUUID"]
    update(cumulo, "AWS::IAM::SAMLProvider", ctx, saml, {"Name": "corp", "SamlMetadataDocument": SAML_METADATA.replace("2030", "2031")}, {})
    assert iam.get_saml_provider(SAMLProviderArn=saml.physical_id)["ValidUntil"].year == 2031
    delete_twice(cumulo, "AWS::IAM::SAMLProvider", ctx, saml, {})
    assert iam.list_saml_providers()["SAMLProviderList"] == []


def test_stack_tags_propagate(cumulo: CumuloServer, iam: Any) -> None:
    _, made = make_in_stack(cumulo, "AWS::IAM::Role", {"AssumeRolePolicyDocument": TRUST})
    assert iam.list_role_tags(RoleName=made.physical_id)["Tags"] == [{"Key": "env", "Value": "prod"}]


def test_server_certificate_and_virtual_mfa_device(cumulo: CumuloServer, iam: Any) -> None:
    cert, key = self_signed()
    props = {"CertificateBody": cert, "PrivateKey": key, "Path": "/cf/"}
    ctx, made = make(cumulo, "AWS::IAM::ServerCertificate", props, "Cert")
    meta = iam.get_server_certificate(ServerCertificateName=made.physical_id)["ServerCertificate"]["ServerCertificateMetadata"]
    assert made.attributes["Arn"] == meta["Arn"] and meta["Path"] == "/cf/"
    update(cumulo, "AWS::IAM::ServerCertificate", ctx, made, {**props, "Path": "/moved/"}, props)
    assert iam.get_server_certificate(ServerCertificateName=made.physical_id)["ServerCertificate"]["ServerCertificateMetadata"]["Path"] == "/moved/"
    delete_twice(cumulo, "AWS::IAM::ServerCertificate", ctx, made, props)
    assert iam.list_server_certificates()["ServerCertificateMetadataList"] == []

    iam.create_user(UserName="mfa-user")
    ctx, device = make(cumulo, "AWS::IAM::VirtualMFADevice", {"Users": ["mfa-user"], "Path": "/"}, "Token")
    assert device.physical_id == device.attributes["SerialNumber"] and ":mfa/stack-Token-" in device.physical_id
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName="mfa-user")["MFADevices"]] == [device.physical_id]
    delete_twice(cumulo, "AWS::IAM::VirtualMFADevice", ctx, device, {"Users": ["mfa-user"]})
    assert iam.list_mfa_devices(UserName="mfa-user")["MFADevices"] == [] and iam.list_virtual_mfa_devices()["VirtualMFADevices"] == []
