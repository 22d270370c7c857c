"""Cold object rows: with a warm budget far smaller than the bucket, every operation
sees the right data while most object rows live on disk (listings of all kinds,
reads, copies, tags, overwrites, deletes, versions, a restart); and the key index
the listings use stays in step with the rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from hypothesis import HealthCheck, given, settings, strategies as st

from cumulo.services.s3.keyindex import KeyIndex
from cumulo.state import store as store_module
from cumulo.state.store import COLD
from cumulo.testing import CumuloServer, free_port, spawned_server

BUDGET = 8


@pytest.fixture
def small_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store_module, "WARM_MAX", BUDGET)


def cold_count(cumulo: CumuloServer, bucket: str) -> int:
    rows = cumulo.runtime.store.scope("s3", "_global", "_global").table("objects/" + bucket).rows
    return sum(1 for v in rows.values() if v is COLD)


def body(key: str, n: int = 0) -> bytes:
    return f"{key}#{n}|".encode() * 20


def walk(s3: Any, op: str, field: str, **kwargs: Any) -> list[Any]:
    out: list[Any] = []
    for page in s3.get_paginator(op).paginate(**kwargs):
        out += page.get(field, [])
    return out


KEYS = [f"{d}/{i:03d}" for d in ("a", "b", "c/d") for i in range(12)] + ["top"]


def test_unversioned_bucket_with_most_rows_cold(small_budget: None, cumulo: CumuloServer, s3: Any, bucket: str) -> None:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=body(key), Metadata={"k": key}, ContentType="text/x-test")
    assert cold_count(cumulo, bucket) >= len(KEYS) - BUDGET
    # every listing, in small pages, with and without a prefix and delimiter
    keys = sorted(KEYS)
    assert [o["Key"] for o in walk(s3, "list_objects_v2", "Contents", Bucket=bucket, PaginationConfig={"PageSize": 5})] == keys
    assert [o["Key"] for o in walk(s3, "list_objects", "Contents", Bucket=bucket, PaginationConfig={"PageSize": 7})] == keys
    assert [v["Key"] for v in walk(s3, "list_object_versions", "Versions", Bucket=bucket, PaginationConfig={"PageSize": 4})] == keys
    listed = s3.list_objects_v2(Bucket=bucket, Prefix="b/", MaxKeys=3)
    assert [o["Key"] for o in listed["Contents"]] == ["b/000", "b/001", "b/002"] and listed["IsTruncated"]
    assert all(o["Size"] == len(body(o["Key"])) for o in listed["Contents"])
    rolled = s3.list_objects_v2(Bucket=bucket, Delimiter="/")
    assert [p["Prefix"] for p in rolled["CommonPrefixes"]] == ["a/", "b/", "c/"] and [o["Key"] for o in rolled["Contents"]] == ["top"]
    nested = s3.list_objects(Bucket=bucket, Prefix="c/", Delimiter="/")
    assert [p["Prefix"] for p in nested["CommonPrefixes"]] == ["c/d/"] and "Contents" not in nested
    # reads of cold rows
    for key in KEYS:
        got = s3.get_object(Bucket=bucket, Key=key)
        assert got["Body"].read() == body(key) and got["Metadata"] == {"k": key} and got["ContentType"] == "text/x-test"
    assert s3.head_object(Bucket=bucket, Key="a/000")["ContentLength"] == len(body("a/000"))
    # copy, tag, overwrite, delete, delete-objects on rows gone cold meanwhile
    s3.copy_object(Bucket=bucket, Key="copied", CopySource={"Bucket": bucket, "Key": "a/001"})
    s3.put_object_tagging(Bucket=bucket, Key="a/002", Tagging={"TagSet": [{"Key": "t", "Value": "v"}]})
    s3.put_object(Bucket=bucket, Key="a/003", Body=body("a/003", 1))
    s3.delete_object(Bucket=bucket, Key="a/004")
    deleted = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "b/000"}, {"Key": "b/001"}, {"Key": "nothing"}]})
    assert sorted(d["Key"] for d in deleted["Deleted"]) == ["b/000", "b/001", "nothing"]
    for key in KEYS[:20]:  # push the changed rows out of memory
        s3.head_object(Bucket=bucket, Key=key) if key not in ("a/004", "b/000", "b/001") else None
    for key in [f"filler/{i}" for i in range(2 * BUDGET)]:
        s3.put_object(Bucket=bucket, Key=key, Body=b"f")
    assert s3.get_object(Bucket=bucket, Key="copied")["Body"].read() == body("a/001")
    assert s3.get_object_tagging(Bucket=bucket, Key="a/002")["TagSet"] == [{"Key": "t", "Value": "v"}]
    assert s3.get_object(Bucket=bucket, Key="a/003")["Body"].read() == body("a/003", 1)
    expected = sorted({*KEYS, "copied", *(f"filler/{i}" for i in range(2 * BUDGET))} - {"a/004", "b/000", "b/001"})
    assert [o["Key"] for o in walk(s3, "list_objects_v2", "Contents", Bucket=bucket, PaginationConfig={"PageSize": 6})] == expected
    sizes = {o["Key"]: o["Size"] for o in walk(s3, "list_objects_v2", "Contents", Bucket=bucket)}
    assert sizes["a/003"] == len(body("a/003", 1)) and sizes["copied"] == len(body("a/001"))
    # a bucket holding only cold rows is not empty; emptied, it deletes
    with pytest.raises(s3.exceptions.ClientError, match="BucketNotEmpty"):
        s3.delete_bucket(Bucket=bucket)
    for i in range(0, len(expected), 10):
        s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": k} for k in expected[i:i + 10]]})
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)
    s3.delete_bucket(Bucket=bucket)


def test_versioned_bucket_with_most_rows_cold(small_budget: None, cumulo: CumuloServer, s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    ids: dict[str, list[str]] = {}
    keys = [f"k/{i:02d}" for i in range(12)]
    for n in range(3):
        for key in keys:
            ids.setdefault(key, []).insert(0, s3.put_object(Bucket=bucket, Key=key, Body=body(key, n))["VersionId"])
    markers = {key: s3.delete_object(Bucket=bucket, Key=key)["VersionId"] for key in keys[::3]}
    assert cold_count(cumulo, bucket) >= len(keys) - BUDGET
    # current listings skip the keys whose current version is a delete marker
    shown = [k for k in keys if k not in markers]
    assert [o["Key"] for o in walk(s3, "list_objects_v2", "Contents", Bucket=bucket, PaginationConfig={"PageSize": 3})] == shown
    assert [o["Key"] for o in walk(s3, "list_objects", "Contents", Bucket=bucket, PaginationConfig={"PageSize": 2})] == shown
    assert s3.list_objects_v2(Bucket=bucket, Delimiter="/")["CommonPrefixes"] == [{"Prefix": "k/"}]
    # every version, in pages that split keys' versions
    versions = walk(s3, "list_object_versions", "Versions", Bucket=bucket, PaginationConfig={"PageSize": 5})
    assert [(v["Key"], v["VersionId"]) for v in versions] == [(k, i) for k in keys for i in ids[k]]
    assert [v["IsLatest"] for v in versions] == [k not in markers and i == 0 for k in keys for i in range(3)]
    dms = walk(s3, "list_object_versions", "DeleteMarkers", Bucket=bucket, PaginationConfig={"PageSize": 5})
    assert {(d["Key"], d["VersionId"]) for d in dms} == set(markers.items())
    # get by version id, on rows gone cold
    for key in keys:
        for n, vid in enumerate(reversed(ids[key])):
            assert s3.get_object(Bucket=bucket, Key=key, VersionId=vid)["Body"].read() == body(key, n)
    # removing a delete marker brings its key back; deleting the current version shows the one before
    s3.delete_object(Bucket=bucket, Key="k/00", VersionId=markers["k/00"])
    s3.delete_object(Bucket=bucket, Key="k/01", VersionId=ids["k/01"][0])
    assert s3.get_object(Bucket=bucket, Key="k/00")["Body"].read() == body("k/00", 2)
    assert s3.get_object(Bucket=bucket, Key="k/01")["Body"].read() == body("k/01", 1)
    now_shown = sorted({*shown, "k/00"})
    assert [o["Key"] for o in walk(s3, "list_objects_v2", "Contents", Bucket=bucket, PaginationConfig={"PageSize": 4})] == now_shown
    # a key whose only version left is a delete marker, then none at all
    for vid in ids["k/03"]:
        s3.delete_object(Bucket=bucket, Key="k/03", VersionId=vid)
    assert [d["Key"] for d in s3.list_object_versions(Bucket=bucket, Prefix="k/03")["DeleteMarkers"]] == ["k/03"]
    s3.delete_object(Bucket=bucket, Key="k/03", VersionId=markers["k/03"])
    assert "DeleteMarkers" not in s3.list_object_versions(Bucket=bucket, Prefix="k/03")
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == now_shown


def test_markers_of_a_bucket_stored_before_the_markers_table(small_budget: None, cumulo: CumuloServer, s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    s3.delete_object(Bucket=bucket, Key="b")
    # as a data dir written before the markers table existed: no table at all
    cumulo.runtime.store.scope("s3", "_global", "_global").table("markers/" + bucket).clear()
    cumulo.runtime.store.commit()
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["a", "c"]
    s3.delete_object(Bucket=bucket, Key="c")
    assert [o["Key"] for o in s3.list_objects(Bucket=bucket)["Contents"]] == ["a"]


def test_cold_rows_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    env = {"CUMULO_WARM_MAX": str(BUDGET)}

    def client() -> Any:
        return boto3.client("s3", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test",
                            config=Config(retries={"max_attempts": 1}, read_timeout=10))

    keys = [f"r/{i:02d}" for i in range(30)]
    with spawned_server(port, str(tmp_path), env=env):
        s3 = client()
        s3.create_bucket(Bucket="plain")
        s3.create_bucket(Bucket="versioned")
        s3.put_bucket_versioning(Bucket="versioned", VersioningConfiguration={"Status": "Enabled"})
        for key in keys:
            s3.put_object(Bucket="plain", Key=key, Body=body(key))
            s3.put_object(Bucket="versioned", Key=key, Body=body(key))
        first = s3.put_object(Bucket="versioned", Key="r/00", Body=body("r/00", 1))["VersionId"]
        s3.put_object_tagging(Bucket="plain", Key="r/01", Tagging={"TagSet": [{"Key": "t", "Value": "1"}]})
        s3.put_object(Bucket="plain", Key="r/02", Body=body("r/02", 1))
        s3.delete_object(Bucket="plain", Key="r/03")
        s3.delete_object(Bucket="versioned", Key="r/04")
        for key in keys[10:]:  # the changed rows cool again
            s3.get_object(Bucket="plain", Key=key)["Body"].read()
    with spawned_server(port, str(tmp_path), env=env):
        s3 = client()
        assert [o["Key"] for o in walk(s3, "list_objects_v2", "Contents", Bucket="plain", PaginationConfig={"PageSize": 7})] == \
            [k for k in keys if k != "r/03"]
        assert [o["Key"] for o in walk(s3, "list_objects_v2", "Contents", Bucket="versioned", PaginationConfig={"PageSize": 7})] == \
            [k for k in keys if k != "r/04"]
        versions = walk(s3, "list_object_versions", "Versions", Bucket="versioned", PaginationConfig={"PageSize": 4})
        assert len(versions) == len(keys) + 1
        assert s3.get_object(Bucket="versioned", Key="r/00", VersionId=first)["Body"].read() == body("r/00", 1)
        assert s3.get_object_tagging(Bucket="plain", Key="r/01")["TagSet"] == [{"Key": "t", "Value": "1"}]
        assert s3.get_object(Bucket="plain", Key="r/02")["Body"].read() == body("r/02", 1)
        for key in keys[5:]:
            assert s3.get_object(Bucket="plain", Key=key)["Body"].read() == body(key, 1 if key == "r/02" else 0)
        s3.put_object(Bucket="plain", Key="r/03", Body=b"back")
        assert [o["Key"] for o in s3.list_objects_v2(Bucket="plain", Prefix="r/0", MaxKeys=4)["Contents"]] == ["r/00", "r/01", "r/02", "r/03"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.booleans(), st.sampled_from("abcdefgh")), max_size=60))
def test_key_index_follows_adds_and_removes(steps: list[tuple[bool, str]]) -> None:
    present = {"c", "e"}
    index = KeyIndex(present)
    for i, (add, key) in enumerate(steps):
        if add and key not in present:
            index.add(key)
            present.add(key)
        elif not add and key in present:
            index.remove(key)
            present.discard(key)
        assert len(index) == len(present)
        if i % 3 == 0:
            assert index.keys() == sorted(present)
    assert index.keys() == sorted(present)
