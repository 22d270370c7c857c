"""SSE-C: server-side encryption with customer-provided keys.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/ServerSideEncryptionCustomerKeys.html

- A write names the key in three headers (algorithm AES256, the base64 key,
  the base64 MD5 of the key); `write_key` checks them as S3 does. The body is
  stored encrypted (`bodies`) and the key is forgotten: only a salted HMAC of
  it is kept (`KeyCheck`), as S3 documents, to tell a later key right from wrong.
- A read of a sealed object must name the same key: without one it is 400
  InvalidRequest, with another 403 AccessDenied (`unlock`). Responses echo the
  algorithm and the key's MD5 as the request sent it, never the key.
- Bodies are AES-256 in CTR mode. CTR keeps the length, so byte offsets in the
  ciphertext are offsets in the object: a range decrypts from its own offset,
  and a completed multipart object is its parts' ciphertexts laid end to end,
  one `Segment` (own nonce) per part, so completion needs no key (S3 does not
  ask for one).
- S3 refuses SSE-C over plain HTTP. cumulo serves local HTTP, so it accepts the
  headers on any connection.

Invariants: a key never reaches state, logs or responses; every sealed body
says in its `Seal` how to decrypt each run of it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
from dataclasses import dataclass
from typing import Any, ClassVar

from cryptography.hazmat.primitives.ciphers import Cipher, CipherContext, algorithms, modes

from cumulo.core.errors import AwsError
from cumulo.services.s3.models import Body, KeyCheck, Seal, Segment, Upload

ALGORITHM = "AES256"
_BLOCK = 16
_COUNTERS = 1 << 128  # CTR counter blocks wrap around as 128-bit integers (as OpenSSL's do)


@dataclass(frozen=True, slots=True)
class CustomerKey:
    key: bytes  # 32 bytes, held for this request only
    md5: str  # base64, as the client sent it: what responses echo
    customer: ClassVar[bool] = True  # False for SSE-KMS data keys (`sse_kms.KmsKey`)


# ---------------------------------------------------------------- request headers


def _invalid(message: str, value: str | None = None) -> AwsError:
    return AwsError("InvalidArgument", message, status=400, ArgumentName="x-amz-server-side-encryption", ArgumentValue=value or "null")


def customer_key(req: dict[str, Any], prefix: str = "") -> CustomerKey | None:
    """The key a request names (`prefix` "CopySource" for a copy's source), checked; None if it names none."""
    algorithm = req.get(prefix + "SSECustomerAlgorithm")
    key_b64 = req.get(prefix + "SSECustomerKey")
    md5_b64 = req.get(prefix + "SSECustomerKeyMD5")
    if algorithm is None and key_b64 is None and md5_b64 is None:
        return None
    if not algorithm:
        raise _invalid("Requests specifying Server Side Encryption with Customer provided keys must provide a valid encryption algorithm.")
    if algorithm != ALGORITHM:
        # S3 answers a wrong algorithm with this code, not InvalidArgument (recorded responses).
        raise AwsError("InvalidEncryptionAlgorithmError", "The Encryption request you specified is not valid. Supported value: AES256.",
                       status=400, ArgumentName="x-amz-server-side-encryption", ArgumentValue=algorithm)
    if not key_b64:
        raise _invalid("Requests specifying Server Side Encryption with Customer provided keys must provide an appropriate secret key.")
    key = _b64(key_b64)
    if key is None or len(key) != 32:
        raise _invalid("The secret key was invalid for the specified algorithm.")
    if not md5_b64:
        raise _invalid("Requests specifying Server Side Encryption with Customer provided keys must provide the client calculated MD5 of the secret key.")
    if _b64(md5_b64) != hashlib.md5(key, usedforsecurity=False).digest():
        raise _invalid("The calculated MD5 hash of the key did not match the hash that was provided.")
    return CustomerKey(key, md5_b64)


def _b64(value: str) -> bytes | None:
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None


def write_key(req: dict[str, Any]) -> CustomerKey | None:
    """The key a write encrypts with; SSE-C excludes the other kinds of encryption."""
    key = customer_key(req)
    if key is not None and req.get("ServerSideEncryption"):
        raise _invalid("Server Side Encryption with Customer provided key is incompatible with the encryption method specified.",
                       req["ServerSideEncryption"])
    return key


def mark(extra: dict[str, Any], key: CustomerKey | None) -> dict[str, Any]:
    """Set an object's encryption members: SSE-C replaces the default SSE-S3."""
    if key is not None and not key.customer:
        return key.mark(extra)  # type: ignore[attr-defined, no-any-return]
    if key is None:
        extra.pop("SSECustomerAlgorithm", None)
        if str(extra.get("ServerSideEncryption", "")).startswith("aws:kms"):  # a copy of an SSE-KMS object that is not
            extra.pop("SSEKMSKeyId", None), extra.pop("BucketKeyEnabled", None), extra.pop("ServerSideEncryption")
        extra.setdefault("ServerSideEncryption", "AES256")
    else:
        extra.pop("ServerSideEncryption", None)
        extra.pop("SSEKMSKeyId", None)
        extra["SSECustomerAlgorithm"] = ALGORITHM
    return extra


def echo(key: CustomerKey | None) -> dict[str, str]:
    """The response members naming the key used: its algorithm and MD5."""
    return {"SSECustomerAlgorithm": ALGORITHM, "SSECustomerKeyMD5": key.md5} if key is not None and key.customer else {}


def encryption_out(extra: dict[str, Any], key: CustomerKey | None) -> dict[str, Any]:
    """The encryption members of a write's response."""
    sse = extra.get("ServerSideEncryption")
    kms = {m: extra[m] for m in ("SSEKMSKeyId", "BucketKeyEnabled") if sse in ("aws:kms", "aws:kms:dsse") and m in extra}
    return {**({"ServerSideEncryption": sse} if sse else {}), **kms, **echo(key)}


# ---------------------------------------------------------------- checking keys


def seal_of(body: Body | None) -> Seal | None:
    return getattr(body, "seal", None) if body is not None else None


def key_check_of(upload: Upload) -> KeyCheck | None:
    return getattr(upload, "key_check", None)


def new_check(key: CustomerKey) -> KeyCheck:
    salt = os.urandom(16)
    return KeyCheck(salt, hmac.digest(salt, key.key, "sha256"))


def matches(check: KeyCheck, key: CustomerKey) -> bool:
    return hmac.compare_digest(check.digest, hmac.digest(check.salt, key.key, "sha256"))


def unlock(req: dict[str, Any], body: Body | None, prefix: str = "") -> CustomerKey | None:
    """The key to read `body` with, as the request names it; S3's errors when it does not fit."""
    key = customer_key(req, prefix)
    seal = seal_of(body)
    if seal is None or getattr(seal, "kms", None) is not None:  # SSE-KMS bodies: `sse_kms.unlock`
        if key is not None:
            raise AwsError("InvalidRequest", "The encryption parameters are not applicable to this object.", status=400)
        return None
    if key is None:
        raise AwsError("InvalidRequest", "The object was stored using a form of Server Side Encryption. "
                       "The correct parameters must be provided to retrieve the object.", status=400)
    if not matches(seal.check, key):
        raise AwsError("AccessDenied", "Access Denied", status=403)
    return key


def part_key(req: dict[str, Any], upload: Upload) -> CustomerKey | None:
    """The key an UploadPart (or part copy) encrypts with: the one the upload was created with."""
    key = customer_key(req)
    check = key_check_of(upload)
    if check is None:
        if key is not None:  # cumulo's wording: no recorded S3 response for this case
            raise AwsError("InvalidRequest", "The multipart upload initiate did not specify encryption parameters, "
                           "but the part request did.", status=400)
        return None
    if key is None:
        raise AwsError("InvalidRequest", "The multipart upload initiate requested encryption. "
                       "Subsequent part requests must include the appropriate encryption parameters.", status=400)
    if not matches(check, key):
        raise AwsError("InvalidRequest", "The provided encryption parameters did not match the ones used originally.", status=400)
    return key


# ---------------------------------------------------------------- the cipher


def new_segment() -> Segment:
    """A run about to be encrypted: a fresh random first counter block, size set once written."""
    return Segment(0, os.urandom(_BLOCK))


class Keystream:
    """AES-256-CTR over a sealed body's bytes from `offset` on: `apply` encrypts
    plaintext and decrypts ciphertext alike. The last segment has no end, so a
    body being written is one open segment."""

    __slots__ = ("_key", "_segments", "_index", "_left", "_context")

    def __init__(self, key: CustomerKey, segments: list[Segment], offset: int = 0) -> None:
        self._key = key.key
        self._segments = segments
        self._index = 0
        start = 0
        while self._index < len(segments) - 1 and offset >= start + segments[self._index].size:
            start += segments[self._index].size
            self._index += 1
        self._left = 0
        self._context: CipherContext | None = None
        self._enter(offset - start)

    def _enter(self, inner: int) -> None:
        segment = self._segments[self._index]
        last = self._index == len(self._segments) - 1
        self._left = -1 if last else segment.size - inner  # -1: no end
        counter = (int.from_bytes(segment.nonce, "big") + inner // _BLOCK) % _COUNTERS
        self._context = Cipher(algorithms.AES(self._key), modes.CTR(counter.to_bytes(_BLOCK, "big"))).encryptor()
        self._context.update(bytes(inner % _BLOCK))  # skip into the block

    def apply(self, data: bytes) -> bytes:
        out: list[bytes] = []
        view = memoryview(data)
        while view:
            while self._left == 0:
                self._index += 1
                self._enter(0)
            n = len(view) if self._left < 0 else min(len(view), self._left)
            assert self._context is not None
            out.append(self._context.update(view[:n]))
            view = view[n:]
            if self._left > 0:
                self._left -= n
        return out[0] if len(out) == 1 else b"".join(out)
