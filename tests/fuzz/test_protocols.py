"""Fuzz every wire protocol family against a live server: no 500, no traceback.

Per family a seeded, bounded stream of random and adversarial requests
(`requests.Fuzzer`) goes over one keep-alive connection: random operations with
hostile values, mangled bodies, headers, query strings and paths. Every answer
must be a real answer (the protocol's own error is fine, a 501 for an operation
not implemented yet too), never a 500, never a Python traceback, never a
dropped connection. `CUMULO_FUZZ_SEED` and `CUMULO_FUZZ_REQUESTS` (per family)
vary a run; a failure prints the requests that broke, reproducible by seed.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import CumuloServer

from .requests import Fuzzer, Wire

SEED = int(os.environ.get("CUMULO_FUZZ_SEED", "0"))
PER_FAMILY = int(os.environ.get("CUMULO_FUZZ_REQUESTS", "400"))

# Family -> the (service, protocol) pairs that speak it. CloudWatch is not
# implemented: its CBOR requests are routed and parsed, then answered 501.
FAMILIES = {
    "query": [("sts", "query"), ("sqs", "query")],
    "json": [("dynamodb", "json"), ("sqs", "json"), ("kinesis", "json"), ("kms", "json"), ("firehose", "json")],
    "rest-json": [("lambda", "rest-json")],
    "rest-xml": [("s3", "rest-xml")],
    "cbor": [("cloudwatch", "smithy-rpc-v2-cbor")],
}
# Operations that would do real, slow work with whatever they are sent (run code,
# wait for it), and event-stream inputs the serializer cannot write.
SKIP = frozenset({"Invoke", "InvokeAsync", "InvokeWithResponseStream", "SelectObjectContent", "WriteGetObjectResponse",
                  "CreateFunction", "UpdateFunctionCode", "PublishLayerVersion"})


def _problem(wire: Wire, client: httpx.Client) -> str | None:
    # Names outside ASCII cannot be sent at all (metadata keys of hostile text): left out.
    headers = {k: v if isinstance(v, bytes) else v.encode("utf-8") for k, v in wire.headers.items() if k.isascii()}
    try:
        answer = client.request(wire.method, wire.path, headers=headers, content=wire.body)
    except httpx.LocalProtocolError:
        return None  # the client itself refuses to send this: not the server's answer
    except httpx.HTTPError as error:
        return f"no answer ({type(error).__name__}: {error})"
    body = answer.content
    if answer.status_code == 500:
        return f"500: {body[:300]!r}"
    if b"Traceback (most recent call last)" in body or b"File \"/" in body:
        return f"traceback in a {answer.status_code}: {body[:300]!r}"
    return None


def _resources(cumulo: CumuloServer) -> dict[str, str]:
    """A few resources that exist, for requests to name (see `Fuzzer.known`)."""
    def client(name: str) -> Any:
        return boto3.client(name, endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")

    client("s3").create_bucket(Bucket="fuzz-bucket")
    client("s3").put_object(Bucket="fuzz-bucket", Key="a", Body=b"hello")
    queue = client("sqs").create_queue(QueueName="fuzz")["QueueUrl"]
    client("sqs").send_message(QueueUrl=queue, MessageBody="m")
    client("dynamodb").create_table(TableName="fuzz", KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}], BillingMode="PAY_PER_REQUEST")
    client("dynamodb").put_item(TableName="fuzz", Item={"k": {"S": "a"}, "n": {"N": "1"}})
    return {"Bucket": "fuzz-bucket", "Key": "a", "QueueUrl": queue, "TableName": "fuzz"}


@pytest.mark.parametrize("family", sorted(FAMILIES))
def test_no_server_error_from_any_input(cumulo: CumuloServer, family: str) -> None:
    known = _resources(cumulo)
    fuzzers = [Fuzzer(service, protocol, SEED, SKIP, known) for service, protocol in FAMILIES[family]]
    failures: list[str] = []
    with httpx.Client(base_url=cumulo.url, timeout=10) as client:
        for index in range(PER_FAMILY):
            wire = fuzzers[index % len(fuzzers)].request(index)
            problem = _problem(wire, client)
            if problem is not None:
                failures.append(f"#{index} {wire.describe()}\n    -> {problem}")
    assert not failures, f"{len(failures)} of {PER_FAMILY} {family} requests broke the server:\n" + "\n".join(failures[:15])
