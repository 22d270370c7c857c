"""moto's server mode, for suites written against it (`TEST_SERVER_MODE=true`).

    POST /moto-api/reset         every service's state, all accounts and regions
    POST /moto-api/reset-auth    body: a number N; the next N requests skip IAM
                                 authorization, those after it are authorized
    x-moto-account-id: <12>      the account a request acts in, whatever its key

Unknown keys act as moto's default user under the `--compat moto` preset
(`default_principal`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from cumulo.core.arns import arn
from cumulo.core.context import Principal

if TYPE_CHECKING:
    from cumulo.config import Config
    from cumulo.core.http import Request, Response
    from cumulo.core.runtime import Runtime

ACCOUNT_HEADER = "x-moto-account-id"
DEFAULT_USER_ID = "AKIAIOSFODNN7EXAMPLE"  # the UserId moto gives its default user
LIVE_KEY = "moto-api"  # runtime.live entry: outlives resets, as moto's counter does


@dataclass
class AuthAllowance:
    """moto's INITIAL_NO_AUTH_ACTION_COUNT and how many requests have used it."""

    initial: float = float("inf")
    used: int = 0


def default_principal(config: Config, access_key: str, region: str) -> Principal | None:
    """moto's answer for a key no one issued: `arn:aws:sts::<account>:user/moto`. None
    outside the moto preset (the account root answers then)."""
    if config.compat != "moto":
        return None
    account = config.default_account
    return Principal(account, arn("sts", "", account, "user/moto", home=region), DEFAULT_USER_ID, access_key)


def with_account_header(request: Request, principal: Principal) -> Principal:
    """The principal moved to the account `x-moto-account-id` names, when a request sends one."""
    account = request.headers.get(ACCOUNT_HEADER)
    if not account or account == principal.account or len(account) != 12 or not account.isdigit():
        return principal
    old = principal.account
    return replace(
        principal,
        account=account,
        arn=principal.arn.replace(f":{old}:", f":{account}:", 1),
        user_id=account if principal.user_id == old else principal.user_id,
    )


def auth_mode(runtime: Runtime, how: str) -> str:
    """The authorization mode for one request once `reset-auth` was called: none while
    the allowance lasts, enforced after it (moto's own IAM switch)."""
    allowance: AuthAllowance | None = runtime.live.get(LIVE_KEY)
    if allowance is None:
        return how
    allowance.used += 1
    if allowance.used <= allowance.initial:
        return ""
    return how or "enforce"


def reset(runtime: Runtime, request: Request) -> dict[str, Any]:
    runtime.store.reset()
    runtime.signals.notify_all()
    return {"status": "ok"}


async def reset_auth(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
    from cumulo.internal import json_response

    raw = (await request.read()).decode("utf-8", "replace").strip()
    try:
        count = float(raw)
    except ValueError:
        return json_response({"Error": f"the body must be a number of requests, not {raw!r}"}, 400)
    allowance: AuthAllowance | None = runtime.live.get(LIVE_KEY)
    previous = allowance.initial if allowance is not None else float("inf")
    runtime.live[LIVE_KEY] = AuthAllowance(count)
    return {"status": "ok", "PREVIOUS_INITIAL_NO_AUTH_ACTION_COUNT": str(previous)}
