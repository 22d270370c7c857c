"""AWS::ApiGatewayV2::* providers, driven directly (the stack engine drives them in stacks)."""

from __future__ import annotations

import json
from typing import Any

import boto3

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision


def test_http_api_stack(cumulo: CumuloServer, apigw: Any) -> None:
    types = resource_types()
    ctx, api = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Api", {
        "Name": "cfn", "ProtocolType": "HTTP", "Tags": {"team": "a"}, "DisableExecuteApiEndpoint": "false"}))
    api_id = api.physical_id
    assert api.attributes["ApiEndpoint"].startswith(f"http://{api_id}.")
    assert apigw.get_api(ApiId=api_id)["Tags"] == {"team": "a"}
    _, integration = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Integration", {
        "ApiId": api_id, "IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://example.com", "IntegrationMethod": "GET",
        "PayloadFormatVersion": "1.0", "TimeoutInMillis": "5000"}))
    assert apigw.get_integration(ApiId=api_id, IntegrationId=integration.physical_id)["TimeoutInMillis"] == 5000
    route_props = {"ApiId": api_id, "RouteKey": "GET /x", "Target": f"integrations/{integration.physical_id}"}
    _, route = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Route", route_props))
    _, stage = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Stage", {"ApiId": api_id, "StageName": "prod", "AutoDeploy": "true"}))
    assert stage.physical_id == "prod" and apigw.get_stage(ApiId=api_id, StageName="prod")["DeploymentId"]

    route_type = types["AWS::ApiGatewayV2::Route"]
    cumulo.run(route_type.update(ctx, route.physical_id, {**route_props, "RouteKey": "GET /y"}, route_props))
    assert apigw.get_route(ApiId=api_id, RouteId=route.physical_id)["RouteKey"] == "GET /y"
    assert cumulo.run(route_type.read(ctx, route.physical_id, {**route_props, "RouteKey": "GET /y"}))["RouteKey"] == "GET /y"
    cumulo.run(route_type.delete(ctx, route.physical_id, route_props))
    cumulo.run(route_type.delete(ctx, route.physical_id, route_props))  # already gone: no error
    cumulo.run(types["AWS::ApiGatewayV2::Api"].delete(ctx, api_id, {}))
    assert apigw.get_apis()["Items"] == []


def test_domain_and_mapping(cumulo: CumuloServer, apigw: Any) -> None:
    _, api = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Api", {"Name": "d", "ProtocolType": "HTTP"}))
    cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Stage", {"ApiId": api.physical_id, "StageName": "$default"}))
    _, domain = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::DomainName", {"DomainName": "cfn.example.com"}))
    assert domain.physical_id == "cfn.example.com" and domain.attributes["RegionalDomainName"].startswith("d-")
    _, mapping = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::ApiMapping", {
        "DomainName": "cfn.example.com", "ApiId": api.physical_id, "Stage": "$default"}))
    assert apigw.get_api_mapping(DomainName="cfn.example.com", ApiMappingId=mapping.physical_id)["ApiId"] == api.physical_id


def _openapi(title: str, *paths: str) -> dict[str, Any]:
    integration = {"type": "http_proxy", "httpMethod": "GET", "uri": "https://example.com", "payloadFormatVersion": "1.0"}
    return {"openapi": "3.0.1", "info": {"title": title, "version": "1"},
            "paths": {p: {"get": {"x-amazon-apigateway-integration": integration}} for p in paths}}


def test_api_from_an_openapi_body_imports_and_reimports(cumulo: CumuloServer, apigw: Any) -> None:
    """What SAM's AWS::Serverless::HttpApi makes: an Api with `Body` and no Name or ProtocolType."""
    api_type = resource_types()["AWS::ApiGatewayV2::Api"]
    props = {"Body": _openapi("from-body", "/a"), "Tags": {"httpapi:createdBy": "SAM"}}
    ctx, api = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Api", props))
    made = apigw.get_api(ApiId=api.physical_id)
    assert (made["Name"], made["ProtocolType"], made["Tags"]) == ("from-body", "HTTP", {"httpapi:createdBy": "SAM"})
    assert api.attributes["ApiEndpoint"] == made["ApiEndpoint"]
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api.physical_id)["Items"]] == ["GET /a"]

    new = {"Body": _openapi("from-body", "/b"), "Description": "second", "Tags": {"team": "x"}}
    cumulo.run(api_type.update(ctx, api.physical_id, new, props))
    again = apigw.get_api(ApiId=api.physical_id)
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api.physical_id)["Items"]] == ["GET /b"]
    assert (again["Description"], again["Tags"]) == ("second", {"team": "x"})
    cumulo.run(api_type.delete(ctx, api.physical_id, new))
    assert apigw.get_apis()["Items"] == []


def test_api_from_a_body_in_s3(cumulo: CumuloServer, apigw: Any) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket="definitions")
    s3.put_object(Bucket="definitions", Key="api.json", Body=json.dumps(_openapi("in-s3", "/s3")).encode())
    _, api = cumulo.run(provision(cumulo.runtime, "AWS::ApiGatewayV2::Api", {
        "BodyS3Location": {"Bucket": "definitions", "Key": "api.json"}, "Name": "renamed"}))
    assert apigw.get_api(ApiId=api.physical_id)["Name"] == "renamed"
    assert [r["RouteKey"] for r in apigw.get_routes(ApiId=api.physical_id)["Items"]] == ["GET /s3"]
