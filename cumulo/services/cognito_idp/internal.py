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


def fakecloud_codes(runtime: Runtime, request: Request) -> dict[str, Any]:
    """GET .../cognito/confirmation-codes: the ledger in the fakecloud SDK's shape."""
    ledger = runtime.store.scope(SERVICE, *GLOBAL).table("codes")
    return {"codes": [{"poolId": c["poolId"], "username": c["username"], "code": c["code"], "type": c["type"],
                       **({"attribute": c["attribute"]} if c.get("attribute") else {})} for _, c in sorted(ledger.items())]}


def _user(runtime: Runtime, pool_id: str, username: str) -> tuple[Any, Any, Any]:
    account = runtime.store.scope(SERVICE, *GLOBAL).table("pool_index").get(pool_id)
    if account is None:
        return None, None, None
    scope = runtime.store.scope(SERVICE, account, pool_id.split("_", 1)[0])
    pool = scope.table("pools").get(pool_id)
    users = scope.table(f"users/{pool_id}")
    user = users.get(pool.key_of(username)) if pool is not None else None
    return pool, users, user


def user_codes(runtime: Runtime, request: Request, pool: str, username: str) -> dict[str, Any]:
    """GET .../cognito/confirmation-codes/{pool}/{username}: the user's pending codes (fakecloud's shape)."""
    _, _, user = _user(runtime, pool, username)
    if user is None:
        return {"confirmationCode": None, "attributeVerificationCodes": {}}
    return {"confirmationCode": user.codes.get("signup", (None, 0))[0],
            "attributeVerificationCodes": {k.split(":", 1)[1]: v[0] for k, v in user.codes.items() if k.startswith("verify:")}}


async def confirm_user(runtime: Runtime, request: Request) -> dict[str, Any]:
    """POST .../cognito/confirm-user {"userPoolId", "username"}: confirm a sign-up without its code."""
    import orjson

    body = orjson.loads(await request.read() or b"{}")
    pool, users, user = _user(runtime, body.get("userPoolId", ""), body.get("username", ""))
    if user is None:
        return {"confirmed": False, "error": "User does not exist."}
    user.status = "CONFIRMED"
    user.codes.pop("signup", None)
    users[pool.key_of(user.username)] = user
    return {"confirmed": True}
