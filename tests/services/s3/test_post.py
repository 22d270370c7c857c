"""Browser-based POST uploads: forms made by boto3's `generate_presigned_post`,
sent with httpx; policies enforced (conditions, size range, expiry), signatures
checked when verification is on."""

from __future__ import annotations

from typing import Any

import httpx
import pytest


def _post(url: str, fields: dict[str, str], data: bytes = b"form data", filename: str = "local.txt") -> httpx.Response:
    return httpx.post(url, data=fields, files={"file": (filename, data, "text/plain")})


def test_post_upload_with_filename_and_metadata(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(
        bucket, "uploads/${filename}",
        Fields={"x-amz-meta-origin": "browser", "Content-Type": "text/csv"},
        Conditions=[{"x-amz-meta-origin": "browser"}, ["starts-with", "$Content-Type", "text/"]],
        ExpiresIn=60,
    )
    answer = _post(post["url"], post["fields"], b"a,b\n1,2\n", filename="data.csv")
    assert answer.status_code == 204, answer.text
    assert answer.headers["etag"].startswith('"')
    head = s3.head_object(Bucket=bucket, Key="uploads/data.csv")
    assert head["ContentType"] == "text/csv" and head["Metadata"] == {"origin": "browser"}
    assert s3.get_object(Bucket=bucket, Key="uploads/data.csv")["Body"].read() == b"a,b\n1,2\n"


def test_success_action_status_201_and_redirect(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "k201", Fields={"success_action_status": "201"},
                                      Conditions=[{"success_action_status": "201"}])
    answer = _post(post["url"], post["fields"])
    assert answer.status_code == 201
    assert b"<PostResponse>" in answer.content and b"<Key>k201</Key>" in answer.content
    post = s3.generate_presigned_post(bucket, "k303", Fields={"success_action_redirect": "http://example.com/done"},
                                      Conditions=[["starts-with", "$success_action_redirect", "http://example.com/"]])
    answer = _post(post["url"], post["fields"])
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("http://example.com/done?bucket=test-bucket&key=k303&etag=")


def test_violated_conditions_are_access_denied(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "fixed-key")
    fields = {**post["fields"], "key": "other-key"}
    answer = _post(post["url"], fields)
    assert answer.status_code == 403
    assert b"<Code>AccessDenied</Code>" in answer.content
    assert b'Invalid according to Policy: Policy Condition failed: ["eq", "$key", "fixed-key"]' in answer.content
    extra = _post(post["url"], {**post["fields"], "x-amz-meta-sneaky": "1"})
    assert extra.status_code == 403 and b"Extra input fields: x-amz-meta-sneaky" in extra.content
    with pytest.raises(Exception):
        s3.head_object(Bucket=bucket, Key="other-key")


def test_content_length_range(s3: Any, bucket: str) -> None:
    post = s3.generate_presigned_post(bucket, "sized", Conditions=[["content-length-range", 5, 10]])
    assert _post(post["url"], post["fields"], b"123456").status_code == 204
    large = _post(post["url"], post["fields"], b"x" * 11)
    assert large.status_code == 400 and b"EntityTooLarge" in large.content
    small = _post(post["url"], post["fields"], b"x")
    assert small.status_code == 400 and b"EntityTooSmall" in small.content
    assert s3.get_object(Bucket=bucket, Key="sized")["Body"].read() == b"123456"


def test_expired_policy(s3: Any, bucket: str, cumulo_clock: Any) -> None:
    post = s3.generate_presigned_post(bucket, "late", ExpiresIn=60)
    cumulo_clock.advance(120)
    answer = _post(post["url"], post["fields"])
    assert answer.status_code == 403 and b"Invalid according to Policy: Policy expired." in answer.content


def test_large_file_streams(s3: Any, bucket: str) -> None:
    data = bytes(range(256)) * 4096 * 3  # 3 MiB: into a blob file, not inline
    post = s3.generate_presigned_post(bucket, "big")
    assert _post(post["url"], post["fields"], data).status_code == 204
    assert s3.get_object(Bucket=bucket, Key="big")["Body"].read() == data


@pytest.mark.parametrize("version", ["s3v4", "s3"])
def test_signature_checked_when_verifying(cumulo: Any, make_client: Any, bucket: str, version: str) -> None:
    good = make_client(signature_version=version).generate_presigned_post(bucket, "signed")
    config = cumulo.runtime.config
    config.verify_signatures = True
    try:
        assert _post(good["url"], good["fields"]).status_code == 204
        import boto3
        from botocore.config import Config

        wrong = boto3.client("s3", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="test",
                             aws_secret_access_key="wrong", config=Config(signature_version=version))
        bad = wrong.generate_presigned_post(bucket, "signed")
        answer = _post(bad["url"], bad["fields"])
        assert answer.status_code == 403 and b"SignatureDoesNotMatch" in answer.content
    finally:
        config.verify_signatures = False
