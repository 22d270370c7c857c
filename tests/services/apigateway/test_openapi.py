"""ImportRestApi / PutRestApi (OpenAPI 3, Swagger 2, YAML) serving requests; GetExport; GetSdk."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
import yaml
from botocore.exceptions import ClientError

from tests.services.apigateway.conftest import lambda_uri

HELLO = '''
import json

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({"hello": event["pathParameters"]["name"]})}
'''


def _document(function_arn: str) -> dict[str, Any]:
    return {
        "openapi": "3.0.1",
        "info": {"title": "imported", "version": "1"},
        "x-amazon-apigateway-binary-media-types": ["image/png"],
        "x-amazon-apigateway-documentation": {"documentationParts": [
            {"location": {"type": "API"}, "properties": {"description": "imported docs"}}]},
        "paths": {
            "/hello/{name}": {"get": {
                "parameters": [{"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}],
                "x-amazon-apigateway-integration": {"type": "aws_proxy", "httpMethod": "POST", "uri": lambda_uri(function_arn)},
            }},
            "/ping": {"get": {
                "security": [{"api_key": []}],
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'},
                    "responses": {"default": {"statusCode": "200", "responseTemplates": {"application/json": '{"pong": true}'}}},
                },
            }},
        },
        "components": {
            "schemas": {"Greeting": {"type": "object", "properties": {"hello": {"type": "string"}}}},
            "securitySchemes": {"api_key": {"type": "apiKey", "name": "x-api-key", "in": "header"}},
        },
    }


def test_import_serves_requests_and_exports(apigw: Any, invoke: Any, function: Any) -> None:
    arn = function("apigw-hello", HELLO)
    imported = apigw.import_rest_api(body=json.dumps(_document(arn)).encode())
    api = imported["id"]
    assert imported["name"] == "imported" and imported["binaryMediaTypes"] == ["image/png"]
    assert sorted(r["path"] for r in apigw.get_resources(restApiId=api)["items"]) == ["/", "/hello", "/hello/{name}", "/ping"]
    parts = apigw.get_documentation_parts(restApiId=api)["items"]
    assert [json.loads(p["properties"]) for p in parts] == [{"description": "imported docs"}]
    apigw.create_deployment(restApiId=api, stageName="dev")
    assert invoke(api, "dev", "/hello/world").json() == {"hello": "world"}
    assert invoke(api, "dev", "/ping").status_code == 403  # the api_key scheme made a key required
    exported = json.loads(apigw.get_export(restApiId=api, stageName="dev", exportType="oas30",
                                           parameters={"extensions": "integrations"}, accepts="application/json")["body"].read())
    assert exported["openapi"] == "3.0.1" and set(exported["paths"]) == {"/hello/{name}", "/ping"}
    assert exported["paths"]["/ping"]["get"]["x-amazon-apigateway-integration"]["type"] == "mock"
    assert exported["components"]["schemas"]["Greeting"]["type"] == "object"
    swagger = yaml.safe_load(apigw.get_export(restApiId=api, stageName="dev", exportType="swagger", accepts="application/yaml")["body"].read())
    assert swagger["swagger"] == "2.0" and swagger["basePath"] == "/dev"
    # The export imports again, into an API that serves the same routes.
    again = apigw.import_rest_api(body=json.dumps(exported).encode())
    apigw.create_deployment(restApiId=again["id"], stageName="dev")
    assert invoke(again["id"], "dev", "/hello/again").json() == {"hello": "again"}


def test_put_rest_api_merge_and_overwrite(apigw: Any, rest_api: dict[str, Any], route: Any) -> None:
    api = rest_api["id"]
    route(rest_api, "/old", "GET")
    doc = {"swagger": "2.0", "info": {"title": "new", "version": "2"}, "paths": {"/new": {"post": {
        "x-amazon-apigateway-integration": {"type": "mock", "requestTemplates": {"application/json": '{"statusCode": 200}'}}}}}}
    apigw.put_rest_api(restApiId=api, mode="merge", body=yaml.safe_dump(doc).encode())
    assert sorted(r["path"] for r in apigw.get_resources(restApiId=api)["items"]) == ["/", "/new", "/old"]
    put = apigw.put_rest_api(restApiId=api, mode="overwrite", body=json.dumps(doc).encode())
    assert put["name"] == "new"
    assert sorted(r["path"] for r in apigw.get_resources(restApiId=api)["items"]) == ["/", "/new"]
    with pytest.raises(ClientError) as error:
        apigw.put_rest_api(restApiId=api, body=b"not a document")
    assert error.value.response["Error"]["Code"] == "BadRequestException"


def test_javascript_sdk(apigw: Any, rest_api: dict[str, Any], route: Any) -> None:
    route(rest_api, "/pets/{id}", "GET")
    apigw.create_deployment(restApiId=rest_api["id"], stageName="dev")
    answer = apigw.get_sdk(restApiId=rest_api["id"], stageName="dev", sdkType="javascript")
    archive = zipfile.ZipFile(io.BytesIO(answer["body"].read()))
    client = archive.read("apiGateway-js-sdk/apigClient.js").decode()
    assert "apigClient.petsIdGet = function" in client and "fill('/pets/{id}'" in client
    assert [t["id"] for t in apigw.get_sdk_types()["items"]][0] == "javascript"
    assert apigw.get_sdk_type(id="javascript")["friendlyName"] == "JavaScript"
