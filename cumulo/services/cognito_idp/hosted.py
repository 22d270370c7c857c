"""The OAuth2 endpoints; the hosted pages' shared parts (the authorize check, the code grant).

- GET /oauth2/authorize checks the client, flow and redirect URI, then sends the
  browser to /login (or straight to the identity provider's page when one is named);
- /login and the other managed login pages (sign-up, MFA, password reset) are in `managed`;
- POST /oauth2/token: authorization_code (PKCE S256/plain checked), client_credentials
  (resource-server scopes), refresh_token;
- GET|POST /oauth2/userInfo, POST /oauth2/revoke, GET /logout.
The pool is the one whose domain is the request's host, else the one of the
client the request names (client_id, Basic auth, or the bearer token's issuer).
"""

from __future__ import annotations

import base64
import hashlib
import html
import secrets
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.cognito_idp import common, flows, passwords, tokens
from cumulo.services.cognito_idp.models import Client, UserPool

CODE_TTL = 300.0
_STANDARD_SCOPES = ("openid", "email", "phone", "profile", "aws.cognito.signin.user.admin")


def base_url(ctx: RequestContext, pool: UserPool) -> str:
    host = ctx.request.host if ctx.request else "localhost"
    return f"http://{host}"


def _json(body: Any, status: int = 200) -> Response:
    from cumulo.services.cognito_idp.oauth import json_response

    return json_response(body, status, {"cache-control": "no-store"})


def _error(error: str, status: int = 400, description: str = "") -> Response:
    return _json({"error": error, **({"error_description": description} if description else {})}, status)


def _redirect(location: str) -> Response:
    return Response(302, {"location": location, "content-type": "text/plain"}, b"")


def _page(body: str, status: int = 200) -> Response:
    document = ("<!doctype html><html><head><meta charset='utf-8'><title>Sign in</title></head><body>"
                f"{body}</body></html>")
    return Response(status, {"content-type": "text/html; charset=utf-8"}, document.encode())


def _context(runtime: Runtime, request: Request, pool_id: str) -> tuple[RequestContext, UserPool] | None:
    from cumulo.services.cognito_idp.oauth import find_pool

    return find_pool(runtime, request, pool_id)


def _pool_for(runtime: Runtime, request: Request, client_id: str) -> tuple[RequestContext, UserPool, Client | None] | None:
    store = runtime.store
    host = request.host.rsplit(":", 1)[0].lower()
    pool_id = ""
    if ".auth." in host:
        pool_id = common.global_table(store, "domain_index").get(host.split(".auth.", 1)[0], "")
    if not pool_id and client_id:
        pool_id = common.global_table(store, "client_index").get(client_id, "")
    if not pool_id:
        return None
    found = _context(runtime, request, pool_id)
    if found is None:
        return None
    ctx, pool = found
    client = common.clients(ctx, pool).get(client_id) if client_id else None
    return ctx, pool, client if client is not None and client.pool_id == pool.id else None


async def serve(runtime: Runtime, request: Request) -> Response | None:
    path = request.path
    form_post = request.method == "POST" and (
        path not in managed_paths() or "x-www-form-urlencoded" in request.headers.get("content-type", ""))
    body = await request.read() if form_post else b""  # (an S3 upload to a bucket named "confirm" is left alone)
    form = dict(parse_qsl(body.decode("utf-8", "replace"))) if body else {}
    query = dict(request.query_params)
    if path == "/oauth2/authorize":
        return _authorize(runtime, request, query)
    if path in managed_paths():
        from cumulo.services.cognito_idp import managed

        return await managed.serve(runtime, request, path, query, form)
    if path == "/oauth2/token":
        return await _token(runtime, request, form)
    if path.lower() == "/oauth2/userinfo":
        return _userinfo(runtime, request)
    if path == "/oauth2/revoke":
        return _revoke(runtime, request, form)
    if path == "/oauth2/idpresponse":
        from cumulo.services.cognito_idp import federation

        return await federation.finish(runtime, request, query)
    if path == "/logout":
        return _logout(runtime, request, query)
    return None


def managed_paths() -> tuple[str, ...]:
    return ("/login", "/passkey", "/mfa", "/newPassword", "/signup", "/confirm", "/forgotPassword", "/confirmForgotPassword")


def _check_authorize(pool: UserPool, client: Client | None, params: dict[str, str]) -> str:
    """"" when the authorize request may go on; otherwise what is wrong with it."""
    if client is None:
        return "invalid_client"
    config = client.config
    if not config.get("AllowedOAuthFlowsUserPoolClient"):
        return "unauthorized_client"
    response_type = params.get("response_type", "")
    flow = {"code": "code", "token": "implicit"}.get(response_type)
    if flow is None or flow not in (config.get("AllowedOAuthFlows") or []):
        return "unsupported_response_type"
    if params.get("redirect_uri") not in (config.get("CallbackURLs") or []):
        return "redirect_mismatch"
    allowed = set(config.get("AllowedOAuthScopes") or [])
    if any(s not in allowed for s in params.get("scope", "").split()):
        return "invalid_scope"
    return ""


