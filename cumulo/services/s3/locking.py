"""Object Lock: retention modes, legal holds, and what they forbid.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html

Invariants
- A version's lock lives in `ObjectVersion.extra` as the members GET/HEAD
  return (`ObjectLockMode`, `ObjectLockRetainUntilDate`,
  `ObjectLockLegalHoldStatus`, `ObjectLockEventHold` and its duration), so
  reads show it with no extra work.
- A version is protected while its legal hold or event hold is ON, or its retain-until date
  is after now on the cumulo clock. Protected versions cannot be deleted by
  version id: COMPLIANCE never, GOVERNANCE only with
  `x-amz-bypass-governance-retention: true`. Deletes without a version id only
  add a delete marker, which Object Lock allows. Overwrites add a new version
  (lock buckets are always versioned), so nothing locked is ever replaced.
- Lock settings on a write need a bucket with Object Lock enabled; a write
  without them gets the bucket's default retention, if it has one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.s3.common import timestamp
from cumulo.services.s3.models import Bucket, ObjectVersion

DAY = 86400
LOCK_MEMBERS = ("ObjectLockMode", "ObjectLockRetainUntilDate", "ObjectLockLegalHoldStatus", "ObjectLockEventHold")
HOLD_DURATION = ("ObjectLockEventHoldDurationDays", "ObjectLockEventHoldDurationYears")


def enabled(bucket: Bucket) -> bool:
    return (bucket.config.get("object_lock") or {}).get("ObjectLockEnabled") == "Enabled"


def missing_configuration() -> AwsError:
    return AwsError("InvalidRequest", "Bucket is missing Object Lock Configuration", status=400)


def epoch(value: Any) -> float:
    return value.timestamp() if isinstance(value, datetime) else float(value)


def check_future(until: Any, now: float) -> None:
    if epoch(until) <= now:
        raise AwsError("InvalidArgument", "The retain until date must be in the future!", status=400,
                       ArgumentName="x-amz-object-lock-retain-until-date", ArgumentValue=str(until))


def on_write(bucket: Bucket, req: dict[str, Any], extra: dict[str, Any], now: float) -> None:
    """Check a write's lock headers against the bucket; apply its default retention."""
    given = [m for m in LOCK_MEMBERS if req.get(m) is not None]
    if given and not enabled(bucket):
        raise missing_configuration()
    mode, until = req.get("ObjectLockMode"), req.get("ObjectLockRetainUntilDate")
    if (mode is None) != (until is None):
        raise AwsError("InvalidArgument", "x-amz-object-lock-retain-until-date and x-amz-object-lock-mode must both be supplied",
                       status=400)
    if mode is not None:
        if mode not in ("GOVERNANCE", "COMPLIANCE"):
            raise AwsError("InvalidArgument", "Unknown wormMode directive.", status=400, ArgumentName="x-amz-object-lock-mode", ArgumentValue=mode)
        check_future(until, now)
        return
    default = ((bucket.config.get("object_lock") or {}).get("Rule") or {}).get("DefaultRetention") or {}
    if not enabled(bucket) or not default.get("Mode") or req.get("ObjectLockEventHold") is not None:
        return
    extra["ObjectLockMode"] = default["Mode"]
    hold = default.get("DefaultEventHold")
    if hold:
        # A default event hold: the version is held now, and retained for the duration once released.
        extra["ObjectLockEventHold"] = "ON"
        extra.update({f"ObjectLockEventHoldDuration{unit}": hold[unit] for unit in ("Days", "Years") if hold.get(unit)})
        return
    days = default.get("Days") or 365 * (default.get("Years") or 0)
    extra["ObjectLockRetainUntilDate"] = timestamp(now + days * DAY)


def active_mode(version: ObjectVersion, now: float) -> str:
    """The retention mode still in force ("" when none or expired)."""
    mode, until = version.extra.get("ObjectLockMode"), version.extra.get("ObjectLockRetainUntilDate")
    if mode and until is not None and epoch(until) > now:
        return str(mode)
    return ""


