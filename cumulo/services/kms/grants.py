"""Grant tokens: what a request's GrantTokens must be.

A grant token is the base64 of a marker and the grant's id; a token cumulo did
not issue (or one that does not parse) is InvalidGrantTokenException, as on
AWS. A token stays valid after its grant is retired: AWS accepts tokens for
eventual consistency, and authorization is the policy engine's business.
"""

from __future__ import annotations

import base64
import binascii

from cumulo.core.context import RequestContext
from cumulo.generated import kms as wire

_MARK = b"cumulo-grant:"


def token_for(grant_id: str) -> str:
    return base64.b64encode(_MARK + bytes.fromhex(grant_id)).decode()


def grant_id_of(token: str) -> str | None:
    try:
        raw = base64.b64decode(token, validate=True)
    except (binascii.Error, ValueError):
        return None
    return raw[len(_MARK) :].hex() if raw.startswith(_MARK) and len(raw) == len(_MARK) + 32 else None


def check_tokens(ctx: RequestContext, tokens: list[str] | None) -> None:
    for token in tokens or ():
        if grant_id_of(token) is None:
            raise wire.InvalidGrantTokenExceptionError("The grant token is invalid.")
