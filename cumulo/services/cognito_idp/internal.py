"""Introspection under /_cumulo/cognito/: the codes Cognito 'sent' (sign-up, forgot password,
attribute verification, SMS/email MFA, invitations), newest last, for tests to read."""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request
from cumulo.core.runtime import Runtime
from cumulo.services.cognito_idp.common import SERVICE
from cumulo.services.cognito_idp.models import GLOBAL


def list_codes(runtime: Runtime, request: Request) -> dict[str, Any]:
    """GET /_cumulo/cognito/codes[?poolId=...&username=...&type=...]: every code recorded."""
    wanted = dict(request.query_params)
    ledger = runtime.store.scope(SERVICE, *GLOBAL).table("codes")
    codes = [dict(entry) for _, entry in sorted(ledger.items())]
    for name in ("poolId", "username", "type"):
        if wanted.get(name):
            codes = [c for c in codes if c[name] == wanted[name]]
    return {"codes": codes}
