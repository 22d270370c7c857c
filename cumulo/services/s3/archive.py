"""Archived objects (S3 Glacier Flexible Retrieval, Deep Archive) and their restores.

https://docs.aws.amazon.com/AmazonS3/latest/userguide/restoring-objects.html

Invariants
- An object in an archive storage class cannot be read (GET, copy source)
  unless a restored copy exists: 403 `InvalidObjectState`. HEAD always works.
- A restore is `version.extra["_restore"] = {"ready": t, "expires": t}`; its state
  is computed from the cumulo clock when read, so nothing needs a timer:
  before `ready` HEAD/GET say `ongoing-request="true"`, after it
  `ongoing-request="false", expiry-date="..."`, and after `expires` the copy is
  gone again. Retrieval takes the longest time S3 quotes for the tier;
  the expiry is `Days` after completion, rounded up to the next midnight UTC.
"""

from __future__ import annotations

import math

from cumulo.core.errors import AwsError
from cumulo.services.s3.common import http_date
from cumulo.services.s3.models import ObjectVersion

ARCHIVED = frozenset(("GLACIER", "DEEP_ARCHIVE"))
DAY = 86400
# Seconds to restore, per storage class and tier (the upper end of S3's stated ranges).
RETRIEVAL = {
    "GLACIER": {"Expedited": 5 * 60, "Standard": 5 * 3600, "Bulk": 12 * 3600},
    "DEEP_ARCHIVE": {"Standard": 12 * 3600, "Bulk": 48 * 3600},
}
KEY = "_restore"


def restore_state(version: ObjectVersion, now: float) -> str:
    """"" (none, or expired), "ongoing" or "done"."""
    restore = version.extra.get(KEY)
    if not restore or now >= restore["expires"]:
        return ""
    return "ongoing" if now < restore["ready"] else "done"


def restore_header(version: ObjectVersion, now: float) -> str | None:
    state = restore_state(version, now)
    if state == "ongoing":
        return 'ongoing-request="true"'
    if state == "done":
        return f'ongoing-request="false", expiry-date="{http_date(version.extra[KEY]["expires"])}"'
    return None


def check_readable(version: ObjectVersion, now: float) -> None:
    if version.storage_class in ARCHIVED and restore_state(version, now) != "done":
        raise AwsError("InvalidObjectState", "The operation is not valid for the object's storage class", status=403,
                       StorageClass=version.storage_class)


def expiry(ready: float, days: int) -> float:
    """`days` after `ready`, rounded up to the next midnight UTC."""
    return math.ceil((ready + days * DAY) / DAY) * DAY


def check_restorable(version: ObjectVersion) -> None:
    if version.storage_class not in ARCHIVED:
        raise AwsError("InvalidObjectState", "Restore is not allowed for the object's current storage class", status=403,
                       StorageClass=version.storage_class)


def start(version: ObjectVersion, days: int, tier: str, now: float) -> int:
    """Record a restore request; the HTTP status S3 answers with (202 new, 200 refreshed)."""
    check_restorable(version)
    times = RETRIEVAL[version.storage_class]
    if tier not in times:
        raise AwsError("InvalidArgument", f"{tier} retrieval is not supported for the {version.storage_class} storage class", status=400,
                       ArgumentName="Tier", ArgumentValue=tier)
    state = restore_state(version, now)
    if state == "ongoing":
        raise AwsError("RestoreAlreadyInProgress", "Object restore is already in progress", status=409)
    if state == "done":
        # Restoring a restored copy again only moves its expiry.
        version.extra[KEY] = {**version.extra[KEY], "expires": expiry(now, days)}
        return 200
    ready = now + times[tier]
    version.extra[KEY] = {"ready": ready, "expires": expiry(ready, days)}
    return 202
