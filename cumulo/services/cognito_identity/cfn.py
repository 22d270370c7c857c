"""Cognito identity pools' CloudFormation resource types, made through the service's own API
(cumulo.core.provisioning): IdentityPool, IdentityPoolRoleAttachment, IdentityPoolPrincipalTag."""

from __future__ import annotations

from functools import cache
from typing import Any

import botocore.session

from cumulo.core.errors import AwsError
from cumulo.core.provisioning import ProvisionContext, Resource, ResourceType, boolean

SERVICE = "cognito-identity"
_SETTINGS = ("AllowUnauthenticatedIdentities", "AllowClassicFlow", "SupportedLoginProviders", "DeveloperProviderName",
             "OpenIdConnectProviderARNs", "CognitoIdentityProviders", "SamlProviderARNs")


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


async def _call(ctx: ProvisionContext, operation: str, request: dict[str, Any]) -> dict[str, Any]:
    shape = _input_shapes(SERVICE).operation_model(operation).input_shape
    return await ctx.call(SERVICE, operation, _typed(shape, request))


def _request(ctx: ProvisionContext, props: dict[str, Any]) -> dict[str, Any]:
    request = {k: props[k] for k in _SETTINGS if k in props}
    request["AllowUnauthenticatedIdentities"] = boolean(props.get("AllowUnauthenticatedIdentities", False))
    request["IdentityPoolName"] = props.get("IdentityPoolName") or ctx.physical_name(128).replace("-", "_")
    if tags := ctx.tag_map(props.get("IdentityPoolTags")):
        request["IdentityPoolTags"] = tags
    return request


async def create_identity_pool(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    pool = await _call(ctx, "CreateIdentityPool", _request(ctx, props))
    return Resource(pool["IdentityPoolId"], {"Id": pool["IdentityPoolId"], "Name": pool["IdentityPoolName"]})


async def update_identity_pool(ctx: ProvisionContext, pool_id: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    pool = await _call(ctx, "UpdateIdentityPool", {"IdentityPoolId": pool_id, **_request(ctx, props)})
    return Resource(pool_id, {"Id": pool_id, "Name": pool["IdentityPoolName"]})


async def delete_identity_pool(ctx: ProvisionContext, pool_id: str, props: dict[str, Any]) -> None:
    try:
        await _call(ctx, "DeleteIdentityPool", {"IdentityPoolId": pool_id})
    except AwsError as e:
        if e.code != "ResourceNotFoundException":
            raise


def _role_mappings(props: dict[str, Any]) -> dict[str, Any]:
    """CloudFormation names each mapping by a key of its own and puts the provider inside it."""
    out = {}
    for key, mapping in (props.get("RoleMappings") or {}).items():
        entry = {k: v for k, v in mapping.items() if k != "IdentityProvider"}
        out[mapping.get("IdentityProvider") or key] = entry
    return out


async def set_roles(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _call(ctx, "SetIdentityPoolRoles", {"IdentityPoolId": props["IdentityPoolId"], "Roles": props.get("Roles") or {},
                                              "RoleMappings": _role_mappings(props)})
    return Resource(f"{props['IdentityPoolId']}/roles")


async def update_roles(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    return await set_roles(ctx, props)


async def clear_roles(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    try:
        await _call(ctx, "SetIdentityPoolRoles", {"IdentityPoolId": props["IdentityPoolId"], "Roles": {}, "RoleMappings": {}})
    except AwsError as e:
        if e.code != "ResourceNotFoundException":
            raise


async def set_principal_tags(ctx: ProvisionContext, props: dict[str, Any]) -> Resource:
    await _call(ctx, "SetPrincipalTagAttributeMap", {k: props[k] for k in ("IdentityPoolId", "IdentityProviderName", "UseDefaults",
                                                                            "PrincipalTags") if k in props})
    return Resource(f"{props['IdentityPoolId']}/{props['IdentityProviderName']}")


async def update_principal_tags(ctx: ProvisionContext, pid: str, props: dict[str, Any], old: dict[str, Any]) -> Resource:
    return await set_principal_tags(ctx, props)


async def clear_principal_tags(ctx: ProvisionContext, pid: str, props: dict[str, Any]) -> None:
    try:
        await _call(ctx, "SetPrincipalTagAttributeMap", {"IdentityPoolId": props["IdentityPoolId"],
                                                         "IdentityProviderName": props["IdentityProviderName"],
                                                         "UseDefaults": True, "PrincipalTags": {}})
    except AwsError as e:
        if e.code != "ResourceNotFoundException":
            raise


RESOURCE_TYPES = {
    "AWS::Cognito::IdentityPool": ResourceType(create_identity_pool, delete_identity_pool, update_identity_pool),
    "AWS::Cognito::IdentityPoolRoleAttachment": ResourceType(set_roles, clear_roles, update_roles, replaces=frozenset({"IdentityPoolId"})),
    "AWS::Cognito::IdentityPoolPrincipalTag": ResourceType(set_principal_tags, clear_principal_tags, update_principal_tags,
                                                           replaces=frozenset({"IdentityPoolId", "IdentityProviderName"})),
}
