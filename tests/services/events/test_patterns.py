"""The event pattern language through EventBridge: every operator by TestEventPattern and by
routing a PutEvents event, and invalid patterns refused with AWS's wording."""

from __future__ import annotations

import json

import pytest
from botocore.exceptions import ClientError

EVENT = {
    "version": "0", "id": "e-1", "detail-type": "Order Placed", "source": "app.orders", "account": "000000000000",
    "time": "2026-03-07T12:00:00Z", "region": "us-east-1", "resources": ["arn:aws:s3:::bucket/key"],
    "detail": {"state": "RUNNING", "total": 150.5, "items": [{"sku": "A-1", "qty": 2}, {"sku": "B-9", "qty": 0}],
               "ip": "10.0.3.7", "name": "Ada.Lovelace", "empty": "", "none": None, "tags": ["x", "y"], "flag": True},
}

CASES = [
    ({"source": ["app.orders"]}, True),
    ({"source": ["app.other"]}, False),
    ({"detail": {"total": [150.5]}}, True),
    ({"detail": {"flag": [True]}}, True),
    ({"detail": {"none": [None]}}, True),
    ({"detail": {"empty": [""]}}, True),
    ({"source": [{"prefix": "app."}]}, True),
    ({"source": [{"prefix": {"equals-ignore-case": "APP."}}]}, True),
    ({"detail": {"name": [{"suffix": ".Lovelace"}]}}, True),
    ({"detail": {"name": [{"suffix": "x"}]}}, False),
    ({"detail": {"state": [{"equals-ignore-case": "running"}]}}, True),
    ({"detail": {"state": [{"anything-but": "STOPPED"}]}}, True),
    ({"detail": {"state": [{"anything-but": ["RUNNING", "STOPPED"]}]}}, False),
    ({"detail": {"state": [{"anything-but": {"prefix": "RUN"}}]}}, False),
    ({"detail": {"state": [{"anything-but": {"suffix": "ING"}}]}}, False),
    ({"detail": {"state": [{"anything-but": {"wildcard": "S*"}}]}}, True),
    ({"detail": {"total": [{"numeric": [">", 100, "<=", 200]}]}}, True),
    ({"detail": {"total": [{"numeric": ["<", 100]}]}}, False),
    ({"detail": {"total": [{"numeric": ["=", 150.5]}]}}, True),
    ({"detail": {"state": [{"exists": True}]}}, True),
    ({"detail": {"missing": [{"exists": False}]}}, True),
    ({"detail": {"missing": [{"exists": True}]}}, False),
    ({"detail": {"ip": [{"cidr": "10.0.0.0/16"}]}}, True),
    ({"detail": {"ip": [{"cidr": "192.168.0.0/16"}]}}, False),
    ({"detail": {"name": [{"wildcard": "Ada.*"}]}}, True),
    ({"resources": [{"wildcard": "arn:aws:s3:::bucket/*"}]}, True),
    ({"detail": {"tags": ["y"]}}, True),
    ({"detail": {"items": {"sku": ["B-9"], "qty": [0]}}}, True),
    ({"detail": {"items": {"sku": ["A-1"], "qty": [0]}}}, False),
    ({"$or": [{"source": ["nope"]}, {"detail": {"state": ["RUNNING"]}}]}, True),
    ({"source": ["app.orders"], "$or": [{"detail": {"total": [1]}}, {"detail": {"state": ["X"]}}]}, False),
]


@pytest.mark.parametrize(("pattern", "expected"), CASES, ids=[json.dumps(p)[:60] for p, _ in CASES])
def test_every_operator(events, pattern, expected):
    assert events.test_event_pattern(EventPattern=json.dumps(pattern), Event=json.dumps(EVENT))["Result"] is expected


def test_routing_uses_the_same_matcher(events, make_queue, drain):
    url, arn = make_queue("matched")
    events.put_rule(Name="or", EventPattern=json.dumps({"$or": [{"detail": {"ip": [{"cidr": "10.0.0.0/8"}]}},
                                                                 {"detail": {"name": [{"wildcard": "*bot*"}]}}]}))
    events.put_targets(Rule="or", Targets=[{"Id": "q", "Arn": arn}])
    for detail in ({"ip": "10.1.1.1"}, {"ip": "11.1.1.1"}, {"name": "a-bot-b"}, {"name": "human"}):
        events.put_events(Entries=[{"Source": "s", "DetailType": "t", "Detail": json.dumps(detail)}])
    assert [m["Json"]["detail"] for m in drain(url)] == [{"ip": "10.1.1.1"}, {"name": "a-bot-b"}]


@pytest.mark.parametrize(("pattern", "reason"), [
    ('{"detail": {}}', "Empty objects are not allowed"),
    ('{"source": "x"}', "must be an array or an object"),
    ('{"a": [{"exists": "true"}]}', "exists match pattern must be either true or false"),
    ('[1]', "Filter is not an object"),
    ('{"$or": [{"a": [1]}]}', "at least 2 objects in a $or array"),
    ("{not json", ""),
])
def test_invalid_patterns_are_refused_with_the_reason(events, pattern, reason):
    for call in (lambda: events.put_rule(Name="r", EventPattern=pattern),
                 lambda: events.test_event_pattern(EventPattern=pattern, Event=json.dumps(EVENT))):
        with pytest.raises(ClientError) as caught:
            call()
        error = caught.value.response["Error"]
        assert error["Code"] == "InvalidEventPatternException"
        assert error["Message"].startswith("Event pattern is not valid. Reason: ") and reason in error["Message"]
