"""What every handler needs: tables, lookups that answer AWS's not-found errors, ids,
user attributes against the pool's schema, and the ledger of codes sent.

Pools live in the scope of the account that made them and the region their id
names. Operations a client calls unsigned (InitiateAuth, SignUp, GetUser...) find
the pool through the global indexes: client id -> pool id -> account.
"""

from __future__ import annotations

import secrets
import string
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.cognito_idp.models import GLOBAL, Client, User, UserPool, region_of

if TYPE_CHECKING:
    from cumulo.state import Store, Table

SERVICE = "cognito-idp"
_ALNUM = string.ascii_letters + string.digits
_LOWER = string.ascii_lowercase + string.digits

STANDARD_ATTRIBUTES = [
    ("sub", "String", False, True, (1, 2048)), ("name", "String", True, False, (0, 2048)),
    ("given_name", "String", True, False, (0, 2048)), ("family_name", "String", True, False, (0, 2048)),
    ("middle_name", "String", True, False, (0, 2048)), ("nickname", "String", True, False, (0, 2048)),
    ("preferred_username", "String", True, False, (0, 2048)), ("profile", "String", True, False, (0, 2048)),
    ("picture", "String", True, False, (0, 2048)), ("website", "String", True, False, (0, 2048)),
    ("email", "String", True, False, (0, 2048)), ("email_verified", "Boolean", True, False, None),
    ("gender", "String", True, False, (0, 2048)), ("birthdate", "String", True, False, (10, 10)),
    ("zoneinfo", "String", True, False, (0, 2048)), ("locale", "String", True, False, (0, 2048)),
    ("phone_number", "String", True, False, (0, 2048)), ("phone_number_verified", "Boolean", True, False, None),
    ("address", "String", True, False, (0, 2048)), ("updated_at", "Number", True, False, None),
]


def utc(epoch: float) -> datetime:
    return datetime.fromtimestamp(epoch, tz=timezone.utc)


def new_id(length: int, alphabet: str = _ALNUM) -> str:
    return "".join(secrets.choice(alphabet) for _ in range(length))


def new_pool_id(region: str) -> str:
    return f"{region}_{new_id(9)}"


def new_client_id() -> str:
    return new_id(26, _LOWER)


def new_client_secret() -> str:
    return new_id(51, _LOWER)


# ---------------------------------------------------------------- tables


def table(store: Store, account: str, region: str, name: str) -> Table:
    return store.scope(SERVICE, account, region).table(name)


def global_table(store: Store, name: str) -> Table:
    return store.scope(SERVICE, *GLOBAL).table(name)


def pools(ctx: RequestContext, region: str | None = None, account: str | None = None) -> Table:
    return table(ctx.store, account or ctx.account, region or ctx.region, "pools")


def users(ctx: RequestContext, pool: UserPool) -> Table:
    return table(ctx.store, pool.account, pool.region, f"users/{pool.id}")


def named(ctx: RequestContext, pool: UserPool, kind: str) -> Table:
    """A pool's groups, resource_servers, providers, import_jobs, ... table."""
    return table(ctx.store, pool.account, pool.region, f"{kind}/{pool.id}")


def clients(ctx: RequestContext, pool: UserPool) -> Table:
    return table(ctx.store, pool.account, pool.region, "clients")


def sessions(ctx: RequestContext, pool: UserPool) -> Table:
    return table(ctx.store, pool.account, pool.region, "sessions")


def touch(ctx: RequestContext, pool: UserPool) -> None:
    pools(ctx, pool.region, pool.account).touch(pool.id)


def save_user(ctx: RequestContext, pool: UserPool, user: User) -> None:
    users(ctx, pool)[pool.key_of(user.username)] = user


# ---------------------------------------------------------------- lookups


def pool(ctx: RequestContext, pool_id: str) -> UserPool:
    """The pool `pool_id` names, in the caller's account (or, for unsigned calls, its owner's)."""
    found = pool_or_none(ctx, pool_id)
    if found is None:
        raise AwsError("ResourceNotFoundException", f"User pool {pool_id} does not exist.")
    return found


def pool_or_none(ctx: RequestContext, pool_id: str, anywhere: bool = False) -> UserPool | None:
    """The pool in the caller's account; with `anywhere`, in whichever account owns it (for
    calls a token or client id authorizes, not the signature: InitiateAuth, GetUser...)."""
    if "_" not in pool_id:
        return None
    found: UserPool | None = pools(ctx, region_of(pool_id)).get(pool_id)
    if found is None and anywhere:
        account = global_table(ctx.store, "pool_index").get(pool_id)
        if account:
            found = pools(ctx, region_of(pool_id), account).get(pool_id)
    return found


