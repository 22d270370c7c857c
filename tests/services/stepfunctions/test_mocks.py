"""Mocked service integrations in Step Functions Local's format (SFN_MOCK_CONFIG),
selected by starting an execution with "<state machine ARN>#<test case>"."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer
from tests.services.stepfunctions.conftest import finished, types

MOCKS = {
    "StateMachines": {"orders": {"TestCases": {
        "HappyPath": {"Charge": "ChargeOk"},
        "RetryPath": {"Charge": "ChargeFlaky"},
    }}},
    "MockedResponses": {
        "ChargeOk": {"0": {"Return": {"StatusCode": 200, "Payload": {"charged": True}}}},
        "ChargeFlaky": {"0-1": {"Throw": {"Error": "Lambda.ServiceException", "Cause": "busy"}},
                        "2": {"Return": {"StatusCode": 200, "Payload": {"charged": "late"}}}},
    },
}
DEFINITION = {"StartAt": "Charge", "States": {"Charge": {
    "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke", "Parameters": {"FunctionName": "does-not-exist"},
    "Retry": [{"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 0, "MaxAttempts": 3}],
    "OutputPath": "$.Payload", "End": True}}}


@pytest.fixture
def mock_file(cumulo: CumuloServer, tmp_path: Path) -> Iterator[None]:
    path = tmp_path / "mocks.json"
    path.write_text(json.dumps(MOCKS))
    cumulo.runtime.config.stepfunctions_mock_config = str(path)
    yield
    cumulo.runtime.config.stepfunctions_mock_config = ""


def test_test_cases_answer_from_the_mocks(sfn: Any, machine: Callable[..., str], mock_file: None) -> None:
    arn = machine(DEFINITION, name="orders")
    happy = finished(sfn, sfn.start_execution(stateMachineArn=f"{arn}#HappyPath")["executionArn"])
    assert happy["status"] == "SUCCEEDED" and json.loads(happy["output"]) == {"charged": True}
    assert "TaskSucceeded" in types(sfn, happy["executionArn"])
    flaky = finished(sfn, sfn.start_execution(stateMachineArn=f"{arn}#RetryPath")["executionArn"])
    assert json.loads(flaky["output"]) == {"charged": "late"}
    assert types(sfn, flaky["executionArn"]).count("TaskFailed") == 2
    real = finished(sfn, sfn.start_execution(stateMachineArn=arn)["executionArn"])  # no test case: the real call
    assert real["error"] == "Lambda.ResourceNotFoundException"
    with pytest.raises(ClientError) as error:
        sfn.start_execution(stateMachineArn=f"{arn}#Nope")
    assert error.value.response["Error"]["Code"] == "InvalidArn"
