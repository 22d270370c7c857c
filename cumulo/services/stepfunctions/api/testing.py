"""TestState: run one state by itself, without a state machine or an execution record."""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions.asl import paths, validate
from cumulo.services.stepfunctions.asl.errors import StatesError
from cumulo.services.stepfunctions.interpreter import Run, Thread, dumps, matches
from cumulo.services.stepfunctions.models import Execution


def _state_of(req: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    try:
        definition = json.loads(req["definition"])
    except json.JSONDecodeError as error:
        raise AwsError("InvalidDefinition", validate.message([("INVALID_JSON_DESCRIPTION", error.msg, "")])) from None
    if not isinstance(definition, dict):
        raise AwsError("InvalidDefinition", validate.message([("SCHEMA_VALIDATION_FAILED", "The definition must be a JSON object", "/")]))
    name = req.get("stateName")
    if name is not None:
        state = (definition.get("States") or {}).get(name)
        if not isinstance(state, dict):
            raise AwsError("ValidationException", f"State '{name}' does not exist in the definition")
        return name, state
    if "States" in definition:
        raise AwsError("ValidationException", "A definition with States needs stateName to say which state to test")
    return "TestState", definition


def _check(name: str, state: dict[str, Any]) -> None:
    # Checked as the only state of a machine; its own transitions point outside it, which is fine here.
    alone: dict[str, Any] = {k: v for k, v in state.items() if k not in ("Next", "Catch")} | {"End": True}
    if state.get("Type") in ("Choice", "Succeed", "Fail"):
        alone.pop("End")
    if state.get("Type") == "Choice":
        alone["Choices"] = [dict(r, Next=name) for r in state.get("Choices") or []]
        alone.pop("Default", None)
    machine = {"StartAt": name, "States": {name: alone}}
    found = validate.diagnostics(json.dumps(machine))
    if found:
        raise AwsError("InvalidDefinition", validate.message(found))


async def test_state(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name, state = _state_of(req)
    _check(name, state)
    text = req.get("input") or "{}"
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise AwsError("InvalidExecutionInput", f"Invalid State Machine Execution Input: '{error.msg}'") from None
    try:
        variables = json.loads(req["variables"]) if req.get("variables") else {}
    except json.JSONDecodeError as error:
        raise AwsError("ValidationException", f"Invalid variables: '{error.msg}'") from None
    if not isinstance(variables, dict):
        raise AwsError("ValidationException", "Invalid variables: they must be a JSON object")
    ex = Execution(ctx.arn("express:test-state:test", service="states"), ctx.arn("stateMachine:test-state", service="states"),
                   "test", json.dumps({"StartAt": name, "States": {name: state}}), req.get("roleArn", ""), text,
                   ctx.clock.now(), express=True)
    run = Run(ctx.runtime, ex, ctx.account, ctx.region, lambda: None)
    mock = req.get("mock")
    if mock:
        run.mock = mock
    bare = {k: v for k, v in state.items() if k not in ("Retry", "Catch")}
    inspection: dict[str, Any] = {"input": text}
    run.inspection = inspection
    lang = state.get("QueryLanguage", "JSONPath")
    if lang == "JSONPath":
        try:
            after_input = paths.read(data, state.get("InputPath", "$"), run.context) if state.get("InputPath", "$") is not None else {}
            inspection["afterInputPath"] = dumps(after_input)
            if "Parameters" in state:
                inspection["afterParameters"] = dumps(paths.template(state["Parameters"], after_input, run.context))
        except StatesError:
            pass
    out: dict[str, Any] = {}
    try:
        output, following = await run.state(name, bare, data, Thread(0), {}, lang, variables)
    except StatesError as error:
        out |= {"error": error.error, "cause": error.cause}
        if any(matches(r["ErrorEquals"], error.error) for r in state.get("Retry") or []):
            out["status"] = "RETRIABLE"
        else:
            catcher = next((c for c in state.get("Catch") or [] if matches(c["ErrorEquals"], error.error)), None)
            if catcher is None:
                out["status"] = "FAILED"
            else:
                caught = paths.write(data, catcher.get("ResultPath", "$"), {"Error": error.error, "Cause": error.cause})
                out |= {"status": "CAUGHT_ERROR", "nextState": catcher["Next"], "output": dumps(caught)}
    else:
        out |= {"status": "SUCCEEDED", "output": dumps(output)}
        if following is not None:
            out["nextState"] = following
    if variables:
        inspection["variables"] = dumps(variables)
    if req.get("inspectionLevel") in ("DEBUG", "TRACE"):
        out["inspectionData"] = inspection
    return out
