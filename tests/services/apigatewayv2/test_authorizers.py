"""Authorizers at request time: JWT with a real RSA key and a JWKS served over HTTP, and Lambda
REQUEST authorizers (simple answers, IAM policies, caching by identity on the cumulo clock)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)
OTHER_KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


class _Jwks(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path != "/.well-known/jwks.json":
            self.send_response(404)
            self.end_headers()
            return
        public = json.loads(RSAAlgorithm.to_jwk(KEY.public_key()))
        data = json.dumps({"keys": [{**public, "kid": "k1", "alg": "RS256", "use": "sig"}]}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def issuer() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Jwks)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def token(issuer: str, key: Any = KEY, **claims: Any) -> str:
    now = int(time.time())
    body = {"iss": issuer, "sub": "user-1", "aud": "app", "iat": now, "exp": now + 600, "scope": "orders:read profile", **claims}
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": "k1"})


@pytest.fixture
def jwt_api(apigw: Any, function: Callable[..., str], issuer: str) -> str:
    api_id = apigw.create_api(Name="jwt", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function(), PayloadFormatVersion="2.0")
    authorizer = apigw.create_authorizer(
        ApiId=api_id, Name="jwt", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": issuer, "Audience": ["app"]},
    )
    target = f"integrations/{integration['IntegrationId']}"
    for key, scopes in (("GET /orders", ["orders:read"]), ("POST /orders", ["orders:write"])):
        apigw.create_route(ApiId=api_id, RouteKey=key, Target=target, AuthorizationType="JWT",
                           AuthorizerId=authorizer["AuthorizerId"], AuthorizationScopes=scopes)
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def test_jwt_valid_token_reaches_the_function(jwt_api: str, issuer: str, invoke_url: Callable[[str, str], str]) -> None:
    response = httpx.get(invoke_url(jwt_api, "/orders"), headers={"authorization": "Bearer " + token(issuer)})
    assert response.status_code == 200, response.text
    auth = response.json()["requestContext"]["authorizer"]["jwt"]
    assert auth["claims"]["sub"] == "user-1" and auth["claims"]["iss"] == issuer
    assert auth["scopes"] == ["orders:read", "profile"]


@pytest.mark.parametrize(
    ("make", "status"),
    [
        (lambda iss: "", 401),
        (lambda iss: "not-a-jwt", 401),
        (lambda iss: token(iss, key=OTHER_KEY), 401),
        (lambda iss: token(iss, aud="someone-else"), 401),
        (lambda iss: token("https://other-issuer.example"), 401),
        (lambda iss: token(iss, exp=int(time.time()) - 10), 401),
    ],
    ids=["missing", "malformed", "bad-signature", "audience", "issuer", "expired"],
)
def test_jwt_refusals(jwt_api: str, issuer: str, invoke_url: Callable[[str, str], str], make: Callable[[str], str], status: int) -> None:
    value = make(issuer)
    response = httpx.get(invoke_url(jwt_api, "/orders"), headers={"authorization": f"Bearer {value}"} if value else {})
    assert (response.status_code, response.json()) == (status, {"message": "Unauthorized"})


def test_jwt_scopes_and_clock(jwt_api: str, issuer: str, invoke_url: Callable[[str, str], str], cumulo_clock: Any) -> None:
    forbidden = httpx.post(invoke_url(jwt_api, "/orders"), headers={"authorization": token(issuer)})
    assert (forbidden.status_code, forbidden.json()) == (403, {"message": "Forbidden"})
    cumulo_clock.advance(3600)  # the token expires on the cumulo clock
    late = httpx.get(invoke_url(jwt_api, "/orders"), headers={"authorization": token(issuer)})
    assert late.status_code == 401


AUTHORIZER = '''
import json, uuid

def handler(event, context):
    who = (event.get("headers") or {}).get("x-who", "")
    marker = str(uuid.uuid4())
    if event.get("version") == "2.0":
        return {"isAuthorized": who == "alice", "context": {"who": who, "marker": marker, "route": event["routeArn"]}}
    effect = "Allow" if who == "alice" else "Deny"
    return {"principalId": who, "context": {"marker": marker, "kind": event["type"]},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}
'''


def _lambda_api(apigw: Any, function: Callable[..., str], version: str, simple: bool, ttl: int) -> str:
    api_id = apigw.create_api(Name="la", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function(), PayloadFormatVersion="2.0")
    auth_arn = function("authorizer", AUTHORIZER)
    authorizer = apigw.create_authorizer(
        ApiId=api_id, Name="la", AuthorizerType="REQUEST", IdentitySource=["$request.header.x-who"],
        AuthorizerUri=f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{auth_arn}/invocations",
        AuthorizerPayloadFormatVersion=version, EnableSimpleResponses=simple, AuthorizerResultTtlInSeconds=ttl,
    )
    apigw.create_route(ApiId=api_id, RouteKey="GET /me", Target=f"integrations/{integration['IntegrationId']}",
                       AuthorizationType="CUSTOM", AuthorizerId=authorizer["AuthorizerId"])
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    return api_id


def test_lambda_simple_response(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str]) -> None:
    api_id = _lambda_api(apigw, function, "2.0", simple=True, ttl=0)
    ok = httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "alice"})
    assert ok.status_code == 200, ok.text
    context = ok.json()["requestContext"]["authorizer"]["lambda"]
    assert context["who"] == "alice" and context["route"] == f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/$default/GET/me"
    assert httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "bob"}).status_code == 403
    missing = httpx.get(invoke_url(api_id, "/me"))  # no identity source: refused without a call
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})


def test_lambda_policy_response_and_cache(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str],
                                          cumulo_clock: Any) -> None:
    api_id = _lambda_api(apigw, function, "1.0", simple=False, ttl=300)
    first = httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "alice"})
    assert first.status_code == 200, first.text
    context = first.json()["requestContext"]["authorizer"]["lambda"]
    assert context["kind"] == "REQUEST"
    again = httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "alice"}).json()["requestContext"]["authorizer"]["lambda"]
    assert again["marker"] == context["marker"]  # answered from the cache
    assert httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "bob"}).status_code == 403
    cumulo_clock.advance(301)
    later = httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "alice"}).json()["requestContext"]["authorizer"]["lambda"]
    assert later["marker"] != context["marker"]  # the TTL passed on the cumulo clock: asked again
    apigw.reset_authorizers_cache(ApiId=api_id, StageName="$default")
    fresh = httpx.get(invoke_url(api_id, "/me"), headers={"x-who": "alice"}).json()["requestContext"]["authorizer"]["lambda"]
    assert fresh["marker"] != later["marker"]


def test_jwt_authorizer_with_a_cognito_pool_issuer(cumulo: Any, apigw: Any, function: Callable[..., str],
                                                   invoke_url: Callable[[str, str], str]) -> None:
    # The issuer as a template names it; the token from cumulo's Cognito, verified with the pool's key.
    import boto3

    idp = boto3.client("cognito-idp", endpoint_url=cumulo.url, region_name="us-east-1")
    pool = idp.create_user_pool(PoolName="people")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    client_id = client["UserPoolClient"]["ClientId"]
    idp.admin_create_user(UserPoolId=pool, Username="ann", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool, Username="ann", Password="Sup3r-secret!", Permanent=True)
    tokens = idp.initiate_auth(ClientId=client_id, AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ann", "PASSWORD": "Sup3r-secret!"})["AuthenticationResult"]
    api_id = apigw.create_api(Name="cognito", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function(), PayloadFormatVersion="2.0")
    authorizer = apigw.create_authorizer(
        ApiId=api_id, Name="pool", AuthorizerType="JWT", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": f"https://cognito-idp.us-east-1.amazonaws.com/{pool}", "Audience": [client_id]})
    apigw.create_route(ApiId=api_id, RouteKey="GET /me", Target=f"integrations/{integration['IntegrationId']}",
                       AuthorizationType="JWT", AuthorizerId=authorizer["AuthorizerId"])
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    url = invoke_url(api_id, "/me")
    assert httpx.get(url, headers={"Authorization": tokens["IdToken"]}).status_code == 200
    assert httpx.get(url, headers={"Authorization": token(f"https://cognito-idp.us-east-1.amazonaws.com/{pool}", aud=client_id)}).status_code == 401
    assert httpx.get(url).status_code == 401


def _signed(url: str, key: str, secret: str) -> dict[str, str]:
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials(key, secret), "execute-api", "us-east-1").add_auth(request)
    return dict(request.headers)


def test_iam_routes_ask_the_signers_policies(apigw: Any, function: Callable[..., str], invoke_url: Callable[[str, str], str],
                                             cumulo: Any) -> None:
    import boto3

    api_id = apigw.create_api(Name="iam", ProtocolType="HTTP")["ApiId"]
    integration = apigw.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=function(), PayloadFormatVersion="2.0")
    for path in ("/open", "/closed"):
        apigw.create_route(ApiId=api_id, RouteKey=f"GET {path}", AuthorizationType="AWS_IAM", Target=f"integrations/{integration['IntegrationId']}")
    apigw.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True)
    iam = boto3.client("iam", endpoint_url=cumulo.url, region_name="us-east-1")
    iam.create_user(UserName="v2caller")
    iam.put_user_policy(UserName="v2caller", PolicyName="invoke", PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "execute-api:Invoke", "Resource": f"arn:aws:execute-api:us-east-1:000000000000:{api_id}/*/GET/open"}]}))
    key = iam.create_access_key(UserName="v2caller")["AccessKey"]
    user = (key["AccessKeyId"], key["SecretAccessKey"])
    assert httpx.get(invoke_url(api_id, "/open")).status_code == 403  # unsigned
    opened = httpx.get(invoke_url(api_id, "/open"), headers=_signed(invoke_url(api_id, "/open"), *user))
    assert opened.status_code == 200
    assert opened.json()["requestContext"]["authorizer"]["iam"]["userArn"] == "arn:aws:iam::000000000000:user/v2caller"
    closed = httpx.get(invoke_url(api_id, "/closed"), headers=_signed(invoke_url(api_id, "/closed"), *user))
    assert closed.status_code == 403 and closed.json() == {"message": "Forbidden"}
    root = httpx.get(invoke_url(api_id, "/closed"), headers=_signed(invoke_url(api_id, "/closed"), "test", "test"))
    assert root.status_code == 200  # the account itself
    assert httpx.get(invoke_url(api_id, "/open"), headers=_signed(invoke_url(api_id, "/open"), "AKIDNOONE", "x")).status_code == 403
