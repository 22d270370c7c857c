"""Durable executions: a function checkpointing like the durable SDK does, callbacks, waits, stop, history."""

from __future__ import annotations

import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

# A handler speaking the durable protocol by hand: a step, then a callback it waits on.
DURABLE_APP = '''
import json, boto3

def handler(event, context):
    lam = boto3.client("lambda")
    arn, token = event["DurableExecutionArn"], event["CheckpointToken"]
    ops = {o["Id"]: o for o in event["InitialExecutionState"]["Operations"]}
    if "step" not in ops:
        token = lam.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken=token, Updates=[
            {"Id": "step", "Type": "STEP", "Action": "START", "Name": "double"},
            {"Id": "step", "Type": "STEP", "Action": "SUCCEED", "Payload": "42"},
        ])["CheckpointToken"]
    if "cb" not in ops:
        lam.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken=token, Updates=[
            {"Id": "cb", "Type": "CALLBACK", "Action": "START", "Name": "approval", "CallbackOptions": {"TimeoutSeconds": 600}},
        ])
        return {"Status": "PENDING"}
    cb = ops["cb"]
    if cb["Status"] == "SUCCEEDED":
        return {"Status": "SUCCEEDED", "Result": json.dumps({"approved": cb["CallbackDetails"]["Result"]})}
    if cb["Status"] in ("FAILED", "TIMED_OUT"):
        return {"Status": "FAILED", "Error": {"ErrorType": "Rejected", "ErrorMessage": cb["Status"]}}
    return {"Status": "PENDING"}
'''

WAIT_APP = '''
import boto3

def handler(event, context):
    lam = boto3.client("lambda")
    ops = {o["Id"]: o for o in event["InitialExecutionState"]["Operations"]}
    if "nap" not in ops:
        lam.checkpoint_durable_execution(DurableExecutionArn=event["DurableExecutionArn"], CheckpointToken=event["CheckpointToken"],
            Updates=[{"Id": "nap", "Type": "WAIT", "Action": "START", "WaitOptions": {"WaitSeconds": 3600}}])
        return {"Status": "PENDING"}
    return {"Status": "SUCCEEDED", "Result": ops["nap"]["Status"]}
'''


def _wait_status(lam: Any, arn: str, wanted: str, tick: Any = None) -> dict[str, Any]:
    deadline = time.monotonic() + 20
    got: dict[str, Any] = {}
    while time.monotonic() < deadline:
        if tick is not None:
            tick()
        got = lam.get_durable_execution(DurableExecutionArn=arn)
        if got["Status"] == wanted:
            return got
        time.sleep(0.1)
    return got


def _callback_id(lam: Any, arn: str) -> str:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        events = lam.get_durable_execution_history(DurableExecutionArn=arn)["Events"]
        started = [e for e in events if e["EventType"] == "CallbackStarted"]
        if started:
            return started[0]["CallbackStartedDetails"]["CallbackId"]
        time.sleep(0.1)
    raise AssertionError("no callback started")


def test_callback_resumes_the_execution(lam, python_function) -> None:
    python_function("flow", DURABLE_APP, DurableConfig={"ExecutionTimeout": 3600, "RetentionPeriodInDays": 1}, Timeout=15)
    answer = lam.invoke(FunctionName="flow", Payload=b'{"order": 7}', DurableExecutionName="order-7")
    arn = answer["DurableExecutionArn"]
    assert ":flow:$LATEST/durable-execution/order-7/" in arn
    running = lam.get_durable_execution(DurableExecutionArn=arn)
    assert running["Status"] == "RUNNING" and running["InputPayload"] == '{"order": 7}'

    callback = _callback_id(lam, arn)
    with pytest.raises(ClientError) as info:
        lam.send_durable_execution_callback_success(CallbackId="bm90LWEtY2FsbGJhY2s=", Result=b"x")
    assert info.value.response["Error"]["Code"] == "InvalidParameterValueException"
    lam.send_durable_execution_callback_heartbeat(CallbackId=callback)
    lam.send_durable_execution_callback_success(CallbackId=callback, Result=b"yes")

    done = _wait_status(lam, arn, "SUCCEEDED")
    assert done["Status"] == "SUCCEEDED" and done["Result"] == '{"approved": "yes"}'
    history = lam.get_durable_execution_history(DurableExecutionArn=arn, IncludeExecutionData=True)["Events"]
    kinds = [e["EventType"] for e in history]
    assert kinds[0] == "ExecutionStarted" and kinds[-1] == "ExecutionSucceeded"
    assert {"StepStarted", "StepSucceeded", "CallbackStarted", "CallbackSucceeded", "InvocationCompleted"} <= set(kinds)
    assert [e["EventId"] for e in history] == list(range(1, len(history) + 1))
    assert next(e for e in history if e["EventType"] == "StepSucceeded")["StepSucceededDetails"]["Result"]["Payload"] == "42"

    listed = lam.list_durable_executions_by_function(FunctionName="flow", Statuses=["SUCCEEDED"])["DurableExecutions"]
    assert [e["DurableExecutionArn"] for e in listed] == [arn]
    # The same name and input is the same execution; another input under that name is refused.
    assert lam.invoke(FunctionName="flow", Payload=b'{"order": 7}', DurableExecutionName="order-7")["DurableExecutionArn"] == arn
    with pytest.raises(ClientError) as info:
        lam.invoke(FunctionName="flow", Payload=b'{"order": 8}', DurableExecutionName="order-7")
    assert info.value.response["Error"]["Code"] == "DurableExecutionAlreadyStartedException"


