"""Sign-in: InitiateAuth, AdminInitiateAuth, RespondToAuthChallenge (and the admin one),
CUSTOM_AUTH under the define/create/verify triggers, TOTP set-up, MFA preferences,
sign-out and token revocation. The engine is `flows`."""

from __future__ import annotations

import base64
import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common, flows, passkeys, passwords, triggers
from cumulo.services.cognito_idp.models import Client, User, UserPool

_ADMIN_FLOWS = ("ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH")


async def _initiate(ctx: RequestContext, pool: UserPool, client: Client, flow: str, params: dict[str, str],
                    meta: dict[str, str], admin: bool) -> dict[str, Any]:
    if flow in _ADMIN_FLOWS and not admin:
        raise AwsError("InvalidParameterException", "Initiate Auth method not supported.")
    flows.check_flow(client, flow)
    if flow in ("USER_PASSWORD_AUTH",) + _ADMIN_FLOWS:
        return await flows.password_flow(ctx, pool, client, params, flow, meta)
    if flow == "USER_SRP_AUTH":
        return flows.srp_start(ctx, pool, client, params, flow)
    if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        return await flows.refresh_flow(ctx, pool, client, params, meta)
    if flow == "CUSTOM_AUTH":
        return await _custom_start(ctx, pool, client, params, meta)
    if flow == "USER_AUTH":
        return await _user_auth(ctx, pool, client, params, meta)
    raise AwsError("InvalidParameterException", f"Unsupported auth flow {flow}.")


def _first_factors(pool: UserPool, user: User) -> list[str]:
    """The first factors the pool allows that this user can use (choice-based sign-in)."""
    allowed = ((pool.config.get("Policies") or {}).get("SignInPolicy") or {}).get("AllowedFirstAuthFactors") or ["PASSWORD"]
    usable = {"PASSWORD": bool(user.password_hash), "EMAIL_OTP": bool(user.attributes.get("email")),
              "SMS_OTP": bool(user.attributes.get("phone_number")), "WEB_AUTHN": bool(passkeys.credentials(user)) and (
                  pool.config.get("MfaConfiguration", "OFF") != "ON" or passkeys.satisfies_mfa(pool, user))}
    out = []
    for factor in allowed:
        if usable.get(factor):
            out += ["PASSWORD", "PASSWORD_SRP"] if factor == "PASSWORD" else [factor]
    return out


async def _user_auth(ctx: RequestContext, pool: UserPool, client: Client, params: dict[str, str], meta: dict[str, str]) -> dict[str, Any]:
    """USER_AUTH: the factor the client prefers when the pool allows it, else SELECT_CHALLENGE."""
    username = params.get("USERNAME", "")
    common.check_secret_hash(client, username, params.get("SECRET_HASH"))
    user = common.user_or_none(ctx, pool, username)
    if user is None:
        raise AwsError("NotAuthorizedException", flows.INCORRECT)
    factors = _first_factors(pool, user)
    preferred = params.get("PREFERRED_CHALLENGE", "")
    if preferred and preferred not in factors:
        raise AwsError("InvalidParameterException", f"The preferred challenge {preferred} is not available for this user.")
    if params.get("SRP_A") and (preferred in ("", "PASSWORD_SRP")):
        return flows.srp_start(ctx, pool, client, params, "USER_AUTH")
    if params.get("PASSWORD") and preferred in ("", "PASSWORD"):
        return await flows.password_flow(ctx, pool, client, params, "USER_AUTH", meta)
    if preferred in ("EMAIL_OTP", "SMS_OTP"):
        flows._usable(ctx, user)
        return flows.mfa_challenge(ctx, pool, client, user, preferred, "USER_AUTH")
    if preferred == "WEB_AUTHN":
        flows._usable(ctx, user)
        return _web_authn_challenge(ctx, pool, client, user, "USER_AUTH")
    session, _ = flows._new_challenge(ctx, pool, client, user, "SELECT_CHALLENGE", "USER_AUTH")
    return {"ChallengeName": "SELECT_CHALLENGE", "Session": session, "AvailableChallenges": factors, "ChallengeParameters": {}}


def _web_authn_challenge(ctx: RequestContext, pool: UserPool, client: Client, user: User, flow: str) -> dict[str, Any]:
    """A passkey sign-in: the assertion options (with a fresh challenge) the browser passes to navigator.credentials.get."""
    session, challenge = flows._new_challenge(ctx, pool, client, user, "WEB_AUTHN", flow)
    nonce = secrets.token_bytes(32)
    challenge.private["challenge"] = nonce.hex()
    return {"ChallengeName": "WEB_AUTHN", "Session": session,
            "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": passkeys.request_options(pool, user, nonce)}}


