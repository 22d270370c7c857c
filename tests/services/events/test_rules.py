"""Rules: CRUD and errors, schedule rules firing on the moved clock, TestEventPattern, tags."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError


def code(caught: pytest.ExceptionInfo[ClientError]) -> str:
    return caught.value.response["Error"]["Code"]


def test_rule_crud(events, make_queue):
    _, arn = make_queue("q")
    rule_arn = events.put_rule(Name="r", EventPattern='{"source": ["a"]}', Description="d",
                               Tags=[{"Key": "team", "Value": "x"}])["RuleArn"]
    assert rule_arn == "arn:aws:events:us-east-1:000000000000:rule/r"
    described = events.describe_rule(Name="r")
    assert described["State"] == "ENABLED" and described["EventBusName"] == "default" and described["Description"] == "d"
    events.put_targets(Rule="r", Targets=[{"Id": "1", "Arn": arn}])
    assert events.list_rule_names_by_target(TargetArn=arn)["RuleNames"] == ["r"]
    assert [r["Name"] for r in events.list_rules(NamePrefix="r")["Rules"]] == ["r"]
    with pytest.raises(ClientError) as caught:
        events.delete_rule(Name="r")
    assert code(caught) == "ValidationException"
    assert events.remove_targets(Rule="r", Ids=["1", "2"])["FailedEntryCount"] == 1
    events.delete_rule(Name="r")
    with pytest.raises(ClientError) as caught:
        events.describe_rule(Name="r")
    assert code(caught) == "ResourceNotFoundException"
    assert "Rule r does not exist" in caught.value.response["Error"]["Message"]


def test_rule_on_a_custom_bus_has_its_arn(events):
    events.create_event_bus(Name="b")
    assert events.put_rule(Name="r", EventBusName="b", EventPattern='{"source": ["a"]}')["RuleArn"].endswith(":rule/b/r")
    with pytest.raises(ClientError) as caught:
        events.put_rule(Name="r", EventBusName="nope", EventPattern='{"source": ["a"]}')
    assert code(caught) == "ResourceNotFoundException"


def test_rule_validation(events):
    with pytest.raises(ClientError) as caught:
        events.put_rule(Name="r")
    assert code(caught) == "ValidationException"
    with pytest.raises(ClientError) as caught:
        events.put_rule(Name="r", EventPattern="[1]")
    assert code(caught) == "InvalidEventPatternException"
    assert caught.value.response["Error"]["Message"].startswith("Event pattern is not valid. Reason:")
    for bad in ("rate(0 minutes)", "cron(0 10 * * * *)", "at(2030-01-01T00:00:00)", "every day"):
        with pytest.raises(ClientError) as caught:
            events.put_rule(Name="r", ScheduleExpression=bad)
        assert code(caught) == "ValidationException"
        assert caught.value.response["Error"]["Message"] == "Parameter ScheduleExpression is not valid."


def test_states_including_cloudtrail(events):
    events.put_rule(Name="r", EventPattern='{"source": ["a"]}', State="ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
    assert events.describe_rule(Name="r")["State"] == "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
    events.disable_rule(Name="r")
    assert events.describe_rule(Name="r")["State"] == "DISABLED"


def test_rate_rule_fires_on_the_clock(events, make_queue, drain, cumulo_clock):
    url, arn = make_queue("ticks")
    events.put_rule(Name="every5", ScheduleExpression="rate(5 minutes)")
    events.put_targets(Rule="every5", Targets=[{"Id": "q", "Arn": arn}])
    assert drain(url) == []
    fired = []
    for _ in range(3):
        cumulo_clock.advance(300)
        fired += drain(url)
    assert len(fired) == 3
    event = fired[0]["Json"]
    assert event["source"] == "aws.events" and event["detail-type"] == "Scheduled Event" and event["detail"] == {}
    assert event["resources"] == ["arn:aws:events:us-east-1:000000000000:rule/every5"]


def test_cron_rule_fires_at_its_instants_across_a_moved_clock(events, make_queue, drain, cumulo_clock):
    url, arn = make_queue("cron")
    cumulo_clock.set(datetime(2026, 3, 7, 23, 0, tzinfo=UTC).timestamp())
    events.put_rule(Name="daily", ScheduleExpression="cron(30 0 * * ? *)")
    events.put_targets(Rule="daily", Targets=[{"Id": "q", "Arn": arn}])
    cumulo_clock.advance(3600)  # 00:00: not yet
    assert drain(url) == []
    cumulo_clock.advance(1800)  # 00:30 on the 8th
    [first] = drain(url)
    assert first["Json"]["time"] == "2026-03-08T00:30:00Z"
    cumulo_clock.advance(86400)
    assert [m["Json"]["time"] for m in drain(url)] == ["2026-03-09T00:30:00Z"]


def test_schedule_rules_only_on_the_default_bus(events):
    events.create_event_bus(Name="b")
    with pytest.raises(ClientError) as caught:
        events.put_rule(Name="r", EventBusName="b", ScheduleExpression="rate(1 minute)")
    assert code(caught) == "ValidationException"


def test_test_event_pattern(events):
    event = {"id": "1", "account": "000000000000", "source": "app", "time": "2026-01-01T00:00:00Z", "region": "us-east-1",
             "detail-type": "x", "detail": {"n": 5}}
    assert events.test_event_pattern(EventPattern='{"detail": {"n": [{"numeric": [">", 1]}]}}', Event=json.dumps(event))["Result"]
    assert not events.test_event_pattern(EventPattern='{"source": ["other"]}', Event=json.dumps(event))["Result"]
    with pytest.raises(ClientError) as caught:
        events.test_event_pattern(EventPattern='{"source": ["app"]}', Event=json.dumps({"source": "app"}))
    assert code(caught) == "ValidationException"
    with pytest.raises(ClientError) as caught:
        events.test_event_pattern(EventPattern='"nope"', Event=json.dumps(event))
    assert code(caught) == "InvalidEventPatternException"


def test_tags_on_buses_and_rules(events):
    bus_arn = events.create_event_bus(Name="b", Tags=[{"Key": "a", "Value": "1"}])["EventBusArn"]
    rule_arn = events.put_rule(Name="r", EventBusName="b", EventPattern='{"source": ["a"]}')["RuleArn"]
    events.tag_resource(ResourceARN=bus_arn, Tags=[{"Key": "b", "Value": "2"}])
    events.tag_resource(ResourceARN=rule_arn, Tags=[{"Key": "c", "Value": "3"}])
    assert events.list_tags_for_resource(ResourceARN=bus_arn)["Tags"] == [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    events.untag_resource(ResourceARN=rule_arn, TagKeys=["c"])
    assert events.list_tags_for_resource(ResourceARN=rule_arn)["Tags"] == []
    with pytest.raises(ClientError) as caught:
        events.list_tags_for_resource(ResourceARN="arn:aws:events:us-east-1:000000000000:rule/nope")
    assert code(caught) == "ResourceNotFoundException"


def test_pagination(events):
    for i in range(5):
        events.put_rule(Name=f"r{i}", EventPattern='{"source": ["a"]}')
    first = events.list_rules(Limit=2)
    assert [r["Name"] for r in first["Rules"]] == ["r0", "r1"]
    rest = events.list_rules(Limit=10, NextToken=first["NextToken"])
    assert [r["Name"] for r in rest["Rules"]] == ["r2", "r3", "r4"] and "NextToken" not in rest
