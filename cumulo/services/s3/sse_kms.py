"""SSE-KMS: objects really encrypted with a data key from KMS (through `services.call`).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingKMSEncryption.html

- A write asks for it with `x-amz-server-side-encryption: aws:kms` (or
  `aws:kms:dsse`) and optionally a key (`x-amz-server-side-encryption-aws-kms-key-id`,
  default `alias/aws/s3`, KMS's managed key made on first use), or gets it from
  the bucket's default encryption. KMS GenerateDataKey gives a data key; the
  body is sealed with it exactly as SSE-C seals (AES-256-CTR, `sse_c.Keystream`),
  and the `Seal` keeps KMS's ciphertext of the data key (`Seal.kms`), never the key.
- The encryption context is S3's: {"aws:s3:arn": the object's ARN}, or the
  bucket's ARN with an S3 Bucket Key, plus the request's own
  `x-amz-server-side-encryption-context`. A read asks KMS to Decrypt the data
  key, so a disabled or deleted key makes GetObject fail with KMS's error
  (`KMS.DisabledException`, ...), as on AWS.
- S3 Bucket Keys: with BucketKeyEnabled, one bucket-level key from KMS serves
  many objects for a while (5 minutes on the cumulo clock), each object's key
  derived from it with its own salt, so KMS sees far fewer calls, as AWS
  documents; the bucket key's ciphertext is kept with each object.
- A multipart upload takes its data key at CreateMultipartUpload; each part is
  sealed under it (the upload keeps the envelope in `extra["_kms"]`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from typing import Any, ClassVar

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3.models import Body, Bucket, Upload
from cumulo.services.s3.sse_c import CustomerKey, seal_of

ALGORITHMS = ("aws:kms", "aws:kms:dsse")
DEFAULT_KEY = "alias/aws/s3"
BUCKET_KEY_LIFETIME = 300.0


@dataclass(frozen=True, slots=True)
class KmsKey(CustomerKey):
    """A data key from KMS, held for this request only, and what to store about it."""

    customer: ClassVar[bool] = False
    algorithm: str = "aws:kms"
    key_arn: str = ""
    bucket_key: bool = False
    envelope: dict[str, Any] | None = None  # what Seal.kms keeps: KMS's ciphertext and context

    def mark(self, extra: dict[str, Any]) -> dict[str, Any]:
        extra.pop("SSECustomerAlgorithm", None)
        extra["ServerSideEncryption"] = self.algorithm
        extra["SSEKMSKeyId"] = self.key_arn
        if self.bucket_key:
            extra["BucketKeyEnabled"] = True
        else:
            extra.pop("BucketKeyEnabled", None)
        return extra


def _default_rule(bucket: Bucket) -> dict[str, Any]:
    config = bucket.config.get("encryption") or {}
    for rule in config.get("Rules", []):
        return dict(rule)
    return {}


def _context(req: dict[str, Any]) -> dict[str, str]:
    value = req.get("SSEKMSEncryptionContext")
    if not value:
        return {}
    try:
        parsed = json.loads(base64.b64decode(value, validate=True))
    except (binascii.Error, ValueError):
        parsed = None
    if not isinstance(parsed, dict) or not all(isinstance(v, str) for v in parsed.values()):
        raise AwsError("InvalidArgument", "The encryption context must be a base64-encoded JSON object of strings.", status=400,
                       ArgumentName="x-amz-server-side-encryption-context", ArgumentValue=value)
    return parsed


def kms_error(e: AwsError) -> AwsError:
    """S3 passes KMS's refusals on under KMS's own code, prefixed `KMS.`."""
    status = 403 if e.code in ("AccessDeniedException", "KMSInvalidStateException", "DisabledException") else 400
    return AwsError(f"KMS.{e.code}", e.message or f"KMS refused the request ({e.code}).", status=status)


async def write_key(ctx: RequestContext, req: dict[str, Any], bucket: Bucket, object_key: str) -> KmsKey | None:
    """The data key a write encrypts with, when the request or the bucket asks for SSE-KMS."""
    algorithm = req.get("ServerSideEncryption")
    key_id = req.get("SSEKMSKeyId")
    bucket_key = req.get("BucketKeyEnabled")
    if algorithm is None and req.get("SSECustomerAlgorithm") is None:
        rule = _default_rule(bucket)
        default = rule.get("ApplyServerSideEncryptionByDefault") or {}
        if default.get("SSEAlgorithm") in ALGORITHMS:
            algorithm = default["SSEAlgorithm"]
            key_id = key_id or default.get("KMSMasterKeyID")
            if bucket_key is None:
                bucket_key = rule.get("BucketKeyEnabled", False)
    if algorithm not in ALGORITHMS:
        if key_id:
            raise AwsError("InvalidArgument", "Server Side Encryption with AWS KMS managed key requires HTTP header x-amz-server-side-encryption : aws:kms",
                           status=400, ArgumentName="x-amz-server-side-encryption-aws-kms-key-id", ArgumentValue=key_id)
        return None
    bucket_key = bool(bucket_key) and algorithm == "aws:kms"
    arn = f"arn:aws:s3:::{bucket.name}" if bucket_key else f"arn:aws:s3:::{bucket.name}/{object_key}"
    context = {**_context(req), "aws:s3:arn": arn}
    if bucket_key:
        return await _bucket_key(ctx, bucket, key_id or DEFAULT_KEY, context, algorithm)
    try:
        out = await services.call(ctx.runtime, "kms", "GenerateDataKey", {"KeyId": key_id or DEFAULT_KEY, "KeySpec": "AES_256", "EncryptionContext": context},
                                  ctx.account, ctx.region)
    except AwsError as e:
        raise kms_error(e) from None
    envelope = {"CiphertextBlob": out["CiphertextBlob"], "EncryptionContext": context, "KeyId": out["KeyId"]}
    return KmsKey(out["Plaintext"], "", algorithm=algorithm, key_arn=out["KeyId"], envelope=envelope)


async def _bucket_key(ctx: RequestContext, bucket: Bucket, key_id: str, context: dict[str, str], algorithm: str) -> KmsKey:
    cache: dict[Any, Any] = ctx.runtime.live.setdefault("s3-bucket-keys", {})
    now = ctx.clock.now()
    # The bucket's creation time in the slot: a bucket made again (or a reset store) starts afresh.
    slot = (ctx.account, bucket.name, bucket.created, key_id, json.dumps(context, sort_keys=True))
    held = cache.get(slot)
    if held is None or held[0] <= now:
        try:
            out = await services.call(ctx.runtime, "kms", "GenerateDataKey", {"KeyId": key_id, "KeySpec": "AES_256", "EncryptionContext": context},
                                      ctx.account, ctx.region)
        except AwsError as e:
            raise kms_error(e) from None
        held = cache[slot] = (now + BUCKET_KEY_LIFETIME, out["Plaintext"], out["CiphertextBlob"], out["KeyId"])
        cache[("plain", out["CiphertextBlob"])] = (now + BUCKET_KEY_LIFETIME, out["Plaintext"])
    _, plain, blob, arn = held
    salt = os.urandom(16)
    envelope = {"CiphertextBlob": blob, "EncryptionContext": context, "KeyId": arn, "Salt": salt}
    return KmsKey(_derive(plain, salt), "", algorithm=algorithm, key_arn=arn, bucket_key=True, envelope=envelope)


def _derive(bucket_key: bytes, salt: bytes) -> bytes:
    return hmac.new(bucket_key, b"cumulo-s3-object-key" + salt, hashlib.sha256).digest()


def envelope_of(body: Body | None) -> dict[str, Any] | None:
    seal = seal_of(body)
    return getattr(seal, "kms", None) if seal is not None else None


async def open_key(ctx: RequestContext, envelope: dict[str, Any], algorithm: str = "aws:kms") -> KmsKey:
    """The data key behind an envelope: a KMS Decrypt (a bucket key may still be held)."""
    salt = envelope.get("Salt")
    plain = None
    if salt is not None:
        held = ctx.runtime.live.setdefault("s3-bucket-keys", {}).get(("plain", envelope["CiphertextBlob"]))
        if held is not None and held[0] > ctx.clock.now():
            plain = held[1]
    if plain is None:
        try:
            out = await services.call(ctx.runtime, "kms", "Decrypt",
                                      {"CiphertextBlob": envelope["CiphertextBlob"], "EncryptionContext": envelope["EncryptionContext"]},
                                      ctx.account, ctx.region)
        except AwsError as e:
            raise kms_error(e) from None
        plain = out["Plaintext"]
    key = _derive(plain, salt) if salt is not None else plain
    return KmsKey(key, "", algorithm=algorithm, key_arn=envelope["KeyId"], bucket_key=salt is not None, envelope=envelope)


async def unlock(ctx: RequestContext, body: Body | None) -> KmsKey | None:
    """The key to read an SSE-KMS body with; None for any other body."""
    envelope = envelope_of(body)
    return await open_key(ctx, envelope) if envelope is not None else None


async def upload_key(ctx: RequestContext, upload: Upload) -> KmsKey | None:
    """The data key a multipart upload's parts are sealed under."""
    envelope = upload.extra.get("_kms")
    return await open_key(ctx, envelope) if envelope is not None else None
