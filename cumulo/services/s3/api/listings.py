"""Listing handlers: ListObjects (v1), ListObjectsV2 and ListObjectVersions.

The paging and roll-up logic is `listing.list_keys`, over the bucket's key
index (`keyindex`); this module shapes its pages into each operation's output,
applying `EncodingType=url` (which botocore requests by default and decodes) to
every key and prefix it returns. Only the rows of the page are read, in one
batch: object rows may be cold.
"""

from __future__ import annotations

import base64
from bisect import bisect_left
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import checks, keyindex, listing
from cumulo.services.s3.common import get_bucket, objects, owner, timestamp
from cumulo.services.s3.models import Bucket, ObjectVersion


def _max_keys(req: dict[str, Any]) -> int:
    value = req.get("MaxKeys")
    if value is None:
        return 1000
    if value < 0:
        raise AwsError("InvalidArgument", "Argument maxKeys must be an integer between 0 and 2147483647", status=400, ArgumentName="maxKeys", ArgumentValue=str(value))
    return min(value, 1000)


def _entry(version: ObjectVersion, encode: Any, with_owner: bool, account: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "Key": encode(version.key),
        "LastModified": timestamp(version.last_modified),
        "ETag": version.etag,
        "Size": version.size,
        "StorageClass": version.storage_class,
    }
    if version.checksum_algorithm:
        out["ChecksumAlgorithm"] = [version.checksum_algorithm]
        out["ChecksumType"] = version.checksum_type or "FULL_OBJECT"
    if with_owner:
        out["Owner"] = owner(account)
    return out


def _current_page(ctx: RequestContext, bucket: Bucket, prefix: str, delimiter: str, marker: str, max_keys: int) -> tuple[listing.Page, dict[str, Any]]:
    """One page of the keys whose current version is an object (not a delete
    marker), and their rows."""
    table = objects(ctx, bucket.name)
    keys = keyindex.index(table).keys()
    page = listing.list_keys(keys, prefix=prefix, delimiter=delimiter, marker=marker, max_keys=max_keys, hidden=keyindex.hidden(ctx, bucket))
    return page, table.peek(page.keys)


def list_objects(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    prefix, delimiter = req.get("Prefix") or "", req.get("Delimiter") or ""
    max_keys = _max_keys(req)
    encode = listing.encoder(req.get("EncodingType"))
    page, rows = _current_page(ctx, bucket, prefix, delimiter, req.get("Marker") or "", max_keys)
    out: dict[str, Any] = {
        "Name": bucket.name,
        "Prefix": encode(prefix),
        "Marker": encode(req.get("Marker") or ""),
        "MaxKeys": req.get("MaxKeys", 1000),
        "IsTruncated": page.truncated,
    }
    if delimiter:
        out["Delimiter"] = encode(delimiter)
        if page.truncated:
            out["NextMarker"] = encode(page.next_marker)
    if req.get("EncodingType"):
        out["EncodingType"] = req["EncodingType"]
    if page.keys:
        out["Contents"] = [_entry(rows[k].versions[0], encode, True, bucket.account) for k in page.keys]
    if page.prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode(p)} for p in page.prefixes]
    return out


def _token(marker: str) -> str:
    return base64.urlsafe_b64encode(marker.encode()).decode()


def _untoken(token: str) -> str:
    try:
        return base64.urlsafe_b64decode(token.encode()).decode()
    except ValueError:
        raise AwsError("InvalidArgument", "The continuation token provided is incorrect", status=400, ArgumentName="continuation-token", ArgumentValue=token) from None


def list_objects_v2(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    prefix, delimiter = req.get("Prefix") or "", req.get("Delimiter") or ""
    max_keys = _max_keys(req)
    encode = listing.encoder(req.get("EncodingType"))
    token = req.get("ContinuationToken")
    marker = _untoken(token) if token else (req.get("StartAfter") or "")
    page, rows = _current_page(ctx, bucket, prefix, delimiter, marker, max_keys)
    out: dict[str, Any] = {
        "Name": bucket.name,
        "Prefix": encode(prefix),
        "MaxKeys": req.get("MaxKeys", 1000),
        "KeyCount": len(page.keys) + len(page.prefixes),
        "IsTruncated": page.truncated,
    }
    if delimiter:
        out["Delimiter"] = encode(delimiter)
    if req.get("EncodingType"):
        out["EncodingType"] = req["EncodingType"]
    if token:
        out["ContinuationToken"] = token
    if req.get("StartAfter"):
        out["StartAfter"] = encode(req["StartAfter"])
    if page.truncated:
        out["NextContinuationToken"] = _token(page.next_marker)
    if page.keys:
        fetch_owner = bool(req.get("FetchOwner"))
        out["Contents"] = [_entry(rows[k].versions[0], encode, fetch_owner, bucket.account) for k in page.keys]
    if page.prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode(p)} for p in page.prefixes]
    return out


