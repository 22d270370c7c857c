"""The URLs CloudFormation hands out for something to call back: a custom resource's
`ResponseURL` and a wait condition handle's URL. On AWS both are pre-signed S3 PUT URLs;
here they are URLs to cumulo itself, served by this service's data plane
(`/_cfn/callback/<account>/<region>/<token>?X-Amz-...`), so a function can `curl -X PUT`
its answer exactly as it would on AWS.

What arrives is stored (table `callbacks`, token -> list of bodies), so a wait
condition counts signals across a restart, and wakes whoever waits on the token.
Waiting uses the cumulo clock: a timeout is a scheduler item, so moving the clock
ahead times a wait out at once.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from typing import TYPE_CHECKING, Any

from cumulo.core.http import Response

if TYPE_CHECKING:
    from cumulo.core.http import Request
    from cumulo.core.runtime import Runtime

PREFIX = "/_cfn/callback/"
LIVE = "cloudformation-callbacks"


def new_url(runtime: Runtime, account: str, region: str, expires: int = 7200) -> tuple[str, str]:
    """(URL, token) of a fresh callback."""
    token = secrets.token_hex(16)
    signature = secrets.token_hex(32)
    now = runtime.clock.utcnow().strftime("%Y%m%dT%H%M%SZ")
    url = (f"http://localhost:{runtime.config.port}{PREFIX}{account}/{region}/{token}"
           f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date={now}&X-Amz-Expires={expires}"
           f"&X-Amz-SignedHeaders=host&X-Amz-Signature={signature}")
    return url, token


def signal_token(stack_id: str, logical_id: str) -> str:
    """Where SignalResource's signals for one resource are kept."""
    return f"signal:{stack_id}:{logical_id}"


def token_of(url: str) -> str:
    return url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]


def received(runtime: Runtime, account: str, region: str, token: str) -> list[dict[str, Any]]:
    rows = runtime.store.scope("cloudformation", account, region).table("callbacks")
    return list(rows.get(token) or [])


def _waiters(runtime: Runtime) -> dict[str, list[asyncio.Future[None]]]:
    waiters: dict[str, list[asyncio.Future[None]]] = runtime.live.setdefault(LIVE, {})
    return waiters


def record(runtime: Runtime, account: str, region: str, token: str, body: dict[str, Any]) -> None:
    """Store what arrived on `token` and wake whoever waits on it."""
    rows = runtime.store.scope("cloudformation", account, region).table("callbacks")
    rows[token] = [*(rows.get(token) or []), body]
    runtime.store.commit()
    for fut in _waiters(runtime).pop(token, []):
        if not fut.done():
            fut.set_result(None)


async def serve(runtime: Runtime, request: Request) -> Response | None:
    """The data plane: a PUT (or POST) of a response or signal to a callback URL."""
    if not request.path.startswith(PREFIX):
        return None
    parts = request.path[len(PREFIX):].strip("/").split("/")
    if len(parts) != 3 or request.method not in ("PUT", "POST"):
        return Response(400, {"content-type": "text/plain"}, b"bad callback")
    account, region, token = parts
    raw = await request.read()
    try:
        body = json.loads(raw or b"{}")
    except ValueError:
        return Response(400, {"content-type": "application/xml"},
                        b"<Error><Code>MalformedJSON</Code><Message>The response is not valid JSON</Message></Error>")
    record(runtime, account, region, token, body if isinstance(body, dict) else {"Data": body})
    return Response(200, {"content-type": "application/xml", "etag": f'"{secrets.token_hex(16)}"'}, b"")


class CallbackTimeout(Exception):
    pass


async def wait(runtime: Runtime, account: str, region: str, token: str, deadline: float,
               enough: Any) -> list[dict[str, Any]]:
    """The bodies received on `token` once `enough(bodies)` holds; CallbackTimeout when the
    cumulo clock passes `deadline` first."""
    loop = asyncio.get_running_loop()
    while True:
        bodies = received(runtime, account, region, token)
        if enough(bodies):
            return bodies
        if runtime.clock.now() >= deadline:
            raise CallbackTimeout()
        fut: asyncio.Future[None] = loop.create_future()
        _waiters(runtime).setdefault(token, []).append(fut)

        def expire(f: asyncio.Future[None] = fut) -> None:
            if not f.done():
                f.set_result(None)

        runtime.scheduler.at(deadline, expire)
        await fut
