"""HTTPS and plain HTTP on the same port, with certificate verification on: every
protocol family through boto3, the local CA (`cumulo ca`), the names the certificate
covers, and aws:SecureTransport as policies read it."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import sys
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo import tls
from cumulo.config import Config
from cumulo.testing import CumuloServer


@pytest.fixture(scope="module")
def ca() -> str:
    return str(tls.ensure()[0])  # the user cache's CA, which servers without a data dir use


def https(server: CumuloServer, service: str, ca: str, host: str = "127.0.0.1") -> Any:
    return boto3.client(service, endpoint_url=f"https://{host}:{server.port}", region_name="us-east-1", verify=ca,
                        aws_access_key_id="test", aws_secret_access_key="test")


def test_every_protocol_family_over_verified_https(cumulo: CumuloServer, ca: str) -> None:
    assert https(cumulo, "sts", ca).get_caller_identity()["Account"] == "000000000000"  # query
    dynamodb = https(cumulo, "dynamodb", ca)  # JSON 1.0
    dynamodb.create_table(TableName="t", BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                          AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}])
    assert dynamodb.list_tables()["TableNames"] == ["t"]
    assert https(cumulo, "lambda", ca, host="localhost").list_functions()["Functions"] == []  # REST-JSON, by name
    s3 = https(cumulo, "s3", ca)  # REST-XML, streaming bodies both ways
    s3.create_bucket(Bucket="secure")
    body = b"x" * (3 * 1024 * 1024 + 7)
    s3.put_object(Bucket="secure", Key="big", Body=body)
    assert s3.get_object(Bucket="secure", Key="big")["Body"].read() == body
    sqs = https(cumulo, "sqs", ca)
    url = sqs.create_queue(QueueName="q")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="over tls")
    assert sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"] == "over tls"


def test_plain_http_still_answers_on_the_same_port(cumulo: CumuloServer, ca: str) -> None:
    with httpx.Client(verify=ssl.create_default_context(cafile=ca)) as secure, httpx.Client() as plain:
        for _ in range(3):  # keep-alive connections of both kinds, interleaved
            assert secure.get(f"https://127.0.0.1:{cumulo.port}/_cumulo/health").status_code == 200
            assert plain.get(f"http://127.0.0.1:{cumulo.port}/_cumulo/health").status_code == 200


@pytest.mark.parametrize("name", ["localhost", "sqs.us-east-1.localhost.localstack.cloud", "my-bucket.s3.localhost.localstack.cloud",
                                  "abc123.execute-api.localhost.localstack.cloud", "000000000000.dkr.ecr.eu-west-1.localhost.localstack.cloud",
                                  "localhost.localstack.cloud"])
def test_the_certificate_covers_the_host_names_clients_use(cumulo: CumuloServer, ca: str, name: str) -> None:
    context = ssl.create_default_context(cafile=ca)
    # The registry owns every path on its host name; its version check answers 401 until a client logs in.
    path, status = ("/v2/", b"401") if ".dkr.ecr." in name else ("/_cumulo/health", b"200")
    with socket.create_connection(("127.0.0.1", cumulo.port)) as raw, context.wrap_socket(raw, server_hostname=name) as conn:
        conn.sendall(f"GET {path} HTTP/1.1\r\nHost: {name}\r\nConnection: close\r\n\r\n".encode())
        assert conn.recv(64).startswith(b"HTTP/1.1 " + status)
    with socket.create_connection(("127.0.0.1", cumulo.port)) as raw:
        with pytest.raises(ssl.SSLCertVerificationError):
            context.wrap_socket(raw, server_hostname="example.com")


def test_secure_transport_is_what_a_bucket_policy_sees(tmp_path: Path) -> None:
    server = CumuloServer(Config(log_level="warning", enforce_iam="1", data_dir=str(tmp_path))).start()
    try:
        ca = str(tls.ensure(str(tmp_path))[0])
        assert ca.startswith(str(tmp_path))
        s3 = https(server, "s3", ca)
        s3.create_bucket(Bucket="locked")
        s3.put_bucket_policy(Bucket="locked", Policy=json.dumps({"Version": "2012-10-17", "Statement": [{
            "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
            "Resource": ["arn:aws:s3:::locked", "arn:aws:s3:::locked/*"], "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))
        s3.put_object(Bucket="locked", Key="k", Body=b"v")
        assert s3.get_object(Bucket="locked", Key="k")["Body"].read() == b"v"
        plain = boto3.client("s3", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        with pytest.raises(ClientError) as refused:
            plain.get_object(Bucket="locked", Key="k")
        assert refused.value.response["Error"]["Code"] == "AccessDenied"
    finally:
        server.stop()
        server.runtime.store.close()


def test_cumulo_ca_prints_the_ca_a_data_dir_keeps(tmp_path: Path) -> None:
    printed = subprocess.run([sys.executable, "-m", "cumulo", "ca", "--data-dir", str(tmp_path)], capture_output=True, text=True, check=True)
    path = Path(printed.stdout.strip())
    assert path == tmp_path / "tls" / "ca.pem" and path.read_text().startswith("-----BEGIN CERTIFICATE-----")
    again = subprocess.run([sys.executable, "-m", "cumulo", "ca", "--data-dir", str(tmp_path)], capture_output=True, text=True, check=True)
    assert again.stdout == printed.stdout and path.read_bytes() == (tmp_path / "tls" / "ca.pem").read_bytes()