def _authorize(runtime: Runtime, request: Request, query: dict[str, str]) -> Response:
    found = _pool_for(runtime, request, query.get("client_id", ""))
    if found is None:
        return _page("<p>An error was encountered with the requested page: invalid client.</p>", 400)
    _, pool, client = found
    problem = _check_authorize(pool, client, query)
    if problem in ("invalid_client", "redirect_mismatch", "unauthorized_client"):
        return _page(f"<p>An error was encountered with the requested page: {html.escape(problem)}.</p>", 400)
    if problem:
        return _redirect(f"{query['redirect_uri']}?{urlencode({'error': problem, **_keep(query, 'state')})}")
    provider = query.get("identity_provider") or query.get("idp_identifier")
    if provider and provider != "COGNITO":
        from cumulo.services.cognito_idp import federation

        return federation.start(runtime, request, pool, client, provider, query)
    return _redirect(f"/login?{urlencode(query)}")


def _keep(params: dict[str, str], *names: str) -> dict[str, str]:
    return {n: params[n] for n in names if params.get(n)}


def grant(ctx: RequestContext, pool: UserPool, client: Client, username: str, params: dict[str, str], scopes: list[str]) -> Response:
    """The redirect to the app's callback with a new authorization code for `username`."""
    code = str(uuid.uuid4())
    common.table(ctx.store, pool.account, pool.region, "auth_codes")[code] = {
        "pool_id": pool.id, "client_id": client.id, "username": username, "redirect_uri": params["redirect_uri"],
        "scopes": scopes, "challenge": params.get("code_challenge", ""), "method": params.get("code_challenge_method", "plain"),
        "nonce": params.get("nonce", ""), "expires": ctx.clock.now() + CODE_TTL}
    return _redirect(f"{params['redirect_uri']}?{urlencode({'code': code, **_keep(params, 'state')})}")


def _client_auth(request: Request, form: dict[str, str]) -> tuple[str, str]:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("basic "):
        try:
            client_id, _, secret = base64.b64decode(header[6:]).decode().partition(":")
            return client_id, secret
        except ValueError:
            return "", ""
    return form.get("client_id", ""), form.get("client_secret", "")


def _secret_ok(client: Client, secret: str) -> bool:
    if not client.secret:
        return True
    return secret in [client.secret] + [s["ClientSecretValue"] for s in client.extra_secrets]


async def _token(runtime: Runtime, request: Request, form: dict[str, str]) -> Response:
    client_id, secret = _client_auth(request, form)
    found = _pool_for(runtime, request, client_id)
    if found is None or found[2] is None:
        return _error("invalid_client", 401)
    ctx, pool, client = found
    assert client is not None
    if not _secret_ok(client, secret):
        return _error("invalid_client", 401)
    grant = form.get("grant_type", "")
    if grant == "authorization_code":
        return await _code_grant(ctx, pool, client, form)
    if grant == "client_credentials":
        return await _client_credentials(ctx, pool, client, form)
    if grant == "refresh_token":
        try:
            result = (await flows.refresh_flow(ctx, pool, client, {"REFRESH_TOKEN": form.get("refresh_token", ""),
                                                                   **({"SECRET_HASH": _hash_for(ctx, pool, client, form)} if client.secret else {})}, {}))
        except AwsError:
            return _error("invalid_grant")
        return _json(_oauth_shape(result["AuthenticationResult"]))
    return _error("unsupported_grant_type")


def _hash_for(ctx: RequestContext, pool: UserPool, client: Client, form: dict[str, str]) -> str:
    session = flows.session_of_refresh(ctx, pool, form.get("refresh_token", ""))
    return passwords.secret_hash(client.id, client.secret, session.username if session else "")


def _oauth_shape(result: dict[str, Any]) -> dict[str, Any]:
    out = {"access_token": result["AccessToken"], "expires_in": result["ExpiresIn"], "token_type": "Bearer"}
    if "IdToken" in result:
        out["id_token"] = result["IdToken"]
    if "RefreshToken" in result:
        out["refresh_token"] = result["RefreshToken"]
    return out


