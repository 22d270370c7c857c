"""Task tokens: a `.waitForTaskToken` task waits on a future that SendTaskSuccess
or SendTaskFailure resolves (SendTaskHeartbeat only checks the token).

Each wait is also stored, with the top-level state waiting; after a restart the
execution resumes in that state and waits on the same token again, without calling
the task a second time, so the worker that holds the token can still answer."""

from __future__ import annotations

import asyncio
import json
from typing import TYPE_CHECKING, Any

from cumulo.services.stepfunctions.asl.errors import StatesError
from cumulo.services.stepfunctions.models import TokenWait

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.services.stepfunctions.interpreter import Run
    from cumulo.state import Scope

TABLE = "tokens"


def expect(run: Run, token: str, state: str = "") -> asyncio.Future[Any]:
    from cumulo.services.stepfunctions.interpreter import live

    future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    live(run.runtime).tokens[token] = future
    if not run.ex.express:
        scope = run.runtime.store.scope("stepfunctions", run.account, run.region)
        scope.table(TABLE)[token] = TokenWait(token, run.ex.arn, run.runtime.clock.now(), state=state)
    return future


def stored(run: Run, state: str) -> str | None:
    """The token a top-level `state` of this execution waited on when the server stopped."""
    table = run.runtime.store.scope("stepfunctions", run.account, run.region).table(TABLE)
    for wait in table.values():
        if wait.execution_arn == run.ex.arn and wait.state == state and wait.outcome is None:
            return str(wait.token)
    return None


def settle(runtime: Runtime, scope: Scope, token: str, output: str | None = None,
           error: str | None = None, cause: str | None = None) -> bool:
    """Resolve a waiting task; False when no task waits on `token`."""
    from cumulo.services.stepfunctions.interpreter import live

    future = live(runtime).tokens.pop(token, None)
    table = scope.table(TABLE)
    if token in table:
        del table[token]
    if future is None or future.done():
        return False
    if output is not None:
        future.set_result(json.loads(output))
    else:
        future.set_exception(StatesError(error or "", cause or ""))
    return True


def beat(runtime: Runtime, token: str) -> None:
    from cumulo.services.stepfunctions.interpreter import live

    live(runtime).beats[token] = runtime.clock.now()


async def with_heartbeat(runtime: Runtime, token: str, outcome: asyncio.Future[Any], heartbeat: float | None) -> Any:
    """The task's outcome; States.HeartbeatTimeout when no heartbeat (or outcome) comes for `heartbeat` seconds."""
    if not heartbeat:
        return await outcome
    from cumulo.services.stepfunctions.interpreter import live, sleep_until

    beats = live(runtime).beats
    beats[token] = runtime.clock.now()
    try:
        while True:
            last = beats.get(token, 0.0)
            timer: asyncio.Future[Any] = asyncio.ensure_future(sleep_until(runtime, last + heartbeat))
            racing: set[asyncio.Future[Any]] = {outcome, timer}
            await asyncio.wait(racing, return_when=asyncio.FIRST_COMPLETED)
            if outcome.done():
                timer.cancel()
                return outcome.result()
            if beats.get(token, 0.0) == last:
                live(runtime).tokens.pop(token, None)
                raise StatesError("States.HeartbeatTimeout", "")
    finally:
        beats.pop(token, None)


def waiting(runtime: Runtime, token: str) -> bool:
    from cumulo.services.stepfunctions.interpreter import live

    future = live(runtime).tokens.get(token)
    return future is not None and not future.done()
