"""Object annotations: named payloads (1 byte to 1 MiB, up to 1,000 per object)
attached to one object version (PutObjectAnnotation, GetObjectAnnotation,
ListObjectAnnotations, DeleteObjectAnnotation).

https://docs.aws.amazon.com/AmazonS3/latest/userguide/annotations-overview.html

Invariants
- Annotations live in the version's `extra["_annotations"]` (a "_" key: cumulo's
  own, never sent as a header), name -> record, so they persist and are removed
  with their version; they are not versioned themselves (a put replaces, a
  delete is final).
- Each record keeps the payload's bytes, ETag, full-object checksum (the
  algorithm asked for, else CRC64NVME) and when it was written.
- An SSE-C object cannot have annotations; `x-amz-object-if-match` makes a put
  or delete conditional on the object's ETag.
- CopyObject copies the source's annotations unless `AnnotationDirective` is
  EXCLUDE (`carry`).
"""

from __future__ import annotations

import base64
import binascii
import copy
import hashlib
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import checksums
from cumulo.services.s3.common import find_version, get_bucket, now, objects, precondition_failed, timestamp
from cumulo.services.s3.models import Bucket, ObjectVersion
from cumulo.services.s3.writes import requested_checksum

KEY = "_annotations"
MAX_ANNOTATIONS = 1000
MAX_PAYLOAD = 1024 * 1024
MAX_NAME_BYTES = 512


def _annotations(version: ObjectVersion) -> dict[str, dict[str, Any]]:
    return version.extra.setdefault(KEY, {})  # type: ignore[no-any-return]


def _check_name(name: str) -> None:
    if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
        raise AwsError("AnnotationNameTooLong", "The annotation name exceeds 512 bytes.", status=400)
    if not name or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise AwsError("InvalidAnnotationName", "The annotation name you provided is invalid.", status=400)


def _target(ctx: RequestContext, req: dict[str, Any]) -> tuple[Bucket, ObjectVersion]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    expected = req.get("ObjectIfMatch")
    if expected is not None and expected.strip().strip('"') != version.etag.strip('"'):
        raise precondition_failed("x-amz-object-if-match")
    return bucket, version


def _version_out(bucket: Bucket, version: ObjectVersion) -> dict[str, Any]:
    return {"ObjectVersionId": version.version_id} if bucket.versioning else {}


def _missing(name: str) -> AwsError:
    return AwsError("NoSuchAnnotation", "The specified annotation does not exist on this object.", status=404, AnnotationName=name)


async def _payload(req: dict[str, Any]) -> bytes:
    raw = req.get("AnnotationPayload")
    if raw is None:
        return b""
    if isinstance(raw, (bytes, bytearray)):
        return bytes(raw)
    chunks = []
    size = 0
    async for chunk in raw:
        size += len(chunk)
        if size > MAX_PAYLOAD:
            raise AwsError("EntityTooLarge", "Your proposed upload exceeds the maximum allowed size", status=400,
                           MaxSizeAllowed=str(MAX_PAYLOAD))
        chunks.append(chunk)
    return b"".join(chunks)


def _record_out(record: dict[str, Any]) -> dict[str, Any]:
    return {checksums.MEMBER[record["algorithm"]]: record["checksum"], "ChecksumType": "FULL_OBJECT"}


