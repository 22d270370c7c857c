"""Fixtures for the signature tests: the session server with verification switched on,
clients with any secret, and requests signed by hand where boto3 has no switch for
them: a signed aws-chunked body (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, as the Java
and Go SDKs send) and virtual-hosted S3 with a Host header no resolver knows.
Chunk signing per https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import hashlib
import hmac
from datetime import datetime, timezone

import boto3
import httpx
import pytest
from botocore.auth import S3SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

from cumulo.testing import CumuloServer


@pytest.fixture
def verifying(cumulo: CumuloServer) -> Iterator[CumuloServer]:
    """`CUMULO_VERIFY_SIGNATURES=1` for one test (the known keys: `test:test`)."""
    config = cumulo.runtime.config
    config.verify_signatures = True
    try:
        yield cumulo
    finally:
        config.verify_signatures = False


@pytest.fixture
def make_client(cumulo: CumuloServer) -> Any:
    """`make_client(service, secret="test", access_key="test", **botocore Config options)`."""

    def make(service: str, secret: str = "test", access_key: str = "test", **options: Any) -> Any:
        return boto3.client(
            service, endpoint_url=cumulo.url, region_name="us-east-1",
            aws_access_key_id=access_key, aws_secret_access_key=secret,
            config=Config(read_timeout=10, retries={"max_attempts": 1}, **options),
        )

    return make

EMPTY = hashlib.sha256(b"").hexdigest()
CHUNK = 65536


def _key(secret: str, date: str) -> bytes:
    key = ("AWS4" + secret).encode()
    for part in (date, "us-east-1", "s3", "aws4_request"):
        key = hmac.new(key, part.encode(), hashlib.sha256).digest()
    return key


class StreamingSigner(S3SigV4Auth):
    """botocore's S3 signer, for a body whose chunks carry their own signatures."""

    def payload(self, request: Any) -> str:
        return "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"


def signed_chunked_put(url: str, bucket: str, key: str, data: bytes, secret: str, tamper: bool = False) -> httpx.Response:
    now = datetime.now(timezone.utc)
    amz_date, date = now.strftime("%Y%m%dT%H%M%SZ"), now.strftime("%Y%m%d")
    chunks = [data[i:i + CHUNK] for i in range(0, len(data), CHUNK)] + [b""]
    headers = {
        "x-amz-content-sha256": "STREAMING-AWS4-HMAC-SHA256-PAYLOAD",
        "x-amz-date": amz_date,
        "content-encoding": "aws-chunked",
        "x-amz-decoded-content-length": str(len(data)),
    }
    # botocore signs the headers (seed signature); the body is framed here.
    request = AWSRequest("PUT", f"{url}/{bucket}/{key}", headers=dict(headers))
    StreamingSigner(Credentials("test", secret), "s3", "us-east-1").add_auth(request)
    seed = request.headers["Authorization"].rsplit("Signature=", 1)[1]
    amz_date = request.headers["X-Amz-Date"]  # botocore's own, maybe a second later than ours
    date = amz_date[:8]
    signing_key, scope = _key(secret, date), f"{date}/us-east-1/s3/aws4_request"
    previous, body = seed, bytearray()
    for chunk in chunks:
        text = f"AWS4-HMAC-SHA256-PAYLOAD\n{amz_date}\n{scope}\n{previous}\n{EMPTY}\n{hashlib.sha256(chunk).hexdigest()}"
        previous = hmac.new(signing_key, text.encode(), hashlib.sha256).hexdigest()
        sent = chunk[:-1] + b"X" if tamper and chunk and len(body) > CHUNK else chunk
        body += f"{len(chunk):x};chunk-signature={previous}\r\n".encode() + sent + b"\r\n"
    return httpx.put(f"{url}/{bucket}/{key}", content=bytes(body), headers=dict(request.headers.items()))


def signed_s3_request(method: str, url: str, host: str, secret: str) -> httpx.Response:
    """An S3 request signed for `host` (a virtual-hosted bucket name), sent to `url`."""
    path = url.split("/", 3)[3] if url.count("/") >= 3 else ""
    request = AWSRequest(method, f"http://{host}/{path}", headers={"x-amz-content-sha256": EMPTY})
    S3SigV4Auth(Credentials("test", secret), "s3", "us-east-1").add_auth(request)
    return httpx.request(method, url, headers={**dict(request.headers.items()), "host": host})


@pytest.fixture
def signed() -> Any:
    """The hand-signed request helpers: `signed.chunked_put(...)`, `signed.s3_request(...)`."""

    class Signed:
        chunked_put = staticmethod(signed_chunked_put)
        s3_request = staticmethod(signed_s3_request)

    return Signed
