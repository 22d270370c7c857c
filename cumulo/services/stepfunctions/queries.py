"""States whose query language is JSONata: `Arguments`, `Output`, `Assign`,
`Items`, Choice `Condition`, and `{% %}` in Wait and Fail fields, with
`$states.input`, `$states.result`, `$states.errorOutput` and
`$states.context` bound beside the workflow's variables.

Variables: `Assign` is evaluated after the state's work (it sees
`$states.result`), with the variables as they were when the state began, and
takes effect for the states after it. Parallel branches and Map iterations get
a copy: they read the outer variables, and what they assign stays inside.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cumulo.services.stepfunctions.asl import jsonata
from cumulo.services.stepfunctions.asl.errors import StatesError

if TYPE_CHECKING:
    from cumulo.services.stepfunctions.interpreter import Run, Thread


def bindings(data: Any, context: Any, variables: dict[str, Any], **states: Any) -> dict[str, Any]:
    return {**variables, "states": {"input": data, "context": context, **states}}


def _assign(spec: Any, b: dict[str, Any], variables: dict[str, Any]) -> None:
    if spec:
        values = jsonata.evaluate(spec, b)
        if not isinstance(values, dict):
            raise StatesError("States.QueryEvaluationError", "Assign must evaluate to an object")
        variables.update(values)


async def run_jsonata_state(run: Run, name: str, state: dict[str, Any], raw: Any, thread: Thread,
                            context: dict[str, Any], variables: dict[str, Any]) -> tuple[Any, str | None]:
    from cumulo.services.stepfunctions.interpreter import dumps, matches

    kind = state["Type"]
    following = state.get("Next")
    b = bindings(raw, context, variables)
    if kind == "Fail":
        error = jsonata.evaluate(state.get("Error", "States.Fail"), b)
        cause = jsonata.evaluate(state.get("Cause", ""), b)
        raise StatesError(str(error), str(cause))
    try:
        spec: dict[str, Any] = state
        if kind == "Choice":
            matched = next((rule for rule in state["Choices"] if jsonata.evaluate(rule.get("Condition"), b) is True), None)
            if matched is not None:
                following, spec = matched["Next"], {"Output": state.get("Output"), "Assign": state.get("Assign"), **matched}
                spec = {k: v for k, v in spec.items() if v is not None}
            elif "Default" in state:
                following = state["Default"]
            else:
                raise StatesError("States.NoChoiceMatched", "No Matches!")
            result = raw
        elif kind == "Wait":
            timing: dict[str, Any] = {k: jsonata.evaluate(state[k], b) for k in ("Seconds", "Timestamp") if k in state}
            await run.wait(timing, raw, context, thread)
            result = raw
        elif kind in ("Pass", "Succeed"):
            result = raw
        else:
            result = await run.with_retry(name, state, raw, context, thread, "JSONata", variables)
        after = bindings(raw, context, variables, result=result) if kind in ("Task", "Parallel", "Map") else b
        output = jsonata.evaluate(spec["Output"], after) if "Output" in spec else result
        _assign(spec.get("Assign"), after, variables)
    except StatesError as error:
        catcher = next((c for c in state.get("Catch") or [] if matches(c["ErrorEquals"], error.error)), None)
        if catcher is None:
            raise
        error_output = {"Error": error.error, "Cause": error.cause}
        caught = bindings(raw, context, variables, errorOutput=error_output)
        output = jsonata.evaluate(catcher["Output"], caught) if "Output" in catcher else error_output
        _assign(catcher.get("Assign"), caught, variables)
        following = catcher["Next"]
        run.event(thread, f"{kind}StateExited", "stateExitedEventDetails", {
            "name": name, "output": dumps(output), "outputDetails": {"truncated": False},
        })
        return output, following
    run.event(thread, f"{kind}StateExited", "stateExitedEventDetails", {
        "name": name, "output": dumps(output), "outputDetails": {"truncated": False},
    })
    if state.get("End") or kind == "Succeed":
        return output, None
    return output, following
