"""Definition checks, with AWS's diagnostic codes: `SCHEMA_VALIDATION_FAILED`,
`MISSING_TRANSITION_TARGET`, `INVALID_JSON_DESCRIPTION`, `UNREACHABLE_STATE`, ...

`diagnostics(text)` lists every problem as (code, message, location);
`message(diags)` words them as CreateStateMachine's InvalidDefinition does.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.services.stepfunctions.asl import choice, intrinsics, jsonata, paths

Diagnostic = tuple[str, str, str]  # (code, message, location)

STATE_TYPES = frozenset({"Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map"})
_TERMINAL = frozenset({"Succeed", "Fail"})
_PATH_FIELDS = ("InputPath", "OutputPath", "ItemsPath")
_COMMON = {"Type", "Comment", "QueryLanguage"}
_IO = {"InputPath", "OutputPath", "Output", "Assign"}
_FLOW = {"Next", "End"}
_WORK = {"ResultPath", "Parameters", "ResultSelector", "Retry", "Catch", "Arguments"}
FIELDS: dict[str, set[str]] = {
    "Pass": _COMMON | _IO | _FLOW | {"ResultPath", "Parameters", "Result"},
    "Task": _COMMON | _IO | _FLOW | _WORK | {"Resource", "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds",
                                            "HeartbeatSecondsPath", "Credentials"},
    "Choice": _COMMON | _IO | {"Choices", "Default"},
    "Wait": _COMMON | _IO | _FLOW | {"Seconds", "SecondsPath", "Timestamp", "TimestampPath"},
    "Succeed": _COMMON | {"InputPath", "OutputPath", "Output"},
    "Fail": _COMMON | {"Error", "ErrorPath", "Cause", "CausePath"},
    "Parallel": _COMMON | _IO | _FLOW | _WORK | {"Branches"},
    "Map": _COMMON | _IO | _FLOW | _WORK | {
        "ItemProcessor", "Iterator", "ItemsPath", "Items", "ItemSelector", "MaxConcurrency", "MaxConcurrencyPath",
        "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount", "ToleratedFailureCountPath",
        "ToleratedFailurePercentage", "ToleratedFailurePercentagePath", "Label"},
}
_MACHINE_FIELDS = {"StartAt", "States", "Comment", "Version", "TimeoutSeconds", "QueryLanguage", "ProcessorConfig"}


def parse(text: str) -> tuple[dict[str, Any] | None, list[Diagnostic]]:
    try:
        definition = json.loads(text)
    except json.JSONDecodeError as error:
        return None, [("INVALID_JSON_DESCRIPTION", f"{error.msg} at line {error.lineno}, column {error.colno}", "")]
    if not isinstance(definition, dict):
        return None, [("SCHEMA_VALIDATION_FAILED", "The definition must be a JSON object", "/")]
    return definition, []


def diagnostics(text: str) -> list[Diagnostic]:
    definition, found = parse(text)
    if definition is None:
        return found
    _machine(definition, "", found, "JSONPath")
    return found


def message(found: list[Diagnostic]) -> str:
    words = ", ".join(f"{code}: {text}" + (f" at {loc}" if loc else "") for code, text, loc in found)
    return f"Invalid State Machine Definition: '{words}'"


def _machine(machine: dict[str, Any], at: str, found: list[Diagnostic], lang: str) -> None:
    states = machine.get("States")
    start = machine.get("StartAt")
    if not isinstance(states, dict) or not states:
        found.append(("SCHEMA_VALIDATION_FAILED", 'The field "States" should be a non-empty object', at or "/"))
        return
    if not isinstance(start, str):
        found.append(("SCHEMA_VALIDATION_FAILED", 'The field "StartAt" should be non-null', at or "/"))
    elif start not in states:
        found.append(("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {start}", f"{at}/StartAt"))
    for unknown in sorted(set(machine) - _MACHINE_FIELDS):
        found.append(("SCHEMA_VALIDATION_FAILED", f'Field "{unknown}" is not supported', f"{at}/{unknown}"))
    lang = machine.get("QueryLanguage", lang)
    if lang not in ("JSONPath", "JSONata"):
        found.append(("SCHEMA_VALIDATION_FAILED", 'The value for the field "QueryLanguage" must be JSONPath or JSONata', f"{at}/QueryLanguage"))
    for name, state in states.items():
        loc = f"{at}/States/{name}"
        if len(name) > 80:
            found.append(("SCHEMA_VALIDATION_FAILED", "State names must be at most 80 characters", loc))
        if not isinstance(state, dict):
            found.append(("SCHEMA_VALIDATION_FAILED", "A state must be an object", loc))
            continue
        _state(name, state, states, loc, found, lang)
    if isinstance(start, str) and start in states:
        _reachability(start, states, at, found)


def _targets(state: dict[str, Any]) -> list[str]:
    out = [state["Next"]] if isinstance(state.get("Next"), str) else []
    if state.get("Type") == "Choice":
        out += [r["Next"] for r in state.get("Choices", []) if isinstance(r, dict) and isinstance(r.get("Next"), str)]
        if isinstance(state.get("Default"), str):
            out.append(state["Default"])
    out += [c["Next"] for c in state.get("Catch", []) or [] if isinstance(c, dict) and isinstance(c.get("Next"), str)]
    return out


def _reachability(start: str, states: dict[str, Any], at: str, found: list[Diagnostic]) -> None:
    seen, todo = {start}, [start]
    while todo:
        state = states.get(todo.pop())
        if isinstance(state, dict):
            for target in _targets(state):
                if target in states and target not in seen:
                    seen.add(target)
                    todo.append(target)
    for name in states:
        if name not in seen:
            found.append(("UNREACHABLE_STATE", "State is not reachable", f"{at}/States/{name}"))


def _state(name: str, state: dict[str, Any], states: dict[str, Any], loc: str, found: list[Diagnostic], lang: str) -> None:
    kind = state.get("Type")
    if kind not in STATE_TYPES:
        found.append(("SCHEMA_VALIDATION_FAILED", f'The field "Type" should be one of {", ".join(sorted(STATE_TYPES))}', f"{loc}/Type"))
        return
    for unknown in sorted(set(state) - FIELDS[kind]):
        found.append(("SCHEMA_VALIDATION_FAILED", f'Field "{unknown}" is not supported', f"{loc}/{unknown}"))
    has_next, has_end = "Next" in state, state.get("End") is True
    if kind not in _TERMINAL and kind != "Choice":
        if has_next and has_end:
            found.append(("SCHEMA_VALIDATION_FAILED", 'Only one of "Next" or "End" can be present', loc))
        elif not has_next and not has_end:
            found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Next" should be non-null', loc))
    elif has_next or "End" in state:
        found.append(("SCHEMA_VALIDATION_FAILED", f'{kind} states must not have "Next" or "End"', loc))
    for target_loc, target in _named_targets(state, loc):
        if target not in states:
            found.append(("MISSING_TRANSITION_TARGET", f"Missing 'Next' target: {target}", target_loc))
    for field in _PATH_FIELDS:
        value = state.get(field)
        if isinstance(value, str) and not paths.valid(value):
            found.append(("SCHEMA_VALIDATION_FAILED", f'The value for the field "{field}" must be a valid JSONPath', f"{loc}/{field}"))
    result_path = state.get("ResultPath")
    if isinstance(result_path, str) and not (result_path == "$" or (result_path.startswith("$") and paths.is_simple(result_path))):
        found.append(("SCHEMA_VALIDATION_FAILED", 'The value for the field "ResultPath" must be a valid ReferencePath', f"{loc}/ResultPath"))
    for field in ("Parameters", "ResultSelector", "ItemSelector"):
        if field in state:
            _template(state[field], f"{loc}/{field}", found)
    if kind == "Task" and not isinstance(state.get("Resource"), str):
        found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Resource" should be non-null', loc))
    if kind == "Choice":
        rules = state.get("Choices")
        if not isinstance(rules, list) or not rules:
            found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Choices" should be a non-empty array', loc))
        else:
            for i, rule in enumerate(rules):
                _rule(rule, f"{loc}/Choices/{i}", found, top=True)
    if kind == "Wait":
        given = [f for f in ("Seconds", "Timestamp", "SecondsPath", "TimestampPath") if f in state]
        if len(given) != 1:
            found.append(("SCHEMA_VALIDATION_FAILED", "A Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath", loc))
    if kind == "Parallel":
        branches = state.get("Branches")
        if not isinstance(branches, list) or not branches:
            found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Branches" should be a non-empty array', loc))
        else:
            for i, branch in enumerate(branches):
                _machine(branch if isinstance(branch, dict) else {}, f"{loc}/Branches/{i}", found, lang)
    if kind == "Map":
        processor = state.get("ItemProcessor", state.get("Iterator"))
        if not isinstance(processor, dict):
            found.append(("SCHEMA_VALIDATION_FAILED", 'The field "ItemProcessor" should be non-null', loc))
        else:
            _machine(processor, f"{loc}/ItemProcessor", found, lang)
    for field in ("Arguments", "Output", "Assign", "Items", "Seconds", "Timestamp", "Error", "Cause"):
        for problem in jsonata.check(state.get(field)):
            found.append(("SCHEMA_VALIDATION_FAILED", problem, f"{loc}/{field}"))
    lang = state.get("QueryLanguage", lang)
    if lang == "JSONata":
        for field in ("InputPath", "Parameters", "ResultSelector", "ResultPath", "OutputPath"):
            if field in state:
                found.append(("SCHEMA_VALIDATION_FAILED", f"The field '{field}' is not supported for the JSONata query language", f"{loc}/{field}"))
    for field in ("Retry", "Catch"):
        for i, entry in enumerate(state.get(field) or []):
            errors = entry.get("ErrorEquals") if isinstance(entry, dict) else None
            if not isinstance(errors, list) or not errors:
                found.append(("SCHEMA_VALIDATION_FAILED", 'The field "ErrorEquals" should be a non-empty array', f"{loc}/{field}/{i}"))
            elif "States.ALL" in errors and (len(errors) > 1 or i != len(state[field]) - 1):
                found.append(("SCHEMA_VALIDATION_FAILED", "States.ALL must appear alone, in the last retrier or catcher", f"{loc}/{field}/{i}"))


def _named_targets(state: dict[str, Any], loc: str) -> list[tuple[str, str]]:
    out = [(f"{loc}/Next", state["Next"])] if isinstance(state.get("Next"), str) else []
    if state.get("Type") == "Choice":
        out += [(f"{loc}/Choices/{i}/Next", r["Next"]) for i, r in enumerate(state.get("Choices") or []) if isinstance(r, dict) and isinstance(r.get("Next"), str)]
        if isinstance(state.get("Default"), str):
            out.append((f"{loc}/Default", state["Default"]))
    out += [(f"{loc}/Catch/{i}/Next", c["Next"]) for i, c in enumerate(state.get("Catch") or []) if isinstance(c, dict) and isinstance(c.get("Next"), str)]
    return out


def _rule(rule: Any, loc: str, found: list[Diagnostic], top: bool = False) -> None:
    if not isinstance(rule, dict):
        found.append(("SCHEMA_VALIDATION_FAILED", "A Choice rule must be an object", loc))
        return
    if top and not isinstance(rule.get("Next"), str):
        found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Next" should be non-null', loc))
    if "Condition" in rule:  # JSONata: one boolean expression
        if not jsonata.is_expression(rule["Condition"]) and not isinstance(rule["Condition"], bool):
            found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Condition" must be a JSONata expression in {% %}', f"{loc}/Condition"))
        return
    if "And" in rule or "Or" in rule:
        for i, sub in enumerate(rule.get("And", rule.get("Or")) or []):
            _rule(sub, f"{loc}/{'And' if 'And' in rule else 'Or'}/{i}", found)
        return
    if "Not" in rule:
        _rule(rule["Not"], f"{loc}/Not", found)
        return
    operators = [k for k in rule if k in choice.COMPARISONS]
    if len(operators) != 1:
        found.append(("SCHEMA_VALIDATION_FAILED", "A Choice rule needs exactly one comparison operator", loc))
    if not isinstance(rule.get("Variable"), str) or not paths.valid(rule["Variable"]):
        found.append(("SCHEMA_VALIDATION_FAILED", 'The field "Variable" should be a valid JSONPath', loc))


def _template(payload: Any, loc: str, found: list[Diagnostic]) -> None:
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key.endswith(".$"):
                if not isinstance(value, str):
                    found.append(("SCHEMA_VALIDATION_FAILED", f"The value for the field '{key}' must be a STRING that contains a JSONPath", f"{loc}/{key}"))
                elif value.startswith("States."):
                    try:
                        intrinsics.parse(value)
                    except ValueError as error:
                        found.append(("SCHEMA_VALIDATION_FAILED", f"The value for the field '{key}' must be a valid intrinsic function: {error}", f"{loc}/{key}"))
                elif not paths.valid(value):
                    found.append(("SCHEMA_VALIDATION_FAILED", f"The value for the field '{key}' must be a valid JSONPath", f"{loc}/{key}"))
            else:
                _template(value, f"{loc}/{key}", found)
    elif isinstance(payload, list):
        for i, item in enumerate(payload):
            _template(item, f"{loc}/{i}", found)
