"""Scheduler: schedules fired on the moved clock (at, rate, cron in a time zone), flexible windows,
universal targets, retries and DLQs, ActionAfterCompletion, groups and tags."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import boto3
import pytest
from botocore.exceptions import ClientError

from tests.services.scheduler.conftest import ROLE

OFF = {"Mode": "OFF"}
T0 = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)


def code(caught):
    return caught.value.response["Error"]["Code"]


@pytest.fixture
def at_t0(cumulo_clock):
    cumulo_clock.set(T0.timestamp())
    return cumulo_clock


def test_one_off_schedule_fires_then_deletes_itself(scheduler, make_queue, drain, at_t0):
    url, arn = make_queue("q")
    scheduler.create_schedule(Name="once", ScheduleExpression="at(2026-03-07T13:00:00)", FlexibleTimeWindow=OFF,
                              ActionAfterCompletion="DELETE",
                              Target={"Arn": arn, "RoleArn": ROLE, "Input": '{"at": "<aws.scheduler.scheduled-time>"}'})
    at_t0.advance(3599)
    assert drain(url) == []
    at_t0.advance(2)
    [message] = drain(url)
    assert json.loads(message["Body"]) == {"at": "2026-03-07T13:00:00Z"}
    with pytest.raises(ClientError) as caught:
        scheduler.get_schedule(Name="once")
    assert code(caught) == "ResourceNotFoundException"


def test_cron_in_a_time_zone_across_a_moved_clock(scheduler, make_queue, drain, at_t0):
    url, arn = make_queue("q")
    # 09:00 in New York: 14:00 UTC before the 2026-03-08 DST change, 13:00 UTC after.
    scheduler.create_schedule(Name="morning", ScheduleExpression="cron(0 9 * * ? *)", ScheduleExpressionTimezone="America/New_York",
                              FlexibleTimeWindow=OFF, Target={"Arn": arn, "RoleArn": ROLE, "Input": "<aws.scheduler.scheduled-time>"})
    times = []
    for _ in range(3 * 24):
        at_t0.advance(3600)
        times += [m["Body"] for m in drain(url)]
    assert times == ["2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"]


def test_rate_schedule_counts_from_its_start_date_and_stops_at_the_end(scheduler, make_queue, drain, at_t0):
    url, arn = make_queue("q")
    scheduler.create_schedule(Name="r", ScheduleExpression="rate(10 minutes)", FlexibleTimeWindow=OFF,
                              StartDate=datetime(2026, 3, 7, 12, 5, tzinfo=UTC), EndDate=datetime(2026, 3, 7, 12, 30, tzinfo=UTC),
                              Target={"Arn": arn, "RoleArn": ROLE, "Input": "<aws.scheduler.scheduled-time>"})
    fired = []
    for _ in range(12):
        at_t0.advance(300)
        fired += [m["Body"] for m in drain(url)]
    assert fired == ["2026-03-07T12:05:00Z", "2026-03-07T12:15:00Z", "2026-03-07T12:25:00Z"]


def test_flexible_window_fires_within_the_window(scheduler, make_queue, drain, at_t0):
    url, arn = make_queue("q")
    scheduler.create_schedule(Name="flex", ScheduleExpression="at(2026-03-07T13:00:00)",
                              FlexibleTimeWindow={"Mode": "FLEXIBLE", "MaximumWindowInMinutes": 15},
                              Target={"Arn": arn, "RoleArn": ROLE, "Input": "x"})
    at_t0.advance(3599)
    assert drain(url) == []
    at_t0.advance(15 * 60 + 1)
    assert [m["Body"] for m in drain(url)] == ["x"]


def test_universal_target_runs_the_sdk_operation(scheduler, sqs, make_queue, drain, at_t0):
    url, _ = make_queue("q")
    scheduler.create_schedule(Name="u", ScheduleExpression="rate(1 minute)", FlexibleTimeWindow=OFF,
                              Target={"Arn": "arn:aws:scheduler:::aws-sdk:sqs:sendMessage", "RoleArn": ROLE,
                                      "Input": json.dumps({"QueueUrl": url, "MessageBody": "from a universal target"})})
    at_t0.advance(60)
    assert [m["Body"] for m in drain(url)] == ["from a universal target"]


def test_failures_retry_then_dead_letter(scheduler, make_queue, drain, at_t0):
    dlq_url, dlq_arn = make_queue("dlq")
    missing = "arn:aws:sqs:us-east-1:000000000000:not-there"
    scheduler.create_schedule(Name="f", ScheduleExpression="at(2026-03-07T12:01:00)", FlexibleTimeWindow=OFF,
                              Target={"Arn": missing, "RoleArn": ROLE, "Input": "payload",
                                      "DeadLetterConfig": {"Arn": dlq_arn}, "RetryPolicy": {"MaximumRetryAttempts": 3}})
    at_t0.advance(61)
    [message] = drain(dlq_url)
    attributes = {k: v["StringValue"] for k, v in message["MessageAttributes"].items()}
    assert message["Body"] == "payload"
    assert attributes["ERROR_CODE"] == "QueueDoesNotExist" and attributes["TARGET_ARN"] == missing
    assert attributes["SCHEDULE_ARN"] == "arn:aws:scheduler:us-east-1:000000000000:schedule/default/f"


def test_eventbridge_target(scheduler, cumulo, make_queue, drain, at_t0):
    events = boto3.client("events", endpoint_url=cumulo.url, region_name="us-east-1")
    url, arn = make_queue("q")
    events.put_rule(Name="from-scheduler", EventPattern='{"source": ["my.scheduler"]}')
    events.put_targets(Rule="from-scheduler", Targets=[{"Id": "q", "Arn": arn}])
    scheduler.create_schedule(Name="e", ScheduleExpression="rate(1 minute)", FlexibleTimeWindow=OFF,
                              Target={"Arn": "arn:aws:events:us-east-1:000000000000:event-bus/default", "RoleArn": ROLE,
                                      "Input": '{"k": "v"}', "EventBridgeParameters": {"DetailType": "Tick", "Source": "my.scheduler"}})
    at_t0.advance(60)
    [message] = drain(url)
    event = json.loads(message["Body"])
    assert event["detail-type"] == "Tick" and event["detail"] == {"k": "v"}


def test_validation(scheduler, make_queue):
    _, arn = make_queue("q")
    target = {"Arn": arn, "RoleArn": ROLE}
    cases = [
        {"ScheduleExpression": "rate(1 minutes)", "FlexibleTimeWindow": OFF},
        {"ScheduleExpression": "cron(0 9 * * ? *)", "ScheduleExpressionTimezone": "Mars/Base", "FlexibleTimeWindow": OFF},
        {"ScheduleExpression": "rate(5 minutes)", "FlexibleTimeWindow": {"Mode": "FLEXIBLE"}},
    ]
    for case in cases:
        with pytest.raises(ClientError) as caught:
            scheduler.create_schedule(Name="bad", Target=target, **case)
        assert code(caught) == "ValidationException"
    with pytest.raises(ClientError) as caught:
        scheduler.create_schedule(Name="x", GroupName="nope", ScheduleExpression="rate(5 minutes)", FlexibleTimeWindow=OFF, Target=target)
    assert code(caught) == "ResourceNotFoundException"
    scheduler.create_schedule(Name="x", ScheduleExpression="rate(5 minutes)", FlexibleTimeWindow=OFF, Target=target)
    with pytest.raises(ClientError) as caught:
        scheduler.create_schedule(Name="x", ScheduleExpression="rate(5 minutes)", FlexibleTimeWindow=OFF, Target=target)
    assert code(caught) == "ConflictException"


def test_groups_tags_and_listing(scheduler, make_queue):
    _, arn = make_queue("q")
    group_arn = scheduler.create_schedule_group(Name="g", Tags=[{"Key": "a", "Value": "1"}])["ScheduleGroupArn"]
    assert group_arn == "arn:aws:scheduler:us-east-1:000000000000:schedule-group/g"
    for name, group in (("s1", "g"), ("s2", "g"), ("s3", None)):
        scheduler.create_schedule(Name=name, ScheduleExpression="rate(5 minutes)", FlexibleTimeWindow=OFF,
                                  Target={"Arn": arn, "RoleArn": ROLE}, **({"GroupName": group} if group else {}))
    assert [s["Name"] for s in scheduler.list_schedules(GroupName="g")["Schedules"]] == ["s1", "s2"]
    assert {g["Name"] for g in scheduler.list_schedule_groups()["ScheduleGroups"]} == {"default", "g"}
    got = scheduler.get_schedule(Name="s1", GroupName="g")
    assert got["ScheduleExpressionTimezone"] == "UTC" and got["Target"]["Arn"] == arn and got["State"] == "ENABLED"
    scheduler.update_schedule(Name="s1", GroupName="g", ScheduleExpression="rate(1 hour)", FlexibleTimeWindow=OFF,
                              State="DISABLED", Target={"Arn": arn, "RoleArn": ROLE})
    assert scheduler.get_schedule(Name="s1", GroupName="g")["State"] == "DISABLED"
    scheduler.tag_resource(ResourceArn=group_arn, Tags=[{"Key": "b", "Value": "2"}])
    scheduler.untag_resource(ResourceArn=group_arn, TagKeys=["a"])
    assert scheduler.list_tags_for_resource(ResourceArn=group_arn)["Tags"] == [{"Key": "b", "Value": "2"}]
    scheduler.delete_schedule_group(Name="g")
    assert [s["Name"] for s in scheduler.list_schedules()["Schedules"]] == ["s3"]
    with pytest.raises(ClientError) as caught:
        scheduler.delete_schedule_group(Name="default")
    assert code(caught) == "ValidationException"


def test_fakecloud_paths(scheduler, make_queue, drain, cumulo):
    import httpx

    url, arn = make_queue("q")
    scheduler.create_schedule(Name="s", ScheduleExpression="rate(1 day)", FlexibleTimeWindow=OFF,
                              Target={"Arn": arn, "RoleArn": ROLE, "Input": "now"})
    listed = httpx.get(f"{cumulo.url}/_fakecloud/scheduler/schedules").json()["schedules"]
    assert [(s["name"], s["groupName"], s["targetArn"]) for s in listed] == [("s", "default", arn)]
    fired = httpx.post(f"{cumulo.url}/_fakecloud/scheduler/fire/default/s").json()
    assert fired["outcome"] == "delivered"
    assert [m["Body"] for m in drain(url)] == ["now"]