def list_object_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    bucket = get_bucket(ctx, req["Bucket"])
    table = objects(ctx, bucket.name)
    prefix, delimiter = req.get("Prefix") or "", req.get("Delimiter") or ""
    max_keys = _max_keys(req)
    encode = listing.encoder(req.get("EncodingType"))
    checks.version_marker(req.get("KeyMarker"), req.get("VersionIdMarker"))
    key_marker, version_marker = req.get("KeyMarker") or "", req.get("VersionIdMarker") or ""
    keys = keyindex.index(table).keys()
    entries: list[tuple[ObjectVersion, bool]] = []
    # Resume inside the marker key, after the marker version.
    if key_marker and version_marker and key_marker in table.rows:
        versions = table.peek([key_marker])[key_marker].versions
        ids = [v.version_id for v in versions]
        if version_marker in ids:
            start = ids.index(version_marker) + 1
            entries += [(v, i == 0) for i, v in enumerate(versions) if i >= start]
    budget = max_keys - len(entries)
    rows: dict[str, Any] = {}

    def weight(key: str) -> int:
        if key not in rows:
            # Read ahead: the keys after this one are likely on the page too, one batch for them all.
            start = bisect_left(keys, key)
            rows.update(table.peek(keys[start:start + budget]))
        return len(rows[key].versions)

    if budget > 0:
        page = listing.list_keys(keys, prefix=prefix, delimiter=delimiter, marker=key_marker, max_keys=budget, weight=weight)
    else:  # the page is full with the marker key's remaining versions
        probe = listing.list_keys(keys, prefix=prefix, delimiter=delimiter, marker=key_marker, max_keys=1)
        page = listing.Page(truncated=bool(probe.keys or probe.prefixes))
    for key in page.keys:
        entries += [(v, i == 0) for i, v in enumerate(rows[key].versions)]
    limit = max(max_keys - len(page.prefixes), 0)
    truncated = page.truncated or len(entries) > limit
    entries = entries[:limit]
    out: dict[str, Any] = {
        "Name": bucket.name,
        "Prefix": encode(prefix),
        "KeyMarker": encode(key_marker),
        "VersionIdMarker": version_marker,
        "MaxKeys": req.get("MaxKeys", 1000),
        "IsTruncated": truncated,
    }
    if delimiter:
        out["Delimiter"] = encode(delimiter)
    if req.get("EncodingType"):
        out["EncodingType"] = req["EncodingType"]
    if truncated:
        if entries and (not page.prefixes or entries[-1][0].key > page.prefixes[-1]):
            out["NextKeyMarker"] = encode(entries[-1][0].key)
            out["NextVersionIdMarker"] = entries[-1][0].version_id
        elif page.prefixes:
            out["NextKeyMarker"] = encode(page.prefixes[-1])
    versions, markers = [], []
    for version, latest in entries:
        base = {"Key": encode(version.key), "VersionId": version.version_id, "IsLatest": latest,
                "LastModified": timestamp(version.last_modified), "Owner": owner(bucket.account)}
        if version.delete_marker:
            markers.append(base)
        else:
            base.update({"ETag": version.etag, "Size": version.size, "StorageClass": version.storage_class})
            if version.checksum_algorithm:
                base["ChecksumAlgorithm"] = [version.checksum_algorithm]
                base["ChecksumType"] = version.checksum_type or "FULL_OBJECT"
            versions.append(base)
    if versions:
        out["Versions"] = versions
    if markers:
        out["DeleteMarkers"] = markers
    if page.prefixes:
        out["CommonPrefixes"] = [{"Prefix": encode(p)} for p in page.prefixes]
    return out
