"""HTTP API integrations besides Lambda: HTTP proxy to a real backend (with parameter mapping),
AWS service integrations (SQS, EventBridge, Step Functions), and CORS."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import boto3
import httpx
import pytest


class _Backend(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        data = json.dumps({"method": self.command, "path": self.path, "headers": dict(self.headers), "body": body.decode()}).encode()
        self.send_response(207)
        self.send_header("content-type", "application/json")
        self.send_header("x-backend", "yes")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def backend() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _api(apigw: Any, route: str, **integration: Any) -> str:
    api_id = apigw.create_api(Name="i", ProtocolType="HTTP")["ApiId"]
    found = apigw.create_integration(ApiId=api_id, PayloadFormatVersion="1.0", **integration)
    apigw.create_route(ApiId=api_id, RouteKey=route, Target=f"integrations/{found['IntegrationId']}")
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def test_http_proxy(apigw: Any, backend: str, invoke_url: Callable[[str, str], str]) -> None:
    api_id = _api(apigw, "ANY /svc/{proxy+}", IntegrationType="HTTP_PROXY", IntegrationMethod="ANY", IntegrationUri=backend + "/base/{proxy}")
    response = httpx.put(invoke_url(api_id, "/svc/a/b?q=1"), content=b"payload", headers={"x-in": "1"})
    assert response.status_code == 207 and response.headers["x-backend"] == "yes"
    seen = response.json()
    assert seen["method"] == "PUT" and seen["path"] == "/base/a/b?q=1" and seen["body"] == "payload"
    assert seen["headers"]["x-in"] == "1" and seen["headers"]["x-forwarded-for"] == "127.0.0.1"


def test_parameter_mapping(apigw: Any, backend: str, invoke_url: Callable[[str, str], str]) -> None:
    api_id = _api(
        apigw, "GET /users/{id}", IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri=backend,
        RequestParameters={
            "overwrite:path": "/v2/accounts/$request.path.id", "append:header.x-user": "$request.header.x-name",
            "overwrite:querystring.stage": "$context.stage", "remove:header.x-secret": "''",
        },
        ResponseParameters={"207": {"overwrite:statuscode": "200", "append:header.x-mapped": "$response.header.x-backend"}},
    )
    response = httpx.get(invoke_url(api_id, "/users/7"), headers={"x-name": "ann", "x-secret": "s"})
    assert response.status_code == 200 and response.headers["x-mapped"] == "yes"
    seen = response.json()
    assert seen["path"] == "/v2/accounts/7?stage=%24default"
    assert seen["headers"]["x-user"] == "ann" and "x-secret" not in seen["headers"]


def test_sqs_send_message(cumulo: Any, apigw: Any, invoke_url: Callable[[str, str], str]) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    queue = sqs.create_queue(QueueName="orders")["QueueUrl"]
    api_id = _api(
        apigw, "POST /orders", IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage",
        CredentialsArn="arn:aws:iam::000000000000:role/apigw",
        RequestParameters={"QueueUrl": queue, "MessageBody": "$request.body.order"},
    )
    response = httpx.post(invoke_url(api_id, "/orders"), json={"order": "book"})
    assert response.status_code == 200 and response.json()["MessageId"]
    (message,) = sqs.receive_message(QueueUrl=queue)["Messages"]
    assert message["Body"] == "book"


def test_eventbridge_and_step_functions(cumulo: Any, apigw: Any, invoke_url: Callable[[str, str], str]) -> None:
    api_id = _api(
        apigw, "POST /events", IntegrationType="AWS_PROXY", IntegrationSubtype="EventBridge-PutEvents",
        RequestParameters={"Source": "shop", "DetailType": "order", "Detail": "$request.body"},
    )
    response = httpx.post(invoke_url(api_id, "/events"), json={"n": 1})
    assert response.status_code == 200, response.text
    assert response.json()["FailedEntryCount"] == 0
    sfn = boto3.client("stepfunctions", endpoint_url=cumulo.url, region_name="us-east-1")
    machine = sfn.create_state_machine(
        name="m", roleArn="arn:aws:iam::000000000000:role/sfn",
        definition=json.dumps({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}}),
    )["stateMachineArn"]
    api2 = _api(
        apigw, "POST /run", IntegrationType="AWS_PROXY", IntegrationSubtype="StepFunctions-StartExecution",
        RequestParameters={"StateMachineArn": machine, "Input": "$request.body"},
    )
    started = httpx.post(invoke_url(api2, "/run"), json={"x": 1})
    assert started.status_code == 200, started.text
    execution = started.json()["executionArn"]
    assert sfn.describe_execution(executionArn=execution)["input"] == '{"x":1}'


def test_service_error_passes_through(apigw: Any, invoke_url: Callable[[str, str], str]) -> None:
    api_id = _api(
        apigw, "POST /q", IntegrationType="AWS_PROXY", IntegrationSubtype="SQS-SendMessage",
        RequestParameters={"QueueUrl": "http://127.0.0.1/000000000000/missing", "MessageBody": "x"},
    )
    response = httpx.post(invoke_url(api_id, "/q"))
    assert response.status_code == 400 and "QueueDoesNotExist" in response.text


def test_cors(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str]) -> None:
    arn = function()
    api_id = apigw.create_api(
        Name="c", ProtocolType="HTTP", Target=arn,
        CorsConfiguration={"AllowOrigins": ["https://app.example"], "AllowMethods": ["GET", "POST"], "AllowHeaders": ["content-type"],
                           "ExposeHeaders": ["x-total"], "MaxAge": 300},
    )["ApiId"]
    preflight = httpx.options(invoke_url(api_id, "/x"), headers={"origin": "https://app.example", "access-control-request-method": "POST"})
    assert preflight.status_code == 204
    assert preflight.headers["access-control-allow-origin"] == "https://app.example"
    assert preflight.headers["access-control-allow-methods"] == "GET,POST"
    assert preflight.headers["access-control-allow-headers"] == "content-type" and preflight.headers["access-control-max-age"] == "300"
    other = httpx.options(invoke_url(api_id, "/x"), headers={"origin": "https://evil.example", "access-control-request-method": "POST"})
    assert "access-control-allow-origin" not in other.headers
    simple = httpx.get(invoke_url(api_id, "/x"), headers={"origin": "https://app.example"})
    assert simple.status_code == 200 and simple.headers["access-control-expose-headers"] == "x-total"


def test_custom_domain_by_host(cumulo: Any, apigw: Any, backend: str) -> None:
    api_id = _api(apigw, "GET /{proxy+}", IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri=backend + "/{proxy}")
    apigw.create_domain_name(DomainName="api.shop.example")
    apigw.create_api_mapping(DomainName="api.shop.example", ApiId=api_id, Stage="$default", ApiMappingKey="v1")
    response = httpx.get(f"{cumulo.url}/v1/items/3", headers={"host": "api.shop.example"})
    assert response.status_code == 207 and response.json()["path"] == "/items/3"
    unmapped = httpx.get(f"{cumulo.url}/v2/items/3", headers={"host": "api.shop.example"})
    assert unmapped.status_code != 207  # no mapping for /v2: not this API's


def test_disabled_default_endpoint(cumulo: Any, apigw: Any, backend: str, invoke_url: Callable[[str, str], str]) -> None:
    api_id = _api(apigw, "GET /{proxy+}", IntegrationType="HTTP_PROXY", IntegrationMethod="GET", IntegrationUri=backend + "/{proxy}")
    apigw.update_api(ApiId=api_id, DisableExecuteApiEndpoint=True)
    refused = httpx.get(invoke_url(api_id, "/a"))
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    apigw.create_domain_name(DomainName="only.example.org")
    apigw.create_api_mapping(DomainName="only.example.org", ApiId=api_id, Stage="$default")
    assert httpx.get(f"{cumulo.url}/a", headers={"host": "only.example.org"}).status_code == 207
