"""Method authorization on the data plane: Lambda authorizers (TOKEN, REQUEST), Cognito
user pools (COGNITO_USER_POOLS), IAM (AWS_IAM).

A Lambda authorizer's answer `{principalId, policyDocument, context, usageIdentifierKey}`
is evaluated with the IAM policy engine (action `execute-api:Invoke` on the method ARN)
and cached per identity for `authorizerResultTtlInSeconds` on the cumulo clock, as AWS
caches it: the cached policy is evaluated again for each method it is asked about.
https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-use-lambda-authorizer.html
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import jwt
import orjson

from cumulo import services
from cumulo.auth import invoke
from cumulo.core.errors import AwsError
from cumulo.engines import policy as iam
from cumulo.services.apigateway.invocation import GatewayError, Invocation

_FUNCTION = re.compile(r"functions/(arn:[^/]+)/invocations")


def function_arn(uri: str, variables: dict[str, str]) -> str:
    uri = re.sub(r"\$\{stageVariables\.([^}]+)\}", lambda m: variables.get(m.group(1), ""), uri)
    found = _FUNCTION.search(uri)
    if found is None:
        raise GatewayError("API_CONFIGURATION_ERROR", "Internal server error")
    return found.group(1)


async def invoke_function(inv: Invocation, arn: str, event: Any, invocation_type: str = "RequestResponse") -> tuple[dict[str, Any] | Any, str | None]:
    """Invoke a Lambda function (synchronously unless `Event`): (decoded payload, FunctionError or None)."""
    parts = arn.split(":")
    account, region = (parts[4], parts[3]) if len(parts) > 5 else (inv.account, inv.region)
    try:
        out = await services.call(inv.runtime, "lambda", "Invoke", {"FunctionName": arn, "Payload": orjson.dumps(event),
                                                                     "InvocationType": invocation_type}, account, region)
    except AwsError as error:
        raise GatewayError("DEFAULT_5XX", "Internal server error", "500" if error.code != "ResourceNotFoundException" else "500") from None
    payload = out.get("Payload") or b""
    try:
        decoded = orjson.loads(payload) if payload else None
    except orjson.JSONDecodeError:
        decoded = payload
    return decoded, out.get("FunctionError")


def _cache(inv: Invocation) -> dict[str, tuple[float, dict[str, Any]]]:
    live = inv.runtime.live.setdefault("apigateway", {})
    cache: dict[str, tuple[float, dict[str, Any]]] = live.setdefault("authorizer_cache", {})
    return cache


async def authorize(inv: Invocation) -> None:
    method = inv.method or {}
    kind = method.get("authorizationType") or "NONE"
    if kind == "NONE":
        return
    if kind == "AWS_IAM":
        _iam(inv)
        return
    authorizer = inv.snapshot["authorizers"].get(method.get("authorizerId") or "")
    if authorizer is None:
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "Internal server error")
    if authorizer["type"] == "COGNITO_USER_POOLS":
        await _cognito(inv, authorizer)
    else:
        await _lambda(inv, authorizer)


def _identity(inv: Invocation, authorizer: dict[str, Any]) -> list[str] | None:
    """The identity source values; None when one is missing."""
    values = []
    for source in [s.strip() for s in (authorizer.get("identitySource") or "").split(",") if s.strip()]:
        value = inv.source_value(source)
        if not value:
            return None
        values.append(value)
    return values


async def _lambda(inv: Invocation, authorizer: dict[str, Any]) -> None:
    ttl = authorizer.get("authorizerResultTtlInSeconds", 300)
    identity = _identity(inv, authorizer)
    if authorizer["type"] == "TOKEN":
        if not identity:
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
        pattern = authorizer.get("identityValidationExpression")
        if pattern and not re.fullmatch(pattern, identity[0]):
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
    elif identity is None and ttl:
        raise GatewayError("UNAUTHORIZED", "Unauthorized")
    now = inv.runtime.clock.now()
    key = f"{inv.rest_api.id}|{inv.stage_name}|{authorizer['id']}|{'|'.join(identity or [])}"
    cache = _cache(inv)
    cached = cache.get(key) if ttl else None
    if cached is not None and cached[0] > now:
        result = cached[1]
    else:
        if authorizer["type"] == "TOKEN":
            event: dict[str, Any] = {"type": "TOKEN", "authorizationToken": (identity or [""])[0], "methodArn": inv.method_arn}
        else:
            proxy = inv.proxy_event()
            event = {"type": "REQUEST", "methodArn": inv.method_arn,
                     **{k: proxy[k] for k in ("resource", "path", "httpMethod", "headers", "multiValueHeaders",
                                              "queryStringParameters", "multiValueQueryStringParameters", "pathParameters",
                                              "stageVariables", "requestContext")}}
        arn = function_arn(authorizer.get("authorizerUri") or "", inv.variables)
        result, failed = await invoke_function(inv, arn, event)
        if failed:
            message = result.get("errorMessage") if isinstance(result, dict) else None
            if message == "Unauthorized":
                raise GatewayError("UNAUTHORIZED", "Unauthorized")
            raise GatewayError("AUTHORIZER_FAILURE", "Internal server error" if message is None else "Internal server error")
        if not isinstance(result, dict) or "principalId" not in result or not isinstance(result.get("policyDocument"), dict):
            raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "Internal server error")
        if ttl:
            cache[key] = (now + ttl, result)
    inv.policy = result["policyDocument"]
    try:
        document = iam.parse(orjson.dumps(result["policyDocument"]).decode(), kind="identity")
    except iam.PolicyError:
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR", "Internal server error") from None
    principal = iam.Principal(inv.account, str(result["principalId"]))
    decision = iam.evaluate(iam.Request(principal, "execute-api:Invoke", inv.method_arn), identity=[("authorizer", document)])
    if not decision.allowed:
        message = ("User is not authorized to access this resource with an explicit deny"
                   if decision.reason == "explicit_deny" else "User is not authorized to access this resource")
        raise GatewayError("ACCESS_DENIED", message)
    context = {k: v for k, v in (result.get("context") or {}).items() if isinstance(v, (str, int, float, bool))}
    inv.authorizer = {"principalId": result["principalId"], **context}
    if isinstance(result.get("usageIdentifierKey"), str):
        inv.usage_key = result["usageIdentifierKey"]


async def _cognito(inv: Invocation, authorizer: dict[str, Any]) -> None:
    """Verify the ID or access token against the pool's JWKS, as cumulo's Cognito serves
    it at /<pool-id>/.well-known/jwks.json; claims reach `$context.authorizer.claims`."""
    token = inv.source_value(authorizer.get("identitySource") or "method.request.header.Authorization")
    if not token:
        raise GatewayError("UNAUTHORIZED", "Unauthorized")
    token = token.removeprefix("Bearer ").strip()
    try:
        header = jwt.get_unverified_header(token)
        unverified = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise GatewayError("UNAUTHORIZED", "Unauthorized") from None
    issuer = str(unverified.get("iss") or "")
    pools = [arn.rsplit("/", 1)[-1] for arn in authorizer.get("providerARNs") or []]
    pool = issuer.rstrip("/").rsplit("/", 1)[-1]
    if pool not in pools:
        raise GatewayError("UNAUTHORIZED", "Unauthorized")
    url = f"http://127.0.0.1:{inv.runtime.config.port}/{pool}/.well-known/jwks.json"
    try:
        async with httpx.AsyncClient(timeout=5) as client:
            answer = await client.get(url)
        keys = answer.json().get("keys") if answer.status_code == 200 else None
    except (httpx.HTTPError, ValueError):
        keys = None
    if not keys:
        # Cognito is not (yet) served by this cumulo: no key set to verify the token with.
        raise GatewayError("AUTHORIZER_CONFIGURATION_ERROR",
                           f"Cognito user pool {pool}: no JWKS at /{pool}/.well-known/jwks.json (is Cognito available?)")
    jwk = next((k for k in keys if k.get("kid") == header.get("kid")), None)
    if jwk is None:
        raise GatewayError("UNAUTHORIZED", "Unauthorized")
    try:
        key = jwt.PyJWK(jwk).key
        claims = jwt.decode(token, key=key, algorithms=[jwk.get("alg") or "RS256"], options={"verify_aud": False, "verify_exp": False},  # exp: on the cumulo clock, below
                            leeway=0, issuer=issuer)
    except jwt.PyJWTError:
        raise GatewayError("UNAUTHORIZED", "Unauthorized") from None
    if claims.get("exp") and claims["exp"] < inv.runtime.clock.now():
        raise GatewayError("UNAUTHORIZED", "The incoming token has expired", "401")
    scopes = inv.method.get("authorizationScopes") if inv.method else None
    if scopes:
        granted = set(str(claims.get("scope") or "").split())
        if not granted.intersection(scopes):
            raise GatewayError("UNAUTHORIZED", "Unauthorized")
    inv.authorizer = {"claims": {k: v if isinstance(v, str) else orjson.dumps(v).decode() for k, v in claims.items()}}


def _iam(inv: Invocation) -> None:
    """AWS_IAM: the request must be SigV4-signed (header or query), and the key's principal
    (IAM user, role session, account root) allowed `execute-api:Invoke` on the method ARN.
    (The signature itself is checked by the gateway only with CUMULO_VERIFY_SIGNATURES.)"""
    key = invoke.signing_key(inv.header("authorization") or "", dict(inv.request.query_params))
    if key is None:
        raise GatewayError("MISSING_AUTHENTICATION_TOKEN", "Missing Authentication Token")
    inv.access_key = key
    verdict = invoke.may_invoke(inv.runtime, key, inv.region, inv.method_arn, inv.request_id, inv.request)
    if verdict.principal is None:
        raise GatewayError("INVALID_SIGNATURE", "The security token included in the request is invalid.", "403")
    if not verdict.allowed:
        raise GatewayError("ACCESS_DENIED", f"User: {verdict.principal.arn} is not authorized to perform: execute-api:Invoke on resource: "
                                            f"{inv.method_arn}")
    inv.caller_arn = verdict.principal.arn


def resource_policy(inv: Invocation) -> None:
    """The API's resource policy, when it has one: `execute-api:Invoke` on the method ARN
    for the caller (the IAM signer, else anonymous), with `aws:SourceIp`; the
    `execute-api:/stage/VERB/path` shorthand names this API."""
    text = inv.snapshot["info"].get("policy")
    if not text:
        return
    text = text.replace('"execute-api:/', f'"arn:aws:execute-api:{inv.region}:{inv.account}:{inv.rest_api.id}/')
    try:
        document = iam.parse(text, kind="resource")
    except iam.PolicyError:
        return  # a policy the control plane accepted but the engine cannot read grants nothing special
    who = inv.caller_arn or "anonymous"
    principal = iam.Principal(inv.account, who)
    context = {"aws:sourceip": [inv.request.client]}
    if inv.header("x-amz-vpce-id"):
        context["aws:sourcevpce"] = [inv.header("x-amz-vpce-id") or ""]
    decision = iam.evaluate(iam.Request(principal, "execute-api:Invoke", inv.method_arn, inv.account, context),
                            resource=("resource", document))
    if not decision.allowed:
        because = " with an explicit deny" if decision.reason == "explicit_deny" else ""
        raise GatewayError("ACCESS_DENIED", f"User: {who} is not authorized to perform: execute-api:Invoke on resource: "
                                            f"{inv.method_arn}{because}")
