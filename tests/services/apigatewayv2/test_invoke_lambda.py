"""HTTP API invoke URLs to Lambda proxy integrations: payloads 1.0 and 2.0 exactly, route selection, answers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest


@pytest.fixture
def http_api(apigw: Any, function: Callable[..., str]) -> Callable[..., tuple[str, str]]:
    """http_api(routes=[...], version="2.0", stage="$default") -> (api id, integration id), deployed."""

    def make(routes: list[str], version: str = "2.0", stage: str = "$default", variables: dict[str, str] | None = None) -> tuple[str, str]:
        arn = function()
        api_id = apigw.create_api(Name="shop", ProtocolType="HTTP")["ApiId"]
        integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=arn, PayloadFormatVersion=version)
        for key in routes:
            apigw.create_route(ApiId=api_id, RouteKey=key, Target=f"integrations/{integration['IntegrationId']}")
        apigw.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True, StageVariables=variables or {})
        return api_id, integration["IntegrationId"]

    return make


def test_payload_v2(http_api: Callable[..., tuple[str, str]], invoke_url: Callable[[str, str], str]) -> None:
    api_id, _ = http_api(["POST /orders/{id}"], variables={"env": "test"})
    response = httpx.post(
        invoke_url(api_id, "/orders/42?a=1&a=2&b=x"), content=b'{"n": 1}',
        headers={"content-type": "application/json", "cookie": "s=1; t=2", "x-multi": "v"},
    )
    assert response.status_code == 200, response.text
    assert response.headers["apigw-requestid"]
    event = response.json()
    assert event["version"] == "2.0" and event["routeKey"] == "POST /orders/{id}"
    assert event["rawPath"] == "/orders/42" and event["rawQueryString"] == "a=1&a=2&b=x"
    assert event["cookies"] == ["s=1", "t=2"] and "cookie" not in event["headers"]
    assert event["headers"]["x-multi"] == "v" and event["queryStringParameters"] == {"a": "1,2", "b": "x"}
    assert event["pathParameters"] == {"id": "42"} and event["stageVariables"] == {"env": "test"}
    assert event["body"] == '{"n": 1}' and event["isBase64Encoded"] is False
    ctx = event["requestContext"]
    assert ctx["accountId"] == "000000000000" and ctx["apiId"] == api_id and ctx["stage"] == "$default"
    assert ctx["http"]["method"] == "POST" and ctx["http"]["path"] == "/orders/42" and ctx["http"]["protocol"] == "HTTP/1.1"
    assert ctx["http"]["sourceIp"] == "127.0.0.1" and "python-httpx" in ctx["http"]["userAgent"]
    assert ctx["routeKey"] == "POST /orders/{id}" and ctx["requestId"] == response.headers["apigw-requestid"]
    assert isinstance(ctx["timeEpoch"], int) and ctx["time"].endswith("+0000")


def test_payload_v1_and_named_stage(http_api: Callable[..., tuple[str, str]], invoke_url: Callable[[str, str], str]) -> None:
    api_id, _ = http_api(["GET /items/{proxy+}"], version="1.0", stage="dev")
    response = httpx.get(invoke_url(api_id, "/dev/items/a/b?x=1&x=2"))
    assert response.status_code == 200, response.text
    event = response.json()
    assert event["version"] == "1.0" and event["resource"] == "/items/{proxy+}" and event["httpMethod"] == "GET"
    assert event["path"] == "/dev/items/a/b" and event["pathParameters"] == {"proxy": "a/b"}
    assert event["queryStringParameters"] == {"x": "2"} and event["multiValueQueryStringParameters"] == {"x": ["1", "2"]}
    assert event["body"] is None and event["stageVariables"] is None
    assert event["requestContext"]["stage"] == "dev" and event["requestContext"]["identity"]["sourceIp"] == "127.0.0.1"
    # The stage segment is required for a named stage.
    assert httpx.get(invoke_url(api_id, "/items/a")).status_code == 404


def test_host_routing(cumulo: Any, http_api: Callable[..., tuple[str, str]]) -> None:
    api_id, _ = http_api(["GET /ping"])
    response = httpx.get(f"{cumulo.url}/ping", headers={"host": f"{api_id}.execute-api.localhost.localstack.cloud:4566"})
    assert response.status_code == 200
    assert response.json()["requestContext"]["domainName"] == f"{api_id}.execute-api.localhost.localstack.cloud"
    v1_form = httpx.get(f"{cumulo.url}/restapis/{api_id}/$default/_user_request_/ping")
    assert v1_form.status_code == 200 and v1_form.json()["rawPath"] == "/ping"


def test_route_precedence(http_api: Callable[..., tuple[str, str]], invoke_url: Callable[[str, str], str]) -> None:
    api_id, _ = http_api(["GET /pets/dog", "GET /pets/{name}", "ANY /pets/{name}", "ANY /{proxy+}", "$default"])

    def route_of(method: str, path: str) -> str:
        return httpx.request(method, invoke_url(api_id, path)).json()["routeKey"]

    assert route_of("GET", "/pets/dog") == "GET /pets/dog"
    assert route_of("GET", "/pets/cat") == "GET /pets/{name}"
    assert route_of("DELETE", "/pets/cat") == "ANY /pets/{name}"
    assert route_of("GET", "/a/b/c") == "ANY /{proxy+}"
    assert route_of("GET", "/") == "$default"


def test_not_found_and_undeployed(apigw: Any, http_api: Callable[..., tuple[str, str]], invoke_url: Callable[[str, str], str]) -> None:
    api_id, _ = http_api(["GET /only"])
    missing = httpx.get(invoke_url(api_id, "/other"))
    assert (missing.status_code, missing.json()) == (404, {"message": "Not Found"})
    bare = apigw.create_api(Name="bare", ProtocolType="HTTP")["ApiId"]
    assert httpx.get(invoke_url(bare, "/x")).status_code == 404


def test_response_inference_v2(http_api: Callable[..., tuple[str, str]], invoke_url: Callable[[str, str], str]) -> None:
    api_id, _ = http_api(["POST /r"])
    url = invoke_url(api_id, "/r")
    plain = httpx.post(url, json={"respond": {"hello": "world"}})
    assert plain.status_code == 200 and plain.json() == {"hello": "world"}
    assert plain.headers["content-type"] == "application/json"
    text = httpx.post(url, json={"respond": "hi"})
    assert (text.status_code, text.text) == (200, "hi")
    full = httpx.post(url, json={"respond": {"statusCode": 201, "headers": {"x-a": "b"}, "cookies": ["c=1"], "body": "made"}})
    assert (full.status_code, full.text, full.headers["x-a"], full.headers["set-cookie"]) == (201, "made", "b", "c=1")
    binary = httpx.post(url, json={"respond": {"statusCode": 200, "body": "AAEC", "isBase64Encoded": True}})
    assert binary.content == b"\x00\x01\x02"


def test_v1_needs_status_code(http_api: Callable[..., tuple[str, str]], invoke_url: Callable[[str, str], str]) -> None:
    api_id, _ = http_api(["POST /r"], version="1.0")
    bad = httpx.post(invoke_url(api_id, "/r"), json={"respond": {"no": "status"}})
    assert (bad.status_code, bad.json()) == (500, {"message": "Internal Server Error"})
    good = httpx.post(invoke_url(api_id, "/r"), json={"respond": {"statusCode": 202, "multiValueHeaders": {"x-m": ["1", "2"]}, "body": json.dumps([1])}})
    assert (good.status_code, good.json(), good.headers["x-m"]) == (202, [1], "1,2")


def test_deployments_are_snapshots(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str]) -> None:
    arn = function()
    api_id = apigw.create_api(Name="snap", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=arn, PayloadFormatVersion="2.0")
    target = f"integrations/{integration['IntegrationId']}"
    apigw.create_route(ApiId=api_id, RouteKey="GET /a", Target=target)
    apigw.create_stage(ApiId=api_id, StageName="prod")
    assert httpx.get(invoke_url(api_id, "/prod/a")).status_code == 404  # not deployed yet
    deployment = apigw.create_deployment(ApiId=api_id, StageName="prod")
    assert apigw.get_stage(ApiId=api_id, StageName="prod")["DeploymentId"] == deployment["DeploymentId"]
    assert httpx.get(invoke_url(api_id, "/prod/a")).status_code == 200
    apigw.create_route(ApiId=api_id, RouteKey="GET /b", Target=target)
    assert httpx.get(invoke_url(api_id, "/prod/b")).status_code == 404  # until the next deployment
    apigw.create_deployment(ApiId=api_id, StageName="prod")
    assert httpx.get(invoke_url(api_id, "/prod/b")).status_code == 200


def test_lambda_failure_is_500(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str]) -> None:
    arn = function("boom", "def handler(event, context):\n    raise ValueError('no')\n")
    api_id = apigw.create_api(Name="q", ProtocolType="HTTP", Target=arn)["ApiId"]
    response = httpx.get(invoke_url(api_id, "/anything"))
    assert (response.status_code, response.json()) == (500, {"message": "Internal Server Error"})