def client(ctx: RequestContext, the_pool: UserPool, client_id: str) -> Client:
    found: Client | None = clients(ctx, the_pool).get(client_id)
    if found is None or found.pool_id != the_pool.id:
        raise AwsError("ResourceNotFoundException", f"User pool client {client_id} does not exist.")
    return found


def client_anywhere(ctx: RequestContext, client_id: str) -> tuple[UserPool, Client]:
    """The client (and its pool) an unsigned call names by id alone."""
    pool_id = global_table(ctx.store, "client_index").get(client_id)
    the_pool = pool_or_none(ctx, pool_id, anywhere=True) if pool_id else None
    if the_pool is None:
        raise AwsError("ResourceNotFoundException", f"User pool client {client_id} does not exist.")
    return the_pool, client(ctx, the_pool, client_id)


def user_or_none(ctx: RequestContext, the_pool: UserPool, username: str) -> User | None:
    """The user a sign-in name names: the username itself, else an alias (email, phone,
    preferred_username) the pool signs in with, verified as AWS requires, else the sub."""
    table_ = users(ctx, the_pool)
    found: User | None = table_.get(the_pool.key_of(username))
    if found is not None:
        return found
    aliases = list(the_pool.config.get("AliasAttributes") or []) + list(the_pool.config.get("UsernameAttributes") or [])
    wanted = username if the_pool.case_sensitive else username.lower()
    for user in table_.values():
        if user.sub == username:
            return user
        for alias in aliases:
            value = user.attributes.get(alias)
            if value is None or (value if the_pool.case_sensitive else value.lower()) != wanted:
                continue
            if alias == "preferred_username" or alias in (the_pool.config.get("UsernameAttributes") or []) \
                    or user.attributes.get(f"{alias}_verified") == "true":
                return user
    return None


def user(ctx: RequestContext, the_pool: UserPool, username: str) -> User:
    found = user_or_none(ctx, the_pool, username)
    if found is None:
        raise AwsError("UserNotFoundException", "User does not exist.")
    return found


# ---------------------------------------------------------------- attributes


def default_schema() -> dict[str, dict[str, Any]]:
    schema: dict[str, dict[str, Any]] = {}
    for name, kind, mutable, required, lengths in STANDARD_ATTRIBUTES:
        entry: dict[str, Any] = {"Name": name, "AttributeDataType": kind, "DeveloperOnlyAttribute": False,
                                 "Mutable": mutable, "Required": required}
        if lengths:
            entry["StringAttributeConstraints"] = {"MinLength": str(lengths[0]), "MaxLength": str(lengths[1])}
        if kind == "Number":
            entry["NumberAttributeConstraints"] = {"MinValue": "0"}
        schema[name] = entry
    return schema


def add_schema_attribute(schema: dict[str, dict[str, Any]], given: dict[str, Any], custom: bool) -> None:
    name = given.get("Name", "")
    standard = name in schema and not custom
    if not standard:
        name = name if name.startswith("custom:") else f"custom:{name}"
        if name in schema:
            raise AwsError("InvalidParameterException", f"Existing attribute already has name {name}.")
    kind = given.get("AttributeDataType") or schema.get(name, {}).get("AttributeDataType", "String")
    entry = {**schema.get(name, {}), "Name": name, "AttributeDataType": kind,
             "DeveloperOnlyAttribute": given.get("DeveloperOnlyAttribute", False),
             "Mutable": given.get("Mutable", True), "Required": given.get("Required", False)}
    if not standard and entry["Required"]:
        raise AwsError("InvalidParameterException", "Required custom attributes are not supported currently.")
    for part in ("StringAttributeConstraints", "NumberAttributeConstraints"):
        if given.get(part):
            entry[part] = {k: str(v) for k, v in given[part].items()}
    if kind == "String" and "StringAttributeConstraints" not in entry:
        entry["StringAttributeConstraints"] = {"MinLength": "0", "MaxLength": "2048"}
    schema[name] = entry


