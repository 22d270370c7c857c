"""Users as an administrator sees them, and sign-up with confirmation codes.

AdminCreateUser makes a FORCE_CHANGE_PASSWORD user with a temporary password;
SignUp an UNCONFIRMED one with a code (PreSignUp may confirm it at once);
ConfirmSignUp, ForgotPassword/ConfirmForgotPassword and AdminResetUserPassword
move it between AWS's statuses. Codes go to the ledger (GET /_cumulo/cognito/codes).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cognito_idp as wire
from cumulo.services.cognito_idp import common, passwords, triggers
from cumulo.services.cognito_idp.models import User, UserPool

CODE_TTL = 24 * 3600
FORGOT_TTL = 3600
_FILTER = re.compile(r'^\s*([\w:]+)\s*(=|\^=)\s*"((?:[^"\\]|\\.)*)"\s*$')
_FILTERABLE = {"username", "email", "phone_number", "name", "given_name", "family_name", "preferred_username",
               "cognito:user_status", "status", "sub"}


def _new_user(ctx: RequestContext, pool: UserPool, username: str, attrs: dict[str, str]) -> User:
    """A user named as the pool names users: with email/phone as username, the name given is
    that attribute and the username is the new user's sub."""
    now = ctx.clock.now()
    sub = str(uuid.uuid4())
    username_attrs = pool.config.get("UsernameAttributes") or []
    if username_attrs:
        if "@" in username and "email" in username_attrs:
            attrs.setdefault("email", username)
        elif username.startswith("+") and "phone_number" in username_attrs:
            attrs.setdefault("phone_number", username)
        else:
            raise AwsError("InvalidParameterException", "Username should be either an email or a phone number.")
        name = sub
    else:
        name = username
    if not re.fullmatch(r"\S+", name) or len(name) > 128:
        raise AwsError("InvalidParameterException", "Username should be a valid string without whitespace.")
    return User(username=name, sub=sub, created=now, modified=now, attributes={"sub": sub, **attrs})


def _check_unique(ctx: RequestContext, pool: UserPool, user: User, username: str, *, signup: bool) -> None:
    existing = common.user_or_none(ctx, pool, username)
    if existing is not None and existing.sub != user.sub:
        if signup and (pool.config.get("UsernameAttributes")):
            attr = "email" if "@" in username else "phone number"
            raise AwsError("UsernameExistsException", f"An account with the given {attr} already exists.")
        raise AwsError("UsernameExistsException", "User already exists" if signup else "User account already exists")
    for alias in pool.config.get("UsernameAttributes") or []:
        value = user.attributes.get(alias)
        if value and any(u.attributes.get(alias, "").lower() == value.lower() and u.sub != user.sub
                         for u in common.users(ctx, pool).values()):
            raise AwsError("UsernameExistsException", f"An account with the given {'email' if alias == 'email' else 'phone number'} already exists.")


def _send(ctx: RequestContext, pool: UserPool, user: User, purpose: str, ttl: float, prefer: str = "") -> dict[str, str]:
    code = passwords.code()
    user.codes[purpose] = (code, ctx.clock.now() + ttl)
    delivery = common.delivery_for(pool, user, prefer)
    common.record_code(ctx, pool, user, purpose, code, delivery)
    return delivery


def _check_code(ctx: RequestContext, user: User, purpose: str, given: str) -> None:
    code, expires = user.codes.get(purpose, ("", 0.0))
    if not code:
        raise AwsError("ExpiredCodeException", "Invalid code provided, please request a code again.")
    if code != given:
        raise AwsError("CodeMismatchException", "Invalid verification code provided, please try again.")
    if expires < ctx.clock.now():
        raise AwsError("ExpiredCodeException", "Invalid code provided, please request a code again.")
    del user.codes[purpose]


