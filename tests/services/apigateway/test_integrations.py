"""AWS (Lambda and service actions), HTTP and HTTP_PROXY integrations, request
validators and request parameter mappings, over real HTTP."""

from __future__ import annotations

import json
from typing import Any

import boto3

from cumulo.testing import CumuloServer
from tests.services.apigateway.conftest import lambda_uri

CALC = '''
def handler(event, context):
    if event.get("a") is None:
        raise ValueError("Missing a")
    return {"sum": event["a"] + event.get("b", 0)}
'''


def test_aws_lambda_with_templates_and_error_selection(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any,
                                                        function: Any) -> None:
    arn = function("apigw-calc", CALC)
    api = rest_api["id"]
    resource, _ = route(rest_api, "/sum", "POST", type="AWS", uri=lambda_uri(arn), integration={
        "requestTemplates": {"application/json": '{"a": $input.json(\'$.x\'), "b": $input.params(\'plus\')}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200")
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="400")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": '{"total": $input.path(\'$.sum\')}'})
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="400", selectionPattern="Missing.*",
                                   responseTemplates={"application/json": '{"error": "$input.path(\'$.errorMessage\')"}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    assert invoke(api, "dev", "/sum", method="POST", params={"plus": "2"}, json={"x": 40}).json() == {"total": 42}
    bad = invoke(api, "dev", "/sum", method="POST", params={"plus": "2"}, json={"x": None})
    assert (bad.status_code, bad.json()) == (400, {"error": "Missing a"})


def test_aws_service_action_sqs(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo: CumuloServer) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="apigw-inbox")["QueueUrl"]
    api = rest_api["id"]
    resource, _ = route(rest_api, "/enqueue", "POST", type="AWS", uri="arn:aws:apigateway:us-east-1:sqs:action/SendMessage",
                        integration={"credentials": "arn:aws:iam::000000000000:role/apigw",
                                     "requestTemplates": {"application/json": f'{{"QueueUrl": "{url}", "MessageBody": "$util.escapeJavaScript($input.body)"}}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": '{"id": "$input.path(\'$.MessageId\')"}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    sent = invoke(api, "dev", "/enqueue", method="POST", json={"order": 1})
    assert sent.status_code == 200 and sent.json()["id"]
    body = sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"]
    assert body == '{"order":1}'


def test_http_and_http_proxy(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo: CumuloServer) -> None:
    # The backend is another API on this server (a MOCK echoing what it was sent), reached over real HTTP.
    backend = apigw.create_rest_api(name="backend")
    b = {"id": backend["id"], "root": backend["rootResourceId"]}
    echo, _ = route(b, "/echo/{item}", "ANY", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=b["id"], resourceId=echo, httpMethod="ANY", statusCode="200")
    apigw.put_integration_response(restApiId=b["id"], resourceId=echo, httpMethod="ANY", statusCode="200",
                                   responseParameters={"method.response.header.X-Backend": "'yes'"},
                                   responseTemplates={"application/json": '{"item": "$input.params(\'item\')", "verb": "$context.httpMethod", '
                                                                          '"q": "$input.params(\'q\')", "h": "$input.params(\'x-mapped\')"}'})
    apigw.create_deployment(restApiId=b["id"], stageName="v1")
    base = f"{cumulo.url}/restapis/{b['id']}/v1/_user_request_"
    api = rest_api["id"]
    route(rest_api, "/proxy/{proxy+}", "ANY", type="HTTP_PROXY", uri=f"{base}/{{proxy}}", integration={
        "integrationHttpMethod": "ANY", "requestParameters": {"integration.request.path.proxy": "method.request.path.proxy"}})
    resource, _ = route(rest_api, "/items/{id}", "POST", type="HTTP", uri=f"{base}/echo/{{item}}", integration={
        "integrationHttpMethod": "PUT",
        "requestTemplates": {"application/json": '#set($context.requestOverride.querystring.q = "overridden")$input.body'},
        "requestParameters": {"integration.request.path.item": "method.request.path.id",
                              "integration.request.querystring.q": "'fixed'",
                              "integration.request.header.X-Mapped": "method.request.body.who"}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200",
                                   responseParameters={"method.response.header.X-From": "integration.response.header.X-Backend"})
    apigw.create_deployment(restApiId=api, stageName="dev")
    proxied = invoke(api, "dev", "/proxy/echo/abc", method="POST", params={"q": "1"})
    assert proxied.status_code == 200 and proxied.json() == {"item": "abc", "verb": "POST", "q": "1", "h": ""}
    assert proxied.headers["x-backend"] == "yes"
    mapped = invoke(api, "dev", "/items/77", method="POST", json={"who": "hdr"})
    assert mapped.json() == {"item": "77", "verb": "PUT", "q": "overridden", "h": "hdr"} and mapped.headers["x-from"] == "yes"


def test_request_validator(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    apigw.create_model(restApiId=api, name="Order", contentType="application/json",
                       schema='{"type": "object", "required": ["qty"], "properties": {"qty": {"type": "integer", "minimum": 1}}}')
    validator = apigw.create_request_validator(restApiId=api, name="all", validateRequestBody=True, validateRequestParameters=True)
    resource, _ = route(rest_api, "/orders", "POST", method={
        "requestValidatorId": validator["id"], "requestModels": {"application/json": "Order"},
        "requestParameters": {"method.request.querystring.shop": True, "method.request.header.X-Req": True}},
        integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": '{"ok": true}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    missing = invoke(api, "dev", "/orders", method="POST", json={"qty": 1})
    assert (missing.status_code, missing.json()) == (400, {"message": "Missing required request parameters: [shop, X-Req]"})
    bad = invoke(api, "dev", "/orders", method="POST", params={"shop": "s"}, headers={"X-Req": "1"}, json={"qty": 0})
    assert (bad.status_code, bad.json()) == (400, {"message": "Invalid request body"})
    ok = invoke(api, "dev", "/orders", method="POST", params={"shop": "s"}, headers={"X-Req": "1"}, json={"qty": 2})
    assert ok.json() == {"ok": True}


def test_aws_lambda_async_invocation(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, function: Any, cumulo: CumuloServer) -> None:
    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="apigw-async")["QueueUrl"]
    source = f'''
import boto3, json

def handler(event, context):
    boto3.client("sqs", endpoint_url="{cumulo.url}", region_name="us-east-1").send_message(QueueUrl="{url}", MessageBody=json.dumps(event))
'''
    arn = function("apigw-async", source)
    api = rest_api["id"]
    resource, _ = route(rest_api, "/jobs", "POST", type="AWS", uri=lambda_uri(arn), integration={
        "requestParameters": {"integration.request.header.X-Amz-Invocation-Type": "'Event'"}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="202")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="202",
                                   responseTemplates={"application/json": '{"queued": true}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    got = invoke(api, "dev", "/jobs", method="POST", json={"job": 1})
    assert (got.status_code, got.json()) == (202, {"queued": True})
    messages = []
    for _ in range(20):
        messages = sqs.receive_message(QueueUrl=url, WaitTimeSeconds=1).get("Messages", [])
        if messages:
            break
    assert messages and json.loads(messages[0]["Body"]) == {"job": 1}
