"""Imported key material: wrapping parameters, expiry on the cumulo clock, deletion and re-import."""

from __future__ import annotations

import datetime
import os
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from cumulo.testing import ClockControl

DAY = 86400


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def _wrap(params: dict[str, Any], material: bytes) -> bytes:
    public = serialization.load_der_public_key(params["PublicKey"])
    return public.encrypt(material, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None))  # type: ignore[union-attr]


def test_import_expire_delete_reimport(kms: Any, cumulo_clock: ClockControl) -> None:
    meta = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]
    key = meta["KeyId"]
    assert meta["KeyState"] == "PendingImport" and meta["Origin"] == "EXTERNAL"
    with pytest.raises(ClientError) as e:
        kms.encrypt(KeyId=key, Plaintext=b"x")
    assert code(e) == "KMSInvalidStateException"
    material = os.urandom(32)
    params = kms.get_parameters_for_import(KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    valid_to = datetime.datetime.fromtimestamp(cumulo_clock.now() + 10 * DAY, tz=datetime.timezone.utc)
    out = kms.import_key_material(KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=_wrap(params, material), ValidTo=valid_to)
    described = kms.describe_key(KeyId=key)["KeyMetadata"]
    assert described["KeyState"] == "Enabled" and described["ExpirationModel"] == "KEY_MATERIAL_EXPIRES"
    assert described["CurrentKeyMaterialId"] == out["KeyMaterialId"]
    blob = kms.encrypt(KeyId=key, Plaintext=b"imported")["CiphertextBlob"]
    cumulo_clock.advance(10 * DAY + 120)
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "PendingImport"
    with pytest.raises(ClientError) as e:
        kms.decrypt(CiphertextBlob=blob)
    assert code(e) == "KMSInvalidStateException"
    # The same material again: the old ciphertext decrypts.
    params = kms.get_parameters_for_import(KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    kms.import_key_material(KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=_wrap(params, material), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == b"imported"
    kms.delete_imported_key_material(KeyId=key)
    assert kms.describe_key(KeyId=key)["KeyMetadata"]["KeyState"] == "PendingImport"
    # Other material is not this key's.
    params = kms.get_parameters_for_import(KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    with pytest.raises(ClientError) as e:
        kms.import_key_material(KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=_wrap(params, os.urandom(32)), ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert code(e) == "IncorrectKeyMaterialException"


def test_import_tokens(kms: Any, cumulo_clock: ClockControl) -> None:
    key = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    other = kms.create_key(Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    params = kms.get_parameters_for_import(KeyId=key, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    wrapped = _wrap(params, os.urandom(32))
    with pytest.raises(ClientError) as e:
        kms.import_key_material(KeyId=other, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrapped, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert code(e) == "InvalidImportTokenException"
    with pytest.raises(ClientError) as e:
        kms.import_key_material(KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=b"\x00" * 256, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert code(e) == "InvalidCiphertextException"
    cumulo_clock.advance(DAY + 60)
    with pytest.raises(ClientError) as e:
        kms.import_key_material(KeyId=key, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrapped, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    assert code(e) == "ExpiredImportTokenException"
    with pytest.raises(ClientError) as e:
        kms.get_parameters_for_import(KeyId=kms.create_key()["KeyMetadata"]["KeyId"], WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    assert code(e) == "UnsupportedOperationException"