async def admin_create_user(ctx: RequestContext, req: wire.AdminCreateUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    action = req.get("MessageAction")
    if action == "RESEND":
        user = common.user(ctx, pool, req["Username"])
        if user.status != "FORCE_CHANGE_PASSWORD":
            raise AwsError("UnsupportedUserStateException", "Resend not possible. User status is not FORCE_CHANGE_PASSWORD.")
    else:
        attrs = common.check_attributes(pool, list(req.get("UserAttributes", [])), creating=True)
        user = _new_user(ctx, pool, req["Username"], attrs)
        _check_unique(ctx, pool, user, req["Username"], signup=False)
    policy = (pool.config.get("Policies") or {}).get("PasswordPolicy") or passwords.DEFAULT_POLICY
    temporary = req.get("TemporaryPassword") or passwords.temporary_password(policy)
    common.set_password(ctx, pool, user, temporary, temporary=True)
    user.status = "FORCE_CHANGE_PASSWORD"
    if action != "SUPPRESS":
        mediums = req.get("DesiredDeliveryMediums") or ["SMS"]
        prefer = "email" if "EMAIL" in mediums else "phone_number"
        delivery = common.delivery_for(pool, user, prefer)
        common.record_code(ctx, pool, user, "invitation", temporary, delivery)
    common.save_user(ctx, pool, user)
    return {"User": common.user_view(user)}


def admin_get_user(ctx: RequestContext, req: wire.AdminGetUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    out = common.user_view(user, "UserAttributes")
    out["UserMFASettingList"] = user.mfa_settings
    if user.mfa_preferred:
        out["PreferredMfaSetting"] = user.mfa_preferred
    return out


def admin_delete_user(ctx: RequestContext, req: wire.AdminDeleteUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    _forget(ctx, pool, user)
    return {}


def _forget(ctx: RequestContext, pool: UserPool, user: User) -> None:
    del common.users(ctx, pool)[pool.key_of(user.username)]
    for session in common.sessions(ctx, pool).values():
        if session.pool_id == pool.id and session.username == user.username:
            session.revoked = True


def admin_disable_user(ctx: RequestContext, req: wire.AdminDisableUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    user.enabled = False
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)
    return {}


def admin_enable_user(ctx: RequestContext, req: wire.AdminEnableUserRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    user.enabled = True
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)
    return {}


def _update_attributes(ctx: RequestContext, pool: UserPool, user: User, given: list[Any], *, admin: bool) -> list[dict[str, str]]:
    """Apply attribute changes; a changed email or phone becomes unverified (and, for the
    user's own change when the pool verifies it, gets a code). The deliveries made."""
    attrs = common.check_attributes(pool, given, creating=False)
    for alias in pool.config.get("UsernameAttributes") or []:
        value = attrs.get(alias)
        if value and any(u.attributes.get(alias, "").lower() == value.lower() and u.sub != user.sub
                         for u in common.users(ctx, pool).values()):
            raise AwsError("AliasExistsException", f"An account with the given {alias.replace('_', ' ')} already exists.")
    deliveries = []
    for name, value in attrs.items():
        changed = user.attributes.get(name) != value
        user.attributes[name] = value
        if name in ("email", "phone_number") and changed and f"{name}_verified" not in attrs:
            user.attributes[f"{name}_verified"] = "false"
            if name in (pool.config.get("AutoVerifiedAttributes") or []) and not admin:
                deliveries.append(_send(ctx, pool, user, f"verify:{name}", CODE_TTL, name))
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)
    return deliveries


def admin_update_user_attributes(ctx: RequestContext, req: wire.AdminUpdateUserAttributesRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _update_attributes(ctx, pool, common.user(ctx, pool, req["Username"]), list(req["UserAttributes"]), admin=True)
    return {}


def _delete_attributes(ctx: RequestContext, pool: UserPool, user: User, names: list[str]) -> None:
    for name in names:
        spec = pool.schema.get(name)
        if spec is None:
            raise AwsError("InvalidParameterException", f"Invalid attribute name: {name}")
        if spec.get("Required") or name == "sub":
            raise AwsError("InvalidParameterException", f"Cannot delete a required attribute: {name}")
        user.attributes.pop(name, None)
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)


def admin_delete_user_attributes(ctx: RequestContext, req: wire.AdminDeleteUserAttributesRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    _delete_attributes(ctx, pool, common.user(ctx, pool, req["Username"]), list(req["UserAttributeNames"]))
    return {}


def admin_set_user_password(ctx: RequestContext, req: wire.AdminSetUserPasswordRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    permanent = bool(req.get("Permanent"))
    common.set_password(ctx, pool, user, req["Password"], temporary=not permanent)
    user.status = "CONFIRMED" if permanent else "FORCE_CHANGE_PASSWORD"
    common.save_user(ctx, pool, user)
    return {}


async def admin_reset_user_password(ctx: RequestContext, req: wire.AdminResetUserPasswordRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    if user.status == "UNCONFIRMED" or not user.enabled:
        raise AwsError("NotAuthorizedException", "User password cannot be reset in the current state.")
    user.status = "RESET_REQUIRED"
    _send(ctx, pool, user, "forgot", FORGOT_TTL)
    await triggers.custom_message(ctx, pool, user, "CustomMessage_ForgotPassword", user.codes["forgot"][0])
    common.save_user(ctx, pool, user)
    return {}


async def _confirmed(ctx: RequestContext, pool: UserPool, user: User, source: str, client_id: str) -> None:
    request = {"userAttributes": triggers.user_attributes(user), "clientMetadata": {}}
    await triggers.invoke(ctx, pool, "PostConfirmation", triggers.event(pool, source, user.username, client_id, request))


async def admin_confirm_sign_up(ctx: RequestContext, req: wire.AdminConfirmSignUpRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    user = common.user(ctx, pool, req["Username"])
    if user.status != "UNCONFIRMED":
        raise AwsError("NotAuthorizedException", f"User cannot be confirmed. Current status is {user.status}")
    user.status = "CONFIRMED"
    user.codes.pop("signup", None)
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)
    await _confirmed(ctx, pool, user, "PostConfirmation_ConfirmSignUp", "")
    return {}


def _matches(user: User, attr: str, op: str, value: str, case_sensitive: bool) -> bool:
    if attr == "username":
        have = user.username
    elif attr == "cognito:user_status":
        have = user.status
    elif attr == "status":
        have = "Enabled" if user.enabled else "Disabled"
    else:
        found = user.attributes.get(attr)
        if found is None:
            return False
        have = found
    if not case_sensitive:
        have, value = have.lower(), value.lower()
    return have == value if op == "=" else have.startswith(value)


def list_users(ctx: RequestContext, req: wire.ListUsersRequest) -> dict[str, Any]:
    pool = common.pool(ctx, req["UserPoolId"])
    found = sorted(common.users(ctx, pool).values(), key=lambda u: (u.created, u.username))
    text = req.get("Filter")
    if text:
        match = _FILTER.match(text)
        if match is None:
            raise AwsError("InvalidParameterException", "Error while parsing filter.")
        attr, op, value = match.group(1), match.group(2), match.group(3).replace('\\"', '"')
        if attr not in _FILTERABLE:
            raise AwsError("InvalidParameterException", f"Invalid search attribute: {attr}")
        found = [u for u in found if _matches(u, attr, op, value, attr != "username" or pool.case_sensitive)]
    limit = req.get("Limit")
    if limit is not None and limit > 60:
        raise AwsError("InvalidParameterException", "Limit must be less than or equal to 60.")
    chunk, token = common.page(found, limit, req.get("PaginationToken"))
    wanted = req.get("AttributesToGet")
    views = []
    for user in chunk:
        view = common.user_view(user)
        if wanted is not None:
            view["Attributes"] = [a for a in view["Attributes"] if a["Name"] in wanted]
        views.append(view)
    out: dict[str, Any] = {"Users": views}
    if token:
        out["PaginationToken"] = token
    return out


# ---------------------------------------------------------------- sign-up, unsigned


async def sign_up(ctx: RequestContext, req: wire.SignUpRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    common.check_secret_hash(client, req["Username"], req.get("SecretHash"))
    if (pool.config.get("AdminCreateUserConfig") or {}).get("AllowAdminCreateUserOnly"):
        raise AwsError("NotAuthorizedException", "SignUp is not permitted for this user pool")
    if not req.get("Password"):
        raise AwsError("InvalidParameterException", "Password is required for sign up.")
    attrs = common.check_attributes(pool, list(req.get("UserAttributes", [])), creating=True)
    user = _new_user(ctx, pool, req["Username"], attrs)
    _check_unique(ctx, pool, user, req["Username"], signup=True)
    common.check_required(pool, user.attributes)
    common.set_password(ctx, pool, user, req["Password"], temporary=False)
    response = await triggers.invoke(ctx, pool, "PreSignUp", triggers.event(
        pool, "PreSignUp_SignUp", user.username, client.id,
        {"userAttributes": dict(user.attributes), "validationData": {v["Name"]: v.get("Value", "") for v in req.get("ValidationData", [])},
         "clientMetadata": dict(req.get("ClientMetadata", {}))},
        {"autoConfirmUser": False, "autoVerifyEmail": False, "autoVerifyPhone": False}))
    response = response or {}
    out: dict[str, Any] = {"UserSub": user.sub}
    if response.get("autoVerifyEmail") and user.attributes.get("email"):
        user.attributes["email_verified"] = "true"
    if response.get("autoVerifyPhone") and user.attributes.get("phone_number"):
        user.attributes["phone_number_verified"] = "true"
    if response.get("autoConfirmUser"):
        user.status = "CONFIRMED"
    else:
        user.status = "UNCONFIRMED"
        if pool.config.get("AutoVerifiedAttributes"):
            out["CodeDeliveryDetails"] = _send(ctx, pool, user, "signup", CODE_TTL)
            await triggers.custom_message(ctx, pool, user, "CustomMessage_SignUp", user.codes["signup"][0], client.id)
    out["UserConfirmed"] = user.status == "CONFIRMED"
    common.save_user(ctx, pool, user)
    return out


async def confirm_sign_up(ctx: RequestContext, req: wire.ConfirmSignUpRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    common.check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = common.user(ctx, pool, req["Username"])
    if user.status != "UNCONFIRMED":
        raise AwsError("NotAuthorizedException", f"User cannot be confirmed. Current status is {user.status}")
    _check_code(ctx, user, "signup", req["ConfirmationCode"])
    user.status = "CONFIRMED"
    attr = common.delivery_for(pool, user)["AttributeName"]
    if user.attributes.get(attr):
        user.attributes[f"{attr}_verified"] = "true"
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)
    await _confirmed(ctx, pool, user, "PostConfirmation_ConfirmSignUp", client.id)
    return {}


async def resend_confirmation_code(ctx: RequestContext, req: wire.ResendConfirmationCodeRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    common.check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = common.user(ctx, pool, req["Username"])
    if user.status != "UNCONFIRMED":
        raise AwsError("InvalidParameterException", "User is already confirmed.")
    delivery = _send(ctx, pool, user, "signup", CODE_TTL)
    await triggers.custom_message(ctx, pool, user, "CustomMessage_ResendCode", user.codes["signup"][0], client.id)
    common.save_user(ctx, pool, user)
    return {"CodeDeliveryDetails": delivery}


async def forgot_password(ctx: RequestContext, req: wire.ForgotPasswordRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    common.check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = common.user_or_none(ctx, pool, req["Username"])
    if user is None:
        if client.config.get("PreventUserExistenceErrors") == "ENABLED":
            return {"CodeDeliveryDetails": {"Destination": "u***@e***", "DeliveryMedium": "EMAIL", "AttributeName": "email"}}
        raise AwsError("UserNotFoundException", "Username/client id combination not found.")
    if not user.enabled:
        raise AwsError("NotAuthorizedException", "User is disabled.")
    if not any(user.attributes.get(a) and user.attributes.get(f"{a}_verified") == "true" for a in ("email", "phone_number")):
        raise AwsError("InvalidParameterException",
                       "Cannot reset password for the user as there is no registered/verified email or phone_number")
    delivery = _send(ctx, pool, user, "forgot", FORGOT_TTL)
    await triggers.custom_message(ctx, pool, user, "CustomMessage_ForgotPassword", user.codes["forgot"][0], client.id)
    common.save_user(ctx, pool, user)
    return {"CodeDeliveryDetails": delivery}


async def confirm_forgot_password(ctx: RequestContext, req: wire.ConfirmForgotPasswordRequest) -> dict[str, Any]:
    pool, client = common.client_anywhere(ctx, req["ClientId"])
    common.check_secret_hash(client, req["Username"], req.get("SecretHash"))
    user = common.user(ctx, pool, req["Username"])
    _check_code(ctx, user, "forgot", req["ConfirmationCode"])
    common.set_password(ctx, pool, user, req["Password"], temporary=False)
    user.status = "CONFIRMED"
    user.failed, user.locked_until = 0, 0.0
    common.save_user(ctx, pool, user)
    await _confirmed(ctx, pool, user, "PostConfirmation_ConfirmForgotPassword", client.id)
    return {}


# ---------------------------------------------------------------- the user's own account (access token)


def get_user(ctx: RequestContext, req: wire.GetUserRequest) -> dict[str, Any]:
    _, user, _ = common.by_token(ctx, req["AccessToken"])
    out: dict[str, Any] = {"Username": user.username, "UserAttributes": common.attribute_list(user.attributes),
                           "UserMFASettingList": user.mfa_settings}
    if user.mfa_preferred:
        out["PreferredMfaSetting"] = user.mfa_preferred
    if user.mfa_options:
        out["MFAOptions"] = user.mfa_options
    return out


def delete_user(ctx: RequestContext, req: wire.DeleteUserRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _forget(ctx, pool, user)
    return {}


async def update_user_attributes(ctx: RequestContext, req: wire.UpdateUserAttributesRequest) -> dict[str, Any]:
    pool, user, claims = common.by_token(ctx, req["AccessToken"])
    client = common.clients(ctx, pool).get(claims.get("client_id", ""))
    writable = client.config.get("WriteAttributes") if client else None
    for attr in req["UserAttributes"]:
        if writable and attr["Name"] not in writable:
            raise AwsError("NotAuthorizedException", f"A client attempted to write unauthorized attribute {attr['Name']}")
    deliveries = _update_attributes(ctx, pool, user, list(req["UserAttributes"]), admin=False)
    return {"CodeDeliveryDetailsList": deliveries}


def delete_user_attributes(ctx: RequestContext, req: wire.DeleteUserAttributesRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    _delete_attributes(ctx, pool, user, list(req["UserAttributeNames"]))
    return {}


def get_user_attribute_verification_code(ctx: RequestContext, req: wire.GetUserAttributeVerificationCodeRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    name = req["AttributeName"]
    if name not in ("email", "phone_number") or not user.attributes.get(name):
        raise AwsError("InvalidParameterException", f"Invalid attribute name: {name}")
    delivery = _send(ctx, pool, user, f"verify:{name}", CODE_TTL, name)
    common.save_user(ctx, pool, user)
    return {"CodeDeliveryDetails": delivery}


def verify_user_attribute(ctx: RequestContext, req: wire.VerifyUserAttributeRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    name = req["AttributeName"]
    _check_code(ctx, user, f"verify:{name}", req["Code"])
    user.attributes[f"{name}_verified"] = "true"
    user.modified = ctx.clock.now()
    common.save_user(ctx, pool, user)
    return {}


def change_password(ctx: RequestContext, req: wire.ChangePasswordRequest) -> dict[str, Any]:
    pool, user, _ = common.by_token(ctx, req["AccessToken"])
    if not passwords.matches(user.password_hash, req.get("PreviousPassword", "")):
        raise AwsError("NotAuthorizedException", "Incorrect username or password.")
    common.set_password(ctx, pool, user, req["ProposedPassword"], temporary=False)
    common.save_user(ctx, pool, user)
    return {}
