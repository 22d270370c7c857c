"""Object Lock on single versions: legal holds and retention (rules in `locking.py`)."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.s3 import locking
from cumulo.services.s3.common import find_version, get_bucket, now, objects
from cumulo.services.s3.models import Bucket, ObjectVersion


def _no_lock_configuration() -> AwsError:
    return AwsError("NoSuchObjectLockConfiguration", "The specified object does not have a ObjectLock configuration", status=404)


def _malformed() -> AwsError:
    return AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)


def _locked_version(ctx: RequestContext, req: dict[str, Any]) -> tuple[Bucket, ObjectVersion]:
    """The bucket (which must have Object Lock) and the version a request names."""
    bucket = get_bucket(ctx, req["Bucket"])
    if not locking.enabled(bucket):
        raise locking.missing_configuration()
    return bucket, find_version(ctx, bucket, req["Key"], req.get("VersionId"))


def put_object_legal_hold(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    status = (req.get("LegalHold") or {}).get("Status")
    if status not in ("ON", "OFF"):
        raise _malformed()
    bucket, version = _locked_version(ctx, req)
    version.extra["ObjectLockLegalHoldStatus"] = status
    objects(ctx, bucket.name).touch(version.key)
    return {}


def get_object_legal_hold(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, version = _locked_version(ctx, req)
    status = version.extra.get("ObjectLockLegalHoldStatus")
    if status is None:
        raise _no_lock_configuration()
    return {"LegalHold": {"Status": status}}


def put_object_retention(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    retention = req.get("Retention") or {}
    mode, until = retention.get("Mode"), retention.get("RetainUntilDate")
    if (mode is None) != (until is None) or (mode is not None and mode not in ("GOVERNANCE", "COMPLIANCE")):
        raise _malformed()
    bucket, version = _locked_version(ctx, req)
    clock = now(ctx)
    if until is not None:
        locking.check_future(until, clock)
    holding = retention.get("EventHold") is not None or retention.get("EventHoldDuration") is not None
    if mode is not None or not holding:
        locking.check_retention_change(version, retention, clock, bool(req.get("BypassGovernanceRetention")))
    locking.set_event_hold(version, retention, clock)
    if mode is None and not holding:
        version.extra.pop("ObjectLockMode", None)
        version.extra.pop("ObjectLockRetainUntilDate", None)
    elif mode is not None:
        version.extra["ObjectLockMode"] = mode
        version.extra["ObjectLockRetainUntilDate"] = until
    objects(ctx, bucket.name).touch(version.key)
    return {}


def get_object_retention(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, version = _locked_version(ctx, req)
    retention = locking.retention_of(version)
    if not retention:
        raise _no_lock_configuration()
    return {"Retention": retention}
