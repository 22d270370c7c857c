"""Archived objects and restores on the cumulo clock; UpdateObjectEncryption; GetObjectTorrent."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from botocore.exceptions import ClientError


def code(excinfo: Any) -> tuple[str, int]:
    r = excinfo.value.response
    return r["Error"]["Code"], r["ResponseMetadata"]["HTTPStatusCode"]


def test_restore_glacier_object(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    s3.put_object(Bucket=bucket, Key="cold", Body=b"frozen", StorageClass="GLACIER")
    head = s3.head_object(Bucket=bucket, Key="cold")
    assert head["StorageClass"] == "GLACIER" and "Restore" not in head
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="cold")
    assert code(e) == ("InvalidObjectState", 403)
    assert e.value.response["Error"]["StorageClass"] == "GLACIER"
    with pytest.raises(ClientError) as e:
        s3.copy_object(Bucket=bucket, Key="copy", CopySource=f"{bucket}/cold")
    assert code(e) == ("InvalidObjectState", 403)

    out = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 2, "GlacierJobParameters": {"Tier": "Expedited"}})
    assert out["ResponseMetadata"]["HTTPStatusCode"] == 202
    assert s3.head_object(Bucket=bucket, Key="cold")["Restore"] == 'ongoing-request="true"'
    with pytest.raises(ClientError) as e:
        s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 2})
    assert code(e) == ("RestoreAlreadyInProgress", 409)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="cold")
    assert code(e) == ("InvalidObjectState", 403)

    cumulo_clock.advance(5 * 60)
    restore = s3.head_object(Bucket=bucket, Key="cold")["Restore"]
    assert restore.startswith('ongoing-request="false", expiry-date="') and restore.endswith(' 00:00:00 GMT"')
    got = s3.get_object(Bucket=bucket, Key="cold")
    assert got["Body"].read() == b"frozen" and got["Restore"] == restore
    again = s3.restore_object(Bucket=bucket, Key="cold", RestoreRequest={"Days": 5})
    assert again["ResponseMetadata"]["HTTPStatusCode"] == 200

    cumulo_clock.advance(7 * 86400)
    assert "Restore" not in s3.head_object(Bucket=bucket, Key="cold")
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket=bucket, Key="cold")
    assert code(e) == ("InvalidObjectState", 403)


def test_restore_refusals(s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="warm", Body=b"x")
    with pytest.raises(ClientError) as e:
        s3.restore_object(Bucket=bucket, Key="warm", RestoreRequest={"Days": 1})
    assert code(e) == ("InvalidObjectState", 403)
    s3.put_object(Bucket=bucket, Key="deep", Body=b"x", StorageClass="DEEP_ARCHIVE")
    with pytest.raises(ClientError) as e:
        s3.restore_object(Bucket=bucket, Key="deep", RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Expedited"}})
    assert code(e) == ("InvalidArgument", 400)
    with pytest.raises(ClientError) as e:
        s3.restore_object(Bucket=bucket, Key="missing", RestoreRequest={"Days": 1})
    assert code(e) == ("NoSuchKey", 404)


def test_deep_archive_bulk_takes_two_days(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    s3.put_object(Bucket=bucket, Key="deep", Body=b"x", StorageClass="DEEP_ARCHIVE")
    s3.restore_object(Bucket=bucket, Key="deep", RestoreRequest={"Days": 1, "GlacierJobParameters": {"Tier": "Bulk"}})
    cumulo_clock.advance(47 * 3600)
    assert s3.head_object(Bucket=bucket, Key="deep")["Restore"] == 'ongoing-request="true"'
    cumulo_clock.advance(3600)
    assert s3.get_object(Bucket=bucket, Key="deep")["Body"].read() == b"x"


def test_update_object_encryption(s3: Any, bucket: str) -> None:
    put = s3.put_object(Bucket=bucket, Key="k", Body=b"data")
    before = s3.head_object(Bucket=bucket, Key="k")
    key_arn = "arn:aws:kms:us-east-1:000000000000:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    s3.update_object_encryption(Bucket=bucket, Key="k", ObjectEncryption={"SSEKMS": {"KMSKeyArn": key_arn, "BucketKeyEnabled": True}})
    after = s3.head_object(Bucket=bucket, Key="k")
    assert after["ServerSideEncryption"] == "aws:kms" and after["SSEKMSKeyId"] == key_arn and after["BucketKeyEnabled"] is True
    assert after["ETag"] == put["ETag"] and after["LastModified"] == before["LastModified"]
    with pytest.raises(ClientError) as e:
        s3.update_object_encryption(Bucket=bucket, Key="k", ObjectEncryption={"SSEKMS": {"KMSKeyArn": "alias/my-key-alias-name"}})
    assert code(e) == ("InvalidArgument", 400)  # the model's key ARN pattern
    with pytest.raises(ClientError) as e:
        s3.update_object_encryption(Bucket=bucket, Key="nope", ObjectEncryption={"SSEKMS": {"KMSKeyArn": key_arn}})
    assert code(e) == ("NoSuchKey", 404)


def _bdecode(data: bytes, i: int = 0) -> tuple[Any, int]:
    c = data[i:i + 1]
    if c == b"i":
        end = data.index(b"e", i)
        return int(data[i + 1:end]), end + 1
    if c in (b"l", b"d"):
        items, i = [], i + 1
        while data[i:i + 1] != b"e":
            item, i = _bdecode(data, i)
            items.append(item)
        return (items if c == b"l" else dict(zip(items[::2], items[1::2]))), i + 1
    colon = data.index(b":", i)
    length = int(data[i:colon])
    return data[colon + 1:colon + 1 + length], colon + 1 + length


def test_torrent(s3: Any, bucket: str) -> None:
    body = bytes(range(256)) * 2048  # 512 KiB: two pieces
    s3.put_object(Bucket=bucket, Key="dir/file.bin", Body=body)
    torrent, _ = _bdecode(s3.get_object_torrent(Bucket=bucket, Key="dir/file.bin")["Body"].read())
    info = torrent[b"info"]
    assert info[b"name"] == b"file.bin" and info[b"length"] == len(body) and info[b"piece length"] == 256 * 1024
    assert info[b"pieces"] == hashlib.sha1(body[:262144]).digest() + hashlib.sha1(body[262144:]).digest()
    with pytest.raises(ClientError) as e:
        s3.get_object_torrent(Bucket=bucket, Key="missing")
    assert code(e) == ("NoSuchKey", 404)
