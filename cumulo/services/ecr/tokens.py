"""Registry credentials: what GetAuthorizationToken issues and the registry accepts.

The token is base64 of `AWS:<password>`, as on AWS, so `docker login -u AWS
--password-stdin` and every OCI client take it as Basic credentials. The password
names the registry it is for (account, region), its expiry, and a random key
recorded in that registry's `tokens` table: the registry accepts a password only
if the key is recorded there and the cumulo clock has not passed the expiry
(12 hours after issue, as on AWS). Expired keys are swept by a tick.
"""

from __future__ import annotations

import base64
import binascii
import secrets
from typing import TYPE_CHECKING

import orjson

if TYPE_CHECKING:
    from cumulo.state import Store

LIFETIME = 12 * 3600.0


def issue(store: Store, account: str, region: str, now: float) -> tuple[str, float]:
    """A new token (base64 `AWS:<password>`) and its expiry."""
    key = secrets.token_urlsafe(24)
    expires = now + LIFETIME
    store.scope("ecr", account, region).table("tokens")[key] = expires
    password = base64.urlsafe_b64encode(orjson.dumps({"a": account, "r": region, "e": int(expires), "k": key})).decode()
    return base64.b64encode(f"AWS:{password}".encode()).decode(), expires


def check(store: Store, password: str, now: float) -> tuple[str, str] | None:
    """(account, region) of a valid, unexpired password; None otherwise."""
    try:
        claims = orjson.loads(base64.urlsafe_b64decode(password.encode() + b"=" * (-len(password) % 4)))
        account, region, key = claims["a"], claims["r"], claims["k"]
    except (ValueError, binascii.Error, KeyError, TypeError, orjson.JSONDecodeError):
        return None
    if not all(isinstance(x, str) for x in (account, region, key)):
        return None
    expires = store.scope("ecr", account, region).table("tokens").get(key)
    if expires is None or expires <= now:
        return None
    return account, region


def from_basic(store: Store, header: str, now: float) -> tuple[str, str] | None:
    """(account, region) for an `Authorization: Basic ...` header with an ECR token."""
    scheme, _, value = header.partition(" ")
    if scheme.lower() not in ("basic", "bearer"):
        return None
    try:
        text = base64.b64decode(value.strip()).decode()
    except (binascii.Error, UnicodeDecodeError):
        text = value.strip()  # a Bearer token may be the password itself
    user, sep, password = text.partition(":")
    if not sep:
        password = text
    elif user != "AWS":
        return None
    return check(store, password, now)


def sweep(store: Store, now: float) -> None:
    for scope in store.scopes_of("ecr"):
        if not scope.account:
            continue
        table = scope.table("tokens")
        for key in [k for k, expires in table.items() if expires <= now]:
            del table[key]
