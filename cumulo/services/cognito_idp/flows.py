"""The sign-in engine behind InitiateAuth, AdminInitiateAuth and RespondToAuthChallenge.

A flow checks the password (salted hash) or the SRP proof, then walks AWS's
challenges: NEW_PASSWORD_REQUIRED for a temporary password, MFA_SETUP when the
pool requires MFA the user has not set up, SOFTWARE_TOKEN_MFA / SMS_MFA /
EMAIL_OTP / SELECT_MFA_TYPE, CUSTOM_CHALLENGE under the define/create/verify
triggers. A challenge in progress is a `Challenge` row named by the opaque
Session string (PASSWORD_VERIFIER's by its SECRET_BLOCK: SRP clients send no
Session back). A finished flow is a `Session` (origin_jti) with a refresh token.
Failed passwords count toward a lockout that doubles, as AWS's does.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import struct
import time
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cognito_idp import common, passwords, srp, tokens, triggers
from cumulo.services.cognito_idp.models import Challenge, Client, Session, User, UserPool

# The flow of a sign-in on the managed login pages: the engine walks the same challenges, and
# at the end the pages (not the engine) hand out an authorization code or implicit tokens.
HOSTED_LOGIN = "HOSTED_LOGIN"
LOCKOUT_AFTER = 5
MAX_LOCK = 900.0
MFA_CODE_TTL = 180.0
INCORRECT = "Incorrect username or password."
_REQUIRED_FLOW = {
    "USER_PASSWORD_AUTH": ("ALLOW_USER_PASSWORD_AUTH", "USER_PASSWORD_AUTH"),
    "USER_SRP_AUTH": ("ALLOW_USER_SRP_AUTH",),
    "REFRESH_TOKEN_AUTH": ("ALLOW_REFRESH_TOKEN_AUTH",),
    "REFRESH_TOKEN": ("ALLOW_REFRESH_TOKEN_AUTH",),
    "CUSTOM_AUTH": ("ALLOW_CUSTOM_AUTH", "CUSTOM_AUTH_FLOW_ONLY"),
    "ADMIN_USER_PASSWORD_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "ADMIN_NO_SRP_AUTH": ("ALLOW_ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"),
    "USER_AUTH": ("ALLOW_USER_AUTH",),
}


def host(ctx: RequestContext) -> str:
    if ctx.request is not None and ctx.request.host:
        return ctx.request.host
    return f"localhost:{ctx.runtime.config.port}"


def check_flow(client: Client, flow: str) -> None:
    allowed = client.config.get("ExplicitAuthFlows") or []
    legacy = not any(f.startswith("ALLOW_") for f in allowed)
    if legacy and flow in ("USER_SRP_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN", "CUSTOM_AUTH"):
        return
    if not any(name in allowed for name in _REQUIRED_FLOW.get(flow, ())):
        raise AwsError("InvalidParameterException", f"{flow} flow not enabled for this client")


# ---------------------------------------------------------------- challenges


def _challenges(ctx: RequestContext, pool: UserPool) -> Any:
    return common.table(ctx.store, pool.account, pool.region, "challenges")


def _new_challenge(ctx: RequestContext, pool: UserPool, client: Client, user: User, name: str, flow: str, key: str = "") -> tuple[str, Challenge]:
    now = ctx.clock.now()
    table = _challenges(ctx, pool)
    if len(table) > 500:
        for stale in [k for k, c in table.items() if c.expires < now]:
            del table[stale]
    ttl = float(client.config.get("AuthSessionValidity") or 3) * 60
    challenge = Challenge(pool_id=pool.id, client_id=client.id, username=user.username, name=name, expires=now + ttl, flow=flow)
    session = key or base64.urlsafe_b64encode(secrets.token_bytes(96)).decode()
    table[_session_key(session)] = challenge
    return session, challenge


def _session_key(session: str) -> str:
    return hashlib.sha256(session.encode()).hexdigest()


def take_challenge(ctx: RequestContext, pool: UserPool, session: str, name: str | None = None) -> Challenge:
    table = _challenges(ctx, pool)
    key = _session_key(session or "")
    challenge: Challenge | None = table.get(key)
    if challenge is None or challenge.expires < ctx.clock.now():
        raise AwsError("NotAuthorizedException", "Invalid session for the user, session is expired.")
    if name is not None and challenge.name != name:
        raise AwsError("InvalidParameterException", f"Invalid challenge name {name}; the session is for {challenge.name}.")
    del table[key]
    return challenge


def pool_of_session(ctx: RequestContext, session: str) -> UserPool | None:
    """The pool a Session string belongs to, searched in the caller's scope's known pools."""
    key = _session_key(session or "")
    for pool_id, account in common.global_table(ctx.store, "pool_index").items():
        pool = common.pools(ctx, pool_id.split("_", 1)[0], account).get(pool_id)
        if pool is not None and key in _challenges(ctx, pool):
            return pool
    return None


# ---------------------------------------------------------------- password checks


def _user_for_sign_in(ctx: RequestContext, pool: UserPool, client: Client, username: str) -> User | None:
    return common.user_or_none(ctx, pool, username)


def _not_found(client: Client) -> AwsError:
    if client.config.get("PreventUserExistenceErrors") == "LEGACY":
        return AwsError("UserNotFoundException", "User does not exist.")
    return AwsError("NotAuthorizedException", INCORRECT)


def _usable(ctx: RequestContext, user: User) -> None:
    now = ctx.clock.now()
    if user.locked_until > now:
        raise AwsError("NotAuthorizedException", "Password attempts exceeded")
    if not user.enabled:
        raise AwsError("NotAuthorizedException", "User is disabled.")


def _password_failed(ctx: RequestContext, pool: UserPool, user: User) -> AwsError:
    user.failed += 1
    if user.failed >= LOCKOUT_AFTER:
        user.locked_until = ctx.clock.now() + min(2.0 ** (user.failed - LOCKOUT_AFTER), MAX_LOCK)
    common.save_user(ctx, pool, user)
    _event(ctx, pool, user, "SignIn", "Fail")
    return AwsError("NotAuthorizedException", INCORRECT)


def _status_checks(ctx: RequestContext, user: User) -> None:
    if user.status == "UNCONFIRMED":
        raise AwsError("UserNotConfirmedException", "User is not confirmed.")
    if user.status == "RESET_REQUIRED":
        raise AwsError("PasswordResetRequiredException", "Password reset required for the user")
    if user.status == "FORCE_CHANGE_PASSWORD" and user.temporary_expires is not None and user.temporary_expires < ctx.clock.now():
        raise AwsError("NotAuthorizedException", "Temporary password has expired and must be reset by an administrator.")


async def _migrate(ctx: RequestContext, pool: UserPool, client: Client, username: str, password: str, meta: dict[str, str]) -> User | None:
    """The UserMigration trigger: a user the pool lacks, made from what the function answers."""
    if not triggers.function_of(pool, "UserMigration"):
        return None
    response = await triggers.invoke(ctx, pool, "UserMigration", triggers.event(
        pool, "UserMigration_Authentication", username, client.id,
        {"password": password, "validationData": {}, "clientMetadata": meta},
        {"userAttributes": None, "finalUserStatus": None, "messageAction": None, "desiredDeliveryMediums": None,
         "forceAliasCreation": None, "enableSMSMFA": None}))
    if not response or not response.get("userAttributes"):
        return None
    now = ctx.clock.now()
    attrs = {k: str(v) for k, v in response["userAttributes"].items() if k != "username"}
    sub = str(uuid.uuid4())
    user = User(username=sub if pool.config.get("UsernameAttributes") else username, sub=sub, created=now, modified=now,
                attributes={"sub": sub, **attrs})
    final = response.get("finalUserStatus") or "RESET_REQUIRED"
    common.set_password(ctx, pool, user, password, temporary=False)
    user.status = "CONFIRMED" if final == "CONFIRMED" else "RESET_REQUIRED"
    common.save_user(ctx, pool, user)
    return user


async def password_flow(ctx: RequestContext, pool: UserPool, client: Client, params: dict[str, str], flow: str,
                        meta: dict[str, str]) -> dict[str, Any]:
    username, password = params.get("USERNAME", ""), params.get("PASSWORD", "")
    if not username or not password:
        raise AwsError("InvalidParameterException", "Missing required parameter USERNAME" if not username else "Missing required parameter PASSWORD")
    common.check_secret_hash(client, username, params.get("SECRET_HASH"))
    user = _user_for_sign_in(ctx, pool, client, username)
    if user is None:
        user = await _migrate(ctx, pool, client, username, password, meta)
        if user is None:
            raise _not_found(client)
        if user.status == "RESET_REQUIRED":
            raise AwsError("PasswordResetRequiredException", "Password reset required for the user")
    _usable(ctx, user)
    if not passwords.matches(user.password_hash, password):
        raise _password_failed(ctx, pool, user)
    _status_checks(ctx, user)
    return await after_password(ctx, pool, client, user, flow, meta, params.get("DEVICE_KEY", ""))


def srp_start(ctx: RequestContext, pool: UserPool, client: Client, params: dict[str, str], flow: str) -> dict[str, Any]:
    username, srp_a = params.get("USERNAME", ""), params.get("SRP_A", "")
    if not username or not srp_a:
        raise AwsError("InvalidParameterException", "Missing required parameter SRP_A" if username else "Missing required parameter USERNAME")
    common.check_secret_hash(client, username, params.get("SECRET_HASH"))
    user = _user_for_sign_in(ctx, pool, client, username)
    if user is None:
        raise _not_found(client)
    _usable(ctx, user)
    a = int(srp_a, 16)
    if a % srp.N == 0:
        raise AwsError("NotAuthorizedException", INCORRECT)
    small_b, big_b = srp.server_values(user.srp_verifier)
    block = srp.new_secret_block()
    _, challenge = _new_challenge(ctx, pool, client, user, "PASSWORD_VERIFIER", flow, key=block)
    challenge.srp_a, challenge.srp_b, challenge.srp_small_b, challenge.secret_block = a, big_b, small_b, block
    challenge.private["device_key"] = params.get("DEVICE_KEY", "")
    return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {
        "SALT": user.srp_salt, "SECRET_BLOCK": block, "SRP_B": f"{big_b:x}", "USERNAME": user.username,
        "USER_ID_FOR_SRP": user.username}}


async def password_verifier(ctx: RequestContext, pool: UserPool, client: Client, answers: dict[str, str], meta: dict[str, str]) -> dict[str, Any]:
    block = answers.get("PASSWORD_CLAIM_SECRET_BLOCK", "")
    challenge = take_challenge(ctx, pool, block, "PASSWORD_VERIFIER")
    user = common.user_or_none(ctx, pool, challenge.username)
    if user is None:
        raise _not_found(client)
    common.check_secret_hash(client, answers.get("USERNAME", user.username), answers.get("SECRET_HASH"))
    _usable(ctx, user)
    key = srp.session_key(challenge.srp_a, challenge.srp_b, challenge.srp_small_b, user.srp_verifier)
    expected = srp.signature(key, pool.id, user.username, block, answers.get("TIMESTAMP", "")) if key else ""
    if not key or not hmac.compare_digest(expected, answers.get("PASSWORD_CLAIM_SIGNATURE", "")):
        raise _password_failed(ctx, pool, user)
    _status_checks(ctx, user)
    device_key = answers.get("DEVICE_KEY") or challenge.private.get("device_key", "")
    return await after_password(ctx, pool, client, user, challenge.flow, meta, device_key)


# ---------------------------------------------------------------- after the password: challenges, then tokens


async def after_password(ctx: RequestContext, pool: UserPool, client: Client, user: User, flow: str, meta: dict[str, str],
                         device_key: str = "") -> dict[str, Any]:
    user.failed, user.locked_until = 0, 0.0
    await triggers.invoke(ctx, pool, "PreAuthentication", triggers.event(
        pool, "PreAuthentication_Authentication", user.username, client.id,
        {"userAttributes": triggers.user_attributes(user), "validationData": {}, "userNotFound": False, "clientMetadata": meta}))
    if user.status == "FORCE_CHANGE_PASSWORD":
        session, _ = _new_challenge(ctx, pool, client, user, "NEW_PASSWORD_REQUIRED", flow)
        common.save_user(ctx, pool, user)
        visible = {k: v for k, v in user.attributes.items() if k not in ("sub", "email_verified", "phone_number_verified")}
        return {"ChallengeName": "NEW_PASSWORD_REQUIRED", "Session": session, "ChallengeParameters": {
            "USER_ID_FOR_SRP": user.username, "requiredAttributes": json.dumps(
                [f"userAttributes.{n}" for n, s in pool.schema.items() if s.get("Required") and n != "sub" and not user.attributes.get(n)]),
            "userAttributes": json.dumps(visible)}}
    device = user.devices.get(device_key) if device_key else None
    if device is not None and device.get("confirmed") and (device.get("verifier") or {}).get("PasswordVerifier"):
        # A remembered device proves itself with its own SRP exchange, then skips MFA.
        session, challenge = _new_challenge(ctx, pool, client, user, "DEVICE_SRP_AUTH", flow)
        challenge.private["device_key"] = device_key
        common.save_user(ctx, pool, user)
        return {"ChallengeName": "DEVICE_SRP_AUTH", "Session": session, "ChallengeParameters": {}}
    return await mfa_or_tokens(ctx, pool, client, user, flow, meta)


def device_srp_start(ctx: RequestContext, pool: UserPool, client: Client, user: User, device_key: str, srp_a: str, flow: str) -> dict[str, Any]:
    device = user.devices.get(device_key)
    verifier = (device or {}).get("verifier") or {}
    if device is None or not verifier.get("PasswordVerifier"):
        raise AwsError("ResourceNotFoundException", "Device does not exist.")
    v = int(base64.b64decode(verifier["PasswordVerifier"]).hex() or "0", 16)
    a = int(srp_a or "0", 16)
    if a % srp.N == 0:
        raise AwsError("NotAuthorizedException", INCORRECT)
    small_b, big_b = srp.server_values(v)
    block = srp.new_secret_block()
    session, challenge = _new_challenge(ctx, pool, client, user, "DEVICE_PASSWORD_VERIFIER", flow)
    challenge.srp_a, challenge.srp_b, challenge.srp_small_b, challenge.secret_block = a, big_b, small_b, block
    challenge.private.update(device_key=device_key, v=v)
    return {"ChallengeName": "DEVICE_PASSWORD_VERIFIER", "Session": session, "ChallengeParameters": {
        "USERNAME": user.username, "DEVICE_KEY": device_key, "SALT": base64.b64decode(verifier.get("Salt", "")).hex(),
        "SRP_B": f"{big_b:x}", "SECRET_BLOCK": block}}


async def device_verifier(ctx: RequestContext, pool: UserPool, client: Client, user: User, challenge: Challenge,
                          answers: dict[str, str], meta: dict[str, str]) -> dict[str, Any]:
    device = user.devices.get(challenge.private.get("device_key", "")) or {}
    key = srp.session_key(challenge.srp_a, challenge.srp_b, challenge.srp_small_b, int(challenge.private.get("v", 0)))
    expected = srp.device_signature(key, device.get("group", ""), challenge.private["device_key"],
                                    answers.get("PASSWORD_CLAIM_SECRET_BLOCK", ""), answers.get("TIMESTAMP", "")) if key else ""
    if not key or answers.get("PASSWORD_CLAIM_SECRET_BLOCK") != challenge.secret_block or \
            not hmac.compare_digest(expected, answers.get("PASSWORD_CLAIM_SIGNATURE", "")):
        raise AwsError("NotAuthorizedException", INCORRECT)
    device["last"] = ctx.clock.now()
    return await finish(ctx, pool, client, user, challenge.flow, meta, device_key=challenge.private["device_key"])


def _mfa_methods(pool: UserPool, user: User) -> list[str]:
    enabled = []
    if "SOFTWARE_TOKEN_MFA" in user.mfa_enabled and user.totp_secret:
        enabled.append("SOFTWARE_TOKEN_MFA")
    if "SMS_MFA" in user.mfa_enabled and user.attributes.get("phone_number"):
        enabled.append("SMS_MFA")
    if "EMAIL_OTP" in user.mfa_enabled and user.attributes.get("email"):
        enabled.append("EMAIL_OTP")
    return enabled


async def mfa_or_tokens(ctx: RequestContext, pool: UserPool, client: Client, user: User, flow: str, meta: dict[str, str]) -> dict[str, Any]:
    setting = pool.config.get("MfaConfiguration", "OFF")
    methods = _mfa_methods(pool, user) if setting != "OFF" else []
    if setting == "ON" and not methods:
        if user.attributes.get("phone_number") and pool.mfa.get("SmsMfaConfiguration") and user.attributes.get("phone_number_verified") == "true":
            methods = ["SMS_MFA"]
        else:
            session, _ = _new_challenge(ctx, pool, client, user, "MFA_SETUP", flow)
            common.save_user(ctx, pool, user)
            allowed = [m for m, on in (("SOFTWARE_TOKEN_MFA", pool.mfa.get("SoftwareTokenMfaConfiguration", {}).get("Enabled")),
                                       ("SMS_MFA", pool.mfa.get("SmsMfaConfiguration"))) if on]
            return {"ChallengeName": "MFA_SETUP", "Session": session,
                    "ChallengeParameters": {"MFAS_CAN_SETUP": json.dumps(allowed or ["SOFTWARE_TOKEN_MFA"])}}
    if methods:
        chosen = user.mfa_preferred if user.mfa_preferred in methods else (methods[0] if len(methods) == 1 else "")
        if not chosen:
            session, _ = _new_challenge(ctx, pool, client, user, "SELECT_MFA_TYPE", flow)
            common.save_user(ctx, pool, user)
            return {"ChallengeName": "SELECT_MFA_TYPE", "Session": session,
                    "ChallengeParameters": {"MFAS_CAN_CHOOSE": json.dumps(methods), "USER_ID_FOR_SRP": user.username}}
        return mfa_challenge(ctx, pool, client, user, chosen, flow)
    return await finish(ctx, pool, client, user, flow, meta)


def mfa_challenge(ctx: RequestContext, pool: UserPool, client: Client, user: User, method: str, flow: str) -> dict[str, Any]:
    session, challenge = _new_challenge(ctx, pool, client, user, method, flow)
    params = {"USER_ID_FOR_SRP": user.username}
    if method in ("SMS_MFA", "EMAIL_OTP", "SMS_OTP"):
        code = passwords.code()
        challenge.private["code"] = code
        attr = "email" if method == "EMAIL_OTP" else "phone_number"
        delivery = common.delivery_for(pool, user, attr)
        common.record_code(ctx, pool, user, method, code, delivery)
        params.update({"CODE_DELIVERY_DELIVERY_MEDIUM": delivery["DeliveryMedium"], "CODE_DELIVERY_DESTINATION": delivery["Destination"]})
    common.save_user(ctx, pool, user)
    return {"ChallengeName": method, "Session": session, "ChallengeParameters": params}


def totp(secret: str, at: float) -> str:
    """RFC 6238: six digits from HMAC-SHA1 over the 30-second step (what authenticator apps show)."""
    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", int(at // 30)), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    return f"{(struct.unpack('>I', mac[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000:06d}"


def totp_ok(secret: str, code: str, now: float) -> bool:
    # Authenticator apps use the wall clock; tests may have moved cumulo's. Either counts.
    return any(hmac.compare_digest(totp(secret, t + drift), code) for t in {now, time.time()} for drift in (-30, 0, 30))


# ---------------------------------------------------------------- tokens


async def finish(ctx: RequestContext, pool: UserPool, client: Client, user: User, flow: str, meta: dict[str, str],
                 *, scopes: list[str] | None = None, source: str = "TokenGeneration_Authentication",
                 with_id: bool = True, device_key: str = "") -> dict[str, Any]:
    """A new sign-in: its Session, refresh token and tokens (after PreTokenGeneration)."""
    if flow == HOSTED_LOGIN:
        user.failed, user.locked_until = 0, 0.0
        common.save_user(ctx, pool, user)
        return {"HostedUser": user.username, "ChallengeParameters": {}}
    now = ctx.clock.now()
    if tokens.ensure_key(pool):
        common.touch(ctx, pool)
    refresh = tokens.new_refresh_token()
    session = Session(origin_jti=str(uuid.uuid4()), pool_id=pool.id, client_id=client.id, username=user.username,
                      auth_time=now, expires=now + client.validity("Refresh"), scopes=list(scopes or []),
                      refresh_hash=tokens.refresh_hash(refresh))
    common.sessions(ctx, pool)[session.origin_jti] = session
    common.table(ctx.store, pool.account, pool.region, "refresh")[session.refresh_hash] = session.origin_jti
    if source == "TokenGeneration_Authentication" and flow == "NEW_PASSWORD":
        source = "TokenGeneration_NewPasswordChallenge"
    result = await issue_for(ctx, pool, client, user, session, source, meta, with_id=with_id)
    result["RefreshToken"] = refresh
    if pool.config.get("DeviceConfiguration") and not device_key:
        new_key, group = f"{pool.region}_{uuid.uuid4()}", f"-{common.new_id(9)}"
        user.devices[new_key] = {"DeviceKey": new_key, "confirmed": False, "created": now, "modified": now,
                                 "last": now, "attributes": {}, "group": group}
        result["NewDeviceMetadata"] = {"DeviceKey": new_key, "DeviceGroupKey": group}
    user.modified = user.modified
    _event(ctx, pool, user, "SignIn", "Pass")
    common.save_user(ctx, pool, user)
    await triggers.invoke(ctx, pool, "PostAuthentication", triggers.event(
        pool, "PostAuthentication_Authentication", user.username, client.id,
        {"userAttributes": triggers.user_attributes(user), "newDeviceUsed": False, "clientMetadata": meta}))
    return {"AuthenticationResult": result, "ChallengeParameters": {}}


async def issue_for(ctx: RequestContext, pool: UserPool, client: Client, user: User, session: Session, source: str,
                    meta: dict[str, str], with_id: bool = True) -> dict[str, Any]:
    """Access and ID tokens for a sign-in, shaped by the PreTokenGeneration trigger when there is one."""
    groups = common.ordered_groups(ctx, pool, user.groups)
    roles = [g["RoleArn"] for g in groups if g.get("RoleArn")]
    id_over: dict[str, Any] = {}
    if roles:
        id_over = {"cognito:roles": roles, "cognito:preferred_role": roles[0]}
    access_over: dict[str, Any] = {}
    suppress: tuple[list[str], list[str]] = ([], [])
    scopes = list(session.scopes) if session.scopes else None
    if triggers.function_of(pool, "PreTokenGeneration"):
        version = (pool.lambdas.get("PreTokenGenerationConfig") or {}).get("LambdaVersion", "V1_0")
        request = {"userAttributes": triggers.user_attributes(user), "clientMetadata": meta,
                   "groupConfiguration": {"groupsToOverride": [g["GroupName"] for g in groups], "iamRolesToOverride": roles,
                                          "preferredRole": roles[0] if roles else None}}
        if version != "V1_0":
            request["scopes"] = scopes or ["aws.cognito.signin.user.admin"]
        response = await triggers.invoke(ctx, pool, "PreTokenGeneration", triggers.event(
            pool, source, user.username, client.id, request, {}, version="2" if version != "V1_0" else "1")) or {}
        if version == "V1_0":
            details = response.get("claimsOverrideDetails") or {}
            id_over.update(details.get("claimsToAddOrOverride") or {})
            suppress = (list(details.get("claimsToSuppress") or []), [])
            group_details = details.get("groupOverrideDetails")
        else:
            details = response.get("claimsAndScopeOverrideDetails") or {}
            id_gen = details.get("idTokenGeneration") or {}
            access_gen = details.get("accessTokenGeneration") or {}
            id_over.update(id_gen.get("claimsToAddOrOverride") or {})
            access_over.update(access_gen.get("claimsToAddOrOverride") or {})
            suppress = (list(id_gen.get("claimsToSuppress") or []), list(access_gen.get("claimsToSuppress") or []))
            base = scopes or ["aws.cognito.signin.user.admin"]
            base = [s for s in base if s not in (access_gen.get("scopesToSuppress") or [])]
            scopes = base + [s for s in access_gen.get("scopesToAdd") or [] if s not in base]
            group_details = details.get("groupOverrideDetails")
        if group_details:
            names = group_details.get("groupsToOverride")
            if names is not None:
                id_over["cognito:groups"] = names
                access_over["cognito:groups"] = names
            if group_details.get("iamRolesToOverride") is not None:
                id_over["cognito:roles"] = group_details["iamRolesToOverride"]
            if group_details.get("preferredRole"):
                id_over["cognito:preferred_role"] = group_details["preferredRole"]
    return tokens.issue(pool, client, user, session, host(ctx), ctx.clock.now(), id_overrides=id_over,
                        access_overrides=access_over, suppress=suppress, scopes=scopes, with_id=with_id)


async def refresh_flow(ctx: RequestContext, pool: UserPool, client: Client, params: dict[str, str], meta: dict[str, str]) -> dict[str, Any]:
    token = params.get("REFRESH_TOKEN", "")
    session = session_of_refresh(ctx, pool, token)
    if session is None or session.client_id != client.id:
        raise AwsError("NotAuthorizedException", "Invalid Refresh Token")
    if session.revoked:
        raise AwsError("NotAuthorizedException", "Refresh Token has been revoked")
    if session.expires < ctx.clock.now():
        raise AwsError("NotAuthorizedException", "Refresh Token has expired")
    user = common.user_or_none(ctx, pool, session.username)
    if user is None:
        raise AwsError("NotAuthorizedException", "Invalid Refresh Token")
    if client.secret:
        given = params.get("SECRET_HASH")
        try:
            common.check_secret_hash(client, params.get("USERNAME") or user.username, given)
        except AwsError:
            common.check_secret_hash(client, user.sub, given)
    if not user.enabled:
        raise AwsError("NotAuthorizedException", "User is disabled.")
    result = await issue_for(ctx, pool, client, user, session, "TokenGeneration_RefreshTokens", meta)
    rotation = client.config.get("RefreshTokenRotation") or {}
    if rotation.get("Feature") == "ENABLED":
        result["RefreshToken"] = rotate(ctx, pool, session)
    return {"AuthenticationResult": result, "ChallengeParameters": {}}


async def machine_token(ctx: RequestContext, pool: UserPool, client: Client, scopes: list[str], meta: dict[str, str]) -> tuple[str, int]:
    """A client-credentials access token (sub is the client), shaped by a V3_0 PreTokenGeneration
    trigger when the pool has one (TokenGeneration_ClientCredentials)."""
    if tokens.ensure_key(pool):
        common.touch(ctx, pool)
    now = ctx.clock.now()
    ttl = int(client.validity("Access"))
    claims: dict[str, Any] = {"sub": client.id, "token_use": "access", "scope": " ".join(scopes), "auth_time": int(now),
                              "iss": tokens.issuer(host(ctx), pool.id), "exp": int(now + ttl), "iat": int(now), "version": 2,
                              "jti": str(uuid.uuid4()), "client_id": client.id}
    config = pool.lambdas.get("PreTokenGenerationConfig") or {}
    if config.get("LambdaVersion") == "V3_0" and triggers.function_of(pool, "PreTokenGeneration"):
        response = await triggers.invoke(ctx, pool, "PreTokenGeneration", triggers.event(
            pool, "TokenGeneration_ClientCredentials", client.id, client.id, {"scopes": scopes, "clientMetadata": meta},
            {}, version="3")) or {}
        generation = (response.get("claimsAndScopeOverrideDetails") or {}).get("accessTokenGeneration") or {}
        claims.update(generation.get("claimsToAddOrOverride") or {})
        for name in generation.get("claimsToSuppress") or []:
            claims.pop(name, None)
        kept = [s for s in scopes if s not in (generation.get("scopesToSuppress") or [])]
        claims["scope"] = " ".join(kept + [s for s in generation.get("scopesToAdd") or [] if s not in kept])
    return tokens.sign(pool, claims), ttl


def rotate(ctx: RequestContext, pool: UserPool, session: Session) -> str:
    refresh_table = common.table(ctx.store, pool.account, pool.region, "refresh")
    refresh_table.pop(session.refresh_hash, None)
    token = tokens.new_refresh_token()
    session.refresh_hash = tokens.refresh_hash(token)
    refresh_table[session.refresh_hash] = session.origin_jti
    common.sessions(ctx, pool)[session.origin_jti] = session
    return token


def session_of_refresh(ctx: RequestContext, pool: UserPool, token: str) -> Session | None:
    jti = common.table(ctx.store, pool.account, pool.region, "refresh").get(tokens.refresh_hash(token))
    found: Session | None = common.sessions(ctx, pool).get(jti) if jti else None
    return found if found is not None and found.pool_id == pool.id else None


def _event(ctx: RequestContext, pool: UserPool, user: User, kind: str, response: str) -> None:
    user.auth_events.append({"EventId": str(uuid.uuid4()), "EventType": kind, "CreationDate": ctx.clock.now(),
                             "EventResponse": response, "EventRisk": {"RiskDecision": "NoRisk", "CompromisedCredentialsDetected": False},
                             "ChallengeResponses": [], "EventContextData": {}})
    del user.auth_events[:-50]
