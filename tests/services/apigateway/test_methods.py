"""Methods, method responses, integrations and integration responses through boto3."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_method_and_integration(apigw: Any, rest_api: dict[str, Any]) -> None:
    api, root = rest_api["id"], rest_api["root"]
    method = apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE",
                              apiKeyRequired=True, requestParameters={"method.request.querystring.q": True})
    assert method["httpMethod"] == "GET" and method["apiKeyRequired"] is True
    with pytest.raises(ClientError) as error:
        apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    assert error.value.response["Error"] == {"Code": "ConflictException", "Message": "Method already exists for this resource"}
    apigw.put_method_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200",
                              responseParameters={"method.response.header.X-A": False})
    integration = apigw.put_integration(restApiId=api, resourceId=root, httpMethod="GET", type="MOCK",
                                        requestTemplates={"application/json": '{"statusCode": 200}'})
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH" and integration["timeoutInMillis"] == 29000
    apigw.put_integration_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200", selectionPattern="",
                                   responseTemplates={"application/json": '{"ok": true}'})
    got = apigw.get_method(restApiId=api, resourceId=root, httpMethod="GET")
    assert got["methodResponses"]["200"]["responseParameters"] == {"method.response.header.X-A": False}
    assert got["methodIntegration"]["integrationResponses"]["200"]["responseTemplates"] == {"application/json": '{"ok": true}'}
    apigw.update_method(restApiId=api, resourceId=root, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/apiKeyRequired", "value": "false"},
        {"op": "add", "path": "/requestParameters/method.request.header.X-B", "value": "false"},
    ])
    got = apigw.get_method(restApiId=api, resourceId=root, httpMethod="GET")
    assert got["apiKeyRequired"] is False and got["requestParameters"]["method.request.header.X-B"] is False
    apigw.update_integration(restApiId=api, resourceId=root, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/timeoutInMillis", "value": "1000"}])
    assert apigw.get_integration(restApiId=api, resourceId=root, httpMethod="GET")["timeoutInMillis"] == 1000
    apigw.delete_integration_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200")
    with pytest.raises(ClientError) as error:
        apigw.get_integration_response(restApiId=api, resourceId=root, httpMethod="GET", statusCode="200")
    assert error.value.response["Error"]["Code"] == "NotFoundException"
    apigw.delete_integration(restApiId=api, resourceId=root, httpMethod="GET")
    apigw.delete_method(restApiId=api, resourceId=root, httpMethod="GET")
    with pytest.raises(ClientError) as error:
        apigw.get_method(restApiId=api, resourceId=root, httpMethod="GET")
    assert error.value.response["Error"]["Message"] == "Invalid Method identifier specified"


def test_integration_checks(apigw: Any, rest_api: dict[str, Any]) -> None:
    api, root = rest_api["id"], rest_api["root"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="POST", authorizationType="NONE")
    with pytest.raises(ClientError) as error:
        apigw.put_integration(restApiId=api, resourceId=root, httpMethod="POST", type="HTTP", uri="http://example.com")
    assert error.value.response["Error"]["Message"] == "Enumeration value for HttpMethod must be non-empty"
    with pytest.raises(ClientError) as error:
        apigw.put_integration(restApiId=api, resourceId=root, httpMethod="POST", type="AWS_PROXY", integrationHttpMethod="POST", uri="nope")
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    with pytest.raises(ClientError) as error:
        apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="CUSTOM", authorizerId="missing")
    assert error.value.response["Error"]["Code"] == "BadRequestException"


def test_test_invoke_method_and_authorizer(apigw: Any, rest_api: dict[str, Any], route: Any) -> None:
    api = rest_api["id"]
    resource, _ = route(rest_api, "/items/{id}", "POST", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="POST", statusCode="200",
                                   responseTemplates={"application/json": '{"id": "$input.params(\'id\')", "v": "$stageVariables.v", "x": "$input.params(\'x\')"}'})
    got = apigw.test_invoke_method(restApiId=api, resourceId=resource, httpMethod="POST", pathWithQueryString="/items/5?x=1",
                                   body='{"n": 3}', stageVariables={"v": "w"})
    assert got["status"] == 200 and got["body"] == '{"id": "5", "v": "w", "x": "1"}' and "Method completed" in got["log"]
    authorizer = apigw.create_authorizer(restApiId=api, name="a", type="TOKEN", identitySource="method.request.header.Auth",
                                         authorizerUri="arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:000000000000:function:none/invocations")
    tested = apigw.test_invoke_authorizer(restApiId=api, authorizerId=authorizer["id"], headers={})
    assert tested["clientStatus"] == 401


def test_vpc_link_integrations_name_a_link(apigw: Any, rest_api: dict[str, Any]) -> None:
    api, root = rest_api["id"], rest_api["root"]
    apigw.put_method(restApiId=api, resourceId=root, httpMethod="GET", authorizationType="NONE")
    common = {"restApiId": api, "resourceId": root, "httpMethod": "GET", "type": "HTTP_PROXY", "integrationHttpMethod": "GET",
              "uri": "http://internal.example/", "connectionType": "VPC_LINK"}
    with pytest.raises(ClientError) as error:
        apigw.put_integration(**common, connectionId="nolink")
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    link = apigw.create_vpc_link(name="l", targetArns=["arn:aws:elasticloadbalancing:us-east-1:000000000000:loadbalancer/net/n/1"])
    assert apigw.put_integration(**common, connectionId=link["id"])["connectionId"] == link["id"]
