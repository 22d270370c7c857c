"""Listing through boto3: ListObjects v1 and v2, prefixes, delimiters, pages, encoding."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services.s3 import listing

KEYS = ["a/1", "a/2", "a/b/3", "b", "c/x/y", "c/z", "d space/1", "e+plus", "f"]


@pytest.fixture
def filled(s3: Any, bucket: str) -> str:
    for key in KEYS:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    return bucket


def test_v2_delimiter_and_prefix(s3: Any, filled: str) -> None:
    top = s3.list_objects_v2(Bucket=filled, Delimiter="/")
    assert [o["Key"] for o in top["Contents"]] == ["b", "e+plus", "f"]
    assert [p["Prefix"] for p in top["CommonPrefixes"]] == ["a/", "c/", "d space/"]
    assert top["KeyCount"] == 6 and top["IsTruncated"] is False
    inner = s3.list_objects_v2(Bucket=filled, Prefix="a/", Delimiter="/")
    assert [o["Key"] for o in inner["Contents"]] == ["a/1", "a/2"]
    assert [p["Prefix"] for p in inner["CommonPrefixes"]] == ["a/b/"]
    assert inner["Prefix"] == "a/"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=filled, StartAfter="c/z")["Contents"]] == ["d space/1", "e+plus", "f"]


@pytest.mark.parametrize("delimiter", ["", "/"])
def test_v2_pages_cover_everything_once(s3: Any, filled: str, delimiter: str) -> None:
    seen, token, pages = [], None, 0
    while True:
        kwargs = {"Bucket": filled, "MaxKeys": 2, "Delimiter": delimiter}
        if token:
            kwargs["ContinuationToken"] = token
        page = s3.list_objects_v2(**kwargs)
        pages += 1
        seen += [o["Key"] for o in page.get("Contents", [])] + [p["Prefix"] for p in page.get("CommonPrefixes", [])]
        assert page["KeyCount"] <= 2
        if not page["IsTruncated"]:
            break
        token = page["NextContinuationToken"]
    expected = KEYS if not delimiter else ["a/", "b", "c/", "d space/", "e+plus", "f"]
    assert sorted(seen) == sorted(expected) and len(seen) == len(set(seen))
    assert pages == (len(expected) + 1) // 2


def test_paginator_and_v1(s3: Any, filled: str) -> None:
    keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=filled, PaginationConfig={"PageSize": 3}) for o in page["Contents"]]
    assert keys == KEYS
    v1 = s3.list_objects(Bucket=filled, MaxKeys=4, Delimiter="/")
    assert v1["IsTruncated"] is True and v1["NextMarker"] == "d space/"
    assert "Owner" in v1["Contents"][0]
    rest = s3.list_objects(Bucket=filled, Marker=v1["NextMarker"], Delimiter="/")
    assert [o["Key"] for o in rest["Contents"]] == ["e+plus", "f"]
    keys = [o["Key"] for page in s3.get_paginator("list_objects").paginate(Bucket=filled, PaginationConfig={"PageSize": 2}) for o in page["Contents"]]
    assert keys == KEYS


def test_max_keys_zero_and_empty_bucket(s3: Any, filled: str, bucket: str) -> None:
    page = s3.list_objects_v2(Bucket=filled, MaxKeys=0)
    assert page["KeyCount"] == 0 and "Contents" not in page and page["IsTruncated"] is False
    s3.create_bucket(Bucket="empty-bucket")
    assert s3.list_objects_v2(Bucket="empty-bucket")["KeyCount"] == 0


def test_url_encoding_round_trips_through_botocore(s3: Any, bucket: str) -> None:
    odd = ["sp ace", "plus+", "pct%20", "uni/日本", "amp&=", "quote'\""]
    for key in odd:
        s3.put_object(Bucket=bucket, Key=key, Body=b"")
    assert sorted(o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]) == sorted(odd)
    # Asked for explicitly, the encoding is left for the caller to undo (form encoding: space as +).
    raw = s3.list_objects_v2(Bucket=bucket, EncodingType="url", Prefix="plus")
    assert raw["Contents"][0]["Key"] == "plus%2B" and raw["Prefix"] == "plus"


def test_fetch_owner(s3: Any, filled: str) -> None:
    assert "Owner" not in s3.list_objects_v2(Bucket=filled)["Contents"][0]
    assert "ID" in s3.list_objects_v2(Bucket=filled, FetchOwner=True)["Contents"][0]["Owner"]


def test_list_keys_engine_skips_rolled_up_keys() -> None:
    keys = sorted([f"dir{i}/{j}" for i in range(3) for j in range(100)] + ["z"])
    page = listing.list_keys(keys, delimiter="/", max_keys=2)
    assert page.prefixes == ["dir0/", "dir1/"] and page.truncated and page.next_marker == "dir1/"
    rest = listing.list_keys(keys, delimiter="/", marker=page.next_marker)
    assert rest.prefixes == ["dir2/"] and rest.keys == ["z"] and not rest.truncated
    assert listing.list_keys(keys, prefix="dir1/", marker="dir1/50", max_keys=1000).keys[0] == "dir1/51"


def test_encoding_type_and_version_markers_are_checked(s3: Any, bucket: str) -> None:
    for call in (lambda: s3.list_objects_v2(Bucket=bucket, EncodingType="base64"),
                 lambda: s3.list_object_versions(Bucket=bucket, VersionIdMarker="A" * 32),
                 lambda: s3.list_object_versions(Bucket=bucket, KeyMarker="k", VersionIdMarker="short")):
        with pytest.raises(ClientError) as e:
            call()
        assert e.value.response["Error"]["Code"] == "InvalidArgument"
