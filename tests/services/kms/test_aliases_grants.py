"""Aliases and grants through boto3, and the AWS CLI's view of both."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/app"


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_alias_lifecycle(kms: Any, key: str) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    kms.create_alias(AliasName="alias/one", TargetKeyId=key)
    with pytest.raises(ClientError) as e:
        kms.create_alias(AliasName="alias/one", TargetKeyId=key)
    assert code(e) == "AlreadyExistsException"
    for bad, expected in (("nope", "ValidationException"), ("alias/aws/mine", "InvalidAliasNameException")):
        with pytest.raises(ClientError) as e:
            kms.create_alias(AliasName=bad, TargetKeyId=key)
        assert code(e) == expected
    kms.update_alias(AliasName="alias/one", TargetKeyId=other)
    listed = kms.list_aliases(KeyId=other)["Aliases"]
    assert [a["AliasName"] for a in listed] == ["alias/one"]
    assert listed[0]["AliasArn"] == "arn:aws:kms:us-east-1:000000000000:alias/one"
    signing = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as e:
        kms.update_alias(AliasName="alias/one", TargetKeyId=signing)
    assert code(e) == "ValidationException"
    kms.delete_alias(AliasName="alias/one")
    with pytest.raises(ClientError) as e:
        kms.delete_alias(AliasName="alias/one")
    assert code(e) == "NotFoundException"


def test_alias_pages(kms: Any, key: str) -> None:
    for i in range(5):
        kms.create_alias(AliasName=f"alias/a{i}", TargetKeyId=key)
    names = [a["AliasName"] for p in kms.get_paginator("list_aliases").paginate(PaginationConfig={"PageSize": 2}) for a in p["Aliases"]]
    assert names == [f"alias/a{i}" for i in range(5)]


def test_grant_lifecycle(kms: Any, key: str) -> None:
    made = kms.create_grant(
        KeyId=key, GranteePrincipal=ROLE, RetiringPrincipal="arn:aws:iam::000000000000:role/ops",
        Operations=["Encrypt", "Decrypt"], Constraints={"EncryptionContextSubset": {"dept": "a"}}, Name="g1",
    )
    again = kms.create_grant(
        KeyId=key, GranteePrincipal=ROLE, RetiringPrincipal="arn:aws:iam::000000000000:role/ops",
        Operations=["Encrypt", "Decrypt"], Constraints={"EncryptionContextSubset": {"dept": "a"}}, Name="g1",
    )
    assert again["GrantId"] == made["GrantId"]
    grants = kms.list_grants(KeyId=key)["Grants"]
    assert len(grants) == 1 and grants[0]["Constraints"] == {"EncryptionContextSubset": {"dept": "a"}}
    assert grants[0]["Operations"] == ["Encrypt", "Decrypt"] and grants[0]["Name"] == "g1"
    assert kms.list_retirable_grants(RetiringPrincipal="arn:aws:iam::000000000000:role/ops")["Grants"][0]["GrantId"] == made["GrantId"]
    kms.retire_grant(GrantToken=made["GrantToken"])
    assert kms.list_grants(KeyId=key)["Grants"] == []
    second = kms.create_grant(KeyId=key, GranteePrincipal=ROLE, Operations=["GenerateDataKey"])
    kms.revoke_grant(KeyId=key, GrantId=second["GrantId"])
    with pytest.raises(ClientError) as e:
        kms.revoke_grant(KeyId=key, GrantId=second["GrantId"])
    assert code(e) == "InvalidGrantIdException"


def test_grant_operations_must_fit_the_key(kms: Any) -> None:
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as e:
        kms.create_grant(KeyId=signing, GranteePrincipal=ROLE, Operations=["Encrypt"])
    assert code(e) == "ValidationException"
    assert kms.create_grant(KeyId=signing, GranteePrincipal=ROLE, Operations=["Sign", "Verify"])["GrantId"]


def test_aws_cli_encrypts_and_lists(cumulo: CumuloServer, key: str, tmp_path: Any) -> None:
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}

    def cli(*args: str) -> Any:
        out = subprocess.run([sys.executable, "-m", "awscli", "kms", *args, "--endpoint-url", cumulo.url, "--output", "json"], capture_output=True, text=True, env=env)
        assert out.returncode == 0, out.stderr
        return json.loads(out.stdout) if out.stdout.strip() else None

    (tmp_path / "plain.txt").write_bytes(b"cli secret")
    blob = cli("encrypt", "--key-id", key, "--plaintext", f"fileb://{tmp_path / 'plain.txt'}")["CiphertextBlob"]
    import base64

    (tmp_path / "blob").write_bytes(base64.b64decode(blob))
    plain = cli("decrypt", "--ciphertext-blob", f"fileb://{tmp_path / 'blob'}")["Plaintext"]
    assert base64.b64decode(plain) == b"cli secret"
