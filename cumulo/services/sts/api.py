"""STS handlers, one per operation, in model order.

Every operation that issues credentials records a `Session`; when a client signs
with that key, the gateway asks `resolve_access_key` who it is, so the new
identity is what `GetCallerIdentity` (and every other service) sees.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
import secrets
import zlib
from datetime import datetime, timezone
from typing import Any
from xml.etree import ElementTree

import jwt

from cumulo import services
from cumulo.core.context import RequestContext
from cumulo.generated import sts as wire
from cumulo.core.errors import AwsError
from cumulo.services.sts import keys, trust
from cumulo.services.sts.identity import MESSAGE_PREFIX, sessions as _sessions
from cumulo.services.sts.models import Session, SigningKey

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::(\d{12}):role/(?:[\x21-\x7e]*/)?([\w+=,.@-]+)$")
_SAML = {"saml": "urn:oasis:names:tc:SAML:2.0:assertion"}
_SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"


async def assume_role(ctx: RequestContext, req: wire.AssumeRoleRequest) -> wire.AssumeRoleResponse:
    account, role_name = _parse_role(req["RoleArn"])
    chained = ":assumed-role/" in ctx.principal.arn
    duration = req.get("DurationSeconds", 3600)
    if chained and duration > 3600:
        raise AwsError(
            "ValidationError",
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
        )
    packed = _packed_policy_size(req.get("Policy"), req.get("Tags"))
    # The trust policy itself is checked by the gateway's authorize step (a role's trust
    # policy is the resource policy of sts:AssumeRole); the role's own limits apply here.
    role = await _role(ctx, account, role_name)
    if role is not None and not chained and duration > role.get("MaxSessionDuration", 3600):
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.")
    caller = _caller_session(ctx)
    source_identity = req.get("SourceIdentity") or (caller.source_identity if caller else "")
    session, user = _assumed_role_session(ctx, account, role_name, req["RoleSessionName"], duration)
    session.chained = chained
    session.source_identity = source_identity
    session.tags = {t["Key"]: t["Value"] for t in req.get("Tags", [])}
    session.policy = req.get("Policy", "")
    session.policy_arns = tuple(p["arn"] for p in req.get("PolicyArns", []) if p.get("arn"))
    _save(ctx, session)
    result: wire.AssumeRoleResponse = {"Credentials": _credentials(session), "AssumedRoleUser": user}
    if packed is not None:
        result["PackedPolicySize"] = packed
    if session.source_identity:
        result["SourceIdentity"] = session.source_identity
    return _token_size(ctx, result, req, session)


async def assume_role_with_saml(ctx: RequestContext, req: wire.AssumeRoleWithSAMLRequest) -> wire.AssumeRoleWithSAMLResponse:
    account, role_name = _parse_role(req["RoleArn"])
    claims = _saml_claims(req["SAMLAssertion"])
    provider_name = req["PrincipalArn"].rsplit("/", 1)[-1]
    if trust.mode(ctx):
        if await _iam(ctx, account, "GetSAMLProvider", {"SAMLProviderArn": req["PrincipalArn"]}) is None:
            raise AwsError("InvalidIdentityToken", f"SAML provider {req['PrincipalArn']} does not exist in the account.", status=400)
        await trust.check(ctx, await _role(ctx, account, role_name), req["RoleArn"], "sts:AssumeRoleWithSAML",
                          req["PrincipalArn"], {"saml:aud": [claims["audience"]], "saml:sub": [claims["subject"]],
                                                "saml:iss": [claims["issuer"]]})
    session, user = _assumed_role_session(ctx, account, role_name, claims["session_name"], req.get("DurationSeconds", 3600))
    _save(ctx, session)
    name_qualifier = base64.b64encode(hashlib.sha1(f"{claims['issuer']}{account}/{provider_name}".encode()).digest()).decode()
    result: wire.AssumeRoleWithSAMLResponse = {
        "Credentials": _credentials(session),
        "AssumedRoleUser": user,
        "Subject": claims["subject"],
        "SubjectType": claims["subject_type"],
        "Issuer": claims["issuer"],
        "Audience": claims["audience"],
        "NameQualifier": name_qualifier,
    }
    packed = _packed_policy_size(req.get("Policy"), None)
    if packed is not None:
        result["PackedPolicySize"] = packed
    return _token_size(ctx, result, req, session)


async def assume_role_with_web_identity(ctx: RequestContext, req: wire.AssumeRoleWithWebIdentityRequest) -> wire.AssumeRoleWithWebIdentityResponse:
    account, role_name = _parse_role(req["RoleArn"])
    try:
        claims = jwt.decode(req["WebIdentityToken"], options={"verify_signature": False, "verify_exp": False, "verify_aud": False})
    except jwt.PyJWTError:
        raise AwsError("InvalidIdentityToken", "Couldn't parse the web identity token: it is not a valid JWT.") from None
    if "exp" in claims and float(claims["exp"]) < ctx.clock.now():
        raise AwsError("ExpiredTokenException", "Token expired: current date/time must be before the expiration date/time.")
    if trust.mode(ctx):
        await _check_web_identity(ctx, account, role_name, req["RoleArn"], claims)
    session, user = _assumed_role_session(ctx, account, role_name, req["RoleSessionName"], req.get("DurationSeconds", 3600))
    _save(ctx, session)
    audience = claims.get("aud", "")
    result: wire.AssumeRoleWithWebIdentityResponse = {
        "Credentials": _credentials(session),
        "AssumedRoleUser": user,
        "SubjectFromWebIdentityToken": str(claims.get("sub", "")),
        "Provider": req.get("ProviderId") or str(claims.get("iss", "")).removeprefix("https://"),
        "Audience": audience[0] if isinstance(audience, list) and audience else str(audience),
    }
    packed = _packed_policy_size(req.get("Policy"), None)
    if packed is not None:
        result["PackedPolicySize"] = packed
    return _token_size(ctx, result, req, session)


def assume_root(ctx: RequestContext, req: wire.AssumeRootRequest) -> wire.AssumeRootResponse:
    target = req["TargetPrincipal"]
    if not re.fullmatch(r"\d{12}", target):
        raise AwsError("ValidationError", f"The target principal {target} is not a valid account id.")
    if req.get("DurationSeconds", 900) > 900:
        raise AwsError("ValidationError", "The requested DurationSeconds exceeds the 900 second limit for AssumeRoot.")
    session = _new_session(ctx, target, ctx.arn("root", service="iam", region="", account=target), target, req.get("DurationSeconds", 900))
    _save(ctx, session)
    return _token_size(ctx, {"Credentials": _credentials(session)}, req, session)


def decode_authorization_message(ctx: RequestContext, req: wire.DecodeAuthorizationMessageRequest) -> wire.DecodeAuthorizationMessageResponse:
    encoded = req["EncodedMessage"]
    try:
        if not encoded.startswith(MESSAGE_PREFIX):
            raise ValueError
        decoded = zlib.decompress(base64.urlsafe_b64decode(encoded[len(MESSAGE_PREFIX):])).decode()
        json.loads(decoded)
    except (ValueError, binascii.Error, zlib.error):
        raise AwsError("InvalidAuthorizationMessageException", "The encoded authorization message is invalid.") from None
    return {"DecodedMessage": decoded}


def get_access_key_info(ctx: RequestContext, req: wire.GetAccessKeyInfoRequest) -> wire.GetAccessKeyInfoResponse:
    key = req["AccessKeyId"]
    session = _sessions(ctx.store).get(key)
    account = session.account if session else keys.account_of(key) or ctx.runtime.config.default_account
    return {"Account": account}


def get_caller_identity(ctx: RequestContext, req: wire.GetCallerIdentityRequest) -> wire.GetCallerIdentityResponse:
    p = ctx.principal
    return {"UserId": p.user_id, "Account": p.account, "Arn": p.arn}


def get_delegated_access_token(ctx: RequestContext, req: wire.GetDelegatedAccessTokenRequest) -> wire.GetDelegatedAccessTokenResponse:
    # Trade-in tokens come from AWS-side delegation flows that have no local
    # counterpart: no token cumulo could be given was ever issued, so every one is invalid.
    raise AwsError("ExpiredTradeInTokenException", "The trade-in token is invalid or has expired.")


def get_federation_token(ctx: RequestContext, req: wire.GetFederationTokenRequest) -> wire.GetFederationTokenResponse:
    _forbid_session_caller(ctx, "GetFederationToken")
    name, account = req["Name"], ctx.principal.account
    duration = _long_term_duration(ctx, req.get("DurationSeconds", 43200))
    packed = _packed_policy_size(req.get("Policy"), req.get("Tags"))
    arn = ctx.arn(f"federated-user/{name}", region="", account=account)
    session = _new_session(ctx, account, arn, f"{account}:{name}", duration)
    session.tags = {t["Key"]: t["Value"] for t in req.get("Tags", [])}
    _save(ctx, session)
    result: wire.GetFederationTokenResponse = {
        "Credentials": _credentials(session),
        "FederatedUser": {"FederatedUserId": f"{account}:{name}", "Arn": arn},
    }
    if packed is not None:
        result["PackedPolicySize"] = packed
    return _token_size(ctx, result, req, session)


def get_session_token(ctx: RequestContext, req: wire.GetSessionTokenRequest) -> wire.GetSessionTokenResponse:
    _forbid_session_caller(ctx, "GetSessionToken")
    p = ctx.principal
    session = _new_session(ctx, p.account, p.arn, p.user_id, _long_term_duration(ctx, req.get("DurationSeconds", 43200)))
    _save(ctx, session)
    return _token_size(ctx, {"Credentials": _credentials(session)}, req, session)


def get_web_identity_token(ctx: RequestContext, req: wire.GetWebIdentityTokenRequest) -> wire.GetWebIdentityTokenResponse:
    algorithm = req.get("SigningAlgorithm", "RS256")
    if algorithm not in ("RS256", "ES384"):
        raise AwsError("ValidationError", f"Unsupported signing algorithm {algorithm}: use RS256 or ES384.")
    key = _signing_key(ctx, algorithm)
    now = ctx.clock.now()
    expires = now + req.get("DurationSeconds", 300)
    audience = req["Audience"]
    claims: dict[str, Any] = {
        "iss": f"https://{ctx.principal.account}.tokens.sts.global.api.aws",
        "sub": ctx.principal.arn,
        "aud": audience[0] if len(audience) == 1 else audience,
        "iat": int(now),
        "nbf": int(now),
        "exp": int(expires),
        "jti": secrets.token_hex(16),
    }
    if req.get("Tags"):
        claims["https://sts.amazonaws.com/"] = {"request_tags": {t["Key"]: t["Value"] for t in req["Tags"]}}
    token = jwt.encode(claims, key.pem, algorithm=algorithm, headers={"kid": key.kid})
    return {"WebIdentityToken": token, "Expiration": _utc(expires)}


# ---------------------------------------------------------------- helpers


async def _iam(ctx: RequestContext, account: str, operation: str, params: dict[str, Any]) -> dict[str, Any] | None:
    """An IAM read through services.call; None when IAM says there is no such entity."""
    try:
        return await services.call(ctx.runtime, "iam", operation, params, account, ctx.region)
    except AwsError as error:
        if error.code.startswith("NoSuchEntity"):
            return None
        raise


async def _role(ctx: RequestContext, account: str, role_name: str) -> dict[str, Any] | None:
    found = await _iam(ctx, account, "GetRole", {"RoleName": role_name})
    return found["Role"] if found else None


async def _check_web_identity(ctx: RequestContext, account: str, role_name: str, role_arn: str, claims: dict[str, Any]) -> None:
    """With IAM enforced: the token's issuer must be an OIDC provider of the role's account that
    lists the token's audience, and the role's trust policy must let that provider in."""
    issuer = str(claims.get("iss", "")).removeprefix("https://").rstrip("/")
    if issuer == "cognito-identity.amazonaws.com":
        # Cognito identity pools' tokens need no IAM OIDC provider: roles trust the service
        # principal itself, with conditions on the identity pool (aud) and the login kind (amr).
        amr = claims.get("amr", [])
        context = {f"{issuer}:aud": [str(claims.get("aud", ""))], f"{issuer}:sub": [str(claims.get("sub", ""))],
                   f"{issuer}:amr": [str(a) for a in (amr if isinstance(amr, list) else [amr])]}
        await trust.check(ctx, await _role(ctx, account, role_name), role_arn, "sts:AssumeRoleWithWebIdentity", issuer, context)
        return
    provider_arn = f"arn:aws:iam::{account}:oidc-provider/{issuer}"
    provider = await _iam(ctx, account, "GetOpenIDConnectProvider", {"OpenIDConnectProviderArn": provider_arn})
    if provider is None:
        raise AwsError("InvalidIdentityToken", f"No OpenIDConnect provider found in your account for https://{issuer}", status=400)
    audiences = claims.get("aud", [])
    audiences = audiences if isinstance(audiences, list) else [audiences]
    if provider.get("ClientIDList") and not set(map(str, audiences)) & set(provider["ClientIDList"]):
        raise AwsError("InvalidIdentityToken", "Incorrect token audience", status=400)
    context = {f"{issuer}:aud": [str(a) for a in audiences], f"{issuer}:sub": [str(claims.get("sub", ""))]}
    await trust.check(ctx, await _role(ctx, account, role_name), role_arn, "sts:AssumeRoleWithWebIdentity", provider_arn, context)




def _save(ctx: RequestContext, session: Session) -> None:
    _sessions(ctx.store)[session.access_key] = session


def _caller_session(ctx: RequestContext) -> Session | None:
    return _sessions(ctx.store).get(ctx.principal.access_key) if ctx.principal.access_key else None


def _parse_role(role_arn: str) -> tuple[str, str]:
    m = _ROLE_ARN.match(role_arn)
    if m is None:
        raise AwsError("ValidationError", f"{role_arn} is invalid")
    return m.group(1), m.group(2)


def _new_session(ctx: RequestContext, account: str, arn: str, user_id: str, duration: int) -> Session:
    return Session(
        access_key=keys.new_access_key(account),
        secret_key=keys.new_secret(),
        token=keys.new_session_token(),
        expiration=ctx.clock.now() + duration,
        account=account,
        arn=arn,
        user_id=user_id,
    )


def _assumed_role_session(ctx: RequestContext, account: str, role: str, session_name: str, duration: int) -> tuple[Session, wire.AssumedRoleUser]:
    role_id = keys.unique_id("AROA", f"{account}:{role}")
    arn = ctx.arn(f"assumed-role/{role}/{session_name}", service="sts", region="", account=account)
    session = _new_session(ctx, account, arn, f"{role_id}:{session_name}", duration)
    return session, {"AssumedRoleId": f"{role_id}:{session_name}", "Arn": arn}


# MinimumSessionTokenSize's upper bound: what SessionTokenUtilization measures a token against.
MAX_SESSION_TOKEN_SIZE = 4096


def _token_size(ctx: RequestContext, result: Any, req: Any, session: Session) -> Any:
    """A token grown to the MinimumSessionTokenSize asked for, and its size reported
    (SessionTokenSize, SessionTokenUtilization) when one was asked for."""
    minimum = req.get("MinimumSessionTokenSize") or 0
    if not minimum:
        return result
    if len(session.token) < minimum:
        session.token = keys.grown_session_token(session.token, minimum)
        _save(ctx, session)
        result["Credentials"]["SessionToken"] = session.token
    size = len(session.token.encode())
    result["SessionTokenSize"] = size
    result["SessionTokenUtilization"] = min(100, -(-size * 100 // MAX_SESSION_TOKEN_SIZE))
    return result


def _credentials(session: Session) -> wire.Credentials:
    return {
        "AccessKeyId": session.access_key,
        "SecretAccessKey": session.secret_key,
        "SessionToken": session.token,
        "Expiration": _utc(session.expiration),
    }


def _utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(int(epoch), tz=timezone.utc)


def _forbid_session_caller(ctx: RequestContext, operation: str) -> None:
    if _caller_session(ctx) is not None:
        raise AwsError("AccessDenied", f"Cannot call {operation} with session credentials", status=403)


def _long_term_duration(ctx: RequestContext, duration: int) -> int:
    # The root user's sessions are capped at one hour; IAM users' at 36 hours (the model's maximum).
    if ctx.principal.arn.endswith(":root"):
        return min(duration, 3600)
    return duration


def _packed_policy_size(policy: str | None, tags: list[wire.Tag] | None) -> int | None:
    """Percent of the packed session-policy limit used, as AWS reports it; None without a policy or tags."""
    if policy is None and not tags:
        return None
    if policy is not None:
        try:
            json.loads(policy)
        except ValueError:
            raise AwsError("MalformedPolicyDocument", "The policy is not in the valid JSON format.") from None
    packed = zlib.compress((policy or "").encode() + json.dumps(tags or []).encode())
    size = max(1, len(packed) * 100 // 2048)
    if size > 100:
        raise AwsError("PackedPolicyTooLarge", f"Packed size of consolidated session policies and tags exceeds limit by {size - 100}%.")
    return size


def _saml_claims(assertion: str) -> dict[str, str]:
    try:
        root = ElementTree.fromstring(base64.b64decode(assertion, validate=False))
    except (ValueError, binascii.Error, ElementTree.ParseError):
        raise AwsError("InvalidIdentityToken", "Invalid base64 SAMLResponse or the response is not XML.") from None
    name_id = root.find(".//saml:Subject/saml:NameID", _SAML)
    issuer = root.find(".//saml:Issuer", _SAML)
    if name_id is None or issuer is None:
        raise AwsError("InvalidIdentityToken", "The SAML assertion has no Subject NameID or Issuer.")
    recipient = root.find(".//saml:SubjectConfirmationData", _SAML)
    session_name = None
    for attribute in root.iterfind(".//saml:Attribute", _SAML):
        if attribute.get("Name") == _SESSION_NAME_ATTRIBUTE:
            value = attribute.find("saml:AttributeValue", _SAML)
            session_name = value.text if value is not None else None
    if not session_name:
        raise AwsError("InvalidIdentityToken", f"The SAML assertion has no {_SESSION_NAME_ATTRIBUTE} attribute.")
    subject_format = name_id.get("Format", "urn:oasis:names:tc:SAML:2.0:nameid-format:transient")
    short = subject_format.rsplit(":", 1)[-1]
    return {
        "subject": (name_id.text or "").strip(),
        "subject_type": short if short in ("persistent", "transient") else subject_format,
        "issuer": (issuer.text or "").strip(),
        "audience": recipient.get("Recipient", "https://signin.aws.amazon.com/saml") if recipient is not None else "https://signin.aws.amazon.com/saml",
        "session_name": session_name.strip(),
    }


def _signing_key(ctx: RequestContext, algorithm: str) -> SigningKey:
    table = ctx.scope_for(region="global").table("signing_keys")
    key = table.get(algorithm)
    if key is None:
        from cryptography.hazmat.primitives import serialization
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        private = rsa.generate_private_key(65537, 2048) if algorithm == "RS256" else ec.generate_private_key(ec.SECP384R1())
        pem = private.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        key = table[algorithm] = SigningKey(secrets.token_hex(8), algorithm, pem)
    return key
