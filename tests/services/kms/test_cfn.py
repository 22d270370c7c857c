"""KMS's CloudFormation providers, driven directly (the stack engine's tests drive them in stacks)."""

from __future__ import annotations

import json
from typing import Any

from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision
from tests.services.cfn_support import delete_twice, make, make_in_stack, read, replaces, update

POLICY = {"Version": "2012-10-17", "Id": "custom", "Statement": [
    {"Sid": "root", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::000000000000:root"}, "Action": "kms:*", "Resource": "*"}]}


def test_key_update_and_scheduled_deletion(cumulo: CumuloServer, kms: Any) -> None:
    props = {"Description": "app key", "EnableKeyRotation": "true", "RotationPeriodInDays": "90", "KeyPolicy": POLICY,
             "Tags": [{"Key": "team", "Value": "a"}], "PendingWindowInDays": "7"}
    ctx, made = make(cumulo, "AWS::KMS::Key", props)
    meta = kms.describe_key(KeyId=made.physical_id)["KeyMetadata"]
    assert made.attributes == {"Arn": meta["Arn"], "KeyId": meta["KeyId"]} and made.physical_id == meta["KeyId"]
    assert meta["Description"] == "app key" and meta["Enabled"] is True
    rotation = kms.get_key_rotation_status(KeyId=made.physical_id)
    assert rotation["KeyRotationEnabled"] is True and rotation["RotationPeriodInDays"] == 90
    assert json.loads(kms.get_key_policy(KeyId=made.physical_id, PolicyName="default")["Policy"])["Id"] == "custom"
    assert kms.list_resource_tags(KeyId=made.physical_id)["Tags"] == [{"TagKey": "team", "TagValue": "a"}]
    blob = kms.encrypt(KeyId=made.physical_id, Plaintext=b"secret")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"secret"

    new = {"Description": "changed", "Enabled": False, "KeyPolicy": {**POLICY, "Id": "other"}, "PendingWindowInDays": 7}
    assert {"KeySpec", "KeyUsage", "MultiRegion"} <= replaces("AWS::KMS::Key")
    update(cumulo, "AWS::KMS::Key", ctx, made, new, props)
    meta = kms.describe_key(KeyId=made.physical_id)["KeyMetadata"]
    assert meta["Description"] == "changed" and meta["Enabled"] is False and meta["KeyState"] == "Disabled"
    assert kms.get_key_rotation_status(KeyId=made.physical_id)["KeyRotationEnabled"] is False
    assert kms.list_resource_tags(KeyId=made.physical_id)["Tags"] == []
    current = read(cumulo, "AWS::KMS::Key", ctx, made, new)
    assert current["KeyPolicy"]["Id"] == "other" and current["Enabled"] is False

    delete_twice(cumulo, "AWS::KMS::Key", ctx, made, new)
    meta = kms.describe_key(KeyId=made.physical_id)["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion" and (meta["DeletionDate"] - meta["CreationDate"]).days in (6, 7)


def test_asymmetric_key_and_alias(cumulo: CumuloServer, kms: Any) -> None:
    ctx, key = make(cumulo, "AWS::KMS::Key", {"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}, "Signer")
    _, other = make(cumulo, "AWS::KMS::Key", {"KeySpec": "ECC_NIST_P256", "KeyUsage": "SIGN_VERIFY"}, "Other")
    meta = kms.describe_key(KeyId=key.physical_id)["KeyMetadata"]
    assert meta["KeySpec"] == "ECC_NIST_P256" and meta["KeyUsage"] == "SIGN_VERIFY"
    signature = kms.sign(KeyId=key.physical_id, Message=b"m", SigningAlgorithm="ECDSA_SHA_256")["Signature"]
    assert kms.verify(KeyId=key.physical_id, Message=b"m", Signature=signature, SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]

    actx, alias = make(cumulo, "AWS::KMS::Alias", {"AliasName": "alias/app", "TargetKeyId": key.attributes["Arn"]}, "Alias")
    assert alias.physical_id == "alias/app"
    assert kms.describe_key(KeyId="alias/app")["KeyMetadata"]["KeyId"] == key.physical_id
    update(cumulo, "AWS::KMS::Alias", actx, alias, {"AliasName": "alias/app", "TargetKeyId": other.physical_id}, {})
    assert read(cumulo, "AWS::KMS::Alias", actx, alias, {})["TargetKeyId"] == other.physical_id
    delete_twice(cumulo, "AWS::KMS::Alias", actx, alias, {})
    assert [a["AliasName"] for a in kms.list_aliases()["Aliases"] if a["AliasName"] == "alias/app"] == []


def test_replica_key(cumulo: CumuloServer, kms: Any, kms_west: Any) -> None:
    _, primary = make(cumulo, "AWS::KMS::Key", {"MultiRegion": True, "Description": "primary"}, "Primary")
    ctx, replica = cumulo.run(provision(cumulo.runtime, "AWS::KMS::ReplicaKey", {"PrimaryKeyArn": primary.attributes["Arn"], "Description": "west",
                                                                                 "Tags": [{"Key": "r", "Value": "w"}]}, region="us-west-2"))
    assert replica.physical_id == primary.physical_id and replica.attributes["Arn"].startswith("arn:aws:kms:us-west-2:")
    meta = kms_west.describe_key(KeyId=replica.physical_id)["KeyMetadata"]
    assert meta["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA" and meta["Description"] == "west"
    blob = kms.encrypt(KeyId=primary.physical_id, Plaintext=b"x")["CiphertextBlob"]
    assert kms_west.decrypt(CiphertextBlob=blob, KeyId=replica.attributes["Arn"])["Plaintext"] == b"x"
    update(cumulo, "AWS::KMS::ReplicaKey", ctx, replica, {"PrimaryKeyArn": primary.attributes["Arn"], "Description": "west2", "Enabled": "false"},
           {"PrimaryKeyArn": primary.attributes["Arn"], "Description": "west", "Tags": [{"Key": "r", "Value": "w"}]})
    meta = kms_west.describe_key(KeyId=replica.physical_id)["KeyMetadata"]
    assert meta["Description"] == "west2" and meta["Enabled"] is False
    delete_twice(cumulo, "AWS::KMS::ReplicaKey", ctx, replica, {"PendingWindowInDays": 7})
    assert kms_west.describe_key(KeyId=replica.physical_id)["KeyMetadata"]["KeyState"] == "PendingDeletion"


def test_stack_tags_propagate(cumulo: CumuloServer, kms: Any) -> None:
    _, made = make_in_stack(cumulo, "AWS::KMS::Key", {"Tags": [{"Key": "own", "Value": "1"}]})
    tags = {t["TagKey"]: t["TagValue"] for t in kms.list_resource_tags(KeyId=made.physical_id)["Tags"]}
    assert tags == {"env": "prod", "own": "1"}
