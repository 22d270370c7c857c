"""Fixtures for the Cognito user pool tests: a boto3 client, a pool, a client and users."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

PASSWORD = "Passw0rd!"


@pytest.fixture
def idp(cumulo: CumuloServer) -> Any:
    return boto3.client("cognito-idp", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def pool(idp: Any) -> str:
    return idp.create_user_pool(PoolName="users", AutoVerifiedAttributes=["email"],
                                Schema=[{"Name": "tier", "AttributeDataType": "String", "Mutable": True,
                                         "StringAttributeConstraints": {"MinLength": "1", "MaxLength": "10"}}])["UserPool"]["Id"]


@pytest.fixture
def client(idp: Any, pool: str) -> str:
    return idp.create_user_pool_client(
        UserPoolId=pool, ClientName="app",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH",
                           "ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_CUSTOM_AUTH"])["UserPoolClient"]["ClientId"]


@pytest.fixture
def make_user(idp: Any, pool: str) -> Callable[..., str]:
    """A CONFIRMED user with PASSWORD (and an email, verified)."""

    def make(name: str = "alice", password: str = PASSWORD, **attrs: str) -> str:
        attributes = [{"Name": "email", "Value": f"{name}@example.com"}, {"Name": "email_verified", "Value": "true"}]
        attributes += [{"Name": k, "Value": v} for k, v in attrs.items()]
        idp.admin_create_user(UserPoolId=pool, Username=name, UserAttributes=attributes, MessageAction="SUPPRESS")
        idp.admin_set_user_password(UserPoolId=pool, Username=name, Password=password, Permanent=True)
        return name

    return make


def sign_in(idp: Any, client: str, username: str, password: str = PASSWORD) -> dict[str, Any]:
    return idp.initiate_auth(ClientId=client, AuthFlow="USER_PASSWORD_AUTH",
                             AuthParameters={"USERNAME": username, "PASSWORD": password})


@pytest.fixture
def login() -> Callable[..., dict[str, Any]]:
    return sign_in
