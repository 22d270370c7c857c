"""Cognito user pools' CloudFormation resource types, made through the service's own API
(cumulo.core.provisioning): UserPool, UserPoolClient, UserPoolDomain, UserPoolGroup,
UserPoolResourceServer, UserPoolIdentityProvider, UserPoolUser and
UserPoolUserToGroupAttachment.

Template values arrive as written (numbers as strings, booleans as "true"); each request
is first brought to the types of the operation's input shape.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

SERVICE = "cognito-idp"
_POOL_SETTINGS = (
    "Policies", "DeletionProtection", "LambdaConfig", "AutoVerifiedAttributes", "SmsVerificationMessage",
    "EmailVerificationMessage", "EmailVerificationSubject", "VerificationMessageTemplate", "SmsAuthenticationMessage",
    "MfaConfiguration", "UserAttributeUpdateSettings", "DeviceConfiguration", "EmailConfiguration", "SmsConfiguration",
    "AdminCreateUserConfig", "UserPoolAddOns", "AccountRecoverySetting", "UserPoolTier",
)
_CLIENT_SETTINGS = (
    "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes",
    "WriteAttributes", "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs",
    "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation",
)


@cache
def _input_shapes(service: str) -> Any:
    """botocore's model of the service (the registry reads the same model), for input types."""
    return botocore.session.get_session().get_service_model(service)


def _typed(shape: Any, value: Any) -> Any:
    """A template value in the type the API shape wants ("true" -> True, "5" -> 5)."""
    kind = shape.type_name
    if kind == "structure" and isinstance(value, dict):
        return {k: _typed(shape.members[k], v) if k in shape.members else v for k, v in value.items()}
    if kind == "list" and isinstance(value, list):
        return [_typed(shape.member, v) for v in value]
    if kind == "map" and isinstance(value, dict):
        return {k: _typed(shape.value, v) for k, v in value.items()}
    if kind == "boolean":
        return boolean(value)
    if kind in ("integer", "long") and isinstance(value, str):
        return int(value)
    return value


async def call(ctx: ProvisionContext, operation: str, request: dict[str, Any], service: str = SERVICE) -> dict[str, Any]:
    shape = _input_shapes(service).operation_model(operation).input_shape
    return await ctx.call(service, operation, _typed(shape, request))


async def _gone(coro: Any, *codes: str) -> None:
    try:
        await coro
    except AwsError as e:
        if e.code not in codes + ("ResourceNotFoundException",):
            raise


# ---------------------------------------------------------------- AWS::Cognito::UserPool


def _pool_resource(ctx: ProvisionContext, pool: dict[str, Any]) -> Resource:
    pool_id = pool["Id"]
    provider = f"cognito-idp.{ctx.region}.amazonaws.com/{pool_id}"
    return Resource(pool_id, {"Arn": pool["Arn"], "ProviderName": provider, "ProviderURL": f"https://{provider}", "UserPoolId": pool_id})


async def _mfa(ctx: ProvisionContext, pool_id: str, props: dict[str, Any]) -> None:
    enabled = props.get("EnabledMfas") or []
    request: dict[str, Any] = {"UserPoolId": pool_id}
    if "SOFTWARE_TOKEN_MFA" in enabled or props.get("MfaConfiguration", "OFF") != "OFF":
        request["SoftwareTokenMfaConfiguration"] = {"Enabled": "SOFTWARE_TOKEN_MFA" in enabled}
        if "SMS_MFA" in enabled and props.get("SmsConfiguration"):
            request["SmsMfaConfiguration"] = {"SmsConfiguration": props["SmsConfiguration"]}
        if props.get("MfaConfiguration"):
            request["MfaConfiguration"] = props["MfaConfiguration"]
    # Passkeys' relying party and user verification are pool properties in templates, MFA settings in the API.
    passkeys = {k: props[p] for k, p in (("RelyingPartyId", "WebAuthnRelyingPartyID"), ("UserVerification", "WebAuthnUserVerification"))
                if props.get(p)}
    if passkeys:
        request["WebAuthnConfiguration"] = passkeys
    if len(request) > 1:
        await call(ctx, "SetUserPoolMfaConfig", request)


