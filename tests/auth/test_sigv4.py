"""SigV4 header signatures through real clients, for one service of each protocol:
S3 (rest-xml), SQS (JSON, query-compatible), STS (query), DynamoDB (JSON)."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError

MISMATCH_S3 = "The request signature we calculated does not match the signature you provided. Check your key and signing method."


def error_of(excinfo: pytest.ExceptionInfo[ClientError]) -> dict[str, Any]:
    return excinfo.value.response["Error"]


def status_of(excinfo: pytest.ExceptionInfo[ClientError]) -> int:
    return excinfo.value.response["ResponseMetadata"]["HTTPStatusCode"]


def test_s3_right_secret_passes(verifying: Any, make_client: Any) -> None:
    s3 = make_client("s3")
    s3.create_bucket(Bucket="signed")
    s3.put_object(Bucket="signed", Key="a b/ü+%.txt", Body=b"hello")
    assert s3.get_object(Bucket="signed", Key="a b/ü+%.txt")["Body"].read() == b"hello"
    assert [o["Key"] for o in s3.list_objects_v2(Bucket="signed", Prefix="a b/")["Contents"]] == ["a b/ü+%.txt"]


def test_s3_wrong_secret_is_signature_does_not_match(verifying: Any, make_client: Any) -> None:
    make_client("s3").create_bucket(Bucket="signed")
    with pytest.raises(ClientError) as excinfo:
        make_client("s3", secret="wrong").list_objects_v2(Bucket="signed")
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"
    assert error_of(excinfo)["Message"] == MISMATCH_S3
    assert status_of(excinfo) == 403


def test_s3_unknown_key_is_invalid_access_key_id(verifying: Any, make_client: Any) -> None:
    with pytest.raises(ClientError) as excinfo:
        make_client("s3", access_key="AKIANOTAKEYANYONEGAV").list_buckets()
    assert error_of(excinfo)["Code"] == "InvalidAccessKeyId"
    assert error_of(excinfo)["Message"] == "The AWS Access Key Id you provided does not exist in our records."


def test_s3_virtual_hosted(verifying: Any, make_client: Any, signed: Any) -> None:
    s3 = make_client("s3")
    s3.create_bucket(Bucket="vhosted")
    s3.put_object(Bucket="vhosted", Key="k", Body=b"v")
    host = "vhosted.s3.localhost.localstack.cloud"
    assert signed.s3_request("GET", verifying.url + "/k", host, "test").content == b"v"
    assert signed.s3_request("GET", verifying.url + "/", host, "test").status_code == 200
    assert signed.s3_request("GET", verifying.url + "/k", host, "wrong").status_code == 403


def test_s3_sigv2_header(verifying: Any, make_client: Any) -> None:
    make_client("s3").create_bucket(Bucket="vhosted")
    v2 = make_client("s3", signature_version="s3")
    v2.put_object(Bucket="vhosted", Key="k", Body=b"v2", ContentType="text/plain", Metadata={"a": "b"})
    assert v2.get_object(Bucket="vhosted", Key="k")["Body"].read() == b"v2"
    with pytest.raises(ClientError) as excinfo:
        make_client("s3", secret="wrong", signature_version="s3").get_object(Bucket="vhosted", Key="k")
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"


def test_s3_signed_streaming_chunks(verifying: Any, make_client: Any, signed: Any) -> None:
    """Other SDKs sign each chunk (STREAMING-AWS4-HMAC-SHA256-PAYLOAD): a body made by hand."""
    s3 = make_client("s3")
    s3.create_bucket(Bucket="chunks")
    data = bytes(range(256)) * 300  # 76,800 bytes: a 64 KiB chunk, the rest, the empty last
    ok = signed.chunked_put(verifying.url, "chunks", "obj", data, secret="test")
    assert ok.status_code == 200, ok.text
    assert s3.get_object(Bucket="chunks", Key="obj")["Body"].read() == data
    tampered = signed.chunked_put(verifying.url, "chunks", "obj2", data, secret="test", tamper=True)
    assert tampered.status_code == 403 and b"SignatureDoesNotMatch" in tampered.content


def test_sqs_json_right_and_wrong_secret(verifying: Any, make_client: Any) -> None:
    url = make_client("sqs").create_queue(QueueName="signed")["QueueUrl"]
    make_client("sqs").send_message(QueueUrl=url, MessageBody="hi")
    with pytest.raises(ClientError) as excinfo:
        make_client("sqs", secret="wrong").send_message(QueueUrl=url, MessageBody="hi")
    assert error_of(excinfo)["Code"] in ("SignatureDoesNotMatch", "InvalidSignatureException")
    assert "Check your AWS Secret Access Key" in error_of(excinfo)["Message"]
    assert status_of(excinfo) == 403
    with pytest.raises(ClientError) as excinfo:
        make_client("sqs", access_key="AKIANOTAKEYANYONEGAV").list_queues()
    assert error_of(excinfo)["Message"] == "The security token included in the request is invalid."


def test_dynamodb_json_wrong_secret(verifying: Any, make_client: Any) -> None:
    make_client("dynamodb").list_tables()
    with pytest.raises(ClientError) as excinfo:
        make_client("dynamodb", secret="wrong").list_tables()
    assert error_of(excinfo)["Code"] == "InvalidSignatureException"
    with pytest.raises(ClientError) as excinfo:
        make_client("dynamodb", access_key="AKIANOTAKEYANYONEGAV").list_tables()
    assert error_of(excinfo)["Code"] == "UnrecognizedClientException"


def test_sts_query_and_issued_session_keys(verifying: Any, make_client: Any) -> None:
    sts = make_client("sts")
    assert sts.get_caller_identity()["Account"] == "000000000000"
    with pytest.raises(ClientError) as excinfo:
        make_client("sts", secret="wrong").get_caller_identity()
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"
    assert status_of(excinfo) == 403
    with pytest.raises(ClientError) as excinfo:
        make_client("sts", access_key="AKIANOTAKEYANYONEGAV").get_caller_identity()
    assert error_of(excinfo)["Code"] == "InvalidClientTokenId"
    # Keys STS issued are checked against the secret it handed out.
    creds = sts.get_session_token()["Credentials"]
    session = make_client("sts", secret=creds["SecretAccessKey"], access_key=creds["AccessKeyId"])
    assert session.get_caller_identity()["Account"] == "000000000000"
    with pytest.raises(ClientError) as excinfo:
        make_client("sts", secret="test", access_key=creds["AccessKeyId"]).get_caller_identity()
    assert error_of(excinfo)["Code"] == "SignatureDoesNotMatch"


def test_unsigned_requests(verifying: Any, cumulo: Any) -> None:
    import httpx

    # Non-S3 services want a signature; operations modelled as unauthenticated do not.
    answer = httpx.post(cumulo.url + "/", data={"Action": "GetCallerIdentity", "Version": "2011-06-15"})
    assert answer.status_code == 403 and b"MissingAuthenticationToken" in answer.content
    answer = httpx.post(cumulo.url + "/", data={"Action": "AssumeRoleWithWebIdentity", "Version": "2011-06-15",
                                                "RoleArn": "arn:aws:iam::000000000000:role/r",
                                                "RoleSessionName": "s", "WebIdentityToken": "x"})
    assert b"MissingAuthenticationToken" not in answer.content


def test_verification_off_accepts_any_secret(cumulo: Any, make_client: Any) -> None:
    make_client("s3", secret="wrong").create_bucket(Bucket="open")
    make_client("sqs", secret="wrong").create_queue(QueueName="open")
    make_client("sts", secret="wrong").get_caller_identity()
