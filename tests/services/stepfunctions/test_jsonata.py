"""JSONata state machines: Arguments, Output, Assign variables and their scope,
Choice Conditions, Map Items/ItemSelector, Catch with $states.errorOutput."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.stepfunctions.conftest import ROLE, history


def test_output_assign_and_choice(sfn: Any, run: Callable[..., dict[str, Any]]) -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Init",
        "States": {
            "Init": {"Type": "Pass", "Assign": {"total": "{% $sum($states.input.values) %}", "who": "{% $states.input.name %}"},
                     "Output": {"count": "{% $count($states.input.values) %}"}, "Next": "Route"},
            "Route": {"Type": "Choice", "Choices": [
                {"Condition": "{% $total > 10 %}", "Next": "Big", "Assign": {"size": "big"}},
            ], "Default": "Small", "Assign": {"size": "small"}},
            "Big": {"Type": "Pass", "Output": {"msg": "{% 'hello ' & $who & ', ' & $size & ' ' & $string($total) %}",
                                                "count": "{% $states.input.count %}"}, "End": True},
            "Small": {"Type": "Succeed", "Output": "{% $size %}"},
        },
    }
    ex = run(definition, {"values": [5, 6, 7], "name": "ann"})
    assert ex["status"] == "SUCCEEDED", ex
    assert json.loads(ex["output"]) == {"msg": "hello ann, big 18", "count": 3}
    assert json.loads(run(definition, {"values": [1], "name": "x"})["output"]) == "small"


def test_map_items_and_variable_scope(run: Callable[..., dict[str, Any]]) -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Set",
        "States": {
            "Set": {"Type": "Pass", "Assign": {"factor": 10}, "Next": "Each"},
            "Each": {"Type": "Map", "Items": "{% $states.input.xs %}",
                     "ItemSelector": {"x": "{% $states.context.Map.Item.Value %}", "i": "{% $states.context.Map.Item.Index %}"},
                     "ItemProcessor": {"StartAt": "Times", "States": {
                         "Times": {"Type": "Pass", "Assign": {"factor": 0}, "Output": "{% $states.input.x * $factor + $states.input.i %}",
                                   "End": True}}},
                     "Output": {"results": "{% $states.result %}", "factor": "{% $factor %}"}, "End": True},
        },
    }
    ex = run(definition, {"xs": [1, 2, 3]})
    assert ex["status"] == "SUCCEEDED", ex
    # The iterations read the outer variable; their own Assign does not leak out.
    assert json.loads(ex["output"]) == {"results": [10, 21, 32], "factor": 10}


def test_task_arguments_and_catch_error_output(sfn: Any, run: Callable[..., dict[str, Any]]) -> None:
    definition = {
        "QueryLanguage": "JSONata",
        "StartAt": "Get",
        "States": {
            "Get": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:sqs:getQueueUrl",
                    "Arguments": {"QueueName": "{% $states.input.queue %}"},
                    "Catch": [{"ErrorEquals": ["States.ALL"], "Output": {"failed": "{% $states.errorOutput.Error %}"},
                               "Assign": {"seen": True}, "Next": "After"}], "End": True},
            "After": {"Type": "Pass", "Output": "{% $merge([$states.input, {'seen': $seen}]) %}", "End": True},
        },
    }
    ex = run(definition, {"queue": "absent"})
    assert ex["status"] == "SUCCEEDED", ex
    assert json.loads(ex["output"]) == {"failed": "Sqs.QueueDoesNotExistException", "seen": True}
    scheduled = next(e for e in history(sfn, ex["executionArn"]) if e["type"] == "TaskScheduled")
    assert json.loads(scheduled["taskScheduledEventDetails"]["parameters"]) == {"QueueName": "absent"}


def test_fail_with_expressions_and_evaluation_errors(run: Callable[..., dict[str, Any]]) -> None:
    fail = run({"QueryLanguage": "JSONata", "StartAt": "F", "States": {"F": {
        "Type": "Fail", "Error": "{% 'E.' & $states.input.kind %}", "Cause": "{% $string($states.input.n) %}"}}}, {"kind": "x", "n": 4})
    assert (fail["status"], fail["error"], fail["cause"]) == ("FAILED", "E.x", "4")
    bad = run({"QueryLanguage": "JSONata", "StartAt": "P", "States": {"P": {
        "Type": "Pass", "Output": "{% $number('abc') + $nothere() %}", "End": True}}})
    assert (bad["status"], bad["error"]) == ("FAILED", "States.QueryEvaluationError")


def test_jsonata_definition_checks(sfn: Any) -> None:
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="bad", roleArn=ROLE, definition=json.dumps({"StartAt": "P", "States": {"P": {
            "Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.( %}", "End": True}}}))
    assert error.value.response["Error"]["Code"] == "InvalidDefinition"
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="bad", roleArn=ROLE, definition=json.dumps({"StartAt": "P", "States": {"P": {
            "Type": "Pass", "QueryLanguage": "JSONata", "InputPath": "$.a", "End": True}}}))
    assert "not supported for the JSONata query language" in error.value.response["Error"]["Message"]


def test_machine_language_applies_to_states(sfn: Any) -> None:
    with pytest.raises(ClientError) as error:
        sfn.create_state_machine(name="bad", roleArn=ROLE, definition=json.dumps({"QueryLanguage": "JSONata", "StartAt": "P", "States": {
            "P": {"Type": "Pass", "Parameters": {"a": 1}, "End": True}}}))
    assert "'Parameters' is not supported for the JSONata query language" in error.value.response["Error"]["Message"]
