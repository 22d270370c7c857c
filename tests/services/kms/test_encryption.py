"""Encrypt, Decrypt, ReEncrypt, data keys and pairs, GenerateRandom: real AES-GCM and RSA-OAEP."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def test_round_trip_without_key_id(kms: Any, key: str) -> None:
    out = kms.encrypt(KeyId=key, Plaintext=b"secret", EncryptionContext={"purpose": "test"})
    assert out["EncryptionAlgorithm"] == "SYMMETRIC_DEFAULT"
    assert b"secret" not in out["CiphertextBlob"]
    back = kms.decrypt(CiphertextBlob=out["CiphertextBlob"], EncryptionContext={"purpose": "test"})
    assert back["Plaintext"] == b"secret"
    assert back["KeyId"] == out["KeyId"] and back["KeyId"].endswith(key)
    assert len(back["KeyMaterialId"]) == 64


def test_encryption_context_is_bound(kms: Any, key: str) -> None:
    blob = kms.encrypt(KeyId=key, Plaintext=b"x", EncryptionContext={"a": "1"})["CiphertextBlob"]
    for wrong in ({}, {"a": "2"}, {"a": "1", "b": "2"}):
        with pytest.raises(ClientError) as e:
            kms.decrypt(CiphertextBlob=blob, EncryptionContext=wrong)
        assert code(e) == "InvalidCiphertextException"


def test_tampered_or_foreign_blob(kms: Any, key: str) -> None:
    blob = bytearray(kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"])
    blob[-1] ^= 1
    for bad in (bytes(blob), b"not a ciphertext at all"):
        with pytest.raises(ClientError) as e:
            kms.decrypt(CiphertextBlob=bad)
        assert code(e) == "InvalidCiphertextException"


def test_wrong_key_id_is_incorrect_key(kms: Any, key: str) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob, KeyId=other)
    assert code(e) == "IncorrectKeyException"
    assert kms.decrypt(CiphertextBlob=blob, KeyId=key)["Plaintext"] == b"x"


def test_alias_and_arn_name_the_key(kms: Any, key: str) -> None:
    kms.create_alias(AliasName="alias/app", TargetKeyId=key)
    arn = kms.describe_key(KeyId=key)["KeyMetadata"]["Arn"]
    for name in ("alias/app", arn, "arn:aws:kms:us-east-1:000000000000:alias/app"):
        blob = kms.encrypt(KeyId=name, Plaintext=b"y")["CiphertextBlob"]
        assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"y"


def test_disabled_and_pending_deletion_keys_refuse(kms: Any, key: str) -> None:
    blob = kms.encrypt(KeyId=key, Plaintext=b"x")["CiphertextBlob"]
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob)
    assert code(e) == "DisabledException"
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key, Plaintext=b"x")
    assert code(e) == "DisabledException"
    kms.enable_key(KeyId=key)
    kms.schedule_key_deletion(KeyId=key, PendingWindowInDays=7)
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob)
    assert code(e) == "KMSInvalidStateException"
    assert "pending deletion" in e.value.response["Error"]["Message"]


def test_generate_data_key_and_without_plaintext(kms: Any, key: str) -> None:
    out = kms.generate_data_key(KeyId=key, KeySpec="AES_256", EncryptionContext={"k": "v"})
    assert len(out["Plaintext"]) == 32
    assert kms.decrypt(CiphertextBlob=out["CiphertextBlob"], EncryptionContext={"k": "v"})["Plaintext"] == out["Plaintext"]
    assert len(kms.generate_data_key(KeyId=key, KeySpec="AES_128")["Plaintext"]) == 16
    assert len(kms.generate_data_key(KeyId=key, NumberOfBytes=64)["Plaintext"]) == 64
    bare = kms.generate_data_key_without_plaintext(KeyId=key, KeySpec="AES_256")
    assert "Plaintext" not in bare
    assert len(kms.decrypt(CiphertextBlob=bare["CiphertextBlob"])["Plaintext"]) == 32
    with pytest.raises(ClientError) as e:
        kms.generate_data_key(KeyId=key)
    assert code(e) == "ValidationException"


@pytest.mark.parametrize("spec", ["RSA_2048", "ECC_NIST_P256", "ECC_SECG_P256K1", "ECC_NIST_EDWARDS25519"])
def test_generate_data_key_pair(kms: Any, key: str, spec: str) -> None:
    out = kms.generate_data_key_pair(KeyId=key, KeyPairSpec=spec, EncryptionContext={"p": "q"})
    private = serialization.load_der_private_key(out["PrivateKeyPlaintext"], None)
    public = serialization.load_der_public_key(out["PublicKey"])
    assert private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) == out["PublicKey"]
    assert public is not None
    plain = kms.decrypt(CiphertextBlob=out["PrivateKeyCiphertextBlob"], EncryptionContext={"p": "q"})["Plaintext"]
    assert plain == out["PrivateKeyPlaintext"]
    bare = kms.generate_data_key_pair_without_plaintext(KeyId=key, KeyPairSpec=spec)
    assert "PrivateKeyPlaintext" not in bare and bare["KeyPairSpec"] == spec


def test_sm2_is_unsupported(kms: Any, key: str) -> None:
    with pytest.raises(ClientError) as e:
        kms.generate_data_key_pair(KeyId=key, KeyPairSpec="SM2")
    assert code(e) == "UnsupportedOperationException"
    with pytest.raises(ClientError) as e:
        kms.create_key(KeySpec="SM2", KeyUsage="SIGN_VERIFY")
    assert code(e) == "UnsupportedOperationException"


def test_re_encrypt_moves_between_keys(kms: Any, key: str) -> None:
    other = kms.create_key()["KeyMetadata"]["KeyId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"move me", EncryptionContext={"a": "b"})["CiphertextBlob"]
    out = kms.re_encrypt(CiphertextBlob=blob, SourceEncryptionContext={"a": "b"}, DestinationKeyId=other, DestinationEncryptionContext={"c": "d"})
    assert out["SourceKeyId"].endswith(key) and out["KeyId"].endswith(other)
    back = kms.decrypt(CiphertextBlob=out["CiphertextBlob"], EncryptionContext={"c": "d"})
    assert back["Plaintext"] == b"move me" and back["KeyId"].endswith(other)


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"])
def test_rsa_encryption_with_the_public_key(kms: Any, algorithm: str) -> None:
    key = kms.create_key(KeySpec="RSA_2048", KeyUsage="ENCRYPT_DECRYPT")["KeyMetadata"]
    assert key["EncryptionAlgorithms"] == ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]
    public = serialization.load_der_public_key(kms.get_public_key(KeyId=key["KeyId"])["PublicKey"])
    digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
    outside = public.encrypt(b"from outside", padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None))  # type: ignore[union-attr]
    assert kms.decrypt(CiphertextBlob=outside, KeyId=key["KeyId"], EncryptionAlgorithm=algorithm)["Plaintext"] == b"from outside"
    blob = kms.encrypt(KeyId=key["KeyId"], Plaintext=b"inside", EncryptionAlgorithm=algorithm)["CiphertextBlob"]
    assert kms.decrypt(CiphertextBlob=blob, KeyId=key["KeyId"], EncryptionAlgorithm=algorithm)["Plaintext"] == b"inside"
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key["KeyId"], Plaintext=b"x")
    assert code(e) == "InvalidKeyUsageException"
    with pytest.raises(ClientError) as e:
        kms.generate_data_key(KeyId=key["KeyId"], KeySpec="AES_256")
    assert code(e) == "InvalidKeyUsageException"


def test_key_usage_enforced(kms: Any) -> None:
    signing = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=signing, Plaintext=b"x")
    assert code(e) == "InvalidKeyUsageException"
    with pytest.raises(ClientError) as e:
        kms.create_key(KeySpec="ECC_NIST_P256")
    assert code(e) == "ValidationException"


def test_generate_random(kms: Any) -> None:
    a, b = (kms.generate_random(NumberOfBytes=32)["Plaintext"] for _ in range(2))
    assert len(a) == 32 and a != b


def test_dry_run_and_grant_tokens(kms: Any, key: str) -> None:
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key, Plaintext=b"x", DryRun=True)
    assert code(e) == "DryRunOperationException"
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key, Plaintext=b"x", GrantTokens=["garbage"])
    assert code(e) == "InvalidGrantTokenException"
    token = kms.create_grant(KeyId=key, GranteePrincipal="arn:aws:iam::000000000000:role/app", Operations=["Encrypt"])["GrantToken"]
    assert kms.encrypt(KeyId=key, Plaintext=b"x", GrantTokens=[token])["CiphertextBlob"]


def test_managed_key_made_on_first_use(kms: Any) -> None:
    blob = kms.encrypt(KeyId="alias/aws/s3", Plaintext=b"x")["CiphertextBlob"]
    meta = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    assert meta["KeyManager"] == "AWS"
    assert kms.decrypt(CiphertextBlob=blob)["KeyId"] == meta["Arn"]
    assert any(a["AliasName"] == "alias/aws/s3" and a["TargetKeyId"] == meta["KeyId"] for a in kms.list_aliases()["Aliases"])
    with pytest.raises(ClientError) as e:
        kms.describe_key(KeyId="alias/missing")
    assert code(e) == "NotFoundException"
