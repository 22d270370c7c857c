"""Receiving object data and recording versions: shared by PutObject, CopyObject,
UploadPart and CompleteMultipartUpload.

- `receive` streams a request body into storage while computing its MD5 and
  one flexible checksum, then checks them against `Content-MD5`, an
  `x-amz-checksum-*` header, or an aws-chunked trailer (known only once the
  body is read: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming-trailers.html).
- `add_version` applies the bucket's versioning state: Enabled gives a new
  version id; otherwise the write replaces the "null" version.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import bodies, checks, checksums, keyindex, sse_c
from cumulo.services.s3.common import new_version_id, objects
from cumulo.services.s3.models import Body, Bucket, ObjectKey, ObjectVersion

DEFAULT_ALGORITHM = "CRC64NVME"  # what S3 computes when a client sends no checksum
CONTENT_MEMBERS = ("CacheControl", "ContentDisposition", "ContentEncoding", "ContentLanguage", "ContentType", "Expires")
EXTRA_MEMBERS = (
    "WebsiteRedirectLocation", "ServerSideEncryption", "SSEKMSKeyId", "BucketKeyEnabled",
    "ObjectLockMode", "ObjectLockRetainUntilDate", "ObjectLockLegalHoldStatus",
    "ObjectLockEventHold", "ObjectLockEventHoldDurationDays", "ObjectLockEventHoldDurationYears",
)  # SSE-C members are set by `sse_c.mark`: the key's MD5 is never stored


@dataclass(slots=True)
class Received:
    body: Body
    algorithm: str
    checksum: str  # base64
    client_sent: bool  # the client asked for (or sent) a checksum: echo it back


def requested_checksum(ctx: RequestContext, req: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """(algorithm or "", header value or None, trailer name or None) the request asks to verify."""
    explicit = [(alg, req[checksums.MEMBER[alg]]) for alg in checksums.ALGORITHMS if req.get(checksums.MEMBER[alg])]
    if len(explicit) > 1:
        raise AwsError("InvalidRequest", "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.", status=400)
    trailer = ctx.request.headers.get("x-amz-trailer", "").strip().lower() if ctx.request else ""
    if explicit:
        return explicit[0][0], explicit[0][1], None
    if trailer.startswith("x-amz-checksum-"):
        alg = trailer[len("x-amz-checksum-"):].upper()
        if alg not in checksums.ALGORITHMS:
            raise AwsError("InvalidRequest", "The value specified in the x-amz-trailer header is not supported", status=400)
        return alg, None, trailer
    alg = (req.get("ChecksumAlgorithm") or "").upper()
    return alg, None, None


def _content_md5(req: dict[str, Any]) -> bytes | None:
    value = req.get("ContentMD5")
    if value is None:
        return None
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 16:
        raise AwsError("InvalidDigest", "The Content-MD5 you specified was invalid.", status=400)
    return raw


async def receive(
    ctx: RequestContext, req: dict[str, Any], default_algorithm: str = DEFAULT_ALGORITHM, key: sse_c.CustomerKey | None = None
) -> Received:
    """The request body, stored (encrypted under `key` for SSE-C) and verified."""
    alg, expected, trailer = requested_checksum(ctx, req)
    if expected is not None:
        checksums.decode(alg, expected)  # malformed: reject before reading the body
    md5 = _content_md5(req)
    algorithm = alg or default_algorithm
    hasher = checksums.Checksum(algorithm)
    # A sealed body's own MD5 is of its ciphertext: Content-MD5 is checked against the plaintext's.
    plain = hashlib.md5(usedforsecurity=False) if key is not None else None
    body = await bodies.store(ctx, req.get("Body"), [hasher] if plain is None else [hasher, plain], key)
    received_md5 = body.md5 if plain is None else plain.hexdigest()
    if trailer is not None and ctx.request is not None:
        expected = ctx.request.trailers.get(trailer)
    try:
        if md5 is not None and md5.hex() != received_md5:
            raise AwsError(
                "BadDigest",
                "The Content-MD5 you specified did not match what we received.",
                status=400,
                ExpectedDigest=md5.hex(),
                CalculatedDigest=base64.b64encode(bytes.fromhex(received_md5)).decode(),
            )
        if expected is not None and checksums.decode(algorithm, expected) != hasher.digest():
            raise checksums.mismatch(algorithm)
    except AwsError:
        bodies.discard(ctx, body)
        raise
    return Received(body, algorithm, hasher.b64(), bool(alg))


def content_of(req: dict[str, Any]) -> dict[str, Any]:
    content = {m: req[m] for m in CONTENT_MEMBERS if req.get(m) is not None}
    encoding = content.get("ContentEncoding")
    if encoding is not None:
        # aws-chunked describes the transfer, not the object: S3 does not store it.
        kept = [e.strip() for e in encoding.split(",") if e.strip() and e.strip() != "aws-chunked"]
        if kept:
            content["ContentEncoding"] = ",".join(kept)
        else:
            del content["ContentEncoding"]
    content.setdefault("ContentType", "binary/octet-stream")
    return content


def extra_of(req: dict[str, Any], key: sse_c.CustomerKey | None = None) -> dict[str, Any]:
    return sse_c.mark({m: req[m] for m in EXTRA_MEMBERS if req.get(m) is not None}, key)


def parse_tagging(value: str | None) -> dict[str, str]:
    """The `x-amz-tagging` header: a URL query string of tags."""
    if not value:
        return {}
    tags = dict(parse_qsl(value, keep_blank_values=True))
    check_tags(tags)
    return tags


def check_tags(tags: dict[str, str]) -> None:
    if len(tags) > 10:
        raise AwsError("BadRequest", "Object tags cannot be greater than 10", status=400)
    checks.object_tags(tags)
    for key, value in tags.items():
        if not key or len(key) > 128:
            raise AwsError("InvalidTag", "The TagKey you have provided is invalid", status=400, TagKey=key)
        if len(value) > 256:
            raise AwsError("InvalidTag", "The TagValue you have provided is invalid", status=400, TagKey=key, TagValue=value)


def add_version(ctx: RequestContext, bucket: Bucket, version: ObjectVersion) -> ObjectVersion:
    """Make `version` the current one of its key, as the bucket's versioning state says."""
    table = objects(ctx, bucket.name)
    entry: ObjectKey | None = table.get(version.key)
    if entry is None:
        entry = ObjectKey()
    if bucket.versioning == "Enabled":
        version.version_id = new_version_id()
    else:
        version.version_id = "null"
        for old in [v for v in entry.versions if v.version_id == "null"]:
            bodies.discard(ctx, old.body)
            entry.versions.remove(old)
    entry.versions.insert(0, version)
    keyindex.save(ctx, bucket.name, version.key, entry)
    return version


def version_header(bucket: Bucket, version: ObjectVersion) -> dict[str, str]:
    """`x-amz-version-id` appears once a bucket has had versioning configured."""
    return {"VersionId": version.version_id} if bucket.versioning else {}


def checksum_out(version: ObjectVersion) -> dict[str, Any]:
    if not version.checksum:
        return {}
    return {checksums.MEMBER[version.checksum_algorithm]: version.checksum, "ChecksumType": version.checksum_type or "FULL_OBJECT"}
