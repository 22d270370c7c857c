"""KMS cryptography: every key spec as `cryptography` computes it, over plain bytes.

Pure functions, no state. Key material is bytes: 32 random bytes for
SYMMETRIC_DEFAULT, the HMAC key for HMAC_*, and a DER PKCS#8 private key for
every asymmetric spec. A spec `cryptography` cannot compute (SM2, ML_KEM_512)
is in `UNSUPPORTED`; the handlers answer UnsupportedOperationException for it.

Symmetric ciphertext blobs (what Encrypt returns for SYMMETRIC_DEFAULT):

    0x01 | len(key id) | key id (ascii) | material id (32 bytes) | nonce (12) | AES-256-GCM ciphertext+tag

The header is authenticated together with the canonical encryption context
(sorted compact JSON), so a changed context, key id or material id fails to
decrypt. The key id (not the ARN) is in the blob: a multi-Region replica, which
shares id and material, decrypts its primary's ciphertexts. Without the
material, which only cumulo's state holds, the blob is opaque.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, mldsa, mlkem, padding, rsa, utils
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap_with_padding

VERSION = 1


class CryptoError(Exception):
    """Bytes that do not decrypt, verify or parse: the handler names the AWS error."""


@dataclass(frozen=True, slots=True)
class Spec:
    name: str
    usages: tuple[str, ...]
    kind: str  # symmetric | hmac | rsa | ec | ed25519 | mldsa | mlkem


SPECS: dict[str, Spec] = {
    "SYMMETRIC_DEFAULT": Spec("SYMMETRIC_DEFAULT", ("ENCRYPT_DECRYPT",), "symmetric"),
    **{f"RSA_{n}": Spec(f"RSA_{n}", ("ENCRYPT_DECRYPT", "SIGN_VERIFY"), "rsa") for n in (2048, 3072, 4096)},
    **{f"ECC_NIST_P{n}": Spec(f"ECC_NIST_P{n}", ("SIGN_VERIFY", "KEY_AGREEMENT"), "ec") for n in (256, 384, 521)},
    "ECC_SECG_P256K1": Spec("ECC_SECG_P256K1", ("SIGN_VERIFY",), "ec"),
    **{f"HMAC_{n}": Spec(f"HMAC_{n}", ("GENERATE_VERIFY_MAC",), "hmac") for n in (224, 256, 384, 512)},
    "ECC_NIST_EDWARDS25519": Spec("ECC_NIST_EDWARDS25519", ("SIGN_VERIFY",), "ed25519"),
    **{f"ML_DSA_{n}": Spec(f"ML_DSA_{n}", ("SIGN_VERIFY",), "mldsa") for n in (44, 65, 87)},
    **{f"ML_KEM_{n}": Spec(f"ML_KEM_{n}", ("ENCAPSULATE_DECAPSULATE",), "mlkem") for n in (768, 1024)},
}
# Specs AWS offers that the `cryptography` package cannot compute.
UNSUPPORTED = {"SM2": "SM2 (ShangMi) keys", "ML_KEM_512": "ML_KEM_512 keys"}

_CURVES: dict[str, ec.EllipticCurve] = {
    "ECC_NIST_P256": ec.SECP256R1(),
    "ECC_NIST_P384": ec.SECP384R1(),
    "ECC_NIST_P521": ec.SECP521R1(),
    "ECC_SECG_P256K1": ec.SECP256K1(),
}
_HASHES: dict[str, type[hashes.HashAlgorithm]] = {"SHA_1": hashes.SHA1, "SHA_224": hashes.SHA224, "SHA_256": hashes.SHA256, "SHA_384": hashes.SHA384, "SHA_512": hashes.SHA512}
_HMAC_BYTES = {"HMAC_224": 28, "HMAC_256": 32, "HMAC_384": 48, "HMAC_512": 64}
_ECDSA = {"ECC_NIST_P256": "ECDSA_SHA_256", "ECC_NIST_P384": "ECDSA_SHA_384", "ECC_NIST_P521": "ECDSA_SHA_512", "ECC_SECG_P256K1": "ECDSA_SHA_256"}
_RSA_SIGNING = [f"RSASSA_{p}_SHA_{n}" for p in ("PSS", "PKCS1_V1_5") for n in (256, 384, 512)]


def algorithms(spec: str, usage: str) -> dict[str, list[str]]:
    """The algorithm lists DescribeKey and GetPublicKey show for a spec and usage."""
    kind = SPECS[spec].kind if spec in SPECS else ""
    if usage == "ENCRYPT_DECRYPT":
        return {"EncryptionAlgorithms": ["SYMMETRIC_DEFAULT"] if kind == "symmetric" else ["RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"]}
    if usage == "SIGN_VERIFY":
        if kind == "rsa":
            return {"SigningAlgorithms": list(_RSA_SIGNING)}
        if kind == "ec":
            return {"SigningAlgorithms": [_ECDSA[spec]]}
        if kind == "ed25519":
            return {"SigningAlgorithms": ["ED25519_SHA_512"]}  # Ed25519ph: not in `cryptography`
        return {"SigningAlgorithms": ["ML_DSA_SHAKE_256"]}
    if usage == "GENERATE_VERIFY_MAC":
        return {"MacAlgorithms": [f"HMAC_SHA_{spec.split('_')[1]}"]}
    if usage == "KEY_AGREEMENT":
        return {"KeyAgreementAlgorithms": ["ECDH"]}
    return {"EncapsulationAlgorithms": ["ML_KEM"]}


# ---------------------------------------------------------------- material


def generate(spec: str) -> bytes:
    kind = SPECS[spec].kind
    if kind == "symmetric":
        return os.urandom(32)
    if kind == "hmac":
        return os.urandom(_HMAC_BYTES[spec])
    return private_der(new_private_key(spec))


def new_private_key(spec: str) -> Any:
    kind = SPECS[spec].kind if spec in SPECS else "rsa"
    if kind == "rsa":
        return rsa.generate_private_key(65537, int(spec.split("_")[1]))
    if kind == "ec":
        return ec.generate_private_key(_CURVES[spec])
    if kind == "ed25519":
        return ed25519.Ed25519PrivateKey.generate()
    if kind == "mldsa":
        dsa: dict[str, Any] = {"ML_DSA_44": mldsa.MLDSA44PrivateKey, "ML_DSA_65": mldsa.MLDSA65PrivateKey, "ML_DSA_87": mldsa.MLDSA87PrivateKey}
        return dsa[spec].generate()
    if kind == "mlkem":
        kem: dict[str, Any] = {"ML_KEM_768": mlkem.MLKEM768PrivateKey, "ML_KEM_1024": mlkem.MLKEM1024PrivateKey}
        return kem[spec].generate()
    raise ValueError(spec)


def private_der(private: Any) -> bytes:
    return private.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def load_private(material: bytes) -> Any:
    return serialization.load_der_private_key(material, None)


def public_der(private: Any) -> bytes:
    """The SubjectPublicKeyInfo DER that GetPublicKey returns (what OpenSSL reads)."""
    return private.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)


def check_imported(spec: str, material: bytes) -> bool:
    """Whether imported bytes are usable material for the spec."""
    kind = SPECS[spec].kind
    if kind == "symmetric":
        return len(material) == 32
    if kind == "hmac":
        # From the digest size up to the hash's block size (64 bytes, 128 for SHA-384/512).
        return _HMAC_BYTES[spec] <= len(material) <= (128 if spec in ("HMAC_384", "HMAC_512") else 64)
    try:
        key = load_private(material)
    except (ValueError, TypeError):
        return False
    if kind == "rsa":
        return isinstance(key, rsa.RSAPrivateKey) and key.key_size == int(spec.split("_")[1])
    if kind == "ec":
        return isinstance(key, ec.EllipticCurvePrivateKey) and key.curve.name == _CURVES[spec].name
    if kind == "ed25519":
        return isinstance(key, ed25519.Ed25519PrivateKey)
    return False


# ---------------------------------------------------------------- symmetric blobs


def canonical_context(context: dict[str, str] | None) -> bytes:
    if not context:
        return b"{}"
    return json.dumps(context or {}, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def seal(key_id: str, material_id: str, material: bytes, plaintext: bytes, context: dict[str, str] | None) -> bytes:
    kid = key_id.encode()
    header = bytes((VERSION, len(kid))) + kid + bytes.fromhex(material_id)
    nonce = os.urandom(12)
    return header + nonce + AESGCM(material).encrypt(nonce, plaintext, header + canonical_context(context))


def blob_header(blob: bytes) -> tuple[str, str]:
    """(key id, material id) of a symmetric ciphertext blob; CryptoError if it is not one."""
    if len(blob) < 2 or blob[0] != VERSION:
        raise CryptoError("not a KMS ciphertext")
    n = blob[1]
    end = 2 + n + 32
    if len(blob) < end + 12 + 16:
        raise CryptoError("truncated ciphertext")
    try:
        key_id = blob[2 : 2 + n].decode("ascii")
    except UnicodeDecodeError:
        raise CryptoError("not a KMS ciphertext") from None
    return key_id, blob[2 + n : end].hex()


def open_blob(material: bytes, blob: bytes, context: dict[str, str] | None) -> bytes:
    n = blob[1]
    end = 2 + n + 32
    header, nonce, body = blob[:end], blob[end : end + 12], blob[end + 12 :]
    try:
        return AESGCM(material).decrypt(nonce, body, header + canonical_context(context))
    except InvalidTag:
        raise CryptoError("the ciphertext or its encryption context does not match") from None


# ---------------------------------------------------------------- RSA encryption


def _oaep(algorithm: str) -> padding.OAEP:
    digest = hashes.SHA1() if algorithm == "RSAES_OAEP_SHA_1" else hashes.SHA256()
    return padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None)


def rsa_encrypt(private: rsa.RSAPrivateKey, algorithm: str, plaintext: bytes) -> bytes:
    try:
        return private.public_key().encrypt(plaintext, _oaep(algorithm))
    except ValueError:
        raise CryptoError("plaintext too long for the key and algorithm") from None


def rsa_decrypt(private: rsa.RSAPrivateKey, algorithm: str, ciphertext: bytes) -> bytes:
    try:
        return private.decrypt(ciphertext, _oaep(algorithm))
    except ValueError:
        raise CryptoError("does not decrypt") from None


def rsa_max_plaintext(private: rsa.RSAPrivateKey, algorithm: str) -> int:
    digest = 20 if algorithm == "RSAES_OAEP_SHA_1" else 32
    return private.key_size // 8 - 2 * digest - 2


# ---------------------------------------------------------------- signatures


def digest_size(algorithm: str) -> int:
    return {"256": 32, "384": 48, "512": 64}.get(algorithm.rsplit("_", 1)[-1], 0)


def _hash_of(algorithm: str) -> hashes.HashAlgorithm:
    return _HASHES["SHA_" + algorithm.rsplit("_", 1)[-1]]()


def sign(private: Any, algorithm: str, message: bytes, digest: bool) -> bytes:
    if algorithm.startswith("RSASSA_"):
        h = _hash_of(algorithm)
        chosen = utils.Prehashed(h) if digest else h
        pad = padding.PSS(mgf=padding.MGF1(_hash_of(algorithm)), salt_length=h.digest_size) if "_PSS_" in algorithm else padding.PKCS1v15()
        return private.sign(message, pad, chosen)
    if algorithm.startswith("ECDSA_"):
        h = _hash_of(algorithm)
        return private.sign(message, ec.ECDSA(utils.Prehashed(h) if digest else h))
    # ED25519_SHA_512 and ML_DSA_SHAKE_256 sign the raw message.
    return private.sign(message)


def verify(public: Any, algorithm: str, message: bytes, digest: bool, signature: bytes) -> bool:
    try:
        if algorithm.startswith("RSASSA_"):
            h = _hash_of(algorithm)
            chosen = utils.Prehashed(h) if digest else h
            pad = padding.PSS(mgf=padding.MGF1(_hash_of(algorithm)), salt_length=h.digest_size) if "_PSS_" in algorithm else padding.PKCS1v15()
            public.verify(signature, message, pad, chosen)
        elif algorithm.startswith("ECDSA_"):
            h = _hash_of(algorithm)
            public.verify(signature, message, ec.ECDSA(utils.Prehashed(h) if digest else h))
        else:
            public.verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


# ---------------------------------------------------------------- MACs, key agreement, KEM


def mac(key: bytes, algorithm: str, message: bytes) -> bytes:
    return hmac.new(key, message, getattr(hashlib, "sha" + algorithm.rsplit("_", 1)[-1])).digest()


def ecdh(private: ec.EllipticCurvePrivateKey, peer_der: bytes) -> bytes:
    try:
        peer = serialization.load_der_public_key(peer_der)
    except (ValueError, TypeError):
        raise CryptoError("the public key is not a DER-encoded X.509 SubjectPublicKeyInfo") from None
    if not isinstance(peer, ec.EllipticCurvePublicKey) or peer.curve.name != private.curve.name:
        raise CryptoError("the public key is not on the key's curve")
    return private.exchange(ec.ECDH(), peer)


def encapsulate(private: Any) -> tuple[bytes, bytes]:
    """(shared secret, its ciphertext) for the key's public half."""
    secret, ciphertext = private.public_key().encapsulate()
    return secret, ciphertext


