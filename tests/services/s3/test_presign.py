"""Presigned URLs fetched with plain HTTP: SigV2 (boto3's default for S3) and SigV4,
GET and PUT, expiry on the cumulo clock; aws-chunked bodies sent by hand."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest
from awscrt import checksums as crt


@pytest.mark.parametrize("version", ["s3", "s3v4"])
def test_presigned_get_and_put(make_client: Any, bucket: str, version: str) -> None:
    s3 = make_client(signature_version=version)
    put_url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "up loaded+"}, ExpiresIn=60)
    assert httpx.put(put_url, content=b"sent by url").status_code == 200
    get_url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "up loaded+"}, ExpiresIn=60)
    assert ("X-Amz-Signature" in get_url) == (version == "s3v4")
    response = httpx.get(get_url)
    assert response.status_code == 200 and response.content == b"sent by url"


@pytest.mark.parametrize("version", ["s3", "s3v4"])
def test_expiry_follows_the_cumulo_clock(make_client: Any, bucket: str, cumulo_clock: Any, version: str) -> None:
    s3 = make_client(signature_version=version)
    s3.put_object(Bucket=bucket, Key="k", Body=b"v")
    url = s3.generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=300)
    assert httpx.get(url).status_code == 200
    cumulo_clock.advance(301)
    expired = httpx.get(url)
    assert expired.status_code == 403
    assert b"<Code>AccessDenied</Code>" in expired.content and b"Request has expired" in expired.content


def test_sigv4_expiry_over_a_week_is_refused(make_client: Any, bucket: str) -> None:
    url = make_client(signature_version="s3v4").generate_presigned_url("get_object", Params={"Bucket": bucket, "Key": "k"}, ExpiresIn=604801)
    response = httpx.get(url)
    assert response.status_code == 400 and b"AuthorizationQueryParametersError" in response.content


def _chunked(payload: bytes, trailer: str) -> bytes:
    body = b""
    for start in range(0, len(payload), 5):
        chunk = payload[start : start + 5]
        body += f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n"
    return body + b"0\r\n" + trailer.encode() + b"\r\n\r\n"


def test_aws_chunked_body_with_trailing_checksum(cumulo: Any, s3: Any, bucket: str) -> None:
    payload = b"streamed with a trailer"
    crc = base64.b64encode(crt.crc32c(payload).to_bytes(4, "big")).decode()
    headers = {
        "content-encoding": "aws-chunked",
        "x-amz-content-sha256": "STREAMING-UNSIGNED-PAYLOAD-TRAILER",
        "x-amz-decoded-content-length": str(len(payload)),
        "x-amz-trailer": "x-amz-checksum-crc32c",
    }
    url = f"{cumulo.url}/{bucket}/chunked"
    ok = httpx.put(url, content=_chunked(payload, f"x-amz-checksum-crc32c:{crc}"), headers=headers)
    assert ok.status_code == 200 and ok.headers["x-amz-checksum-crc32c"] == crc
    got = s3.get_object(Bucket=bucket, Key="chunked", ChecksumMode="ENABLED")
    assert got["Body"].read() == payload and got["ChecksumCRC32C"] == crc and "ContentEncoding" not in got
    bad = httpx.put(url + "2", content=_chunked(payload, "x-amz-checksum-crc32c:AAAAAA=="), headers=headers)
    assert bad.status_code == 400 and b"BadDigest" in bad.content


def test_virtual_hosted_addressing(cumulo: Any, s3: Any, bucket: str) -> None:
    s3.put_object(Bucket=bucket, Key="dir/file.txt", Body=b"vhost")
    for host in (f"{bucket}.s3.localhost.localstack.cloud", f"{bucket}.s3.us-east-1.amazonaws.com", f"{bucket}.localhost"):
        response = httpx.get(f"{cumulo.url}/dir/file.txt", headers={"host": host})
        assert response.status_code == 200 and response.content == b"vhost", host


def test_presigned_put_enforces_and_stores_signed_headers(make_client: Any, bucket: str) -> None:
    s3 = make_client(signature_version="s3v4")
    url = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "k", "Metadata": {"owner": "ana"}}, ExpiresIn=60)
    assert httpx.put(url, content=b"x", headers={"x-amz-meta-owner": "ana"}).status_code == 200
    assert s3.head_object(Bucket=bucket, Key="k")["Metadata"] == {"owner": "ana"}
    missing = httpx.put(url, content=b"x")  # a signed header left out
    assert missing.status_code == 403 and b"SignatureDoesNotMatch" in missing.content
    plain = s3.generate_presigned_url("put_object", Params={"Bucket": bucket, "Key": "k2"}, ExpiresIn=60)
    unsigned = httpx.put(plain, content=b"x", headers={"x-amz-meta-owner": "bo"})  # metadata the URL did not sign
    assert unsigned.status_code == 403 and b"AccessDenied" in unsigned.content
    # Metadata hoisted into the query (as some SDKs' presigners do) is the object's metadata.
    assert httpx.put(plain + "&x-amz-meta-owner=cy", content=b"x").status_code == 200
    assert s3.head_object(Bucket=bucket, Key="k2")["Metadata"] == {"owner": "cy"}
