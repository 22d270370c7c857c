"""Deployments and stages: snapshots, stage variables, method settings, access logs to CloudWatch Logs."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def _mock(apigw: Any, api: str, resource: str, verb: str, template: str) -> None:
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod=verb, statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod=verb, statusCode="200",
                                   responseTemplates={"application/json": template})


def test_deployment_is_a_snapshot(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    with pytest.raises(ClientError) as error:
        apigw.create_deployment(restApiId=api, stageName="dev")
    assert error.value.response["Error"]["Message"] == "The REST API doesn't contain any methods"
    resource, _ = route(rest_api, "/v", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    _mock(apigw, api, resource, "GET", '{"v": 1}')
    first = apigw.create_deployment(restApiId=api, stageName="dev", description="one")
    _mock(apigw, api, resource, "GET", '{"v": 2}')
    assert invoke(api, "dev", "/v").json() == {"v": 1}  # not deployed yet
    second = apigw.create_deployment(restApiId=api, stageName="dev")
    assert invoke(api, "dev", "/v").json() == {"v": 2}
    apigw.update_stage(restApiId=api, stageName="dev", patchOperations=[{"op": "replace", "path": "/deploymentId", "value": first["id"]}])
    assert invoke(api, "dev", "/v").json() == {"v": 1}
    assert {d["id"] for d in apigw.get_deployments(restApiId=api)["items"]} == {first["id"], second["id"]}
    with pytest.raises(ClientError) as error:
        apigw.delete_deployment(restApiId=api, deploymentId=first["id"])
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    apigw.delete_deployment(restApiId=api, deploymentId=second["id"])
    summary = apigw.get_deployment(restApiId=api, deploymentId=first["id"], embed=["apisummary"])["apiSummary"]
    assert summary == {"/v": {"GET": {"authorizationType": "NONE", "apiKeyRequired": False}}}


def test_stage_crud_and_settings(apigw: Any, rest_api: dict[str, Any], route: Any) -> None:
    api = rest_api["id"]
    route(rest_api, "/", "GET")
    deployment = apigw.create_deployment(restApiId=api)
    stage = apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment["id"], variables={"a": "1"}, tags={"x": "y"})
    assert stage["variables"] == {"a": "1"} and stage["cacheClusterEnabled"] is False
    with pytest.raises(ClientError) as error:
        apigw.create_stage(restApiId=api, stageName="prod", deploymentId=deployment["id"])
    assert error.value.response["Error"] == {"Code": "ConflictException", "Message": "Stage already exists"}
    updated = apigw.update_stage(restApiId=api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/variables/b", "value": "2"},
        {"op": "remove", "path": "/variables/a"},
        {"op": "replace", "path": "/*/*/throttling/rateLimit", "value": "50"},
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/~1v/GET/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/tracingEnabled", "value": "true"},
    ])
    assert updated["variables"] == {"b": "2"} and updated["tracingEnabled"] is True
    assert updated["methodSettings"]["*/*"]["throttlingRateLimit"] == 50.0
    assert updated["methodSettings"]["*/*"]["loggingLevel"] == "INFO"
    assert updated["methodSettings"]["v/GET"]["cachingEnabled"] is True
    removed = apigw.update_stage(restApiId=api, stageName="prod", patchOperations=[{"op": "remove", "path": "/*/*"}])
    assert list(removed["methodSettings"]) == ["v/GET"]
    assert [s["stageName"] for s in apigw.get_stages(restApiId=api)["item"]] == ["prod"]
    arn = f"arn:aws:apigateway:us-east-1::/restapis/{api}/stages/prod"
    apigw.tag_resource(resourceArn=arn, tags={"k": "v"})
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"x": "y", "k": "v"}
    apigw.untag_resource(resourceArn=arn, tagKeys=["x"])
    assert apigw.get_tags(resourceArn=arn)["tags"] == {"k": "v"}
    apigw.delete_stage(restApiId=api, stageName="prod")
    with pytest.raises(ClientError) as error:
        apigw.get_stage(restApiId=api, stageName="prod")
    assert error.value.response["Error"]["Message"] == "Invalid Stage identifier specified"


def test_access_logs_reach_cloudwatch_logs(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo: CumuloServer) -> None:
    logs = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")
    logs.create_log_group(logGroupName="apigw-access")
    api = rest_api["id"]
    resource, _ = route(rest_api, "/logged", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    _mock(apigw, api, resource, "GET", "{}")
    apigw.create_deployment(restApiId=api, stageName="dev")
    apigw.update_stage(restApiId=api, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": "arn:aws:logs:us-east-1:000000000000:log-group:apigw-access"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": '{"id":"$context.requestId","status":"$context.status","path":"$context.resourcePath"}'},
    ])
    got = invoke(api, "dev", "/logged")
    events = logs.filter_log_events(logGroupName="apigw-access")["events"]
    assert events and events[0]["message"] == f'{{"id":"{got.headers["x-amzn-requestid"]}","status":"200","path":"/logged"}}'


def test_stage_method_throttling_on_the_clock(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo_clock: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/t", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    _mock(apigw, api, resource, "GET", "{}")
    apigw.create_deployment(restApiId=api, stageName="dev")
    apigw.update_stage(restApiId=api, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/~1t/GET/throttling/rateLimit", "value": "1"},
        {"op": "replace", "path": "/~1t/GET/throttling/burstLimit", "value": "2"}])
    assert [invoke(api, "dev", "/t").status_code for _ in range(3)] == [200, 200, 429]
    assert invoke(api, "dev", "/t").json() == {"message": "Too Many Requests"}
    cumulo_clock.advance(1)
    assert invoke(api, "dev", "/t").status_code == 200


def test_canary_takes_its_share(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/which", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    _mock(apigw, api, resource, "GET", '{"v": "stable", "var": "$stageVariables.x"}')
    apigw.create_deployment(restApiId=api, stageName="dev", variables={"x": "base"})
    _mock(apigw, api, resource, "GET", '{"v": "canary", "var": "$stageVariables.x"}')
    apigw.create_deployment(restApiId=api, stageName="dev", canarySettings={"percentTraffic": 100.0, "stageVariableOverrides": {"x": "over"}})
    assert invoke(api, "dev", "/which").json() == {"v": "canary", "var": "over"}
    stage = apigw.get_stage(restApiId=api, stageName="dev")
    assert stage["canarySettings"]["percentTraffic"] == 100.0 and stage["canarySettings"]["deploymentId"] != stage["deploymentId"]
    apigw.update_stage(restApiId=api, stageName="dev", patchOperations=[{"op": "replace", "path": "/canarySettings/percentTraffic", "value": "0"}])
    assert invoke(api, "dev", "/which").json() == {"v": "stable", "var": "base"}


def test_stage_cache_on_the_clock(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo_clock: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/c", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'},
                                                             "cacheKeyParameters": ["method.request.querystring.k"]})
    _mock(apigw, api, resource, "GET", '{"id": "$context.requestId"}')
    apigw.create_deployment(restApiId=api, stageName="dev", cacheClusterEnabled=True, cacheClusterSize="0.5")
    apigw.update_stage(restApiId=api, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/*/*/caching/enabled", "value": "true"},
        {"op": "replace", "path": "/*/*/caching/ttlInSeconds", "value": "60"}])
    first = invoke(api, "dev", "/c", params={"k": "1"}).json()
    assert invoke(api, "dev", "/c", params={"k": "1"}).json() == first  # served from the cache
    assert invoke(api, "dev", "/c", params={"k": "2"}).json() != first  # another cache key
    cumulo_clock.advance(61)
    second = invoke(api, "dev", "/c", params={"k": "1"}).json()
    assert second != first
    apigw.flush_stage_cache(restApiId=api, stageName="dev")
    assert invoke(api, "dev", "/c", params={"k": "1"}).json() != second
