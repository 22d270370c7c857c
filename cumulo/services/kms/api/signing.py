"""KMS asymmetric and MAC operations: Sign, Verify, GenerateMac, VerifyMac, GetPublicKey,
DeriveSharedSecret, Encapsulate, Decapsulate.

Signatures are what the algorithm's standard produces (DER ECDSA, PKCS#1 v1.5,
PSS with a salt as long as the digest, Ed25519, ML-DSA), so OpenSSL or
`cryptography` verify them with GetPublicKey's DER, and signatures made
outside verify here.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import crypto, keys
from cumulo.services.kms.api.encryption import _dry_run, no_recipient
from cumulo.services.kms.grants import check_tokens
from cumulo.services.kms.keys import find
from cumulo.services.kms.models import Key


def decapsulate(ctx: RequestContext, req: wire.DecapsulateRequest) -> wire.DecapsulateResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = _asymmetric(ctx, req["KeyId"], "ENCAPSULATE_DECAPSULATE", "Decapsulate")
    material = keys.usable(ctx, key, "Decapsulate")
    try:
        secret = crypto.decapsulate(keys.private_of(ctx, material), req["SharedSecretCiphertextBlob"])
    except crypto.CryptoError:
        raise wire.InvalidCiphertextExceptionError("") from None
    _dry_run(req)
    return {"KeyId": key.arn, "SharedSecret": secret, "EncapsulationAlgorithm": "ML_KEM"}


def derive_shared_secret(ctx: RequestContext, req: wire.DeriveSharedSecretRequest) -> wire.DeriveSharedSecretResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    no_recipient(req)
    key = _asymmetric(ctx, req["KeyId"], "KEY_AGREEMENT", "DeriveSharedSecret")
    material = keys.usable(ctx, key, "DeriveSharedSecret")
    try:
        secret = crypto.ecdh(keys.private_of(ctx, material), req["PublicKey"])
    except crypto.CryptoError as e:
        raise AwsError("ValidationException", f"PublicKey: {e}.") from None
    _dry_run(req)
    return {"KeyId": key.arn, "SharedSecret": secret, "KeyAgreementAlgorithm": "ECDH", "KeyOrigin": key.origin}


def encapsulate(ctx: RequestContext, req: wire.EncapsulateRequest) -> wire.EncapsulateResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = _asymmetric(ctx, req["KeyId"], "ENCAPSULATE_DECAPSULATE", "Encapsulate")
    material = keys.usable(ctx, key, "Encapsulate")
    secret, ciphertext = crypto.encapsulate(keys.private_of(ctx, material))
    _dry_run(req)
    return {"KeyId": key.arn, "SharedSecret": secret, "SharedSecretCiphertextBlob": ciphertext, "EncapsulationAlgorithm": "ML_KEM"}


def generate_mac(ctx: RequestContext, req: wire.GenerateMacRequest) -> wire.GenerateMacResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key, secret = _mac_key(ctx, req["KeyId"], req["MacAlgorithm"], "GenerateMac")
    mac = crypto.mac(secret, req["MacAlgorithm"], req["Message"])
    _dry_run(req)
    return {"Mac": mac, "MacAlgorithm": req["MacAlgorithm"], "KeyId": key.arn}


def get_public_key(ctx: RequestContext, req: wire.GetPublicKeyRequest) -> wire.GetPublicKeyResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = find(ctx, req["KeyId"])
    if crypto.SPECS[key.spec].kind in ("symmetric", "hmac"):
        raise wire.UnsupportedOperationExceptionError(f"{key.arn} key spec {key.spec} is not valid for this operation: it has no public key.")
    material = keys.usable(ctx, key, "GetPublicKey")
    out: dict[str, Any] = {
        "KeyId": key.arn,
        "PublicKey": crypto.public_der(keys.private_of(ctx, material)),
        "CustomerMasterKeySpec": key.spec,
        "KeySpec": key.spec,
        "KeyUsage": key.usage,
        **crypto.algorithms(key.spec, key.usage),
    }
    return out  # type: ignore[return-value]


def sign(ctx: RequestContext, req: wire.SignRequest) -> wire.SignResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = _asymmetric(ctx, req["KeyId"], "SIGN_VERIFY", "Sign")
    algorithm = req["SigningAlgorithm"]
    digest = _message(key, algorithm, req["Message"], req.get("MessageType", "RAW"))
    material = keys.usable(ctx, key, "Sign")
    signature = crypto.sign(keys.private_of(ctx, material), algorithm, req["Message"], digest)
    _dry_run(req)
    return {"KeyId": key.arn, "Signature": signature, "SigningAlgorithm": algorithm}


def verify(ctx: RequestContext, req: wire.VerifyRequest) -> wire.VerifyResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = _asymmetric(ctx, req["KeyId"], "SIGN_VERIFY", "Verify")
    algorithm = req["SigningAlgorithm"]
    digest = _message(key, algorithm, req["Message"], req.get("MessageType", "RAW"))
    material = keys.usable(ctx, key, "Verify")
    valid = crypto.verify(keys.private_of(ctx, material).public_key(), algorithm, req["Message"], digest, req["Signature"])
    _dry_run(req)
    if not valid:
        raise wire.KMSInvalidSignatureExceptionError("")
    return {"KeyId": key.arn, "SignatureValid": True, "SigningAlgorithm": algorithm}


def verify_mac(ctx: RequestContext, req: wire.VerifyMacRequest) -> wire.VerifyMacResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key, secret = _mac_key(ctx, req["KeyId"], req["MacAlgorithm"], "VerifyMac")
    import hmac

    valid = hmac.compare_digest(crypto.mac(secret, req["MacAlgorithm"], req["Message"]), req["Mac"])
    _dry_run(req)
    if not valid:
        raise wire.KMSInvalidMacExceptionError("")
    return {"KeyId": key.arn, "MacValid": True, "MacAlgorithm": req["MacAlgorithm"]}


# ---------------------------------------------------------------- helpers


def _asymmetric(ctx: RequestContext, key_id: str, usage: str, operation: str) -> Key:
    key = find(ctx, key_id)
    keys.require_state(key, operation)
    keys.require_usage(key, usage, operation)
    return key


def _message(key: Key, algorithm: str, message: bytes, message_type: str) -> bool:
    """Whether `message` is a digest; checks the algorithm fits the key and the message its type."""
    allowed = crypto.algorithms(key.spec, key.usage).get("SigningAlgorithms", [])
    if algorithm not in allowed:
        raise wire.InvalidKeyUsageExceptionError(f"Algorithm {algorithm} is incompatible with key spec {key.spec}.")
    if message_type == "EXTERNAL_MU":
        raise AwsError("ValidationException", "MessageType EXTERNAL_MU is not supported by cumulo: the cryptography package cannot sign a precomputed mu.")
    if message_type != "DIGEST":
        return False
    size = crypto.digest_size(algorithm)
    if not algorithm.startswith(("RSASSA_", "ECDSA_")):
        raise AwsError("ValidationException", f"MessageType DIGEST is not valid with SigningAlgorithm {algorithm}.")
    if len(message) != size:
        raise AwsError("ValidationException", f"Digest is invalid length for algorithm {algorithm}.")
    return True


def _mac_key(ctx: RequestContext, key_id: str, algorithm: str, operation: str) -> tuple[Key, bytes]:
    key = _asymmetric(ctx, key_id, "GENERATE_VERIFY_MAC", operation)
    if algorithm not in crypto.algorithms(key.spec, key.usage)["MacAlgorithms"]:
        raise wire.InvalidKeyUsageExceptionError(f"Algorithm {algorithm} is incompatible with key spec {key.spec}.")
    material = keys.usable(ctx, key, operation)
    return key, keys.secret_of(ctx, material)
