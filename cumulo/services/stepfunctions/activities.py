"""Activity tasks: a Task whose Resource is an activity ARN queues its input;
workers take it with GetActivityTask (a long poll, up to 60 s of the cumulo
clock) and answer with the task token (SendTaskSuccess/Failure).

The queue and the waiting pollers live in memory: after a restart the Task
state is entered again and queues its work anew.
"""

from __future__ import annotations

import asyncio
from collections import deque
from typing import TYPE_CHECKING, Any

from cumulo.services.stepfunctions import tokens

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.services.stepfunctions.interpreter import Run

POLL_SECONDS = 60.0


class Board:
    """Per activity ARN: tasks waiting for a worker, workers waiting for a task."""

    def __init__(self) -> None:
        self.pending: dict[str, deque[tuple[str, str, asyncio.Future[str]]]] = {}
        self.pollers: dict[str, deque[asyncio.Future[tuple[str, str, asyncio.Future[str]]]]] = {}


def board(runtime: Runtime) -> Board:
    found = runtime.live.get("stepfunctions.activities")
    if found is None:
        found = runtime.live["stepfunctions.activities"] = Board()
    return found


def offer(run: Run, activity_arn: str, token: str, input_text: str) -> tuple[asyncio.Future[Any], asyncio.Future[str]]:
    """Queue a task: (the future its outcome resolves, the future a worker's name resolves when taken)."""
    outcome = tokens.expect(run, token)
    started: asyncio.Future[str] = asyncio.get_running_loop().create_future()
    b = board(run.runtime)
    item = (token, input_text, started)
    waiting = b.pollers.get(activity_arn)
    while waiting:
        poller = waiting.popleft()
        if not poller.done():
            poller.set_result(item)
            return outcome, started
    b.pending.setdefault(activity_arn, deque()).append(item)
    return outcome, started


async def take(runtime: Runtime, activity_arn: str, worker: str) -> tuple[str, str] | None:
    """The next task of an activity, waiting up to a minute of the cumulo clock; None if none came."""
    from cumulo.services.stepfunctions.interpreter import sleep_until

    b = board(runtime)
    queue = b.pending.get(activity_arn)
    while queue:
        token, text, started = queue.popleft()
        if tokens.waiting(runtime, token):
            if not started.done():
                started.set_result(worker)
            return token, text
    poller: asyncio.Future[tuple[str, str, asyncio.Future[str]]] = asyncio.get_running_loop().create_future()
    b.pollers.setdefault(activity_arn, deque()).append(poller)
    timer: asyncio.Future[Any] = asyncio.ensure_future(sleep_until(runtime, runtime.clock.now() + POLL_SECONDS))
    racing: set[asyncio.Future[Any]] = {poller, timer}
    await asyncio.wait(racing, return_when=asyncio.FIRST_COMPLETED)
    timer.cancel()
    if not poller.done():
        poller.cancel()
        return None
    token, text, started = poller.result()
    if not started.done():
        started.set_result(worker)
    return token, text