async def put_object_annotation(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["AnnotationName"]
    _check_name(name)
    bucket, version = _target(ctx, req)
    if version.extra.get("SSECustomerAlgorithm"):
        raise AwsError("InvalidRequest", "Objects encrypted with SSE-C cannot have annotations.", status=400)
    algorithm, expected, _ = requested_checksum(ctx, req)
    payload = await _payload(req)
    bucket, version = _target(ctx, req)  # again: the row may have cooled while the payload came in
    if not payload or len(payload) > MAX_PAYLOAD:
        raise AwsError("InvalidRequest", "An annotation payload must be between 1 byte and 1 MiB.", status=400)
    if req.get("ContentMD5") is not None:
        try:
            digest = base64.b64decode(req["ContentMD5"], validate=True)
        except (binascii.Error, ValueError):
            digest = b""
        if digest != hashlib.md5(payload, usedforsecurity=False).digest():
            raise AwsError("BadDigest", "The Content-MD5 you specified did not match what we received.", status=400)
    algorithm = algorithm or "CRC64NVME"
    hasher = checksums.Checksum(algorithm)
    hasher.update(payload)
    if expected is not None and checksums.decode(algorithm, expected) != hasher.digest():
        raise checksums.mismatch(algorithm)
    table = _annotations(version)
    if name not in table and len(table) >= MAX_ANNOTATIONS:
        raise AwsError("AnnotationLimitExceeded", "The request would exceed the maximum number of annotations allowed per object.", status=400)
    etag = f'"{hashlib.md5(payload, usedforsecurity=False).hexdigest()}"'
    table[name] = {"payload": payload, "etag": etag, "algorithm": algorithm, "checksum": hasher.b64(), "modified": now(ctx)}
    objects(ctx, bucket.name).touch(version.key)
    return {"Key": version.key, "AnnotationName": name, "ETag": etag, "ServerSideEncryption": version.extra.get("ServerSideEncryption", "AES256"),
            **_version_out(bucket, version), **_record_out(table[name])}


def get_object_annotation(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket, version = _target(ctx, req)
    record = _annotations(version).get(req["AnnotationName"])
    if record is None:
        raise _missing(req["AnnotationName"])
    out: dict[str, Any] = {
        "AnnotationPayload": record["payload"], "LastModified": timestamp(int(record["modified"])), "ContentLength": len(record["payload"]),
        "ETag": record["etag"], "ServerSideEncryption": version.extra.get("ServerSideEncryption", "AES256"), **_version_out(bucket, version),
    }
    if req.get("ChecksumMode") == "ENABLED":
        out.update(_record_out(record))
    return out


def list_object_annotations(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket, version = _target(ctx, req)
    prefix = req.get("AnnotationPrefix") or ""
    limit = req.get("MaxAnnotationResults", MAX_ANNOTATIONS)
    if limit < 0:
        raise AwsError("InvalidArgument", "max-annotation-results must be a non-negative integer", status=400)
    after = ""
    if req.get("ContinuationToken"):
        try:
            after = base64.urlsafe_b64decode(req["ContinuationToken"].encode()).decode()
        except (binascii.Error, UnicodeDecodeError, ValueError):
            raise AwsError("InvalidArgument", "The continuation token provided is incorrect", status=400,
                           ArgumentName="continuation-token", ArgumentValue=req["ContinuationToken"]) from None
    names = sorted(n for n in _annotations(version) if n.startswith(prefix) and n > after)
    page = names[: min(limit, MAX_ANNOTATIONS)]
    table = _annotations(version)
    out: dict[str, Any] = {
        "Bucket": bucket.name, "Key": version.key, "MaxAnnotationResults": limit, "AnnotationCount": len(page),
        "Annotations": [{"AnnotationName": n, "LastModified": timestamp(int(table[n]["modified"])), "ETag": table[n]["etag"],
                         "ChecksumAlgorithm": [table[n]["algorithm"]], "Size": len(table[n]["payload"])} for n in page],
        **_version_out(bucket, version),
    }
    if prefix:
        out["AnnotationPrefix"] = prefix
    if req.get("ContinuationToken"):
        out["ContinuationToken"] = req["ContinuationToken"]
    if len(names) > len(page) and page:
        out["NextContinuationToken"] = base64.urlsafe_b64encode(page[-1].encode()).decode()
    return out


def delete_object_annotation(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket, version = _target(ctx, req)
    table = _annotations(version)
    if table.pop(req["AnnotationName"], None) is None:
        raise _missing(req["AnnotationName"])
    objects(ctx, bucket.name).touch(version.key)
    return _version_out(bucket, version)


def carry(source: dict[str, Any], extra: dict[str, Any], directive: str | None) -> None:
    """A copy's annotations: the source's (COPY, the default), or none (EXCLUDE)."""
    extra.pop(KEY, None)
    if (directive or "COPY") == "COPY" and source.get(KEY):
        extra[KEY] = copy.deepcopy(source[KEY])
