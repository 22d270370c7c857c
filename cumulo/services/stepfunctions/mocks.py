"""Mocked service integrations, in the format of Step Functions Local and
LocalStack (`SFN_MOCK_CONFIG`): a JSON file

    {"StateMachines": {"<machine name>": {"TestCases": {"<case>": {"<state name>": "<response name>"}}}},
     "MockedResponses": {"<response name>": {"0": {"Return": {...}}, "1-2": {"Throw": {"Error": ..., "Cause": ...}}}}}

An execution started with `<state machine ARN>#<case>` answers each listed Task
state from its mocked response, the Nth call of the state (0-based, retries
count) taking the entry whose key or range holds N; states not listed call
their service as usual.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions.asl.errors import StatesError

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime


def _path(runtime: Runtime) -> str:
    return runtime.config.stepfunctions_mock_config or os.environ.get("SFN_MOCK_CONFIG", "")


def load(runtime: Runtime) -> dict[str, Any]:
    path = _path(runtime)
    if not path:
        return {}
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, json.JSONDecodeError) as error:
        raise AwsError("ValidationException", f"The mock configuration {path} cannot be read: {error}") from None
    return data if isinstance(data, dict) else {}


def check_case(runtime: Runtime, machine: str, case: str) -> None:
    """StartExecution's `#case`: refused unless the mock file defines it."""
    cases = ((load(runtime).get("StateMachines") or {}).get(machine) or {}).get("TestCases") or {}
    if case not in cases:
        raise AwsError("InvalidArn", f"Invalid Arn: no test case '{case}' for state machine '{machine}' in the mock configuration")


def response(runtime: Runtime, machine: str, case: str, state: str, call: int) -> tuple[bool, Any]:
    """(whether the state is mocked, its result); raises StatesError for a mocked Throw."""
    config = load(runtime)
    cases = ((config.get("StateMachines") or {}).get(machine) or {}).get("TestCases") or {}
    name = (cases.get(case) or {}).get(state)
    if name is None:
        return False, None
    entries = (config.get("MockedResponses") or {}).get(name) or {}
    for key, entry in entries.items():
        low, _, high = str(key).partition("-")
        if int(low) <= call <= int(high or low):
            if "Throw" in entry:
                raise StatesError(entry["Throw"].get("Error", ""), entry["Throw"].get("Cause", ""))
            return True, entry.get("Return")
    raise StatesError("States.Runtime", f"The mocked response '{name}' has no entry for call {call} of state '{state}'")
