"""Handlers that act on a stored version in place: RestoreObject (rules in
`archive.py`), UpdateObjectEncryption, and GetObjectTorrent.

- UpdateObjectEncryption moves an SSE-S3 or SSE-KMS object to SSE-KMS with the
  given key (a full key ARN), without touching its bytes, ETag, dates or
  checksums (https://docs.aws.amazon.com/AmazonS3/latest/userguide/update-sse-encryption.html);
  SSE-C objects are refused.
- GetObjectTorrent answers with a BitTorrent metainfo file (bencoded, pieces of
  256 KiB hashed with SHA-1), for objects under 5 GB and not SSE-C, as the API
  reference describes it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import archive, bodies, sse_kms
from cumulo.services.s3.common import find_version, get_bucket, header, now, objects

PIECE = 256 * 1024
MAX_TORRENT_SIZE = 5 * 1024**3
_KMS_KEY_ARN = re.compile(r"^arn:aws[a-zA-Z0-9-]*:kms:[a-z0-9-]+:\d{12}:key/[a-zA-Z0-9-]+$")


def restore_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    request = req.get("RestoreRequest") or {}
    if request.get("Type") == "SELECT":
        raise AwsError("InvalidArgument", "Select restore requests are no longer supported", status=400, ArgumentName="Type", ArgumentValue="SELECT")
    archive.check_restorable(version)
    days = request.get("Days")
    if days is None or days < 1:
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    tier = request.get("Tier") or (request.get("GlacierJobParameters") or {}).get("Tier") or "Standard"
    ctx.extras["status"] = archive.start(version, days, tier, now(ctx))
    objects(ctx, bucket.name).touch(version.key)
    return {}


def update_object_encryption(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    sse_kms = (req.get("ObjectEncryption") or {}).get("SSEKMS")
    if not sse_kms:
        raise AwsError("InvalidRequest", "The ObjectEncryption element must specify SSEKMS", status=400)
    key_arn = sse_kms.get("KMSKeyArn", "")
    if not _KMS_KEY_ARN.match(key_arn):
        raise AwsError("InvalidRequest", "The KMSKeyArn must be a full KMS key ARN", status=400)
    if version.extra.get("SSECustomerAlgorithm"):
        raise AwsError("InvalidRequest", "The encryption type of objects encrypted with SSE-C cannot be updated", status=400)
    version.extra["ServerSideEncryption"] = "aws:kms"
    version.extra["SSEKMSKeyId"] = key_arn
    version.extra["BucketKeyEnabled"] = bool(sse_kms.get("BucketKeyEnabled", False))
    objects(ctx, bucket.name).touch(version.key)
    return {}


def _bencode(value: Any) -> bytes:
    if isinstance(value, int):
        return b"i%de" % value
    if isinstance(value, str):
        value = value.encode()
    if isinstance(value, bytes):
        return b"%d:%s" % (len(value), value)
    if isinstance(value, list):
        return b"l" + b"".join(_bencode(v) for v in value) + b"e"
    items = sorted((k.encode() if isinstance(k, str) else k, v) for k, v in value.items())
    return b"d" + b"".join(_bencode(k) + _bencode(v) for k, v in items) + b"e"


async def _piece_hashes(chunks: AsyncIterator[bytes]) -> bytes:
    hashes, pending = [], b""
    async for chunk in chunks:
        pending += chunk
        while len(pending) >= PIECE:
            hashes.append(hashlib.sha1(pending[:PIECE], usedforsecurity=False).digest())
            pending = pending[PIECE:]
    if pending:
        hashes.append(hashlib.sha1(pending, usedforsecurity=False).digest())
    return b"".join(hashes)


async def get_object_torrent(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"])
    if version.size >= MAX_TORRENT_SIZE or version.extra.get("SSECustomerAlgorithm"):
        raise AwsError("InvalidRequest", "Torrent files are only available for objects under 5 GB that are not encrypted with SSE-C", status=400)
    archive.check_readable(version, now(ctx))
    assert version.body is not None
    info = {
        "length": version.size,
        "name": version.key.rsplit("/", 1)[-1] or version.key,
        "piece length": PIECE,
        "pieces": await _piece_hashes(bodies.chunks_of(ctx, version.body, key=await sse_kms.unlock(ctx, version.body))),
        "x-amz-bucket": bucket.name,
        "x-amz-key": version.key,
    }
    url = f"http://{header(ctx, 'host') or 'localhost:4566'}/{bucket.name}/{quote(version.key)}"
    return {"Body": _bencode({"announce": url, "info": info, "url-list": [url]})}
