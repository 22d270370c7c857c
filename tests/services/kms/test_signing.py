"""Sign/Verify, MACs, key agreement and KEM: checked with `cryptography` and OpenSSL against GetPublicKey."""

from __future__ import annotations

import hashlib
import hmac
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, utils

RSA_ALGORITHMS = [f"RSASSA_{p}_SHA_{n}" for p in ("PSS", "PKCS1_V1_5") for n in (256, 384, 512)]
EC_SPECS = {"ECC_NIST_P256": "ECDSA_SHA_256", "ECC_NIST_P384": "ECDSA_SHA_384", "ECC_NIST_P521": "ECDSA_SHA_512", "ECC_SECG_P256K1": "ECDSA_SHA_256"}
HASH = {"256": hashes.SHA256, "384": hashes.SHA384, "512": hashes.SHA512}


def code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return str(e.value.response["Error"]["Code"])


def public_of(kms: Any, key_id: str) -> Any:
    return serialization.load_der_public_key(kms.get_public_key(KeyId=key_id)["PublicKey"])


def _local_verify(public: Any, algorithm: str, message: bytes, signature: bytes) -> None:
    h = HASH[algorithm.rsplit("_", 1)[-1]]()
    if algorithm.startswith("RSASSA_PSS"):
        public.verify(signature, message, padding.PSS(mgf=padding.MGF1(h), salt_length=h.digest_size), h)
    elif algorithm.startswith("RSASSA_PKCS1"):
        public.verify(signature, message, padding.PKCS1v15(), h)
    else:
        public.verify(signature, message, ec.ECDSA(h))


@pytest.mark.parametrize("spec", ["RSA_2048", "RSA_3072"])
def test_rsa_every_algorithm_both_ways(kms: Any, spec: str) -> None:
    key = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]
    assert key["SigningAlgorithms"] == RSA_ALGORITHMS
    public = public_of(kms, key["KeyId"])
    for algorithm in RSA_ALGORITHMS:
        sig = kms.sign(KeyId=key["KeyId"], Message=b"hello", SigningAlgorithm=algorithm)["Signature"]
        _local_verify(public, algorithm, b"hello", sig)
        assert kms.verify(KeyId=key["KeyId"], Message=b"hello", Signature=sig, SigningAlgorithm=algorithm)["SignatureValid"]
        h = HASH[algorithm.rsplit("_", 1)[-1]]
        digest = hashlib.new(h.name, b"hello").digest()
        dsig = kms.sign(KeyId=key["KeyId"], Message=digest, MessageType="DIGEST", SigningAlgorithm=algorithm)["Signature"]
        _local_verify(public, algorithm, b"hello", dsig)


