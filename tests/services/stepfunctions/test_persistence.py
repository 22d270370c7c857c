"""Machines and executions survive a restart with a data directory: finished
executions keep their history, a waiting one resumes and ends after the restart;
entities round-trip through the store's codec."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import boto3
from botocore.config import Config as BotoConfig

from cumulo.config import Config
from cumulo.services.stepfunctions.models import Execution, StateMachine, TokenWait, Version
from cumulo.state.codec import decode, encode
from cumulo.testing import CumuloServer
from cumulo.testing.plugin import ClockControl
from tests.services.stepfunctions.conftest import ROLE, finished


def client(server: CumuloServer) -> Any:
    return boto3.client("stepfunctions", endpoint_url=server.url, region_name="us-east-1", aws_access_key_id="k",
                        aws_secret_access_key="s", config=BotoConfig(inject_host_prefix=False))


def test_executions_survive_a_restart(tmp_path: Path) -> None:
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        sfn = client(first)
        done_arn = sfn.create_state_machine(name="done", roleArn=ROLE, definition=json.dumps(
            {"StartAt": "P", "States": {"P": {"Type": "Pass", "Result": {"ok": True}, "End": True}}}))["stateMachineArn"]
        done = sfn.start_execution(stateMachineArn=done_arn, name="d1")["executionArn"]
        assert finished(sfn, done)["status"] == "SUCCEEDED"
        waiting_arn = sfn.create_state_machine(name="waits", roleArn=ROLE, definition=json.dumps({
            "StartAt": "First", "States": {
                "First": {"Type": "Pass", "Result": 1, "ResultPath": "$.first", "Next": "W"},
                "W": {"Type": "Wait", "Seconds": 600, "Next": "After"},
                "After": {"Type": "Pass", "Result": 2, "ResultPath": "$.after", "End": True}}}))["stateMachineArn"]
        waiting = sfn.start_execution(stateMachineArn=waiting_arn, name="w1", input='{"x": 0}')["executionArn"]
        deadline = time.monotonic() + 60
        while "WaitStateEntered" not in [e["type"] for e in sfn.get_execution_history(executionArn=waiting)["events"]]:
            assert time.monotonic() < deadline
            time.sleep(0.01)
        history = sfn.get_execution_history(executionArn=done)["events"]
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        sfn = client(second)
        assert sfn.get_execution_history(executionArn=done)["events"] == history
        assert json.loads(sfn.describe_execution(executionArn=done)["output"]) == {"ok": True}
        assert sfn.describe_execution(executionArn=waiting)["status"] == "RUNNING"
        ClockControl(second).advance(5)  # the resumer runs on the scheduler's tick
        ClockControl(second).advance(600)
        out = finished(sfn, waiting)
        assert out["status"] == "SUCCEEDED"
        assert json.loads(out["output"]) == {"x": 0, "first": 1, "after": 2}
        kinds = [e["type"] for e in sfn.get_execution_history(executionArn=waiting)["events"]]
        assert kinds.count("ExecutionStarted") == 1 and kinds[-1] == "ExecutionSucceeded"
        assert [m["name"] for m in sfn.list_state_machines()["stateMachines"]] == ["done", "waits"]
    finally:
        second.stop()
        second.runtime.store.close()



def test_a_task_token_outlives_a_restart(tmp_path: Path) -> None:
    # The worker got the token before the restart; after it, the same token ends the task,
    # the task is not called again (one message in the queue), and the history has no repeats.
    config = Config(log_level="warning", data_dir=str(tmp_path))
    first = CumuloServer(config).start()
    try:
        sqs = boto3.client("sqs", endpoint_url=first.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        url = sqs.create_queue(QueueName="work")["QueueUrl"]
        sfn = client(first)
        arn = sfn.create_state_machine(name="tokens", roleArn=ROLE, definition=json.dumps({
            "StartAt": "Ask", "States": {
                "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                        "Parameters": {"QueueUrl": url, "MessageBody": {"token.$": "$$.Task.Token"}}, "ResultPath": "$.answer", "End": True}}}))["stateMachineArn"]
        execution = sfn.start_execution(stateMachineArn=arn, input='{"q": 1}')["executionArn"]
        deadline = time.monotonic() + 30
        while not (got := sqs.receive_message(QueueUrl=url).get("Messages")):
            assert time.monotonic() < deadline
        token = json.loads(got[0]["Body"])["token"]
        sqs.delete_message(QueueUrl=url, ReceiptHandle=got[0]["ReceiptHandle"])
        before = sfn.get_execution_history(executionArn=execution)["events"]
    finally:
        first.stop()
        first.runtime.store.close()
    second = CumuloServer(config).start()
    try:
        sfn = client(second)
        ClockControl(second).advance(5)  # the resumer runs on the scheduler's tick
        deadline = time.monotonic() + 30
        while True:  # until the resumed execution waits on the token again
            try:
                sfn.send_task_success(taskToken=token, output='{"yes": true}')
                break
            except sfn.exceptions.TaskTimedOut:
                assert time.monotonic() < deadline
                time.sleep(0.02)
        out = finished(sfn, execution)
        assert out["status"] == "SUCCEEDED" and json.loads(out["output"]) == {"q": 1, "answer": {"yes": True}}
        after = sfn.get_execution_history(executionArn=execution)["events"]
        assert after[: len(before)] == before
        assert [e["type"] for e in after[len(before):]] == ["TaskSucceeded", "TaskStateExited", "ExecutionSucceeded"]
        sqs = boto3.client("sqs", endpoint_url=second.url, region_name="us-east-1", aws_access_key_id="k", aws_secret_access_key="s")
        assert "Messages" not in sqs.receive_message(QueueUrl=url)
    finally:
        second.stop()
        second.runtime.store.close()


def test_entities_round_trip() -> None:
    machine = StateMachine("m", "arn:aws:states:us-east-1:000000000000:stateMachine:m", "{}", ROLE, "STANDARD", 1.5, "r",
                           tags={"a": "b"}, logging={"level": "OFF"})
    version = Version("arn:...:m:1", machine.arn, 1, "{}", ROLE, "r", 2.0, "d")
    execution = Execution("arn:x", machine.arn, "e", "{}", ROLE, "{}", 3.0, events=[{"id": 1, "type": "ExecutionStarted"}],
                          resume={"state": "A", "input": "{}", "wait_until": 9.0})
    token = TokenWait("t", "arn:x", 4.0)
    for entity in (machine, version, execution, token):
        assert decode(encode(entity)) == entity
