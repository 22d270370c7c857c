"""KMS encryption: Encrypt, Decrypt, ReEncrypt, data keys and pairs, GenerateRandom.

Symmetric ciphertexts are `crypto.seal` blobs naming `<account>:<key id>` and
the material that sealed them, so Decrypt needs no KeyId and a rotated key
still opens what its older materials sealed. RSA ciphertexts are plain
RSAES-OAEP, as AWS's are: anyone can encrypt with GetPublicKey's key, and
Decrypt needs the KeyId and algorithm.
"""

from __future__ import annotations

import os
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import kms as wire
from cumulo.services.kms import crypto, keys
from cumulo.services.kms.grants import check_tokens
from cumulo.services.kms.keys import find
from cumulo.services.kms.models import Key

_DRY_RUN = "The request would have succeeded, but the DryRun option is set."


def decrypt(ctx: RequestContext, req: wire.DecryptRequest) -> wire.DecryptResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    no_recipient(req)
    _ignore_ciphertext(ctx, req, req.get("KeyId"))
    plaintext, key, algorithm, material_id = _decrypt(
        ctx, _ciphertext(req), req.get("KeyId"), req.get("EncryptionContext"), req.get("EncryptionAlgorithm"), "Decrypt"
    )
    _dry_run(req)
    out: wire.DecryptResponse = {"KeyId": key.arn, "Plaintext": plaintext, "EncryptionAlgorithm": algorithm}
    if material_id:
        out["KeyMaterialId"] = material_id
    return out


def encrypt(ctx: RequestContext, req: wire.EncryptRequest) -> wire.EncryptResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = find(ctx, req["KeyId"])
    blob, algorithm = _encrypt(ctx, key, req["Plaintext"], req.get("EncryptionContext"), req.get("EncryptionAlgorithm"), "Encrypt")
    _dry_run(req)
    return {"CiphertextBlob": blob, "KeyId": key.arn, "EncryptionAlgorithm": algorithm}


def generate_data_key(ctx: RequestContext, req: wire.GenerateDataKeyRequest) -> wire.GenerateDataKeyResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    no_recipient(req)
    key = find(ctx, req["KeyId"])
    plaintext = os.urandom(_data_key_size(req))
    blob, _ = _encrypt(ctx, key, plaintext, req.get("EncryptionContext"), None, "GenerateDataKey", symmetric_only=True)
    _dry_run(req)
    out: wire.GenerateDataKeyResponse = {"CiphertextBlob": blob, "Plaintext": plaintext, "KeyId": key.arn}
    out["KeyMaterialId"] = crypto.blob_header(blob)[1]
    return out


def generate_data_key_pair(ctx: RequestContext, req: wire.GenerateDataKeyPairRequest) -> wire.GenerateDataKeyPairResponse:
    out = _pair(ctx, req, "GenerateDataKeyPair")
    return out


def generate_data_key_pair_without_plaintext(
    ctx: RequestContext, req: wire.GenerateDataKeyPairWithoutPlaintextRequest
) -> wire.GenerateDataKeyPairWithoutPlaintextResponse:
    out: Any = _pair(ctx, req, "GenerateDataKeyPairWithoutPlaintext")
    out.pop("PrivateKeyPlaintext")
    return out  # type: ignore[no-any-return]


def generate_data_key_without_plaintext(
    ctx: RequestContext, req: wire.GenerateDataKeyWithoutPlaintextRequest
) -> wire.GenerateDataKeyWithoutPlaintextResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    key = find(ctx, req["KeyId"])
    blob, _ = _encrypt(ctx, key, os.urandom(_data_key_size(req)), req.get("EncryptionContext"), None, "GenerateDataKeyWithoutPlaintext", symmetric_only=True)
    _dry_run(req)
    return {"CiphertextBlob": blob, "KeyId": key.arn, "KeyMaterialId": crypto.blob_header(blob)[1]}


def generate_random(ctx: RequestContext, req: wire.GenerateRandomRequest) -> wire.GenerateRandomResponse:
    no_recipient(req)
    if "CustomKeyStoreId" in req:
        from cumulo.services.kms.api.stores import connected_store

        connected_store(ctx, req["CustomKeyStoreId"])
    n = req.get("NumberOfBytes")
    if n is None:
        raise AwsError("ValidationException", "Please specify NumberOfBytes.")
    return {"Plaintext": os.urandom(n)}


