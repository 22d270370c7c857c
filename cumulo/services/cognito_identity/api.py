"""Amazon Cognito identity pools: the handlers, one per operation, in model order.

An identity is made by GetId (one per provider subject, or an unauthenticated one);
GetOpenIdToken signs a token naming it (iss https://cognito-identity.amazonaws.com,
aud the pool id) with this service's key; GetCredentialsForIdentity picks the role
(the pool's authenticated/unauthenticated role, or a role mapping by token or by rules
on the token's claims) and has STS issue real credentials for it through
services.call("sts", "AssumeRoleWithWebIdentity"), so they act as that role everywhere.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import uuid
from datetime import datetime, timezone
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_identity as wire
from cumulo.services.cognito_identity import logins as login_checks
from cumulo.services.cognito_identity.models import GLOBAL, Identity, IdentityPool

SERVICE = "cognito-identity"
ISSUER = "https://cognito-identity.amazonaws.com"
_SETTINGS = ("AllowUnauthenticatedIdentities", "AllowClassicFlow", "SupportedLoginProviders", "DeveloperProviderName",
             "OpenIdConnectProviderARNs", "CognitoIdentityProviders", "SamlProviderARNs")
_keys: dict[bytes, Any] = {}


def _pools(ctx: RequestContext, account: str | None = None, region: str | None = None) -> Any:
    return ctx.store.scope(SERVICE, account or ctx.account, region or ctx.region).table("pools")


def _identities(ctx: RequestContext, pool: IdentityPool) -> Any:
    return ctx.store.scope(SERVICE, pool.account, pool.region).table(f"identities/{pool.id}")


def _index(ctx: RequestContext) -> Any:
    return ctx.store.scope(SERVICE, *GLOBAL).table("identity_index")


def _pool(ctx: RequestContext, pool_id: str) -> IdentityPool:
    region = pool_id.split(":", 1)[0]
    found: IdentityPool | None = _pools(ctx, region=region).get(pool_id)
    if found is None:
        account = ctx.store.scope(SERVICE, *GLOBAL).table("pool_index").get(pool_id)
        found = _pools(ctx, account, region).get(pool_id) if account else None
    if found is None:
        raise AwsError("ResourceNotFoundException", f"IdentityPool '{pool_id}' not found.")
    return found


def _identity(ctx: RequestContext, identity_id: str) -> tuple[IdentityPool, Identity]:
    where = _index(ctx).get(identity_id)
    if where is not None:
        account, pool_id = where.split("/", 1)
        pool: IdentityPool | None = _pools(ctx, account, pool_id.split(":", 1)[0]).get(pool_id)
        if pool is not None:
            found: Identity | None = _identities(ctx, pool).get(identity_id)
            if found is not None:
                return pool, found
    raise AwsError("ResourceNotFoundException", f"Identity '{identity_id}' not found.")


def _view(pool: IdentityPool) -> dict[str, Any]:
    return {"IdentityPoolId": pool.id, "IdentityPoolName": pool.name, "IdentityPoolTags": dict(pool.tags),
            **copy.deepcopy(pool.config)}


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def _start(token: str | None) -> int:
    try:
        return int(token or 0)
    except ValueError:
        raise AwsError("InvalidParameterException", "The pagination token is invalid.") from None


def _configure(pool: IdentityPool, given: dict[str, Any]) -> None:
    config = {"AllowUnauthenticatedIdentities": bool(given.get("AllowUnauthenticatedIdentities")),
              "AllowClassicFlow": bool(given.get("AllowClassicFlow", False))}
    for name in _SETTINGS[2:]:
        if given.get(name):
            config[name] = copy.deepcopy(given[name])
    pool.config = config


# ---------------------------------------------------------------- pools


def create_identity_pool(ctx: RequestContext, req: wire.CreateIdentityPoolInput) -> dict[str, Any]:
    pool = IdentityPool(id=f"{ctx.region}:{uuid.uuid4()}", name=req["IdentityPoolName"], account=ctx.account, region=ctx.region,
                        tags=dict(req.get("IdentityPoolTags", {})))
    _configure(pool, dict(req))
    _pools(ctx)[pool.id] = pool
    ctx.store.scope(SERVICE, *GLOBAL).table("pool_index")[pool.id] = ctx.account
    return _view(pool)


def describe_identity_pool(ctx: RequestContext, req: wire.DescribeIdentityPoolInput) -> dict[str, Any]:
    return _view(_pool(ctx, req["IdentityPoolId"]))


def update_identity_pool(ctx: RequestContext, req: wire.IdentityPool) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    _configure(pool, dict(req))
    pool.name = req["IdentityPoolName"]
    if "IdentityPoolTags" in req:
        pool.tags = dict(req["IdentityPoolTags"])
    _pools(ctx, pool.account, pool.region)[pool.id] = pool
    return _view(pool)


def delete_identity_pool(ctx: RequestContext, req: wire.DeleteIdentityPoolInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    index = _index(ctx)
    identities = _identities(ctx, pool)
    for identity_id in list(identities):
        index.pop(identity_id, None)
    identities.clear()
    del _pools(ctx, pool.account, pool.region)[pool.id]
    ctx.store.scope(SERVICE, *GLOBAL).table("pool_index").pop(pool.id, None)
    return {}


def list_identity_pools(ctx: RequestContext, req: wire.ListIdentityPoolsInput) -> dict[str, Any]:
    found = sorted(_pools(ctx).values(), key=lambda p: p.name)
    start = _start(req.get("NextToken"))
    chunk = found[start:start + req["MaxResults"]]
    out: dict[str, Any] = {"IdentityPools": [{"IdentityPoolId": p.id, "IdentityPoolName": p.name} for p in chunk]}
    if start + req["MaxResults"] < len(found):
        out["NextToken"] = str(start + req["MaxResults"])
    return out


def set_identity_pool_roles(ctx: RequestContext, req: wire.SetIdentityPoolRolesInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    for kind in req["Roles"]:
        if kind not in ("authenticated", "unauthenticated"):
            raise AwsError("InvalidParameterException", f"Invalid role type {kind}. Valid values are authenticated, unauthenticated.")
    mappings: dict[str, Any] = dict(req.get("RoleMappings") or {})
    for key, mapping in mappings.items():
        if mapping.get("Type") == "Rules" and not (mapping.get("RulesConfiguration") or {}).get("Rules"):
            raise AwsError("InvalidParameterException", f"RulesConfiguration is required for role mapping {key} of type Rules.")
    pool.roles = dict(req["Roles"])
    pool.role_mappings = copy.deepcopy(dict(req.get("RoleMappings") or {}))
    _pools(ctx, pool.account, pool.region).touch(pool.id)
    return {}


def get_identity_pool_roles(ctx: RequestContext, req: wire.GetIdentityPoolRolesInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    return {"IdentityPoolId": pool.id, "Roles": dict(pool.roles), "RoleMappings": copy.deepcopy(pool.role_mappings)}


def set_principal_tag_attribute_map(ctx: RequestContext, req: wire.SetPrincipalTagAttributeMapInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    entry = {"UseDefaults": bool(req.get("UseDefaults", False)), "PrincipalTags": dict(req.get("PrincipalTags", {}))}
    pool.principal_tags[req["IdentityProviderName"]] = entry
    _pools(ctx, pool.account, pool.region).touch(pool.id)
    return {"IdentityPoolId": pool.id, "IdentityProviderName": req["IdentityProviderName"], **entry}


def get_principal_tag_attribute_map(ctx: RequestContext, req: wire.GetPrincipalTagAttributeMapInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    entry = pool.principal_tags.get(req["IdentityProviderName"], {"UseDefaults": True, "PrincipalTags": {}})
    return {"IdentityPoolId": pool.id, "IdentityProviderName": req["IdentityProviderName"], **copy.deepcopy(entry)}


def _pool_by_arn(ctx: RequestContext, arn: str) -> IdentityPool:
    if ":identitypool/" not in arn:
        raise AwsError("ResourceNotFoundException", f"Resource {arn} not found.")
    return _pool(ctx, arn.split(":identitypool/", 1)[1])


def tag_resource(ctx: RequestContext, req: wire.TagResourceInput) -> dict[str, Any]:
    pool = _pool_by_arn(ctx, req["ResourceArn"])
    pool.tags.update(req["Tags"])
    _pools(ctx, pool.account, pool.region).touch(pool.id)
    return {}


def untag_resource(ctx: RequestContext, req: wire.UntagResourceInput) -> dict[str, Any]:
    pool = _pool_by_arn(ctx, req["ResourceArn"])
    for key in req["TagKeys"]:
        pool.tags.pop(key, None)
    _pools(ctx, pool.account, pool.region).touch(pool.id)
    return {}


def list_tags_for_resource(ctx: RequestContext, req: wire.ListTagsForResourceInput) -> dict[str, Any]:
    return {"Tags": dict(_pool_by_arn(ctx, req["ResourceArn"]).tags)}


# ---------------------------------------------------------------- identities


def _subject(provider: str, claims: dict[str, Any]) -> str:
    return str(claims.get("sub", ""))


def _find_by_login(ctx: RequestContext, pool: IdentityPool, provider: str, subject: str) -> Identity | None:
    for identity in _identities(ctx, pool).values():
        if identity.logins.get(provider) == subject:
            found: Identity = identity
            return found
    return None


def _new_identity(ctx: RequestContext, pool: IdentityPool) -> Identity:
    now = ctx.clock.now()
    identity = Identity(id=f"{pool.region}:{uuid.uuid4()}", pool_id=pool.id, created=now, modified=now)
    _identities(ctx, pool)[identity.id] = identity
    _index(ctx)[identity.id] = f"{pool.account}/{pool.id}"
    return identity


def _link(ctx: RequestContext, pool: IdentityPool, identity: Identity, checked: dict[str, dict[str, Any]]) -> None:
    for provider, claims in checked.items():
        subject = _subject(provider, claims)
        other = _find_by_login(ctx, pool, provider, subject)
        if other is not None and other.id != identity.id:
            raise AwsError("ResourceConflictException", "The provided login is already linked to another identity.")
        identity.logins[provider] = subject
    identity.modified = ctx.clock.now()
    _identities(ctx, pool)[identity.id] = identity


async def get_id(ctx: RequestContext, req: wire.GetIdInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    logins = dict(req.get("Logins", {}))
    if not logins:
        if not pool.config.get("AllowUnauthenticatedIdentities"):
            raise AwsError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
        return {"IdentityId": _new_identity(ctx, pool).id}
    checked = await login_checks.verify(ctx, pool, logins)
    for provider, claims in checked.items():
        found = _find_by_login(ctx, pool, provider, _subject(provider, claims))
        if found is not None:
            _link(ctx, pool, found, checked)
            return {"IdentityId": found.id}
    identity = _new_identity(ctx, pool)
    _link(ctx, pool, identity, checked)
    return {"IdentityId": identity.id}


async def _checked_for(ctx: RequestContext, identity_id: str, logins: dict[str, str]) -> tuple[IdentityPool, Identity, dict[str, dict[str, Any]]]:
    pool, identity = _identity(ctx, identity_id)
    if identity.disabled:
        raise AwsError("NotAuthorizedException", "Access to Identity is forbidden")
    checked = await login_checks.verify(ctx, pool, logins) if logins else {}
    for provider, claims in checked.items():
        linked = identity.logins.get(provider)
        if linked is not None and linked != _subject(provider, claims):
            raise AwsError("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool.")
    if not checked:
        if identity.logins:
            raise AwsError("NotAuthorizedException", "Logins don't match. Please include at least one valid login for this identity or identity pool.")
        if not pool.config.get("AllowUnauthenticatedIdentities"):
            raise AwsError("NotAuthorizedException", "Unauthenticated access is not supported for this identity pool.")
    else:
        _link(ctx, pool, identity, checked)
    return pool, identity, checked


def _key(ctx: RequestContext, pool: IdentityPool) -> tuple[Any, str]:
    table = ctx.store.scope(SERVICE, pool.account, pool.region).table("keys")
    pem: bytes | None = table.get("openid")
    if pem is None:
        private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        table["openid"] = pem
        _keys[pem] = private
    key = _keys.get(pem)
    if key is None:
        key = _keys[pem] = serialization.load_pem_private_key(pem, password=None)
    kid = f"{pool.region}-" + base64.urlsafe_b64encode(hashlib.sha256(pem).digest()[:9]).decode()
    return key, kid


def _open_id_token(ctx: RequestContext, pool: IdentityPool, identity: Identity, providers: list[str], duration: int = 600) -> str:
    key, kid = _key(ctx, pool)
    now = int(ctx.clock.now())
    amr = ["authenticated", *providers] if providers else ["unauthenticated"]
    claims = {"iss": ISSUER, "sub": identity.id, "aud": pool.id, "amr": amr, "iat": now, "exp": now + duration,
              "https://cognito-identity.amazonaws.com/identity-pool-arn": pool.arn}
    return jwt.encode(claims, key, algorithm="RS512", headers={"kid": kid})


async def get_open_id_token(ctx: RequestContext, req: wire.GetOpenIdTokenInput) -> dict[str, Any]:
    pool, identity, checked = await _checked_for(ctx, req["IdentityId"], dict(req.get("Logins", {})))
    return {"IdentityId": identity.id, "Token": _open_id_token(ctx, pool, identity, list(checked))}


def _claim_matches(value: Any, match: str, wanted: str) -> bool:
    values = [str(v) for v in value] if isinstance(value, list) else ([] if value is None else [str(value)])
    if match == "Equals":
        return wanted in values
    if match == "Contains":
        return any(wanted in v for v in values) or wanted in values
    if match == "StartsWith":
        return any(v.startswith(wanted) for v in values)
    if match == "NotEqual":
        return wanted not in values
    return False


def _role_for(pool: IdentityPool, checked: dict[str, dict[str, Any]], custom: str | None) -> str:
    if not checked:
        role = pool.roles.get("unauthenticated")
    else:
        role = None
        for provider, claims in checked.items():
            mapping = pool.role_mappings.get(provider) or pool.role_mappings.get(f"{provider}:{claims.get('aud', '')}")
            if mapping is None:
                continue
            if mapping.get("Type") == "Token":
                roles = claims.get("cognito:roles") or []
                if custom and custom in roles:
                    role = custom
                elif claims.get("cognito:preferred_role") and not custom:
                    role = claims["cognito:preferred_role"]
            elif mapping.get("Type") == "Rules":
                for rule in (mapping.get("RulesConfiguration") or {}).get("Rules") or []:
                    if _claim_matches(claims.get(rule["Claim"]), rule["MatchType"], rule["Value"]):
                        role = rule["RoleARN"]
                        break
            if role is None:
                if mapping.get("AmbiguousRoleResolution") == "Deny":
                    raise AwsError("NotAuthorizedException", "Ambiguous role resolution: no role matched and the pool denies access.")
                role = pool.roles.get("authenticated")
            break
        if role is None:
            role = pool.roles.get("authenticated")
        if custom and role != custom and not any(m.get("Type") == "Token" for m in pool.role_mappings.values()):
            raise AwsError("InvalidParameterException", "CustomRoleArn is only allowed with token-based role mappings.")
    if not role:
        raise AwsError("InvalidIdentityPoolConfigurationException",
                       "Invalid identity pool configuration. Check assigned IAM roles for this pool.")
    return role


async def get_credentials_for_identity(ctx: RequestContext, req: wire.GetCredentialsForIdentityInput) -> dict[str, Any]:
    pool, identity, checked = await _checked_for(ctx, req["IdentityId"], dict(req.get("Logins", {})))
    role = _role_for(pool, checked, req.get("CustomRoleArn"))
    token = _open_id_token(ctx, pool, identity, list(checked))
    try:
        out = await services.call(ctx.runtime, "sts", "AssumeRoleWithWebIdentity",
                                  {"RoleArn": role, "RoleSessionName": "CognitoIdentityCredentials", "WebIdentityToken": token},
                                  pool.account, pool.region)
    except AwsError as error:
        raise AwsError("NotAuthorizedException", f"Could not assume the role {role}: {error.message}") from None
    creds = out["Credentials"]
    return {"IdentityId": identity.id, "Credentials": {"AccessKeyId": creds["AccessKeyId"], "SecretKey": creds["SecretAccessKey"],
                                                      "SessionToken": creds["SessionToken"], "Expiration": creds["Expiration"]}}


def describe_identity(ctx: RequestContext, req: wire.DescribeIdentityInput) -> dict[str, Any]:
    _, identity = _identity(ctx, req["IdentityId"])
    return {"IdentityId": identity.id, "Logins": sorted(identity.logins), "CreationDate": _utc(identity.created),
            "LastModifiedDate": _utc(identity.modified)}


def list_identities(ctx: RequestContext, req: wire.ListIdentitiesInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    found = sorted((i for i in _identities(ctx, pool).values() if not (req.get("HideDisabled") and i.disabled)), key=lambda i: i.created)
    start = _start(req.get("NextToken"))
    chunk = found[start:start + req["MaxResults"]]
    out: dict[str, Any] = {"IdentityPoolId": pool.id, "Identities": [
        {"IdentityId": i.id, "Logins": sorted(i.logins), "CreationDate": _utc(i.created), "LastModifiedDate": _utc(i.modified)}
        for i in chunk]}
    if start + req["MaxResults"] < len(found):
        out["NextToken"] = str(start + req["MaxResults"])
    return out


def delete_identities(ctx: RequestContext, req: wire.DeleteIdentitiesInput) -> dict[str, Any]:
    unprocessed = []
    for identity_id in req["IdentityIdsToDelete"]:
        try:
            pool, identity = _identity(ctx, identity_id)
        except AwsError:
            unprocessed.append({"IdentityId": identity_id, "ErrorCode": "InternalServerError"})
            continue
        del _identities(ctx, pool)[identity.id]
        _index(ctx).pop(identity.id, None)
    return {"UnprocessedIdentityIds": unprocessed}


async def unlink_identity(ctx: RequestContext, req: wire.UnlinkIdentityInput) -> dict[str, Any]:
    pool, identity, _ = await _checked_for(ctx, req["IdentityId"], dict(req["Logins"]))
    for provider in req["LoginsToRemove"]:
        identity.logins.pop(provider, None)
    identity.modified = ctx.clock.now()
    _identities(ctx, pool)[identity.id] = identity
    return {}


# ---------------------------------------------------------------- developer identities


def _developer(pool: IdentityPool, provider: str | None = None) -> str:
    name = pool.config.get("DeveloperProviderName")
    if not name or (provider is not None and provider != name):
        raise AwsError("NotAuthorizedException", "The developer provider name does not match the identity pool's.")
    return str(name)


def get_open_id_token_for_developer_identity(ctx: RequestContext, req: wire.GetOpenIdTokenForDeveloperIdentityInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    provider = _developer(pool)
    logins = dict(req["Logins"])
    user_id = logins.get(provider)
    if user_id is None:
        raise AwsError("NotAuthorizedException", f"Logins must include the developer provider {provider}.")
    identity = _find_by_login(ctx, pool, provider, user_id)
    if req.get("IdentityId"):
        _, named = _identity(ctx, req["IdentityId"])
        if identity is not None and identity.id != named.id:
            raise AwsError("ResourceConflictException", "The developer user identifier is linked to another identity.")
        identity = named
    if identity is None:
        identity = _new_identity(ctx, pool)
    identity.logins[provider] = user_id
    for other, token in logins.items():
        if other != provider:
            identity.logins[other] = token
    identity.modified = ctx.clock.now()
    _identities(ctx, pool)[identity.id] = identity
    duration = int(req.get("TokenDuration") or 900)
    return {"IdentityId": identity.id, "Token": _open_id_token(ctx, pool, identity, sorted(identity.logins), duration)}


def lookup_developer_identity(ctx: RequestContext, req: wire.LookupDeveloperIdentityInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    provider = _developer(pool)
    if req.get("IdentityId"):
        _, identity = _identity(ctx, req["IdentityId"])
    elif req.get("DeveloperUserIdentifier"):
        found = _find_by_login(ctx, pool, provider, req["DeveloperUserIdentifier"])
        if found is None:
            raise AwsError("ResourceNotFoundException", "Developer user identifier not found.")
        identity = found
    else:
        raise AwsError("InvalidParameterException", "IdentityId or DeveloperUserIdentifier is required.")
    ids = [identity.logins[provider]] if provider in identity.logins else []
    return {"IdentityId": identity.id, "DeveloperUserIdentifierList": ids}


def merge_developer_identities(ctx: RequestContext, req: wire.MergeDeveloperIdentitiesInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    provider = _developer(pool, req["DeveloperProviderName"])
    source = _find_by_login(ctx, pool, provider, req["SourceUserIdentifier"])
    destination = _find_by_login(ctx, pool, provider, req["DestinationUserIdentifier"])
    if source is None or destination is None:
        raise AwsError("ResourceNotFoundException", "Developer user identifier not found.")
    if source.id != destination.id:
        # The source's other logins move to the destination identity, which keeps its own
        # developer user identifier; the source identity is gone.
        for name, subject in source.logins.items():
            if name != provider:
                destination.logins.setdefault(name, subject)
        del _identities(ctx, pool)[source.id]
        _index(ctx).pop(source.id, None)
        destination.modified = ctx.clock.now()
        _identities(ctx, pool)[destination.id] = destination
    return {"IdentityId": destination.id}


def unlink_developer_identity(ctx: RequestContext, req: wire.UnlinkDeveloperIdentityInput) -> dict[str, Any]:
    pool = _pool(ctx, req["IdentityPoolId"])
    provider = _developer(pool, req["DeveloperProviderName"])
    _, identity = _identity(ctx, req["IdentityId"])
    if identity.logins.get(provider) != req["DeveloperUserIdentifier"]:
        raise AwsError("ResourceNotFoundException", "Developer user identifier not linked to this identity.")
    del identity.logins[provider]
    identity.modified = ctx.clock.now()
    _identities(ctx, pool)[identity.id] = identity
    return {}
