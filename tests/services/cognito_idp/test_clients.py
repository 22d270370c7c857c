"""App clients: secrets and SECRET_HASH, token validity, auth flows, OAuth settings."""

from __future__ import annotations

import base64
import hashlib
import hmac
from typing import Any

import pytest
from botocore.exceptions import ClientError


def secret_hash(client_id: str, secret: str, username: str) -> str:
    return base64.b64encode(hmac.new(secret.encode(), (username + client_id).encode(), hashlib.sha256).digest()).decode()


def test_client_defaults_and_update(idp: Any, pool: str) -> None:
    created = idp.create_user_pool_client(UserPoolId=pool, ClientName="web", AccessTokenValidity=2,
                                          TokenValidityUnits={"AccessToken": "hours"})["UserPoolClient"]
    assert created["RefreshTokenValidity"] == 30 and "ClientSecret" not in created
    assert created["TokenValidityUnits"]["AccessToken"] == "hours"
    idp.update_user_pool_client(UserPoolId=pool, ClientId=created["ClientId"], ClientName="web2")
    described = idp.describe_user_pool_client(UserPoolId=pool, ClientId=created["ClientId"])["UserPoolClient"]
    assert described["ClientName"] == "web2" and "TokenValidityUnits" not in described
    assert [c["ClientName"] for c in idp.list_user_pool_clients(UserPoolId=pool)["UserPoolClients"]] == ["web2"]
    idp.delete_user_pool_client(UserPoolId=pool, ClientId=created["ClientId"])
    with pytest.raises(ClientError) as error:
        idp.describe_user_pool_client(UserPoolId=pool, ClientId=created["ClientId"])
    assert error.value.response["Error"]["Code"] == "ResourceNotFoundException"


def test_token_validity_bounds(idp: Any, pool: str) -> None:
    with pytest.raises(ClientError) as error:
        idp.create_user_pool_client(UserPoolId=pool, ClientName="x", AccessTokenValidity=2, TokenValidityUnits={"AccessToken": "days"})
    assert error.value.response["Error"]["Code"] == "InvalidParameterException"


def test_secret_hash_is_checked(idp: Any, pool: str, make_user: Any) -> None:
    make_user("bob")
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="srv", GenerateSecret=True,
                                         ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"])["UserPoolClient"]
    params = {"USERNAME": "bob", "PASSWORD": "Passw0rd!"}
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters=params)
    assert "SECRET_HASH was not received" in error.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={**params, "SECRET_HASH": "bad"})
    assert error.value.response["Error"]["Message"] == f"Unable to verify secret hash for client {client['ClientId']}"
    good = secret_hash(client["ClientId"], client["ClientSecret"], "bob")
    out = idp.initiate_auth(ClientId=client["ClientId"], AuthFlow="USER_PASSWORD_AUTH", AuthParameters={**params, "SECRET_HASH": good})
    assert out["AuthenticationResult"]["AccessToken"]


def test_disabled_flow_is_refused(idp: Any, pool: str, make_user: Any) -> None:
    make_user("bob")
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="srp-only")["UserPoolClient"]["ClientId"]
    with pytest.raises(ClientError) as error:
        idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH", AuthParameters={"USERNAME": "bob", "PASSWORD": "Passw0rd!"})
    assert error.value.response["Error"]["Message"] == "USER_PASSWORD_AUTH flow not enabled for this client"


def test_oauth_settings_need_known_scopes_and_secret(idp: Any, pool: str) -> None:
    with pytest.raises(ClientError) as error:
        idp.create_user_pool_client(UserPoolId=pool, ClientName="m2m", AllowedOAuthFlows=["client_credentials"],
                                    AllowedOAuthScopes=["api/read"], AllowedOAuthFlowsUserPoolClient=True)
    assert error.value.response["Error"]["Code"] in ("InvalidOAuthFlowException", "ScopeDoesNotExistException")
    idp.create_resource_server(UserPoolId=pool, Identifier="api", Name="API", Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}])
    made = idp.create_user_pool_client(UserPoolId=pool, ClientName="m2m", GenerateSecret=True, AllowedOAuthFlows=["client_credentials"],
                                       AllowedOAuthScopes=["api/read"], AllowedOAuthFlowsUserPoolClient=True)["UserPoolClient"]
    assert made["AllowedOAuthScopes"] == ["api/read"]


def test_extra_client_secrets(idp: Any, pool: str) -> None:
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="srv", GenerateSecret=True)["UserPoolClient"]["ClientId"]
    added = idp.add_user_pool_client_secret(UserPoolId=pool, ClientId=client)["ClientSecretDescriptor"]
    ids = [s["ClientSecretId"] for s in idp.list_user_pool_client_secrets(UserPoolId=pool, ClientId=client)["ClientSecrets"]]
    assert added["ClientSecretId"] in ids and len(ids) == 2
    idp.delete_user_pool_client_secret(UserPoolId=pool, ClientId=client, ClientSecretId=added["ClientSecretId"])
    assert len(idp.list_user_pool_client_secrets(UserPoolId=pool, ClientId=client)["ClientSecrets"]) == 1
