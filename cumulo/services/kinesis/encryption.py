"""Server-side encryption of a stream's records under a KMS key, as envelope encryption.

https://docs.aws.amazon.com/streams/latest/dev/what-is-sse.html
StartStreamEncryption asks KMS (through `services.call`) for a data key under the
stream's key and keeps only its encrypted form on the stream. Records written while
the stream is encrypted are stored sealed with AES-256-GCM under that data key and
opened when read; the plaintext data key lives in memory only (`runtime.live`) and
is recovered through KMS Decrypt after a restart. Every write and read of an
encrypted stream first asks KMS about the key, so a disabled, deleted or missing
key fails the call with Kinesis's own KMS errors, as on AWS.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cumulo import services
from cumulo.core.errors import AwsError

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.services.kinesis.models import Stream

NONCE = 12
# KMS's error codes, as Kinesis reports them.
_ERRORS = {
    "NotFoundException": "KMSNotFoundException",
    "DisabledException": "KMSDisabledException",
    "KMSInvalidStateException": "KMSInvalidStateException",
    "AccessDeniedException": "KMSAccessDeniedException",
}


def _translated(error: AwsError) -> AwsError:
    return AwsError(_ERRORS.get(error.code, "KMSInvalidStateException"), error.message)


async def _kms(ctx: RequestContext, stream: Stream, operation: str, params: dict[str, Any]) -> dict[str, Any]:
    if services.get("kms") is None:
        raise AwsError("KMSNotFoundException", "KMS is not available.")
    try:
        return await services.call(ctx.runtime, "kms", operation, params, stream.account, stream.region)
    except AwsError as error:
        raise _translated(error) from None


async def check_key(ctx: RequestContext, stream: Stream, key_id: str) -> None:
    """Refuse a key KMS does not have, or one that cannot encrypt now."""
    meta = (await _kms(ctx, stream, "DescribeKey", {"KeyId": key_id}))["KeyMetadata"]
    state = meta.get("KeyState")
    if state == "Disabled":
        raise AwsError("KMSDisabledException", f"The KMS key {meta.get('Arn', key_id)} is disabled.")
    if state != "Enabled":
        raise AwsError("KMSInvalidStateException", f"The KMS key {meta.get('Arn', key_id)} is {state}.")


async def start(ctx: RequestContext, stream: Stream, key_id: str) -> bytes:
    """A new data key under `key_id`; its encrypted form (what the stream keeps)."""
    await check_key(ctx, stream, key_id)
    made = await _kms(ctx, stream, "GenerateDataKey", {"KeyId": key_id, "KeySpec": "AES_256", "EncryptionContext": {"aws:kinesis:arn": stream.arn}})
    _cache(ctx)[(stream.arn, made["CiphertextBlob"])] = made["Plaintext"]
    return bytes(made["CiphertextBlob"])


def _cache(ctx: RequestContext) -> dict[tuple[str, bytes], bytes]:
    return ctx.runtime.live.setdefault("kinesis-data-keys", {})


async def data_key(ctx: RequestContext, stream: Stream, sealed_key: bytes, key_id: str) -> bytes:
    """The plaintext data key, after checking the KMS key can be used now."""
    await check_key(ctx, stream, key_id)
    cache = _cache(ctx)
    plain = cache.get((stream.arn, sealed_key))
    if plain is None:
        opened = await _kms(ctx, stream, "Decrypt", {"CiphertextBlob": sealed_key, "EncryptionContext": {"aws:kinesis:arn": stream.arn}})
        plain = cache[(stream.arn, sealed_key)] = bytes(opened["Plaintext"])
    return plain


def seal(key: bytes, data: bytes) -> bytes:
    nonce = os.urandom(NONCE)
    return nonce + AESGCM(key).encrypt(nonce, data, None)


def open_(key: bytes, sealed: bytes) -> bytes:
    return AESGCM(key).decrypt(sealed[:NONCE], sealed[NONCE:], None)
