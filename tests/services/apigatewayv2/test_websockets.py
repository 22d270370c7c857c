"""WebSocket APIs over real websockets: $connect/$disconnect/$default, route selection by
`$request.body.action`, route responses, and the @connections management API (a chat round trip)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

CHAT = '''
import json, os
import boto3

def handler(event, context):
    ctx = event["requestContext"]
    route = ctx["routeKey"]
    if route == "$connect":
        deny = (event.get("queryStringParameters") or {}).get("deny")
        return {"statusCode": 403 if deny else 200}
    if route == "$disconnect":
        return {"statusCode": 200}
    body = json.loads(event["body"])
    if route == "send":
        endpoint = os.environ["AWS_ENDPOINT_URL"] + "/_aws/execute-api/" + ctx["apiId"] + "/" + ctx["stage"]
        client = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint)
        for to in body["to"]:
            client.post_to_connection(ConnectionId=to, Data=json.dumps({"from": ctx["connectionId"], "text": body["text"]}).encode())
        return {"statusCode": 200}
    return {"statusCode": 200, "body": json.dumps({"route": route, "connectionId": ctx["connectionId"], "eventType": ctx["eventType"], "got": body})}
'''


@pytest.fixture
def chat(apigw: Any, function: Callable[..., str]) -> str:
    arn = function("chat", CHAT)
    api_id = apigw.create_api(Name="chat", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=arn)
    target = f"integrations/{integration['IntegrationId']}"
    for key in ("$connect", "$disconnect", "send"):
        apigw.create_route(ApiId=api_id, RouteKey=key, Target=target)
    for key in ("whoami", "$default"):
        route = apigw.create_route(ApiId=api_id, RouteKey=key, Target=target, RouteResponseSelectionExpression="$default")
        apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    return api_id


def _ws(cumulo: Any, api_id: str, query: str = "") -> str:
    return f"ws://127.0.0.1:{cumulo.port}/_aws/execute-api/{api_id}/prod{query}"


def test_chat_round_trip(cumulo: Any, chat: str) -> None:
    with connect(_ws(cumulo, chat)) as alice, connect(_ws(cumulo, chat)) as bob:
        alice.send(json.dumps({"action": "whoami"}))
        me = json.loads(alice.recv(timeout=20))
        assert me["route"] == "whoami" and me["eventType"] == "MESSAGE"
        bob.send(json.dumps({"action": "whoami"}))
        bob_id = json.loads(bob.recv(timeout=20))["connectionId"]
        alice.send(json.dumps({"action": "send", "to": [bob_id], "text": "hello bob"}))
        assert json.loads(bob.recv(timeout=20)) == {"from": me["connectionId"], "text": "hello bob"}
        alice.send(json.dumps({"action": "unknown-action", "x": 1}))
        fallback = json.loads(alice.recv(timeout=20))
        assert fallback["route"] == "$default" and fallback["got"] == {"action": "unknown-action", "x": 1}


def test_connect_can_refuse(cumulo: Any, chat: str) -> None:
    with pytest.raises(InvalidStatus):
        connect(_ws(cumulo, chat, "?deny=1"))
    with pytest.raises(InvalidStatus):
        connect(f"ws://127.0.0.1:{cumulo.port}/_aws/execute-api/nosuchapi1/prod")


def test_management_api(cumulo: Any, chat: str) -> None:
    management = boto3.client("apigatewaymanagementapi", endpoint_url=f"{cumulo.url}/_aws/execute-api/{chat}/prod", region_name="us-east-1")
    root = boto3.client("apigatewaymanagementapi", endpoint_url=cumulo.url, region_name="us-east-1")
    with connect(_ws(cumulo, chat), user_agent_header="chat-test") as client:
        client.send(json.dumps({"action": "whoami"}))
        connection_id = json.loads(client.recv(timeout=20))["connectionId"]
        got = management.get_connection(ConnectionId=connection_id)
        assert got["Identity"] == {"SourceIp": "127.0.0.1", "UserAgent": "chat-test"}
        assert got["ConnectedAt"] <= got["LastActiveAt"]
        root.post_to_connection(ConnectionId=connection_id, Data=b"pushed")
        assert client.recv(timeout=20) == "pushed"
        management.delete_connection(ConnectionId=connection_id)
        with pytest.raises(Exception):
            client.recv(timeout=20)
    with pytest.raises(ClientError) as e:
        management.post_to_connection(ConnectionId=connection_id, Data=b"late")
    assert e.value.response["Error"]["Code"] == "GoneException"
    assert e.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    with pytest.raises(ClientError) as e:
        root.get_connection(ConnectionId=connection_id)
    assert e.value.response["Error"]["Code"] == "GoneException"


GATE = '''
def handler(event, context):
    token = (event.get("queryStringParameters") or {}).get("token")
    effect = "Allow" if token == "open-sesame" else "Deny"
    return {"principalId": "u1", "context": {"user": "u1"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
'''


def test_connect_authorizer_and_disconnect(cumulo: Any, apigw: Any, function: Callable[..., str]) -> None:
    chat_arn, gate_arn = function("chat2", CHAT), function("gate", GATE)
    api_id = apigw.create_api(Name="guarded", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=chat_arn)
    authorizer = apigw.create_authorizer(ApiId=api_id, Name="gate", AuthorizerType="REQUEST", IdentitySource=["route.request.querystring.token"],
                                         AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{gate_arn}/invocations")
    target = f"integrations/{integration['IntegrationId']}"
    apigw.create_route(ApiId=api_id, RouteKey="$connect", Target=target, AuthorizationType="CUSTOM", AuthorizerId=authorizer["AuthorizerId"])
    route = apigw.create_route(ApiId=api_id, RouteKey="$default", Target=target)
    apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    for query in ("", "?token=wrong"):
        with pytest.raises(InvalidStatus):
            connect(_ws(cumulo, api_id, query))
    with connect(_ws(cumulo, api_id, "?token=open-sesame")) as client:
        client.send(json.dumps({"hello": 1}))
        assert json.loads(client.recv(timeout=20))["route"] == "$default"
        (listed,) = httpx.get(f"{cumulo.url}/_cumulo/apigatewayv2/connections").json()["connections"]
        assert listed["apiId"] == api_id and listed["open"] is True
    deadline = time.monotonic() + 10
    while httpx.get(f"{cumulo.url}/_cumulo/apigatewayv2/connections").json()["connections"]:
        assert time.monotonic() < deadline, "the connection outlived its client"
        time.sleep(0.05)


def test_non_proxy_lambda_passthrough(cumulo: Any, apigw: Any, function: Callable[..., str]) -> None:
    arn = function("plain", "def handler(event, context):\n    return {'got': event}\n")
    api_id = apigw.create_api(Name="plain", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS", IntegrationMethod="POST",
                                           IntegrationUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations")
    route = apigw.create_route(ApiId=api_id, RouteKey="echo", Target=f"integrations/{integration['IntegrationId']}")
    apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    with connect(_ws(cumulo, api_id)) as client:
        client.send(json.dumps({"action": "echo", "n": 1}))
        assert json.loads(client.recv(timeout=20)) == {"got": {"action": "echo", "n": 1}}
        client.send(json.dumps({"action": "nothing"}))  # no route, no $default
        assert json.loads(client.recv(timeout=20))["message"] == "Forbidden"


def test_mapping_templates_shape_the_message_and_the_answer(cumulo: Any, apigw: Any, function: Callable[..., str]) -> None:
    arn = function("mapped", "def handler(event, context):\n    return {'sum': event['a'] + event['b'], 'who': event['who']}\n")
    api_id = apigw.create_api(Name="mapped", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    connect_mock = apigw.create_integration(ApiId=api_id, IntegrationType="MOCK", RequestTemplates={"$default": '{"statusCode": 200}'},
                                            TemplateSelectionExpression="\\$default")
    apigw.create_route(ApiId=api_id, RouteKey="$connect", Target=f"integrations/{connect_mock['IntegrationId']}")
    integration = apigw.create_integration(
        ApiId=api_id, IntegrationType="AWS", IntegrationMethod="POST", TemplateSelectionExpression="$request.body.kind",
        IntegrationUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations",
        RequestTemplates={
            "pair": '{"a": $input.json(\'$.pair[0]\'), "b": $input.json(\'$.pair[1]\'), "who": "$context.connectionId"}',
            "$default": '{"a": 0, "b": $input.path(\'$.n\'), "who": "$context.routeKey"}',
        })
    apigw.create_integration_response(ApiId=api_id, IntegrationId=integration["IntegrationId"], IntegrationResponseKey="$default",
                                      TemplateSelectionExpression="\\$default",
                                      ResponseTemplates={"$default": '{"total": $input.path(\'$.sum\'), "by": "$input.path(\'$.who\')"}'})
    route = apigw.create_route(ApiId=api_id, RouteKey="add", Target=f"integrations/{integration['IntegrationId']}")
    apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    strict = apigw.create_integration(ApiId=api_id, IntegrationType="MOCK", PassthroughBehavior="NEVER",
                                      TemplateSelectionExpression="$request.body.kind", RequestTemplates={"known": '{"statusCode": 200}'})
    route = apigw.create_route(ApiId=api_id, RouteKey="strict", Target=f"integrations/{strict['IntegrationId']}")
    apigw.create_route_response(ApiId=api_id, RouteId=route["RouteId"], RouteResponseKey="$default")
    apigw.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    with connect(_ws(cumulo, api_id)) as client:
        client.send(json.dumps({"action": "add", "kind": "pair", "pair": [2, 3]}))
        answer = json.loads(client.recv(timeout=20))
        assert answer["total"] == 5 and answer["by"] and answer["by"] != "add"  # the connection id
        client.send(json.dumps({"action": "add", "n": 7}))
        assert json.loads(client.recv(timeout=20)) == {"total": 7, "by": "add"}
        client.send(json.dumps({"action": "strict", "kind": "unknown"}))  # NEVER passes an unmatched message on
        assert "message" in json.loads(client.recv(timeout=20))