def check_delete(version: ObjectVersion, now: float, bypass_governance: bool) -> None:
    """Refuse deleting a protected version, as S3 does (403 AccessDenied)."""
    if version.delete_marker:
        return
    mode = active_mode(version, now)
    held = version.extra.get("ObjectLockLegalHoldStatus") == "ON" or version.extra.get("ObjectLockEventHold") == "ON"
    if held or mode == "COMPLIANCE" or (mode == "GOVERNANCE" and not bypass_governance):
        raise AwsError("AccessDenied", "Access Denied because object protected by object lock.", status=403)


def check_retention_change(version: ObjectVersion, new: dict[str, Any], now: float, bypass_governance: bool) -> None:
    """Retention may always be extended; shortening, removing or changing the mode
    of a COMPLIANCE retention never, of a GOVERNANCE one only with the bypass."""
    mode = active_mode(version, now)
    if not mode:
        return
    current_until = epoch(version.extra["ObjectLockRetainUntilDate"])
    new_until = epoch(new["RetainUntilDate"]) if new.get("RetainUntilDate") is not None else 0.0
    weakening = new.get("Mode") != mode or new_until < current_until
    if mode == "GOVERNANCE" and new.get("Mode") == "COMPLIANCE" and new_until >= current_until:
        weakening = False  # GOVERNANCE -> COMPLIANCE only strengthens the lock
    if weakening and (mode == "COMPLIANCE" or not bypass_governance):
        raise AwsError("AccessDenied", "Access Denied", status=403)


def set_event_hold(version: ObjectVersion, retention: dict[str, Any], now: float) -> None:
    """An event hold protects a version while ON; released (OFF), the version is
    retained for the hold's duration from that moment, in the retention's mode
    (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock.html)."""
    status, duration = retention.get("EventHold"), retention.get("EventHoldDuration")
    if status is None and duration is None:
        return
    if status is not None and status not in ("ON", "OFF"):
        raise AwsError("MalformedXML", "The XML you provided was not well-formed or did not validate against our published schema", status=400)
    if duration is not None:
        days, years = duration.get("Days"), duration.get("Years")
        if (days is None) == (years is None) or not (1 <= (days or 0) <= 36500 or 1 <= (years or 0) <= 100):
            raise AwsError("InvalidArgument", "EventHoldDuration must specify either Days (1 to 36500) or Years (1 to 100)", status=400)
        for member in HOLD_DURATION:
            version.extra.pop(member, None)
        version.extra["ObjectLockEventHoldDurationDays" if days is not None else "ObjectLockEventHoldDurationYears"] = days or years
    was_on = version.extra.get("ObjectLockEventHold") == "ON"
    if status is not None:
        version.extra["ObjectLockEventHold"] = status
    if was_on and status == "OFF":
        days = version.extra.get("ObjectLockEventHoldDurationDays") or 365 * (version.extra.get("ObjectLockEventHoldDurationYears") or 0)
        if days:
            version.extra["ObjectLockMode"] = retention.get("Mode") or version.extra.get("ObjectLockMode") or "GOVERNANCE"
            version.extra["ObjectLockRetainUntilDate"] = timestamp(now + days * DAY)


def retention_of(version: ObjectVersion) -> dict[str, Any]:
    """A version's `Retention` as GetObjectRetention answers it."""
    out: dict[str, Any] = {}
    for member in ("Mode", "RetainUntilDate"):
        if version.extra.get("ObjectLock" + member) is not None:
            out[member] = version.extra["ObjectLock" + member]
    if version.extra.get("ObjectLockEventHold"):
        out["EventHold"] = version.extra["ObjectLockEventHold"]
    duration = {member.removeprefix("ObjectLockEventHoldDuration"): version.extra[member] for member in HOLD_DURATION if member in version.extra}
    if duration:
        out["EventHoldDuration"] = duration
    return out
