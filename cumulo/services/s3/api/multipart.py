"""Multipart upload handlers: create, upload part (and part copy), list parts,
list uploads, complete, abort.

Rules from https://docs.aws.amazon.com/AmazonS3/latest/API/API_CompleteMultipartUpload.html:
parts listed in ascending order (`InvalidPartOrder`), each uploaded with that
ETag (`InvalidPart`), every part but the last at least 5 MiB (`EntityTooSmall`).
The object's ETag is the MD5 of the parts' binary MD5s, then `-<count>`; its
checksum is COMPOSITE (checksum of the parts' checksums, `-<count>`) or
FULL_OBJECT (the parts' CRCs combined), as the upload was created.

SSE-C: an upload created with a customer key keeps a check of it, and every
part must come with that key; completion lays the parts' ciphertexts end to
end (`bodies.concat`), so it needs no key.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import bodies, checks, checksums, listing, locking, notifications, replication, sse_c, sse_kms
from cumulo.services.s3.api.objects import copy_source_version
from cumulo.services.s3.common import check_write_conditions, get_bucket, now, owner, timestamp, uploads
from cumulo.services.s3.models import ObjectVersion, PartInfo, Upload
from cumulo.services.s3.writes import add_version, content_of, extra_of, parse_tagging, receive, version_header

MIN_PART_SIZE = 5 * 1024 * 1024
MAX_PARTS = 10000


def _upload(ctx: RequestContext, bucket: str, key: str, upload_id: str) -> Upload:
    upload: Upload | None = uploads(ctx, bucket).get(upload_id)
    if upload is None or upload.key != key:
        raise AwsError(
            "NoSuchUpload",
            "The specified upload does not exist. The upload ID may be invalid, or the upload may have been aborted or completed.",
            status=404,
            UploadId=upload_id,
        )
    return upload


def _checksum_type(algorithm: str, asked: str | None) -> str:
    if not algorithm:
        return asked or ""
    kind = asked or ("FULL_OBJECT" if algorithm == "CRC64NVME" else "COMPOSITE")
    if kind == "FULL_OBJECT" and algorithm not in checksums.CRCS:
        raise AwsError("InvalidRequest", f"The FULL_OBJECT checksum type cannot be used with the {algorithm.lower()} checksum algorithm.", status=400)
    if kind == "COMPOSITE" and algorithm == "CRC64NVME":
        raise AwsError("InvalidRequest", "The COMPOSITE checksum type cannot be used with the crc64nvme checksum algorithm.", status=400)
    return kind


async def create_multipart_upload(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    checks.storage_class(req.get("StorageClass"))
    checks.check_acl_allowed(bucket, req, object_write=True)
    algorithm = (req.get("ChecksumAlgorithm") or "").upper()
    key = sse_c.write_key(req) or await sse_kms.write_key(ctx, req, bucket, req["Key"])
    upload = Upload(
        upload_id=secrets.token_urlsafe(48),
        key=req["Key"],
        initiated=now(ctx),
        owner=ctx.account,
        content=content_of(req),
        metadata=dict(req.get("Metadata") or {}),
        storage_class=req.get("StorageClass") or "STANDARD",
        tags=parse_tagging(req.get("Tagging")),
        checksum_algorithm=algorithm,
        checksum_type=_checksum_type(algorithm, req.get("ChecksumType")),
        extra=extra_of(req, key),
        key_check=sse_c.new_check(key) if key is not None and key.customer else None,
    )
    if key is not None and not key.customer:
        upload.extra["_kms"] = getattr(key, "envelope", None)
    locking.on_write(bucket, req, upload.extra, now(ctx))
    uploads(ctx, bucket.name)[upload.upload_id] = upload
    out: dict[str, Any] = {"Bucket": bucket.name, "Key": upload.key, "UploadId": upload.upload_id, **sse_c.encryption_out(upload.extra, key)}
    if algorithm:
        out["ChecksumAlgorithm"] = algorithm
        out["ChecksumType"] = upload.checksum_type
    return out


def _part_number(value: int) -> int:
    if not 1 <= value <= MAX_PARTS:
        raise AwsError("InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive", status=400, ArgumentName="partNumber", ArgumentValue=str(value))
    return value


def _store_part(ctx: RequestContext, bucket: str, upload: Upload, part: PartInfo) -> None:
    old = upload.parts.get(part.number)
    if old is not None:
        bodies.discard(ctx, old.body)
    upload.parts[part.number] = part
    uploads(ctx, bucket).touch(upload.upload_id)


async def upload_part(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    upload = _upload(ctx, bucket.name, req["Key"], req["UploadId"])
    number = _part_number(req["PartNumber"])
    key = sse_c.part_key(req, upload) or await sse_kms.upload_key(ctx, upload)
    got = await receive(ctx, req, default_algorithm=upload.checksum_algorithm or "CRC64NVME", key=key)
    if upload.checksum_algorithm and got.algorithm != upload.checksum_algorithm:
        bodies.discard(ctx, got.body)
        raise AwsError(
            "InvalidRequest",
            f"Checksum Type mismatch occurred, expected checksum Type: {upload.checksum_algorithm.lower()}, actual checksum Type: {got.algorithm.lower()}",
            status=400,
        )
    part = PartInfo(number, got.body.size, f'"{got.body.md5}"', f"{got.algorithm}:{got.checksum}", now(ctx), got.body)
    _store_part(ctx, bucket.name, upload, part)
    out: dict[str, Any] = {"ETag": part.etag, **sse_c.encryption_out(upload.extra, key)}
    if got.client_sent or upload.checksum_algorithm:
        out[checksums.MEMBER[got.algorithm]] = got.checksum
    return out


def _copy_range(value: str | None, size: int) -> tuple[int, int]:
    if not value:
        return 0, size
    try:
        unit, _, spec = value.partition("=")
        first, _, last = spec.partition("-")
        start, end = int(first), int(last) + 1
        if unit != "bytes" or start < 0 or end <= start:
            raise ValueError(value)
    except ValueError:
        raise AwsError("InvalidArgument", "The x-amz-copy-source-range value must be of the form bytes=first-last where first and last are "
                       "the zero-based offsets of the first and last bytes to copy", status=400,
                       ArgumentName="x-amz-copy-source-range", ArgumentValue=value) from None
    if end > size:
        raise AwsError("InvalidRequest", "The specified copy range is invalid for the source object size", status=400)
    return start, end


async def upload_part_copy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    upload = _upload(ctx, bucket.name, req["Key"], req["UploadId"])
    number = _part_number(req["PartNumber"])
    src_bucket, src, src_key = copy_source_version(ctx, req)
    src_key = src_key or await sse_kms.unlock(ctx, src.body)
    key = sse_c.part_key(req, upload) or await sse_kms.upload_key(ctx, upload)
    assert src.body is not None
    start, end = _copy_range(req.get("CopySourceRange"), src.size)
    algorithm = upload.checksum_algorithm or "CRC64NVME"
    hasher = checksums.Checksum(algorithm)
    body = await bodies.copy(ctx, src.body, start, end, hashers=[hasher], source_key=src_key, key=key)
    part = PartInfo(number, body.size, f'"{body.md5}"', f"{algorithm}:{hasher.b64()}", now(ctx), body)
    _store_part(ctx, bucket.name, upload, part)
    # The copied part's checksum, in the upload's algorithm or S3's default.
    result: dict[str, Any] = {"ETag": part.etag, "LastModified": timestamp(part.last_modified), checksums.MEMBER[algorithm]: hasher.b64()}
    out: dict[str, Any] = {"CopyPartResult": result, **sse_c.encryption_out(upload.extra, key)}
    if src_bucket.versioning:
        out["CopySourceVersionId"] = src.version_id
    return out


def _split_checksum(stored: str) -> tuple[str, str]:
    alg, _, value = stored.partition(":")
    return alg, value


def _part_out(part: PartInfo, with_checksum: bool) -> dict[str, Any]:
    out: dict[str, Any] = {"PartNumber": part.number, "LastModified": timestamp(part.last_modified), "ETag": part.etag, "Size": part.size}
    if with_checksum and part.checksum:
        alg, value = _split_checksum(part.checksum)
        out[checksums.MEMBER[alg]] = value
    return out


def list_parts(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    upload = _upload(ctx, bucket.name, req["Key"], req["UploadId"])
    marker = int(req.get("PartNumberMarker") or 0)
    max_parts = min(req.get("MaxParts", 1000), 1000)
    numbers = sorted(n for n in upload.parts if n > marker)
    page, truncated = numbers[:max_parts], len(numbers) > max_parts
    out: dict[str, Any] = {
        "Bucket": bucket.name,
        "Key": upload.key,
        "UploadId": upload.upload_id,
        "PartNumberMarker": marker,
        "MaxParts": req.get("MaxParts", 1000),
        "IsTruncated": truncated,
        "Initiator": {"ID": owner(upload.owner)["ID"]},
        "Owner": owner(upload.owner),
        "StorageClass": upload.storage_class,
    }
    if page:
        out["NextPartNumberMarker"] = page[-1]
        out["Parts"] = [_part_out(upload.parts[n], bool(upload.checksum_algorithm)) for n in page]
    if upload.checksum_algorithm:
        out["ChecksumAlgorithm"] = upload.checksum_algorithm
        out["ChecksumType"] = upload.checksum_type
    return out


def list_multipart_uploads(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    prefix, delimiter = req.get("Prefix") or "", req.get("Delimiter") or ""
    key_marker, id_marker = req.get("KeyMarker") or "", req.get("UploadIdMarker") or ""
    max_uploads = min(req.get("MaxUploads", 1000), 1000)
    encode = listing.encoder(req.get("EncodingType"))
    everything = sorted(uploads(ctx, bucket.name).values(), key=lambda u: (u.key, u.initiated, u.upload_id))
    entries: list[Upload] = []
    prefixes: list[str] = []
    truncated = False
    for upload in everything:
        if not upload.key.startswith(prefix):
            continue
        if key_marker and (upload.key < key_marker or (upload.key == key_marker and (not id_marker or upload.upload_id <= id_marker))):
            continue
        common = ""
        if delimiter:
            cut = upload.key.find(delimiter, len(prefix))
            if cut >= 0:
                common = upload.key[: cut + len(delimiter)]
                if common in prefixes or (key_marker and common <= key_marker):
                    continue
        if len(entries) + len(prefixes) >= max_uploads:
            truncated = True
            break
        if common:
            prefixes.append(common)
        else:
            entries.append(upload)
    out: dict[str, Any] = {
        "Bucket": bucket.name,
        "KeyMarker": encode(key_marker),
        "UploadIdMarker": id_marker,
        "Prefix": encode(prefix),
        "MaxUploads": req.get("MaxUploads", 1000),
        "IsTruncated": truncated,
    }
    if delimiter:
        out["Delimiter"] = encode(delimiter)
    if req.get("EncodingType"):
        out["EncodingType"] = req["EncodingType"]
    if truncated and entries:
        out["NextKeyMarker"] = encode(entries[-1].key)
        out["NextUploadIdMarker"] = entries[-1].upload_id
    if entries:
        out["Uploads"] = [
            {
                "UploadId": u.upload_id,
                "Key": encode(u.key),
                "Initiated": timestamp(u.initiated),
                "StorageClass": u.storage_class,
                "Owner": owner(u.owner),
                "Initiator": {"ID": owner(u.owner)["ID"]},
                **({"ChecksumAlgorithm": u.checksum_algorithm, "ChecksumType": u.checksum_type} if u.checksum_algorithm else {}),
            }
            for u in entries
        ]
    if prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode(p)} for p in prefixes]
    return out


def abort_multipart_upload(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    upload = _upload(ctx, bucket.name, req["Key"], req["UploadId"])
    for part in upload.parts.values():
        bodies.discard(ctx, part.body)
    del uploads(ctx, bucket.name)[upload.upload_id]
    return {}


def _object_checksum(upload: Upload, parts: list[PartInfo]) -> tuple[str, str, str]:
    """(algorithm, value, type) of the completed object, or empty strings."""
    algs = {_split_checksum(p.checksum)[0] for p in parts}
    if len(algs) != 1:
        return "", "", ""
    alg = algs.pop()
    values = [_split_checksum(p.checksum)[1] for p in parts]
    kind = upload.checksum_type or ("FULL_OBJECT" if alg in checksums.CRCS else "")
    if kind == "COMPOSITE":
        return alg, checksums.composite(alg, values), kind
    if kind == "FULL_OBJECT" and alg in checksums.CRCS:
        return alg, checksums.full_object(alg, [(v, p.size) for v, p in zip(values, parts)]), kind
    return "", "", ""


async def complete_multipart_upload(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    upload = _upload(ctx, bucket.name, req["Key"], req["UploadId"])
    check_write_conditions(ctx, req, bucket, upload.key)
    listed = (req.get("MultipartUpload") or {}).get("Parts") or []
    if not listed:
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    parts: list[PartInfo] = []
    last = 0
    for item in listed:
        number = item.get("PartNumber", 0)
        if number <= last:
            raise AwsError("InvalidPartOrder", "The list of parts was not in ascending order. The parts list must be specified in order by part number.", status=400)
        last = number
        part = upload.parts.get(number)
        if part is None or item.get("ETag", "").strip('"') != part.etag.strip('"'):
            raise AwsError(
                "InvalidPart",
                "One or more of the specified parts could not be found.  The part may not have been uploaded, "
                "or the specified entity tag may not have matched the part's entity tag.",
                status=400,
                UploadId=upload.upload_id,
                PartNumber=str(number),
                ETag=item.get("ETag", ""),
            )
        alg, value = _split_checksum(part.checksum)
        sent = item.get(checksums.MEMBER.get(alg, ""))
        if sent is not None and sent != value:
            raise AwsError("InvalidPart", f"The upload was created using a {alg.lower()} checksum. The complete request referenced part {number} with a checksum that did not match.", status=400)
        parts.append(part)
    for part in parts[:-1]:
        if part.size < MIN_PART_SIZE:
            raise AwsError(
                "EntityTooSmall",
                "Your proposed upload is smaller than the minimum allowed object size.",
                status=400,
                ProposedSize=str(part.size),
                MinSizeAllowed=str(MIN_PART_SIZE),
                PartNumber=str(part.number),
                ETag=part.etag,
            )
    total = sum(p.size for p in parts)
    if req.get("MpuObjectSize") is not None and req["MpuObjectSize"] != total:
        raise AwsError("InvalidRequest", f"The provided 'x-amz-mp-object-size' header value {req['MpuObjectSize']} does not match what was computed: {total}", status=400)
    alg, value, kind = _object_checksum(upload, parts)
    sent_total = req.get(checksums.MEMBER.get(alg, "")) if alg else None
    if sent_total is not None and kind == "FULL_OBJECT" and sent_total != value:
        raise checksums.mismatch(alg)
    digest = hashlib.md5(b"".join(bytes.fromhex(p.etag.strip('"')) for p in parts), usedforsecurity=False).hexdigest()
    body = await bodies.concat(ctx, [p.body for p in parts if p.body is not None])
    for part in upload.parts.values():
        bodies.discard(ctx, part.body)
    version = ObjectVersion(
        key=upload.key,
        version_id="",
        last_modified=now(ctx),
        etag=f'"{digest}-{len(parts)}"',
        size=total,
        body=body,
        content=upload.content,
        metadata=upload.metadata,
        storage_class=upload.storage_class,
        tags=upload.tags,
        checksum_algorithm=alg,
        checksum=value,
        checksum_type=kind,
        parts=[PartInfo(p.number, p.size, p.etag, _split_checksum(p.checksum)[1] if kind == "COMPOSITE" else "") for p in parts],
        extra=upload.extra,
    )
    del uploads(ctx, bucket.name)[upload.upload_id]
    add_version(ctx, bucket, version)
    await replication.replicate(ctx, bucket, version)
    await notifications.emit(ctx, bucket, "ObjectCreated:CompleteMultipartUpload", version)
    out: dict[str, Any] = {
        "Location": f"/{bucket.name}/{upload.key}",
        "Bucket": bucket.name,
        "Key": upload.key,
        "ETag": version.etag,
        **sse_c.encryption_out(upload.extra, None),
        **version_header(bucket, version),
    }
    if alg and (upload.checksum_algorithm or sent_total is not None):
        out[checksums.MEMBER[alg]] = value
        out["ChecksumType"] = kind
    return out
