"""AWS_PROXY to Python functions that really run: the proxy event, the response contract."""

from __future__ import annotations

import base64
from typing import Any

from tests.services.apigateway.conftest import lambda_uri

ECHO = '''
import json, base64

def handler(event, context):
    if event["path"].endswith("/bad"):
        return {"statusCode": 200, "unexpected": 1}
    if event["path"].endswith("/boom"):
        raise RuntimeError("boom")
    if event["path"].endswith("/binary"):
        return {"statusCode": 200, "headers": {"Content-Type": "image/png"}, "body": base64.b64encode(b"\\x89PNG").decode(), "isBase64Encoded": True}
    return {"statusCode": 201, "headers": {"X-Echo": "yes"}, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": json.dumps(event)}
'''


def test_proxy_event_and_response(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, function: Any) -> None:
    arn = function("apigw-echo", ECHO)
    api = rest_api["id"]
    route(rest_api, "/orders/{id}", "POST", type="AWS_PROXY", uri=lambda_uri(arn))
    route(rest_api, "/{proxy+}", "ANY", type="AWS_PROXY", uri=lambda_uri(arn))
    apigw.create_deployment(restApiId=api, stageName="dev", variables={"env": "test"})
    got = invoke(api, "dev", "/orders/9", method="POST", params=[("a", "1"), ("a", "2"), ("b", "x")],
                 json={"n": 1}, headers={"X-Multi": "p"})
    assert got.status_code == 201 and got.headers["x-echo"] == "yes"
    event = got.json()
    assert (event["resource"], event["path"], event["httpMethod"]) == ("/orders/{id}", "/orders/9", "POST")
    assert event["pathParameters"] == {"id": "9"} and event["stageVariables"] == {"env": "test"}
    assert event["queryStringParameters"] == {"a": "2", "b": "x"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x"]}
    assert event["headers"]["x-multi"] == "p" and event["multiValueHeaders"]["x-multi"] == ["p"]
    assert event["body"] == '{"n":1}' and event["isBase64Encoded"] is False
    context = event["requestContext"]
    assert context["stage"] == "dev" and context["apiId"] == api and context["resourcePath"] == "/orders/{id}"
    assert context["path"] == "/dev/orders/9" and context["httpMethod"] == "POST" and context["accountId"] == "000000000000"
    assert context["identity"]["sourceIp"] and context["requestId"] and context["requestTimeEpoch"]
    greedy = invoke(api, "dev", "/anything/else").json()
    assert greedy["resource"] == "/{proxy+}" and greedy["pathParameters"] == {"proxy": "anything/else"}
    assert greedy["body"] is None and greedy["queryStringParameters"] is None


def test_malformed_answers_and_errors_are_502(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, function: Any) -> None:
    arn = function("apigw-echo", ECHO)
    api = rest_api["id"]
    route(rest_api, "/{proxy+}", "ANY", type="AWS_PROXY", uri=lambda_uri(arn))
    apigw.update_rest_api(restApiId=api, patchOperations=[{"op": "add", "path": "/binaryMediaTypes/image~1png"}])
    apigw.create_deployment(restApiId=api, stageName="dev")
    for path in ("/bad", "/boom"):
        got = invoke(api, "dev", path)
        assert (got.status_code, got.json()) == (502, {"message": "Internal server error"})
    binary = invoke(api, "dev", "/binary")
    assert binary.content == b"\x89PNG" and binary.headers["content-type"] == "image/png"
    sent = invoke(api, "dev", "/upload", method="PUT", content=b"\x00\x01", headers={"content-type": "image/png"}).json()
    assert sent["isBase64Encoded"] is True and base64.b64decode(sent["body"]) == b"\x00\x01"
