"""A pool's other resources: resource servers and scopes, domains, identity providers,
UI customization and managed login branding, terms, user import jobs."""

from __future__ import annotations

import base64
import copy
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common
from cumulo.services.cognito_idp.models import UserPool


def _dated(entry: dict[str, Any]) -> dict[str, Any]:
    return {k: (common.utc(v) if k.endswith("Date") and isinstance(v, float) else v) for k, v in entry.items()
            if not k.startswith("_")}


def _get(ctx: RequestContext, pool: UserPool, kind: str, key: str, message: str) -> dict[str, Any]:
    found: dict[str, Any] | None = common.named(ctx, pool, kind).get(key)
    if found is None:
        raise AwsError("ResourceNotFoundException", message)
    return found


# ---------------------------------------------------------------- resource servers


def create_resource_server(ctx: RequestContext, req: wire.CreateResourceServerRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    table = common.named(ctx, pool, "resource_servers")
    if req["Identifier"] in table:
        raise AwsError("InvalidParameterException", f"{req['Identifier']} already exists in user pool {pool.id}.")
    server: dict[str, Any] = {"UserPoolId": pool.id, "Identifier": req["Identifier"], "Name": req["Name"],
              "Scopes": copy.deepcopy(list(req.get("Scopes", [])))}
    table[server["Identifier"]] = server
    return {"ResourceServer": copy.deepcopy(server)}


def describe_resource_server(ctx: RequestContext, req: wire.DescribeResourceServerRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"ResourceServer": copy.deepcopy(_get(ctx, pool, "resource_servers", req["Identifier"],
                                                 f"Resource server {req['Identifier']} does not exist."))}


def update_resource_server(ctx: RequestContext, req: wire.UpdateResourceServerRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    server = _get(ctx, pool, "resource_servers", req["Identifier"], f"Resource server {req['Identifier']} does not exist.")
    server["Name"] = req["Name"]
    server["Scopes"] = copy.deepcopy(list(req.get("Scopes", [])))
    common.named(ctx, pool, "resource_servers").touch(req["Identifier"])
    return {"ResourceServer": copy.deepcopy(server)}


def delete_resource_server(ctx: RequestContext, req: wire.DeleteResourceServerRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _get(ctx, pool, "resource_servers", req["Identifier"], f"Resource server {req['Identifier']} does not exist.")
    del common.named(ctx, pool, "resource_servers")[req["Identifier"]]
    return {}


def list_resource_servers(ctx: RequestContext, req: wire.ListResourceServersRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    found = sorted(common.named(ctx, pool, "resource_servers").values(), key=lambda s: s["Identifier"])
    chunk, token = common.page(found, req.get("MaxResults"), req.get("NextToken"), 50)
    return {"ResourceServers": copy.deepcopy(chunk), **({"NextToken": token} if token else {})}


# ---------------------------------------------------------------- domains


def create_user_pool_domain(ctx: RequestContext, req: wire.CreateUserPoolDomainRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    domain = req["Domain"]
    index = common.global_table(ctx.store, "domain_index")
    custom = bool(req.get("CustomDomainConfig"))
    if domain in index:
        raise AwsError("InvalidParameterException", "Domain already associated with another user pool.")
    if (pool.custom_domain if custom else pool.domain):
        raise AwsError("InvalidParameterException", f"User pool {pool.id} already has a domain configured.")
    if not custom and (not domain.replace("-", "").isalnum() or domain != domain.lower() or "aws" in domain or "cognito" in domain):
        raise AwsError("InvalidParameterException", "Domain name contains invalid characters or a reserved word.")
    index[domain] = pool.id
    entry: dict[str, Any] = {"Domain": domain, "CustomDomainConfig": copy.deepcopy(req.get("CustomDomainConfig")),
             "ManagedLoginVersion": req.get("ManagedLoginVersion", 1)}
    if req.get("Routing"):
        entry["Routing"] = copy.deepcopy(req["Routing"])
    if custom:
        pool.custom_domain = domain
    else:
        pool.domain = domain
    common.named(ctx, pool, "extras")[f"domain:{domain}"] = entry
    common.touch(ctx, pool)
    out: dict[str, Any] = {"ManagedLoginVersion": entry["ManagedLoginVersion"], **({"Routing": entry["Routing"]} if "Routing" in entry else {})}
    if custom:
        out["CloudFrontDomain"] = f"{common.new_id(14).lower()}.cloudfront.net"
    return out


def _domain_owner(ctx: RequestContext, domain: str) -> UserPool | None:
    pool_id = common.global_table(ctx.store, "domain_index").get(domain)
    return common.pool_or_none(ctx, pool_id) if pool_id else None


def describe_user_pool_domain(ctx: RequestContext, req: wire.DescribeUserPoolDomainRequest) -> dict[str, Any]:
    pool = _domain_owner(ctx, req["Domain"])
    if pool is None:
        return {"DomainDescription": {}}
    entry = common.named(ctx, pool, "extras").get(f"domain:{req['Domain']}", {})
    out = {"UserPoolId": pool.id, "AWSAccountId": pool.account, "Domain": req["Domain"],
           "S3Bucket": "aws-cognito-prod-cumulo-assets", "CloudFrontDistribution": f"{req['Domain']}.cloudfront.net",
           "Version": "20260101000000", "Status": "ACTIVE", "ManagedLoginVersion": entry.get("ManagedLoginVersion", 1)}
    for name in ("CustomDomainConfig", "Routing"):
        if entry.get(name):
            out[name] = entry[name]
    return {"DomainDescription": out}


def update_user_pool_domain(ctx: RequestContext, req: wire.UpdateUserPoolDomainRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    if req["Domain"] not in (pool.domain, pool.custom_domain):
        raise AwsError("ResourceNotFoundException", f"Domain {req['Domain']} does not exist for user pool {pool.id}.")
    extras = common.named(ctx, pool, "extras")
    entry = extras.get(f"domain:{req['Domain']}", {})
    if "ManagedLoginVersion" in req:
        entry["ManagedLoginVersion"] = req["ManagedLoginVersion"]
    for name in ("CustomDomainConfig", "Routing"):
        if name in req:
            entry[name] = copy.deepcopy(req[name])  # type: ignore[literal-required]
    extras[f"domain:{req['Domain']}"] = entry
    return {"ManagedLoginVersion": entry.get("ManagedLoginVersion", 1)}


def delete_user_pool_domain(ctx: RequestContext, req: wire.DeleteUserPoolDomainRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    domain = req["Domain"]
    if domain not in (pool.domain, pool.custom_domain):
        raise AwsError("InvalidParameterException", "No such domain or user pool exists.")
    if pool.domain == domain:
        pool.domain = ""
    else:
        pool.custom_domain = ""
    common.global_table(ctx.store, "domain_index").pop(domain, None)
    common.named(ctx, pool, "extras").pop(f"domain:{domain}", None)
    common.touch(ctx, pool)
    return {}


# ---------------------------------------------------------------- identity providers


def _provider_view(entry: dict[str, Any]) -> dict[str, Any]:
    return _dated(copy.deepcopy(entry))


def create_identity_provider(ctx: RequestContext, req: wire.CreateIdentityProviderRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    table = common.named(ctx, pool, "providers")
    name = req["ProviderName"]
    if name in table:
        raise AwsError("DuplicateProviderException", f"A provider with the name {name} already exists in this user pool.")
    now = ctx.clock.now()
    details = dict(req["ProviderDetails"])
    if req["ProviderType"] == "OIDC":
        for needed in ("client_id", "authorize_scopes"):
            if needed not in details:
                raise AwsError("InvalidParameterException", f"{needed} is required for OIDC providers.")
        issuer = details.get("oidc_issuer", "").rstrip("/")
        details.setdefault("attributes_request_method", "GET")
        if issuer:
            details.setdefault("authorize_url", f"{issuer}/authorize")
            details.setdefault("token_url", f"{issuer}/token")
            details.setdefault("attributes_url", f"{issuer}/userinfo")
            details.setdefault("jwks_uri", f"{issuer}/.well-known/jwks.json")
    entry = {"UserPoolId": pool.id, "ProviderName": name, "ProviderType": req["ProviderType"], "ProviderDetails": details,
             "AttributeMapping": dict(req.get("AttributeMapping", {})), "IdpIdentifiers": list(req.get("IdpIdentifiers", [])),
             "LastModifiedDate": now, "CreationDate": now}
    if req.get("AcrMapping"):
        entry["AcrMapping"] = dict(req.get("AcrMapping", {}))  # type: ignore[typeddict-item]
    table[name] = entry
    return {"IdentityProvider": _provider_view(entry)}


def describe_identity_provider(ctx: RequestContext, req: wire.DescribeIdentityProviderRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"IdentityProvider": _provider_view(_get(ctx, pool, "providers", req["ProviderName"],
                                                    f"Identity provider {req['ProviderName']} does not exist."))}


def update_identity_provider(ctx: RequestContext, req: wire.UpdateIdentityProviderRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    entry = _get(ctx, pool, "providers", req["ProviderName"], f"Identity provider {req['ProviderName']} does not exist.")
    for name in ("ProviderDetails", "AttributeMapping", "IdpIdentifiers", "AcrMapping"):
        if name in req:
            entry[name] = copy.deepcopy(req[name])  # type: ignore[literal-required]
    entry["LastModifiedDate"] = ctx.clock.now()
    common.named(ctx, pool, "providers").touch(req["ProviderName"])
    return {"IdentityProvider": _provider_view(entry)}


def delete_identity_provider(ctx: RequestContext, req: wire.DeleteIdentityProviderRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _get(ctx, pool, "providers", req["ProviderName"], f"Identity provider {req['ProviderName']} does not exist.")
    del common.named(ctx, pool, "providers")[req["ProviderName"]]
    return {}


def list_identity_providers(ctx: RequestContext, req: wire.ListIdentityProvidersRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    found = sorted(common.named(ctx, pool, "providers").values(), key=lambda p: p["CreationDate"])
    chunk, token = common.page(found, req.get("MaxResults"), req.get("NextToken"))
    return {"Providers": [{k: _dated(p)[k] for k in ("ProviderName", "ProviderType", "LastModifiedDate", "CreationDate")}
                          for p in chunk], **({"NextToken": token} if token else {})}


def get_identity_provider_by_identifier(ctx: RequestContext, req: wire.GetIdentityProviderByIdentifierRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    for entry in common.named(ctx, pool, "providers").values():
        if req["IdpIdentifier"] in entry.get("IdpIdentifiers", []):
            return {"IdentityProvider": _provider_view(entry)}
    raise AwsError("ResourceNotFoundException", f"Identity provider for identifier {req['IdpIdentifier']} does not exist.")


# ---------------------------------------------------------------- UI customization, branding, terms


def set_ui_customization(ctx: RequestContext, req: wire.SetUICustomizationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client_id = req.get("ClientId") or "ALL"
    if client_id != "ALL":
        common.client(ctx, pool, client_id)
    now = ctx.clock.now()
    entry = {"UserPoolId": pool.id, "ClientId": client_id, "CSS": req.get("CSS", ""), "CSSVersion": str(int(now)),
             "CreationDate": pool.ui.get(client_id, {}).get("CreationDate", now), "LastModifiedDate": now}
    if req.get("ImageFile"):
        entry["ImageUrl"] = f"https://{pool.domain or 'cumulo'}.cloudfront.net/{pool.id}/{client_id}/logo.png"
        entry["_image"] = base64.b64encode(bytes(req["ImageFile"])).decode()
    pool.ui[client_id] = entry
    common.touch(ctx, pool)
    return {"UICustomization": _dated(entry)}


def get_ui_customization(ctx: RequestContext, req: wire.GetUICustomizationRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client_id = req.get("ClientId") or "ALL"
    entry = pool.ui.get(client_id) or pool.ui.get("ALL") or {"UserPoolId": pool.id, "ClientId": client_id}
    return {"UICustomization": _dated(entry)}


def create_managed_login_branding(ctx: RequestContext, req: wire.CreateManagedLoginBrandingRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    common.client(ctx, pool, req["ClientId"])
    table = common.named(ctx, pool, "extras")
    if f"branding-client:{req['ClientId']}" in table:
        raise AwsError("ManagedLoginBrandingExistsException", "A managed login branding style already exists for this client.")
    now = ctx.clock.now()
    entry = {"ManagedLoginBrandingId": str(uuid.uuid4()), "UserPoolId": pool.id,
             "UseCognitoProvidedValues": bool(req.get("UseCognitoProvidedValues", not req.get("Settings"))),
             "Settings": copy.deepcopy(req.get("Settings", {})), "Assets": copy.deepcopy(list(req.get("Assets", []))),
             "CreationDate": now, "LastModifiedDate": now, "_client": req["ClientId"]}
    table[f"branding:{entry['ManagedLoginBrandingId']}"] = entry
    table[f"branding-client:{req['ClientId']}"] = entry["ManagedLoginBrandingId"]
    return {"ManagedLoginBranding": _dated(entry)}


def _branding(ctx: RequestContext, pool: UserPool, branding_id: str) -> dict[str, Any]:
    return _get(ctx, pool, "extras", f"branding:{branding_id}", f"Managed login branding {branding_id} does not exist.")


def describe_managed_login_branding(ctx: RequestContext, req: wire.DescribeManagedLoginBrandingRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"ManagedLoginBranding": _dated(_branding(ctx, pool, req["ManagedLoginBrandingId"]))}


def describe_managed_login_branding_by_client(ctx: RequestContext, req: wire.DescribeManagedLoginBrandingByClientRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    branding_id = common.named(ctx, pool, "extras").get(f"branding-client:{req['ClientId']}")
    if branding_id is None:
        raise AwsError("ResourceNotFoundException", f"No managed login branding for client {req['ClientId']}.")
    return {"ManagedLoginBranding": _dated(_branding(ctx, pool, branding_id))}


def update_managed_login_branding(ctx: RequestContext, req: wire.UpdateManagedLoginBrandingRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req.get("UserPoolId", ""))
    entry = _branding(ctx, pool, req.get("ManagedLoginBrandingId", ""))
    for name in ("UseCognitoProvidedValues", "Settings", "Assets"):
        if name in req:
            entry[name] = copy.deepcopy(req[name])  # type: ignore[literal-required]
    entry["LastModifiedDate"] = ctx.clock.now()
    common.named(ctx, pool, "extras").touch(f"branding:{entry['ManagedLoginBrandingId']}")
    return {"ManagedLoginBranding": _dated(entry)}


def delete_managed_login_branding(ctx: RequestContext, req: wire.DeleteManagedLoginBrandingRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    entry = _branding(ctx, pool, req["ManagedLoginBrandingId"])
    table = common.named(ctx, pool, "extras")
    del table[f"branding:{entry['ManagedLoginBrandingId']}"]
    table.pop(f"branding-client:{entry['_client']}", None)
    return {}


def _terms_view(entry: dict[str, Any]) -> dict[str, Any]:
    return _dated(copy.deepcopy(entry))


def create_terms(ctx: RequestContext, req: wire.CreateTermsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    common.client(ctx, pool, req["ClientId"])
    table = common.named(ctx, pool, "extras")
    if any(k.startswith("terms:") and v["ClientId"] == req["ClientId"] and v["TermsName"] == req["TermsName"] for k, v in table.items()):
        raise AwsError("TermsExistsException", f"Terms {req['TermsName']} already exist for this client.")
    now = ctx.clock.now()
    entry = {"TermsId": str(uuid.uuid4()), "UserPoolId": pool.id, "ClientId": req["ClientId"], "TermsName": req["TermsName"],
             "TermsSource": req["TermsSource"], "Enforcement": req["Enforcement"], "Links": dict(req.get("Links", {})),
             "CreationDate": now, "LastModifiedDate": now}
    table[f"terms:{entry['TermsId']}"] = entry
    return {"Terms": _terms_view(entry)}


def _terms(ctx: RequestContext, pool: UserPool, terms_id: str) -> dict[str, Any]:
    return _get(ctx, pool, "extras", f"terms:{terms_id}", f"Terms {terms_id} do not exist.")


def describe_terms(ctx: RequestContext, req: wire.DescribeTermsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    return {"Terms": _terms_view(_terms(ctx, pool, req["TermsId"]))}


def describe_terms_by_client(ctx: RequestContext, req: wire.DescribeTermsByClientRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    for key, entry in common.named(ctx, pool, "extras").items():
        if key.startswith("terms:") and entry["ClientId"] == req["ClientId"] and entry["TermsName"] == req["TermsName"]:
            return {"Terms": _terms_view(entry)}
    raise AwsError("ResourceNotFoundException", f"Terms {req['TermsName']} do not exist for client {req['ClientId']}.")


def update_terms(ctx: RequestContext, req: wire.UpdateTermsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    entry = _terms(ctx, pool, req["TermsId"])
    for name in ("TermsName", "TermsSource", "Enforcement", "Links"):
        if name in req:
            entry[name] = copy.deepcopy(req[name])  # type: ignore[literal-required]
    entry["LastModifiedDate"] = ctx.clock.now()
    common.named(ctx, pool, "extras").touch(f"terms:{req['TermsId']}")
    return {"Terms": _terms_view(entry)}


def delete_terms(ctx: RequestContext, req: wire.DeleteTermsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _terms(ctx, pool, req["TermsId"])
    del common.named(ctx, pool, "extras")[f"terms:{req['TermsId']}"]
    return {}


def list_terms(ctx: RequestContext, req: wire.ListTermsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    found = sorted((v for k, v in common.named(ctx, pool, "extras").items() if k.startswith("terms:")), key=lambda t: t["CreationDate"])
    chunk, token = common.page(found, req.get("MaxResults"), req.get("NextToken"))
    return {"Terms": [{"TermsId": t["TermsId"], "TermsName": t["TermsName"], "Enforcement": t["Enforcement"],
                       "CreationDate": common.utc(t["CreationDate"]), "LastModifiedDate": common.utc(t["LastModifiedDate"])}
                      for t in chunk], **({"NextToken": token} if token else {})}
