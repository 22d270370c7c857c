"""COGNITO_USER_POOLS authorizers against cumulo's own Cognito: a user signs in, and the
ID token it gets is verified against the pool's JWKS (fetched from cumulo at
/<pool-id>/.well-known/jwks.json); tokens the pool did not sign, expired ones and other
pools' are refused."""

from __future__ import annotations

import time
from typing import Any

import boto3
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cumulo.testing import CumuloServer


@pytest.fixture
def pool(cumulo: CumuloServer) -> tuple[str, str]:
    """(pool id, a signed-in user's ID token)."""
    idp = boto3.client("cognito-idp", endpoint_url=cumulo.url, region_name="us-east-1")
    pool_id = idp.create_user_pool(PoolName="people")["UserPool"]["Id"]
    client = idp.create_user_pool_client(UserPoolId=pool_id, ClientName="web", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])
    idp.admin_create_user(UserPoolId=pool_id, Username="ann", MessageAction="SUPPRESS")
    idp.admin_set_user_password(UserPoolId=pool_id, Username="ann", Password="Sup3r-secret!", Permanent=True)
    tokens = idp.initiate_auth(ClientId=client["UserPoolClient"]["ClientId"], AuthFlow="USER_PASSWORD_AUTH",
                               AuthParameters={"USERNAME": "ann", "PASSWORD": "Sup3r-secret!"})["AuthenticationResult"]
    return pool_id, tokens["IdToken"]


def _forged(pool_id: str, claims: dict[str, Any]) -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    base = {"iss": f"https://cognito-idp.us-east-1.amazonaws.com/{pool_id}", "sub": "user-1", "token_use": "id",
            "exp": int(time.time()) + 3600, "cognito:username": "ann"}
    return jwt.encode({**base, **claims}, key, algorithm="RS256", headers={"kid": "k1"})


def test_cognito_authorizer_verifies_tokens(pool: tuple[str, str], apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    pool_id, token = pool
    api = rest_api["id"]
    authorizer = apigw.create_authorizer(restApiId=api, name="pool", type="COGNITO_USER_POOLS",
                                         providerARNs=[f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{pool_id}"],
                                         identitySource="method.request.header.Authorization")
    resource, _ = route(rest_api, "/me", "GET", method={"authorizationType": "COGNITO_USER_POOLS", "authorizerId": authorizer["id"]},
                        integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"user": "$context.authorizer.claims[\'cognito:username\']", '
                                                                          '"sub": "$context.authorizer.claims.sub"}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    ok = invoke(api, "dev", "/me", headers={"Authorization": token})
    assert ok.status_code == 200, ok.text
    assert ok.json() == {"user": "ann", "sub": jwt.decode(token, options={"verify_signature": False})["sub"]}
    assert invoke(api, "dev", "/me").json() == {"message": "Unauthorized"}
    assert invoke(api, "dev", "/me", headers={"Authorization": _forged(pool_id, {})}).status_code == 401  # not the pool's key
    assert invoke(api, "dev", "/me", headers={"Authorization": _forged(pool_id, {"exp": int(time.time()) - 10})}).status_code == 401
    wrong_pool = _forged(pool_id, {"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"})
    assert invoke(api, "dev", "/me", headers={"Authorization": wrong_pool}).status_code == 401
