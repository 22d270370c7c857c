"""Logs state survives a restart; entities round-trip through the store; introspection."""

from __future__ import annotations

import pickle
import time
from pathlib import Path
from typing import Any

import boto3
import httpx

from cumulo.config import Config
from cumulo.services.logs.models import Chunk, LogGroup, LogStream, MetricFilter, Query, SubscriptionFilter
from cumulo.state import open_store
from cumulo.testing import CumuloServer


def test_state_survives_a_restart(tmp_path: Path) -> None:
    first = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    t = int(time.time() * 1000)
    try:
        logs = boto3.client("logs", endpoint_url=first.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        logs.create_log_group(logGroupName="g", tags={"a": "b"})
        logs.put_retention_policy(logGroupName="g", retentionInDays=30)
        logs.create_log_stream(logGroupName="g", logStreamName="s")
        logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[{"timestamp": t + i, "message": f"m{i}"} for i in range(3)])
        logs.put_metric_filter(logGroupName="g", filterName="f", filterPattern="m1",
                               metricTransformations=[{"metricName": "M", "metricNamespace": "N", "metricValue": "1"}])
        qid = logs.start_query(logGroupName="g", startTime=t // 1000 - 10, endTime=t // 1000 + 10, queryString="stats count(*)")["queryId"]
    finally:
        first.stop()
    second = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        logs = boto3.client("logs", endpoint_url=second.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        group = logs.describe_log_groups()["logGroups"][0]
        assert (group["logGroupName"], group["retentionInDays"], group["metricFilterCount"]) == ("g", 30, 1)
        assert [e["message"] for e in logs.get_log_events(logGroupName="g", logStreamName="s", startFromHead=True)["events"]] == ["m0", "m1", "m2"]
        assert logs.list_tags_log_group(logGroupName="g")["tags"] == {"a": "b"}
        assert logs.get_query_results(queryId=qid)["results"] == [[{"field": "count(*)", "value": "3"}]]
        logs.put_log_events(logGroupName="g", logStreamName="s", logEvents=[{"timestamp": t + 5, "message": "m5"}])
        assert len(logs.filter_log_events(logGroupName="g")["events"]) == 4
    finally:
        second.stop()


def test_entities_round_trip(tmp_path: Path) -> None:
    store = open_store(str(tmp_path))
    scope = store.scope("logs", "000000000000", "us-east-1")
    group = LogGroup("g", "000000000000", "us-east-1", 1, retention_days=7, tags={"k": "v"},
                     metric_filters={"f": MetricFilter("f", "ERROR", [{"metricName": "m"}], 2)},
                     subscription_filters={"s": SubscriptionFilter("s", "", "arn:aws:lambda:us-east-1:000000000000:function:f", "", "ByLogStream", 3)})
    stream = LogStream("s", 1, 5, 6, 7, 2, 30)
    chunk = Chunk(1, [(5, 7, "hello"), (6, 7, "world")], 5, 6)
    query = Query("q", "fields @message", ["g"], 1, 2, 3, "Complete", [[{"field": "@message", "value": "x"}]], {"recordsMatched": 1.0})
    scope.table("groups")["g"] = group
    scope.table("streams/g")["s"] = stream
    scope.table("events/g/s")["0000000001"] = chunk
    scope.table("queries")["q"] = query
    store.commit()
    store.close()
    again = open_store(str(tmp_path))
    scope = again.scope("logs", "000000000000", "us-east-1")
    assert scope.table("groups")["g"] == group
    assert scope.table("streams/g")["s"] == stream
    assert scope.table("events/g/s")["0000000001"] == chunk
    assert scope.table("queries")["q"] == query
    assert scope.table("events/g/s")["0000000001"].events == [(5, 7, "hello"), (6, 7, "world")]
    again.close()


def test_chunks_stored_before_packing_still_load() -> None:
    """A data dir written before chunks were packed holds (seq, events, low, high)."""
    old = Chunk.__new__(Chunk)
    old.__setstate__([3, [(5, 9, "héllo"), (8, 9, "")], 5, 8])
    assert old.events == [(5, 9, "héllo"), (8, 9, "")]
    assert (old.seq, old.low, old.high, old.message(1)) == (3, 5, 8, "")
    assert pickle.loads(pickle.dumps(old)) == old


def test_introspection(cumulo: CumuloServer, logs: Any, stream: tuple[str, str]) -> None:
    group, name = stream
    logs.put_log_events(logGroupName=group, logStreamName=name, logEvents=[{"timestamp": int(time.time() * 1000), "message": "peek"}])
    groups = httpx.get(f"{cumulo.url}/_cumulo/logs/groups").json()["logGroups"]
    assert groups[0]["logGroupName"] == group and groups[0]["logStreams"][0]["logStreamName"] == name
    events = httpx.get(f"{cumulo.url}/_cumulo/logs/events", params={"logGroupName": group}).json()["events"]
    assert [e["message"] for e in events] == ["peek"]
    assert httpx.post(f"{cumulo.url}/_cumulo/logs/retention/tick").json() == {"dropped": 0}
