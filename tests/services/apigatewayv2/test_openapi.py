"""ImportApi / ReimportApi / ExportApi with OpenAPI 3 (JSON and YAML), and an imported API that serves requests."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
import yaml
from botocore.exceptions import ClientError


def _doc(function_arn: str) -> dict[str, Any]:
    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{function_arn}/invocations"
    return {
        "openapi": "3.0.1",
        "info": {"title": "pets", "version": "2"},
        "x-amazon-apigateway-cors": {"allowOrigins": ["*"], "allowMethods": ["GET"]},
        "paths": {
            "/pets/{id}": {"get": {"operationId": "getPet", "security": [{"jwt": ["pets:read"]}],
                                   "x-amazon-apigateway-integration": {"$ref": "#/components/x-amazon-apigateway-integrations/fn"}}},
            "$default": {"x-amazon-apigateway-any-method": {"x-amazon-apigateway-integration": {"type": "aws_proxy", "uri": uri, "payloadFormatVersion": "2.0"}}},
        },
        "components": {
            "securitySchemes": {"jwt": {"type": "oauth2", "x-amazon-apigateway-authorizer": {
                "type": "jwt", "identitySource": "$request.header.Authorization",
                "jwtConfiguration": {"issuer": "https://issuer.example", "audience": ["app"]}}}},
            "x-amazon-apigateway-integrations": {"fn": {"type": "aws_proxy", "uri": uri, "payloadFormatVersion": "2.0", "httpMethod": "POST"}},
            "schemas": {"Pet": {"type": "object"}},
        },
    }


def test_import_serves_requests_and_exports(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str]) -> None:
    api = apigw.import_api(Body=json.dumps(_doc(function())))
    api_id = api["ApiId"]
    assert api["Name"] == "pets" and api["Version"] == "2" and api["CorsConfiguration"]["AllowOrigins"] == ["*"]
    routes = {r["RouteKey"]: r for r in apigw.get_routes(ApiId=api_id)["Items"]}
    assert set(routes) == {"GET /pets/{id}", "$default"}
    assert routes["GET /pets/{id}"]["AuthorizationType"] == "JWT" and routes["GET /pets/{id}"]["AuthorizationScopes"] == ["pets:read"]
    assert [m["Name"] for m in apigw.get_models(ApiId=api_id)["Items"]] == ["Pet"]
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    served = httpx.post(invoke_url(api_id, "/anything"), content=b"x")
    assert served.status_code == 200 and served.json()["routeKey"] == "$default"
    assert httpx.get(invoke_url(api_id, "/pets/1")).status_code == 401  # JWT route without a token
    exported = json.loads(apigw.export_api(ApiId=api_id, OutputType="JSON", Specification="OAS30")["body"].read())
    assert exported["info"]["title"] == "pets" and set(exported["paths"]) == {"/pets/{id}", "$default"}
    get_pet = exported["paths"]["/pets/{id}"]["get"]
    assert get_pet["security"] == [{"jwt": ["pets:read"]}] and get_pet["x-amazon-apigateway-integration"]["type"] == "aws_proxy"
    assert exported["components"]["securitySchemes"]["jwt"]["x-amazon-apigateway-authorizer"]["jwtConfiguration"]["audience"] == ["app"]
    as_yaml = yaml.safe_load(apigw.export_api(ApiId=api_id, OutputType="YAML", Specification="OAS30", StageName="$default")["body"].read())
    assert as_yaml["paths"].keys() == exported["paths"].keys()


def test_reimport_replaces_routes(apigw: Any, function: Callable[..., str]) -> None:
    api_id = apigw.import_api(Body=json.dumps(_doc(function())))["ApiId"]
    replacement = yaml.safe_dump({"openapi": "3.0.1", "info": {"title": "v2", "version": "3"}, "paths": {"/health": {"get": {
        "x-amazon-apigateway-integration": {"type": "http_proxy", "httpMethod": "GET", "uri": "https://example.com/health", "payloadFormatVersion": "1.0"}}}}})
    again = apigw.reimport_api(ApiId=api_id, Body=replacement)
    assert again["Name"] == "v2"
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api_id)["Items"]] == ["GET /health"]
    assert apigw.get_authorizers(ApiId=api_id)["Items"] == []


def test_import_errors(apigw: Any) -> None:
    for body in ("{not json or yaml: [", json.dumps({"swagger": "2.0", "paths": {}})):
        with pytest.raises(ClientError) as e:
            apigw.import_api(Body=body)
        assert e.value.response["Error"]["Code"] == "BadRequestException"
    warned = json.dumps({"openapi": "3.0.1", "info": {"title": "w"}, "paths": {"/x": {"get": {"security": [{"nope": []}]}}}})
    assert apigw.import_api(Body=warned)["Warnings"]
    with pytest.raises(ClientError) as e:
        apigw.import_api(Body=warned, FailOnWarnings=True)
    assert e.value.response["Error"]["Code"] == "BadRequestException"
