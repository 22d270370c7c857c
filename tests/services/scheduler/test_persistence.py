"""Scheduler state survives a restart: groups, schedules with their next instant, and they keep firing."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import boto3

from cumulo.services.scheduler.models import PendingInvocation, Schedule, ScheduleGroup
from cumulo.state import open_store
from cumulo.testing.plugin import free_port, spawned_server
from tests.services.scheduler.conftest import ROLE


def test_entities_round_trip(tmp_path: Path) -> None:
    entities = [
        ScheduleGroup("g", "000000000000", "us-east-1", 1.0, 2.0, tags={"a": "b"}),
        Schedule("s", "g", "000000000000", "us-east-1", "rate(1 hour)", "UTC", {"Arn": "arn:x", "RoleArn": ROLE}, {"Mode": "OFF"},
                 1.0, 1.0, nominal=3601.0, due=3601.0),
        PendingInvocation("p", "g|s", 1.0, "x", 1, 1.0, 2.0, ("Code", "message")),
    ]
    store = open_store(str(tmp_path))
    try:
        table = store.scope("scheduler", "000000000000", "us-east-1").table("things")
        for i, entity in enumerate(entities):
            table[str(i)] = entity
        store.commit()
    finally:
        store.close()
    store = open_store(str(tmp_path))
    try:
        table = store.scope("scheduler", "000000000000", "us-east-1").table("things")
        assert [table[str(i)] for i in range(len(entities))] == entities
        assert [pickle.loads(pickle.dumps(e)) for e in entities] == entities
    finally:
        store.close()


def test_schedules_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()

    def client(name: str) -> Any:
        return boto3.client(name, endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1",
                            aws_access_key_id="test", aws_secret_access_key="test")

    with spawned_server(port, data_dir=str(tmp_path)):
        scheduler = client("scheduler")
        scheduler.create_schedule_group(Name="g", Tags=[{"Key": "a", "Value": "1"}])
        arn = scheduler.create_schedule(Name="s", GroupName="g", ScheduleExpression="cron(0 9 ? * MON-FRI *)",
                                        ScheduleExpressionTimezone="Europe/Paris", FlexibleTimeWindow={"Mode": "OFF"},
                                        Target={"Arn": "arn:aws:sqs:us-east-1:000000000000:q", "RoleArn": ROLE})["ScheduleArn"]
    with spawned_server(port, data_dir=str(tmp_path)):
        scheduler = client("scheduler")
        got = scheduler.get_schedule(Name="s", GroupName="g")
        assert got["Arn"] == arn and got["ScheduleExpressionTimezone"] == "Europe/Paris"
        group_arn = scheduler.get_schedule_group(Name="g")["Arn"]
        assert scheduler.list_tags_for_resource(ResourceArn=group_arn)["Tags"] == [{"Key": "a", "Value": "1"}]
