"""Fixtures for the API Gateway tests: boto3 clients, a REST API builder, Python functions
that really run, and an HTTP client to the invoke URLs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import CumuloServer
from tests.services.lambda_zip import make_zip

ROLE = "arn:aws:iam::000000000000:role/apigw-lambda"


@pytest.fixture
def apigw(cumulo: CumuloServer) -> Any:
    return boto3.client("apigateway", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def lam(cumulo: CumuloServer) -> Any:
    return boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def rest_api(apigw: Any) -> dict[str, Any]:
    """A new API: its id and root resource id."""
    created = apigw.create_rest_api(name="shop")
    return {"id": created["id"], "root": created["rootResourceId"]}


@pytest.fixture
def function(lam: Any) -> Callable[..., str]:
    """function(name, source) -> the ARN of a Python 3.12 function running `source` (app.handler)."""

    def create(name: str, source: str) -> str:
        return lam.create_function(
            FunctionName=name, Runtime="python3.12", Role=ROLE, Handler="app.handler",
            Code={"ZipFile": make_zip({"app.py": source})}, Timeout=10,
        )["FunctionArn"]

    return create


def lambda_uri(arn: str) -> str:
    return f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"


@pytest.fixture
def route(apigw: Any) -> Callable[..., tuple[str, str]]:
    """route(api, path, verb, type=..., uri=..., **method/integration members) -> (resource id, verb):
    makes the resources along `path`, the method and its integration."""

    def make(api: dict[str, Any], path: str, verb: str = "GET", type: str = "MOCK", uri: str | None = None,
             method: dict[str, Any] | None = None, integration: dict[str, Any] | None = None) -> tuple[str, str]:
        parent = api["root"]
        existing = {r["path"]: r["id"] for r in apigw.get_resources(restApiId=api["id"], limit=500)["items"]}
        current = ""
        for part in [p for p in path.split("/") if p]:
            current += "/" + part
            if current not in existing:
                existing[current] = apigw.create_resource(restApiId=api["id"], parentId=parent, pathPart=part)["id"]
            parent = existing[current]
        apigw.put_method(restApiId=api["id"], resourceId=parent, httpMethod=verb,
                         **{"authorizationType": "NONE", **(method or {})})
        extra = dict(integration or {})
        if uri:
            extra["uri"] = uri
            extra.setdefault("integrationHttpMethod", "POST")
        apigw.put_integration(restApiId=api["id"], resourceId=parent, httpMethod=verb, type=type, **extra)
        return parent, verb

    return make


@pytest.fixture
def invoke(cumulo: CumuloServer) -> Callable[..., httpx.Response]:
    """invoke(api_id, stage, path, method="GET", **httpx kwargs) through the path-style invoke URL."""

    def call(api_id: str, stage: str, path: str, method: str = "GET", **kwargs: Any) -> httpx.Response:
        url = f"{cumulo.url}/restapis/{api_id}/{stage}/_user_request_{path}"
        return httpx.request(method, url, timeout=30, **kwargs)

    return call