async def initiate_auth(ctx: RequestContext, req: wire.InitiateAuthRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    return await _initiate(ctx, pool, client, req["AuthFlow"], dict(req.get("AuthParameters", {})),
                           dict(req.get("ClientMetadata", {})), admin=False)


async def admin_initiate_auth(ctx: RequestContext, req: wire.AdminInitiateAuthRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    return await _initiate(ctx, pool, client, req["AuthFlow"], dict(req.get("AuthParameters", {})),
                           dict(req.get("ClientMetadata", {})), admin=True)


async def _respond(ctx: RequestContext, pool: UserPool, client: Client, name: str, session: str,
                   answers: dict[str, str], meta: dict[str, str]) -> dict[str, Any]:
    if name == "PASSWORD_VERIFIER":
        return await flows.password_verifier(ctx, pool, client, answers, meta)
    challenge = flows.take_challenge(ctx, pool, session, name)
    if challenge.client_id != client.id:
        raise AwsError("NotAuthorizedException", "Invalid session for the user.")
    user = common.user_or_none(ctx, pool, challenge.username)
    if user is None:
        raise AwsError("UserNotFoundException", "User does not exist.")
    given = answers.get("USERNAME", "")
    if given and common.user_or_none(ctx, pool, given) is not user:
        raise AwsError("NotAuthorizedException", "Invalid session for the user.")
    if client.secret:
        common.check_secret_hash(client, given or user.username, answers.get("SECRET_HASH"))
    if name == "NEW_PASSWORD_REQUIRED":
        new = answers.get("NEW_PASSWORD", "")
        if not new:
            raise AwsError("InvalidParameterException", "Missing required parameter NEW_PASSWORD")
        attrs = [{"Name": k.removeprefix("userAttributes."), "Value": v} for k, v in answers.items() if k.startswith("userAttributes.")]
        changes = common.check_attributes(pool, attrs, creating=False)
        common.set_password(ctx, pool, user, new, temporary=False)
        user.attributes.update(changes)
        common.check_required(pool, user.attributes)
        user.status = "CONFIRMED"
        common.save_user(ctx, pool, user)
        return await flows.mfa_or_tokens(ctx, pool, client, user, challenge.flow if challenge.flow == flows.HOSTED_LOGIN else "NEW_PASSWORD", meta)
    if name == "SOFTWARE_TOKEN_MFA":
        if not flows.totp_ok(user.totp_secret, answers.get("SOFTWARE_TOKEN_MFA_CODE", ""), ctx.clock.now()):
            raise AwsError("CodeMismatchException", "Invalid code received for user")
        return await flows.finish(ctx, pool, client, user, challenge.flow, meta)
    if name in ("SMS_MFA", "EMAIL_OTP", "SMS_OTP"):
        field = {"SMS_MFA": "SMS_MFA_CODE", "EMAIL_OTP": "EMAIL_OTP_CODE", "SMS_OTP": "SMS_OTP_CODE"}[name]
        if answers.get(field) != challenge.private.get("code"):
            raise AwsError("CodeMismatchException", "Invalid code received for user")
        return await flows.finish(ctx, pool, client, user, challenge.flow, meta)
    if name == "SELECT_MFA_TYPE":
        choice = answers.get("ANSWER", "")
        if choice not in flows._mfa_methods(pool, user):
            raise AwsError("InvalidParameterException", f"Invalid MFA type {choice}.")
        return flows.mfa_challenge(ctx, pool, client, user, choice, challenge.flow)
    if name == "MFA_SETUP":
        if not challenge.private.get("verified"):
            raise AwsError("InvalidParameterException", "Software token MFA has not been verified for this session.")
        return await flows.finish(ctx, pool, client, user, challenge.flow, meta)
    if name == "DEVICE_SRP_AUTH":
        return flows.device_srp_start(ctx, pool, client, user, answers.get("DEVICE_KEY") or challenge.private.get("device_key", ""),
                                      answers.get("SRP_A", ""), challenge.flow)
    if name == "DEVICE_PASSWORD_VERIFIER":
        return await flows.device_verifier(ctx, pool, client, user, challenge, answers, meta)
    if name == "CUSTOM_CHALLENGE":
        return await _custom_answer(ctx, pool, client, user, challenge, answers.get("ANSWER", ""), meta)
    if name == "SELECT_CHALLENGE":
        answer = answers.get("ANSWER", "")
        if answer == "PASSWORD":
            return await flows.password_flow(ctx, pool, client, {**answers, "USERNAME": user.username}, challenge.flow, meta)
        if answer == "PASSWORD_SRP":
            return flows.srp_start(ctx, pool, client, {**answers, "USERNAME": user.username}, challenge.flow)
        if answer in ("EMAIL_OTP", "SMS_OTP") and answer in _first_factors(pool, user):
            return flows.mfa_challenge(ctx, pool, client, user, answer, challenge.flow)
        if answer == "WEB_AUTHN" and answer in _first_factors(pool, user):
            return _web_authn_challenge(ctx, pool, client, user, challenge.flow)
    if name == "WEB_AUTHN":
        flows._usable(ctx, user)
        # Where the pool requires MFA, a passkey stands in for it only with user verification.
        stored = passkeys.authenticate(pool, user, answers.get("CREDENTIAL", ""), bytes.fromhex(challenge.private.get("challenge", "")),
                                       require_verification=pool.config.get("MfaConfiguration", "OFF") == "ON")
        stored["last_used"] = ctx.clock.now()
        common.save_user(ctx, pool, user)
        return await flows.finish(ctx, pool, client, user, challenge.flow, meta)
    raise AwsError("InvalidParameterException", f"Unsupported challenge {name}.")


async def respond_to_auth_challenge(ctx: RequestContext, req: wire.RespondToAuthChallengeRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    return await _respond(ctx, pool, client, req["ChallengeName"], req.get("Session", ""),
                          dict(req.get("ChallengeResponses", {})), dict(req.get("ClientMetadata", {})))


async def admin_respond_to_auth_challenge(ctx: RequestContext, req: wire.AdminRespondToAuthChallengeRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    client = common.client(ctx, pool, req["ClientId"])
    return await _respond(ctx, pool, client, req["ChallengeName"], req.get("Session", ""),
                          dict(req.get("ChallengeResponses", {})), dict(req.get("ClientMetadata", {})))


# ---------------------------------------------------------------- CUSTOM_AUTH


async def _define(ctx: RequestContext, pool: UserPool, client: Client, user: User, history: list[dict[str, Any]],
                  meta: dict[str, str]) -> dict[str, Any]:
    response = await triggers.invoke(ctx, pool, "DefineAuthChallenge", triggers.event(
        pool, "DefineAuthChallenge_Authentication", user.username, client.id,
        {"userAttributes": triggers.user_attributes(user), "session": history, "clientMetadata": meta, "userNotFound": False},
        {"challengeName": None, "issueTokens": False, "failAuthentication": False}))
    if response is None:
        raise AwsError("InvalidParameterException", "Custom auth lambda trigger is not configured for the user pool.")
    return response


async def _next(ctx: RequestContext, pool: UserPool, client: Client, user: User, history: list[dict[str, Any]],
                meta: dict[str, str]) -> dict[str, Any]:
    decision = await _define(ctx, pool, client, user, history, meta)
    if decision.get("issueTokens"):
        return await flows.finish(ctx, pool, client, user, "CUSTOM_AUTH", meta)
    if decision.get("failAuthentication") or not decision.get("challengeName"):
        raise AwsError("NotAuthorizedException", flows.INCORRECT)
    name = decision["challengeName"]
    created = await triggers.invoke(ctx, pool, "CreateAuthChallenge", triggers.event(
        pool, "CreateAuthChallenge_Authentication", user.username, client.id,
        {"userAttributes": triggers.user_attributes(user), "challengeName": name, "session": history, "clientMetadata": meta},
        {"publicChallengeParameters": {}, "privateChallengeParameters": {}, "challengeMetadata": None})) or {}
    session, challenge = flows._new_challenge(ctx, pool, client, user, "CUSTOM_CHALLENGE", "CUSTOM_AUTH")
    challenge.custom = history
    challenge.private = {"params": created.get("privateChallengeParameters") or {}, "metadata": created.get("challengeMetadata"),
                         "name": name}
    public = {str(k): str(v) for k, v in (created.get("publicChallengeParameters") or {}).items()}
    return {"ChallengeName": "CUSTOM_CHALLENGE", "Session": session, "ChallengeParameters": {**public, "USERNAME": user.username}}


async def _custom_start(ctx: RequestContext, pool: UserPool, client: Client, params: dict[str, str], meta: dict[str, str]) -> dict[str, Any]:
    username = params.get("USERNAME", "")
    common.check_secret_hash(client, username, params.get("SECRET_HASH"))
    user = common.user_or_none(ctx, pool, username)
    if user is None:
        raise AwsError("NotAuthorizedException", flows.INCORRECT) if client.config.get("PreventUserExistenceErrors") != "LEGACY" \
            else AwsError("UserNotFoundException", "User does not exist.")
    if not user.enabled:
        raise AwsError("NotAuthorizedException", "User is disabled.")
    return await _next(ctx, pool, client, user, [], meta)


async def _custom_answer(ctx: RequestContext, pool: UserPool, client: Client, user: User, challenge: Any, answer: str,
                         meta: dict[str, str]) -> dict[str, Any]:
    verdict = await triggers.invoke(ctx, pool, "VerifyAuthChallengeResponse", triggers.event(
        pool, "VerifyAuthChallengeResponse_Authentication", user.username, client.id,
        {"userAttributes": triggers.user_attributes(user), "privateChallengeParameters": challenge.private.get("params", {}),
         "challengeAnswer": answer, "clientMetadata": meta, "userNotFound": False}, {"answerCorrect": False})) or {}
    history = list(challenge.custom) + [{"challengeName": challenge.private.get("name", "CUSTOM_CHALLENGE"),
                                         "challengeResult": bool(verdict.get("answerCorrect")),
                                         "challengeMetadata": challenge.private.get("metadata")}]
    return await _next(ctx, pool, client, user, history, meta)


# ---------------------------------------------------------------- TOTP and MFA preferences


def _token_or_session(ctx: RequestContext, access_token: str | None, session: str | None) -> tuple[UserPool, User, Any]:
    if access_token:
        pool, user, _ = common.by_token(ctx, access_token)
        return pool, user, None
    pool_ = flows.pool_of_session(ctx, session or "")
    if pool_ is None:
        raise AwsError("NotAuthorizedException", "Invalid session for the user, session is expired.")
    challenge = flows.take_challenge(ctx, pool_, session or "")
    return pool_, common.user(ctx, pool_, challenge.username), challenge


def associate_software_token(ctx: RequestContext, req: wire.AssociateSoftwareTokenRequest) -> dict[str, Any]:
    pool, user, challenge = _token_or_session(ctx, req.get("AccessToken"), req.get("Session"))
    user.totp_pending = base64.b32encode(secrets.token_bytes(20)).decode().rstrip("=")
    common.save_user(ctx, pool, user)
    out: dict[str, Any] = {"SecretCode": user.totp_pending}
    if challenge is not None:
        out["Session"] = _again(ctx, pool, challenge)
    return out


def _again(ctx: RequestContext, pool: UserPool, challenge: Any) -> str:
    client = common.client(ctx, pool, challenge.client_id)
    user = common.user(ctx, pool, challenge.username)
    session, fresh = flows._new_challenge(ctx, pool, client, user, challenge.name, challenge.flow)
    fresh.private = dict(challenge.private)
    return session


def verify_software_token(ctx: RequestContext, req: wire.VerifySoftwareTokenRequest) -> dict[str, Any]:
    pool, user, challenge = _token_or_session(ctx, req.get("AccessToken"), req.get("Session"))
    if not user.totp_pending:
        raise AwsError("InvalidParameterException", "Software token MFA has not been associated with the user.")
    if not flows.totp_ok(user.totp_pending, req["UserCode"], ctx.clock.now()):
        if challenge is not None:
            _again(ctx, pool, challenge)
        raise AwsError("EnableSoftwareTokenMFAException", "Code mismatch")
    user.totp_secret, user.totp_pending = user.totp_pending, ""
    user.mfa_enabled.add("SOFTWARE_TOKEN_MFA")
    if not user.mfa_preferred:
        user.mfa_preferred = "SOFTWARE_TOKEN_MFA"
    common.save_user(ctx, pool, user)
    out: dict[str, Any] = {"Status": "SUCCESS"}
    if challenge is not None:
        challenge.private["verified"] = True
        out["Session"] = _again(ctx, pool, challenge)
    return out


def _set_preferences(ctx: RequestContext, pool: UserPool, user: User, req: Any) -> None:
    for field, method in (("SMSMfaSettings", "SMS_MFA"), ("SoftwareTokenMfaSettings", "SOFTWARE_TOKEN_MFA"),
                          ("EmailMfaSettings", "EMAIL_OTP")):
        settings = req.get(field)
        if settings is None:
            continue
        if method == "SOFTWARE_TOKEN_MFA" and settings.get("Enabled") and not user.totp_secret:
            raise AwsError("InvalidParameterException", "User has not verified software token mfa")
        if settings.get("Enabled"):
            user.mfa_enabled.add(method)
        else:
            user.mfa_enabled.discard(method)
            if user.mfa_preferred == method:
                user.mfa_preferred = ""
        if settings.get("PreferredMfa"):
            if not settings.get("Enabled") and method not in user.mfa_enabled:
                raise AwsError("InvalidParameterException", "A preferred MFA method must be enabled.")
            user.mfa_preferred = method
    passkey = req.get("WebAuthnMfaSettings")
    if passkey is not None:
        if passkey.get("Enabled"):
            user.mfa_enabled.add("WEB_AUTHN")
        else:
            user.mfa_enabled.discard("WEB_AUTHN")
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)


def set_user_mfa_preference(ctx: RequestContext, req: wire.SetUserMFAPreferenceRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _set_preferences(ctx, pool, user, req)
    return {}


def admin_set_user_mfa_preference(ctx: RequestContext, req: wire.AdminSetUserMFAPreferenceRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _set_preferences(ctx, pool, common.user(ctx, pool, req["Username"]), req)
    return {}


def _settings(ctx: RequestContext, pool: UserPool, user: User, options: list[Any]) -> None:
    user.mfa_options = [dict(o) for o in options]
    if any(o.get("DeliveryMedium") == "SMS" for o in options):
        user.mfa_enabled.add("SMS_MFA")
    else:
        user.mfa_enabled.discard("SMS_MFA")
    common.save_user(ctx, pool, user)


def set_user_settings(ctx: RequestContext, req: wire.SetUserSettingsRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _settings(ctx, pool, user, list(req["MFAOptions"]))
    return {}


def admin_set_user_settings(ctx: RequestContext, req: wire.AdminSetUserSettingsRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _settings(ctx, pool, common.user(ctx, pool, req["Username"]), list(req["MFAOptions"]))
    return {}


# ---------------------------------------------------------------- sign-out and revocation


def _sign_out(ctx: RequestContext, pool: UserPool, user: User) -> None:
    table = common.sessions(ctx, pool)
    for jti, session in table.items():
        if session.pool_id == pool.id and session.username == user.username and not session.revoked:
            session.revoked = True
            table.touch(jti)


def global_sign_out(ctx: RequestContext, req: wire.GlobalSignOutRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _sign_out(ctx, pool, user)
    return {}


def admin_user_global_sign_out(ctx: RequestContext, req: wire.AdminUserGlobalSignOutRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _sign_out(ctx, pool, common.user(ctx, pool, req["Username"]))
    return {}


def revoke_token(ctx: RequestContext, req: wire.RevokeTokenRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    if client.secret and req.get("ClientSecret") not in [client.secret] + [s["ClientSecretValue"] for s in client.extra_secrets]:
        raise AwsError("NotAuthorizedException", f"Unable to verify secret hash for client {client.id}")
    if client.config.get("EnableTokenRevocation") is False:
        raise AwsError("UnsupportedTokenTypeException", "Token revocation is not enabled for this client.")
    session = flows.session_of_refresh(ctx, pool, req["Token"])
    if session is None:
        raise AwsError("UnsupportedTokenTypeException", "The token provided is not a refresh token.")
    if session.client_id != client.id:
        raise AwsError("UnauthorizedException", "The token was not issued to this client.")
    session.revoked = True
    common.sessions(ctx, pool).touch(session.origin_jti)
    return {}


async def get_tokens_from_refresh_token(ctx: RequestContext, req: wire.GetTokensFromRefreshTokenRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    if client.secret and req.get("ClientSecret") not in [client.secret] + [s["ClientSecretValue"] for s in client.extra_secrets]:
        raise AwsError("NotAuthorizedException", f"Unable to verify secret hash for client {client.id}")
    session = flows.session_of_refresh(ctx, pool, req["RefreshToken"])
    if session is None or session.client_id != client.id:
        raise AwsError("NotAuthorizedException", "Invalid Refresh Token")
    user = common.user(ctx, pool, session.username)
    secret_hash = passwords.secret_hash(client.id, client.secret, user.username) if client.secret else None
    params = {"REFRESH_TOKEN": req["RefreshToken"], **({"SECRET_HASH": secret_hash} if secret_hash else {})}
    return {"AuthenticationResult": (await flows.refresh_flow(ctx, pool, client, params, dict(req.get("ClientMetadata", {}))))["AuthenticationResult"]}
