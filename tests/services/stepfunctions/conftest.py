"""Fixtures for the Step Functions tests: a client, a machine factory, and a
helper that waits for an execution to end (executions run in the background)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.config import Config
import pytest

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/sfn"


@pytest.fixture
def sfn(cumulo: CumuloServer) -> Any:
    # StartSyncExecution's endpoint carries a `sync-` host prefix, which 127.0.0.1 cannot take.
    return boto3.client("stepfunctions", endpoint_url=cumulo.url, region_name="us-east-1",
                        config=Config(inject_host_prefix=False))


@pytest.fixture
def machine(sfn: Any) -> Callable[..., str]:
    """machine(definition dict, name=..., type=...) -> the new state machine's ARN."""
    count = iter(range(10_000))

    def create(definition: dict[str, Any], name: str | None = None, **extra: Any) -> str:
        arn: str = sfn.create_state_machine(
            name=name or f"m{next(count)}", definition=json.dumps(definition), roleArn=ROLE, **extra,
        )["stateMachineArn"]
        return arn

    return create


def finished(sfn: Any, arn: str, timeout: float = 60.0) -> dict[str, Any]:
    """DescribeExecution once the execution is no longer RUNNING."""
    deadline = time.monotonic() + timeout
    while True:
        out: dict[str, Any] = sfn.describe_execution(executionArn=arn)
        if out["status"] != "RUNNING" or time.monotonic() > deadline:
            return out
        time.sleep(0.01)


@pytest.fixture
def run(sfn: Any, machine: Callable[..., str]) -> Callable[..., dict[str, Any]]:
    """run(definition, input) -> DescribeExecution of the finished execution."""

    def execute(definition: dict[str, Any], data: Any = None, **extra: Any) -> dict[str, Any]:
        arn = machine(definition, **extra)
        ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps({} if data is None else data))
        return finished(sfn, ex["executionArn"])

    return execute


def history(sfn: Any, arn: str) -> list[dict[str, Any]]:
    events: list[dict[str, Any]] = sfn.get_execution_history(executionArn=arn, maxResults=1000)["events"]
    return events


def types(sfn: Any, arn: str) -> list[str]:
    return [e["type"] for e in history(sfn, arn)]
