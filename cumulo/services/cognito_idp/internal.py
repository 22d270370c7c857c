"""Introspection under /_cumulo/cognito/: the codes Cognito 'sent' (sign-up, forgot password,
attribute verification, SMS/email MFA, invitations), newest last, for tests to read."""

from __future__ import annotations

from typing import Any

from cumulo.core.http import Request, Response
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


async def upload_import(runtime: Runtime, request: Request, pool: str, job: str) -> Response:
    """PUT to a user import job's PreSignedUrl: the CSV, kept until StartUserImportJob."""
    account = runtime.store.scope(SERVICE, *GLOBAL).table("pool_index").get(pool)
    jobs = runtime.store.scope(SERVICE, account or "", pool.split("_", 1)[0]).table(f"import_jobs/{pool}") if account else None
    entry = jobs.get(job) if jobs is not None else None
    if entry is None or jobs is None:
        return Response(404, {"content-type": "text/plain"}, b"NoSuchUpload")
    entry["_csv"] = (await request.read()).decode("utf-8-sig", "replace")
    jobs.touch(job)
    return Response(200, {"content-type": "text/plain"}, b"")
