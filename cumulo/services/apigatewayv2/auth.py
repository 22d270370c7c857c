"""Authorizers at request time: JWT (real signatures against the issuer's JWKS) and Lambda
REQUEST authorizers (simple and IAM policy answers, cached by identity on the cumulo clock).

An outcome is `Allowed(context)` — what `requestContext.authorizer` carries to the
integration — or `Refused(status)`: 401 Unauthorized when identity is missing or invalid,
403 Forbidden when the authorizer denies or the token lacks the route's scopes.

JWKS: from the issuer's OpenID discovery document (`jwks_uri`), else
`<issuer>/.well-known/jwks.json`, over HTTP (an issuer on cumulo's own port is fetched
from cumulo like any other); Cognito's issuer (`https://cognito-idp.<region>.amazonaws.com/<pool id>`)
is fetched from cumulo itself, at `/<pool id>/.well-known/jwks.json`.
Key sets are kept for five minutes (monotonic time: a moved clock must not refetch).
"""

from __future__ import annotations

import fnmatch
import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt
import orjson

from cumulo.core.errors import AwsError
from cumulo.core.runtime import Runtime
from cumulo.services import call
from cumulo.services.apigatewayv2 import expressions, payloads

JWKS_TTL = 300.0
CACHE_KEY = "apigatewayv2.authorizer-cache"
_JWKS_KEY = "apigatewayv2.jwks"
_COGNITO = re.compile(r"^https://cognito-idp\.[\w-]+\.amazonaws\.com/(?P<pool>[\w-]+_[\w]+)/?$")


@dataclass(slots=True)
class Outcome:
    allowed: bool
    status: int = 200  # 401 or 403 when refused
    context: dict[str, Any] = field(default_factory=dict)  # requestContext.authorizer


UNAUTHORIZED = Outcome(False, 401)
FORBIDDEN = Outcome(False, 403)


def _jwks_urls(runtime: Runtime, issuer: str) -> list[str]:
    issuer = issuer.rstrip("/")
    own = f"http://127.0.0.1:{runtime.config.port}"
    m = _COGNITO.match(issuer)
    if m is not None:
        return [f"{own}/{m.group('pool')}/.well-known/jwks.json"]
    return [f"{issuer}/.well-known/openid-configuration", f"{issuer}/.well-known/jwks.json"]


async def _jwks(runtime: Runtime, issuer: str) -> dict[str, Any] | None:
    cache = runtime.live.setdefault(_JWKS_KEY, {})
    hit = cache.get(issuer)
    if hit is not None and hit[0] > time.monotonic():
        return hit[1]
    found = None
    async with httpx.AsyncClient(timeout=5.0) as client:
        for url in _jwks_urls(runtime, issuer):
            try:
                response = await client.get(url)
                if response.status_code != 200:
                    continue
                doc = response.json()
                if "jwks_uri" in doc:
                    response = await client.get(str(doc["jwks_uri"]))
                    if response.status_code != 200:
                        continue
                    doc = response.json()
                if isinstance(doc, dict) and "keys" in doc:
                    found = doc
                    break
            except (httpx.HTTPError, ValueError):
                continue
    if found is not None:
        cache[issuer] = (time.monotonic() + JWKS_TTL, found)
    return found