def check_attributes(the_pool: UserPool, attrs: list[Any], *, creating: bool) -> dict[str, str]:
    """Attribute list -> dict, refused as AWS refuses values the schema does not allow."""
    out: dict[str, str] = {}
    for attr in attrs:
        name, value = attr["Name"], attr.get("Value", "")
        spec = the_pool.schema.get(name)
        if spec is None:
            raise AwsError("InvalidParameterException",
                           f"Attributes did not conform to the schema: Type for attribute {{{name}}} could not be determined")
        if not creating and not spec.get("Mutable", True) and name != "sub":
            raise AwsError("InvalidParameterException", f"Cannot modify the non-mutable attribute {name}")
        if name == "sub":
            raise AwsError("InvalidParameterException", "Cannot modify an already provided sub.") if not creating else \
                AwsError("InvalidParameterException", "Attributes did not conform to the schema: sub: Attribute cannot be updated.")
        kind = spec.get("AttributeDataType")
        if kind == "Number":
            limits = spec.get("NumberAttributeConstraints") or {}
            try:
                number = float(value)
            except ValueError:
                raise AwsError("InvalidParameterException", f"{name}: Number must be a valid number.") from None
            if ("MinValue" in limits and number < float(limits["MinValue"])) or ("MaxValue" in limits and number > float(limits["MaxValue"])):
                raise AwsError("InvalidParameterException", f"Attributes did not conform to the schema: {name}: Number must be within range.")
        elif kind == "Boolean" and value not in ("true", "false"):
            raise AwsError("InvalidParameterException", f"Attributes did not conform to the schema: {name}: Boolean must be true or false.")
        elif kind == "String":
            limits = spec.get("StringAttributeConstraints") or {}
            if len(value) > int(limits.get("MaxLength", 2048)) or len(value) < int(limits.get("MinLength", 0)):
                raise AwsError("InvalidParameterException",
                               f"Attributes did not conform to the schema: {name}: String must be no longer than "
                               f"{limits.get('MaxLength', 2048)} characters" if len(value) > int(limits.get("MaxLength", 2048))
                               else f"Attributes did not conform to the schema: {name}: String must be at least "
                                    f"{limits.get('MinLength')} characters")
        if name == "email" and value and "@" not in value:
            raise AwsError("InvalidParameterException", "Invalid email address format.")
        if name == "phone_number" and value and not (value.startswith("+") and value[1:].isdigit()):
            raise AwsError("InvalidParameterException", "Invalid phone number format.")
        out[name] = value
    return out


def check_required(the_pool: UserPool, attrs: dict[str, str]) -> None:
    for name, spec in the_pool.schema.items():
        if spec.get("Required") and name != "sub" and not attrs.get(name):
            raise AwsError("InvalidParameterException", f"Attributes did not conform to the schema: {name}: The attribute is required")


def attribute_list(attrs: dict[str, str], readable: list[str] | None = None) -> list[dict[str, str]]:
    return [{"Name": k, "Value": v} for k, v in attrs.items() if readable is None or k in readable or k == "sub"]


def user_view(user: User, key: str = "Attributes") -> dict[str, Any]:
    out: dict[str, Any] = {"Username": user.username, key: attribute_list(user.attributes),
                           "UserCreateDate": utc(user.created), "UserLastModifiedDate": utc(user.modified),
                           "Enabled": user.enabled, "UserStatus": user.status}
    if user.mfa_options:
        out["MFAOptions"] = user.mfa_options
    return out


# ---------------------------------------------------------------- codes


def record_code(ctx: RequestContext, the_pool: UserPool, user: User, purpose: str, code: str, delivery: dict[str, str]) -> None:
    """Keep a code that was 'sent' where tests read it (GET /_cumulo/cognito/codes)."""
    ledger = global_table(ctx.store, "codes")
    key = f"{ctx.clock.now():020.6f}-{secrets.token_hex(4)}"
    ledger[key] = {"poolId": the_pool.id, "username": user.username, "code": code, "type": purpose,
                   "deliveryMedium": delivery.get("DeliveryMedium", ""), "destination": delivery.get("Destination", ""),
                   "attribute": delivery.get("AttributeName", ""), "timestamp": ctx.clock.now()}


def delivery_for(the_pool: UserPool, user: User, prefer: str = "") -> dict[str, str]:
    """Where a code goes: email when the user has one (and the pool verifies it), else the phone."""
    auto = the_pool.config.get("AutoVerifiedAttributes") or []
    order = [prefer] if prefer else []
    order += [a for a in ("email", "phone_number") if a in auto] + ["email", "phone_number"]
    # A verified address first: that is where AWS sends codes once it has one.
    order = sorted(order, key=lambda a: user.attributes.get(f"{a}_verified") != "true" and a != prefer)
    for attr in order:
        value = user.attributes.get(attr)
        if value:
            medium = "EMAIL" if attr == "email" else "SMS"
            masked = value[0] + "***@" + value.split("@", 1)[-1] if attr == "email" else "+*******" + value[-4:]
            return {"Destination": masked, "DeliveryMedium": medium, "AttributeName": attr}
    return {"Destination": "", "DeliveryMedium": "EMAIL", "AttributeName": "email"}


