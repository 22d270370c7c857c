"""Fixtures for the API Gateway v2 tests: clients, Python Lambda functions that really run, invoke URLs."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/apigw-role"

# Echoes the event it got, or answers what the event's body asks for (`{"respond": ...}`).
ECHO = '''
import json

def handler(event, context):
    body = event.get("body")
    try:
        asked = json.loads(body) if body else None
    except ValueError:
        asked = None
    if isinstance(asked, dict) and "respond" in asked:
        return asked["respond"]
    return {"statusCode": 200, "headers": {"content-type": "application/json"}, "body": json.dumps(event)}
'''


def make_zip(files: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buf.getvalue()


@pytest.fixture
def apigw(cumulo: CumuloServer) -> Any:
    return boto3.client("apigatewayv2", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def lam(cumulo: CumuloServer) -> Any:
    return boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def function(lam: Any) -> Callable[..., str]:
    """function(name, source=ECHO) -> the ARN of a Python 3.12 function `app.handler`."""

    def create(name: str = "echo", source: str = ECHO) -> str:
        out = lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": source})}, Timeout=10,
        )
        return out["FunctionArn"]

    return create


@pytest.fixture
def invoke_url(cumulo: CumuloServer) -> Callable[[str, str], str]:
    """invoke_url(api_id, "/stage/path") -> the LocalStack-style path URL on cumulo's port."""

    def url(api_id: str, path: str = "/") -> str:
        return f"{cumulo.url}/_aws/execute-api/{api_id}{path}"

    return url
