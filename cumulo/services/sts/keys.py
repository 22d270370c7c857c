"""Access key ids that carry their account, as AWS's do.

AWS access key ids are a 4-letter type prefix (AKIA long-term, ASIA temporary)
and 16 base32 characters; bits 1-47 of the first six decoded bytes are the
account id, which is how `GetAccessKeyInfo` answers without a lookup. cumulo
issues ids the same way, so the account of any key it issued (and of real AWS
keys) can be read off the key itself.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

_ACCOUNT_MASK = 0x7FFFFFFFFF80


def new_access_key(account: str, prefix: str = "ASIA") -> str:
    first = (int(account) << 7) | secrets.randbits(7) | (secrets.randbits(1) << 47)
    raw = first.to_bytes(6, "big") + secrets.token_bytes(4)
    return prefix + base64.b32encode(raw).decode()


def account_of(access_key: str) -> str | None:
    """The account encoded in an AWS-style access key id, or None if it isn't one."""
    if len(access_key) != 20 or not access_key[:4].isalpha():
        return None
    try:
        raw = base64.b32decode(access_key[4:])
    except ValueError:
        return None
    return f"{(int.from_bytes(raw[:6], 'big') & _ACCOUNT_MASK) >> 7:012d}"


def new_secret() -> str:
    return base64.b64encode(secrets.token_bytes(30)).decode()


def new_session_token() -> str:
    # Real session tokens are long opaque strings; SDKs only pass them back.
    return "IQoJb3JpZ2luX2VjE" + base64.b64encode(secrets.token_bytes(180)).decode()


def grown_session_token(token: str, size: int) -> str:
    """The token made at least `size` characters long, still opaque (MinimumSessionTokenSize)."""
    missing = size - len(token)
    return token + base64.b64encode(secrets.token_bytes(missing))[:missing].decode() if missing > 0 else token


def unique_id(prefix: str, seed: str) -> str:
    """A stable IAM-style unique id (AROA..., AIDA...) for an entity named by `seed`."""
    digest = hashlib.sha256(seed.encode()).digest()
    return prefix + base64.b32encode(digest)[:17].decode()