def page(items: list[Any], limit: int | None, token: str | None, default: int = 60) -> tuple[list[Any], str | None]:
    """One page of `items` and the token for the next (an offset, opaque to clients)."""
    start = 0
    if token:
        try:
            start = int(token.rsplit("-", 1)[-1])
        except ValueError:
            raise AwsError("InvalidParameterException", "Invalid pagination token.") from None
    limit = limit or default
    chunk = items[start:start + limit]
    more = start + limit < len(items)
    return chunk, (f"page-{start + limit}" if more else None)


def tags_check(tags: dict[str, str]) -> None:
    if len(tags) > 50:
        raise AwsError("InvalidParameterException", "A user pool can have at most 50 tags.")


def by_token(ctx: RequestContext, access_token: str) -> tuple[UserPool, User, dict[str, Any]]:
    """The pool, user and claims of a valid access token; NotAuthorizedException as AWS says it."""
    from cumulo.services.cognito_idp import tokens

    the_pool = pool_or_none(ctx, tokens.unverified_pool(access_token), anywhere=True)
    if the_pool is None or not the_pool.key_pem:
        raise AwsError("NotAuthorizedException", "Invalid Access Token")
    claims = tokens.verify(the_pool, access_token, ctx.clock.now())
    session = sessions(ctx, the_pool).get(claims.get("origin_jti", ""))
    if session is None or session.revoked:
        raise AwsError("NotAuthorizedException", "Access Token has been revoked")
    found = user_or_none(ctx, the_pool, claims.get("username", ""))
    if found is None or found.sub != claims.get("sub"):
        raise AwsError("UserNotFoundException", "User does not exist.")
    if not found.enabled:
        raise AwsError("NotAuthorizedException", "User is disabled.")
    if "aws.cognito.signin.user.admin" not in str(claims.get("scope", "")).split():
        raise AwsError("NotAuthorizedException", "Access Token does not have required scopes")
    return the_pool, found, claims


def check_secret_hash(the_client: Client, username: str, given: str | None) -> None:
    """A client with a secret needs SECRET_HASH = HMAC(secret, username + client id) on every
    unsigned call naming a user; one of the client's secrets must match it."""
    from cumulo.services.cognito_idp.passwords import secret_hash

    if not the_client.secret:
        return
    if not given:
        raise AwsError("NotAuthorizedException", f"Client {the_client.id} is configured with secret but SECRET_HASH was not received")
    for secret in [the_client.secret] + [s["ClientSecretValue"] for s in the_client.extra_secrets]:
        if secret_hash(the_client.id, secret, username) == given:
            return
    raise AwsError("NotAuthorizedException", f"Unable to verify secret hash for client {the_client.id}")


def set_password(ctx: RequestContext, the_pool: UserPool, the_user: User, password: str, *, temporary: bool) -> None:
    """Check `password` against the pool's policy and history, then keep only its hashes."""
    from cumulo.services.cognito_idp import passwords, srp

    policy = (the_pool.config.get("Policies") or {}).get("PasswordPolicy") or passwords.DEFAULT_POLICY
    passwords.check_policy(policy, password)
    history = int(policy.get("PasswordHistorySize") or 0)
    if history and any(passwords.matches(h, password) for h in the_user.password_history[-history:]):
        raise AwsError("InvalidPasswordException", "Password has previously been used.")
    the_user.password_hash = passwords.hash_password(password)
    if history:
        the_user.password_history = (the_user.password_history + [the_user.password_hash])[-history:]
    the_user.srp_salt, the_user.srp_verifier = srp.verifier(the_pool.id, the_user.username, password)
    now = ctx.clock.now()
    the_user.temporary_expires = now + int(policy.get("TemporaryPasswordValidityDays") or 7) * 86400 if temporary else None
    the_user.modified = now


def ordered_groups(ctx: RequestContext, pool: UserPool, names: set[str]) -> list[dict[str, Any]]:
    """The groups named, lowest precedence first (what tokens and role choice go by)."""
    table = named(ctx, pool, "groups")
    found = [table[n] for n in names if n in table]
    return sorted(found, key=lambda g: (g.get("Precedence", 2 ** 31), g["GroupName"]))
