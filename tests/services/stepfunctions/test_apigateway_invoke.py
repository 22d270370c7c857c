"""The apigateway:invoke integration: a Task calls an API Gateway endpoint (cumulo's own
data plane), with stage, path, query and headers, and fails as ApiGateway.<status>."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3

from cumulo.testing import CumuloServer


def _mock_api(cumulo: CumuloServer) -> str:
    apigw = boto3.client("apigateway", endpoint_url=cumulo.url, region_name="us-east-1")
    api = apigw.create_rest_api(name="orders")["id"]
    root = apigw.get_resources(restApiId=api)["items"][0]["id"]
    orders = apigw.create_resource(restApiId=api, parentId=root, pathPart="orders")["id"]
    one = apigw.create_resource(restApiId=api, parentId=orders, pathPart="{id}")["id"]
    apigw.put_method(restApiId=api, resourceId=one, httpMethod="GET", authorizationType="NONE")
    apigw.put_integration(restApiId=api, resourceId=one, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
    apigw.put_method_response(restApiId=api, resourceId=one, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=one, httpMethod="GET", statusCode="200", responseTemplates={
        "application/json": '{"id": "$input.params(\'id\')", "q": "$input.params(\'q\')", "who": "$input.params(\'X-Who\')"}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    return api


def test_a_task_calls_a_rest_api_stage(cumulo: CumuloServer, run: Callable[..., dict[str, Any]]) -> None:
    api = _mock_api(cumulo)
    call = {"Type": "Task", "Resource": "arn:aws:states:::apigateway:invoke", "Parameters": {
        "ApiEndpoint": f"{api}.execute-api.us-east-1.amazonaws.com", "Method": "GET", "Stage": "dev",
        "Path.$": "States.Format('orders/{}', $.id)", "QueryParameters": {"q": ["x"]}, "Headers": {"X-Who": ["sfn"]}}, "End": True}
    out = run({"StartAt": "Call", "States": {"Call": call}}, {"id": "42"})
    assert out["status"] == "SUCCEEDED", out
    result = json.loads(out["output"])
    assert result["StatusCode"] == 200 and result["StatusText"] == "OK"
    assert result["ResponseBody"] == {"id": "42", "q": "x", "who": "sfn"}
    assert "application/json" in result["Headers"]["content-type"][0]


def test_an_error_status_fails_the_task(cumulo: CumuloServer, run: Callable[..., dict[str, Any]]) -> None:
    api = _mock_api(cumulo)
    call = {"Type": "Task", "Resource": "arn:aws:states:::apigateway:invoke", "Parameters": {
        "ApiEndpoint": f"{api}.execute-api.us-east-1.amazonaws.com", "Method": "DELETE", "Stage": "dev", "Path": "orders/1"},
        "Catch": [{"ErrorEquals": ["ApiGateway.403"], "ResultPath": "$.error", "Next": "Handled"}], "End": True}
    out = run({"StartAt": "Call", "States": {"Call": call, "Handled": {"Type": "Succeed"}}})
    assert out["status"] == "SUCCEEDED", out
    cause = json.loads(json.loads(out["output"])["error"]["Cause"])
    assert cause["StatusCode"] == 403 and cause["ResponseBody"] == {"message": "Missing Authentication Token"}
