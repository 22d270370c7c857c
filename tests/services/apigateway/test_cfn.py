"""API Gateway's CloudFormation providers, driven directly: a REST API with a MOCK method
built from template properties serves requests; every type creates and deletes."""

from __future__ import annotations

from typing import Any

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision


def _make(cumulo: CumuloServer, kind: str, props: dict[str, Any]) -> Any:
    return cumulo.run(provision(cumulo.runtime, f"AWS::ApiGateway::{kind}", props))


def test_rest_api_stack_serves_and_deletes(cumulo: CumuloServer, apigw: Any, invoke: Any) -> None:
    types = resource_types()
    ctx, api = _make(cumulo, "RestApi", {"Name": "cfn-api", "Tags": [{"Key": "t", "Value": "1"}], "BinaryMediaTypes": ["image/png"]})
    api_id, root = api.physical_id, api.attributes["RootResourceId"]
    assert apigw.get_rest_api(restApiId=api_id)["tags"] == {"t": "1"}
    _, resource = _make(cumulo, "Resource", {"RestApiId": api_id, "ParentId": root, "PathPart": "hello"})
    _, validator = _make(cumulo, "RequestValidator", {"RestApiId": api_id, "ValidateRequestParameters": "true"})
    method_props = {
        "RestApiId": api_id, "ResourceId": resource.physical_id, "HttpMethod": "GET", "AuthorizationType": "NONE",
        "RequestValidatorId": validator.physical_id, "RequestParameters": {"method.request.querystring.name": "true"},
        "MethodResponses": [{"StatusCode": "200"}],
        "Integration": {"Type": "MOCK", "RequestTemplates": {"application/json": '{"statusCode": 200}'},
                        "IntegrationResponses": [{"StatusCode": "200", "ResponseTemplates": {"application/json": '{"hi": "$input.params(\'name\')"}'}}]},
    }
    _, method = _make(cumulo, "Method", method_props)
    _, deployment = _make(cumulo, "Deployment", {"RestApiId": api_id})
    stage_props = {"RestApiId": api_id, "StageName": "prod", "DeploymentId": deployment.physical_id, "Variables": {"a": "1"},
                   "MethodSettings": [{"ResourcePath": "/*", "HttpMethod": "*", "ThrottlingRateLimit": 10}]}
    _, stage = _make(cumulo, "Stage", stage_props)
    assert invoke(api_id, "prod", "/hello", params={"name": "cfn"}).json() == {"hi": "cfn"}
    assert invoke(api_id, "prod", "/hello").status_code == 400
    assert apigw.get_stage(restApiId=api_id, stageName="prod")["methodSettings"]["*/*"]["throttlingRateLimit"] == 10.0
    cumulo.run(types["AWS::ApiGateway::Stage"].update(ctx, "prod", {**stage_props, "Variables": {"b": "2"}}, stage_props))
    assert apigw.get_stage(restApiId=api_id, stageName="prod")["variables"] == {"b": "2"}
    cumulo.run(types["AWS::ApiGateway::RestApi"].update(ctx, api_id, {"Name": "renamed"}, {"Name": "cfn-api", "BinaryMediaTypes": ["image/png"]}))
    got = apigw.get_rest_api(restApiId=api_id)
    assert got["name"] == "renamed" and got.get("binaryMediaTypes", []) == []
    for kind, made, props in (("Stage", stage, stage_props), ("Method", method, method_props)):
        cumulo.run(types[f"AWS::ApiGateway::{kind}"].delete(ctx, made.physical_id, props))
        cumulo.run(types[f"AWS::ApiGateway::{kind}"].delete(ctx, made.physical_id, props))  # already gone: no error
    cumulo.run(types["AWS::ApiGateway::RestApi"].delete(ctx, api_id, {}))
    assert apigw.get_rest_apis()["items"] == []


def test_every_other_type(cumulo: CumuloServer, apigw: Any) -> None:
    types = resource_types()
    ctx, api = _make(cumulo, "RestApi", {})
    api_id = api.physical_id
    made: list[tuple[str, Any, dict[str, Any]]] = []

    def make(kind: str, props: dict[str, Any]) -> Any:
        _, resource = _make(cumulo, kind, props)
        made.append((kind, resource, props))
        return resource

    make("Authorizer", {"RestApiId": api_id, "Name": "a", "Type": "TOKEN", "IdentitySource": "method.request.header.Auth",
                        "AuthorizerUri": "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:f/invocations"})
    make("Model", {"RestApiId": api_id, "Name": "Thing", "Schema": {"type": "object"}})
    make("GatewayResponse", {"RestApiId": api_id, "ResponseType": "DEFAULT_4XX", "StatusCode": "400"})
    make("DocumentationPart", {"RestApiId": api_id, "Location": {"Type": "API"}, "Properties": {"description": "x"}})
    make("DocumentationVersion", {"RestApiId": api_id, "DocumentationVersion": "1"})
    key = make("ApiKey", {"Enabled": "true", "Value": "c" * 25})
    plan = make("UsagePlan", {"UsagePlanName": "p", "Quota": {"Limit": "5", "Period": "DAY"}})
    make("UsagePlanKey", {"KeyId": key.physical_id, "KeyType": "API_KEY", "UsagePlanId": plan.physical_id})
    make("DomainName", {"DomainName": "cfn.example.com", "RegionalCertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/c",
                        "EndpointConfiguration": {"Types": ["REGIONAL"]}})
    make("VpcLink", {"Name": "l", "TargetArns": ["arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/n/1"]})
    make("ClientCertificate", {"Description": "c"})
    make("Account", {"CloudWatchRoleArn": "arn:aws:iam::000000000000:role/cw"})
    assert apigw.get_usage_plan(usagePlanId=plan.physical_id)["quota"] == {"limit": 5, "period": "DAY"}
    assert apigw.get_usage_plan_keys(usagePlanId=plan.physical_id)["items"][0]["id"] == key.physical_id
    assert apigw.get_model(restApiId=api_id, modelName="Thing")["schema"] == '{"type": "object"}'
    assert apigw.get_account()["cloudwatchRoleArn"] == "arn:aws:iam::000000000000:role/cw"
    for kind, resource, props in reversed(made):
        cumulo.run(types[f"AWS::ApiGateway::{kind}"].delete(ctx, resource.physical_id, props))
    assert apigw.get_api_keys()["items"] == [] and apigw.get_domain_names()["items"] == [] and apigw.get_vpc_links()["items"] == []
    assert apigw.get_authorizers(restApiId=api_id)["items"] == [] and apigw.get_models(restApiId=api_id)["items"] == []
