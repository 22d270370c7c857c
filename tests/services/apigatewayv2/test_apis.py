"""APIs through boto3: create (and quick create), read, update, list, delete, CORS, errors."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_http_api_defaults(apigw: Any) -> None:
    api = apigw.create_api(Name="shop", ProtocolType="HTTP", Tags={"team": "a"})
    assert api["ApiId"] and len(api["ApiId"]) == 10
    assert api["RouteSelectionExpression"] == "$request.method $request.path"
    assert api["ApiKeySelectionExpression"] == "$request.header.x-api-key"
    assert api["ApiEndpoint"].startswith(f"http://{api['ApiId']}.execute-api.")
    assert api["Tags"] == {"team": "a"}
    got = apigw.get_api(ApiId=api["ApiId"])
    assert got["Name"] == "shop" and got["ProtocolType"] == "HTTP" and got["DisableExecuteApiEndpoint"] is False


def test_websocket_api_needs_selection_expression(apigw: Any) -> None:
    with pytest.raises(ClientError) as e:
        apigw.create_api(Name="ws", ProtocolType="WEBSOCKET")
    assert e.value.response["Error"]["Code"] == "BadRequestException"
    api = apigw.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    assert api["ApiEndpoint"].startswith("ws://")


def test_update_list_delete(apigw: Any) -> None:
    ids = [apigw.create_api(Name=f"a{i}", ProtocolType="HTTP")["ApiId"] for i in range(3)]
    apigw.update_api(ApiId=ids[0], Name="renamed", CorsConfiguration={"AllowOrigins": ["*"]})
    got = apigw.get_api(ApiId=ids[0])
    assert got["Name"] == "renamed" and got["CorsConfiguration"] == {"AllowOrigins": ["*"]}
    apigw.delete_cors_configuration(ApiId=ids[0])
    assert "CorsConfiguration" not in apigw.get_api(ApiId=ids[0])
    first = apigw.get_apis(MaxResults="2")
    assert len(first["Items"]) == 2 and first["NextToken"]
    rest = apigw.get_apis(MaxResults="2", NextToken=first["NextToken"])
    assert [a["ApiId"] for a in first["Items"] + rest["Items"]] == ids
    apigw.delete_api(ApiId=ids[1])
    with pytest.raises(ClientError) as e:
        apigw.get_api(ApiId=ids[1])
    assert e.value.response["Error"]["Code"] == "NotFoundException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert e.value.response["Error"]["Message"] == f"Invalid API identifier specified 000000000000:{ids[1]}"


def test_quick_create(apigw: Any) -> None:
    target = "arn:aws:lambda:us-east-1:000000000000:function:fn"
    api = apigw.create_api(Name="quick", ProtocolType="HTTP", Target=target, RouteKey="GET /hello")
    api_id = api["ApiId"]
    (integration,) = apigw.get_integrations(ApiId=api_id)["Items"]
    assert integration["IntegrationType"] == "AWS_PROXY" and integration["IntegrationUri"] == target
    assert integration["PayloadFormatVersion"] == "2.0" and integration["ApiGatewayManaged"] is True
    (route,) = apigw.get_routes(ApiId=api_id)["Items"]
    assert route["RouteKey"] == "GET /hello" and route["Target"] == f"integrations/{integration['IntegrationId']}"
    (stage,) = apigw.get_stages(ApiId=api_id)["Items"]
    assert stage["StageName"] == "$default" and stage["AutoDeploy"] is True and stage["DeploymentId"]


def test_tags(apigw: Any) -> None:
    api_id = apigw.create_api(Name="t", ProtocolType="HTTP")["ApiId"]
    arn = f"arn:aws:apigateway:us-east-1::/apis/{api_id}"
    apigw.tag_resource(ResourceArn=arn, Tags={"a": "1", "b": "2"})
    apigw.untag_resource(ResourceArn=arn, TagKeys=["a"])
    assert apigw.get_tags(ResourceArn=arn)["Tags"] == {"b": "2"}
    with pytest.raises(ClientError) as e:
        apigw.get_tags(ResourceArn="arn:aws:apigateway:us-east-1::/apis/nope")
    assert e.value.response["Error"]["Code"] == "NotFoundException"
