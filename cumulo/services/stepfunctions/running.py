"""Executions as asyncio tasks: starting one, stopping one, and picking up after a
restart the executions that were running when the server stopped."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from cumulo.services.stepfunctions import common
from cumulo.services.stepfunctions.interpreter import Run, live
from cumulo.services.stepfunctions.models import Execution

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope


def _touch(scope: Scope | None, arn: str) -> Any:
    if scope is None:
        return lambda: None
    table = common.executions(scope)
    return lambda: table.touch(arn) if arn in table else None


def spawn(runtime: Runtime, scope: Scope, execution: Execution) -> asyncio.Task[None]:
    """Run a standard execution in the background; its state is committed as it goes."""
    run = Run(runtime, execution, scope.account, scope.region, _touch(scope, execution.arn))
    tasks = live(runtime).tasks
    task = asyncio.get_running_loop().create_task(run.run(), name=f"sfn:{execution.name}")
    tasks[execution.arn] = task
    task.add_done_callback(lambda _: tasks.pop(execution.arn, None))
    return task


async def run_sync(runtime: Runtime, account: str, region: str, execution: Execution) -> None:
    """Run an express execution to its end, in the caller's request."""
    await Run(runtime, execution, account, region, lambda: None).run()


def stop(runtime: Runtime, arn: str) -> None:
    task = live(runtime).tasks.pop(arn, None)
    if task is not None:
        task.cancel()


def resume_orphans(runtime: Runtime, now: float) -> None:
    """Once per server: restart the executions the store says are still running."""
    state = live(runtime)
    if state.resumed:
        return
    state.resumed = True
    for scope in runtime.store.scopes_of("stepfunctions"):
        for execution in list(common.executions(scope).values()):
            # A Map run's children are run again by their parent, which re-enters its Map state.
            if execution.status == "RUNNING" and execution.arn not in state.tasks and not getattr(execution, "map_run_arn", None):
                spawn(runtime, scope, execution)


def spawn_express(runtime: Runtime, scope: Scope, execution: Execution) -> asyncio.Task[None]:
    """An asynchronous express execution: it runs, and nothing of it is stored."""
    run = Run(runtime, execution, scope.account, scope.region, lambda: None)
    tasks = live(runtime).tasks
    task = asyncio.get_running_loop().create_task(run.run(), name=f"sfn-express:{execution.name}")
    tasks[execution.arn] = task
    task.add_done_callback(lambda _: tasks.pop(execution.arn, None))
    return task
