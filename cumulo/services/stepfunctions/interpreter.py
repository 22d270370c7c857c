"""Runs an execution: states one after another on the event loop, recording
history events as AWS names them (`TaskStateEntered`, `TaskScheduled`, ...).

An execution is one asyncio task (`start`); Parallel branches and Map
iterations are awaited coroutines inside it. Waiting (Wait states, Retry
intervals) is a future the scheduler resolves when the cumulo clock reaches
the moment, so moving the clock ends the wait and no thread ever sleeps. At
each top-level transition the execution records where to resume and commits,
so a restarted server carries on (`resume_orphans`).
"""

from __future__ import annotations

import asyncio
import json
import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from cumulo.services.stepfunctions import common, distributed, emitted, execlogs, tasks, tokens
from cumulo.services.stepfunctions.asl import choice, jsonata, paths
from cumulo.services.stepfunctions.asl.errors import StatesError, runtime as runtime_error
from cumulo.services.stepfunctions.models import Execution

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.stepfunctions")


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def iso(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


MAX_PAYLOAD = 256 * 1024
_EXECUTION_TIMEOUT = "The execution ran past its TimeoutSeconds"


class Live:
    """What the server holds beside the store: running tasks, token waiters."""

    def __init__(self) -> None:
        self.tasks: dict[str, asyncio.Task[Any]] = {}
        self.tokens: dict[str, asyncio.Future[Any]] = {}
        self.beats: dict[str, float] = {}  # task token -> the cumulo time of its latest heartbeat
        self.resumed = False


def live(runtime: Runtime) -> Live:
    found = runtime.live.get("stepfunctions")
    if found is None:
        found = runtime.live["stepfunctions"] = Live()
    return found


class Thread:
    """A line of history: the id of its latest event (branches fork from a parent)."""

    __slots__ = ("prev",)

    def __init__(self, prev: int) -> None:
        self.prev = prev


class Run:
    def __init__(self, runtime: Runtime, execution: Execution, account: str, region: str, touch: Callable[[], None]) -> None:
        self.runtime, self.ex, self.account, self.region, self.touch = runtime, execution, account, region, touch
        self.definition = json.loads(execution.definition)
        self.top = Thread(0)
        # TestState's `mock`: {"result": json} or {"errorOutput": {"error", "cause"}} instead of calling the task.
        self.mock: dict[str, Any] | None = None
        self.calls: dict[str, int] = {}  # Task state name -> calls made (mocked responses are picked by it)
        # Resumed after a restart inside a .waitForTaskToken task: its token, and whether the
        # state's entry is being replayed (its events are already in the history).
        self.resumed_token: str | None = None
        self.replaying = False
        # TestState's inspectionData, filled as the state runs when asked for (None: not asked).
        self.inspection: dict[str, Any] | None = None
        name = execution.machine_arn.split(":")[6]
        machine = common.machines(runtime.store.scope("stepfunctions", account, region)).get(name)
        self.logs = execlogs.ExecutionLog.of(runtime, execution, machine.logging if machine is not None else None)
        self.context: dict[str, Any] = {
            "Execution": {
                "Id": execution.arn, "Input": json.loads(execution.input), "Name": execution.name,
                "RoleArn": execution.role_arn, "StartTime": iso(execution.start),
                "RedriveCount": getattr(execution, "redrive_count", 0),
            },
            "StateMachine": {"Id": execution.machine_arn, "Name": name},
        }

    # ---------------------------------------------------------------- history

    def event(self, thread: Thread, kind: str, details_key: str | None = None, details: dict[str, Any] | None = None) -> int:
        if self.replaying:
            return thread.prev
        ident = len(self.ex.events) + 1
        event: dict[str, Any] = {"timestamp": self.runtime.clock.now(), "type": kind, "id": ident, "previousEventId": thread.prev}
        if details_key is not None:
            event[details_key] = details or {}
        self.ex.events.append(event)
        if self.logs is not None:
            self.logs.add(event)
        thread.prev = ident
        self.touch()
        return ident

    # ---------------------------------------------------------------- the whole run

    async def run(self) -> None:
        ex = self.ex
        thread = self.top = Thread(len(ex.events))
        if not ex.events:
            self.event(thread, "ExecutionStarted", "executionStartedEventDetails", {
                "input": ex.input, "inputDetails": {"truncated": False}, "roleArn": ex.role_arn,
                **({"stateMachineVersionArn": ex.version_arn} if ex.version_arn else {}),
                **({"stateMachineAliasArn": ex.alias_arn} if ex.alias_arn else {}),
            })
            ex.resume = {"state": self.definition["StartAt"], "input": ex.input}
            emitted.status_change(self.runtime, ex)
        elif ex.resume is not None and not ex.express:
            self.resumed_token = tokens.stored(self, ex.resume["state"])
            self.replaying = self.resumed_token is not None
        self.commit()
        assert ex.resume is not None
        work = self.states(
            self.definition, json.loads(ex.resume["input"]), thread, top=True, start=ex.resume["state"],
            lang=self.definition.get("QueryLanguage", "JSONPath"), variables=dict(ex.resume.get("variables") or {}),
        )
        try:
            output = await self.bounded(work, self.definition.get("TimeoutSeconds"))
        except StatesError as error:
            self.finish(thread, "TIMED_OUT" if error.error == "States.Timeout" and error.cause == _EXECUTION_TIMEOUT else "FAILED",
                        error=error)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a bug here must fail the execution, not leave it running forever
            log.exception("execution %s failed inside cumulo", ex.arn)
            self.finish(thread, "FAILED", error=StatesError("States.Runtime", f"Internal error: {error}"))
        else:
            self.finish(thread, "SUCCEEDED", output=output)

    async def bounded(self, work: Any, timeout: Any) -> Any:
        """The top-level run, ended by the definition's TimeoutSeconds on the cumulo clock."""
        if not timeout:
            return await work
        task = asyncio.ensure_future(work)
        timer = asyncio.ensure_future(sleep_until(self.runtime, self.ex.start + float(timeout)))
        try:
            await asyncio.wait({task, timer}, return_when=asyncio.FIRST_COMPLETED)
        except asyncio.CancelledError:
            task.cancel()
            timer.cancel()
            raise
        if task.done():
            timer.cancel()
            return task.result()
        task.cancel()
        raise StatesError("States.Timeout", _EXECUTION_TIMEOUT)

    def finish(self, thread: Thread, status: str, output: Any = None, error: StatesError | None = None) -> None:
        ex = self.ex
        if status != "SUCCEEDED":
            ex.redrive_from = ex.resume
        ex.status, ex.stop, ex.resume = status, self.runtime.clock.now(), None
        if error is not None and status == "TIMED_OUT":
            ex.error, ex.cause = error.error, error.cause
            self.event(thread, "ExecutionTimedOut", "executionTimedOutEventDetails", {"error": error.error, "cause": error.cause})
        elif error is not None:
            ex.error, ex.cause = error.error, error.cause
            self.event(thread, "ExecutionFailed", "executionFailedEventDetails", {"error": error.error, "cause": error.cause})
        else:
            ex.output = dumps(output)
            self.event(thread, "ExecutionSucceeded", "executionSucceededEventDetails", {
                "output": ex.output, "outputDetails": {"truncated": False},
            })
        emitted.status_change(self.runtime, ex)
        self.commit()
        if self.logs is not None:
            self.logs.flush()

    def commit(self) -> None:
        if self.logs is not None:
            self.logs.flush()
        if not self.ex.express:
            self.touch()
            self.runtime.store.commit()

    # ---------------------------------------------------------------- a list of states

    async def states(self, machine: dict[str, Any], data: Any, thread: Thread, *, top: bool = False,
                     start: str | None = None, extra: dict[str, Any] | None = None, lang: str = "JSONPath",
                     variables: dict[str, Any] | None = None) -> Any:
        name = start or machine["StartAt"]
        states = machine["States"]
        lang = machine.get("QueryLanguage", lang)
        variables = {} if variables is None else variables
        while True:
            state = states[name]
            if top and self.ex.resume is not None and self.ex.resume.get("state") != name:
                self.ex.resume = {"state": name, "input": dumps(data), "variables": dict(variables)}
                self.commit()
            data, following = await self.state(name, state, data, thread, extra or {}, lang, variables)
            if following is None:
                return data
            name = following

    async def state(self, name: str, state: dict[str, Any], raw: Any, thread: Thread, extra: dict[str, Any],
                    lang: str = "JSONPath", variables: dict[str, Any] | None = None) -> tuple[Any, str | None]:
        """Enter, run and exit one state: (its output, the next state's name or None at the end)."""
        kind = state["Type"]
        self.event(thread, f"{kind}StateEntered", "stateEnteredEventDetails", {
            "name": name, "input": dumps(raw), "inputDetails": {"truncated": False},
        })
        context = {**self.context, **extra, "State": {"Name": name, "EnteredTime": iso(self.runtime.clock.now()), "RetryCount": 0}}
        lang = state.get("QueryLanguage", lang)
        variables = {} if variables is None else variables
        if lang == "JSONata":
            from cumulo.services.stepfunctions.queries import run_jsonata_state

            return await run_jsonata_state(self, name, state, raw, thread, context, variables)
        paths.bind_variables(variables)
        following = state.get("Next")
        if kind == "Fail":
            error = state.get("Error") or (paths.read(raw, state["ErrorPath"], context) if "ErrorPath" in state else "States.Fail")
            cause = state.get("Cause") or (paths.read(raw, state["CausePath"], context) if "CausePath" in state else "")
            raise StatesError(str(error), str(cause))
        try:
            input_path = state.get("InputPath", "$")
            data = paths.read(raw, input_path, context) if input_path is not None else {}
            if kind == "Choice":
                rule = self.choose(state, data, context)
                output, following = data, rule["Next"]
                self.assign(state.get("Assign"), data, context, variables, rule.get("Assign"))
            elif kind in ("Succeed",):
                output = data
            elif kind == "Wait":
                await self.wait(state, data, context, thread)
                output = data
                self.assign(state.get("Assign"), data, context, variables)
            elif kind == "Pass":
                result = paths.template(state["Parameters"], data, context) if "Parameters" in state else state.get("Result", data)
                self.assign(state.get("Assign"), result, context, variables)
                output = paths.write(raw, state.get("ResultPath", "$"), result)
                self.inspected("result", result)
                self.inspected("afterResultPath", output)
            else:
                result = await self.with_retry(name, state, data, context, thread, lang, variables)
                paths.bind_variables(variables)  # the work may have bound a branch's or iteration's own
                self.inspected("result", result)
                if "ResultSelector" in state:
                    result = paths.template(state["ResultSelector"], result, context)
                    self.inspected("afterResultSelector", result)
                self.assign(state.get("Assign"), result, context, variables)
                output = paths.write(raw, state.get("ResultPath", "$"), result)
                self.inspected("afterResultPath", output)
            output_path = state.get("OutputPath", "$")
            output = paths.read(output, output_path, context) if output_path is not None else {}
        except StatesError as error:
            caught = self.catch(state, raw, error, thread, context, variables)
            if caught is None:
                raise
            self.event(thread, f"{state['Type']}StateExited", "stateExitedEventDetails", {
                "name": name, "output": dumps(caught.output), "outputDetails": {"truncated": False},
            })
            return caught.output, caught.next
        text = dumps(output)
        if len(text.encode()) > MAX_PAYLOAD:
            raise StatesError("States.DataLimitExceeded", f"The state/task '{name}' returned a result with a size exceeding "
                              f"the maximum number of bytes service limit ({MAX_PAYLOAD}).")
        self.event(thread, f"{state['Type']}StateExited", "stateExitedEventDetails", {
            "name": name, "output": text, "outputDetails": {"truncated": False},
        })
        if state.get("End") or state["Type"] == "Succeed":
            return output, None
        return output, following

    def choose(self, state: dict[str, Any], data: Any, context: Any) -> dict[str, Any]:
        """The Choice rule that matches (or {"Next": Default})."""
        for rule in state["Choices"]:
            if choice.evaluate(rule, data, context):
                return dict(rule)
        if "Default" in state:
            return {"Next": str(state["Default"])}
        raise StatesError("States.NoChoiceMatched", "No Matches!")

    def inspected(self, stage: str, value: Any) -> None:
        if self.inspection is not None:
            self.inspection[stage] = dumps(value)

    @staticmethod
    def assign(spec: Any, data: Any, context: Any, variables: dict[str, Any], more: Any = None) -> None:
        """A JSONPath state's `Assign` (and a matched Choice rule's), evaluated over `data`
        (the state's result, or its input where it has none) with the variables as they
        were; the new values take effect after."""
        values: dict[str, Any] = {}
        for each in (spec, more):
            if each:
                evaluated = paths.template(each, data, context)
                if not isinstance(evaluated, dict):
                    raise StatesError("States.Runtime", "Assign must be an object")
                values.update(evaluated)
        variables.update(values)

    async def wait(self, state: dict[str, Any], data: Any, context: Any, thread: Thread) -> None:
        now = self.runtime.clock.now()
        if "Seconds" in state or "SecondsPath" in state:
            seconds = state["Seconds"] if "Seconds" in state else paths.read(data, state["SecondsPath"], context)
            if isinstance(seconds, bool) or not isinstance(seconds, (int, float)) or seconds < 0:
                raise runtime_error(f"The SecondsPath parameter does not reference a valid non-negative integer value: {dumps(seconds)}")
            until = now + float(seconds)
        else:
            stamp = state.get("Timestamp") if "Timestamp" in state else paths.read(data, state["TimestampPath"], context)
            moment = choice.parse_timestamp(stamp)
            if moment is None:
                raise runtime_error(f"The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {dumps(stamp)}")
            until = moment.timestamp()
        resume = self.ex.resume if thread is self.top else None
        if resume is not None and resume.get("wait_until") is not None:
            until = resume["wait_until"]  # resumed after a restart: the wait keeps its end
        elif resume is not None:
            resume["wait_until"] = until
            self.commit()
        await sleep_until(self.runtime, until)
        if resume is not None:
            resume.pop("wait_until", None)

    # ---------------------------------------------------------------- Task, Parallel, Map with Retry

    async def with_retry(self, name: str, state: dict[str, Any], data: Any, context: dict[str, Any], thread: Thread,
                         lang: str = "JSONPath", variables: dict[str, Any] | None = None) -> Any:
        attempts: dict[int, int] = {}
        while True:
            try:
                return await self.work(state, data, context, thread, lang, variables or {})
            except StatesError as error:
                delay = self.retry_delay(state, error, attempts)
                if delay is None:
                    raise
                context["State"]["RetryCount"] = sum(attempts.values())
                await sleep_until(self.runtime, self.runtime.clock.now() + delay)

    def retry_delay(self, state: dict[str, Any], error: StatesError, attempts: dict[int, int]) -> float | None:
        for i, retrier in enumerate(state.get("Retry") or []):
            if not matches(retrier["ErrorEquals"], error.error):
                continue
            done = attempts.get(i, 0)
            if done >= retrier.get("MaxAttempts", 3):
                return None
            attempts[i] = done + 1
            delay = float(retrier.get("IntervalSeconds", 1)) * float(retrier.get("BackoffRate", 2.0)) ** done
            if "MaxDelaySeconds" in retrier:
                delay = min(delay, float(retrier["MaxDelaySeconds"]))
            if retrier.get("JitterStrategy") == "FULL":
                import random

                delay = random.uniform(0, delay)
            return delay
        return None

    def catch(self, state: dict[str, Any], raw: Any, error: StatesError, thread: Thread,
              context: Any = None, variables: dict[str, Any] | None = None) -> Caught | None:
        for catcher in state.get("Catch") or []:
            if matches(catcher["ErrorEquals"], error.error):
                error_output = {"Error": error.error, "Cause": error.cause}
                if variables is not None:
                    paths.bind_variables(variables)
                    self.assign(catcher.get("Assign"), error_output, context, variables)
                output = paths.write(raw, catcher.get("ResultPath", "$"), error_output)
                return Caught(output, catcher["Next"])
        return None

    async def work(self, state: dict[str, Any], data: Any, context: dict[str, Any], thread: Thread,
                   lang: str, variables: dict[str, Any]) -> Any:
        kind = state["Type"]
        if kind == "Task":
            if str(state.get("Resource", "")).endswith(".waitForTaskToken"):
                resumed = self.resumed_token if thread is self.top else None
                context = {**context, "Task": {"Token": resumed or new_token()}}
            if lang == "JSONata":
                from cumulo.services.stepfunctions.queries import bindings

                params = jsonata.evaluate(state.get("Arguments", "{% $states.input %}"), bindings(data, context, variables))
            else:
                params = paths.template(state["Parameters"], data, context) if "Parameters" in state else data
            return await tasks.run(self, state, params, context, thread)
        if kind == "Parallel":
            return await self.parallel(state, data, thread, lang, variables)
        return await self.map(state, data, context, thread, lang, variables)

    async def parallel(self, state: dict[str, Any], data: Any, thread: Thread, lang: str = "JSONPath",
                       variables: dict[str, Any] | None = None) -> list[Any]:
        self.event(thread, "ParallelStateStarted")
        fork = thread.prev
        try:
            results = await asyncio.gather(*(
                self.states(branch, data, Thread(fork), lang=lang, variables=dict(variables or {})) for branch in state["Branches"]
            ))
        except StatesError:
            self.event(thread, "ParallelStateFailed")
            raise
        self.event(thread, "ParallelStateSucceeded")
        return list(results)

    async def map(self, state: dict[str, Any], data: Any, context: dict[str, Any], thread: Thread, lang: str = "JSONPath",
                  variables: dict[str, Any] | None = None) -> list[Any]:
        if distributed.is_distributed(state):
            return await self.distributed_map(state, data, context, thread, lang, variables or {})
        if lang == "JSONata":
            from cumulo.services.stepfunctions.queries import bindings

            items = jsonata.evaluate(state.get("Items", "{% $states.input %}"), bindings(data, context, variables or {}))
        else:
            items = paths.read(data, state.get("ItemsPath", "$"), context)
        if not isinstance(items, list):
            raise runtime_error(f"Map state input must be an array but was: {dumps(items)}")
        processor = state.get("ItemProcessor") or state["Iterator"]
        selector = state.get("ItemSelector", state.get("Parameters"))
        self.event(thread, "MapStateStarted", "mapStateStartedEventDetails", {"length": len(items)})
        fork = thread.prev
        limit = int(state.get("MaxConcurrency") or 0)
        gate = asyncio.Semaphore(limit) if limit > 0 else None
        name = context["State"]["Name"]

        async def one(index: int, item: Any) -> Any:
            if gate is not None:
                await gate.acquire()
            try:
                branch = Thread(fork)
                extra = {"Map": {"Item": {"Index": index, "Value": item}}}
                if selector is None:
                    value = item
                elif lang == "JSONata":
                    from cumulo.services.stepfunctions.queries import bindings

                    value = jsonata.evaluate(selector, bindings(data, {**context, **extra}, variables or {}))
                else:
                    value = paths.template(selector, data, {**context, **extra})
                self.event(branch, "MapIterationStarted", "mapIterationStartedEventDetails", {"name": name, "index": index})
                try:
                    out = await self.states(processor, value, branch, extra=extra, lang=lang, variables=dict(variables or {}))
                except StatesError:
                    self.event(branch, "MapIterationFailed", "mapIterationFailedEventDetails", {"name": name, "index": index})
                    raise
                self.event(branch, "MapIterationSucceeded", "mapIterationSucceededEventDetails", {"name": name, "index": index})
                return out
            finally:
                if gate is not None:
                    gate.release()

        try:
            results = await asyncio.gather(*(one(i, item) for i, item in enumerate(items)))
        except StatesError:
            self.event(thread, "MapStateFailed")
            raise
        self.event(thread, "MapStateSucceeded")
        return list(results)


    async def distributed_map(self, state: dict[str, Any], data: Any, context: dict[str, Any], thread: Thread,
                              lang: str, variables: dict[str, Any]) -> Any:
        from cumulo.services.stepfunctions.queries import bindings

        if "ItemReader" in state:
            items = await distributed.read_items(self, state["ItemReader"], data, context)
        elif lang == "JSONata":
            items = jsonata.evaluate(state.get("Items", "{% $states.input %}"), bindings(data, context, variables))
        else:
            items = paths.read(data, state.get("ItemsPath", "$"), context)
        if not isinstance(items, list):
            raise runtime_error(f"Map state input must be an array but was: {dumps(items)}")
        selector = state.get("ItemSelector", state.get("Parameters"))
        inputs = []
        for index, item in enumerate(items):
            extra = {**context, "Map": {"Item": {"Index": index, "Value": item}}}
            if selector is None:
                inputs.append(item)
            elif lang == "JSONata":
                inputs.append(jsonata.evaluate(selector, bindings(data, extra, variables)))
            else:
                inputs.append(paths.template(selector, data, extra))
        inputs = distributed.batches(inputs, state.get("ItemBatcher"), data, context)
        self.event(thread, "MapStateStarted", "mapStateStartedEventDetails", {"length": len(inputs)})
        try:
            results = await distributed.run_map(self, state, inputs, context, thread, data)
        except StatesError:
            self.event(thread, "MapStateFailed")
            raise
        self.event(thread, "MapStateSucceeded")
        return results


class Caught:
    __slots__ = ("output", "next")

    def __init__(self, output: Any, next: str) -> None:
        self.output, self.next = output, next


def matches(names: list[str], error: str) -> bool:
    if error in names:
        return True
    if "States.TaskFailed" in names and error not in ("States.Timeout", "States.Runtime", "States.DataLimitExceeded"):
        return True
    # States.ALL matches every error but the terminal ones, as on AWS.
    return "States.ALL" in names and error not in ("States.Runtime", "States.DataLimitExceeded")


async def sleep_until(runtime: Runtime, when: float) -> None:
    """Wait, on the cumulo clock, until `when`: the scheduler wakes us."""
    if when <= runtime.clock.now():
        return
    future: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def wake() -> None:
        if not future.done():
            future.set_result(None)

    runtime.scheduler.at(when, wake)
    await future


def new_token() -> str:
    return uuid.uuid4().hex + uuid.uuid4().hex
