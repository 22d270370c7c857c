"""TestState: one state run alone, with its status, next state and inspection data."""

from __future__ import annotations

import json
from typing import Any

from tests.services.stepfunctions.conftest import ROLE


def test_pass_state_with_inspection(sfn: Any) -> None:
    state = {"Type": "Pass", "InputPath": "$.in", "Parameters": {"v.$": "$.x"}, "ResultPath": "$.r", "Next": "After"}
    out = sfn.test_state(definition=json.dumps(state), roleArn=ROLE, input=json.dumps({"in": {"x": 5}}), inspectionLevel="DEBUG")
    assert out["status"] == "SUCCEEDED" and out["nextState"] == "After"
    assert json.loads(out["output"]) == {"in": {"x": 5}, "r": {"v": 5}}
    assert json.loads(out["inspectionData"]["afterInputPath"]) == {"x": 5}
    assert json.loads(out["inspectionData"]["afterParameters"]) == {"v": 5}
    assert json.loads(out["inspectionData"]["result"]) == {"v": 5}
    assert json.loads(out["inspectionData"]["afterResultPath"]) == {"in": {"x": 5}, "r": {"v": 5}}


def test_task_inspection_follows_the_result_through_selector_and_path(sfn: Any) -> None:
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f", "Payload.$": "$"},
            "ResultSelector": {"body.$": "$.Payload.body"}, "ResultPath": "$.out", "End": True}
    out = sfn.test_state(definition=json.dumps(task), roleArn=ROLE, input='{"a": 1}', inspectionLevel="DEBUG",
                         mock={"result": '{"Payload": {"body": "hi"}, "StatusCode": 200}'})
    data = out["inspectionData"]
    assert json.loads(data["afterParameters"]) == {"FunctionName": "f", "Payload": {"a": 1}}
    assert json.loads(data["result"]) == {"Payload": {"body": "hi"}, "StatusCode": 200}
    assert json.loads(data["afterResultSelector"]) == {"body": "hi"}
    assert json.loads(data["afterResultPath"]) == {"a": 1, "out": {"body": "hi"}} == json.loads(out["output"])
    assert "inspectionData" not in sfn.test_state(definition=json.dumps(task), roleArn=ROLE, mock={"result": "{}"})


def test_choice_and_named_state(sfn: Any) -> None:
    machine = {"StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.n", "NumericGreaterThan": 1, "Next": "Big"}], "Default": "Small"},
        "Big": {"Type": "Succeed"}, "Small": {"Type": "Succeed"}}}
    out = sfn.test_state(definition=json.dumps(machine), stateName="C", roleArn=ROLE, input='{"n": 2}')
    assert (out["status"], out["nextState"]) == ("SUCCEEDED", "Big")


def test_task_mock_retry_and_catch(sfn: Any) -> None:
    task = {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "f"}, "End": True}
    ok = sfn.test_state(definition=json.dumps(task), roleArn=ROLE, mock={"result": '{"Payload": 1}'})
    assert ok["status"] == "SUCCEEDED" and json.loads(ok["output"]) == {"Payload": 1}
    failing = {**task, "Retry": [{"ErrorEquals": ["Boom"]}]}
    retry = sfn.test_state(definition=json.dumps(failing), roleArn=ROLE, mock={"errorOutput": {"error": "Boom", "cause": "c"}})
    assert (retry["status"], retry["error"]) == ("RETRIABLE", "Boom")
    catching = {**task, "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e", "Next": "Handler"}]}
    caught = sfn.test_state(definition=json.dumps(catching), roleArn=ROLE, input='{"a": 1}',
                            mock={"errorOutput": {"error": "Boom", "cause": "c"}})
    assert (caught["status"], caught["nextState"]) == ("CAUGHT_ERROR", "Handler")
    assert json.loads(caught["output"]) == {"a": 1, "e": {"Error": "Boom", "Cause": "c"}}
    failed = sfn.test_state(definition=json.dumps({"Type": "Fail", "Error": "E", "Cause": "why"}), roleArn=ROLE)
    assert (failed["status"], failed["error"], failed["cause"]) == ("FAILED", "E", "why")
