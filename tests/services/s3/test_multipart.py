"""Multipart uploads through boto3: the whole flow, part rules, part copies, listings, checksums."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import pytest
from awscrt import checksums as crt
from botocore.exceptions import ClientError

MIB = 1024 * 1024


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def upload(s3: Any, bucket: str, key: str, parts: list[bytes], **create: Any) -> tuple[str, list[dict[str, Any]]]:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key=key, **create)["UploadId"]
    done = []
    for number, data in enumerate(parts, 1):
        kwargs = {"ChecksumAlgorithm": create["ChecksumAlgorithm"]} if "ChecksumAlgorithm" in create else {}
        out = s3.upload_part(Bucket=bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=data, **kwargs)
        entry = {"PartNumber": number, "ETag": out["ETag"]}
        for name in ("ChecksumCRC32", "ChecksumCRC32C", "ChecksumCRC64NVME", "ChecksumSHA1", "ChecksumSHA256"):
            if name in out:
                entry[name] = out[name]
        done.append(entry)
    return upload_id, done


def test_full_flow_etag_and_parts(s3: Any, bucket: str) -> None:
    parts = [b"a" * (5 * MIB), b"b" * 1000]
    upload_id, done = upload(s3, bucket, "big", parts, ContentType="text/a", Metadata={"m": "1"})
    listed = s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id)
    assert [(p["PartNumber"], p["Size"]) for p in listed["Parts"]] == [(1, 5 * MIB), (2, 1000)]
    assert [u["Key"] for u in s3.list_multipart_uploads(Bucket=bucket)["Uploads"]] == ["big"]
    out = s3.complete_multipart_upload(Bucket=bucket, Key="big", UploadId=upload_id, MultipartUpload={"Parts": done})
    digest = hashlib.md5(b"".join(hashlib.md5(p).digest() for p in parts)).hexdigest()
    assert out["ETag"] == f'"{digest}-2"'
    got = s3.get_object(Bucket=bucket, Key="big")
    assert got["ContentLength"] == 5 * MIB + 1000 and got["ContentType"] == "text/a" and got["Metadata"] == {"m": "1"}
    assert got["Body"].read() == b"".join(parts)
    second = s3.get_object(Bucket=bucket, Key="big", PartNumber=2)
    assert second["Body"].read() == b"b" * 1000 and second["PartsCount"] == 2
    assert second["ContentRange"] == f"bytes {5 * MIB}-{5 * MIB + 999}/{5 * MIB + 1000}"
    assert "Uploads" not in s3.list_multipart_uploads(Bucket=bucket)
    with pytest.raises(ClientError) as e:
        s3.list_parts(Bucket=bucket, Key="big", UploadId=upload_id)
    assert code(e) == ("NoSuchUpload", 404)


def test_part_rules(s3: Any, bucket: str) -> None:
    upload_id, done = upload(s3, bucket, "k", [b"small", b"tail"])
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done})
    assert code(e) == ("EntityTooSmall", 400)
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": list(reversed(done))})
    assert code(e) == ("InvalidPartOrder", 400)
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 1, "ETag": '"0" '}]})
    assert code(e) == ("InvalidPart", 400)
    with pytest.raises(ClientError) as e:
        s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": [{"PartNumber": 3, "ETag": done[0]["ETag"]}]})
    assert code(e) == ("InvalidPart", 400)
    # a single small part is a valid object
    out = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done[:1]})
    assert out["ETag"].endswith('-1"')
    assert s3.get_object(Bucket=bucket, Key="k")["Body"].read() == b"small"
    with pytest.raises(ClientError) as e:
        s3.upload_part(Bucket=bucket, Key="k", UploadId="nope", PartNumber=1, Body=b"x")
    assert code(e) == ("NoSuchUpload", 404)


def test_abort_and_replace_part(s3: Any, bucket: str) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="k")["UploadId"]
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"first")
    s3.upload_part(Bucket=bucket, Key="k", UploadId=upload_id, PartNumber=1, Body=b"second!")
    assert [p["Size"] for p in s3.list_parts(Bucket=bucket, Key="k", UploadId=upload_id)["Parts"]] == [7]
    s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)
    with pytest.raises(ClientError) as e:
        s3.abort_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id)
    assert code(e) == ("NoSuchUpload", 404)


def test_list_parts_pages_and_uploads_listing(s3: Any, bucket: str) -> None:
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="dir/k")["UploadId"]
    for n in range(1, 6):
        s3.upload_part(Bucket=bucket, Key="dir/k", UploadId=upload_id, PartNumber=n, Body=b"x")
    page = s3.list_parts(Bucket=bucket, Key="dir/k", UploadId=upload_id, MaxParts=2)
    assert [p["PartNumber"] for p in page["Parts"]] == [1, 2] and page["IsTruncated"] and page["NextPartNumberMarker"] == 2
    rest = s3.list_parts(Bucket=bucket, Key="dir/k", UploadId=upload_id, PartNumberMarker=2)
    assert [p["PartNumber"] for p in rest["Parts"]] == [3, 4, 5]
    s3.create_multipart_upload(Bucket=bucket, Key="top")
    rolled = s3.list_multipart_uploads(Bucket=bucket, Delimiter="/")
    assert [u["Key"] for u in rolled["Uploads"]] == ["top"] and [p["Prefix"] for p in rolled["CommonPrefixes"]] == ["dir/"]


def test_upload_part_copy_with_ranges(s3: Any, bucket: str) -> None:
    source = bytes(range(256)) * (6 * 4096)  # 6 MiB
    s3.put_object(Bucket=bucket, Key="src", Body=source)
    upload_id = s3.create_multipart_upload(Bucket=bucket, Key="dst")["UploadId"]
    first = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=1, CopySource=f"{bucket}/src", CopySourceRange=f"bytes=0-{5 * MIB - 1}")
    second = s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=2, CopySource={"Bucket": bucket, "Key": "src"}, CopySourceRange="bytes=10-19")
    with pytest.raises(ClientError) as e:
        s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=3, CopySource=f"{bucket}/src", CopySourceRange=f"bytes=0-{len(source)}")
    assert code(e) == ("InvalidRequest", 400)  # past the source's end
    with pytest.raises(ClientError) as e:
        s3.upload_part_copy(Bucket=bucket, Key="dst", UploadId=upload_id, PartNumber=3, CopySource=f"{bucket}/src", CopySourceRange="bytes=9-2")
    assert code(e) == ("InvalidArgument", 400)  # not of the form bytes=first-last
    parts = [{"PartNumber": 1, "ETag": first["CopyPartResult"]["ETag"]}, {"PartNumber": 2, "ETag": second["CopyPartResult"]["ETag"]}]
    s3.complete_multipart_upload(Bucket=bucket, Key="dst", UploadId=upload_id, MultipartUpload={"Parts": parts})
    assert s3.get_object(Bucket=bucket, Key="dst")["Body"].read() == source[: 5 * MIB] + source[10:20]


def test_composite_checksum(s3: Any, bucket: str) -> None:
    parts = [b"p" * (5 * MIB), b"q" * 10]
    upload_id, done = upload(s3, bucket, "k", parts, ChecksumAlgorithm="SHA256")
    out = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done})
    inner = hashlib.sha256(b"".join(hashlib.sha256(p).digest() for p in parts)).digest()
    assert out["ChecksumSHA256"] == base64.b64encode(inner).decode() + "-2" and out["ChecksumType"] == "COMPOSITE"
    head = s3.head_object(Bucket=bucket, Key="k", ChecksumMode="ENABLED")
    assert head["ChecksumSHA256"] == out["ChecksumSHA256"]


def test_full_object_crc_checksum(s3: Any, bucket: str) -> None:
    parts = [b"r" * (5 * MIB), b"s" * 10]
    upload_id, done = upload(s3, bucket, "k", parts, ChecksumAlgorithm="CRC32", ChecksumType="FULL_OBJECT")
    whole = crt.crc32(b"".join(parts))
    expected = base64.b64encode(whole.to_bytes(4, "big")).decode()
    out = s3.complete_multipart_upload(Bucket=bucket, Key="k", UploadId=upload_id, MultipartUpload={"Parts": done}, ChecksumCRC32=expected, ChecksumType="FULL_OBJECT")
    assert out["ChecksumCRC32"] == expected and out["ChecksumType"] == "FULL_OBJECT"
    with pytest.raises(ClientError) as e:
        s3.create_multipart_upload(Bucket=bucket, Key="x", ChecksumAlgorithm="SHA1", ChecksumType="FULL_OBJECT")
    assert code(e) == ("InvalidRequest", 400)


def test_transfer_manager_upload_and_download(s3: Any, bucket: str, tmp_path: Any) -> None:
    from boto3.s3.transfer import TransferConfig

    data = bytes(range(256)) * (44 * 1024)  # 11 MiB: three parts of 5 MiB
    source = tmp_path / "in.bin"
    source.write_bytes(data)
    config = TransferConfig(multipart_threshold=5 * MIB, multipart_chunksize=5 * MIB, max_concurrency=2)
    s3.upload_file(str(source), bucket, "managed", Config=config)
    assert s3.head_object(Bucket=bucket, Key="managed")["ETag"].endswith('-3"')
    target = tmp_path / "out.bin"
    s3.download_file(bucket, "managed", str(target), Config=config)
    assert target.read_bytes() == data
