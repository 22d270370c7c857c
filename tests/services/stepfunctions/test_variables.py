"""Workflow variables in JSONPath states: `Assign` on Pass, Task, Choice rules, Wait and
Catch, `$name` paths in Parameters, ResultSelector and Choice, and their scoping."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

LAMBDA_FREE_TASK = "arn:aws:states:::aws-sdk:sqs:listQueues"


def test_assign_and_read_across_states(run: Callable[..., dict[str, Any]]) -> None:
    definition = {"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Parameters": {"total.$": "$.n"}, "Assign": {"seen.$": "$.total", "label": "first", "ctx.$": "$$.State.Name"},
                "Next": "Check"},
        "Check": {"Type": "Choice", "Choices": [
            {"Variable": "$seen", "NumericGreaterThan": 2, "Assign": {"size": "big"}, "Next": "Use"}],
            "Default": "Use", "Assign": {"checked": True}},
        "Use": {"Type": "Pass", "Parameters": {"seen.$": "$seen", "label.$": "$label", "size.$": "$size", "ctx.$": "$ctx",
                                                  "checked.$": "$checked", "joined.$": "States.Format('{}-{}', $label, $seen)"}, "End": True},
    }}
    out = run(definition, {"n": 5})
    assert out["status"] == "SUCCEEDED", out
    assert json.loads(out["output"]) == {"seen": 5, "label": "first", "size": "big", "ctx": "Set", "checked": True, "joined": "first-5"}


def test_assign_sees_the_variables_as_they_were(run: Callable[..., dict[str, Any]]) -> None:
    definition = {"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x": 2, "old.$": "$x"}, "Next": "C"},
        "C": {"Type": "Pass", "Parameters": {"x.$": "$x", "old.$": "$old"}, "End": True},
    }}
    assert json.loads(run(definition)["output"]) == {"x": 2, "old": 1}


def test_task_result_selector_and_catch_assign(run: Callable[..., dict[str, Any]]) -> None:
    definition = {"StartAt": "List", "States": {
        "List": {"Type": "Task", "Resource": LAMBDA_FREE_TASK, "ResultSelector": {"kind": "listing", "raw.$": "$"},
                 "Assign": {"queues.$": "$.kind"}, "Next": "Broken"},
        "Broken": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:getQueueUrl", "Parameters": {"QueueName": "missing"},
                   "Catch": [{"ErrorEquals": ["States.ALL"], "Assign": {"failure.$": "$.Error"}, "Next": "Report"}], "Next": "Report"},
        "Report": {"Type": "Pass", "Parameters": {"queues.$": "$queues", "failure.$": "$failure"}, "End": True},
    }}
    out = run(definition)
    assert out["status"] == "SUCCEEDED", out
    assert json.loads(out["output"]) == {"queues": "listing", "failure": "Sqs.QueueDoesNotExistException"}


def test_map_iterations_read_outer_variables_and_keep_their_own(run: Callable[..., dict[str, Any]]) -> None:
    definition = {"StartAt": "Set", "States": {
        "Set": {"Type": "Pass", "Assign": {"factor": 10}, "Next": "Each"},
        "Each": {"Type": "Map", "ItemsPath": "$.items", "ItemProcessor": {"StartAt": "Mul", "States": {
            "Mul": {"Type": "Pass", "Parameters": {"v.$": "$", "f.$": "$factor"}, "Assign": {"factor": 0}, "End": True}}},
            "Next": "After"},
        "After": {"Type": "Pass", "Parameters": {"results.$": "$", "factor.$": "$factor"}, "End": True},
    }}
    out = json.loads(run(definition, {"items": [1, 2]})["output"])
    assert out == {"results": [{"v": 1, "f": 10}, {"v": 2, "f": 10}], "factor": 10}


def test_an_unknown_variable_is_a_runtime_error(run: Callable[..., dict[str, Any]]) -> None:
    out = run({"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"x.$": "$nope"}, "End": True}}})
    assert out["status"] == "FAILED" and out["error"] == "States.Runtime" and "nope" in out["cause"]
