"""Objects through boto3: put/get/head/delete, keys, metadata, ranges, conditions,
copies, batch deletes, tagging, integrity (Content-MD5, flexible checksums)."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError

KEYS = ["plain.txt", "with space.txt", "uni/ç☃/日本.bin", "pct%25 and %", "plus+sign", "double//slash", "trailing/", "?query&like=1", "~tilde;semi:colon"]


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


@pytest.mark.parametrize("key", KEYS)
def test_keys_with_any_characters(s3: Any, bucket: str, key: str) -> None:
    s3.put_object(Bucket=bucket, Key=key, Body=key.encode())
    assert s3.get_object(Bucket=bucket, Key=key)["Body"].read() == key.encode()
    listed = s3.list_objects_v2(Bucket=bucket)["Contents"]
    assert [o["Key"] for o in listed] == [key]
    s3.delete_object(Bucket=bucket, Key=key)
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0


def test_put_get_head_with_metadata_and_content_headers(s3: Any, bucket: str) -> None:
    body = b"hello world"
    put = s3.put_object(
        Bucket=bucket, Key="doc", Body=body, Metadata={"Color": "blue", "n": "1"}, ContentType="text/plain",
        CacheControl="max-age=60", ContentDisposition="attachment", ContentLanguage="en", StorageClass="STANDARD_IA",
    )
    assert put["ETag"] == f'"{hashlib.md5(body).hexdigest()}"'
    got = s3.get_object(Bucket=bucket, Key="doc")
    assert got["Body"].read() == body
    assert got["ContentLength"] == len(body) and got["ContentType"] == "text/plain"
    assert got["Metadata"] == {"color": "blue", "n": "1"}
    assert got["CacheControl"] == "max-age=60" and got["ContentDisposition"] == "attachment" and got["ContentLanguage"] == "en"
    assert got["StorageClass"] == "STANDARD_IA" and got["ETag"] == put["ETag"] and "VersionId" not in got
    head = s3.head_object(Bucket=bucket, Key="doc")
    assert head["ContentLength"] == len(body) and head["Metadata"] == got["Metadata"] and head["LastModified"] == got["LastModified"]
    assert s3.get_object(Bucket=bucket, Key="doc", ResponseContentType="x/y", ResponseCacheControl="no-cache")["ContentType"] == "x/y"
    s3.put_object(Bucket=bucket, Key="empty")
    empty = s3.get_object(Bucket=bucket, Key="empty")
    assert empty["Body"].read() == b"" and empty["ContentType"] == "binary/octet-stream"


def test_missing_things(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="nope")
    assert code(e) == ("NoSuchKey", 404) and e.value.response["Error"]["Key"] == "nope"
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="nope")
    assert code(e) == ("404", 404)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket="no-such-bucket", Key="k")
    assert code(e) == ("NoSuchBucket", 404)
    s3.delete_object(Bucket=bucket, Key="nope")  # deleting nothing succeeds


def test_rejected_upload_leaves_the_connection_usable(s3: Any, bucket: str) -> None:
    # The server answers before reading the body; the next call on the pooled
    # connection must not be read as the rest of that body.
    for _ in range(2):
        with pytest.raises(ClientError):
            s3.put_object(Bucket="no-such-bucket", Key="k", Body=b"x" * 200_000)
        assert s3.head_bucket(Bucket=bucket)["ResponseMetadata"]["HTTPStatusCode"] == 200


@pytest.mark.parametrize("header,expected,content_range", [
    ("bytes=0-4", b"01234", "bytes 0-4/10"),
    ("bytes=7-", b"789", "bytes 7-9/10"),
    ("bytes=-3", b"789", "bytes 7-9/10"),
    ("bytes=5-100", b"56789", "bytes 5-9/10"),
    ("bytes=-20", b"0123456789", "bytes 0-9/10"),
])
def test_ranges(s3: Any, bucket: str, header: str, expected: bytes, content_range: str) -> None:
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    got = s3.get_object(Bucket=bucket, Key="digits", Range=header)
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 206
    assert got["Body"].read() == expected and got["ContentRange"] == content_range and got["ContentLength"] == len(expected)


def test_unsatisfiable_and_ignored_ranges(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="digits", Body=b"0123456789")
    for header in ("bytes=10-", "bytes=-0"):
        with pytest.raises(ClientError) as e:
            s3.get_object(Bucket=bucket, Key="digits", Range=header)
        assert code(e) == ("InvalidRange", 416)
        assert e.value.response["Error"]["ActualObjectSize"] == "10"
    for header in ("bytes=0-1,3-4", "lines=1-2", "bytes=5-2"):
        got = s3.get_object(Bucket=bucket, Key="digits", Range=header)
        assert got["ResponseMetadata"]["HTTPStatusCode"] == 200 and got["Body"].read() == b"0123456789"


def test_conditional_reads(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"v")["ETag"]
    modified = s3.head_object(Bucket=bucket, Key="k")["LastModified"]
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag)["Body"].read() == b"v"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", IfMatch='"other"')
    assert code(e) == ("PreconditionFailed", 412) and e.value.response["Error"]["Condition"] == "If-Match"
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag)
    assert code(e) == ("304", 304)
    with pytest.raises(ClientError) as e:
        s3.head_object(Bucket=bucket, Key="k", IfModifiedSince=modified)
    assert code(e) == ("304", 304)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", IfUnmodifiedSince=modified.replace(year=2000))
    assert code(e) == ("PreconditionFailed", 412)
    # If-Match true wins over If-Unmodified-Since false; If-None-Match false wins over If-Modified-Since true.
    assert s3.get_object(Bucket=bucket, Key="k", IfMatch=etag, IfUnmodifiedSince=modified.replace(year=2000))["ETag"] == etag
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", IfNoneMatch=etag, IfModifiedSince=modified.replace(year=2000))
    assert code(e) == ("304", 304)
    assert s3.get_object(Bucket=bucket, Key="k", IfNoneMatch='"other"')["ETag"] == etag


def test_conditional_writes(s3: Any, bucket: str) -> None:
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"1", IfNoneMatch="*")["ETag"]
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfNoneMatch="*")
    assert code(e) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfMatch='"0000"')
    assert code(e) == ("PreconditionFailed", 412)
    s3.put_object(Bucket=bucket, Key="k", Body=b"2", IfMatch=first)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"2"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="absent", Body=b"2", IfMatch=first)
    assert code(e) == ("NoSuchKey", 404)


def test_copy_object(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="src key+", Body=b"data", Metadata={"a": "1"}, ContentType="text/x", Tagging="t=1")
    s3.create_bucket(Bucket="dest-bucket")
    out = s3.copy_object(Bucket="dest-bucket", Key="copy", CopySource={"Bucket": bucket, "Key": "src key+"})
    assert out["CopyObjectResult"]["ETag"] == f'"{hashlib.md5(b"data").hexdigest()}"'
    got = s3.get_object(Bucket="dest-bucket", Key="copy")
    assert got["Body"].read() == b"data" and got["Metadata"] == {"a": "1"} and got["ContentType"] == "text/x"
    assert s3.get_object_tagging(Bucket="dest-bucket", Key="copy")["TagSet"] == [{"Key": "t", "Value": "1"}]
    s3.copy_object(Bucket=bucket, Key="replaced", CopySource=f"{bucket}/src key+", MetadataDirective="REPLACE",
                   Metadata={"b": "2"}, ContentType="text/y", TaggingDirective="REPLACE", Tagging="u=2")
    got = s3.head_object(Bucket=bucket, Key="replaced")
    assert got["Metadata"] == {"b": "2"} and got["ContentType"] == "text/y"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="src key+", CopySource={"Bucket": bucket, "Key": "src key+"})
    assert code(e) == ("InvalidRequest", 400)
    s3.copy_object(Bucket=bucket, Key="src key+", CopySource={"Bucket": bucket, "Key": "src key+"}, MetadataDirective="REPLACE", Metadata={"c": "3"})
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "src key+"}, CopySourceIfMatch='"nope"')
    assert code(e) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="x", CopySource={"Bucket": bucket, "Key": "missing"})
    assert code(e) == ("NoSuchKey", 404)


def test_delete_objects(s3: Any, bucket: str) -> None:
    for key in ("a", "b", "c"):
        s3.put_object(Bucket=bucket, Key=key, Body=b"x")
    out = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "a"}, {"Key": "b"}, {"Key": "never"}]})
    assert sorted(d["Key"] for d in out["Deleted"]) == ["a", "b", "never"]
    assert [o["Key"] for o in s3.list_objects_v2(Bucket=bucket)["Contents"]] == ["c"]
    quiet = s3.delete_objects(Bucket=bucket, Delete={"Objects": [{"Key": "c"}], "Quiet": True})
    assert "Deleted" not in quiet and "Errors" not in quiet


def test_object_tagging(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="a=1&b=two%20words")
    assert s3.get_object(Bucket=bucket, Key="k")["TagCount"] == 2
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "two words"}]
    s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "z", "Value": "9"}]})
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == [{"Key": "z", "Value": "9"}]
    s3.delete_object_tagging(Bucket=bucket, Key="k")
    assert s3.get_object_tagging(Bucket=bucket, Key="k")["TagSet"] == []
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": f"k{i}", "Value": "v"} for i in range(11)]})
    assert code(e)[1] == 400


def test_content_md5(s3: Any, bucket: str) -> None:
    good = base64.b64encode(hashlib.md5(b"abc").digest()).decode()
    s3.put_object(Bucket=bucket, Key="k", Body=b"abc", ContentMD5=good)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"abd", ContentMD5=good)
    assert code(e) == ("BadDigest", 400)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"abc", ContentMD5="not-base64!")
    assert code(e) == ("InvalidDigest", 400)
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"abc"


@pytest.mark.parametrize("algorithm", ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"])
def test_flexible_checksums(s3: Any, bucket: str, algorithm: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"checksummed", ChecksumAlgorithm=algorithm)
    value = put[f"Checksum{algorithm}"]
    got = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert got[f"Checksum{algorithm}"] == value and got["ChecksumType"] == "FULL_OBJECT"
    # boto3 validates the returned checksum against the body it reads
    assert s3.get_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")["Body"].read() == b"checksummed"
    attrs = s3.get_object_attributes(Bucket=bucket, Key="k", ObjectAttributes=["Checksum", "ObjectSize", "ETag"])
    assert attrs["Checksum"][f"Checksum{algorithm}"] == value and attrs["ObjectSize"] == 11


def test_known_checksum_values_and_mismatch(s3: Any, bucket: str) -> None:
    # CRC32 of b"hello world" is 0x0d4a1185; SHA256 from hashlib.
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"hello world", ChecksumCRC32=base64.b64encode(bytes.fromhex("0d4a1185")).decode())
    assert put["ChecksumCRC32"] == "DUoRhQ=="
    wrong = base64.b64encode(hashlib.sha256(b"other").digest()).decode()
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"hello world", ChecksumSHA256=wrong)
    assert code(e) == ("BadDigest", 400)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k2", Body=b"hello world", ChecksumCRC32="bad")
    assert code(e) == ("InvalidRequest", 400)
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket, Prefix="k2")


def test_default_checksum_is_crc64nvme(s3: Any, bucket: str, make_client: Any) -> None:
    plain = make_client(request_checksum_calculation="when_required")
    plain.put_object(Bucket=bucket, Key="k", Body=b"abc")
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert "ChecksumCRC64NVME" in head


@pytest.mark.parametrize("algorithm", ["SHA512", "MD5", "XXHASH64", "XXHASH3", "XXHASH128"])
def test_newer_checksums_are_verified_and_returned(s3: Any, bucket: str, algorithm: str) -> None:
    from cumulo.services.s3 import checksums

    member = f"Checksum{algorithm}"
    right = checksums.of(algorithm, b"payload")
    s3.put_object(Bucket=bucket, Key="sum", Body=b"payload", **{member: right})
    assert s3.get_object(Bucket=bucket, Key="sum", ChecksumMode="ENABLED").get(member) == right
    with pytest.raises(ClientError) as excinfo:
        s3.put_object(Bucket=bucket, Key="sum", Body=b"payload", **{member: checksums.of(algorithm, b"other")})
    assert excinfo.value.response["Error"]["Code"] == "BadDigest"


def test_non_ascii_response_override(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    got = s3.get_object(Bucket=bucket, Key="k", ResponseContentDisposition="attachment; filename=\"ü.txt\"")
    assert got["ResponseMetadata"]["HTTPStatusCode"] == 200
    # Sent as its UTF-8 bytes, which HTTP clients read as latin-1.
    assert got["ContentDisposition"].encode("latin-1").decode("utf-8") == "attachment; filename=\"ü.txt\""


def test_response_expires_override_is_a_timestamp(s3: Any, bucket: str) -> None:
    from datetime import datetime, timezone

    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    got = s3.get_object(Bucket=bucket, Key="k", ResponseExpires=datetime(2030, 1, 1, tzinfo=timezone.utc))
    assert got["ResponseMetadata"]["HTTPHeaders"]["expires"] == "Tue, 01 Jan 2030 00:00:00 GMT"


def test_part_number_of_a_whole_object_is_partial_content(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"hello")
    for call in (s3.get_object, s3.head_object):
        out = call(Bucket=bucket, Key="k", PartNumber=1)
        assert out["ResponseMetadata"]["HTTPStatusCode"] == 206
        assert out["ContentRange"] == "bytes 0-4/5" and out["ContentLength"] == 5


def test_default_checksum_and_copy_checksums(cumulo: Any, s3: Any, bucket: str) -> None:
    import httpx

    # A client that sends no checksum still gets S3's default full-object CRC64NVME.
    assert httpx.put(f"{cumulo.url}/{bucket}/raw", content=b"hello").status_code == 200
    head = s3.head_object(Bucket=bucket, Key="raw", ChecksumMode="ENABLED")
    assert head["ChecksumCRC64NVME"] and head["ChecksumType"] == "FULL_OBJECT"
    copied = s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/raw")["CopyObjectResult"]
    assert copied["ChecksumCRC64NVME"] == head["ChecksumCRC64NVME"] and copied["ChecksumType"] == "FULL_OBJECT"
    asked = s3.copy_object(Bucket=bucket, Key="copy2", CopySource=f"{bucket}/raw", ChecksumAlgorithm="SHA256")["CopyObjectResult"]
    assert asked["ChecksumSHA256"] == base64.b64encode(hashlib.sha256(b"hello").digest()).decode()
    upload = s3.create_multipart_upload(Bucket=bucket, Key="mp")["UploadId"]
    part = s3.upload_part_copy(Bucket=bucket, Key="mp", UploadId=upload, PartNumber=1, CopySource=f"{bucket}/raw")["CopyPartResult"]
    assert part["ChecksumCRC64NVME"] == head["ChecksumCRC64NVME"]


def test_object_tags_may_not_use_the_aws_prefix(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", Tagging="aws:owner=me")
    assert code(e) == ("InvalidTag", 400)
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.put_object_tagging(Bucket=bucket, Key="k", Tagging={"TagSet": [{"Key": "aws:owner", "Value": "me"}]})
    assert code(e) == ("InvalidTag", 400)


def test_version_id_on_an_unversioned_bucket(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="k", VersionId="A" * 32)
    assert code(e) == ("InvalidArgument", 400)
    assert s3.get_object(Bucket=bucket, Key="k", VersionId="null")["Body"].read() == b"x"


def test_storage_class_is_checked(s3: Any, bucket: str) -> None:
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"x", StorageClass="FLOPPY")
    assert code(e) == ("InvalidStorageClass", 400)


def test_conditional_writes_with_versioning(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    first = s3.put_object(Bucket=bucket, Key="k", Body=b"one")
    second = s3.put_object(Bucket=bucket, Key="k", Body=b"two", IfMatch=first["ETag"])
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"three", IfMatch=first["ETag"])
    assert code(e) == ("PreconditionFailed", 412)
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="k", CopySource=f"{bucket}/k", IfMatch='"0"', MetadataDirective="REPLACE")
    assert code(e) == ("PreconditionFailed", 412)
    upload = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    part = s3.upload_part(Bucket=bucket, Key="k", UploadId=upload, PartNumber=1, Body=b"last")
    parts = {"Parts": [{"PartNumber": 1, "ETag": part["ETag"]}]}
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=first["ETag"])
    assert code(e) == ("PreconditionFailed", 412)
    s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload, MultipartUpload=parts, IfMatch=second["ETag"])
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"last"


def test_delete_marker_acl_and_tagging_are_not_allowed(s3: Any, bucket: str) -> None:
    s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    marker = s3.delete_object(Bucket=bucket, Key="k")["VersionId"]
    for call in (lambda: s3.put_object_acl(Bucket=bucket, Key="k", VersionId=marker, ACL="private"),
                 lambda: s3.put_object_tagging(Bucket=bucket, Key="k", VersionId=marker, Tagging={"TagSet": []})):
        with pytest.raises(ClientError) as e:
            call()
        assert code(e) == ("MethodNotAllowed", 405)


def test_delete_with_a_version_id_on_an_unversioned_bucket(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="k", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.delete_object(Bucket=bucket, Key="k", VersionId="A" * 32)
    assert code(e) == ("InvalidArgument", 400)
    s3.delete_object(Bucket=bucket, Key="k", VersionId="null")
    assert "Contents" not in s3.list_objects_v2(Bucket=bucket)


def test_conditional_write_headers_s3_does_not_implement(s3: Any, bucket: str) -> None:
    etag = s3.put_object(Bucket=bucket, Key="k", Body=b"x")["ETag"]
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"y", IfNoneMatch=etag)
    assert code(e) == ("NotImplemented", 501)
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket=bucket, Key="k", Body=b"y", IfNoneMatch="*")
    assert code(e) == ("PreconditionFailed", 412)