async def create_user_pool(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {k: props[k] for k in (*_POOL_SETTINGS, "AliasAttributes", "UsernameAttributes", "UsernameConfiguration", "Schema") if k in props}
    request["PoolName"] = props.get("UserPoolName") or ctx.physical_name(128)
    if props.get("MfaConfiguration", "OFF") != "OFF" and not props.get("SmsConfiguration"):
        request.pop("MfaConfiguration")  # turned on with its methods below, as CloudFormation does
    if tags := ctx.tag_map(props.get("UserPoolTags")):
        request["UserPoolTags"] = tags
    pool = (await call(ctx, "CreateUserPool", request))["UserPool"]
    await _mfa(ctx, pool["Id"], props)
    return _pool_resource(ctx, pool)


async def update_user_pool(ctx: ProvisionContext, pool_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {k: props[k] for k in _POOL_SETTINGS if k in props}
    request.update(UserPoolId=pool_id, UserPoolTags=ctx.tag_map(props.get("UserPoolTags")))
    if props.get("UserPoolName"):
        request["PoolName"] = props["UserPoolName"]
    request.pop("MfaConfiguration", None)
    await call(ctx, "UpdateUserPool", request)
    known = {a["Name"] for a in old.get("Schema") or []}
    added = [a for a in props.get("Schema") or [] if a.get("Name") not in known]
    if added:
        await call(ctx, "AddCustomAttributes", {"UserPoolId": pool_id, "CustomAttributes": added})
    await _mfa(ctx, pool_id, props)
    return _pool_resource(ctx, (await call(ctx, "DescribeUserPool", {"UserPoolId": pool_id}))["UserPool"])


async def delete_user_pool(ctx: ProvisionContext, pool_id: str, props: dict[str, Any]) -> None:
    try:
        pool = (await call(ctx, "DescribeUserPool", {"UserPoolId": pool_id}))["UserPool"]
    except AwsError as e:
        if e.code == "ResourceNotFoundException":
            return
        raise
    if pool.get("Domain"):
        await _gone(call(ctx, "DeleteUserPoolDomain", {"UserPoolId": pool_id, "Domain": pool["Domain"]}), "InvalidParameterException")
    await _gone(call(ctx, "DeleteUserPool", {"UserPoolId": pool_id}))


async def read_user_pool(ctx: ProvisionContext, pool_id: str, props: dict[str, Any]) -> dict[str, Any]:
    pool = (await call(ctx, "DescribeUserPool", {"UserPoolId": pool_id}))["UserPool"]
    current = {k: pool[k] for k in (*_POOL_SETTINGS, "AliasAttributes", "UsernameAttributes", "UsernameConfiguration") if k in pool}
    current["UserPoolName"] = pool["Name"]
    if pool.get("UserPoolTags"):
        current["UserPoolTags"] = pool["UserPoolTags"]
    passkeys = (await call(ctx, "GetUserPoolMfaConfig", {"UserPoolId": pool_id})).get("WebAuthnConfiguration") or {}
    for key, prop in (("RelyingPartyId", "WebAuthnRelyingPartyID"), ("UserVerification", "WebAuthnUserVerification")):
        if passkeys.get(key):
            current[prop] = passkeys[key]
    return current


# ---------------------------------------------------------------- AWS::Cognito::UserPoolClient


def _client_resource(client: dict[str, Any]) -> Resource:
    return Resource(client["ClientId"], {"ClientId": client["ClientId"], "Name": client["ClientName"],
                                         "ClientSecret": client.get("ClientSecret", "")})


async def create_user_pool_client(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request = {k: props[k] for k in _CLIENT_SETTINGS if k in props}
    request.update(UserPoolId=props["UserPoolId"], ClientName=props.get("ClientName") or ctx.physical_name(128))
    if "GenerateSecret" in props:
        request["GenerateSecret"] = props["GenerateSecret"]
    return _client_resource((await call(ctx, "CreateUserPoolClient", request))["UserPoolClient"])


async def update_user_pool_client(ctx: ProvisionContext, client_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request = {k: props[k] for k in _CLIENT_SETTINGS if k in props}
    request.update(UserPoolId=props["UserPoolId"], ClientId=client_id)
    if props.get("ClientName"):
        request["ClientName"] = props["ClientName"]
    return _client_resource((await call(ctx, "UpdateUserPoolClient", request))["UserPoolClient"])


async def delete_user_pool_client(ctx: ProvisionContext, client_id: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "DeleteUserPoolClient", {"UserPoolId": props["UserPoolId"], "ClientId": client_id}))


async def read_user_pool_client(ctx: ProvisionContext, client_id: str, props: dict[str, Any]) -> dict[str, Any]:
    client = (await call(ctx, "DescribeUserPoolClient", {"UserPoolId": props["UserPoolId"], "ClientId": client_id}))["UserPoolClient"]
    return {"ClientName": client["ClientName"], "UserPoolId": client["UserPoolId"], **{k: client[k] for k in _CLIENT_SETTINGS if k in client}}


# ---------------------------------------------------------------- domains, groups, resource servers, providers


async def create_domain(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {k: props[k] for k in ("Domain", "UserPoolId", "CustomDomainConfig", "ManagedLoginVersion") if k in props}
    out = await call(ctx, "CreateUserPoolDomain", request)
    cloudfront = out.get("CloudFrontDomain") or f"{props['Domain']}.auth.{ctx.region}.amazoncognito.com"
    return Resource(props["Domain"], {"CloudFrontDistribution": cloudfront})


async def update_domain(ctx: ProvisionContext, domain: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {k: props[k] for k in ("Domain", "UserPoolId", "CustomDomainConfig", "ManagedLoginVersion") if k in props}
    await call(ctx, "UpdateUserPoolDomain", request)
    return Resource(domain, {"CloudFrontDistribution": f"{domain}.auth.{ctx.region}.amazoncognito.com"})


async def delete_domain(ctx: ProvisionContext, domain: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "DeleteUserPoolDomain", {"Domain": domain, "UserPoolId": props["UserPoolId"]}), "InvalidParameterException")


_GROUP = ("Description", "Precedence", "RoleArn")


async def create_group(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    name = props.get("GroupName") or ctx.physical_name(128)
    await call(ctx, "CreateGroup", {"GroupName": name, "UserPoolId": props["UserPoolId"], **{k: props[k] for k in _GROUP if k in props}})
    return Resource(name)


async def update_group(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await call(ctx, "UpdateGroup", {"GroupName": name, "UserPoolId": props["UserPoolId"], **{k: props[k] for k in _GROUP if k in props}})
    return Resource(name)


async def delete_group(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "DeleteGroup", {"GroupName": name, "UserPoolId": props["UserPoolId"]}))


async def create_resource_server(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await call(ctx, "CreateResourceServer", {k: props[k] for k in ("UserPoolId", "Identifier", "Name", "Scopes") if k in props})
    return Resource(props["Identifier"])


async def update_resource_server(ctx: ProvisionContext, identifier: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await call(ctx, "UpdateResourceServer", {k: props[k] for k in ("UserPoolId", "Identifier", "Name", "Scopes") if k in props})
    return Resource(identifier)


async def delete_resource_server(ctx: ProvisionContext, identifier: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "DeleteResourceServer", {"UserPoolId": props["UserPoolId"], "Identifier": identifier}))


_PROVIDER = ("UserPoolId", "ProviderName", "ProviderType", "ProviderDetails", "AttributeMapping", "IdpIdentifiers")


async def create_provider(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await call(ctx, "CreateIdentityProvider", {k: props[k] for k in _PROVIDER if k in props})
    return Resource(props["ProviderName"])


async def update_provider(ctx: ProvisionContext, name: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    await call(ctx, "UpdateIdentityProvider", {k: props[k] for k in _PROVIDER if k in props and k != "ProviderType"})
    return Resource(name)


async def delete_provider(ctx: ProvisionContext, name: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "DeleteIdentityProvider", {"UserPoolId": props["UserPoolId"], "ProviderName": name}))


# ---------------------------------------------------------------- users and memberships


async def create_user(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    request: dict[str, Any] = {k: props[k] for k in ("UserPoolId", "Username", "UserAttributes", "ValidationData", "ClientMetadata",
                                     "ForceAliasCreation", "MessageAction", "DesiredDeliveryMediums") if k in props}
    request.setdefault("Username", ctx.physical_name(128))
    user = (await call(ctx, "AdminCreateUser", request))["User"]
    return Resource(user["Username"])


async def delete_user(ctx: ProvisionContext, username: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "AdminDeleteUser", {"UserPoolId": props["UserPoolId"], "Username": username}), "UserNotFoundException")


async def create_membership(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await call(ctx, "AdminAddUserToGroup", {k: props[k] for k in ("UserPoolId", "Username", "GroupName")})
    return Resource(f"{props['UserPoolId']}/{props['GroupName']}/{props['Username']}")


async def delete_membership(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    await _gone(call(ctx, "AdminRemoveUserFromGroup", {k: props[k] for k in ("UserPoolId", "Username", "GroupName")}),
                "UserNotFoundException")


RESOURCE_TYPES = {
    "AWS::Cognito::UserPool": ResourceType(create_user_pool, delete_user_pool, update_user_pool, read=read_user_pool,
                                           replaces=frozenset({"AliasAttributes", "UsernameAttributes", "UsernameConfiguration"})),
    "AWS::Cognito::UserPoolClient": ResourceType(create_user_pool_client, delete_user_pool_client, update_user_pool_client,
                                                 read=read_user_pool_client, replaces=frozenset({"UserPoolId", "GenerateSecret"})),
    "AWS::Cognito::UserPoolDomain": ResourceType(create_domain, delete_domain, update_domain, replaces=frozenset({"Domain", "UserPoolId"})),
    "AWS::Cognito::UserPoolGroup": ResourceType(create_group, delete_group, update_group, replaces=frozenset({"GroupName", "UserPoolId"})),
    "AWS::Cognito::UserPoolResourceServer": ResourceType(create_resource_server, delete_resource_server, update_resource_server,
                                                         replaces=frozenset({"Identifier", "UserPoolId"})),
    "AWS::Cognito::UserPoolIdentityProvider": ResourceType(create_provider, delete_provider, update_provider,
                                                           replaces=frozenset({"ProviderName", "ProviderType", "UserPoolId"})),
    "AWS::Cognito::UserPoolUser": ResourceType(create_user, delete_user),
    "AWS::Cognito::UserPoolUserToGroupAttachment": ResourceType(create_membership, delete_membership),
}
