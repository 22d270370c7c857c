"""Logs Insights through boto3: StartQuery runs the query over stored events."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from botocore.exceptions import ClientError

from cumulo.services.logs.insights import QueryError, compile_query


def _results(logs: Any, group: str, query: str, start: int, end: int, **extra: Any) -> dict[str, Any]:
    qid = logs.start_query(logGroupName=group, startTime=start, endTime=end, queryString=query, **extra)["queryId"]
    out = logs.get_query_results(queryId=qid)
    assert out["status"] == "Complete"
    return out


def _rows(out: dict[str, Any]) -> list[dict[str, str]]:
    return [{f["field"]: f["value"] for f in row if f["field"] != "@ptr"} for row in out["results"]]


@pytest.fixture
def loaded(logs: Any, stream: tuple[str, str]) -> tuple[str, int]:
    group, name = stream
    logs.create_log_stream(logGroupName=group, logStreamName="s2")
    base = (int(time.time()) // 3600 * 3600 - 3600) * 1000
    events = [
        {"timestamp": base + i * 30_000, "message": json.dumps({"level": lvl, "latency": lat, "user": user, "req": {"path": path}})}
        for i, (lvl, lat, user, path) in enumerate([
            ("info", 10, "amy", "/a"), ("error", 250, "bob", "/b"), ("info", 30, "amy", "/a"),
            ("warn", 120, "cat", "/c"), ("error", 400, "amy", "/b"), ("info", 20, "bob", "/a"),
        ])
    ]
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=events)
    logs.put_log_events(logGroupName=group, logStreamName="s2", logEvents=[
        {"timestamp": base + 5_000, "message": "user=dan action=login took 15ms"},
        {"timestamp": base + 65_000, "message": "user=eve action=logout took 7ms"},
    ])
    return group, base


def test_fields_filter_sort_limit(logs: Any, loaded: tuple[str, int]) -> None:
    group, base = loaded
    start, end = base // 1000, base // 1000 + 3600
    out = _results(logs, group, 'fields @timestamp, user, latency | filter level = "error" | sort latency desc | limit 1', start, end)
    assert _rows(out) == [{"@timestamp": _stamp(base + 4 * 30_000), "user": "amy", "latency": "400"}]
    assert out["statistics"]["recordsScanned"] == 8
    assert out["statistics"]["recordsMatched"] == 2
    assert out["statistics"]["bytesScanned"] > 0
    assert all(any(f["field"] == "@ptr" for f in row) for row in out["results"])
    out = _results(logs, group, "filter latency >= 100 and req.path in [\"/b\", \"/c\"] | fields user", start, end)
    assert sorted(r["user"] for r in _rows(out)) == ["amy", "bob", "cat"]
    out = _results(logs, group, "filter @message like /login|logout/ | display @message", start, end)
    assert [r["@message"] for r in _rows(out)] == ["user=eve action=logout took 7ms", "user=dan action=login took 15ms"]


def test_stats(logs: Any, loaded: tuple[str, int]) -> None:
    group, base = loaded
    start, end = base // 1000, base // 1000 + 3600
    out = _results(logs, group, "filter ispresent(level) | stats count(*) as n, avg(latency) as mean, max(latency), pct(latency, 50) by level | sort n desc, level asc", start, end)
    rows = _rows(out)
    assert rows[0] == {"level": "info", "n": "3", "mean": "20", "max(latency)": "30", "pct(latency,50)": "20"}
    assert rows[1]["level"] == "error" and rows[1]["mean"] == "325"
    out = _results(logs, group, "stats count(*) by bin(1m)", start, end)
    by_minute = {r["bin(1m)"]: r["count(*)"] for r in _rows(out)}
    assert by_minute[_stamp(base)] == "3" and sum(int(v) for v in by_minute.values()) == 8
    out = _results(logs, group, "stats count_distinct(user) as users, sum(latency) as total", start, end)
    assert _rows(out) == [{"users": "3", "total": "830"}]


def test_parse(logs: Any, loaded: tuple[str, int]) -> None:
    group, base = loaded
    start, end = base // 1000, base // 1000 + 3600
    out = _results(logs, group, 'parse @message "user=* action=* took *ms" as who, what, ms | filter ispresent(who) | fields who, what, ms * 2 as double | sort who', start, end)
    assert _rows(out) == [{"who": "eve", "what": "logout", "double": "14"}, {"who": "dan", "what": "login", "double": "30"}]
    out = _results(logs, group, "parse @message /user=(?<who>\\w+)/ | filter ispresent(who) | stats count(*) by who | sort who asc", start, end)
    assert _rows(out) == [{"who": "dan", "count(*)": "1"}, {"who": "eve", "count(*)": "1"}]


def test_functions_and_dedup(logs: Any, loaded: tuple[str, int]) -> None:
    group, base = loaded
    start, end = base // 1000, base // 1000 + 3600
    out = _results(logs, group, "filter ispresent(user) | fields toupper(user) as u, strlen(req.path) + 1 as n | dedup u | sort u", start, end)
    assert [r["u"] for r in _rows(out)] == ["CAT", "BOB", "AMY"]
    out = _results(logs, group, "filter not (level = \"info\") and latency > 0 | stats earliest(user) as first, latest(user) as last", start, end)
    assert _rows(out) == [{"first": "bob", "last": "amy"}]


def test_query_errors_and_bookkeeping(logs: Any, loaded: tuple[str, int]) -> None:
    group, base = loaded
    with pytest.raises(ClientError) as e:
        logs.start_query(logGroupName=group, startTime=0, endTime=1, queryString="fields | nonsense")
    assert e.value.response["Error"]["Code"] == "MalformedQueryException"
    with pytest.raises(ClientError) as e:
        logs.start_query(logGroupName="missing", startTime=0, endTime=1, queryString="fields @message")
    assert e.value.response["Error"]["Code"] == "ResourceNotFoundException"
    qid = logs.start_query(logGroupNames=[group], startTime=0, endTime=base // 1000 + 3600, queryString="fields @message")["queryId"]
    assert logs.describe_queries(logGroupName=group)["queries"][0]["queryId"] == qid
    assert logs.stop_query(queryId=qid)["success"] is False
    ptr = next(f["value"] for f in logs.get_query_results(queryId=qid)["results"][0] if f["field"] == "@ptr")
    record = logs.get_log_record(logRecordPointer=ptr)["logRecord"]
    assert "@message" in record and record["@log"].endswith(group)
    fields = {f["name"] for f in logs.get_log_group_fields(logGroupName=group)["logGroupFields"]}
    assert {"level", "latency", "req.path", "@message"} <= fields


@pytest.mark.parametrize("bad", ["fields", "stats avg(x) by", "filter x ==", "limit abc", "stats x by y", 'parse @message "a*b" as x, y'])
def test_malformed(bad: str) -> None:
    with pytest.raises(QueryError):
        compile_query(bad)


def _stamp(ms: int) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(ms / 1000, tz=timezone.utc).strftime("%Y-%m-%d %H:%M:%S.") + f"{ms % 1000:03d}"
