"""SecureString through KMS, and `/aws/reference/secretsmanager/...`, both through services.call.

A SecureString value is encrypted by KMS under the parameter's key (the
AWS-managed `alias/aws/ssm` unless one is given) with the encryption context
Parameter Store uses, `{"PARAMETER_ARN": <arn>}`; the store holds only the
ciphertext, base64, which is also what a read without decryption shows.
"""

from __future__ import annotations

import base64
import json
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError, NotImplementedYet

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext

REFERENCE_PREFIX = "/aws/reference/secretsmanager/"


def _context(arn: str) -> dict[str, str]:
    return {"PARAMETER_ARN": arn}


async def encrypt(ctx: RequestContext, key_id: str, plaintext: str, arn: str) -> str:
    try:
        out = await services.call(
            ctx.runtime, "kms", "Encrypt",
            {"KeyId": key_id, "Plaintext": plaintext.encode(), "EncryptionContext": _context(arn)},
            ctx.account, ctx.region,
        )
    except NotImplementedYet:
        raise  # no KMS in this build: say so, don't blame the key
    except AwsError as error:
        raise AwsError("InvalidKeyId", f"Invalid KeyId {key_id}: {error.code}: {error.message}") from None
    return base64.b64encode(out["CiphertextBlob"]).decode()


async def decrypt(ctx: RequestContext, ciphertext: str, arn: str) -> str:
    try:
        out = await services.call(
            ctx.runtime, "kms", "Decrypt",
            {"CiphertextBlob": base64.b64decode(ciphertext), "EncryptionContext": _context(arn)},
            ctx.account, ctx.region,
        )
    except NotImplementedYet:
        raise
    except AwsError as error:
        raise AwsError("InvalidKeyId", f"The KMS key used to encrypt this parameter can't decrypt it: {error.code}: {error.message}") from None
    plaintext: bytes = out["Plaintext"]
    return plaintext.decode()


def is_reference(name: str) -> bool:
    return name.startswith(REFERENCE_PREFIX)


async def reference(ctx: RequestContext, name: str, selector: str | None, with_decryption: bool) -> dict[str, Any]:
    """GetParameter's answer for a Secrets Manager reference."""
    if not with_decryption:
        raise AwsError("ValidationException", "WithDecryption flag must be True for retrieving a Secret Manager secret.", status=400)
    secret_id = name[len(REFERENCE_PREFIX) :]
    req: dict[str, Any] = {"SecretId": secret_id}
    if selector:
        # A selector names a version id, or a staging label.
        req["VersionId" if len(selector) >= 32 and "-" in selector else "VersionStage"] = selector
    try:
        secret = await services.call(ctx.runtime, "secretsmanager", "GetSecretValue", req, ctx.account, ctx.region)
    except NotImplementedYet:
        raise
    except AwsError as error:
        if error.code == "ResourceNotFoundException":
            raise AwsError("ParameterNotFound", f"Secret {secret_id} not found.") from None
        raise
    value = secret.get("SecretString")
    if value is None:
        value = base64.b64encode(secret.get("SecretBinary", b"")).decode()
    created = secret.get("CreatedDate")
    source = {k: v for k, v in secret.items() if k != "SecretBinary"}
    source = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in source.items()}
    out: dict[str, Any] = {
        "Name": name,
        "Type": "SecureString",
        "Value": value,
        "Version": 0,
        "SourceResult": json.dumps(source),
        "ARN": secret.get("ARN", ""),
        "DataType": "text",
    }
    if selector:
        out["Selector"] = ":" + selector
    if created is not None:
        out["LastModifiedDate"] = created
    return out
