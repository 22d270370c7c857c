"""Presigned URLs with signature verification on and off: a URL changed after
signing (its path, its query, its expiry) is refused when verifying, and taken
when not; SigV4 and SigV2 (boto3's default for S3) alike. And the AWS CLI, whose
uploads are multipart and whose requests are signed, with verification on."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest


def _with_query(url: str, **changes: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def _tampered(url: str, version: str) -> dict[str, str]:
    expiry = {"X-Amz-Expires": "3000"} if version == "s3v4" else {"Expires": str(int(_query(url)["Expires"]) + 3000)}
    return {
        "path": url.replace("/a-key?", "/b-key?"),
        "query": _with_query(url, **{"response-content-type": "text/evil"}),
        "expiry": _with_query(url, **expiry),
    }


def _query(url: str) -> dict[str, str]:
    return dict(parse_qsl(urlsplit(url).query))


def _setup(make_client: Any, version: str) -> str:
    s3 = make_client("s3")
    s3.create_bucket(Bucket="presigned")
    s3.put_object(Bucket="presigned", Key="a-key", Body=b"a")
    s3.put_object(Bucket="presigned", Key="b-key", Body=b"b")
    signer = make_client("s3", signature_version=version)
    return signer.generate_presigned_url("get_object", Params={"Bucket": "presigned", "Key": "a-key"}, ExpiresIn=60)


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_tampered_url_refused_when_verifying(verifying: Any, make_client: Any, version: str) -> None:
    url = _setup(make_client, version)
    assert httpx.get(url).content == b"a"
    for what, changed in _tampered(url, version).items():
        answer = httpx.get(changed)
        assert answer.status_code == 403, what
        assert b"<Code>SignatureDoesNotMatch</Code>" in answer.content, what


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_tampered_url_taken_when_not_verifying(cumulo: Any, make_client: Any, version: str) -> None:
    url = _setup(make_client, version)
    for what, changed in _tampered(url, version).items():
        assert httpx.get(changed).status_code == 200, what


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_expired_url_when_verifying(verifying: Any, make_client: Any, cumulo_clock: Any, version: str) -> None:
    url = _setup(make_client, version)
    cumulo_clock.advance(61)
    answer = httpx.get(url)
    assert answer.status_code == 403
    assert b"<Code>AccessDenied</Code>" in answer.content and b"<Message>Request has expired</Message>" in answer.content


def test_presigned_put_and_wrong_secret(verifying: Any, make_client: Any) -> None:
    make_client("s3").create_bucket(Bucket="presigned")
    url = make_client("s3", signature_version="s3v4").generate_presigned_url(
        "put_object", Params={"Bucket": "presigned", "Key": "up"}, ExpiresIn=60)
    assert httpx.put(url, content=b"uploaded").status_code == 200
    bad = make_client("s3", secret="wrong", signature_version="s3v4").generate_presigned_url(
        "get_object", Params={"Bucket": "presigned", "Key": "up"}, ExpiresIn=60)
    assert httpx.get(bad).status_code == 403


def test_presigned_sts_url_when_verifying(verifying: Any, make_client: Any) -> None:
    """A presigned GetCallerIdentity (what EKS tokens are) is checked like any other."""
    url = make_client("sts").generate_presigned_url("get_caller_identity", ExpiresIn=60)
    # boto3 (with awscrt) signs a query-protocol URL for the operation's own method, POST.
    assert httpx.post(url).status_code == 200
    assert httpx.get(url).status_code == 403
    answer = httpx.post(_with_query(url, **{"X-Amz-Expires": "3000"}))
    assert answer.status_code == 403 and b"SignatureDoesNotMatch" in answer.content


def test_cli_with_verification(verifying: Any, tmp_path: Path) -> None:
    config = tmp_path / "config"
    config.write_text("[default]\nregion = us-east-1\ns3 =\n    multipart_threshold = 5MB\n    multipart_chunksize = 5MB\n")

    def aws(*args: str, secret: str = "test") -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "AWS_CONFIG_FILE": str(config), "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
               "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": secret}
        return subprocess.run([sys.executable, "-m", "awscli", "--endpoint-url", verifying.url, *args],
                              env=env, capture_output=True, text=True, timeout=60)

    big = tmp_path / "big.bin"
    big.write_bytes(os.urandom(6 * 1024 * 1024))
    assert aws("s3", "mb", "s3://cli-signed").returncode == 0
    done = aws("s3", "cp", str(big), "s3://cli-signed/big.bin")
    assert done.returncode == 0, done.stderr
    assert "big.bin" in aws("s3", "ls", "s3://cli-signed").stdout
    assert aws("sqs", "create-queue", "--queue-name", "cli-signed").returncode == 0
    refused = aws("s3", "ls", "s3://cli-signed", secret="wrong")
    assert refused.returncode != 0 and "SignatureDoesNotMatch" in refused.stderr
