"""Stages, deployments, models, domain names, API mappings and VPC links through boto3."""

from __future__ import annotations

import json
from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_stage_and_deployment_lifecycle(apigw: Any) -> None:
    api_id = apigw.create_api(Name="s", ProtocolType="HTTP")["ApiId"]
    stage = apigw.create_stage(ApiId=api_id, StageName="dev", StageVariables={"a": "1"}, Tags={"t": "1"})
    assert stage["AutoDeploy"] is False and "DeploymentId" not in stage and stage["StageVariables"] == {"a": "1"}
    with pytest.raises(ClientError) as e:
        apigw.create_stage(ApiId=api_id, StageName="dev")
    assert e.value.response["Error"]["Code"] == "ConflictException"
    deployment = apigw.create_deployment(ApiId=api_id, StageName="dev", Description="first")
    assert deployment["DeploymentStatus"] == "DEPLOYED" and deployment["AutoDeployed"] is False
    with pytest.raises(ClientError) as e:
        apigw.delete_deployment(ApiId=api_id, DeploymentId=deployment["DeploymentId"])
    assert e.value.response["Error"]["Code"] == "BadRequestException"  # a stage serves it
    updated = apigw.update_stage(ApiId=api_id, StageName="dev", AutoDeploy=True, RouteSettings={"GET /x": {"ThrottlingBurstLimit": 5}},
                                 AccessLogSettings={"DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:g", "Format": "$context.requestId"})
    assert updated["AutoDeploy"] is True and updated["DeploymentId"] != deployment["DeploymentId"]
    assert "Successfully deployed" in updated["LastDeploymentStatusMessage"]
    apigw.create_route(ApiId=api_id, RouteKey="GET /x")
    redeployed = apigw.get_stage(ApiId=api_id, StageName="dev")["DeploymentId"]
    assert redeployed != updated["DeploymentId"] and apigw.get_deployment(ApiId=api_id, DeploymentId=redeployed)["AutoDeployed"] is True
    apigw.delete_route_settings(ApiId=api_id, StageName="dev", RouteKey="GET /x")
    apigw.delete_access_log_settings(ApiId=api_id, StageName="dev")
    got = apigw.get_stage(ApiId=api_id, StageName="dev")
    assert got["RouteSettings"] == {} and "AccessLogSettings" not in got
    arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}/stages/dev"
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"t": "1"}
    apigw.delete_deployment(ApiId=api_id, DeploymentId=deployment["DeploymentId"])
    apigw.delete_stage(ApiId=api_id, StageName="dev")
    assert apigw.get_stages(ApiId=api_id)["Items"] == []


def test_models(apigw: Any) -> None:
    api_id = apigw.create_api(Name="m", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    schema = {"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}}}
    model = apigw.create_model(ApiId=api_id, Name="Pet", Schema=json.dumps(schema))
    assert model["ContentType"] == "application/json"
    template = apigw.get_model_template(ApiId=api_id, ModelId=model["ModelId"])["Value"]
    assert '"name" : "$inputRoot.name"' in template and '"age" : $inputRoot.age' in template and "#foreach" in template
    with pytest.raises(ClientError) as e:
        apigw.create_model(ApiId=api_id, Name="Bad", Schema="not json")
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    with pytest.raises(ClientError) as e:
        apigw.create_model(ApiId=api_id, Name="Pet", Schema="{}")
    assert e.value.response["Error"]["Code"] == "ConflictException"


def test_domains_mappings_and_vpc_links(apigw: Any) -> None:
    api_id = apigw.create_api(Name="d", ProtocolType="HTTP")["ApiId"]
    apigw.create_stage(ApiId=api_id, StageName="prod")
    domain = apigw.create_domain_name(DomainName="api.example.com", DomainNameConfigurations=[{"CertificateArn": "arn:aws:acm:us-east-1:000000000000:certificate/c"}])
    conf = domain["DomainNameConfigurations"][0]
    assert conf["DomainNameStatus"] == "AVAILABLE" and conf["ApiGatewayDomainName"].startswith("d-") and conf["EndpointType"] == "REGIONAL"
    with pytest.raises(ClientError) as e:
        apigw.create_domain_name(DomainName="api.example.com")
    assert e.value.response["Error"]["Code"] == "ConflictException"
    mapping = apigw.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="prod", ApiMappingKey="v1")
    with pytest.raises(ClientError) as e:
        apigw.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="prod", ApiMappingKey="v1")
    assert e.value.response["Error"]["Code"] == "ConflictException"
    with pytest.raises(ClientError) as e:
        apigw.create_api_mapping(DomainName="api.example.com", ApiId=api_id, Stage="nope")
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    assert apigw.get_api_mappings(DomainName="api.example.com")["Items"] == [
        {"ApiId": api_id, "ApiMappingId": mapping["ApiMappingId"], "ApiMappingKey": "v1", "Stage": "prod"}]
    apigw.delete_domain_name(DomainName="api.example.com")
    with pytest.raises(ClientError) as e:
        apigw.get_api_mapping(DomainName="api.example.com", ApiMappingId=mapping["ApiMappingId"])
    assert e.value.response["Error"]["Code"] == "NotFoundException"
    link = apigw.create_vpc_link(Name="l", SubnetIds=["subnet-1"], SecurityGroupIds=["sg-1"])
    assert link["VpcLinkStatus"] == "AVAILABLE" and link["VpcLinkVersion"] == "V2"
    assert apigw.update_vpc_link(VpcLinkId=link["VpcLinkId"], Name="l2")["Name"] == "l2"
    apigw.delete_vpc_link(VpcLinkId=link["VpcLinkId"])
    assert apigw.get_vpc_links()["Items"] == []


