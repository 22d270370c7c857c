"""Waits and retries on the cumulo clock: moving the clock ends them, nothing sleeps."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

from cumulo.testing.plugin import ClockControl
from tests.services.stepfunctions.conftest import finished, types


def settle(sfn: Any, arn: str, kind: str) -> None:
    """Until the execution's history has an event of `kind` (it runs in the background)."""
    deadline = time.monotonic() + 60
    while kind not in types(sfn, arn) and time.monotonic() < deadline:
        time.sleep(0.01)


def test_wait_seconds_ends_when_the_clock_moves(sfn: Any, machine: Callable[..., str], cumulo_clock: ClockControl) -> None:
    arn = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "SecondsPath": "$.delay", "Next": "Done"},
                                              "Done": {"Type": "Pass", "Result": "done", "End": True}}})
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({"delay": 3600}))["executionArn"]
    settle(sfn, ex, "WaitStateEntered")
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"
    cumulo_clock.advance(3601)
    out = finished(sfn, ex)
    assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == "done"
    assert types(sfn, ex) == ["ExecutionStarted", "WaitStateEntered", "WaitStateExited", "PassStateEntered", "PassStateExited",
                              "ExecutionSucceeded"]


def test_wait_timestamp(sfn: Any, machine: Callable[..., str], cumulo_clock: ClockControl) -> None:
    arn = machine({"StartAt": "W", "States": {"W": {"Type": "Wait", "Timestamp": "2100-01-01T00:00:00Z", "End": True}}})
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    settle(sfn, ex, "WaitStateEntered")
    cumulo_clock.set(4102444800.5)
    assert finished(sfn, ex)["status"] == "SUCCEEDED"


def test_retry_backs_off_on_the_clock_then_catches(sfn: Any, machine: Callable[..., str], cumulo_clock: ClockControl) -> None:
    # A task whose target does not exist fails every time: the retrier runs it 3 times, then Catch takes over.
    definition = {
        "StartAt": "Send",
        "States": {
            "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage",
                     "Parameters": {"QueueUrl": "http://localhost/000000000000/missing", "MessageBody": "x"},
                     "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 10, "BackoffRate": 2, "MaxAttempts": 2}],
                     "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}], "End": True},
            "Caught": {"Type": "Pass", "End": True},
        },
    }
    ex = sfn.start_execution(stateMachineArn=machine(definition), input="{}")["executionArn"]
    settle(sfn, ex, "TaskFailed")
    assert sfn.describe_execution(executionArn=ex)["status"] == "RUNNING"  # waiting 10 s before the first retry
    cumulo_clock.advance(10)
    deadline = time.monotonic() + 60
    while types(sfn, ex).count("TaskFailed") < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    cumulo_clock.advance(20)
    out = finished(sfn, ex)
    assert out["status"] == "SUCCEEDED"
    assert types(sfn, ex).count("TaskScheduled") == 3
    error = json.loads(out["output"])["error"]
    assert error["Error"].startswith("SQS.") and error["Cause"]


def test_execution_timeout(sfn: Any, machine: Callable[..., str], cumulo_clock: ClockControl) -> None:
    arn = machine({"TimeoutSeconds": 60, "StartAt": "W", "States": {"W": {"Type": "Wait", "Seconds": 3600, "End": True}}})
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    settle(sfn, ex, "WaitStateEntered")
    cumulo_clock.advance(61)
    out = finished(sfn, ex)
    assert (out["status"], out["error"]) == ("TIMED_OUT", "States.Timeout")
    assert types(sfn, ex)[-1] == "ExecutionTimedOut"


def test_payload_limit_is_not_caught_by_states_all(run: Callable[..., dict[str, Any]]) -> None:
    big = {"StartAt": "P", "States": {"P": {"Type": "Pass", "Parameters": {"s.$": "States.ArrayRange(1, 1000, 1)"},
                                            "ResultPath": "$.a", "Next": "Q"},
                                      "Q": {"Type": "Pass", "Parameters": {"x.$": "States.Format('{}{}{}{}', $.a, $.a, $.a, $.a)",
                                                                           "y.$": "States.Format('{}{}{}{}', $.a, $.a, $.a, $.a)"},
                                            "ResultPath": "$.b", "Next": "R"},
                                      "R": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {"B": {"Type": "Pass", "End": True}}}] * 12,
                                            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}], "End": True},
                                      "Caught": {"Type": "Succeed"}}}
    out = run(big, {})
    assert (out["status"], out["error"]) == ("FAILED", "States.DataLimitExceeded")


def test_task_token_heartbeat_timeout(cumulo: Any, sfn: Any, machine: Callable[..., str], cumulo_clock: ClockControl) -> None:
    import boto3

    sqs = boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")
    url = sqs.create_queue(QueueName="beats")["QueueUrl"]
    arn = machine({"StartAt": "Ask", "States": {"Ask": {
        "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 30,
        "Parameters": {"QueueUrl": url, "MessageBody.$": "$$.Task.Token"}, "End": True}}})
    ex = sfn.start_execution(stateMachineArn=arn)["executionArn"]
    settle(sfn, ex, "TaskSubmitted")
    token = sqs.receive_message(QueueUrl=url)["Messages"][0]["Body"]
    cumulo_clock.advance(20)
    sfn.send_task_heartbeat(taskToken=token)
    cumulo_clock.advance(20)  # 40 s since the start, 20 since the heartbeat
    described = sfn.describe_execution(executionArn=ex)
    assert described["status"] == "RUNNING", described
    cumulo_clock.advance(11)
    out = finished(sfn, ex)
    assert (out["status"], out["error"]) == ("FAILED", "States.HeartbeatTimeout")
    assert "TaskTimedOut" in types(sfn, ex)
