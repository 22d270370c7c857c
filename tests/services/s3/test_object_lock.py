"""Object Lock: retention and legal holds, enforced on deletes, on the cumulo clock."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


@pytest.fixture
def locked(s3: Any) -> str:
    s3.create_bucket(Bucket="locked-bucket", ObjectLockEnabledForBucket=True)
    return "locked-bucket"


def _later(cumulo_clock: Any, days: float) -> datetime:
    return datetime.fromtimestamp(cumulo_clock.now(), timezone.utc).replace(microsecond=0) + timedelta(days=days)


def test_needs_an_object_lock_bucket(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.put_object_retention(Bucket=bucket, Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _later(cumulo_clock, 1)})
    assert code(e) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as e:
        s3.put_object_legal_hold(Bucket=bucket, Key="k", LegalHold={"Status": "ON"})
    assert code(e) == ("InvalidRequest", 400)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=_later(cumulo_clock, 1))
    assert code(e) == ("InvalidRequest", 400)


def test_compliance_retention(s3: Any, locked: str, cumulo_clock: Any) -> None:
    version = s3.put_object(Bucket=locked, Key="k", Body=b"x")["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.get_object_retention(Bucket=locked, Key="k")
    assert code(e) == ("NoSuchObjectLockConfiguration", 404)
    until = _later(cumulo_clock, 2)
    s3.put_object_retention(Bucket=locked, Key="k", Retention={"Mode": "COMPLIANCE", "RetainUntilDate": until})
    assert s3.get_object_retention(Bucket=locked, Key="k")["Retention"] == {"Mode": "COMPLIANCE", "RetainUntilDate": until}
    head = s3.head_object(Bucket=locked, Key="k")
    assert head["ObjectLockMode"] == "COMPLIANCE" and head["ObjectLockRetainUntilDate"] == until
    with pytest.raises(ClientError) as e:  # shortening a COMPLIANCE lock, even with the bypass
        s3.put_object_retention(Bucket=locked, Key="k", BypassGovernanceRetention=True,
                                Retention={"Mode": "COMPLIANCE", "RetainUntilDate": _later(cumulo_clock, 1)})
    assert code(e) == ("AccessDenied", 403)
    s3.put_object_retention(Bucket=locked, Key="k", Retention={"Mode": "COMPLIANCE", "RetainUntilDate": _later(cumulo_clock, 3)})
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=locked, Key="k", VersionId=version, BypassGovernanceRetention=True)
    assert code(e) == ("AccessDenied", 403)
    out = s3.delete_objects(Bucket=locked, Delete={"Objects": [{"Key": "k", "VersionId": version}]})
    assert out["Errors"][0]["Code"] == "AccessDenied"
    marker = s3.delete_object(Bucket=locked, Key="k")  # a delete marker is always allowed
    assert marker["DeleteMarker"] is True
    s3.put_object(Bucket=locked, Key="k", Body=b"new")  # an overwrite is a new version; the locked one stays
    assert s3.get_object(Bucket=locked, Key="k", VersionId=version)["Body"].read() == b"x"
    cumulo_clock.advance(4 * 86400)
    s3.delete_object(Bucket=locked, Key="k", VersionId=version)


def test_governance_retention_and_bypass(s3: Any, locked: str, cumulo_clock: Any) -> None:
    version = s3.put_object(Bucket=locked, Key="g", Body=b"x", ObjectLockMode="GOVERNANCE", ObjectLockRetainUntilDate=_later(cumulo_clock, 5))["VersionId"]
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=locked, Key="g", VersionId=version)
    assert code(e) == ("AccessDenied", 403)
    with pytest.raises(ClientError) as e:
        s3.put_object_retention(Bucket=locked, Key="g", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _later(cumulo_clock, 1)})
    assert code(e) == ("AccessDenied", 403)
    s3.put_object_retention(Bucket=locked, Key="g", BypassGovernanceRetention=True,
                            Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _later(cumulo_clock, 1)})
    with pytest.raises(ClientError) as e:
        s3.put_object_retention(Bucket=locked, Key="g", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": _later(cumulo_clock, -1)})
    assert code(e) == ("InvalidArgument", 400)
    s3.delete_object(Bucket=locked, Key="g", VersionId=version, BypassGovernanceRetention=True)


def test_legal_hold(s3: Any, locked: str) -> None:
    version = s3.put_object(Bucket=locked, Key="h", Body=b"x", ObjectLockLegalHoldStatus="ON")["VersionId"]
    assert s3.get_object_legal_hold(Bucket=locked, Key="h")["LegalHold"] == {"Status": "ON"}
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=locked, Key="h", VersionId=version, BypassGovernanceRetention=True)
    assert code(e) == ("AccessDenied", 403)
    s3.put_object_legal_hold(Bucket=locked, Key="h", LegalHold={"Status": "OFF"})
    assert s3.get_object_legal_hold(Bucket=locked, Key="h", VersionId=version)["LegalHold"] == {"Status": "OFF"}
    s3.delete_object(Bucket=locked, Key="h", VersionId=version)
    s3.put_object(Bucket=locked, Key="plain", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.get_object_legal_hold(Bucket=locked, Key="plain")
    assert code(e) == ("NoSuchObjectLockConfiguration", 404)


def test_default_retention(s3: Any, locked: str, cumulo_clock: Any) -> None:
    s3.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration={
        "ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 1}}})
    version = s3.put_object(Bucket=locked, Key="d", Body=b"x")["VersionId"]
    retention = s3.get_object_retention(Bucket=locked, Key="d")["Retention"]
    assert retention["Mode"] == "GOVERNANCE"
    assert abs(retention["RetainUntilDate"].timestamp() - (cumulo_clock.now() + 86400)) < 5
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=locked, Key="d", VersionId=version)
    assert code(e) == ("AccessDenied", 403)
    cumulo_clock.advance(86400 + 60)
    s3.delete_object(Bucket=locked, Key="d", VersionId=version)


def test_event_hold_and_retention_round_trip(s3: Any, locked: str, cumulo_clock: Any) -> None:
    version = s3.put_object(Bucket=locked, Key="k", Body=b"x")["VersionId"]
    until = _later(cumulo_clock, 3)
    s3.put_object_retention(Bucket=locked, Key="k", Retention={"Mode": "GOVERNANCE", "RetainUntilDate": until,
                                                               "EventHold": "ON", "EventHoldDuration": {"Days": 10}})
    retention = s3.get_object_retention(Bucket=locked, Key="k")["Retention"]
    assert retention == {"Mode": "GOVERNANCE", "RetainUntilDate": until, "EventHold": "ON", "EventHoldDuration": {"Days": 10}}
    cumulo_clock.advance(4 * 86400)  # the retention has run out, the hold has not
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=locked, Key="k", VersionId=version, BypassGovernanceRetention=True)
    assert code(e) == ("AccessDenied", 403)
    s3.put_object_retention(Bucket=locked, Key="k", Retention={"EventHold": "OFF"})
    released = s3.get_object_retention(Bucket=locked, Key="k")["Retention"]
    assert released["EventHold"] == "OFF"
    assert abs((released["RetainUntilDate"] - _later(cumulo_clock, 10)).total_seconds()) < 1


def test_default_event_hold(s3: Any, locked: str, cumulo_clock: Any) -> None:
    s3.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": {
        "DefaultRetention": {"Mode": "COMPLIANCE", "DefaultEventHold": {"Days": 2}}}})
    version = s3.put_object(Bucket=locked, Key="held", Body=b"x")["VersionId"]
    head = s3.head_object(Bucket=locked, Key="held")
    assert head["ObjectLockEventHold"] == "ON" and head["ObjectLockEventHoldDurationDays"] == 2
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=locked, Key="held", VersionId=version)
    assert code(e) == ("AccessDenied", 403)
    s3.put_object_retention(Bucket=locked, Key="held", Retention={"EventHold": "OFF"})
    released = s3.get_object_retention(Bucket=locked, Key="held")["Retention"]
    assert released["Mode"] == "COMPLIANCE" and abs((released["RetainUntilDate"] - _later(cumulo_clock, 2)).total_seconds()) < 1
    with pytest.raises(ClientError) as e:
        s3.put_object_lock_configuration(Bucket=locked, ObjectLockConfiguration={"ObjectLockEnabled": "Enabled", "Rule": {
            "DefaultRetention": {"Mode": "COMPLIANCE", "Days": 1, "DefaultEventHold": {"Days": 2}}}})
    assert code(e) == ("MalformedXML", 400)