def re_encrypt(ctx: RequestContext, req: wire.ReEncryptRequest) -> wire.ReEncryptResponse:
    check_tokens(ctx, req.get("GrantTokens"))
    _ignore_ciphertext(ctx, req, req.get("SourceKeyId"), req.get("DestinationKeyId"))
    plaintext, source, source_algorithm, source_material = _decrypt(
        ctx, _ciphertext(req), req.get("SourceKeyId"), req.get("SourceEncryptionContext"), req.get("SourceEncryptionAlgorithm"), "ReEncrypt"
    )
    destination = find(ctx, req["DestinationKeyId"])
    blob, algorithm = _encrypt(ctx, destination, plaintext, req.get("DestinationEncryptionContext"), req.get("DestinationEncryptionAlgorithm"), "ReEncrypt")
    _dry_run(req)
    out: wire.ReEncryptResponse = {
        "CiphertextBlob": blob,
        "SourceKeyId": source.arn,
        "KeyId": destination.arn,
        "SourceEncryptionAlgorithm": source_algorithm,
        "DestinationEncryptionAlgorithm": algorithm,
    }
    if source_material:
        out["SourceKeyMaterialId"] = source_material
    if algorithm == "SYMMETRIC_DEFAULT":
        out["DestinationKeyMaterialId"] = crypto.blob_header(blob)[1]
    return out


# ---------------------------------------------------------------- helpers


def no_recipient(req: Any) -> None:
    """A Nitro Enclaves `Recipient` asks for the answer sealed to an enclave's attested key;
    cumulo has no enclaves, and answering in plaintext would leak what the caller meant to protect."""
    if req.get("Recipient"):
        raise AwsError("ValidationException", "Recipient (an AWS Nitro Enclaves attestation document) is not supported by cumulo: there are no enclaves here.")


def _dry_run(req: Any) -> None:
    if req.get("DryRun"):
        raise wire.DryRunOperationExceptionError(_DRY_RUN)


def _ciphertext(req: Any) -> bytes:
    blob = req.get("CiphertextBlob")
    if blob is None:
        raise AwsError("ValidationException", "1 validation error detected: Value null at 'ciphertextBlob' failed to satisfy constraint: Member must not be null")
    return bytes(blob)


def _ignore_ciphertext(ctx: RequestContext, req: Any, *key_ids: str | None) -> None:
    """A dry run with DryRunModifiers IGNORE_CIPHERTEXT checks the keys and stops there."""
    if req.get("DryRun") and "IGNORE_CIPHERTEXT" in (req.get("DryRunModifiers") or []):
        for key_id in key_ids:
            if key_id:
                keys.require_state(find(ctx, key_id), "Decrypt")
        raise wire.DryRunOperationExceptionError(_DRY_RUN)


def _data_key_size(req: Any) -> int:
    spec, count = req.get("KeySpec"), req.get("NumberOfBytes")
    if spec is not None and count is not None:
        raise AwsError("ValidationException", "KeySpec and NumberOfBytes are mutually exclusive.")
    if spec is None and count is None:
        raise AwsError("ValidationException", "Please specify either number of bytes or key spec.")
    return int(count) if count is not None else (32 if spec == "AES_256" else 16)


def _encrypt(
    ctx: RequestContext, key: Key, plaintext: bytes, context: dict[str, str] | None, algorithm: str | None, operation: str, *, symmetric_only: bool = False
) -> tuple[bytes, str]:
    keys.require_state(key, operation)
    keys.require_usage(key, "ENCRYPT_DECRYPT", operation)
    if key.spec == "SYMMETRIC_DEFAULT":
        if algorithm not in (None, "SYMMETRIC_DEFAULT"):
            raise wire.InvalidKeyUsageExceptionError(f"{key.arn} key spec is SYMMETRIC_DEFAULT which is not valid for {algorithm}.")
        material = keys.usable(ctx, key, operation)
        blob = crypto.seal(f"{key.account}:{key.id}", material.id, keys.secret_of(ctx, material), plaintext, context)
        return blob, "SYMMETRIC_DEFAULT"
    if symmetric_only:
        raise wire.InvalidKeyUsageExceptionError(f"{key.arn} key usage is ENCRYPT_DECRYPT with key spec {key.spec}, which is not valid for {operation}.")
    if algorithm not in ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"):
        raise wire.InvalidKeyUsageExceptionError(f"{key.arn} key spec is {key.spec}: EncryptionAlgorithm RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256 is required.")
    if context:
        raise AwsError("ValidationException", "EncryptionContext is not supported with asymmetric KMS keys.")
    material = keys.usable(ctx, key, operation)
    private = keys.private_of(ctx, material)
    try:
        return crypto.rsa_encrypt(private, algorithm, plaintext), algorithm
    except crypto.CryptoError:
        limit = crypto.rsa_max_plaintext(private, algorithm)
        raise AwsError("ValidationException", f"Plaintext is too long: at most {limit} bytes with {key.spec} and {algorithm}.") from None


