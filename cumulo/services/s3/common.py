"""What every S3 handler shares: where state is, lookups, AWS's errors, ids,
conditional requests and byte ranges.

Errors carry their HTTP status here because the S3 model declares few of them
with one. Messages follow https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime, timezone
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import checks
from cumulo.services.s3.models import GLOBAL, Bucket, ObjectKey, ObjectVersion
from cumulo.state import Scope, Table


# ---------------------------------------------------------------- state


def scope(ctx: RequestContext) -> Scope:
    return ctx.store.scope("s3", GLOBAL, GLOBAL)


def buckets(ctx: RequestContext) -> Table:
    return scope(ctx).table("buckets")


def objects(ctx: RequestContext, bucket: str) -> Table:
    return scope(ctx).table("objects/" + bucket)


def uploads(ctx: RequestContext, bucket: str) -> Table:
    return scope(ctx).table("uploads/" + bucket)


def get_bucket(ctx: RequestContext, name: str, owner_header: str = "x-amz-expected-bucket-owner") -> Bucket:
    """The bucket, checked against the account the request expects to own it
    (`owner_header`: a copy names its source's owner in another header)."""
    bucket = buckets(ctx).get(name)
    if bucket is None:
        raise no_such_bucket(name)
    checks.expected_owner(ctx, bucket, owner_header)
    return bucket


def no_such_bucket(name: str) -> AwsError:
    return AwsError("NoSuchBucket", "The specified bucket does not exist", status=404, BucketName=name)


def no_such_key(key: str) -> AwsError:
    return AwsError("NoSuchKey", "The specified key does not exist.", status=404, Key=key)


def find_version(ctx: RequestContext, bucket: Bucket, key: str, version_id: str | None = None, *, allow_marker: bool = False) -> ObjectVersion:
    """The current version of `key`, or the one named; NoSuchKey/NoSuchVersion otherwise.

    A current delete marker reads as NoSuchKey (with `x-amz-delete-marker`);
    a delete marker asked for by id is 405 MethodNotAllowed unless `allow_marker`.
    """
    entry: ObjectKey | None = objects(ctx, bucket.name).get(key)
    if version_id is None:
        current = entry.current if entry else None
        if current is None:
            raise no_such_key(key)
        if current.delete_marker and not allow_marker:
            error = no_such_key(key)
            error.headers.update({"x-amz-delete-marker": "true", "x-amz-version-id": current.version_id})
            raise error
        return current
    if not bucket.versioning and version_id != "null":
        # A bucket never versioned has only "null" versions: any other id is malformed.
        raise AwsError("InvalidArgument", "Invalid version id specified", status=400, ArgumentName="versionId", ArgumentValue=version_id)
    for version in entry.versions if entry else ():
        if version.version_id == version_id:
            if version.delete_marker and not allow_marker:
                raise AwsError(
                    "MethodNotAllowed",
                    "The specified method is not allowed against this resource.",
                    status=405,
                    Method=ctx.request.method if ctx.request else "GET",
                    ResourceType="DeleteMarker",
                    headers={"x-amz-delete-marker": "true", "x-amz-version-id": version_id, "Last-Modified": http_date(version.last_modified)},
                )
            return version
    if version_id != "null" and not _VERSION_ID.match(version_id):
        raise AwsError("InvalidArgument", "Invalid version id specified", status=400, ArgumentName="versionId", ArgumentValue=version_id)
    raise AwsError("NoSuchVersion", "The specified version does not exist.", status=404, Key=key, VersionId=version_id)


_VERSION_ID = re.compile(r"^[A-Za-z0-9._-]{32}$")


# ---------------------------------------------------------------- ids and formats


def new_version_id() -> str:
    return secrets.token_urlsafe(24)[:32].replace("-", ".")


def canonical_id(account: str) -> str:
    """The 64-hex canonical user id S3 shows for an account (stable per account)."""
    return hashlib.sha256(f"cumulo-canonical-{account}".encode()).hexdigest()


def owner(account: str) -> dict[str, str]:
    # No DisplayName: AWS stopped returning it in 2025.
    return {"ID": canonical_id(account)}


def timestamp(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, timezone.utc)


def http_date(epoch: float) -> str:
    return timestamp(int(epoch)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def now(ctx: RequestContext) -> float:
    # S3 keeps millisecond precision in listings, seconds in Last-Modified headers.
    return round(ctx.clock.now(), 3)


def header(ctx: RequestContext, name: str) -> str | None:
    return ctx.request.headers.get(name) if ctx.request is not None else None


# ---------------------------------------------------------------- conditional requests


def _etag_matches(condition: str, etag: str) -> bool:
    wanted = [c.strip() for c in condition.split(",")]
    bare = etag.strip('"')
    return any(c == "*" or c.strip('"') == bare for c in wanted)


def _epoch(value: Any) -> float:
    if isinstance(value, datetime):
        return value.timestamp()
    return float(value)


def precondition_failed(condition: str) -> AwsError:
    return AwsError("PreconditionFailed", "At least one of the pre-conditions you specified did not hold", status=412, Condition=condition)


def check_read_conditions(req: dict[str, Any], version: ObjectVersion, prefix: str = "") -> None:
    """If-Match / If-Unmodified-Since (412) and If-None-Match / If-Modified-Since (304),
    combined as S3 documents for GetObject and HeadObject. `prefix` "CopySource" checks
    the x-amz-copy-source-if-* conditions of a copy, where the 304 cases are 412s too."""
    modified = int(version.last_modified)
    if_match = req.get(prefix + "IfMatch")
    if_unmodified = req.get(prefix + "IfUnmodifiedSince")
    if_none_match = req.get(prefix + "IfNoneMatch")
    if_modified = req.get(prefix + "IfModifiedSince")
    names = ("x-amz-copy-source-if-" if prefix else "If-")
    if if_match is not None:
        if not _etag_matches(if_match, version.etag):
            raise precondition_failed(names + ("match" if prefix else "Match"))
    elif if_unmodified is not None and modified > _epoch(if_unmodified):
        raise precondition_failed(names + ("unmodified-since" if prefix else "Unmodified-Since"))
    if if_none_match is not None:
        if _etag_matches(if_none_match, version.etag):
            if prefix:
                raise precondition_failed(names + "none-match")
            raise not_modified(version)
    elif if_modified is not None and modified <= _epoch(if_modified):
        if prefix:
            raise precondition_failed(names + "modified-since")
        raise not_modified(version)


def not_modified(version: ObjectVersion) -> AwsError:
    return AwsError("NotModified", "Not Modified", status=304, headers={"ETag": version.etag, "Last-Modified": http_date(version.last_modified)})


def check_write_conditions(ctx: RequestContext, req: dict[str, Any], bucket: Bucket, key: str) -> None:
    """`If-None-Match: *` and `If-Match: <etag>` on PutObject/CompleteMultipartUpload."""
    if_none_match, if_match = req.get("IfNoneMatch"), req.get("IfMatch")
    if if_none_match is None and if_match is None:
        return
    entry = objects(ctx, bucket.name).get(key)
    current = entry.current if entry else None
    exists = current is not None and not current.delete_marker
    if if_none_match is not None:
        # S3 takes only `If-None-Match: *`: an ETag there is functionality it has not implemented.
        if if_none_match.strip() != "*":
            raise AwsError("NotImplemented", "A header you provided implies functionality that is not implemented", status=501, Header="If-None-Match")
        if exists:
            raise precondition_failed("If-None-Match")
    if if_match is not None:
        if not exists:
            raise no_such_key(key)
        if not _etag_matches(if_match, current.etag):  # type: ignore[union-attr]
            raise precondition_failed("If-Match")


# ---------------------------------------------------------------- ranges

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def parse_range(value: str | None, size: int) -> tuple[int, int] | None:
    """[start, end) for a `Range` header, None for the whole object.

    A header S3 cannot parse (several ranges, other units, garbage) is ignored,
    as RFC 9110 allows; an unsatisfiable one is 416 InvalidRange."""
    if not value:
        return None
    m = _RANGE.match(value.strip())
    if m is None or (not m.group(1) and not m.group(2)):
        return None
    first, last = m.group(1), m.group(2)
    if first:
        start = int(first)
        end = int(last) + 1 if last else size
        if last and end <= start:
            return None  # "bytes=5-2" is not a valid range: whole object
        if start >= size:
            raise invalid_range(value, size)
        return start, min(end, size)
    suffix = int(last)
    if suffix == 0:
        raise invalid_range(value, size)
    return max(0, size - suffix), size


def invalid_range(value: str, size: int) -> AwsError:
    return AwsError(
        "InvalidRange",
        "The requested range is not satisfiable",
        status=416,
        RangeRequested=value,
        ActualObjectSize=str(size),
        headers={"Content-Range": f"bytes */{size}"},
    )
