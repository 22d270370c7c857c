"""S3 SSE-KMS: objects really encrypted under a data key from cumulo's KMS."""

from __future__ import annotations

import base64
import json
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


@pytest.fixture
def s3(cumulo: CumuloServer) -> Any:
    return boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def kms(cumulo: CumuloServer) -> Any:
    return boto3.client("kms", endpoint_url=cumulo.url, region_name="us-east-1")


def _stored_bytes(cumulo: CumuloServer, bucket: str, key: str) -> bytes:
    """The object's bytes as the store holds them (inline bodies live in the entity)."""
    tables = [t for scope in cumulo.runtime.store.scopes_of("s3") for t in scope.tables.values() if t.name == "objects/" + bucket]
    for table in tables:
        for row in table.rows.values():
            versions = getattr(row, "versions", None)
            for v in versions or []:
                if getattr(v, "key", None) == key and v.body is not None and v.body.data is not None:
                    return bytes(v.body.data)
    raise AssertionError("no inline body found")


def test_put_with_a_customer_key_and_read_back(s3: Any, kms: Any, cumulo: CumuloServer) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.create_bucket(Bucket="enc")
    put = s3.put_object(Bucket="enc", Key="doc", Body=b"top secret payload", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == key
    got = s3.get_object(Bucket="enc", Key="doc")
    assert got["Body"].read() == b"top secret payload"
    assert got["ServerSideEncryption"] == "aws:kms" and got["SSEKMSKeyId"] == key
    head = s3.head_object(Bucket="enc", Key="doc")
    assert head["ServerSideEncryption"] == "aws:kms" and head["SSEKMSKeyId"] == key
    assert s3.get_object(Bucket="enc", Key="doc", Range="bytes=4-9")["Body"].read() == b"secret"
    usage = next(k for k in httpx.get(cumulo.url + "/_cumulo/kms/keys").json()["keys"] if k["arn"] == key)["usage"]
    assert usage.get("GenerateDataKey") == 1 and usage.get("Decrypt", 0) >= 2


def test_disabled_key_makes_get_fail(s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["KeyId"]
    s3.create_bucket(Bucket="enc2")
    s3.put_object(Bucket="enc2", Key="doc", Body=b"x" * 100, ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket="enc2", Key="doc")
    assert e.value.response["Error"]["Code"] == "KMS.DisabledException"
    assert s3.head_object(Bucket="enc2", Key="doc")["ServerSideEncryption"] == "aws:kms"  # metadata needs no key
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket="enc2", Key="new", Body=b"y", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert e.value.response["Error"]["Code"] == "KMS.DisabledException"
    kms.enable_key(KeyId=key)
    assert s3.get_object(Bucket="enc2", Key="doc")["Body"].read() == b"x" * 100


def test_default_aws_s3_key_and_bucket_default_encryption(s3: Any, kms: Any, cumulo: CumuloServer) -> None:
    s3.create_bucket(Bucket="dflt")
    s3.put_object(Bucket="dflt", Key="a", Body=b"aaa", ServerSideEncryption="aws:kms")
    managed = kms.describe_key(KeyId="alias/aws/s3")["KeyMetadata"]
    assert managed["KeyManager"] == "AWS"
    assert s3.head_object(Bucket="dflt", Key="a")["SSEKMSKeyId"] == managed["Arn"]
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.put_bucket_encryption(Bucket="dflt", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}, "BucketKeyEnabled": True}]})
    put = s3.put_object(Bucket="dflt", Key="b", Body=b"bbb")
    assert put["ServerSideEncryption"] == "aws:kms" and put["SSEKMSKeyId"] == key and put["BucketKeyEnabled"] is True
    for i in range(5):
        s3.put_object(Bucket="dflt", Key=f"c{i}", Body=b"c")
    assert s3.get_object(Bucket="dflt", Key="b")["Body"].read() == b"bbb"
    assert s3.get_object(Bucket="dflt", Key="b")["BucketKeyEnabled"] is True
    # A Bucket Key: six objects, one data key from KMS.
    usage = next(k for k in httpx.get(cumulo.url + "/_cumulo/kms/keys").json()["keys"] if k["arn"] == key)["usage"]
    assert usage.get("GenerateDataKey") == 1


