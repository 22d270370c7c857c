"""Terraform's AWS provider against cumulo for EventBridge, Scheduler and Pipes (see test_terraform.py
for how a configuration runs): apply, check through boto3 (an event put on the bus arrives
transformed; a message through the pipe reaches the bus), plan with no drift, destroy."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cumulo.testing import CumuloServer
from tests.e2e.test_terraform import MIRROR, TERRAFORM, Stack, client, error_code, wait_for

pytestmark = pytest.mark.skipif(
    TERRAFORM is None or not MIRROR.is_dir(),
    reason="needs the terraform binary on PATH and the AWS provider mirror at /opt/tf-plugins",
)


def test_events_scheduler_pipes(cumulo: CumuloServer, tmp_path: Path) -> None:
    events, scheduler, pipes, sqs = (client(cumulo, s) for s in ("events", "scheduler", "pipes", "sqs"))
    stack = Stack("events", tmp_path, cumulo.url)
    outputs = stack.apply()

    rule = events.describe_rule(Name="tf-order-placed", EventBusName="tf-orders-bus")
    assert json.loads(rule["EventPattern"])["detail"] == {"total": [{"numeric": [">", 100]}]}
    targets = {t["Id"]: t for t in events.list_targets_by_rule(Rule="tf-order-placed", EventBusName="tf-orders-bus")["Targets"]}
    assert sorted(targets) == ["default-bus", "inbox"]
    assert targets["inbox"]["RetryPolicy"] == {"MaximumEventAgeInSeconds": 3600, "MaximumRetryAttempts": 3}
    assert events.describe_rule(Name="tf-hourly")["ScheduleExpression"] == "rate(1 hour)"
    assert events.describe_archive(ArchiveName="tf-orders-archive")["RetentionDays"] == 7
    assert events.describe_api_destination(Name="tf-hook")["InvocationRateLimitPerSecond"] == 20
    schedule = scheduler.get_schedule(Name="tf-nightly", GroupName="tf-jobs")
    assert schedule["ScheduleExpressionTimezone"] == "Europe/Paris" and schedule["FlexibleTimeWindow"]["MaximumWindowInMinutes"] == 15
    pipe = pipes.describe_pipe(Name="tf-orders-pipe")
    assert pipe["SourceParameters"]["SqsQueueParameters"]["BatchSize"] == 5

    def inbox() -> list[Any]:
        got = sqs.receive_message(QueueUrl=outputs["inbox_url"], MaxNumberOfMessages=10, WaitTimeSeconds=1).get("Messages", [])
        return [json.loads(m["Body"]) for m in got]

    events.put_events(Entries=[{"Source": "tf.orders", "DetailType": "Order Placed", "EventBusName": "tf-orders-bus",
                                "Detail": json.dumps({"id": "o-1", "total": 250})}])
    assert wait_for(inbox) == [{"order": "o-1", "amount": 250}]
    # Through the pipe: the queue message's JSON body becomes an event's detail on the bus, which the rule transforms.
    sqs.send_message(QueueUrl=outputs["source_url"], MessageBody=json.dumps({"id": "o-2", "total": 500}))
    assert wait_for(inbox, timeout=60) == [{"order": "o-2", "amount": 500}]

    stack.assert_no_drift()
    stack.destroy()
    assert error_code(events.describe_event_bus, Name="tf-orders-bus") == "ResourceNotFoundException"
    assert error_code(scheduler.get_schedule_group, Name="tf-jobs") == "ResourceNotFoundException"
    assert error_code(pipes.describe_pipe, Name="tf-orders-pipe") == "NotFoundException"
    assert events.list_rules()["Rules"] == []
