"""With a data dir, stored chunks leave memory and is read back
from the store: in order across the spill boundary, and after a restart."""

from __future__ import annotations

import time
from pathlib import Path

import boto3

from cumulo.config import Config
from cumulo.services.logs import events
from cumulo.services.logs.models import Chunk, LogGroup, LogStream, SpilledChunk, events_table, streams_table
from cumulo.state import open_store
from cumulo.testing import CumuloServer

NOW = 1_800_000_000_000
ACCOUNT, REGION = "000000000000", "us-east-1"


def _fill(path: Path, batches: int, per: int) -> list[tuple[int, str]]:
    """Write `batches` committed batches into g/s; returns every (timestamp, message) in order."""
    store = open_store(str(path))
    scope = store.scope("logs", ACCOUNT, REGION)
    group, stream = LogGroup("g", ACCOUNT, REGION, NOW), LogStream("s", NOW)
    scope.table("groups")["g"] = group
    scope.table(streams_table("g"))["s"] = stream
    written = []
    for b in range(batches):
        stamps = [NOW - 3_600_000 + b * per + i for i in range(per)]
        messages = [f"event {b}/{i}" for i in range(per)]
        events.ingest(scope, group, stream, stamps, messages, NOW)
        store.commit()
        written += zip(stamps, messages, strict=True)
    assert _in_memory(store) == (batches - 1, 1)  # each write spills the chunks committed before it
    # Across the boundary: spilled chunks first, then the one still in memory.
    assert [(e[0], e[2]) for _, e in events.scan(scope, "g", "s")] == written
    page = events.window(scope, "g", "s", None, None, False, None, per + 2)
    assert [(e[0], e[2]) for _, e in page] == written[-(per + 2):]
    store.close()
    return written


def _in_memory(store: object) -> tuple[int, int]:
    rows = store.scope("logs", ACCOUNT, REGION).tables[events_table("g", "s")].rows  # type: ignore[attr-defined]
    return sum(isinstance(c, SpilledChunk) for c in rows.values()), sum(isinstance(c, Chunk) for c in rows.values())


def test_reads_cross_the_spill_boundary_in_order_after_a_restart(tmp_path: Path) -> None:
    written = _fill(tmp_path, 40, 7)
    store = open_store(str(tmp_path))
    scope = store.scope("logs", ACCOUNT, REGION)
    assert [(e[0], e[2]) for _, e in events.scan(scope, "g", "s")] == written
    assert _in_memory(store) == (40, 0)  # spilled again once loaded
    # GetLogEvents' pages, forward from the head and backward from the tail, 11 at a time.
    for forward in (True, False):
        seen, after = [], None
        while True:
            page = events.window(scope, "g", "s", None, None, forward, after, 11)
            if not page:
                break
            seen = seen + page if forward else page + seen
            after = page[-1][0] if forward else page[0][0]
        assert [(e[0], e[2]) for _, e in seen] == written
    # A time range that starts inside a spilled chunk and ends inside the newest one.
    start, end = written[30][0], written[-3][0]
    assert [(e[0], e[2]) for _, e in events.scan(scope, "g", "s", start, end)] == written[30:-3]
    key = events.scan(scope, "g", "s").__next__()[0]
    chunk = events.chunk_at(scope, "g", "s", key[1])
    assert chunk is not None and chunk.message(0) == written[0][1]
    store.close()


def test_retention_trims_spilled_chunks(tmp_path: Path) -> None:
    written = _fill(tmp_path, 10, 5)
    store = open_store(str(tmp_path))
    scope = store.scope("logs", ACCOUNT, REGION)
    group = scope.table("groups")["g"]
    group.retention_days = 1
    cutoff = written[12][0]
    dropped = events.trim(scope, group, cutoff + events.DAY_MS)
    store.commit()
    assert dropped == 12
    assert [(e[0], e[2]) for _, e in events.scan(scope, "g", "s")] == written[12:]
    store.close()
    again = open_store(str(tmp_path))
    assert [(e[0], e[2]) for _, e in events.scan(again.scope("logs", ACCOUNT, REGION), "g", "s")] == written[12:]
    again.close()


def test_spilled_events_survive_a_restart_through_the_api(tmp_path: Path) -> None:
    now = int(time.time() * 1000)
    sent = [(now - 600_000 + 10 * b + i, f'{{"n": {10 * b + i}}}') for b in range(30) for i in range(10)]
    server = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        logs = boto3.client("logs", endpoint_url=server.url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
        logs.create_log_group(logGroupName="app")
        logs.create_log_stream(logGroupName="app", logStreamName="s")
        for b in range(30):
            logs.put_log_events(logGroupName="app", logStreamName="s",
                                logEvents=[{"timestamp": t, "message": m} for t, m in sent[10 * b:10 * b + 10]])
        first = _all_events(logs)
    finally:
        server.stop()
    assert first == sent
    server = CumuloServer(Config(log_level="warning", data_dir=str(tmp_path))).start()
    try:
        logs = boto3.client("logs", endpoint_url=server.url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
        assert _all_events(logs) == sent
        filtered = logs.filter_log_events(logGroupName="app", filterPattern="{ $.n >= 295 }")["events"]
        assert [e["message"] for e in filtered] == [m for _, m in sent[295:]]
        qid = logs.start_query(logGroupName="app", startTime=now // 1000 - 700, endTime=now // 1000 + 10,
                               queryString="stats count(*) as n, sum(n) as total")["queryId"]
        result = logs.get_query_results(queryId=qid)
        row = {f["field"]: f["value"] for f in result["results"][0]}
        assert (row["n"], float(row["total"])) == ("300", float(sum(range(300))))
    finally:
        server.stop()


def _all_events(logs: object) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    token = None
    while True:
        kw = {"nextToken": token} if token else {}
        page = logs.get_log_events(logGroupName="app", logStreamName="s", startFromHead=True, limit=17, **kw)  # type: ignore[attr-defined]
        out += [(e["timestamp"], e["message"]) for e in page["events"]]
        if not page["events"] or page["nextForwardToken"] == token:
            return out
        token = page["nextForwardToken"]


def test_a_2xx_is_on_disk_when_the_server_is_killed(tmp_path: Path) -> None:
    import signal

    from cumulo.testing.plugin import free_port, spawned_server

    now = int(time.time() * 1000)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with spawned_server(port, str(tmp_path)) as proc:
        logs = boto3.client("logs", endpoint_url=url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
        logs.create_log_group(logGroupName="app")
        logs.create_log_stream(logGroupName="app", logStreamName="s")
        for b in range(5):
            logs.put_log_events(logGroupName="app", logStreamName="s", logEvents=[{"timestamp": now + b, "message": f"m{b}"}])
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    with spawned_server(port, str(tmp_path)):
        logs = boto3.client("logs", endpoint_url=url, region_name=REGION, aws_access_key_id="test", aws_secret_access_key="test")
        assert [e["message"] for e in logs.get_log_events(logGroupName="app", logStreamName="s", startFromHead=True)["events"]] == [
            f"m{b}" for b in range(5)]
