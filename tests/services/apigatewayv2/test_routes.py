"""Routes, route responses, integrations and integration responses through boto3: defaults, validation, conflicts."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def _code(e: pytest.ExceptionInfo[ClientError]) -> str:
    return e.value.response["Error"]["Code"]


def test_route_crud_and_validation(apigw: Any) -> None:
    api_id = apigw.create_api(Name="r", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationUri="https://example.com",
                                           IntegrationMethod="GET", PayloadFormatVersion="1.0")
    route = apigw.create_route(ApiId=api_id, RouteKey="GET /pets/{id}", Target=f"integrations/{integration['IntegrationId']}")
    assert route["AuthorizationType"] == "NONE" and route["ApiKeyRequired"] is False
    for bad in ("FETCH /x", "GET x", "GET /{proxy+}/x"):
        with pytest.raises(ClientError) as e:
            apigw.create_route(ApiId=api_id, RouteKey=bad)
        assert _code(e) == "BadRequestException"
    with pytest.raises(ClientError) as e:
        apigw.create_route(ApiId=api_id, RouteKey="GET /pets/{id}")
    assert _code(e) == "ConflictException"
    with pytest.raises(ClientError) as e:
        apigw.create_route(ApiId=api_id, RouteKey="GET /y", Target="integrations/nope")
    assert _code(e) == "BadRequestException"
    with pytest.raises(ClientError) as e:
        apigw.create_route(ApiId=api_id, RouteKey="GET /z", AuthorizationType="JWT")
    assert _code(e) == "BadRequestException"
    updated = apigw.update_route(ApiId=api_id, RouteId=route["RouteId"], RouteKey="POST /pets/{id}", OperationName="addPet",
                                 RequestParameters={"route.request.querystring.q": {"Required": True}})
    assert updated["RouteKey"] == "POST /pets/{id}" and updated["OperationName"] == "addPet"
    apigw.delete_route_request_parameter(ApiId=api_id, RouteId=route["RouteId"], RequestParameterKey="route.request.querystring.q")
    assert apigw.get_route(ApiId=api_id, RouteId=route["RouteId"])["RequestParameters"] == {}
    with pytest.raises(ClientError) as e:
        apigw.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])
    assert _code(e) == "ConflictException"  # a route still targets it
    apigw.delete_route(ApiId=api_id, RouteId=route["RouteId"])
    with pytest.raises(ClientError) as e:
        apigw.get_route(ApiId=api_id, RouteId=route["RouteId"])
    assert _code(e) == "NotFoundException" and e.value.response["Error"]["Message"] == f"Invalid Route identifier specified {route['RouteId']}"
    apigw.delete_integration(ApiId=api_id, IntegrationId=integration["IntegrationId"])


def test_integration_validation(apigw: Any) -> None:
    api_id = apigw.create_api(Name="i", ProtocolType="HTTP")["ApiId"]
    for bad in (
        {"IntegrationType": "MOCK"},
        {"IntegrationType": "HTTP_PROXY", "PayloadFormatVersion": "1.0"},
        {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "PayloadFormatVersion": "2.0"},
        {"IntegrationType": "AWS_PROXY", "IntegrationSubtype": "SQS-Nope", "PayloadFormatVersion": "1.0"},
        {"IntegrationType": "HTTP_PROXY", "IntegrationUri": "https://x", "PayloadFormatVersion": "1.0", "TimeoutInMillis": 40000},
    ):
        with pytest.raises(ClientError) as e:
            apigw.create_integration(ApiId=api_id, **bad)
        assert _code(e) == "BadRequestException", bad
    made = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri="arn:aws:lambda:us-east-1:000000000000:function:f",
                                    PayloadFormatVersion="2.0")
    assert made["TimeoutInMillis"] == 30000 and made["ConnectionType"] == "INTERNET" and made["IntegrationMethod"] == "POST"
    assert apigw.update_integration(ApiId=api_id, IntegrationId=made["IntegrationId"], TimeoutInMillis=5000)["TimeoutInMillis"] == 5000


def test_websocket_responses(apigw: Any) -> None:
    api_id = apigw.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="MOCK", RequestTemplates={"$default": '{"statusCode": 200}'})
    assert integration["IntegrationResponseSelectionExpression"] == "${integration.response.statuscode}"
    response = apigw.create_integration_response(ApiId=api_id, IntegrationId=integration["IntegrationId"], IntegrationResponseKey="/200/",
                                                 ResponseTemplates={"$default": "{}"})
    listed = apigw.get_integration_responses(ApiId=api_id, IntegrationId=integration["IntegrationId"])["Items"]
    assert [x["IntegrationResponseId"] for x in listed] == [response["IntegrationResponseId"]]
    route = apigw.create_route(ApiId=api_id, RouteKey="join", Target=f"integrations/{integration['IntegrationId']}")
    made = apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    with pytest.raises(ClientError) as e:
        apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    assert _code(e) == "ConflictException"
    got = apigw.get_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseId=made["RouteResponseId"])
    assert got["RouteResponseKey"] == "$default"
    http_api = apigw.create_api(Name="h", ProtocolType="HTTP")["ApiId"]
    http_route = apigw.create_route(ApiId=http_api, RouteKey="GET /x")
    with pytest.raises(ClientError) as e:
        apigw.create_route_response(ApiId=http_api, RouteId=http_route["RouteId"], RouteResponseKey="$default")
    assert _code(e) == "BadRequestException"


def test_authorizer_crud(apigw: Any) -> None:
    api_id = apigw.create_api(Name="a", ProtocolType="HTTP")["ApiId"]
    with pytest.raises(ClientError) as e:
        apigw.create_authorizer(ApiId=api_id, Name="x", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"])
    assert _code(e) == "BadRequestException"
    made = apigw.create_authorizer(ApiId=api_id, Name="x", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
                                   JwtConfiguration={"Issuer": "https://issuer.example", "Audience": ["a"]})
    route = apigw.create_route(ApiId=api_id, RouteKey="GET /x", AuthorizationType="JWT", AuthorizerId=made["AuthorizerId"])
    assert route["AuthorizerId"] == made["AuthorizerId"]
    with pytest.raises(ClientError) as e:
        apigw.delete_authorizer(ApiId=api_id, AuthorizerId=made["AuthorizerId"])
    assert _code(e) == "ConflictException"
    apigw.update_authorizer(ApiId=api_id, AuthorizerId=made["AuthorizerId"], JwtConfiguration={"Issuer": "https://other.example", "Audience": ["b"]})
    assert apigw.get_authorizer(ApiId=api_id, AuthorizerId=made["AuthorizerId"])["JwtConfiguration"]["Audience"] == ["b"]
