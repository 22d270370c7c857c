"""AWS::ApiGatewayV2::* providers, driven directly (the stack engine drives them in stacks)."""

from __future__ import annotations

from typing import Any

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
