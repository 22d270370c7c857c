"""Pools, users (password hashes only), signing keys, refresh tokens and identity pools survive a restart."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from cumulo.services.cognito_idp.models import Client, Session, User, UserPool
from cumulo.state.codec import decode, encode
from cumulo.testing.plugin import free_port, spawned_server
from tests.services.cognito_idp.authenticator import Authenticator

PASSWORD = "Passw0rd!"


def test_restart_keeps_pools_users_keys_and_refresh_tokens(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    keys = {"endpoint_url": url, "region_name": "us-east-1", "aws_access_key_id": "test", "aws_secret_access_key": "test"}
    with spawned_server(port, str(tmp_path)):
        idp = boto3.client("cognito-idp", **keys)
        pool = idp.create_user_pool(PoolName="kept", UserPoolTier="ESSENTIALS", Policies={
            "SignInPolicy": {"AllowedFirstAuthFactors": ["PASSWORD", "WEB_AUTHN"]}})["UserPool"]["Id"]
        idp.set_user_pool_mfa_config(UserPoolId=pool, WebAuthnConfiguration={"RelyingPartyId": "localhost"})
        client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", ExplicitAuthFlows=[
            "ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_AUTH"])["UserPoolClient"]["ClientId"]
        idp.admin_create_user(UserPoolId=pool, Username="ann", MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username="ann", Password=PASSWORD, Permanent=True)
        before = idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                   AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})["AuthenticationResult"]
        jwks = httpx.get(f"{url}/{pool}/.well-known/jwks.json").json()
        passkey = Authenticator("https://localhost")
        options = idp.start_web_authn_registration(AccessToken=before["AccessToken"])["CredentialCreationOptions"]
        idp.complete_web_authn_registration(AccessToken=before["AccessToken"], Credential=passkey.create(options))
        _passkey_sign_in(idp, client, passkey, counter=5)
        identity = boto3.client("cognito-identity", **keys)
        identity_pool = identity.create_identity_pool(IdentityPoolName="ip", AllowUnauthenticatedIdentities=True)["IdentityPoolId"]
        guest = identity.get_id(IdentityPoolId=identity_pool)["IdentityId"]
    stored = b"".join(p.read_bytes() for p in tmp_path.rglob("*") if p.is_file())
    assert PASSWORD.encode() not in stored
    with spawned_server(port, str(tmp_path)):
        idp = boto3.client("cognito-idp", **keys)
        assert httpx.get(f"{url}/{pool}/.well-known/jwks.json").json() == jwks
        assert idp.get_user(AccessToken=before["AccessToken"])["Username"] == "ann"
        refreshed = idp.initiate_auth(ClientId=client, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters={"REFRESH_TOKEN": before["RefreshToken"]})
        assert refreshed["AuthenticationResult"]["AccessToken"]
        assert idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                                 AuthParameters={"USERNAME": "ann", "PASSWORD": PASSWORD})["AuthenticationResult"]
        # The passkey's public key and sign counter were kept: a counter not past 5 is refused.
        with pytest.raises(ClientError):
            _passkey_sign_in(idp, client, passkey, counter=5)
        _passkey_sign_in(idp, client, passkey, counter=6)
        identity = boto3.client("cognito-identity", **keys)
        assert identity.describe_identity(IdentityId=guest)["IdentityId"] == guest


def _passkey_sign_in(idp: Any, client: str, passkey: Authenticator, counter: int) -> None:
    started = idp.initiate_auth(ClientId=client, AuthFlow="USER_AUTH", AuthParameters={"USERNAME": "ann", "PREFERRED_CHALLENGE": "WEB_AUTHN"})
    request = json.loads(started["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
    done = idp.respond_to_auth_challenge(ClientId=client, ChallengeName="WEB_AUTHN", Session=started["Session"], ChallengeResponses={
        "USERNAME": "ann", "CREDENTIAL": json.dumps(passkey.get(request, counter=counter))})
    assert done["AuthenticationResult"]["AccessToken"]


def test_entities_round_trip() -> None:
    pool = UserPool(id="us-east-1_abc", name="p", account="000000000000", region="us-east-1", created=1.0, modified=2.0,
                    config={"MfaConfiguration": "OFF"}, schema={"email": {"Name": "email"}}, tags={"a": "b"}, key_pem=b"pem", kid="k")
    user = User(username="u", sub="s", created=1.0, modified=1.0, attributes={"email": "e"}, groups={"g"}, mfa_enabled={"SMS_MFA"},
                password_hash="salt$hash", srp_salt="ab", srp_verifier=12345)
    client = Client(id="c", pool_id=pool.id, name="n", created=1.0, modified=1.0, secret="s", config={"ExplicitAuthFlows": []})
    session = Session(origin_jti="j", pool_id=pool.id, client_id="c", username="u", auth_time=1.0, expires=2.0, scopes=["openid"])
    for entity in (pool, user, client, session):
        assert decode(encode(entity)) == entity