@pytest.mark.parametrize("spec", list(EC_SPECS))
def test_ecdsa_and_outside_signatures(kms: Any, spec: str) -> None:
    key_id = kms.create_key(KeySpec=spec, KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    algorithm = EC_SPECS[spec]
    sig = kms.sign(KeyId=key_id, Message=b"msg", SigningAlgorithm=algorithm)["Signature"]
    _local_verify(public_of(kms, key_id), algorithm, b"msg", sig)
    with pytest.raises(ClientError) as e:
        kms.verify(KeyId=key_id, Message=b"other", Signature=sig, SigningAlgorithm=algorithm)
    assert code(e) == "KMSInvalidSignatureException"
    with pytest.raises(ClientError) as e:
        kms.sign(KeyId=key_id, Message=b"short", MessageType="DIGEST", SigningAlgorithm=algorithm)
    assert code(e) == "ValidationException"


def test_signature_made_outside_verifies(kms: Any) -> None:
    # Import an EC private key, sign outside with it, and Verify in KMS.
    key_id = kms.create_key(KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY", Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    params = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm="RSA_AES_KEY_WRAP_SHA_256", WrappingKeySpec="RSA_2048")
    private = ec.generate_private_key(ec.SECP256R1())
    from cryptography.hazmat.primitives.keywrap import aes_key_wrap_with_padding
    import os

    der = private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    aes = os.urandom(32)
    wrapping = serialization.load_der_public_key(params["PublicKey"])
    wrapped = wrapping.encrypt(aes, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)) + aes_key_wrap_with_padding(aes, der)  # type: ignore[union-attr]
    kms.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrapped, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    sig = private.sign(b"outside", ec.ECDSA(hashes.SHA256()))
    assert kms.verify(KeyId=key_id, Message=b"outside", Signature=sig, SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]
    digest = hashlib.sha256(b"outside").digest()
    assert kms.verify(KeyId=key_id, Message=digest, MessageType="DIGEST", Signature=sig, SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]
    sig2 = private.sign(digest, ec.ECDSA(utils.Prehashed(hashes.SHA256())))
    assert kms.verify(KeyId=key_id, Message=b"outside", Signature=sig2, SigningAlgorithm="ECDSA_SHA_256")["SignatureValid"]


@pytest.mark.skipif(shutil.which("openssl") is None, reason="no openssl binary")
def test_openssl_reads_public_key_and_verifies(kms: Any, tmp_path: Path) -> None:
    key_id = kms.create_key(KeySpec="RSA_2048", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    (tmp_path / "pub.der").write_bytes(kms.get_public_key(KeyId=key_id)["PublicKey"])
    (tmp_path / "msg").write_bytes(b"openssl checks this")
    sig = kms.sign(KeyId=key_id, Message=b"openssl checks this", SigningAlgorithm="RSASSA_PKCS1_V1_5_SHA_256")["Signature"]
    (tmp_path / "sig").write_bytes(sig)
    out = subprocess.run(
        ["openssl", "dgst", "-sha256", "-verify", str(tmp_path / "pub.der"), "-keyform", "DER", "-signature", str(tmp_path / "sig"), str(tmp_path / "msg")],
        capture_output=True, text=True,
    )
    assert "Verified OK" in out.stdout, out.stderr


def test_ed25519_and_ml_dsa(kms: Any) -> None:
    ed = kms.create_key(KeySpec="ECC_NIST_EDWARDS25519", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    sig = kms.sign(KeyId=ed, Message=b"m", SigningAlgorithm="ED25519_SHA_512")["Signature"]
    public_of(kms, ed).verify(sig, b"m")
    ml = kms.create_key(KeySpec="ML_DSA_65", KeyUsage="SIGN_VERIFY")["KeyMetadata"]["KeyId"]
    sig = kms.sign(KeyId=ml, Message=b"m", SigningAlgorithm="ML_DSA_SHAKE_256")["Signature"]
    public_of(kms, ml).verify(sig, b"m")
    assert kms.verify(KeyId=ml, Message=b"m", Signature=sig, SigningAlgorithm="ML_DSA_SHAKE_256")["SignatureValid"]


@pytest.mark.parametrize("bits", [224, 256, 384, 512])
def test_hmac(kms: Any, bits: int) -> None:
    key_id = kms.create_key(KeySpec=f"HMAC_{bits}", KeyUsage="GENERATE_VERIFY_MAC")["KeyMetadata"]["KeyId"]
    algorithm = f"HMAC_SHA_{bits}"
    mac = kms.generate_mac(KeyId=key_id, Message=b"data", MacAlgorithm=algorithm)["Mac"]
    assert len(mac) == bits // 8
    assert kms.verify_mac(KeyId=key_id, Message=b"data", Mac=mac, MacAlgorithm=algorithm)["MacValid"]
    with pytest.raises(ClientError) as e:
        kms.verify_mac(KeyId=key_id, Message=b"datb", Mac=mac, MacAlgorithm=algorithm)
    assert code(e) == "KMSInvalidMacException"
    with pytest.raises(ClientError) as e:
        kms.get_public_key(KeyId=key_id)
    assert code(e) == "UnsupportedOperationException"


def test_imported_hmac_key_matches_local_hmac(kms: Any) -> None:
    key_id = kms.create_key(KeySpec="HMAC_256", KeyUsage="GENERATE_VERIFY_MAC", Origin="EXTERNAL")["KeyMetadata"]["KeyId"]
    params = kms.get_parameters_for_import(KeyId=key_id, WrappingAlgorithm="RSAES_OAEP_SHA_256", WrappingKeySpec="RSA_2048")
    secret = b"k" * 32
    wrapped = serialization.load_der_public_key(params["PublicKey"]).encrypt(  # type: ignore[union-attr]
        secret, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(), label=None)
    )
    kms.import_key_material(KeyId=key_id, ImportToken=params["ImportToken"], EncryptedKeyMaterial=wrapped, ExpirationModel="KEY_MATERIAL_DOES_NOT_EXPIRE")
    mac = kms.generate_mac(KeyId=key_id, Message=b"abc", MacAlgorithm="HMAC_SHA_256")["Mac"]
    assert mac == hmac.new(secret, b"abc", hashlib.sha256).digest()


def test_derive_shared_secret(kms: Any) -> None:
    key_id = kms.create_key(KeySpec="ECC_NIST_P384", KeyUsage="KEY_AGREEMENT")["KeyMetadata"]["KeyId"]
    mine = ec.generate_private_key(ec.SECP384R1())
    mine_pub = mine.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    out = kms.derive_shared_secret(KeyId=key_id, KeyAgreementAlgorithm="ECDH", PublicKey=mine_pub)
    assert out["SharedSecret"] == mine.exchange(ec.ECDH(), public_of(kms, key_id))
    wrong = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    with pytest.raises(ClientError) as e:
        kms.derive_shared_secret(KeyId=key_id, KeyAgreementAlgorithm="ECDH", PublicKey=wrong)
    assert code(e) == "ValidationException"


def test_ml_kem_encapsulate_decapsulate(kms: Any) -> None:
    key_id = kms.create_key(KeySpec="ML_KEM_768", KeyUsage="ENCAPSULATE_DECAPSULATE")["KeyMetadata"]["KeyId"]
    out = kms.encapsulate(KeyId=key_id, EncapsulationAlgorithm="ML_KEM")
    back = kms.decapsulate(KeyId=key_id, SharedSecretCiphertextBlob=out["SharedSecretCiphertextBlob"], EncapsulationAlgorithm="ML_KEM")
    assert back["SharedSecret"] == out["SharedSecret"] and len(out["SharedSecret"]) == 32
    local_secret, ciphertext = public_of(kms, key_id).encapsulate()
    assert kms.decapsulate(KeyId=key_id, SharedSecretCiphertextBlob=ciphertext, EncapsulationAlgorithm="ML_KEM")["SharedSecret"] == local_secret