def test_encryption_context_header(s3: Any, kms: Any) -> None:
    s3.create_bucket(Bucket="ctx")
    context = base64.b64encode(json.dumps({"project": "x"}).encode()).decode()
    s3.put_object(Bucket="ctx", Key="k", Body=b"v", ServerSideEncryption="aws:kms", SSEKMSEncryptionContext=context)
    assert s3.get_object(Bucket="ctx", Key="k")["Body"].read() == b"v"


def test_body_is_ciphertext_at_rest(s3: Any, kms: Any, cumulo: CumuloServer) -> None:
    s3.create_bucket(Bucket="rest")
    s3.put_object(Bucket="rest", Key="k", Body=b"plain text that must not be stored", ServerSideEncryption="aws:kms")
    assert b"plain text" not in _stored_bytes(cumulo, "rest", "k")


def test_copy_and_multipart(s3: Any, kms: Any) -> None:
    key = kms.create_key()["KeyMetadata"]["Arn"]
    s3.create_bucket(Bucket="cpy")
    s3.put_object(Bucket="cpy", Key="src", Body=b"source", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    s3.copy_object(Bucket="cpy", Key="plain", CopySource={"Bucket": "cpy", "Key": "src"})
    head = s3.head_object(Bucket="cpy", Key="plain")
    assert head["ServerSideEncryption"] == "AES256" and "SSEKMSKeyId" not in head
    assert s3.get_object(Bucket="cpy", Key="plain")["Body"].read() == b"source"
    s3.copy_object(Bucket="cpy", Key="enc", CopySource={"Bucket": "cpy", "Key": "plain"}, ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert s3.get_object(Bucket="cpy", Key="enc")["Body"].read() == b"source"
    upload = s3.create_multipart_upload(Bucket="cpy", Key="big", ServerSideEncryption="aws:kms", SSEKMSKeyId=key)
    assert upload["ServerSideEncryption"] == "aws:kms"
    part1 = b"a" * (5 * 1024 * 1024)
    etags = [s3.upload_part(Bucket="cpy", Key="big", UploadId=upload["UploadId"], PartNumber=n, Body=body)["ETag"] for n, body in ((1, part1), (2, b"tail"))]
    s3.complete_multipart_upload(Bucket="cpy", Key="big", UploadId=upload["UploadId"],
                                 MultipartUpload={"Parts": [{"PartNumber": n + 1, "ETag": e} for n, e in enumerate(etags)]})
    got = s3.get_object(Bucket="cpy", Key="big")
    assert got["ServerSideEncryption"] == "aws:kms" and got["SSEKMSKeyId"] == key
    assert got["Body"].read() == part1 + b"tail"
    boundary = len(part1)
    ranged = s3.get_object(Bucket="cpy", Key="big", Range=f"bytes={boundary - 3}-{boundary + 1}")["Body"].read()
    assert ranged == b"aaata"  # a range across the parts decrypts each part's run from its own offset
    kms.disable_key(KeyId=key)
    with pytest.raises(ClientError) as e:
        s3.get_object(Bucket="cpy", Key="big")
    assert e.value.response["Error"]["Code"] == "KMS.DisabledException"


def test_dsse_kms(s3: Any, kms: Any) -> None:
    s3.create_bucket(Bucket="dsse")
    put = s3.put_object(Bucket="dsse", Key="k", Body=b"double", ServerSideEncryption="aws:kms:dsse")
    assert put["ServerSideEncryption"] == "aws:kms:dsse"
    got = s3.get_object(Bucket="dsse", Key="k")
    assert got["ServerSideEncryption"] == "aws:kms:dsse" and got["Body"].read() == b"double"
    with pytest.raises(ClientError) as e:
        s3.put_object(Bucket="dsse", Key="bad", Body=b"x", SSEKMSKeyId="alias/aws/s3")
    assert e.value.response["Error"]["Code"] == "InvalidArgument"


def test_torrent_of_an_sse_kms_object(s3: Any) -> None:
    s3.create_bucket(Bucket="torrent")
    s3.put_object(Bucket="torrent", Key="t", Body=b"z" * 1000, ServerSideEncryption="aws:kms")
    body = s3.get_object_torrent(Bucket="torrent", Key="t")["Body"].read()
    import hashlib

    assert hashlib.sha1(b"z" * 1000).digest() in body  # pieces hash the plaintext
