"""Secret values under KMS: envelope encryption through `services.call`.

Each version gets its own data key from KMS GenerateDataKey under the secret's
key (`alias/aws/secretsmanager`, KMS's managed key made on first use, unless
the secret names one), with the encryption context {"SecretARN", "SecretVersionId"}
as AWS uses; the value is sealed locally with AES-256-GCM and the plaintext
data key forgotten. Reading a value asks KMS to Decrypt the data key, so a
disabled, deleted or wrong key fails as on AWS (DecryptionFailure), and KMS's
own counters and last-usage see every read.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import secretsmanager as wire
from cumulo.services.secretsmanager.models import Secret, Version

DEFAULT_KEY = "alias/aws/secretsmanager"


def digest(value: bytes, binary: bool) -> str:
    return hashlib.sha256((b"b" if binary else b"s") + value).hexdigest()


def _context(secret: Secret, version_id: str) -> dict[str, str]:
    return {"SecretARN": secret.arn, "SecretVersionId": version_id}


async def seal(ctx: RequestContext, secret: Secret, version_id: str, value: bytes, binary: bool, stages: list[str], key: str | None = None) -> Version:
    """A new version holding `value`, encrypted under the secret's key (or `key`)."""
    try:
        out = await services.call(
            ctx.runtime, "kms", "GenerateDataKey",
            {"KeyId": key or secret.kms_key_id or DEFAULT_KEY, "KeySpec": "AES_256", "EncryptionContext": _context(secret, version_id)},
            secret.account, secret.region,
        )
    except AwsError as e:
        raise wire.EncryptionFailureError(f"Access to KMS is not allowed ({e.code}: {e.message})") from None
    nonce = os.urandom(12)
    sealed = nonce + AESGCM(out["Plaintext"]).encrypt(nonce, value, version_id.encode())
    return Version(
        id=version_id, created=ctx.clock.now(), stages=list(stages), binary=binary, data_key=out["CiphertextBlob"],
        sealed=sealed, kms_key_arn=out["KeyId"], digest=digest(value, binary),
    )


async def open_(ctx: RequestContext, secret: Secret, version: Version) -> bytes:
    """The plaintext value of a version (a KMS Decrypt of its data key)."""
    try:
        out = await services.call(
            ctx.runtime, "kms", "Decrypt",
            {"CiphertextBlob": version.data_key, "EncryptionContext": _context(secret, version.id)},
            secret.account, secret.region,
        )
    except AwsError as e:
        raise wire.DecryptionFailureError(f"Access to KMS is not allowed ({e.code}: {e.message or 'the KMS key cannot decrypt this secret'})") from None
    try:
        return AESGCM(out["Plaintext"]).decrypt(version.sealed[:12], version.sealed[12:], version.id.encode())
    except InvalidTag:
        raise wire.DecryptionFailureError("Secrets Manager can't decrypt the protected secret text using the provided KMS key.") from None


def value_fields(version: Version, value: bytes) -> dict[str, object]:
    return {"SecretBinary": value} if version.binary else {"SecretString": value.decode("utf-8")}
