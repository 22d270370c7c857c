"""COGNITO_USER_POOLS authorizers: a real RS256 token verified against the pool's JWKS,
fetched from cumulo at /<pool-id>/.well-known/jwks.json. Cognito is not in cumulo yet, so
the key set is served here by a stand-in data plane on that path (what Cognito will serve)."""

from __future__ import annotations

import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from cumulo import services
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime

POOL = "us-east-1_Cumulo123"
KEY = rsa.generate_private_key(public_exponent=65537, key_size=2048)


async def _jwks(runtime: Runtime, request: Request) -> Response | None:
    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(KEY.public_key()))
    jwk.update({"kid": "k1", "alg": "RS256", "use": "sig"})
    return Response(200, {"content-type": "application/json"}, json.dumps({"keys": [jwk]}).encode())


@pytest.fixture
def jwks(monkeypatch: pytest.MonkeyPatch) -> None:
    sqs = services.get("sqs")
    assert sqs is not None
    monkeypatch.setattr(sqs, "data_plane", _jwks)
    monkeypatch.setattr(services, "DATA_PLANES", [*services.DATA_PLANES, ("sqs", None, rf"^/{POOL}/\.well-known/jwks\.json$")])
    monkeypatch.setattr(services, "_data_planes", None)


def _token(claims: dict[str, Any], key: Any = KEY) -> str:
    base = {"iss": f"https://cognito-idp.us-east-1.amazonaws.com/{POOL}", "sub": "user-1", "token_use": "id",
            "exp": int(time.time()) + 3600, "cognito:username": "ann"}
    return jwt.encode({**base, **claims}, key, algorithm="RS256", headers={"kid": "k1"})


def test_cognito_authorizer_verifies_tokens(jwks: None, apigw: Any, rest_api: dict[str, Any], route: Any, invoke: Any) -> None:
    api = rest_api["id"]
    authorizer = apigw.create_authorizer(restApiId=api, name="pool", type="COGNITO_USER_POOLS",
                                         providerARNs=[f"arn:aws:cognito-idp:us-east-1:000000000000:userpool/{POOL}"],
                                         identitySource="method.request.header.Authorization")
    resource, _ = route(rest_api, "/me", "GET", method={"authorizationType": "COGNITO_USER_POOLS", "authorizerId": authorizer["id"]},
                        integration={"requestTemplates": {"application/json": '{"statusCode": 200}'}})
    apigw.put_method_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200")
    apigw.put_integration_response(restApiId=api, resourceId=resource, httpMethod="GET", statusCode="200",
                                   responseTemplates={"application/json": '{"user": "$context.authorizer.claims[\'cognito:username\']", '
                                                                          '"sub": "$context.authorizer.claims.sub"}'})
    apigw.create_deployment(restApiId=api, stageName="dev")
    ok = invoke(api, "dev", "/me", headers={"Authorization": _token({})})
    assert ok.status_code == 200 and ok.json() == {"user": "ann", "sub": "user-1"}
    assert invoke(api, "dev", "/me").json() == {"message": "Unauthorized"}
    other = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert invoke(api, "dev", "/me", headers={"Authorization": _token({}, other)}).status_code == 401  # not the pool's key
    assert invoke(api, "dev", "/me", headers={"Authorization": _token({"exp": int(time.time()) - 10})}).status_code == 401
    wrong_pool = _token({"iss": "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Other"})
    assert invoke(api, "dev", "/me", headers={"Authorization": wrong_pool}).status_code == 401
