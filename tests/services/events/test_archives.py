"""Archives keep a bus's events (retention on the clock); replays send them again with `replay-name`."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from botocore.exceptions import ClientError

from tests.services.events.conftest import put


def _wait_replay(events, name, cumulo_clock):
    for _ in range(10):
        cumulo_clock.advance(1)
        state = events.describe_replay(ReplayName=name)["State"]
        if state not in ("STARTING", "RUNNING"):
            return state
        time.sleep(0.01)
    return state


def test_archive_and_replay(events, make_queue, drain, cumulo_clock):
    bus_arn = events.describe_event_bus()["Arn"]
    archive = events.create_archive(ArchiveName="all", EventSourceArn=bus_arn, RetentionDays=1,
                                    EventPattern='{"source": ["app.orders"]}')
    assert archive["State"] == "ENABLED"
    url, arn = make_queue("q")
    events.put_rule(Name="r", EventPattern='{"source": ["app.orders"]}')
    events.put_targets(Rule="r", Targets=[{"Id": "q", "Arn": arn}])
    start = datetime.fromtimestamp(cumulo_clock.now() - 1, UTC)
    ids = [put(events, detail={"n": i})["Entries"][0]["EventId"] for i in range(3)]
    put(events, source="app.other")  # not archived: the pattern
    assert len(drain(url)) == 3
    described = events.describe_archive(ArchiveName="all")
    assert described["EventCount"] == 3 and described["SizeBytes"] > 0
    cumulo_clock.advance(10)
    end = datetime.fromtimestamp(cumulo_clock.now(), UTC)
    replay = events.start_replay(ReplayName="again", EventSourceArn=archive["ArchiveArn"], EventStartTime=start,
                                 EventEndTime=end, Destination={"Arn": bus_arn})
    assert replay["State"] == "STARTING"
    assert _wait_replay(events, "again", cumulo_clock) == "COMPLETED"
    replayed = drain(url)
    assert [m["Json"]["id"] for m in replayed] == ids
    assert {m["Json"]["replay-name"] for m in replayed} == {"again"}
    # Replayed events are not archived again.
    assert events.describe_archive(ArchiveName="all")["EventCount"] == 3
    assert [r["ReplayName"] for r in events.list_replays()["Replays"]] == ["again"]


def test_replay_limited_to_filter_arns(events, make_queue, drain, cumulo_clock):
    bus_arn = events.describe_event_bus()["Arn"]
    archive_arn = events.create_archive(ArchiveName="a", EventSourceArn=bus_arn)["ArchiveArn"]
    urls = {}
    rule_arns = {}
    for name in ("one", "two"):
        urls[name], arn = make_queue(name)
        rule_arns[name] = events.put_rule(Name=name, EventPattern='{"source": ["app.orders"]}')["RuleArn"]
        events.put_targets(Rule=name, Targets=[{"Id": "q", "Arn": arn}])
    start = datetime.fromtimestamp(cumulo_clock.now() - 1, UTC)
    put(events)
    drain(urls["one"]), drain(urls["two"])
    cumulo_clock.advance(5)
    events.start_replay(ReplayName="x", EventSourceArn=archive_arn, EventStartTime=start,
                        EventEndTime=datetime.fromtimestamp(cumulo_clock.now(), UTC),
                        Destination={"Arn": bus_arn, "FilterArns": [rule_arns["two"]]})
    assert _wait_replay(events, "x", cumulo_clock) == "COMPLETED"
    assert drain(urls["one"]) == [] and len(drain(urls["two"])) == 1


def test_archive_retention_on_the_clock(events, cumulo_clock):
    bus_arn = events.describe_event_bus()["Arn"]
    events.create_archive(ArchiveName="short", EventSourceArn=bus_arn, RetentionDays=1)
    put(events)
    assert events.describe_archive(ArchiveName="short")["EventCount"] == 1
    cumulo_clock.advance(2 * 86400)
    assert events.describe_archive(ArchiveName="short")["EventCount"] == 0


def test_archive_errors_and_updates(events, cumulo_clock):
    bus_arn = events.describe_event_bus()["Arn"]
    events.create_archive(ArchiveName="a", EventSourceArn=bus_arn)
    with pytest.raises(ClientError) as caught:
        events.create_archive(ArchiveName="a", EventSourceArn=bus_arn)
    assert caught.value.response["Error"]["Code"] == "ResourceAlreadyExistsException"
    with pytest.raises(ClientError) as caught:
        events.create_archive(ArchiveName="b", EventSourceArn=bus_arn, EventPattern="{bad")
    assert caught.value.response["Error"]["Code"] == "InvalidEventPatternException"
    events.update_archive(ArchiveName="a", RetentionDays=7, Description="kept")
    described = events.describe_archive(ArchiveName="a")
    assert described["RetentionDays"] == 7 and described["Description"] == "kept"
    assert [a["ArchiveName"] for a in events.list_archives()["Archives"]] == ["a"]
    now = datetime.fromtimestamp(cumulo_clock.now(), UTC)
    with pytest.raises(ClientError) as caught:
        events.start_replay(ReplayName="r", EventSourceArn=described["ArchiveArn"], EventStartTime=now, EventEndTime=now,
                            Destination={"Arn": bus_arn})
    assert caught.value.response["Error"]["Code"] == "ValidationException"
    events.delete_archive(ArchiveName="a")
    with pytest.raises(ClientError) as caught:
        events.describe_archive(ArchiveName="a")
    assert caught.value.response["Error"]["Code"] == "ResourceNotFoundException"
    assert json.dumps(events.list_archives()["Archives"]) == "[]"
