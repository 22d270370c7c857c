"""Terraform's AWS provider against cumulo's KMS and Secrets Manager (configuration `terraform/security`).

Apply keys, an alias, a grant, a secret under the customer key with a version
and a rotation schedule (the provider's RotateSecret really runs the rotation
function); check through boto3; plan shows no drift; destroy leaves the keys
pending deletion and the secret gone. Uses `Stack` from test_terraform.py.
"""

from __future__ import annotations

import importlib.util
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest

from cumulo.testing import CumuloServer

_spec = importlib.util.spec_from_file_location("cumulo_e2e_terraform", Path(__file__).with_name("test_terraform.py"))
assert _spec is not None and _spec.loader is not None
_tf = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_tf)

pytestmark = _tf.pytestmark


def boto3_west(cumulo: CumuloServer) -> Any:
    import boto3

    return boto3.client("kms", endpoint_url=cumulo.url, region_name="us-west-2", aws_access_key_id="test", aws_secret_access_key="test")


def test_keys_alias_grant_secret_and_rotation(cumulo: CumuloServer, tmp_path: Path) -> None:
    kms, sm = _tf.client(cumulo, "kms"), _tf.client(cumulo, "secretsmanager")
    stack = _tf.Stack("security", tmp_path, cumulo.url)
    rotator = tmp_path / "rotator.zip"
    with zipfile.ZipFile(rotator, "w") as archive:
        archive.write(stack.dir / "rotator.py", "rotator.py")
    outputs = stack.apply(rotator_zip=str(rotator))

    key = kms.describe_key(KeyId="alias/tf-main")["KeyMetadata"]
    assert key["KeyId"] == outputs["key_id"] and key["Description"] == "tf main key"
    status = kms.get_key_rotation_status(KeyId=key["KeyId"])
    assert status["KeyRotationEnabled"] and status["RotationPeriodInDays"] == 90
    assert kms.list_resource_tags(KeyId=key["KeyId"])["Tags"] == [{"TagKey": "team", "TagValue": "security"}]
    signing = kms.describe_key(KeyId=outputs["signing_key_id"])["KeyMetadata"]
    assert (signing["KeySpec"], signing["KeyUsage"]) == ("ECC_NIST_P256", "SIGN_VERIFY")
    grant = kms.list_grants(KeyId=key["KeyId"])["Grants"][0]
    assert grant["GrantId"] == outputs["grant_id"] and grant["Constraints"] == {"EncryptionContextEquals": {"app": "tf"}}

    secret = sm.describe_secret(SecretId="tf-db")
    assert secret["KmsKeyId"] == key["Arn"] and secret["RotationEnabled"]
    assert secret["RotationRules"]["AutomaticallyAfterDays"] == 30
    value = json.loads(sm.get_secret_value(SecretId="tf-db")["SecretString"])
    assert value["username"] == "admin" and value["password"] != "initial-password"  # rotated by the function
    previous = json.loads(sm.get_secret_value(SecretId="tf-db", VersionStage="AWSPREVIOUS")["SecretString"])
    assert previous["password"] == "initial-password"
    policy = json.loads(sm.get_resource_policy(SecretId="tf-db")["ResourcePolicy"])
    assert policy["Statement"][0]["Sid"] == "ReadersOnly"
    multi = kms.describe_key(KeyId=outputs["multi_key_id"])["KeyMetadata"]
    assert multi["MultiRegion"] and multi["KeyId"].startswith("mrk-")
    assert [r["Region"] for r in multi["MultiRegionConfiguration"]["ReplicaKeys"]] == ["us-west-2"]
    west = boto3_west(cumulo)
    replica = west.describe_key(KeyId=outputs["replica_arn"])["KeyMetadata"]
    assert replica["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA" and replica["Description"] == "tf replica"
    blob = kms.encrypt(KeyId=outputs["multi_key_id"], Plaintext=b"both regions")["CiphertextBlob"]
    assert west.decrypt(CiphertextBlob=blob)["Plaintext"] == b"both regions"
    stack.assert_no_drift()

    stack.destroy()
    assert kms.describe_key(KeyId=outputs["key_id"])["KeyMetadata"]["KeyState"] == "PendingDeletion"
    assert all(a["AliasName"] != "alias/tf-main" for a in kms.list_aliases()["Aliases"])
    assert kms.list_grants(KeyId=outputs["key_id"])["Grants"] == []
    with pytest.raises(Exception):
        sm.get_secret_value(SecretId="tf-db")
