"""The Cognito CloudFormation providers, driven directly (the stack engine drives them in stacks)."""

from __future__ import annotations

from typing import Any

import boto3

from cumulo.services import resource_types
from cumulo.testing import CumuloServer
from cumulo.testing.provision import provision


def test_user_pool_stack_pieces(cumulo: CumuloServer, idp: Any) -> None:
    types = resource_types()
    ctx, pool = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPool", {
        "UserPoolName": "cfn-users", "AutoVerifiedAttributes": ["email"], "EnabledMfas": ["SOFTWARE_TOKEN_MFA"],
        "MfaConfiguration": "OPTIONAL", "Policies": {"PasswordPolicy": {"MinimumLength": "10", "RequireNumbers": "true"}},
        "Schema": [{"Name": "tier", "AttributeDataType": "String", "Mutable": "true"}], "UserPoolTags": {"team": "a"},
        "WebAuthnRelyingPartyID": "auth.example.com", "WebAuthnUserVerification": "required"}))
    pool_id = pool.physical_id
    assert pool.attributes["ProviderName"] == f"cognito-idp.us-east-1.amazonaws.com/{pool_id}"
    described = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert described["Policies"]["PasswordPolicy"]["MinimumLength"] == 10 and described["MfaConfiguration"] == "OPTIONAL"
    passkeys = idp.get_user_pool_mfa_config(UserPoolId=pool_id)["WebAuthnConfiguration"]
    assert passkeys["RelyingPartyId"] == "auth.example.com" and passkeys["UserVerification"] == "required"
    _, client = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPoolClient", {
        "UserPoolId": pool_id, "GenerateSecret": "true", "ExplicitAuthFlows": ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]}))
    assert client.attributes["ClientSecret"]
    _, group = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPoolGroup", {"UserPoolId": pool_id, "GroupName": "admins", "Precedence": "1"}))
    _, _ = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPoolResourceServer", {
        "UserPoolId": pool_id, "Identifier": "api", "Name": "api", "Scopes": [{"ScopeName": "read", "ScopeDescription": "r"}]}))
    _, domain = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPoolDomain", {"UserPoolId": pool_id, "Domain": "cfn-login"}))
    _, user = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPoolUser", {"UserPoolId": pool_id, "Username": "ann",
                                                                                   "MessageAction": "SUPPRESS"}))
    cumulo.run(provision(cumulo.runtime, "AWS::Cognito::UserPoolUserToGroupAttachment", {"UserPoolId": pool_id, "Username": "ann",
                                                                                          "GroupName": "admins"}))
    assert [g["GroupName"] for g in idp.admin_list_groups_for_user(UserPoolId=pool_id, Username="ann")["Groups"]] == ["admins"]
    assert idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]["Domain"] == domain.physical_id == "cfn-login"

    pool_type = types["AWS::Cognito::UserPool"]
    new = {"UserPoolName": "cfn-users-2", "AutoVerifiedAttributes": ["email"],
           "Schema": [{"Name": "tier", "AttributeDataType": "String"}, {"Name": "plan", "AttributeDataType": "String"}]}
    cumulo.run(pool_type.update(ctx, pool_id, new, {"Schema": [{"Name": "tier", "AttributeDataType": "String"}]}))
    described = idp.describe_user_pool(UserPoolId=pool_id)["UserPool"]
    assert described["Name"] == "cfn-users-2" and "custom:plan" in {a["Name"] for a in described["SchemaAttributes"]}
    read = cumulo.run(pool_type.read(ctx, pool_id, new))
    assert read["UserPoolName"] == "cfn-users-2" and read["WebAuthnRelyingPartyID"] == "auth.example.com"

    cumulo.run(types["AWS::Cognito::UserPoolGroup"].delete(ctx, group.physical_id, {"UserPoolId": pool_id}))
    cumulo.run(pool_type.delete(ctx, pool_id, new))
    cumulo.run(pool_type.delete(ctx, pool_id, new))  # already gone: no error
    assert idp.list_user_pools(MaxResults=10)["UserPools"] == []


def test_identity_pool_and_roles(cumulo: CumuloServer) -> None:
    identity = boto3.client("cognito-identity", endpoint_url=cumulo.url, region_name="us-east-1")
    ctx, pool = cumulo.run(provision(cumulo.runtime, "AWS::Cognito::IdentityPool", {"AllowUnauthenticatedIdentities": "true"}))
    role = "arn:aws:iam::000000000000:role/guest"
    cumulo.run(provision(cumulo.runtime, "AWS::Cognito::IdentityPoolRoleAttachment", {
        "IdentityPoolId": pool.physical_id, "Roles": {"unauthenticated": role}}))
    assert identity.get_identity_pool_roles(IdentityPoolId=pool.physical_id)["Roles"] == {"unauthenticated": role}
    cumulo.run(resource_types()["AWS::Cognito::IdentityPool"].delete(ctx, pool.physical_id, {}))
    assert identity.list_identity_pools(MaxResults=10)["IdentityPools"] == []
