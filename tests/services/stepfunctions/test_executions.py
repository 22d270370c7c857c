"""Executions through boto3: run to SUCCEEDED/FAILED, output, history, stop, listing."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import ClientError

from tests.services.stepfunctions.conftest import finished, history, types

PASS_CHAIN = {
    "StartAt": "A",
    "States": {
        "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.a", "Next": "B"},
        "B": {"Type": "Pass", "Parameters": {"sum.$": "States.MathAdd($.a.x, $.n)", "greeting.$": "States.Format('hi {}', $.who)"},
              "End": True},
    },
}


def test_pass_chain_succeeds_with_output_and_history(sfn: Any, run: Callable[..., dict[str, Any]]) -> None:
    ex = run(PASS_CHAIN, {"n": 41, "who": "bob"})
    assert ex["status"] == "SUCCEEDED"
    assert json.loads(ex["output"]) == {"sum": 42, "greeting": "hi bob"}
    events = history(sfn, ex["executionArn"])
    assert [e["type"] for e in events] == [
        "ExecutionStarted", "PassStateEntered", "PassStateExited", "PassStateEntered", "PassStateExited", "ExecutionSucceeded",
    ]
    assert [e["id"] for e in events] == [1, 2, 3, 4, 5, 6]
    assert [e["previousEventId"] for e in events] == [0, 1, 2, 3, 4, 5]
    assert events[1]["stateEnteredEventDetails"]["name"] == "A"
    assert json.loads(events[2]["stateExitedEventDetails"]["output"]) == {"n": 41, "who": "bob", "a": {"x": 1}}
    assert json.loads(events[-1]["executionSucceededEventDetails"]["output"]) == {"sum": 42, "greeting": "hi bob"}
    reverse = sfn.get_execution_history(executionArn=ex["executionArn"], reverseOrder=True, maxResults=2)
    assert [e["id"] for e in reverse["events"]] == [6, 5] and reverse["nextToken"]
    rest = sfn.get_execution_history(executionArn=ex["executionArn"], reverseOrder=True, maxResults=10, nextToken=reverse["nextToken"])
    assert [e["id"] for e in rest["events"]] == [4, 3, 2, 1]
    bare = sfn.get_execution_history(executionArn=ex["executionArn"], includeExecutionData=False)["events"]
    assert "output" not in bare[-1]["executionSucceededEventDetails"]


def test_fail_state_fails_the_execution(sfn: Any, run: Callable[..., dict[str, Any]]) -> None:
    ex = run({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Boom", "Cause": "it broke"}}})
    assert (ex["status"], ex["error"], ex["cause"]) == ("FAILED", "Boom", "it broke")
    assert types(sfn, ex["executionArn"]) == ["ExecutionStarted", "FailStateEntered", "ExecutionFailed"]
    failed = history(sfn, ex["executionArn"])[-1]["executionFailedEventDetails"]
    assert failed == {"error": "Boom", "cause": "it broke"}


def test_missing_path_is_a_runtime_error(run: Callable[..., dict[str, Any]]) -> None:
    ex = run({"StartAt": "P", "States": {"P": {"Type": "Pass", "InputPath": "$.nope", "End": True}}}, {"a": 1})
    assert ex["status"] == "FAILED" and ex["error"] == "States.Runtime"
    assert "$.nope" in ex["cause"]


def test_choice_routes_and_defaults(run: Callable[..., dict[str, Any]]) -> None:
    definition = {
        "StartAt": "C",
        "States": {
            "C": {"Type": "Choice", "Choices": [
                {"Not": {"Variable": "$.n", "IsPresent": True}, "Next": "None"},
                {"And": [{"Variable": "$.n", "NumericGreaterThan": 10}, {"Variable": "$.s", "StringMatches": "big*"}], "Next": "Big"},
                {"Variable": "$.n", "NumericLessThanPath": "$.limit", "Next": "Small"},
            ], "Default": "Other"},
            "Big": {"Type": "Pass", "Result": "big", "End": True},
            "Small": {"Type": "Pass", "Result": "small", "End": True},
            "None": {"Type": "Pass", "Result": "none", "End": True},
            "Other": {"Type": "Succeed"},
        },
    }
    assert json.loads(run(definition, {"n": 11, "s": "bigger"})["output"]) == "big"
    assert json.loads(run(definition, {"s": "x"})["output"]) == "none"
    assert json.loads(run(definition, {"n": 1, "limit": 5, "s": ""})["output"]) == "small"
    assert json.loads(run(definition, {"n": 9, "limit": 5, "s": ""})["output"]) == {"n": 9, "limit": 5, "s": ""}
    no_default = {"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericEquals": 1, "Next": "E"}]},
                                              "E": {"Type": "Succeed"}}}
    failed = run(no_default, {"n": 2})
    assert (failed["status"], failed["error"]) == ("FAILED", "States.NoChoiceMatched")


def test_parallel_and_map(sfn: Any, run: Callable[..., dict[str, Any]]) -> None:
    definition = {
        "StartAt": "Par",
        "States": {
            "Par": {"Type": "Parallel", "Next": "Each", "ResultPath": "$.par", "Branches": [
                {"StartAt": "One", "States": {"One": {"Type": "Pass", "Result": 1, "End": True}}},
                {"StartAt": "Two", "States": {"Two": {"Type": "Pass", "InputPath": "$.items", "End": True}}},
            ]},
            "Each": {"Type": "Map", "ItemsPath": "$.items", "MaxConcurrency": 2, "ItemSelector": {
                "value.$": "$$.Map.Item.Value", "index.$": "$$.Map.Item.Index", "tag.$": "$.tag"},
                "ItemProcessor": {"StartAt": "Double", "States": {
                    "Double": {"Type": "Pass", "Parameters": {"v.$": "States.MathAdd($.value, $.value)", "i.$": "$.index", "t.$": "$.tag"},
                               "End": True}}},
                "ResultPath": "$.mapped", "End": True},
        },
    }
    ex = run(definition, {"items": [1, 2, 3], "tag": "t"})
    assert ex["status"] == "SUCCEEDED", ex
    out = json.loads(ex["output"])
    assert out["par"] == [1, [1, 2, 3]]
    assert out["mapped"] == [{"v": 2, "i": 0, "t": "t"}, {"v": 4, "i": 1, "t": "t"}, {"v": 6, "i": 2, "t": "t"}]
    kinds = types(sfn, ex["executionArn"])
    assert kinds[:3] == ["ExecutionStarted", "ParallelStateEntered", "ParallelStateStarted"]
    assert kinds.count("MapIterationStarted") == 3 and kinds.count("MapIterationSucceeded") == 3
    assert "MapStateStarted" in kinds and "MapStateSucceeded" in kinds and kinds[-1] == "ExecutionSucceeded"
    started = next(e for e in history(sfn, ex["executionArn"]) if e["type"] == "MapStateStarted")
    assert started["mapStateStartedEventDetails"] == {"length": 3}


def test_catch_routes_errors_with_result_path(run: Callable[..., dict[str, Any]]) -> None:
    definition = {
        "StartAt": "Try",
        "States": {
            "Try": {"Type": "Parallel", "Branches": [{"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Custom.Err", "Cause": "why"}}}],
                    "Catch": [{"ErrorEquals": ["Other"], "Next": "Wrong"}, {"ErrorEquals": ["States.ALL"], "ResultPath": "$.err", "Next": "Handled"}],
                    "End": True},
            "Wrong": {"Type": "Fail"},
            "Handled": {"Type": "Pass", "End": True},
        },
    }
    ex = run(definition, {"k": 1})
    assert ex["status"] == "SUCCEEDED"
    assert json.loads(ex["output"]) == {"k": 1, "err": {"Error": "Custom.Err", "Cause": "why"}}


def test_stop_execution_aborts(sfn: Any, machine: Callable[..., str]) -> None:
    arn = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}})
    ex = sfn.start_execution(stateMachineArn=arn, name="waiting", input="{}")
    assert sfn.describe_execution(executionArn=ex["executionArn"])["status"] == "RUNNING"
    listed = sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"]
    assert [e["name"] for e in listed] == ["waiting"]
    sfn.stop_execution(executionArn=ex["executionArn"], error="Stopped", cause="by test")
    out = sfn.describe_execution(executionArn=ex["executionArn"])
    assert (out["status"], out["error"], out["cause"]) == ("ABORTED", "Stopped", "by test")
    assert types(sfn, ex["executionArn"])[-1] == "ExecutionAborted"
    assert sfn.list_executions(stateMachineArn=arn, statusFilter="RUNNING")["executions"] == []


def test_start_is_idempotent_by_name_and_input(sfn: Any, machine: Callable[..., str]) -> None:
    arn = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}})
    first = sfn.start_execution(stateMachineArn=arn, name="once", input='{"a":1}')
    again = sfn.start_execution(stateMachineArn=arn, name="once", input='{"a":1}')
    assert again["executionArn"] == first["executionArn"]
    with pytest.raises(ClientError) as error:
        sfn.start_execution(stateMachineArn=arn, name="once", input='{"a":2}')
    assert error.value.response["Error"]["Code"] == "ExecutionAlreadyExists"
    sfn.stop_execution(executionArn=first["executionArn"])


def test_bad_input_and_unknown_execution(sfn: Any, machine: Callable[..., str]) -> None:
    arn = machine({"StartAt": "P", "States": {"P": {"Type": "Pass", "End": True}}})
    with pytest.raises(ClientError) as error:
        sfn.start_execution(stateMachineArn=arn, input="{nope")
    assert error.value.response["Error"]["Code"] == "InvalidExecutionInput"
    missing = arn.replace(":stateMachine:", ":execution:") + ":ghost"
    with pytest.raises(ClientError) as error:
        sfn.describe_execution(executionArn=missing)
    assert error.value.response["Error"]["Code"] == "ExecutionDoesNotExist"


def test_express_sync_execution(sfn: Any, machine: Callable[..., str]) -> None:
    arn = machine(PASS_CHAIN, type="EXPRESS")
    out = sfn.start_sync_execution(stateMachineArn=arn, input=json.dumps({"n": 1, "who": "x"}))
    assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"sum": 2, "greeting": "hi x"}
    failing = machine({"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "E", "Cause": "c"}}}, type="EXPRESS")
    out = sfn.start_sync_execution(stateMachineArn=failing)
    assert (out["status"], out["error"], out["cause"]) == ("FAILED", "E", "c")
    standard = machine(PASS_CHAIN)
    with pytest.raises(ClientError) as error:
        sfn.start_sync_execution(stateMachineArn=standard)
    assert error.value.response["Error"]["Code"] == "StateMachineTypeNotSupported"


def test_finished_helper_sees_end(sfn: Any, machine: Callable[..., str]) -> None:
    arn = machine({"StartAt": "S", "States": {"S": {"Type": "Succeed"}}})
    ex = sfn.start_execution(stateMachineArn=arn)
    out = finished(sfn, ex["executionArn"])
    assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {}


def test_introspection_shows_the_path_taken(cumulo: Any, run: Callable[..., dict[str, Any]]) -> None:
    import urllib.request
    from urllib.parse import quote

    ex = run({"StartAt": "C", "States": {"C": {"Type": "Choice", "Choices": [{"Variable": "$.go", "BooleanEquals": True, "Next": "Yes"}],
                                               "Default": "No"},
                                         "Yes": {"Type": "Pass", "End": True}, "No": {"Type": "Fail", "Error": "E"}}}, {"go": True})
    with urllib.request.urlopen(f"{cumulo.url}/_cumulo/stepfunctions/executions/{quote(ex['executionArn'], safe='')}") as response:
        view = json.loads(response.read())
    assert view["status"] == "SUCCEEDED" and view["path"] == [{"state": "C", "type": "Choice"}, {"state": "Yes", "type": "Pass"}]
    with urllib.request.urlopen(f"{cumulo.url}/_cumulo/stepfunctions/executions") as response:
        assert ex["executionArn"] in [e["executionArn"] for e in json.loads(response.read())["executions"]]


def test_redrive_restarts_from_the_failed_state(cumulo: Any, sfn: Any, machine: Callable[..., str]) -> None:
    # The second state sends to a queue that does not exist yet: once it does, the redriven
    # execution starts again at that state, with the input it had, and succeeds.
    import boto3

    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = "http://sqs.us-east-1.localhost.localstack.cloud:4566/000000000000/later"
    arn = machine({"StartAt": "One", "States": {
        "One": {"Type": "Pass", "Result": 1, "ResultPath": "$.one", "Next": "Two"},
        "Two": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                "Parameters": {"QueueUrl": url, "MessageBody.$": "States.JsonToString($)"}, "ResultPath": None, "End": True}}})
    ex = sfn.start_execution(stateMachineArn=arn, input='{"k": "v"}')["executionArn"]
    failed = finished(sfn, ex)
    assert failed["status"] == "FAILED" and failed["redriveStatus"] == "REDRIVABLE"
    sqs.create_queue(QueueName="later")
    sfn.redrive_execution(executionArn=ex)
    again = finished(sfn, ex)
    assert again["status"] == "SUCCEEDED" and again["redriveCount"] == 1
    assert json.loads(again["output"]) == {"k": "v", "one": 1}
    kinds = types(sfn, ex)
    assert kinds.count("ExecutionStarted") == 1 and kinds.count("ExecutionRedriven") == 1
    after = kinds[kinds.index("ExecutionRedriven"):]
    assert after[:2] == ["ExecutionRedriven", "TaskStateEntered"] and "PassStateEntered" not in after
    body = sqs.receive_message(QueueUrl=sqs.get_queue_url(QueueName="later")["QueueUrl"])["Messages"][0]["Body"]
    assert json.loads(body) == {"k": "v", "one": 1}
    with pytest.raises(ClientError) as error:
        sfn.redrive_execution(executionArn=ex)
    assert error.value.response["Error"]["Code"] == "ExecutionNotRedrivable"
