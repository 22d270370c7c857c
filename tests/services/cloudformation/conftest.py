"""Fixtures for the CloudFormation tests: clients, and a deploy helper that waits for a
stack to come to rest (the engine runs in the background, as on AWS)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from cumulo.testing import CumuloServer

REST = ("_COMPLETE", "_FAILED")


@pytest.fixture
def cfn(cumulo: CumuloServer) -> Any:
    return boto3.client("cloudformation", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def sqs(cumulo: CumuloServer) -> Any:
    return boto3.client("sqs", endpoint_url=cumulo.url, region_name="us-east-1")


def wait_stack(cfn: Any, name: str, timeout: float = 30) -> dict[str, Any]:
    """The stack once no operation runs on it."""
    deadline = time.monotonic() + timeout
    while True:
        stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
        status = stack["StackStatus"]
        if status.endswith(REST) and "IN_PROGRESS" not in status or status == "REVIEW_IN_PROGRESS":
            return stack
        if time.monotonic() > deadline:
            raise AssertionError(f"stack {name} still {status}")
        time.sleep(0.02)


def body(template: dict[str, Any]) -> str:
    return json.dumps(template)


@pytest.fixture
def deploy(cfn: Any) -> Callable[..., dict[str, Any]]:
    """deploy(name, template, **kwargs): create the stack (or update it if it exists) and wait."""

    def run(name: str, template: dict[str, Any] | str, **kwargs: Any) -> dict[str, Any]:
        text = template if isinstance(template, str) else body(template)
        try:
            cfn.describe_stacks(StackName=name)
            exists = True
        except cfn.exceptions.ClientError:
            exists = False
        if exists:
            cfn.update_stack(StackName=name, TemplateBody=text, **kwargs)
        else:
            cfn.create_stack(StackName=name, TemplateBody=text, **kwargs)
        return wait_stack(cfn, name)

    return run


def statuses(cfn: Any, name: str) -> list[tuple[str, str]]:
    """(logical id, status) of every event, oldest first."""
    events = cfn.describe_stack_events(StackName=name)["StackEvents"]
    return [(e["LogicalResourceId"], e["ResourceStatus"]) for e in reversed(events)]
