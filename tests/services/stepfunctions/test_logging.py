"""Execution history to CloudWatch Logs (loggingConfiguration): levels, execution data, express."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

from .conftest import finished

GROUP = "/aws/vendedlogs/states/orders"
GROUP_ARN = f"arn:aws:logs:us-east-1:000000000000:log-group:{GROUP}:*"
FAILING = {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "Result": {"n": 1}, "Next": "Boom"},
                                          "Boom": {"Type": "Fail", "Error": "Oops", "Cause": "bad"}}}
PASSING = {"StartAt": "Work", "States": {"Work": {"Type": "Pass", "Result": {"n": 1}, "End": True}}}


@pytest.fixture
def logs(cumulo: CumuloServer) -> Any:
    client = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1")
    client.create_log_group(logGroupName=GROUP)
    return client


def logging(level: str, data: bool = False) -> dict[str, Any]:
    return {"level": level, "includeExecutionData": data, "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": GROUP_ARN}}]}


def records(logs: Any, count: int) -> list[dict[str, Any]]:
    """The log group's records once `count` have arrived (they are sent in the background)."""
    deadline = time.monotonic() + 10
    while True:
        events = logs.filter_log_events(logGroupName=GROUP)["events"]
        if len(events) >= count or time.monotonic() > deadline:
            return [json.loads(e["message"]) for e in events]
        time.sleep(0.02)


def test_all_level_logs_every_history_event_as_aws_formats_it(sfn: Any, machine: Callable[..., str], logs: Any) -> None:
    arn = machine(PASSING, name="orders", loggingConfiguration=logging("ALL", data=True))
    ex = sfn.start_execution(stateMachineArn=arn, input='{"a": 1}')
    assert finished(sfn, ex["executionArn"])["status"] == "SUCCEEDED"
    history = sfn.get_execution_history(executionArn=ex["executionArn"])["events"]
    got = records(logs, len(history))
    assert [r["type"] for r in got] == [e["type"] for e in history]
    first = got[0]
    assert first["id"] == "1" and first["previous_event_id"] == "0" and first["execution_arn"] == ex["executionArn"]
    assert first["details"]["input"] == '{"a": 1}' and first["redrive_count"] == "0"
    assert first["event_timestamp"].isdigit()
    assert json.loads(got[-1]["details"]["output"]) == {"n": 1}
    stream = logs.describe_log_streams(logGroupName=GROUP)["logStreams"][0]["logStreamName"]
    assert stream.startswith("states/orders/")


def test_without_execution_data_inputs_and_outputs_are_left_out(sfn: Any, machine: Callable[..., str], logs: Any) -> None:
    arn = machine(PASSING, loggingConfiguration=logging("ALL"))
    ex = sfn.start_execution(stateMachineArn=arn, input='{"secret": 1}')
    finished(sfn, ex["executionArn"])
    got = records(logs, 4)
    assert got and all("input" not in r["details"] and "output" not in r["details"] for r in got)
    assert "secret" not in json.dumps(got)


@pytest.mark.parametrize(("level", "types"), [("ERROR", ["ExecutionFailed"]), ("FATAL", ["ExecutionFailed"])])
def test_error_and_fatal_levels_log_only_failures(sfn: Any, machine: Callable[..., str], logs: Any, level: str, types: list[str]) -> None:
    arn = machine(FAILING, loggingConfiguration=logging(level))
    ex = sfn.start_execution(stateMachineArn=arn)
    assert finished(sfn, ex["executionArn"])["status"] == "FAILED"
    got = records(logs, 1)
    assert [r["type"] for r in got] == types
    assert got[0]["details"] == {"error": "Oops", "cause": "bad"}


def test_express_sync_executions_log_too(sfn: Any, machine: Callable[..., str], logs: Any) -> None:
    arn = machine(PASSING, type="EXPRESS", loggingConfiguration=logging("ALL", data=True))
    out = sfn.start_sync_execution(stateMachineArn=arn, input="{}")
    assert out["status"] == "SUCCEEDED"
    got = records(logs, 4)
    assert got[0]["type"] == "ExecutionStarted" and got[-1]["type"] == "ExecutionSucceeded"
    assert got[0]["execution_arn"] == out["executionArn"]


def test_logging_configuration_rules(sfn: Any, machine: Callable[..., str]) -> None:
    with pytest.raises(ClientError) as e:
        machine(PASSING, loggingConfiguration={"level": "ALL"})
    assert e.value.response["Error"]["Code"] == "InvalidLoggingConfiguration"
    arn = machine(PASSING, loggingConfiguration={"level": "OFF"})
    with pytest.raises(ClientError) as e:
        sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration={
            "level": "ERROR", "destinations": [{"cloudWatchLogsLogGroup": {"logGroupArn": "not-an-arn"}}]})
    assert e.value.response["Error"]["Code"] == "InvalidLoggingConfiguration"
    sfn.update_state_machine(stateMachineArn=arn, loggingConfiguration=logging("ERROR"))
    assert sfn.describe_state_machine(stateMachineArn=arn)["loggingConfiguration"]["level"] == "ERROR"
