"""The AWS Encryption SDK end to end: a KMS keyring pointed at cumulo encrypts and decrypts."""

from __future__ import annotations

from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

aws_encryption_sdk = pytest.importorskip("aws_encryption_sdk")


def test_encrypt_and_decrypt_with_a_kms_master_key_provider(cumulo: CumuloServer, kms: Any, key: str) -> None:
    from aws_encryption_sdk import CommitmentPolicy, EncryptionSDKClient, StrictAwsKmsMasterKeyProvider

    arn = kms.describe_key(KeyId=key)["KeyMetadata"]["Arn"]
    session = boto3.session.Session(region_name="us-east-1")
    provider = StrictAwsKmsMasterKeyProvider(key_ids=[arn], botocore_session=session._session)
    client = EncryptionSDKClient(commitment_policy=CommitmentPolicy.REQUIRE_ENCRYPT_REQUIRE_DECRYPT)
    ciphertext, header = client.encrypt(source=b"envelope " * 1000, key_provider=provider, encryption_context={"tenant": "a"})
    assert b"envelope" not in ciphertext
    plaintext, decrypted_header = client.decrypt(source=ciphertext, key_provider=provider)
    assert plaintext == b"envelope " * 1000
    assert decrypted_header.encryption_context["tenant"] == "a"
    # The data key really went through cumulo: its encrypted copy decrypts with KMS.
    blob = header.encrypted_data_keys.pop().encrypted_data_key
    context = dict(decrypted_header.encryption_context)
    assert len(kms.decrypt(CiphertextBlob=blob, EncryptionContext=context)["Plaintext"]) == 32
