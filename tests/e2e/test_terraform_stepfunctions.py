"""Terraform's AWS provider declaring a Step Functions state machine, a published
version, an alias and execution logging against cumulo: apply, check through boto3
(run the machine through the alias, read its history from the log group), plan
without drift, destroy."""

from __future__ import annotations

import json
import time
from pathlib import Path

from cumulo.testing import CumuloServer
from tests.e2e.test_terraform import Stack, client, error_code, pytestmark  # noqa: F401  (skip when terraform is missing)


def test_state_machine_alias_apply_plan_destroy(cumulo: CumuloServer, tmp_path: Path) -> None:
    sfn = client(cumulo, "stepfunctions")
    stack = Stack("orchestration", tmp_path, cumulo.url)
    outputs = stack.apply()
    machine = sfn.describe_state_machine(stateMachineArn=outputs["machine_arn"])
    assert machine["name"] == "tf-orders-flow" and machine["tracingConfiguration"] == {"enabled": True}
    assert json.loads(machine["definition"])["StartAt"] == "Check"
    assert sfn.list_tags_for_resource(resourceArn=outputs["machine_arn"])["tags"] == [{"key": "team", "value": "orders"}]
    alias = sfn.describe_state_machine_alias(stateMachineAliasArn=outputs["alias_arn"])
    assert alias["routingConfiguration"][0]["weight"] == 100
    ex = sfn.start_execution(stateMachineArn=outputs["alias_arn"], input='{"amount": 500}')["executionArn"]
    deadline = time.monotonic() + 30
    while (out := sfn.describe_execution(executionArn=ex))["status"] == "RUNNING":
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert json.loads(out["output"]) == "big" and out["stateMachineAliasArn"] == outputs["alias_arn"]
    assert machine["loggingConfiguration"]["level"] == "ALL"
    logs = client(cumulo, "logs")
    while len(events := logs.filter_log_events(logGroupName="/aws/vendedlogs/states/tf-orders-flow")["events"]) < 2:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert json.loads(events[0]["message"])["type"] == "ExecutionStarted" and json.loads(events[0]["message"])["execution_arn"] == ex

    stack.assert_no_drift()
    stack.destroy()
    assert error_code(sfn.describe_state_machine, stateMachineArn=outputs["machine_arn"]) == "StateMachineDoesNotExist"
