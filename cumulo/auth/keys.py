"""Who is behind an access key, and the secret it signs with.

Asked in order: the services that issue keys (STS sessions, IAM users), then the
long-term keys configured in `CUMULO_ACCESS_KEYS`. A 12-digit key is its own
account (any secret unless configured); any other key no one issued acts for
the default account, and has no known secret, so verification refuses it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from cumulo.core.arns import arn
from cumulo.core.context import Principal

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

# Services asked, in order, who is behind an access key they may have issued.
ACCESS_KEY_ISSUERS = ("sts", "iam")


@functools.lru_cache(maxsize=8)
def long_term_keys(setting: str) -> dict[str, str]:
    """`CUMULO_ACCESS_KEYS` ("AKID:SECRET,AKID2:SECRET2") as access key -> secret."""
    keys = {}
    for item in setting.split(","):
        access_key, sep, secret = item.strip().partition(":")
        if sep and access_key:
            keys[access_key] = secret
    return keys


def root_principal(account: str, access_key: str = "", secret_key: str = "", region: str = "") -> Principal:
    """The account's root; its ARN in the partition of the region the request names.
    The same few are asked for on every request, so they are made once (a principal is
    never changed in place: `dataclasses.replace` makes another)."""
    key = (account, access_key, secret_key, region)
    principal = _roots.get(key)
    if principal is None:
        principal = Principal(account, arn("iam", "", account, "root", home=region), account, access_key, secret_key)
        if len(_roots) >= 1024:  # many distinct keys (a fuzzer): start over rather than grow
            _roots.clear()
        _roots[key] = principal
    return principal


_roots: dict[tuple[str, str, str, str], Principal] = {}


def resolve(runtime: Runtime, access_key: str, region: str = "") -> Principal | None:
    """The identity behind a key, with its secret when known; None for a key no one issued.
    `region` (the request's) puts an account root's ARN in its partition."""
    if not access_key:
        return None
    from cumulo import services

    for name in ACCESS_KEY_ISSUERS:
        service = services.get(name)
        if service is not None and service.resolve_access_key is not None:
            principal = service.resolve_access_key(runtime, access_key)
            if principal is not None:
                return principal
    secret = long_term_keys(runtime.config.access_keys).get(access_key)
    if len(access_key) == 12 and access_key.isdigit():
        return root_principal(access_key, access_key, secret or "", region)
    if secret is not None:
        return root_principal(runtime.config.default_account, access_key, secret, region)
    return None


def secret_of(runtime: Runtime, access_key: str) -> str | None:
    principal = resolve(runtime, access_key)
    return principal.secret_key or None if principal is not None else None
