"""The KMS cryptography module on its own: blob format, context binding, signatures, import unwrapping."""

from __future__ import annotations

import os

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.kms import crypto

KEY_ID = "000000000000:1234abcd-12ab-34cd-56ef-1234567890ab"
MATERIAL = os.urandom(32)
MATERIAL_ID = crypto.material_id(KEY_ID, MATERIAL)
contexts = st.dictionaries(st.text(min_size=1, max_size=20), st.text(max_size=20), max_size=4)


@settings(max_examples=150, deadline=None)
@given(plaintext=st.binary(max_size=4096), context=contexts)
def test_seal_open_round_trip_and_header(plaintext: bytes, context: dict[str, str]) -> None:
    blob = crypto.seal(KEY_ID, MATERIAL_ID, MATERIAL, plaintext, context)
    assert crypto.blob_header(blob) == (KEY_ID, MATERIAL_ID)
    assert crypto.open_blob(MATERIAL, blob, dict(reversed(list(context.items())))) == plaintext  # order does not matter


@settings(max_examples=150, deadline=None)
@given(context=contexts, other=contexts)
def test_any_other_context_fails(context: dict[str, str], other: dict[str, str]) -> None:
    blob = crypto.seal(KEY_ID, MATERIAL_ID, MATERIAL, b"payload", context)
    if other == context:
        return
    with pytest.raises(crypto.CryptoError):
        crypto.open_blob(MATERIAL, blob, other)


@settings(max_examples=100, deadline=None)
@given(position=st.integers(min_value=0), flip=st.integers(min_value=1, max_value=255))
def test_any_changed_byte_fails(position: int, flip: int) -> None:
    blob = bytearray(crypto.seal(KEY_ID, MATERIAL_ID, MATERIAL, b"payload", {"a": "b"}))
    blob[position % len(blob)] ^= flip
    with pytest.raises(crypto.CryptoError):
        crypto.blob_header(bytes(blob))
        crypto.open_blob(MATERIAL, bytes(blob), {"a": "b"})


def test_material_ids_are_derived() -> None:
    assert crypto.material_id(KEY_ID, MATERIAL) == MATERIAL_ID and len(MATERIAL_ID) == 64
    assert crypto.material_id(KEY_ID, os.urandom(32)) != MATERIAL_ID


@pytest.mark.parametrize("spec", ["RSA_2048", "ECC_NIST_P256", "ECC_NIST_P384", "ECC_NIST_P521", "ECC_SECG_P256K1"])
def test_sign_verify_every_algorithm(spec: str) -> None:
    private = crypto.load_private(crypto.generate(spec))
    for algorithm in crypto.algorithms(spec, "SIGN_VERIFY")["SigningAlgorithms"]:
        signature = crypto.sign(private, algorithm, b"message", digest=False)
        assert crypto.verify(private.public_key(), algorithm, b"message", False, signature)
        assert not crypto.verify(private.public_key(), algorithm, b"massage", False, signature)


@pytest.mark.parametrize("algorithm", ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256", "RSA_AES_KEY_WRAP_SHA_1", "RSA_AES_KEY_WRAP_SHA_256", "RSAES_PKCS1_V1_5"])
def test_unwrap_imported_material(algorithm: str) -> None:
    wrapping = crypto.new_private_key("RSA_2048")
    public = wrapping.public_key()
    material = os.urandom(32)
    if algorithm == "RSAES_PKCS1_V1_5":
        wrapped = public.encrypt(material, padding.PKCS1v15())
    elif algorithm.startswith("RSAES_OAEP"):
        digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
        wrapped = public.encrypt(material, padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None))
    else:
        digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
        aes = os.urandom(32)
        wrapped = public.encrypt(aes, padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)) + aes_key_wrap_with_padding(aes, material)
    assert crypto.unwrap(wrapping, algorithm, wrapped) == material
    if algorithm == "RSAES_PKCS1_V1_5":
        # PKCS#1 v1.5 decryption rejects implicitly (a synthetic message, no error: no padding oracle).
        assert crypto.unwrap(wrapping, algorithm, b"\x00" * len(wrapped)) != material
        return
    with pytest.raises(crypto.CryptoError):
        crypto.unwrap(wrapping, algorithm, b"\x00" * len(wrapped))


def test_imported_material_must_fit_the_spec() -> None:
    assert crypto.check_imported("SYMMETRIC_DEFAULT", os.urandom(32))
    assert not crypto.check_imported("SYMMETRIC_DEFAULT", os.urandom(16))
    assert crypto.check_imported("ECC_NIST_P256", crypto.generate("ECC_NIST_P256"))
    assert not crypto.check_imported("ECC_NIST_P384", crypto.generate("ECC_NIST_P256"))
    assert crypto.check_imported("HMAC_256", os.urandom(32)) and not crypto.check_imported("HMAC_256", os.urandom(8))
