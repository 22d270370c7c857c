"""Fixtures for the Lambda tests: a boto3 client, real zip packages, and a function factory.

Functions built from the same code and configuration share warm environments
across tests (the executor outlives the per-test reset), which keeps the suite fast.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

PYTHON_APP = '''
import json, os, time

def handler(event, context):
    print("event", json.dumps(event))
    if event.get("fail"):
        raise ValueError("bad input: " + str(event["fail"]))
    if event.get("sleep"):
        time.sleep(event["sleep"])
    if event.get("exit"):
        os._exit(3)
    return {
        "event": event,
        "env": {k: v for k, v in os.environ.items() if k.startswith(("MY_", "AWS_LAMBDA_FUNCTION", "_HANDLER"))},
        "request_id": context.aws_request_id,
        "arn": context.invoked_function_arn,
        "version": context.function_version,
    }
'''


def make_zip(files: dict[str, str | bytes], executable: tuple[str, ...] = ()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name)
            info.external_attr = ((0o755 if name in executable else 0o644) | 0o100000) << 16
            archive.writestr(info, content)
    return buf.getvalue()


@pytest.fixture
def zipped() -> Callable[..., bytes]:
    """make_zip as a fixture: test modules of this folder cannot import conftest (`lambda` is a keyword)."""
    return make_zip


@pytest.fixture
def lam(cumulo: CumuloServer) -> Any:
    return boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def sqs(cumulo: CumuloServer) -> Any:
    return boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def python_function(lam: Any) -> Callable[..., dict[str, Any]]:
    """create(name="fn", source=PYTHON_APP, **CreateFunction members) -> the CreateFunction answer."""

    def create(name: str = "fn", source: str = PYTHON_APP, **extra: Any) -> dict[str, Any]:
        params: dict[str, Any] = {
            "FunctionName": name,
            "Runtime": "python3.12",
            "Role": ROLE,
            "Handler": "app.handler",
            "Code": {"ZipFile": make_zip({"app.py": source})},
            "Timeout": 5,
        }
        params.update(extra)
        return lam.create_function(**params)

    return create


def receive_messages(sqs: Any, url: str, wait: float = 15.0) -> list[dict[str, Any]]:
    """The first messages a queue yields within `wait` seconds (none if it stays empty)."""
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        got = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        if got:
            return got
    return []


@pytest.fixture
def receive() -> Callable[..., list[dict[str, Any]]]:
    """receive(sqs, queue_url, wait=15.0) -> the first messages the queue yields."""
    return receive_messages
