"""Resource servers, domains, identity providers, UI customization, managed login branding, terms."""

from __future__ import annotations

from typing import Any

import pytest
from botocore.exceptions import ClientError


def test_resource_servers(idp: Any, pool: str) -> None:
    idp.create_resource_server(UserPoolId=pool, Identifier="orders", Name="Orders", Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}])
    idp.update_resource_server(UserPoolId=pool, Identifier="orders", Name="Orders API",
                               Scopes=[{"ScopeName": "read", "ScopeDescription": "r"}, {"ScopeName": "write", "ScopeDescription": "w"}])
    described = idp.describe_resource_server(UserPoolId=pool, Identifier="orders")["ResourceServer"]
    assert described["Name"] == "Orders API" and len(described["Scopes"]) == 2
    assert [s["Identifier"] for s in idp.list_resource_servers(UserPoolId=pool, MaxResults=10)["ResourceServers"]] == ["orders"]
    idp.delete_resource_server(UserPoolId=pool, Identifier="orders")
    with pytest.raises(ClientError):
        idp.describe_resource_server(UserPoolId=pool, Identifier="orders")


def test_domains(idp: Any, pool: str) -> None:
    idp.create_user_pool_domain(UserPoolId=pool, Domain="shop-login")
    assert idp.describe_user_pool(UserPoolId=pool)["UserPool"]["Domain"] == "shop-login"
    described = idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"]
    assert described["UserPoolId"] == pool and described["Status"] == "ACTIVE"
    other = idp.create_user_pool(PoolName="other")["UserPool"]["Id"]
    with pytest.raises(ClientError):
        idp.create_user_pool_domain(UserPoolId=other, Domain="shop-login")
    idp.update_user_pool_domain(UserPoolId=pool, Domain="shop-login", ManagedLoginVersion=2)
    assert idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"]["ManagedLoginVersion"] == 2
    idp.delete_user_pool_domain(UserPoolId=pool, Domain="shop-login")
    assert idp.describe_user_pool_domain(Domain="shop-login")["DomainDescription"] == {}


def test_identity_providers(idp: Any, pool: str) -> None:
    idp.create_identity_provider(UserPoolId=pool, ProviderName="Corp", ProviderType="OIDC", IdpIdentifiers=["corp.example"],
                                 ProviderDetails={"client_id": "x", "client_secret": "y", "authorize_scopes": "openid",
                                                  "oidc_issuer": "https://idp.example"}, AttributeMapping={"email": "email"})
    described = idp.describe_identity_provider(UserPoolId=pool, ProviderName="Corp")["IdentityProvider"]
    assert described["ProviderDetails"]["token_url"] == "https://idp.example/token"
    assert idp.get_identity_provider_by_identifier(UserPoolId=pool, IdpIdentifier="corp.example")["IdentityProvider"]["ProviderName"] == "Corp"
    with pytest.raises(ClientError) as error:
        idp.create_identity_provider(UserPoolId=pool, ProviderName="Corp", ProviderType="OIDC", ProviderDetails={"client_id": "x", "authorize_scopes": "openid"})
    assert error.value.response["Error"]["Code"] == "DuplicateProviderException"
    idp.update_identity_provider(UserPoolId=pool, ProviderName="Corp", AttributeMapping={"email": "mail"})
    assert idp.list_identity_providers(UserPoolId=pool)["Providers"][0]["ProviderName"] == "Corp"
    client = idp.create_user_pool_client(UserPoolId=pool, ClientName="c", SupportedIdentityProviders=["Corp", "COGNITO"])["UserPoolClient"]
    assert client["SupportedIdentityProviders"] == ["Corp", "COGNITO"]
    idp.delete_identity_provider(UserPoolId=pool, ProviderName="Corp")
    assert idp.list_identity_providers(UserPoolId=pool)["Providers"] == []


def test_ui_branding_terms(idp: Any, pool: str, client: str) -> None:
    idp.set_ui_customization(UserPoolId=pool, CSS=".banner-customizable {background: red;}")
    assert "red" in idp.get_ui_customization(UserPoolId=pool, ClientId=client)["UICustomization"]["CSS"]
    branding = idp.create_managed_login_branding(UserPoolId=pool, ClientId=client, UseCognitoProvidedValues=True)["ManagedLoginBranding"]
    by_client = idp.describe_managed_login_branding_by_client(UserPoolId=pool, ClientId=client)["ManagedLoginBranding"]
    assert by_client["ManagedLoginBrandingId"] == branding["ManagedLoginBrandingId"]
    idp.delete_managed_login_branding(UserPoolId=pool, ManagedLoginBrandingId=branding["ManagedLoginBrandingId"])
    terms = idp.create_terms(UserPoolId=pool, ClientId=client, TermsName="terms-of-use", TermsSource="LINK", Enforcement="NONE",
                             Links={"cognito:default": "https://example.com/tos"})["Terms"]
    assert idp.describe_terms(UserPoolId=pool, TermsId=terms["TermsId"])["Terms"]["TermsName"] == "terms-of-use"
    assert [t["TermsName"] for t in idp.list_terms(UserPoolId=pool)["Terms"]] == ["terms-of-use"]
    idp.delete_terms(UserPoolId=pool, TermsId=terms["TermsId"])
    assert idp.list_terms(UserPoolId=pool)["Terms"] == []


def test_risk_and_log_delivery(idp: Any, pool: str) -> None:
    idp.set_risk_configuration(UserPoolId=pool, CompromisedCredentialsRiskConfiguration={"Actions": {"EventAction": "BLOCK"}})
    described = idp.describe_risk_configuration(UserPoolId=pool)["RiskConfiguration"]
    assert described["CompromisedCredentialsRiskConfiguration"]["Actions"]["EventAction"] == "BLOCK"
    idp.set_log_delivery_configuration(UserPoolId=pool, LogConfigurations=[
        {"LogLevel": "ERROR", "EventSource": "userNotification",
         "CloudWatchLogsConfiguration": {"LogGroupArn": "arn:aws:logs:us-east-1:000000000000:log-group:cognito"}}])
    got = idp.get_log_delivery_configuration(UserPoolId=pool)["LogDeliveryConfiguration"]
    assert got["LogConfigurations"][0]["LogLevel"] == "ERROR"
