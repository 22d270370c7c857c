"""Sign-in through a pool's OIDC identity provider (the hosted UI's federation).

/oauth2/authorize?identity_provider=<name> sends the browser to the provider's
authorize_url with cumulo's /oauth2/idpresponse as its redirect; there the code is
exchanged at the provider's token_url (a real HTTP call), the ID token is verified
against the provider's jwks_uri, and the federated user `<provider>_<sub>` is made or
updated from the AttributeMapping (status EXTERNAL_PROVIDER, the `identities`
attribute as AWS writes it). The app then gets its own authorization code, as for a
password sign-in.
"""

from __future__ import annotations

import json
import secrets
import uuid
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from cumulo.core.context import RequestContext
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.cognito_idp import common, hosted
from cumulo.services.cognito_idp.models import Client, User, UserPool

STATE_TTL = 600.0


def _callback(request: Request) -> str:
    return f"http://{request.host}/oauth2/idpresponse"


def start(runtime: Runtime, request: Request, pool: UserPool, client: Client | None, name: str, query: dict[str, str]) -> Response:
    assert client is not None
    found = hosted._context(runtime, request, pool.id)
    assert found is not None
    ctx, _ = found
    provider = common.named(ctx, pool, "providers").get(name)
    if provider is None or name not in (client.config.get("SupportedIdentityProviders") or []) or provider["ProviderType"] != "OIDC":
        return hosted._page("<p>An error was encountered with the requested page: unknown identity provider.</p>", 400)
    details = provider["ProviderDetails"]
    state = secrets.token_urlsafe(24)
    common.global_table(ctx.store, "federation_states")[state] = {
        "pool_id": pool.id, "client_id": client.id, "provider": name, "params": dict(query), "expires": ctx.clock.now() + STATE_TTL}
    target = {"response_type": "code", "client_id": details.get("client_id", ""), "redirect_uri": _callback(request),
              "scope": details.get("authorize_scopes", "openid"), "state": state}
    return hosted._redirect(f"{details['authorize_url']}?{urlencode(target)}")


async def finish(runtime: Runtime, request: Request, query: dict[str, str]) -> Response:
    states = runtime.store.scope(common.SERVICE, "aws", "global").table("federation_states")
    entry = states.pop(query.get("state", ""), None)
    if entry is None:
        return hosted._page("<p>An error was encountered with the requested page: invalid state.</p>", 400)
    found = hosted._context(runtime, request, entry["pool_id"])
    if found is None or entry["expires"] < runtime.clock.now():
        return hosted._page("<p>An error was encountered with the requested page: the sign-in expired.</p>", 400)
    ctx, pool = found
    client = common.clients(ctx, pool).get(entry["client_id"])
    provider = common.named(ctx, pool, "providers").get(entry["provider"])
    if client is None or provider is None:
        return hosted._page("<p>An error was encountered with the requested page: invalid client.</p>", 400)
    if "error" in query or "code" not in query:
        params = entry["params"]
        return hosted._redirect(f"{params['redirect_uri']}?{urlencode({'error': query.get('error', 'access_denied'), **hosted._keep(params, 'state')})}")
    try:
        claims = await _exchange(provider, query["code"], _callback(request))
    except (httpx.HTTPError, jwt.PyJWTError, KeyError, ValueError) as error:
        return hosted._page(f"<p>An error was encountered with the identity provider: {type(error).__name__}.</p>", 400)
    user = _federated_user(ctx, pool, provider, claims)
    params = entry["params"]
    scopes = params.get("scope", "").split() or list(client.config.get("AllowedOAuthScopes") or [])
    return hosted.grant(ctx, pool, client, user.username, params, scopes)


async def _exchange(provider: dict[str, Any], code: str, redirect_uri: str) -> dict[str, Any]:
    details = provider["ProviderDetails"]
    form = {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri, "client_id": details.get("client_id", "")}
    if details.get("client_secret"):
        form["client_secret"] = details["client_secret"]
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.post(details["token_url"], data=form)
        answer.raise_for_status()
        token = answer.json()["id_token"]
        keys = (await http.get(details["jwks_uri"])).json()
    kid = jwt.get_unverified_header(token).get("kid")
    key = next(k for k in keys["keys"] if k.get("kid") == kid or kid is None)
    return jwt.decode(token, jwt.PyJWK(key).key, algorithms=["RS256", "RS384", "RS512", "ES256"],
                      audience=details.get("client_id"), options={"verify_exp": False})


def _federated_user(ctx: RequestContext, pool: UserPool, provider: dict[str, Any], claims: dict[str, Any]) -> User:
    name = provider["ProviderName"]
    subject = str(claims["sub"])
    username = f"{name}_{subject}"
    users = common.users(ctx, pool)
    user: User | None = users.get(pool.key_of(username))
    now = ctx.clock.now()
    if user is None:
        sub = str(uuid.uuid4())
        user = User(username=username, sub=sub, created=now, modified=now, attributes={"sub": sub}, status="EXTERNAL_PROVIDER")
    for attribute, claim in (provider.get("AttributeMapping") or {}).items():
        if claim in claims and (attribute in pool.schema or attribute == "username"):
            value = claims[claim]
            user.attributes[attribute] = ("true" if value else "false") if isinstance(value, bool) else str(value)
    user.attributes["identities"] = json.dumps([{"userId": subject, "providerName": name, "providerType": provider["ProviderType"],
                                                 "issuer": None, "primary": "true", "dateCreated": str(int(user.created * 1000))}])
    user.modified = now
    users[pool.key_of(username)] = user
    return user
