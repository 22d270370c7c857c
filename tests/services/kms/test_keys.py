"""Key lifecycle: metadata, states, deletion on the cumulo clock, rotation, policies, tags, paging."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl, CumuloServer

DAY = 86400


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_create_and_describe(kms: Any) -> None:
    meta = kms.create_key(Description="d", Tags=[{"TagKey": "team", "TagValue": "a"}])["KeyMetadata"]
    assert meta["KeySpec"] == "SYMMETRIC_DEFAULT" and meta["KeyUsage"] == "ENCRYPT_DECRYPT"
    assert meta["KeyState"] == "Enabled" and meta["Enabled"] and meta["KeyManager"] == "CUSTOMER"
    assert meta["Arn"] == f"arn:aws:kms:us-east-1:000000000000:key/{meta['KeyId']}"
    assert meta["EncryptionAlgorithms"] == ["SYMMETRIC_DEFAULT"]
    assert kms.list_resource_tags(KeyId=meta["KeyId"])["Tags"] == [{"TagKey": "team", "TagValue": "a"}]
    kms.update_key_description(KeyId=meta["KeyId"], Description="new")
    assert kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["Description"] == "new"
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId="11111111-2222-3333-4444-555555555555")
    assert code(e) == "NotFoundException"


def test_schedule_deletion_runs_on_the_clock(kms: Any, key: str, cumulo_clock: ClockControl) -> None:
    out = kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    assert out["KeyState"] == "PendingDeletion" and out["PendingWindowInDays"] == 7
    kms.cancel_key_deletion(KeyId=key)
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "Disabled"
    kms.enable_key(KeyId=key)
    kms.create_alias(AliasName="alias/gone", TargetKeyId=key)
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    with pytest.raises(ClientError) as e:
        kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    assert code(e) == "KMSInvalidStateException"
    cumulo_clock.advance(6 * DAY)
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "PendingDeletion"
    cumulo_clock.advance(DAY + 120)
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=key)
    assert code(e) == "NotFoundException"
    assert all(a["AliasName"] != "alias/gone" for a in kms.list_aliases()["Aliases"])


def test_rotation_keeps_old_ciphertexts(kms: Any, key: str, cumulo_clock: ClockControl) -> None:
    old = kms.encrypt(KeyId=key, Plaintext=b"before")["CiphertextBlob"]
    kms.enable_key_rotation(KeyId=key, RotationPeriodInDays=90)
    status = kms.get_key_rotation_status(KeyId=key)
    assert status["KeyRotationEnabled"] and status["RotationPeriodInDays"] == 90
    first = kms.describe_key(KeyId=key)["KeyMetadata"]["CurrentKeyMaterialId"]
    cumulo_clock.advance(91 * DAY)
    rotations = kms.list_key_rotations(KeyId=key)["Rotations"]
    assert [r["RotationType"] for r in rotations] == ["AUTOMATIC"]
    second = kms.describe_key(KeyId=key)["KeyMetadata"]["CurrentKeyMaterialId"]
    assert second != first
    kms.rotate_key_on_demand(KeyId=key)
    rotations = kms.list_key_rotations(KeyId=key, IncludeKeyMaterial="ALL_KEY_MATERIAL")["Rotations"]
    assert len(rotations) == 3 and rotations[-1]["RotationType"] == "ON_DEMAND"
    assert [r["KeyMaterialState"] for r in rotations] == ["NON_CURRENT", "NON_CURRENT", "CURRENT"]
    assert kms.decrypt(CiphertextBlob=old)["Plaintext"] == b"before"
    assert kms.decrypt(CiphertextBlob=old)["KeyMaterialId"] == first
    new = kms.encrypt(KeyId=key, Plaintext=b"after")["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=new)["KeyMaterialId"] not in (first, second)
    kms.disable_key_rotation(KeyId=key)
    assert not kms.get_key_rotation_status(KeyId=key)["KeyRotationEnabled"]


def test_rotation_only_for_symmetric(kms: Any) -> None:
    rsa = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    for call in (kms.enable_key_rotation, kms.rotate_key_on_demand):
        with pytest.raises(ClientError) as e:
            call(KeyId=rsa)
        assert code(e) == "UnsupportedOperationException"


def test_key_policy(kms: Any, key: str) -> None:
    policy = json.loads(kms.get_key_policy(KeyId=key, PolicyName="default")["Policy"])
    assert policy["Statement"][0]["Principal"] == {"AWS": "arn:aws:iam::000000000000:root"}
    assert kms.list_key_policies(KeyId=key)["PolicyNames"] == ["default"]
    new = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "kms:*", "Resource": "*"}]}
    kms.put_key_policy(KeyId=key, PolicyName="default", Policy=json.dumps(new))
    assert json.loads(kms.get_key_policy(KeyId=key)["Policy"]) == new
    with pytest.raises(ClientError) as e:
        kms.put_key_policy(KeyId=key, PolicyName="default", Policy="{not json")
    assert code(e) == "MalformedPolicyDocumentException"


def test_tags(kms: Any, key: str) -> None:
    kms.tag_resource(KeyId=key, Tags=[{"TagKey": "a", "TagValue": "1"}, {"TagKey": "b", "TagValue": "2"}])
    kms.untag_resource(KeyId=key, TagKeys=["a"])
    assert kms.list_resource_tags(KeyId=key)["Tags"] == [{"TagKey": "b", "TagValue": "2"}]
    with pytest.raises(ClientError) as e:
        kms.tag_resource(KeyId=key, Tags=[{"TagKey": "aws:x", "TagValue": "1"}])
    assert code(e) == "TagException"


def test_list_keys_pages(kms: Any) -> None:
    made = {kms.create_key()["KeyMetadata"]["KeyId"] for _ in range(5)}
    seen: list[str] = []
    page = kms.list_keys(Limit=2)
    while True:
        seen += [k["KeyId"] for k in page["Keys"]]
        if not page["Truncated"]:
            break
        page = kms.list_keys(Limit=2, Marker=page["NextMarker"])
    assert set(seen) == made and len(seen) == 5
    assert {k["KeyId"] for p in kms.get_paginator("list_keys").paginate(PaginationConfig={"PageSize": 2}) for k in p["Keys"]} == made


def test_multi_region_replica_decrypts(kms: Any, kms_west: Any) -> None:
    meta = kms.create_key(MultiRegion=True)["KeyMetadata"]
    assert meta["KeyId"].startswith("mrk-") and meta["MultiRegionConfiguration"]["MultiRegionKeyType"] == "PRIMARY"
    replica = kms.replicate_key(KeyId=meta["KeyId"], ReplicaRegion="us-west-2")["ReplicaKeyMetadata"]
    assert replica["Arn"] == meta["Arn"].replace("us-east-1", "us-west-2")
    assert replica["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"
    blob = kms.encrypt(KeyId=meta["KeyId"], Plaintext=b"everywhere")["CiphertextBlob"]
    assert kms_west.decrypt(CiphertextBlob=blob)["Plaintext"] == b"everywhere"
    kms.rotate_key_on_demand(KeyId=meta["KeyId"])
    blob2 = kms.encrypt(KeyId=meta["KeyId"], Plaintext=b"rotated")["CiphertextBlob"]
    assert kms_west.decrypt(CiphertextBlob=blob2)["Plaintext"] == b"rotated"
    described = kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
    assert [r["Region"] for r in described["ReplicaKeys"]] == ["us-west-2"]
    with pytest.raises(ClientError) as e:
        kms.replicate_key(KeyId=meta["KeyId"], ReplicaRegion="us-west-2")
    assert code(e) == "AlreadyExistsException"
    kms.update_primary_region(KeyId=meta["Arn"], PrimaryRegion="us-west-2")
    west = kms_west.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]
    assert west["MultiRegionKeyType"] == "PRIMARY"
    assert kms.describe_key(KeyId=meta["KeyId"])["KeyMetadata"]["MultiRegionConfiguration"]["MultiRegionKeyType"] == "REPLICA"
    with pytest.raises(ClientError) as e:
        kms.replicate_key(KeyId=kms.create_key()["KeyMetadata"]["KeyId"], ReplicaRegion="eu-west-1")
    assert code(e) == "UnsupportedOperationException"


def test_custom_key_stores_are_records_that_cannot_connect(kms: Any) -> None:
    store = kms.create_custom_key_store(
        CustomKeyStoreName="xks", CustomKeyStoreType="EXTERNAL_KEY_STORE", XksProxyUriEndpoint="https://xks.example.com",
        XksProxyUriPath="/kms/xks/v1", XksProxyConnectivity="PUBLIC_ENDPOINT",
        XksProxyAuthenticationCredential={"AccessKeyId": "A" * 20, "RawSecretAccessKey": "s" * 43},
    )["CustomKeyStoreId"]
    kms.connect_custom_key_store(CustomKeyStoreId=store)
    listed = kms.describe_custom_key_stores(CustomKeyStoreId=store)["CustomKeyStores"][0]
    assert listed["ConnectionState"] == "FAILED" and listed["ConnectionErrorCode"] == "XKS_PROXY_NOT_REACHABLE"
    with pytest.raises(ClientError) as e:
        kms.create_key(Origin="EXTERNAL_KEY_STORE", CustomKeyStoreId=store, XksKeyId="k1")
    assert code(e) == "CustomKeyStoreInvalidStateException"
    kms.disconnect_custom_key_store(CustomKeyStoreId=store)
    kms.update_custom_key_store(CustomKeyStoreId=store, NewCustomKeyStoreName="renamed")
    assert kms.describe_custom_key_stores()["CustomKeyStores"][0]["CustomKeyStoreName"] == "renamed"
    kms.delete_custom_key_store(CustomKeyStoreId=store)
    with pytest.raises(ClientError) as e:
        kms.describe_custom_key_stores(CustomKeyStoreId=store)
    assert code(e) == "CustomKeyStoreNotFoundException"


def test_last_usage_and_introspection(kms: Any, key: str, cumulo: CumuloServer) -> None:
    kms.encrypt(KeyId=key, Plaintext=b"x")
    last = kms.get_key_last_usage(KeyId=key)["KeyLastUsage"]
    assert last["Operation"] == "Encrypt"
    listed = httpx.get(cumulo.url + "/_cumulo/kms/keys").json()["keys"]
    mine = next(k for k in listed if k["keyId"] == key)
    assert mine["keySpec"] == "SYMMETRIC_DEFAULT" and mine["keyState"] == "Enabled" and mine["usage"]["Encrypt"] >= 1


def test_localstack_custom_id_and_material_tags(kms: Any) -> None:
    import base64
    import os

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    material = os.urandom(32)
    meta = kms.create_key(Tags=[{"TagKey": "_custom_id_", "TagValue": "my-fixed-key"},
                                {"TagKey": "_custom_key_material_", "TagValue": base64.b64encode(material).decode()},
                                {"TagKey": "team", "TagValue": "a"}])["KeyMetadata"]
    assert meta["KeyId"] == "my-fixed-key"
    assert kms.list_resource_tags(KeyId="my-fixed-key")["Tags"] == [{"TagKey": "team", "TagValue": "a"}]
    blob = kms.encrypt(KeyId="my-fixed-key", Plaintext=b"known", EncryptionContext={"a": "b"})["CiphertextBlob"]
    # The chosen material really is the key: the blob opens with it outside cumulo.
    header_end = 2 + blob[1] + 32
    aad = blob[:header_end] + b'{"a":"b"}'
    assert AESGCM(material).decrypt(blob[header_end:header_end + 12], blob[header_end + 12:], aad) == b"known"
    with pytest.raises(ClientError) as e:
        kms.create_key(Tags=[{"TagKey": "_custom_id_", "TagValue": "my-fixed-key"}])
    assert code(e) == "ValidationException"


def test_multi_region_primary_waits_for_its_replicas(kms: Any, kms_west: Any, cumulo_clock: ClockControl) -> None:
    key = kms.create_key(MultiRegion=True)["KeyMetadata"]["KeyId"]
    kms.replicate_key(KeyId=key, ReplicaRegion="us-west-2")
    out = kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    assert out["KeyState"] == "PendingReplicaDeletion" and "DeletionDate" not in out
    kms_west.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    cumulo_clock.advance(7 * DAY + 120)
    with pytest.raises(ClientError) as e:
        kms_west.describe_key(KeyId=key)
    assert code(e) == "NotFoundException"
    cumulo_clock.advance(120)
    meta = kms.describe_key(KeyId=key)["KeyMetadata"]
    assert meta["KeyState"] == "PendingDeletion" and meta["MultiRegionConfiguration"]["ReplicaKeys"] == []
    cumulo_clock.advance(7 * DAY + 120)
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId=key)
    assert code(e) == "NotFoundException"
