"""The pool's web endpoints (the data plane): JWKS and OIDC discovery under the pool id, and
the OAuth2 endpoints of its domain (see `hosted`).

Served for `/<pool id>/.well-known/jwks.json` and `.../openid-configuration` on any
host, and for `/oauth2/...`, `/login`, `/logout` either on the pool domain's host
(`<domain>.auth.<region>.amazoncognito.localhost:<port>`) or on cumulo's own host
with the domain or client named in the query (`?client_id=` picks the pool).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import orjson

from cumulo.core.context import Principal, RequestContext
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.services.cognito_idp import tokens
from cumulo.services.cognito_idp.common import SERVICE, global_table, pools
from cumulo.services.cognito_idp.models import UserPool, region_of

_WELL_KNOWN = re.compile(r"^/([a-z]{2}(?:-[a-z]+)+-\d_[0-9A-Za-z]+)/\.well-known/(jwks\.json|openid-configuration)$")


def context(runtime: Runtime, request: Request, account: str, region: str, operation: str) -> RequestContext:
    """A RequestContext for work done on behalf of a web request no signature names."""
    principal = Principal(account, f"arn:aws:iam::{account}:root", account)
    return RequestContext(SERVICE, operation, account, region, str(uuid.uuid4()), runtime, principal, request)


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(status, {"content-type": "application/json", "access-control-allow-origin": "*", **(headers or {})},
                    orjson.dumps(body))


def find_pool(runtime: Runtime, request: Request, pool_id: str) -> tuple[RequestContext, UserPool] | None:
    account = global_table(runtime.store, "pool_index").get(pool_id)
    if account is None:
        return None
    ctx = context(runtime, request, account, region_of(pool_id), "DataPlane")
    pool: UserPool | None = pools(ctx).get(pool_id)
    return (ctx, pool) if pool is not None else None


def discovery(ctx: RequestContext, pool: UserPool, base: str) -> dict[str, Any]:
    issuer = tokens.issuer(ctx.request.host if ctx.request else "localhost", pool.id)
    return {
        "issuer": issuer, "jwks_uri": f"{issuer}/.well-known/jwks.json",
        "authorization_endpoint": f"{base}/oauth2/authorize", "token_endpoint": f"{base}/oauth2/token",
        "userinfo_endpoint": f"{base}/oauth2/userInfo", "revocation_endpoint": f"{base}/oauth2/revoke",
        "end_session_endpoint": f"{base}/logout",
        "response_types_supported": ["code", "token"], "subject_types_supported": ["public"],
        "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "phone", "profile"],
        "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
        "code_challenge_methods_supported": ["S256", "plain"],
        "grant_types_supported": ["authorization_code", "client_credentials", "refresh_token"],
    }


async def serve(runtime: Runtime, request: Request) -> Response | None:
    match = _WELL_KNOWN.match(request.path)
    if match:
        found = find_pool(runtime, request, match.group(1))
        if found is None:
            return json_response({"message": f"User pool {match.group(1)} not found"}, 404)
        ctx, pool = found
        if tokens.ensure_key(pool):
            pools(ctx).touch(pool.id)
        if match.group(2) == "jwks.json":
            return json_response(tokens.jwks(pool))
        from cumulo.services.cognito_idp.hosted import base_url

        return json_response(discovery(ctx, pool, base_url(ctx, pool)))
    from cumulo.services.cognito_idp import hosted

    return await hosted.serve(runtime, request)
