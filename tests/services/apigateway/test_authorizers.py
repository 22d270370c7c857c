"""Lambda authorizers (TOKEN, REQUEST) with policy evaluation and TTL caching, authorizer
CRUD, AWS_IAM and Cognito user pool authorizers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import boto3
import httpx
import json
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import ClockControl
from tests.services.apigateway.conftest import lambda_uri

AUTH = '''
import json, os, time

CALLS = []

def handler(event, context):
    token = event.get("authorizationToken") or (event.get("headers") or {}).get("x-token") or ""
    if token == "unauthorized":
        raise Exception("Unauthorized")
    if token == "broken":
        return {"nope": 1}
    effect = "Deny" if token == "deny" else "Allow"
    with open("/tmp/apigw-auth-count-" + context.function_name, "a") as f:
        f.write("x")
    return {
        "principalId": "user-" + token,
        "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Effect": effect, "Action": "execute-api:Invoke", "Resource": event["methodArn"].rsplit("/", 2)[0] + "/GET/*"}]},
        "context": {"tenant": "t-" + token, "n": 3},
        "usageIdentifierKey": "k" * 20,
    }
'''

ECHO = '''
import json

def handler(event, context):
    return {"statusCode": 200, "body": json.dumps(event["requestContext"].get("authorizer"))}
'''


def _setup(apigw: Any, rest_api: dict[str, Any], route: Any, function: Any, kind: str, name: str, ttl: int = 300) -> str:
    auth_arn = function(name, AUTH)
    echo_arn = function("apigw-auth-echo", ECHO)
    identity = "method.request.header.Authorization" if kind == "TOKEN" else "method.request.header.X-Token"
    authorizer = apigw.create_authorizer(restApiId=rest_api["id"], name="auth", type=kind, authorizerUri=lambda_uri(auth_arn),
                                         identitySource=identity, authorizerResultTtlInSeconds=ttl)
    for verb in ("GET", "POST"):
        route(rest_api, "/secure", verb, type="AWS_PROXY", uri=lambda_uri(echo_arn),
              method={"authorizationType": "CUSTOM", "authorizerId": authorizer["id"]})
    apigw.create_deployment(restApiId=rest_api["id"], stageName="dev")
    return str(authorizer["id"])


def test_token_authorizer(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, function: Any) -> None:
    _setup(apigw, rest_api, route, function, "TOKEN", "apigw-token-auth", ttl=0)
    api = rest_api["id"]
    missing = invoke(api, "dev", "/secure")
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    ok = invoke(api, "dev", "/secure", headers={"Authorization": "alice"})
    assert ok.status_code == 200 and ok.json() == {"principalId": "user-alice", "tenant": "t-alice", "n": 3}
    denied = invoke(api, "dev", "/secure", headers={"Authorization": "deny"})
    assert (denied.status_code, denied.json()) == (403, {"message": "User is not authorized to access this resource with an explicit deny"})
    # The policy allows GET only: POST is implicitly denied.
    post = invoke(api, "dev", "/secure", method="POST", headers={"Authorization": "alice"})
    assert (post.status_code, post.json()) == (403, {"message": "User is not authorized to access this resource"})
    assert invoke(api, "dev", "/secure", headers={"Authorization": "unauthorized"}).status_code == 401
    assert invoke(api, "dev", "/secure", headers={"Authorization": "broken"}).status_code == 500
    Path("/tmp/apigw-auth-count-apigw-token-auth").unlink(missing_ok=True)  # the function's call counter


def test_request_authorizer_cached_by_ttl(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, function: Any,
                                          cumulo_clock: ClockControl, tmp_path: Any) -> None:
    import os

    name = f"apigw-req-auth-{os.getpid()}-{rest_api['id']}"
    _setup(apigw, rest_api, route, function, "REQUEST", name, ttl=60)
    counter = f"/tmp/apigw-auth-count-{name}"
    api = rest_api["id"]
    assert invoke(api, "dev", "/secure").status_code == 401  # the identity source is required when caching
    for _ in range(3):
        assert invoke(api, "dev", "/secure", headers={"X-Token": "bob"}).json()["principalId"] == "user-bob"
    assert open(counter).read() == "x"  # one call, then the cache
    cumulo_clock.advance(61)
    invoke(api, "dev", "/secure", headers={"X-Token": "bob"})
    assert open(counter).read() == "xx"
    apigw.flush_stage_authorizers_cache(restApiId=api, stageName="dev")
    invoke(api, "dev", "/secure", headers={"X-Token": "bob"})
    assert open(counter).read() == "xxx"
    os.remove(counter)


def test_authorizer_crud(apigw: Any, rest_api: dict[str, Any]) -> None:
    api = rest_api["id"]
    uri = lambda_uri("arn:aws:lambda:us-east-1:000000000000:function:x")
    created = apigw.create_authorizer(restApiId=api, name="a", type="TOKEN", authorizerUri=uri, identitySource="method.request.header.Auth")
    assert created["authorizerResultTtlInSeconds"] == 300
    updated = apigw.update_authorizer(restApiId=api, authorizerId=created["id"], patchOperations=[
        {"op": "replace", "path": "/authorizerResultTtlInSeconds", "value": "10"}])
    assert updated["authorizerResultTtlInSeconds"] == 10
    assert [a["id"] for a in apigw.get_authorizers(restApiId=api)["items"]] == [created["id"]]
    with pytest.raises(ClientError) as error:
        apigw.create_authorizer(restApiId=api, name="c", type="COGNITO_USER_POOLS")
    assert error.value.response["Error"]["Code"] == "BadRequestException"
    apigw.delete_authorizer(restApiId=api, authorizerId=created["id"])
    with pytest.raises(ClientError) as error:
        apigw.get_authorizer(restApiId=api, authorizerId=created["id"])
    assert error.value.response["Error"]["Message"] == "Invalid Authorizer identifier specified"


def _signed(url: str, key: str, secret: str) -> dict[str, str]:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials(key, secret), "execute-api", "us-east-1").add_auth(request)
    return dict(request.headers)


def test_iam_authorization(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any, cumulo: Any) -> None:
    api = rest_api["id"]
    for path in ("/open", "/closed"):
        resource, _ = route(rest_api, path, "GET", method={"authorizationType": "AWS_IAM"},
                            integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
        apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
        apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
                                       responseTemplates={"application/json": '{"key": "$context.identity.accessKey", "arn": "$context.identity.userArn"}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    base = f"{cumulo.url}/restapis/{api}/dev/_user_request_"
    assert invoke(api, "dev", "/open").json() == {"message": "Missing Authentication Token"}
    assert invoke(api, "dev", "/open", headers=_signed(base + "/open", "test", "test")).json()["key"] == "test"  # the account root
    iam = boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1")
    iam.create_user(UserName="caller")
    iam.put_user_policy(UserName="caller", PolicyName="invoke", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": f"arn:aws:execute-api:us-east-1:000000000000:{api}/*/GET/open"}]}))
    key = iam.create_access_key(UserName="caller")["AccessKey"]
    allowed = invoke(api, "dev", "/open", headers=_signed(base + "/open", key["AccessKeyId"], key["SecretAccessKey"]))
    assert allowed.json() == {"key": key["AccessKeyId"], "arn": "arn:aws:iam::000000000000:user/caller"}
    denied = invoke(api, "dev", "/closed", headers=_signed(base + "/closed", key["AccessKeyId"], key["SecretAccessKey"]))
    assert denied.status_code == 403 and "is not authorized to perform: execute-api:Invoke" in denied.json()["message"]
    assert invoke(api, "dev", "/open", headers=_signed(base + "/open", "AKIDUNKNOWN", "x")).status_code == 403


def test_cognito_authorizer_without_a_token(apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    authorizer = apigw.create_authorizer(restApiId=api, name="pool", type="COGNITO_USER_POOLS",
                                         providerARNs=["arn:aws:cognito-idp:us-east-1:000000000000:userpool/us-east-1_abc"],
                                         identitySource="method.request.header.Authorization")
    route(rest_api, "/me", "GET", method={"authorizationType": "COGNITO_USER_POOLS", "authorizerId": authorizer["id"]})
    apigw.create_deployment(restApiId=api, stageName="dev")
    assert invoke(api, "dev", "/me").json() == {"message": "Unauthorized"}
    assert invoke(api, "dev", "/me", headers={"Authorization": "not-a-jwt"}).status_code == 401
    assert httpx is not None


def test_resource_policy_by_source_ip(apigw: Any, invoke: Any, route: Any) -> None:
    def policy(cidr: str) -> str:
        return json.dumps({"Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*"},
            {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "execute-api:/*",
             "Condition": {"NotIpAddress": {"aws:SourceIp": cidr}}}]})

    for cidr, status in (("127.0.0.0/8", 200), ("10.0.0.0/8", 403)):
        created = apigw.create_rest_api(name=f"private-{status}", policy=policy(cidr))
        api = {"id": created["id"], "root": created["rootResourceId"]}
        resource, _ = route(api, "/p", "GET", integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
        apigw.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="GET", statusCode="200")
        apigw.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="GET", statusCode="200",
                                       responseTemplates={"application/json": "{}"})
        apigw.create_deployment(restApiId=api["id"], stageName="dev")
        got = invoke(api["id"], "dev", "/p")
        assert got.status_code == status
        if status == 403:
            assert got.json()["message"].startswith("User: anonymous is not authorized to perform: execute-api:Invoke")
            assert got.json()["message"].endswith("with an explicit deny")
