"""PutEvents: routing to SQS targets by pattern, per-entry errors, limits, buses by name or ARN."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

from tests.services.events.conftest import put


def rule_to_queue(events, make_queue, name="orders", pattern=None, bus=None, **target):
    url, arn = make_queue(name)
    kwargs = {"EventBusName": bus} if bus else {}
    events.put_rule(Name=name, EventPattern=json.dumps(pattern or {"source": ["app.orders"]}), **kwargs)
    events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn, **target}], **kwargs)
    return url, arn


def test_matching_event_reaches_the_queue_in_aws_shape(events, make_queue, drain):
    url, _ = rule_to_queue(events, make_queue)
    answer = put(events, detail={"id": 7}, Resources=["arn:aws:s3:::b"])
    assert answer["FailedEntryCount"] == 0
    [message] = drain(url)
    event = message["Json"]
    assert event["id"] == answer["Entries"][0]["EventId"]
    assert event["source"] == "app.orders" and event["detail-type"] == "Order Placed"
    assert event["detail"] == {"id": 7} and event["resources"] == ["arn:aws:s3:::b"]
    assert event["account"] == "000000000000" and event["region"] == "us-east-1" and event["version"] == "0"
    assert event["time"].endswith("Z")


def test_events_not_matching_stay_away(events, make_queue, drain):
    url, _ = rule_to_queue(events, make_queue, pattern={"source": ["app.orders"], "detail": {"total": [{"numeric": [">", 100]}]}})
    put(events, detail={"total": 50})
    put(events, source="app.other", detail={"total": 500})
    put(events, detail={"total": 500})
    assert [m["Json"]["detail"]["total"] for m in drain(url)] == [500]


def test_disabled_rule_delivers_nothing(events, make_queue, drain):
    url, _ = rule_to_queue(events, make_queue)
    events.disable_rule(Name="orders")
    put(events)
    assert drain(url) == []
    events.enable_rule(Name="orders")
    put(events)
    assert len(drain(url)) == 1


def test_custom_bus_by_name_and_arn(events, make_queue, drain):
    arn = events.create_event_bus(Name="shop")["EventBusArn"]
    assert arn == "arn:aws:events:us-east-1:000000000000:event-bus/shop"
    url, _ = rule_to_queue(events, make_queue, bus="shop")
    put(events, EventBusName="shop")
    put(events, EventBusName=arn)
    put(events)  # the default bus: no rule there
    assert len(drain(url)) == 2


def test_per_entry_errors(events, make_queue):
    answer = events.put_events(Entries=[
        {"Source": "a", "DetailType": "t", "Detail": "{}"},
        {"DetailType": "t", "Detail": "{}"},
        {"Source": "a", "DetailType": "t", "Detail": "not json"},
        {"Source": "a", "DetailType": "t", "Detail": "{}", "EventBusName": "nope"},
    ])
    assert answer["FailedEntryCount"] == 3
    ok, no_source, bad_detail, no_bus = answer["Entries"]
    assert "EventId" in ok
    assert no_source["ErrorCode"] == "InvalidArgument" and "Source is a required argument" in no_source["ErrorMessage"]
    assert bad_detail["ErrorCode"] == "MalformedDetail"
    assert no_bus["ErrorCode"] == "ResourceNotFoundException"


def test_limits(events):
    with pytest.raises(ClientError) as caught:
        events.put_events(Entries=[{"Source": "a", "DetailType": "t", "Detail": "{}"}] * 11)
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    with pytest.raises(ClientError) as caught:
        events.put_events(Entries=[{"Source": "a", "DetailType": "t", "Detail": json.dumps({"x": "y" * 200_000})}] * 2)
    assert caught.value.response["Error"]["Code"] == "ValidationException"


def test_fifo_queue_target_uses_the_message_group(events, make_queue, drain, sqs):
    url, arn = make_queue("orders.fifo", FifoQueue="true")
    events.put_rule(Name="fifo", EventPattern=json.dumps({"source": ["app.orders"]}))
    failed = events.put_targets(Rule="fifo", Targets=[{"Id": "q", "Arn": arn}])
    assert failed["FailedEntryCount"] == 1
    events.put_targets(Rule="fifo", Targets=[{"Id": "q", "Arn": arn, "SqsParameters": {"MessageGroupId": "g1"}}])
    put(events)
    got = sqs.receive_message(QueueUrl=url, AttributeNames=["All"])["Messages"]
    assert got[0]["Attributes"]["MessageGroupId"] == "g1"


def test_deliveries_introspection(events, make_queue, cumulo):
    import httpx

    rule_to_queue(events, make_queue)
    event_id = put(events)["Entries"][0]["EventId"]
    found = httpx.get(f"{cumulo.url}/_cumulo/events/deliveries?rule=orders").json()["deliveries"]
    assert [(d["eventId"], d["outcome"], d["attempts"]) for d in found] == [(event_id, "delivered", 1)]
    history = httpx.get(f"{cumulo.url}/_fakecloud/events/history").json()
    assert history["events"][0]["eventId"] == event_id and history["events"][0]["busName"] == "default"