def decapsulate(private: Any, ciphertext: bytes) -> bytes:
    try:
        return private.decapsulate(ciphertext)
    except ValueError:
        raise CryptoError("not an encapsulated secret for this key") from None


# ---------------------------------------------------------------- import wrapping


def unwrap(wrapping: rsa.RSAPrivateKey, algorithm: str, wrapped: bytes) -> bytes:
    """Key material a client wrapped with GetParametersForImport's public key."""
    try:
        if algorithm == "RSAES_PKCS1_V1_5":
            return wrapping.decrypt(wrapped, padding.PKCS1v15())
        if algorithm in ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"):
            return wrapping.decrypt(wrapped, _oaep(algorithm))
        # RSA_AES_KEY_WRAP_SHA_*: an ephemeral AES key under RSA-OAEP, then the
        # material under that key with AES key wrap with padding (RFC 5649).
        digest = hashes.SHA1() if algorithm.endswith("SHA_1") else hashes.SHA256()
        size = wrapping.key_size // 8
        aes_key = wrapping.decrypt(wrapped[:size], padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=None))
        return aes_key_unwrap_with_padding(aes_key, wrapped[size:])
    except (ValueError, InvalidUnwrap):
        raise CryptoError("the key material does not unwrap") from None


def material_id(key_id: str, material: bytes) -> str:
    """A material's id: derived, so re-importing the same material gets the same id back."""
    return hashlib.sha256(key_id.encode() + b"\0" + material).hexdigest()