def test_wait_ends_on_the_cumulo_clock_and_stop(lam, python_function, cumulo_clock) -> None:
    python_function("napper", WAIT_APP, DurableConfig={"ExecutionTimeout": 86400}, Timeout=15)
    arn = lam.invoke(FunctionName="napper", Payload=b"{}", InvocationType="Event")["DurableExecutionArn"]

    def tick() -> None:
        # Time moves once the wait has begun: a function that ran on across hours of
        # cumulo time would find its execution role's credentials expired mid-call.
        if any(e["EventType"] == "WaitStarted" for e in lam.get_durable_execution_history(DurableExecutionArn=arn)["Events"]):
            cumulo_clock.advance(1800)

    done = _wait_status(lam, arn, "SUCCEEDED", tick=tick)
    assert done["Status"] == "SUCCEEDED" and done["Result"] == "SUCCEEDED"

    python_function("flow2", DURABLE_APP, DurableConfig={"ExecutionTimeout": 3600}, Timeout=15)
    arn = lam.invoke(FunctionName="flow2", Payload=b"{}")["DurableExecutionArn"]
    _callback_id(lam, arn)
    stopped = lam.stop_durable_execution(DurableExecutionArn=arn, Error={"ErrorType": "Cancelled", "ErrorMessage": "by test"})
    assert stopped["StopTimestamp"]
    got = lam.get_durable_execution(DurableExecutionArn=arn)
    assert got["Status"] == "STOPPED" and got["Error"]["ErrorType"] == "Cancelled"
    with pytest.raises(ClientError) as info:
        lam.checkpoint_durable_execution(DurableExecutionArn=arn, CheckpointToken="dG9rZW4=", Updates=[])
    assert info.value.response["Error"]["Code"] == "InvalidParameterValueException"


def test_plain_handler_with_durable_config_and_unknown_execution(lam, python_function) -> None:
    python_function("plain", DurableConfig={"ExecutionTimeout": 60})
    answer = lam.invoke(FunctionName="plain", Payload=b'{"a": 1}')
    got = lam.get_durable_execution(DurableExecutionArn=answer["DurableExecutionArn"])
    # The handler saw the durable envelope (the input inside it) and its answer is the result.
    assert got["Status"] == "SUCCEEDED" and '"DurableExecutionArn"' in got["Result"] and "InputPayload" in got["Result"]
    assert got["ExecutionDataIncluded"] is True and got["DurableConfig"]["ExecutionTimeout"] == 60
    compact = lam.get_durable_execution(DurableExecutionArn=answer["DurableExecutionArn"], IncludeExecutionData=False)
    assert compact["ExecutionDataIncluded"] is False and "Result" not in compact and "InputPayload" not in compact
    missing = answer["DurableExecutionArn"].rsplit("/", 1)[0] + "/nope"
    with pytest.raises(ClientError) as info:
        lam.get_durable_execution(DurableExecutionArn=missing)
    assert info.value.response["Error"]["Code"] == "ResourceNotFoundException"
