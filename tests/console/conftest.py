"""Fixtures for the console tests: boto3 clients on the test server, an httpx client on the console, a Lambda package."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import CumuloServer

ACCOUNT, REGION = "000000000000", "us-east-1"
WHERE = {"account": ACCOUNT, "region": REGION}
ROLE = "arn:aws:iam::000000000000:role/lambda-role"
APP = '''
import json

def handler(event, context):
    print("console says", json.dumps(event))
    return {"doubled": event.get("n", 0) * 2}
'''


def package(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buf.getvalue()


@pytest.fixture
def aws(cumulo: CumuloServer) -> Any:
    """aws("sqs") -> a boto3 client on the test server."""
    return lambda name: boto3.client(name, endpoint_url=cumulo.url, region_name=REGION)


@pytest.fixture
def console(cumulo: CumuloServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=cumulo.url + "/_cumulo/console/", timeout=30) as client:
        yield client


def make_function(aws: Any, name: str = "doubler") -> dict[str, Any]:
    return aws("lambda").create_function(FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
                                         Code={"ZipFile": package({"app.py": APP, "lib/util.py": "X = 1\n"})}, Timeout=10)
