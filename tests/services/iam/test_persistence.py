"""IAM survives a restart with a data directory; its entities round-trip through the store's codec."""

from __future__ import annotations

from pathlib import Path

import boto3

from cumulo.config import Config
from cumulo.services.iam.models import (AccessKey, Account, Group, InstanceProfile, LoginProfile, ManagedPolicy, MfaDevice,
                                        OidcProvider, PolicyVersion, Role, User)
from cumulo.state.codec import decode, encode
from cumulo.testing import CumuloServer
from tests.services.iam.conftest import READ_QUEUES, TRUST


def client(server: CumuloServer, service: str = "iam", **keys: str):  # type: ignore[no-untyped-def]
    keys = keys or {"aws_access_key_id": "k", "aws_secret_access_key": "s"}
    return boto3.client(service, endpoint_url=server.url, region_name="eu-west-1", **keys)


def test_state_survives_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        iam = client(first)
        iam.create_user(UserName="kept", Tags=[{"Key": "a", "Value": "b"}])
        key = iam.create_access_key(UserName="kept")["AccessKey"]
        arn = iam.create_policy(PolicyName="p", PolicyDocument=READ_QUEUES)["Policy"]["Arn"]
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=READ_QUEUES, SetAsDefault=True)
        iam.attach_user_policy(UserName="kept", PolicyArn=arn)
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
        iam.create_instance_profile(InstanceProfileName="ip")
        iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="r")
        iam.create_account_alias(AccountAlias="alias")
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        iam = client(second)
        assert iam.get_user(UserName="kept")["User"]["Tags"] == [{"Key": "a", "Value": "b"}]
        assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2"
        assert iam.list_attached_user_policies(UserName="kept")["AttachedPolicies"][0]["PolicyArn"] == arn
        assert iam.get_instance_profile(InstanceProfileName="ip")["InstanceProfile"]["Roles"][0]["RoleName"] == "r"
        assert iam.list_account_aliases()["AccountAliases"] == ["alias"]
        sts = client(second, "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
        assert sts.get_caller_identity()["Arn"].endswith(":user/kept")
    finally:
        second.stop()
        second.runtime.store.close()


def test_global_from_every_region(cumulo: CumuloServer) -> None:
    boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1").create_user(UserName="everywhere")
    assert boto3.client("iam", endpoint_url=cumulo.url, region_name="ap-south-1").get_user(UserName="everywhere")["User"]


def test_entities_round_trip() -> None:
    user = User("u", "AIDAX", "/", 1.0, tags={"a": "b"}, inline={"p": "{}"}, attached=["arn:p"], groups=["g"],
                access_keys={"AKIA": AccessKey("AKIA", "s", "Active", 2.0)}, login=LoginProfile(1.0, True, "h"))
    others = (
        Group("g", "AGPAX", "/", 1.0, members=["u"]),
        Role("r", "AROAX", "/", 1.0, "{}", max_session=7200, tags={"t": "v"}),
        ManagedPolicy("p", "ANPAX", "/", "arn:p", 1.0, 2.0, versions={"v1": PolicyVersion("v1", "{}", 1.0)}),
        InstanceProfile("ip", "AIPAX", "/", 1.0, roles=["r"]),
        MfaDevice("arn:mfa", b"seed", 1.0, user="u"),
        OidcProvider("arn:o", "host", ["c"], ["t"], 1.0),
        Account(aliases=["x"], password_policy={"MinimumPasswordLength": 9}),
    )
    for entity in (user, *others):
        assert decode(encode(entity)) == entity