def _decrypt(
    ctx: RequestContext, blob: bytes, key_id: str | None, context: dict[str, str] | None, algorithm: str | None, operation: str
) -> tuple[bytes, Key, str, str]:
    """(plaintext, key, algorithm, material id) of a ciphertext."""
    named = find(ctx, key_id) if key_id else None
    if named is not None and named.spec != "SYMMETRIC_DEFAULT":
        keys.require_state(named, operation)
        keys.require_usage(named, "ENCRYPT_DECRYPT", operation)
        if algorithm not in ("RSAES_OAEP_SHA_1", "RSAES_OAEP_SHA_256"):
            raise wire.InvalidKeyUsageExceptionError(f"{named.arn} key spec is {named.spec}: EncryptionAlgorithm RSAES_OAEP_SHA_1 or RSAES_OAEP_SHA_256 is required.")
        material = keys.usable(ctx, named, operation)
        try:
            return crypto.rsa_decrypt(keys.private_of(ctx, material), algorithm, blob), named, algorithm, ""
        except crypto.CryptoError:
            raise wire.InvalidCiphertextExceptionError("") from None
    if algorithm not in (None, "SYMMETRIC_DEFAULT"):
        raise wire.IncorrectKeyExceptionError("The key ID in the request does not identify a KMS key that can perform this operation.")
    try:
        ref, material_id = crypto.blob_header(blob)
    except crypto.CryptoError:
        raise wire.InvalidCiphertextExceptionError("") from None
    account, _, kid = ref.partition(":")
    key = keys.keys_of(ctx.scope_for(account=account)).get(kid)
    if named is not None and (key is None or named.id != key.id or named.account != key.account):
        raise wire.IncorrectKeyExceptionError("The key ID in the request does not identify a KMS key that can perform this operation.")
    if key is None:
        raise wire.InvalidCiphertextExceptionError("")
    keys.require_state(key, operation)
    material = key.material(material_id)
    if material is None or (key.origin == "EXTERNAL" and not material.imported):
        if key.origin == "EXTERNAL":
            raise wire.KMSInvalidStateExceptionError(f"{key.arn} is pending import.")
        raise wire.InvalidCiphertextExceptionError("")
    keys.usable(ctx, key, operation)
    try:
        plaintext = crypto.open_blob(keys.secret_of(ctx, material), blob, context)
    except crypto.CryptoError:
        raise wire.InvalidCiphertextExceptionError("") from None
    return plaintext, key, "SYMMETRIC_DEFAULT", material_id


def _pair(ctx: RequestContext, req: Any, operation: str) -> Any:
    check_tokens(ctx, req.get("GrantTokens"))
    no_recipient(req)
    spec = req["KeyPairSpec"]
    if spec in crypto.UNSUPPORTED:
        raise wire.UnsupportedOperationExceptionError(f"{crypto.UNSUPPORTED[spec]} are not supported by cumulo: the cryptography package cannot compute them.")
    key = find(ctx, req["KeyId"])
    private = crypto.new_private_key(spec)
    der = crypto.private_der(private)
    blob, _ = _encrypt(ctx, key, der, req.get("EncryptionContext"), None, operation, symmetric_only=True)
    _dry_run(req)
    return {
        "PrivateKeyCiphertextBlob": blob,
        "PrivateKeyPlaintext": der,
        "PublicKey": crypto.public_der(private),
        "KeyId": key.arn,
        "KeyPairSpec": spec,
        "KeyMaterialId": crypto.blob_header(blob)[1],
    }