async def _code_grant(ctx: RequestContext, pool: UserPool, client: Client, form: dict[str, str]) -> Response:
    codes = common.table(ctx.store, pool.account, pool.region, "auth_codes")
    grant = codes.pop(form.get("code", ""), None)
    if grant is None or grant["client_id"] != client.id or grant["expires"] < ctx.clock.now():
        return _error("invalid_grant")
    if form.get("redirect_uri") != grant["redirect_uri"]:
        return _error("invalid_grant", description="redirect_uri mismatch")
    if grant["challenge"]:
        verifier = form.get("code_verifier", "")
        if grant["method"] == "S256":
            computed = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        else:
            computed = verifier
        if not verifier or not secrets.compare_digest(computed, grant["challenge"]):
            return _error("invalid_grant", description="code_verifier mismatch")
    user = common.user_or_none(ctx, pool, grant["username"])
    if user is None or not user.enabled:
        return _error("invalid_grant")
    scopes = grant["scopes"]
    result = (await flows.finish(ctx, pool, client, user, "HOSTED", {}, scopes=scopes, source="TokenGeneration_HostedAuth",
                                 with_id="openid" in scopes))["AuthenticationResult"]
    return _json(_oauth_shape(result))


async def _client_credentials(ctx: RequestContext, pool: UserPool, client: Client, form: dict[str, str]) -> Response:
    if not client.secret or "client_credentials" not in (client.config.get("AllowedOAuthFlows") or []):
        return _error("unauthorized_client")
    allowed = [s for s in client.config.get("AllowedOAuthScopes") or [] if s not in _STANDARD_SCOPES]
    asked = form.get("scope", "").split()
    if any(s not in allowed for s in asked):
        return _error("invalid_scope")
    token, ttl = await flows.machine_token(ctx, pool, client, asked or allowed, {})
    return _json({"access_token": token, "expires_in": ttl, "token_type": "Bearer"})


def _userinfo(runtime: Runtime, request: Request) -> Response:
    header = request.headers.get("authorization", "")
    token = header[7:] if header.lower().startswith("bearer ") else ""
    pool_id = tokens.unverified_pool(token)
    found = _context(runtime, request, pool_id) if pool_id and "_" in pool_id else None
    if found is None:
        return _json({"error": "invalid_token", "error_description": "Access token is not valid"}, 401)
    ctx, _ = found
    try:
        _, user, claims = _bearer(ctx, token)
    except AwsError as error:
        return _json({"error": "invalid_token", "error_description": error.message}, 401)
    scopes = str(claims.get("scope", "")).split()
    if "openid" not in scopes and "aws.cognito.signin.user.admin" not in scopes:
        return _json({"error": "invalid_token", "error_description": "Access token does not contain openid scope"}, 401)
    return _json({**{k: v for k, v in user.attributes.items()}, "username": user.username})


def _bearer(ctx: RequestContext, token: str) -> Any:
    pool = common.pool_or_none(ctx, tokens.unverified_pool(token))
    if pool is None:
        raise AwsError("NotAuthorizedException", "Invalid Access Token")
    claims = tokens.verify(pool, token, ctx.clock.now())
    session = common.sessions(ctx, pool).get(claims.get("origin_jti", ""))
    if session is None or session.revoked:
        raise AwsError("NotAuthorizedException", "Access Token has been revoked")
    user = common.user_or_none(ctx, pool, claims.get("username", ""))
    if user is None:
        raise AwsError("NotAuthorizedException", "User does not exist.")
    return pool, user, claims


def _revoke(runtime: Runtime, request: Request, form: dict[str, str]) -> Response:
    client_id, secret = _client_auth(request, form)
    found = _pool_for(runtime, request, client_id)
    if found is None or found[2] is None:
        return _error("invalid_client", 401)
    ctx, pool, client = found
    assert client is not None
    if not _secret_ok(client, secret):
        return _error("invalid_client", 401)
    session = flows.session_of_refresh(ctx, pool, form.get("token", ""))
    if session is None or session.client_id != client.id:
        return _error("invalid_request" if session is None else "unauthorized_client")
    session.revoked = True
    common.sessions(ctx, pool).touch(session.origin_jti)
    return Response(200, {"content-type": "application/json"}, b"")


def _logout(runtime: Runtime, request: Request, query: dict[str, str]) -> Response | None:
    found = _pool_for(runtime, request, query.get("client_id", ""))
    if found is None:
        return None
    _, pool, client = found
    if client is None:
        return _page("<p>An error was encountered with the requested page: invalid client.</p>", 400)
    if query.get("logout_uri"):
        if query["logout_uri"] not in (client.config.get("LogoutURLs") or []):
            return _page("<p>An error was encountered with the requested page: invalid logout_uri.</p>", 400)
        return _redirect(query["logout_uri"])
    if query.get("redirect_uri"):
        return _redirect(f"/login?{urlencode(query)}")
    return _page("<p>An error was encountered with the requested page: logout_uri is required.</p>", 400)