def _claim_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "[" + " ".join(_claim_text(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    return orjson.dumps(value).decode() if isinstance(value, dict) else str(value)


def _issuer_ok(configured: str, iss: Any) -> bool:
    """Whether a token's `iss` is the configured issuer. A Cognito pool's issuer, as
    templates write it (https://cognito-idp.<region>.amazonaws.com/<pool id>), also matches
    the tokens cumulo's Cognito signs, whose `iss` is the pool on the address its caller
    used (http://<host:port>/<pool id>): the same pool, whose key verified the token."""
    if not isinstance(iss, str):
        return False
    if iss.rstrip("/") == configured.rstrip("/"):
        return True
    m = _COGNITO.match(configured.rstrip("/"))
    return m is not None and iss.startswith(("http://", "https://")) and iss.split("://", 1)[1].split("/", 1)[-1].rstrip("/") == m["pool"]


async def check_jwt(runtime: Runtime, authorizer: dict[str, Any], route: dict[str, Any], src: expressions.Sources, version: str) -> Outcome:
    sources = authorizer.get("IdentitySource") or ["$request.header.Authorization"]
    token = expressions.text(expressions.value(sources[0], src))
    if token.lower().startswith("bearer "):
        token = token[7:].strip()
    if not token:
        return UNAUTHORIZED
    config = authorizer.get("JwtConfiguration") or {}
    issuer = str(config.get("Issuer") or "")
    try:
        header = jwt.get_unverified_header(token)
    except jwt.PyJWTError:
        return UNAUTHORIZED
    keys = await _jwks(runtime, issuer)
    if keys is None:
        return UNAUTHORIZED
    try:
        key_set = jwt.PyJWKSet.from_dict(keys)
        key = next((k for k in key_set.keys if k.key_id == header.get("kid")), None)
        if key is None:
            return UNAUTHORIZED
        claims = jwt.decode(
            token, key.key, algorithms=[header.get("alg", "RS256")],
            options={"verify_aud": False, "verify_exp": False, "verify_nbf": False, "verify_iat": False},
        )
    except jwt.PyJWTError:
        return UNAUTHORIZED
    if not _issuer_ok(issuer, claims.get("iss")):
        return UNAUTHORIZED
    now = runtime.clock.now()
    if "exp" in claims and float(claims["exp"]) <= now:
        return UNAUTHORIZED
    if "nbf" in claims and float(claims["nbf"]) > now:
        return UNAUTHORIZED
    audiences = config.get("Audience") or []
    aud = claims.get("aud", claims.get("client_id"))
    token_aud = aud if isinstance(aud, list) else [aud] if aud is not None else []
    if audiences and not set(audiences) & set(token_aud):
        return UNAUTHORIZED
    token_scopes = claims.get("scope", claims.get("scp", []))
    token_scopes = token_scopes.split() if isinstance(token_scopes, str) else list(token_scopes or [])
    wanted = route.get("AuthorizationScopes") or []
    if wanted and not set(wanted) & set(token_scopes):
        return FORBIDDEN
    text_claims = {k: _claim_text(v) for k, v in claims.items()}
    if version == "1.0":
        return Outcome(True, context={"claims": text_claims, "scopes": token_scopes or None})
    return Outcome(True, context={"jwt": {"claims": text_claims, "scopes": token_scopes or None}})


_FUNCTION = re.compile(r"(arn:aws[\w-]*:lambda:[\w-]+:\d{12}:function:[^/]+)")


def function_arn(uri: str) -> str:
    """The function an integration or authorizer URI names (plain ARN, or the
    `arn:aws:apigateway:<region>:lambda:path/2015-03-31/functions/<arn>/invocations` form)."""
    m = _FUNCTION.search(uri)
    return m.group(1) if m else uri


def route_arn(call_: payloads.Call, method: str, path: str) -> str:
    return f"arn:aws:execute-api:{call_.region}:{call_.account}:{call_.api_id}/{call_.stage}/{method}{path}"


def _policy_allows(policy: Any, arn: str) -> bool:
    if isinstance(policy, str):
        try:
            policy = orjson.loads(policy)
        except orjson.JSONDecodeError:
            return False
    statements = (policy or {}).get("Statement") or []
    if isinstance(statements, dict):
        statements = [statements]
    allowed = False
    for st in statements:
        actions = st.get("Action") or []
        resources = st.get("Resource") or []
        actions = [actions] if isinstance(actions, str) else actions
        resources = [resources] if isinstance(resources, str) else resources
        if not any(fnmatch.fnmatchcase("execute-api:Invoke", a) or a == "*" for a in actions):
            continue
        if not any(fnmatch.fnmatchcase(arn, res) for res in resources):
            continue
        if st.get("Effect") == "Deny":
            return False
        if st.get("Effect") == "Allow":
            allowed = True
    return allowed


async def check_lambda(runtime: Runtime, authorizer: dict[str, Any], c: payloads.Call, src: expressions.Sources, version: str) -> Outcome:
    sources = authorizer.get("IdentitySource") or []
    identity = [expressions.value(s, src) for s in sources]
    if sources and any(v in (None, "") for v in identity):
        return UNAUTHORIZED
    ttl = int(authorizer.get("AuthorizerResultTtlInSeconds") or 0)
    cache = runtime.live.setdefault(CACHE_KEY, {})
    key = (c.api_id, c.stage, authorizer["AuthorizerId"], tuple(expressions.text(v) for v in identity))
    now = runtime.clock.now()
    hit = cache.get(key) if ttl and sources else None
    if hit is not None and hit[0] > now:
        answer = hit[1]
    else:
        answer = await _ask(runtime, authorizer, c, [expressions.text(v) for v in identity])
        if answer is None:
            return Outcome(False, 500)
        if ttl and sources:
            cache[key] = (now + ttl, answer)
    arn = route_arn(c, c.method, c.path)
    simple = bool(authorizer.get("EnableSimpleResponses"))
    payload_version = authorizer.get("AuthorizerPayloadFormatVersion") or "1.0"
    if simple and payload_version == "2.0":
        allowed = answer.get("isAuthorized") is True
    else:
        allowed = _policy_allows(answer.get("policyDocument"), arn)
    if not allowed:
        return FORBIDDEN
    context = answer.get("context") or {}
    if not isinstance(context, dict):
        context = {}
    if version == "1.0":
        out = dict(context)
        if "principalId" in answer:
            out["principalId"] = answer["principalId"]
        out.setdefault("integrationLatency", 0)
        return Outcome(True, context=out)
    return Outcome(True, context={"lambda": context})


async def _ask(runtime: Runtime, authorizer: dict[str, Any], c: payloads.Call, identity: list[str]) -> dict[str, Any] | None:
    if (authorizer.get("AuthorizerPayloadFormatVersion") or "1.0") == "2.0":
        event = payloads.event_v2(c)
        event.update({"type": "REQUEST", "routeArn": route_arn(c, c.method, c.path), "identitySource": identity})
        for name in ("isBase64Encoded", "body"):
            event.pop(name, None)
    else:
        event = payloads.event_v1(c)
        event.update({"type": "REQUEST", "methodArn": route_arn(c, c.method, c.path), "identitySource": ",".join(identity)})
        if identity:
            event["authorizationToken"] = identity[0]
        for name in ("body", "isBase64Encoded"):
            event.pop(name, None)
    try:
        out = await call(runtime, "lambda", "Invoke", {"FunctionName": function_arn(authorizer["AuthorizerUri"]),
                                                      "Payload": orjson.dumps(event)}, c.account, c.region)
    except AwsError:  # the function is missing or failed to start: AWS answers 500
        return None
    if out.get("FunctionError"):
        return None
    payload = out.get("Payload") or b""
    try:
        answer = orjson.loads(payload)
    except orjson.JSONDecodeError:
        return None
    return answer if isinstance(answer, dict) else None
