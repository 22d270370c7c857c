"""App clients: secrets, token validity and units, auth flows, OAuth settings, attributes."""

from __future__ import annotations

import copy
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common
from cumulo.services.cognito_idp.models import UNITS, Client, UserPool

_SETTINGS = (
    "RefreshTokenValidity", "AccessTokenValidity", "IdTokenValidity", "TokenValidityUnits", "ReadAttributes",
    "WriteAttributes", "ExplicitAuthFlows", "SupportedIdentityProviders", "CallbackURLs", "LogoutURLs",
    "DefaultRedirectURI", "AllowedOAuthFlows", "AllowedOAuthScopes", "AllowedOAuthFlowsUserPoolClient",
    "AnalyticsConfiguration", "PreventUserExistenceErrors", "EnableTokenRevocation",
    "EnablePropagateAdditionalUserContextData", "AuthSessionValidity", "RefreshTokenRotation",
)
DEFAULT_FLOWS = ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_USER_SRP_AUTH"]
_STANDARD_SCOPES = {"openid", "email", "phone", "profile", "aws.cognito.signin.user.admin"}
_LIMITS = {"Access": (300, 86400), "Id": (300, 86400), "Refresh": (3600, 315360000)}


def _configure(ctx: RequestContext, pool: UserPool, client: Client, given: dict[str, Any]) -> None:
    # As AWS describes a client made without them: a refresh token of 30 days, no units
    # (access and ID tokens then live an hour).
    config: dict[str, Any] = {
        "RefreshTokenValidity": 30,
        "AllowedOAuthFlowsUserPoolClient": False, "EnableTokenRevocation": True, "AuthSessionValidity": 3,
        "PreventUserExistenceErrors": "ENABLED", "ExplicitAuthFlows": list(DEFAULT_FLOWS),
    }
    for name in _SETTINGS:
        if name in given and given[name] is not None:
            config[name] = copy.deepcopy(given[name])
    if given.get("TokenValidityUnits"):
        config["TokenValidityUnits"] = {"AccessToken": "hours", "IdToken": "hours", "RefreshToken": "days", **given["TokenValidityUnits"]}
        for kind, seconds in (("Access", 3600), ("Id", 3600), ("Refresh", 30 * 86400)):
            if not given.get(f"{kind}TokenValidity"):  # the default lifetime, said in the kind's unit
                config[f"{kind}TokenValidity"] = max(1, seconds // UNITS[config["TokenValidityUnits"][f"{kind}Token"]])
    config.update({k: v for k, v in client.config.items() if k.startswith("_")})
    client.config = config
    for kind, (low, high) in _LIMITS.items():
        seconds = client.validity(kind)
        if not low <= seconds <= high:
            unit = (config.get("TokenValidityUnits") or {}).get(f"{kind}Token") or ("days" if kind == "Refresh" else "hours")
            raise AwsError("InvalidParameterException",
                           f"{kind}TokenValidity should be between {low // UNITS[unit] or 1} {unit} and {high // UNITS[unit]} {unit}."
                           if kind != "Refresh" else f"RefreshTokenValidity should be between {low // 60} minutes and 10 years.")
    flows = config.get("ExplicitAuthFlows") or []
    legacy = [f for f in flows if not f.startswith("ALLOW_")]
    if legacy and len(legacy) != len(flows):
        raise AwsError("InvalidParameterException", "The combination of legacy and new ExplicitAuthFlows is not allowed.")
    oauth = config.get("AllowedOAuthFlows") or []
    if "client_credentials" in oauth:
        if len(oauth) > 1:
            raise AwsError("InvalidOAuthFlowException", "client_credentials flow can not be selected along with code flow or implicit flow.")
        if not client.secret:
            raise AwsError("InvalidOAuthFlowException", "client_credentials flow can not be selected if client does not have a client secret.")
    if config.get("AllowedOAuthFlowsUserPoolClient") and ("code" in oauth or "implicit" in oauth) and not config.get("CallbackURLs"):
        raise AwsError("InvalidParameterException", "CallbackURLs can not be empty if Code or Implicit flows are allowed.")
    for url in config.get("CallbackURLs") or []:
        if url.startswith("http://") and not url.startswith(("http://localhost", "http://127.0.0.1")):
            raise AwsError("InvalidParameterException", "cannot use the HTTP protocol.")
    known = _STANDARD_SCOPES | {f"{rs['Identifier']}/{s['ScopeName']}" for rs in common.named(ctx, pool, "resource_servers").values()
                                for s in rs.get("Scopes", [])}
    for scope in config.get("AllowedOAuthScopes") or []:
        if scope not in known:
            raise AwsError("ScopeDoesNotExistException", f"Invalid scope requested: {scope}")
    for name in (config.get("ReadAttributes") or []) + (config.get("WriteAttributes") or []):
        if name not in pool.schema and name not in ("email_verified", "phone_number_verified"):
            raise AwsError("InvalidParameterException", f"Invalid read attributes specified while creating a client: {name}")
    providers = set(common.named(ctx, pool, "providers"))
    for name in config.get("SupportedIdentityProviders") or []:
        if name != "COGNITO" and name not in providers:
            raise AwsError("InvalidParameterException", f"The provider {name} does not exist for User Pool {pool.id}")


def _view(client: Client) -> dict[str, Any]:
    out = {"UserPoolId": client.pool_id, "ClientName": client.name, "ClientId": client.id,
           "CreationDate": common.utc(client.created), "LastModifiedDate": common.utc(client.modified),
           **copy.deepcopy({k: v for k, v in client.config.items() if not k.startswith("_")})}
    if client.secret:
        out["ClientSecret"] = client.secret
    return out


def create_user_pool_client(ctx: RequestContext, req: wire.CreateUserPoolClientRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    now = ctx.clock.now()
    client = Client(id=common.new_client_id(), pool_id=pool.id, name=req["ClientName"], created=now, modified=now)
    if req.get("ClientSecret"):
        client.secret = req["ClientSecret"]
    elif req.get("GenerateSecret"):
        client.secret = common.new_client_secret()
    _configure(ctx, pool, client, dict(req))
    common.clients(ctx, pool)[client.id] = client
    common.global_table(ctx.store, "client_index")[client.id] = pool.id
    return {"UserPoolClient": _view(client)}


def describe_user_pool_client(ctx: RequestContext, req: wire.DescribeUserPoolClientRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"UserPoolClient": _view(common.client(ctx, pool, req["ClientId"]))}


def update_user_pool_client(ctx: RequestContext, req: wire.UpdateUserPoolClientRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    _configure(ctx, pool, client, dict(req))  # as AWS does, what the update leaves out goes back to its default
    if req.get("ClientName"):
        client.name = req["ClientName"]
    client.modified = ctx.clock.now()
    common.clients(ctx, pool)[client.id] = client
    return {"UserPoolClient": _view(client)}


def delete_user_pool_client(ctx: RequestContext, req: wire.DeleteUserPoolClientRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    del common.clients(ctx, pool)[client.id]
    common.global_table(ctx.store, "client_index").pop(client.id, None)
    return {}


def list_user_pool_clients(ctx: RequestContext, req: wire.ListUserPoolClientsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    found = sorted((c for c in common.clients(ctx, pool).values() if c.pool_id == pool.id), key=lambda c: c.created)
    chunk, token = common.page(found, req.get("MaxResults"), req.get("NextToken"))
    out: dict[str, Any] = {"UserPoolClients": [{"ClientId": c.id, "UserPoolId": pool.id, "ClientName": c.name} for c in chunk]}
    if token:
        out["NextToken"] = token
    return out


def _secrets(client: Client) -> list[dict[str, Any]]:
    main = [{"ClientSecretId": f"{client.id}--main", "ClientSecretCreateDate": common.utc(client.created)}] if client.secret else []
    return main + [{k: v for k, v in s.items() if k != "ClientSecretValue"} for s in client.extra_secrets]


def add_user_pool_client_secret(ctx: RequestContext, req: wire.AddUserPoolClientSecretRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    if len(_secrets(client)) >= 2:
        raise AwsError("LimitExceededException", "A client can have at most two secrets.")
    value = req.get("ClientSecret") or common.new_client_secret()
    entry = {"ClientSecretId": f"{client.id}--{common.new_id(12) if client.secret else 'main'}", "ClientSecretValue": value,
             "ClientSecretCreateDate": common.utc(ctx.clock.now())}
    if client.secret:
        client.extra_secrets.append(entry)
    else:
        client.secret = value
    common.clients(ctx, pool).touch(client.id)
    return {"ClientSecretDescriptor": entry}


def delete_user_pool_client_secret(ctx: RequestContext, req: wire.DeleteUserPoolClientSecretRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    wanted = req["ClientSecretId"]
    if wanted == f"{client.id}--main" and client.secret:
        client.secret = client.extra_secrets.pop(0)["ClientSecretValue"] if client.extra_secrets else ""
    else:
        kept = [s for s in client.extra_secrets if s["ClientSecretId"] != wanted]
        if len(kept) == len(client.extra_secrets):
            raise AwsError("ResourceNotFoundException", f"Client secret {wanted} does not exist.")
        client.extra_secrets = kept
    common.clients(ctx, pool).touch(client.id)
    return {}


def list_user_pool_client_secrets(ctx: RequestContext, req: wire.ListUserPoolClientSecretsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"ClientSecrets": _secrets(common.client(ctx, pool, req["ClientId"]))}
