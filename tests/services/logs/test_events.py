"""PutLogEvents, GetLogEvents and FilterLogEvents through boto3."""

from __future__ import annotations

import time
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer


def _now() -> int:
    return int(time.time() * 1000)


def test_put_and_get_in_order(logs: Any, stream: tuple[str, str]) -> None:
    group, name = stream
    t = _now()
    out = logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t + i, "message": f"m{i}"} for i in range(5)])
    assert out["nextSequenceToken"] and "rejectedLogEventsInfo" not in out
    # A later batch with earlier timestamps still reads back in time order.
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t - 10, "message": "early"}])
    got = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True)
    assert [e["message"] for e in got["events"]] == ["early", "m0", "m1", "m2", "m3", "m4"]
    assert all(e["ingestionTime"] >= e["timestamp"] - 10 for e in got["events"])


def test_get_pages_forward_and_back(logs: Any, stream: tuple[str, str]) -> None:
    group, name = stream
    t = _now()
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t + i, "message": f"m{i}"} for i in range(10)])
    first = logs.get_log_events(logGroupName=group, logStreamName=name, startFromHead=True, limit=4)
    assert [e["message"] for e in first["events"]] == ["m0", "m1", "m2", "m3"]
    second = logs.get_log_events(logGroupName=group, logStreamName=name, nextToken=first["nextForwardToken"], limit=4)
    assert [e["message"] for e in second["events"]] == ["m4", "m5", "m6", "m7"]
    back = logs.get_log_events(logGroupName=group, logStreamName=name, nextToken=second["nextBackwardToken"], limit=2)
    assert [e["message"] for e in back["events"]] == ["m2", "m3"]
    last = logs.get_log_events(logGroupName=group, logStreamName=name, limit=3)  # from the tail by default
    assert [e["message"] for e in last["events"]] == ["m7", "m8", "m9"]
    end = logs.get_log_events(logGroupName=group, logStreamName=name, nextToken=last["nextForwardToken"])
    assert end["events"] == [] and end["nextForwardToken"] == last["nextForwardToken"]


def test_batch_rules(logs: Any, stream: tuple[str, str]) -> None:
    group, name = stream
    t = _now()
    with pytest.raises(ClientError) as e:
        logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t, "message": "b"}, {"timestamp": t - 1, "message": "a"}])
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"
    assert "chronological" in e.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as e:
        logs.put_log_events(logGroupName=group, logStreamName="nope", logEvents=[{"timestamp": t, "message": "a"}])
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    out = logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t - 15 * 86_400_000, "message": "too old"}])
    assert out["rejectedLogEventsInfo"] == {"tooOldLogEventEndIndex": 0}
    out = logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
        {"timestamp": t, "message": "fine"},
        {"timestamp": t + 3 * 3_600_000, "message": "too new"},
    ])
    assert out["rejectedLogEventsInfo"] == {"tooNewLogEventStartIndex": 1}
    with pytest.raises(ClientError) as e:
        logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t - 86_400_001, "message": "a"}, {"timestamp": t, "message": "b"}])
    assert "24 hours" in e.value.response["Error"]["Message"]
    assert [e["message"] for e in logs.get_log_events(logGroupName=group, logStreamName=name)["events"]] == ["fine"]


def test_filter_patterns(logs: Any, stream: tuple[str, str]) -> None:
    group, name = stream
    logs.create_log_stream(logGroupName=group, logStreamName="s2")
    t = _now()
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
        {"timestamp": t, "message": "ERROR disk full"},
        {"timestamp": t + 2, "message": '{"level": "warn", "latency": 250, "user": {"id": 7}}'},
        {"timestamp": t + 4, "message": '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /a.gif HTTP/1.0" 404 2326'},
    ])
    logs.put_log_events(logGroupName=group, logStreamName="s2", logEvents=[
        {"timestamp": t + 1, "message": "WARN slow request"},
        {"timestamp": t + 3, "message": "INFO all good"},
    ])

    def messages(pattern: str, **extra: Any) -> list[str]:
        return [e["message"] for e in logs.filter_log_events(logGroupName=group, filterPattern=pattern, **extra)["events"]]

    assert len(messages("")) == 5
    assert messages("ERROR") == ["ERROR disk full"]
    assert messages("?ERROR ?WARN") == ["ERROR disk full", "WARN slow request"]
    assert messages('"all good"') == ["INFO all good"]
    assert messages("INFO -good") == []
    assert messages("{ $.latency > 200 && $.user.id = 7 }") == ['{"level": "warn", "latency": 250, "user": {"id": 7}}']
    assert messages('{ $.level = "err*" }') == []
    assert messages("[ip, id, user, timestamp, request, status_code = 4*, size > 1000]")[0].startswith("127.0.0.1")
    assert messages("%disk|slow%") == ["ERROR disk full", "WARN slow request"]
    assert messages("", logStreamNames=["s2"]) == ["WARN slow request", "INFO all good"]
    assert messages("", startTime=t + 1, endTime=t + 3) == ["WARN slow request", "{\"level\": \"warn\", \"latency\": 250, \"user\": {\"id\": 7}}"]
    with pytest.raises(ClientError) as e:
        logs.filter_log_events(logGroupName=group, filterPattern="{ $.a = }")
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"


def test_filter_pages(logs: Any, stream: tuple[str, str]) -> None:
    group, name = stream
    t = _now()
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t + i, "message": f"m{i}"} for i in range(25)])
    seen = []
    for page in logs.get_paginator("filter_log_events").paginate(logGroupName=group, PaginationConfig={"PageSize": 10}):
        seen += [e["message"] for e in page["events"]]
        assert all(e["eventId"] for e in page["events"])
    assert seen == [f"m{i}" for i in range(25)]


def test_live_tail(logs: Any, stream: tuple[str, str], cumulo: CumuloServer) -> None:
    # StartLiveTail's endpoint has a `stream-` host prefix, which a local endpoint can't take.
    tail = boto3.client("logs", endpoint_url=cumulo.url, region_name="us-east-1", config=Config(inject_host_prefix=False))
    group, name = stream
    arn = logs.describe_log_groups(logGroupNamePrefix=group)["logGroups"][0]["logGroupArn"]
    t = _now()
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": t, "message": "before ERROR"}])
    out = tail.start_live_tail(logGroupIdentifiers=[arn], logEventFilterPattern="ERROR")
    events = iter(out["responseStream"])
    start = next(events)
    assert start["sessionStart"]["logGroupIdentifiers"] == [arn]
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[
        {"timestamp": t + 1, "message": "INFO skip"}, {"timestamp": t + 2, "message": "ERROR live"},
    ])
    seen: list[str] = []
    for _ in range(10):
        update = next(events)["sessionUpdate"]
        seen += [r["message"] for r in update["sessionResults"]]
        if seen:
            break
    assert seen == ["ERROR live"]
    out["responseStream"].close()
