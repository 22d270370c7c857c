"""Object handlers: put, get, head, delete (one and batch), copy, tagging, attributes.

GET and HEAD share `_describe` so their headers never drift apart. An SSE-C
object is read only with its key (`sse_c.unlock`), before anything else is said. A ranged or
part read answers 206 through `ctx.extras["status"]`, since S3's output shapes
bind no status member.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs, unquote

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import archive, bodies, checks, checksums, keyindex, locking, notifications, presign, replication, sse_c, sse_kms
from cumulo.services.s3.common import (
    check_read_conditions,
    check_write_conditions,
    find_version,
    get_bucket,
    now,
    objects,
    parse_range,
    timestamp,
)
from cumulo.services.s3.api import annotations
from cumulo.services.s3.models import Bucket, ObjectKey, ObjectVersion
from cumulo.services.s3.writes import (
    add_version,
    check_tags,
    checksum_out,
    content_of,
    extra_of,
    parse_tagging,
    receive,
    version_header,
)

_OVERRIDES = {
    "ResponseCacheControl": "CacheControl",
    "ResponseContentDisposition": "ContentDisposition",
    "ResponseContentEncoding": "ContentEncoding",
    "ResponseContentLanguage": "ContentLanguage",
    "ResponseContentType": "ContentType",
    "ResponseExpires": "Expires",
}


async def put_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return await store_object(ctx, req, "ObjectCreated:Put")


async def store_object(ctx: RequestContext, req: dict[str, Any], event: str, minimum_size: int = 0) -> dict[str, Any]:
    """PutObject's work, shared with browser POST uploads (`forms`), which announce
    another event and may set a minimum size (a policy's content-length-range)."""
    bucket = get_bucket(ctx, req["Bucket"])
    checks.storage_class(req.get("StorageClass"))
    checks.check_acl_allowed(bucket, req, object_write=True)
    check_write_conditions(ctx, req, bucket, req["Key"])
    tags = parse_tagging(req.get("Tagging"))
    key = sse_c.write_key(req) or await sse_kms.write_key(ctx, req, bucket, req["Key"])
    extra = extra_of(req, key)
    locking.on_write(bucket, req, extra, now(ctx))
    got = await receive(ctx, req, key=key)
    # A conditional write is decided again once the body is in: another writer may have won meanwhile.
    try:
        if got.body.size < minimum_size:
            raise AwsError("EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size",
                           status=400, ProposedSize=str(got.body.size), MinSizeAllowed=str(minimum_size))
        check_write_conditions(ctx, req, bucket, req["Key"])
    except AwsError:
        bodies.discard(ctx, got.body)
        raise
    version = ObjectVersion(
        key=req["Key"],
        version_id="",
        last_modified=now(ctx),
        etag=f'"{got.body.md5}"',
        size=got.body.size,
        body=got.body,
        content=content_of(req),
        metadata={**presign.query_metadata(ctx), **(req.get("Metadata") or {})},
        storage_class=req.get("StorageClass") or "STANDARD",
        tags=tags,
        checksum_algorithm=got.algorithm,
        checksum=got.checksum,
        checksum_type="FULL_OBJECT",
        extra=extra,
    )
    add_version(ctx, bucket, version)
    await replication.replicate(ctx, bucket, version)
    await notifications.emit(ctx, bucket, event, version)
    # Every new object has a full-object checksum (CRC64NVME unless the client chose one), returned with its type.
    return {"ETag": version.etag, **sse_c.encryption_out(extra, key), **version_header(bucket, version), **checksum_out(version)}


def _describe(
    ctx: RequestContext, bucket: Bucket, version: ObjectVersion, req: dict[str, Any], key: sse_c.CustomerKey | None
) -> tuple[dict[str, Any], tuple[int, int] | None]:
    """The headers GET and HEAD share, and the byte range to send (None: all)."""
    check_read_conditions(req, version)
    out: dict[str, Any] = {
        "AcceptRanges": "bytes",
        "LastModified": timestamp(int(version.last_modified)),
        "ETag": version.etag,
        **version.content,
        **{k: v for k, v in version.extra.items() if not k.startswith("_")},  # "_..." keys are cumulo's own
        **sse_c.echo(key),
        **version_header(bucket, version),
    }
    restore = archive.restore_header(version, now(ctx))
    if restore:
        out["Restore"] = restore
    if version.metadata:
        out["Metadata"] = version.metadata
    if version.storage_class != "STANDARD":
        out["StorageClass"] = version.storage_class
    if version.tags:
        out["TagCount"] = len(version.tags)
    for param, member in _OVERRIDES.items():
        value = req.get(param)
        if value is not None:
            # Headers go out as latin-1 text: a non-ASCII override is sent as its UTF-8
            # bytes, as S3 sends it, rather than failing the response. (ResponseExpires
            # is a timestamp, which the protocol formats.)
            if isinstance(value, str) and not value.isascii():
                value = value.encode("utf-8").decode("latin-1")
            out[member] = value
    size = version.size
    span: tuple[int, int] | None = None
    part_number = req.get("PartNumber")
    if part_number is not None:
        parts = version.parts or []
        count = len(parts) or 1
        if part_number < 1 or part_number > count:
            raise AwsError("InvalidPartNumber", "The requested partnumber is not satisfiable", status=416, PartNumberRequested=str(part_number), ActualPartCount=str(count))
        if parts:
            start = sum(p.size for p in parts[: part_number - 1])
            span = (start, start + parts[part_number - 1].size)
            out["PartsCount"] = count
    else:
        span = parse_range(req.get("Range"), size)
    if span is None and part_number is not None:
        span = (0, size)  # part 1 of an object uploaded whole is the whole object, still answered 206
    if span is not None and (part_number is not None or span != (0, size) or req.get("Range")):
        ctx.extras["status"] = 206
        out["ContentRange"] = f"bytes {span[0]}-{span[1] - 1}/{size}"
        out["ContentLength"] = span[1] - span[0]
    else:
        span = None
        out["ContentLength"] = size
    if req.get("ChecksumMode") == "ENABLED" and version.checksum:
        if span is None:
            out.update(checksum_out(version))
        elif part_number is not None and version.parts and version.parts[part_number - 1].checksum:
            out[checksums.MEMBER[version.checksum_algorithm]] = version.parts[part_number - 1].checksum
            out["ChecksumType"] = version.checksum_type
    return out, span


async def get_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    archive.check_readable(version, now(ctx))
    key = sse_c.unlock(req, version.body) or await sse_kms.unlock(ctx, version.body)
    out, span = _describe(ctx, bucket, version, req, key)
    assert version.body is not None
    start, end = span if span is not None else (0, None)
    out["Body"] = bodies.read(ctx, version.body, start, end, key)
    return out


def head_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    return _describe(ctx, bucket, version, req, sse_c.unlock(req, version.body))[0]


# ---------------------------------------------------------------- deletes


def _delete(ctx: RequestContext, bucket: Bucket, key: str, version_id: str | None, bypass_governance: bool = False) -> tuple[dict[str, Any], str, ObjectVersion | None]:
    """Delete one key or version as the versioning state says; a version under
    Object Lock is refused (`locking`). Returns (output members, event name, the
    version the event is about)."""
    table = objects(ctx, bucket.name)
    entry: ObjectKey | None = table.get(key)
    if version_id is not None:
        if version_id != "null":
            find_version_id_format(version_id, bool(bucket.versioning))
        out: dict[str, Any] = {"VersionId": version_id}
        for version in entry.versions if entry else ():
            if version.version_id == version_id:
                locking.check_delete(version, now(ctx), bypass_governance)
                entry.versions.remove(version)  # type: ignore[union-attr]
                bodies.discard(ctx, version.body)
                keyindex.save(ctx, bucket.name, key, entry)
                if version.delete_marker:
                    out["DeleteMarker"] = True
                return out, "ObjectRemoved:Delete", version
        return out, "", None
    if not bucket.versioning:
        if entry is None:
            return {}, "", None
        for version in entry.versions:
            bodies.discard(ctx, version.body)
        keyindex.save(ctx, bucket.name, key, None)
        return {}, "ObjectRemoved:Delete", entry.versions[0]
    marker = ObjectVersion(key=key, version_id="", last_modified=now(ctx), delete_marker=True)
    add_version(ctx, bucket, marker)
    return {"DeleteMarker": True, "VersionId": marker.version_id}, "ObjectRemoved:DeleteMarkerCreated", marker


def find_version_id_format(version_id: str, versioned: bool = True) -> None:
    """A version id S3 could have made; a bucket never versioned has only "null"."""
    if len(version_id) != 32 or not versioned:
        raise AwsError("InvalidArgument", "Invalid version id specified", status=400, ArgumentName="versionId", ArgumentValue=version_id)


async def delete_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    out, event, version = _delete(ctx, bucket, req["Key"], req.get("VersionId"), bool(req.get("BypassGovernanceRetention")))
    if version is not None:
        if version.delete_marker and event.endswith("DeleteMarkerCreated"):
            await replication.replicate(ctx, bucket, version)
        await notifications.emit(ctx, bucket, event, version)
    return out


async def delete_objects(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    spec = req.get("Delete") or {}
    items = spec.get("Objects") or []
    if len(items) > 1000:
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    deleted, errors = [], []
    for item in items:
        key = item.get("Key", "")
        try:
            out, event, version = _delete(ctx, bucket, key, item.get("VersionId"), bool(req.get("BypassGovernanceRetention")))
        except AwsError as error:
            errors.append({"Key": key, "VersionId": item.get("VersionId"), "Code": error.code, "Message": error.message})
            continue
        if version is not None:
            if event.endswith("DeleteMarkerCreated"):
                await replication.replicate(ctx, bucket, version)
            await notifications.emit(ctx, bucket, event, version)
        if not spec.get("Quiet"):
            entry: dict[str, Any] = {"Key": key}
            if item.get("VersionId"):
                entry["VersionId"] = item["VersionId"]
            if out.get("DeleteMarker"):
                entry["DeleteMarker"] = True
                entry["DeleteMarkerVersionId"] = out["VersionId"]
            deleted.append(entry)
    result: dict[str, Any] = {}
    if deleted:
        result["Deleted"] = deleted
    if errors:
        result["Errors"] = errors
    return result


# ---------------------------------------------------------------- copy


def parse_copy_source(value: str) -> tuple[str, str, str | None]:
    """`bucket/key[?versionId=..]`, URL-encoded, with or without a leading slash."""
    path, _, query = value.partition("?")
    version_id = parse_qs(query).get("versionId", [None])[0]
    path = unquote(path)
    if path.startswith("/"):
        path = path[1:]
    bucket, _, key = path.partition("/")
    if not bucket or not key:
        raise AwsError("InvalidArgument", "Invalid copy source object key", status=400, ArgumentName="x-amz-copy-source", ArgumentValue=value)
    return bucket, key, version_id


def copy_source_version(ctx: RequestContext, req: dict[str, Any]) -> tuple[Bucket, ObjectVersion, sse_c.CustomerKey | None]:
    """The source of a copy, and the SSE-C key to read it with."""
    src_bucket_name, src_key, src_version_id = parse_copy_source(req["CopySource"])
    src_bucket = get_bucket(ctx, src_bucket_name, "x-amz-source-expected-bucket-owner")
    if src_version_id is not None:
        src = find_version(ctx, src_bucket, src_key, src_version_id, allow_marker=True)
        if src.delete_marker:
            raise AwsError("InvalidRequest", "The source of a copy request may not specifically refer to a delete marker by version id.", status=400)
    else:
        src = find_version(ctx, src_bucket, src_key)
    check_read_conditions(req, src, prefix="CopySource")
    archive.check_readable(src, now(ctx))
    return src_bucket, src, sse_c.unlock(req, src.body, prefix="CopySource")


async def copy_object(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    checks.storage_class(req.get("StorageClass"))
    checks.check_acl_allowed(bucket, req, object_write=True)
    src_bucket, src, src_key = copy_source_version(ctx, req)
    src_key = src_key or await sse_kms.unlock(ctx, src.body)
    key = sse_c.write_key(req) or await sse_kms.write_key(ctx, req, bucket, req["Key"])
    replace_meta = req.get("MetadataDirective") == "REPLACE"
    if (
        src_bucket.name == bucket.name
        and src.key == req["Key"]
        and not replace_meta
        and not any(req.get(m) for m in ("StorageClass", "ServerSideEncryption", "SSEKMSKeyId", "SSECustomerAlgorithm", "WebsiteRedirectLocation", "ChecksumAlgorithm"))
        and bucket.versioning != "Enabled"
    ):
        raise AwsError(
            "InvalidRequest",
            "This copy request is illegal because it is trying to copy an object to itself without changing the object's "
            "metadata, storage class, website redirect location or encryption attributes.",
            status=400,
        )
    check_write_conditions(ctx, req, bucket, req["Key"])
    algorithm = req.get("ChecksumAlgorithm") or (src.checksum_algorithm if src.checksum_type == "FULL_OBJECT" else "") or "CRC64NVME"
    hasher = checksums.Checksum(algorithm)
    assert src.body is not None
    body = await bodies.copy(ctx, src.body, hashers=[hasher], source_key=src_key, key=key)
    if replace_meta:
        content, metadata, extra = content_of(req), dict(req.get("Metadata") or {}), extra_of(req, key)
    else:
        content, metadata, extra = dict(src.content), dict(src.metadata), dict(src.extra)
        for member in ("ServerSideEncryption", "SSEKMSKeyId", "WebsiteRedirectLocation"):
            if req.get(member):
                extra[member] = req[member]
        sse_c.mark(extra, key)  # the copy is encrypted as this request says, not as its source was
    annotations.carry(src.extra, extra, req.get("AnnotationDirective"))
    tags = parse_tagging(req.get("Tagging")) if req.get("TaggingDirective") == "REPLACE" else dict(src.tags)
    version = ObjectVersion(
        key=req["Key"],
        version_id="",
        last_modified=now(ctx),
        etag=f'"{body.md5}"',
        size=body.size,
        body=body,
        content=content,
        metadata=metadata,
        storage_class=req.get("StorageClass") or "STANDARD",
        tags=tags,
        checksum_algorithm=algorithm,
        checksum=hasher.b64(),
        checksum_type="FULL_OBJECT",
        extra=extra,
    )
    add_version(ctx, bucket, version)
    await replication.replicate(ctx, bucket, version)
    await notifications.emit(ctx, bucket, "ObjectCreated:Copy", version)
    result: dict[str, Any] = {"ETag": version.etag, "LastModified": timestamp(version.last_modified)}
    # The copy's full-object checksum: the algorithm asked for, the source's, or S3's default CRC64NVME.
    result[checksums.MEMBER[algorithm]] = version.checksum
    result["ChecksumType"] = "FULL_OBJECT"
    out: dict[str, Any] = {"CopyObjectResult": result, **sse_c.encryption_out(extra, key), **version_header(bucket, version)}
    if src_bucket.versioning:
        out["CopySourceVersionId"] = src.version_id
    return out


# ---------------------------------------------------------------- tagging and attributes


def _tag_set(tags: dict[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def get_object_tagging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    return {"TagSet": _tag_set(version.tags), **version_header(bucket, version)}


def put_object_tagging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    tags = {t["Key"]: t.get("Value", "") for t in (req.get("Tagging") or {}).get("TagSet") or []}
    if len(tags) != len((req.get("Tagging") or {}).get("TagSet") or []):
        raise AwsError("InvalidTag", "Cannot provide multiple Tags with the same key", status=400)
    check_tags(tags)
    version.tags = tags
    objects(ctx, bucket.name).touch(version.key)
    return version_header(bucket, version)


def delete_object_tagging(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    version.tags = {}
    objects(ctx, bucket.name).touch(version.key)
    return version_header(bucket, version)


def get_object_attributes(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    version = find_version(ctx, bucket, req["Key"], req.get("VersionId"))
    sse_c.unlock(req, version.body)  # an SSE-C object's attributes need its key too
    wanted = set(req.get("ObjectAttributes") or [])
    out: dict[str, Any] = {"LastModified": timestamp(int(version.last_modified)), **version_header(bucket, version)}
    if "ETag" in wanted:
        out["ETag"] = version.etag.strip('"')
    if "ObjectSize" in wanted:
        out["ObjectSize"] = version.size
    if "StorageClass" in wanted:
        out["StorageClass"] = version.storage_class
    if "Checksum" in wanted and version.checksum:
        out["Checksum"] = checksum_out(version)
    if "ObjectParts" in wanted and version.parts:
        parts = [{"PartNumber": p.number, "Size": p.size} for p in version.parts]
        for p, info in zip(parts, version.parts):
            if info.checksum:
                p[checksums.MEMBER[version.checksum_algorithm]] = info.checksum
        out["ObjectParts"] = {"TotalPartsCount": len(parts), "PartNumberMarker": 0, "NextPartNumberMarker": len(parts), "MaxParts": 1000, "IsTruncated": False, "Parts": parts}
    return out