def test_access_logs_reach_cloudwatch_logs(cumulo: Any, apigw: Any, function: Any, invoke_url: Any) -> None:
    import boto3
    import httpx

    logs = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")
    logs.create_log_group(logGroupName="/apigw/access")
    arn = function()
    api_id = apigw.create_api(Name="logged", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                                           IntegrationUri="arn:aws:lambda:us-east-1:000000000000:function:${stageVariables.fn}")
    apigw.create_route(ApiId=api_id, RouteKey="GET /x", Target=f"integrations/{integration['IntegrationId']}")
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, StageVariables={"fn": arn.rsplit(":", 1)[1]},
                       AccessLogSettings={"DestinationArn": "arn:aws:logs:us-east-1:000000000000:log-group:/apigw/access",
                                          "Format": '{"id":"$context.requestId","route":"$context.routeKey","status":"$context.status"}'})
    answer = httpx.get(invoke_url(api_id, "/x"))
    assert answer.status_code == 200, answer.text  # the function named by a stage variable
    (stream,) = logs.describe_log_streams(logGroupName="/apigw/access")["logStreams"]
    (event,) = logs.get_log_events(logGroupName="/apigw/access", logStreamName=stream["logStreamName"])["events"]
    assert json.loads(event["message"]) == {"id": answer.headers["apigw-requestid"], "route": "GET /x", "status": "200"}


def test_route_throttling_on_the_cumulo_clock(apigw: Any, backend_free_api: Any, invoke_url: Any, cumulo_clock: Any) -> None:
    import httpx

    api_id = backend_free_api
    apigw.update_stage(ApiId=api_id, StageName="$default", RouteSettings={"GET /limited": {"ThrottlingBurstLimit": 2, "ThrottlingRateLimit": 1.0}})
    statuses = [httpx.get(invoke_url(api_id, "/limited")).status_code for _ in range(3)]
    assert statuses[:2] != [429, 429] and statuses[2] == 429
    assert httpx.get(invoke_url(api_id, "/limited")).json() == {"message": "Too Many Requests"}
    assert httpx.get(invoke_url(api_id, "/free")).status_code != 429  # other routes are not limited
    cumulo_clock.advance(5)  # the bucket refills on the cumulo clock
    assert httpx.get(invoke_url(api_id, "/limited")).status_code != 429
    apigw.update_stage(ApiId=api_id, StageName="$default", DefaultRouteSettings={"ThrottlingBurstLimit": 0, "ThrottlingRateLimit": 0})
    assert httpx.get(invoke_url(api_id, "/free")).status_code == 429  # a limit of 0 refuses everything


@pytest.fixture
def backend_free_api(apigw: Any) -> str:
    """An HTTP API whose routes have no integration (they answer 500): enough to count requests."""
    api_id = apigw.create_api(Name="throttled", ProtocolType="HTTP")["ApiId"]
    apigw.create_route(ApiId=api_id, RouteKey="GET /limited")
    apigw.create_route(ApiId=api_id, RouteKey="GET /free")
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id
