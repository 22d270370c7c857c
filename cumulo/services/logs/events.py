"""Storing and reading log events: batches in, time-ordered events out, retention.

`ingest` applies PutLogEvents' rules to a batch and stores the accepted events as
one chunk. `scan` yields a stream's events in (timestamp, arrival) order within a
time range, skipping chunks wholly outside it. `trim` drops what retention no
longer keeps. Pure over the tables a caller passes in; the clock is a parameter.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.logs.models import Chunk, Event, LogGroup, LogStream, chunk_key, events_table, streams_table
from cumulo.state import Scope

MAX_BATCH_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
MAX_EVENT_BYTES = 1_048_576 - EVENT_OVERHEAD
DAY_MS = 86_400_000
TOO_NEW_MS = 2 * 3_600_000
TOO_OLD_MS = 14 * DAY_MS

# An event's key: (timestamp, chunk seq, index in chunk).
Key = tuple[int, int, int]


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message, status=400)


def check_batch(events: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
    """PutLogEvents' request-wide rules (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html);
    returns the batch's timestamps and messages."""
    if len(events) > MAX_BATCH_EVENTS:
        raise invalid(f"The batch of log events in a single PutLogEvents request cannot contain more than {MAX_BATCH_EVENTS} events.")
    stamps = [e["timestamp"] for e in events]
    messages = [e["message"] for e in events]
    if stamps != sorted(stamps):
        raise invalid("Log events in a single PutLogEvents request must be in chronological order.")
    size = sum(map(len, messages))
    if not all(map(str.isascii, messages)):
        size = sum(len(m.encode()) for m in messages)
    if size + EVENT_OVERHEAD * len(messages) > MAX_BATCH_BYTES:
        raise invalid("Upload too large: the batch of log events exceeds the maximum of 1,048,576 bytes.")
    if stamps and stamps[-1] - stamps[0] > DAY_MS:
        raise invalid("The batch of log events in a single PutLogEvents request cannot span more than 24 hours.")
    return stamps, messages


def ingest(scope: Scope, group: LogGroup, stream: LogStream, stamps: list[int], messages: list[str],
           now_ms: int) -> tuple[list[int], list[str], dict[str, int]]:
    """Store the acceptable events of a checked, time-ordered batch; returns their
    timestamps and messages, and the rejected info."""
    too_new = now_ms + TOO_NEW_MS
    too_old = now_ms - TOO_OLD_MS
    expired = now_ms - group.retention_days * DAY_MS if group.retention_days else None
    rejected: dict[str, int] = {}
    if stamps and (stamps[0] < too_old or stamps[-1] > too_new or (expired is not None and stamps[0] < expired)):
        kept_stamps: list[int] = []
        kept_messages: list[str] = []
        for i, ts in enumerate(stamps):
            if ts > too_new:
                rejected.setdefault("tooNewLogEventStartIndex", i)
                continue
            if expired is not None and ts < expired:
                rejected["expiredLogEventEndIndex"] = i
                continue
            if ts < too_old:
                rejected["tooOldLogEventEndIndex"] = i
                continue
            kept_stamps.append(ts)
            kept_messages.append(messages[i])
        stamps, messages = kept_stamps, kept_messages
    if stamps:
        store(scope, group, stream, Chunk.packed(stream.next_seq, stamps, messages, now_ms), now_ms)
    return stamps, messages, rejected


def append(scope: Scope, group: LogGroup, stream: LogStream, kept: list[Event], now_ms: int) -> int:
    """Store time-ordered `kept` as the stream's next chunk; returns the chunk's seq."""
    return store(scope, group, stream, Chunk(stream.next_seq, kept, kept[0][0], kept[-1][0]), now_ms)


def store(scope: Scope, group: LogGroup, stream: LogStream, chunk: Chunk, now_ms: int) -> int:
    """Add `chunk` (numbered `stream.next_seq`) to the stream; returns its seq."""
    seq = stream.next_seq
    stream.next_seq += 1
    scope.table(events_table(group.name, stream.name))[chunk_key(seq)] = chunk
    size = len(chunk.text) + EVENT_OVERHEAD * len(chunk)
    stream.stored_bytes += size
    group.stored_bytes += size
    low, high = chunk.low, chunk.high
    stream.first_event = low if stream.first_event is None else min(stream.first_event, low)
    stream.last_event = high if stream.last_event is None else max(stream.last_event, high)
    stream.last_ingestion = now_ms
    scope.table(streams_table(group.name)).touch(stream.name)
    return seq


def scan(scope: Scope, group: str, stream: str, start: int | None = None, end: int | None = None) -> Iterator[tuple[Key, Event]]:
    """A stream's events with start <= timestamp < end, in (timestamp, arrival) order.
    Lazy when the chunks follow each other in time (a stream written in order)."""
    chunks = sorted(
        (c for c in scope.table(events_table(group, stream)).rows.values()
         if (start is None or c.high >= start) and (end is None or c.low < end)),
        key=lambda c: c.seq,
    )
    if any(chunks[k].high > chunks[k + 1].low for k in range(len(chunks) - 1)):
        runs = [r for c in chunks for r in _unpack(c, start, end)]
        runs.sort(key=lambda r: r[0])
        return iter(runs)
    return (r for c in chunks for r in _unpack(c, start, end))


def _unpack(c: Chunk, start: int | None, end: int | None) -> Iterator[tuple[Key, Event]]:
    seq, ingested = c.seq, c.ingested
    whole = (start is None or c.low >= start) and (end is None or c.high < end)
    for i, (ts, message) in enumerate(zip(c.stamps, c.messages(), strict=True)):
        if whole or ((start is None or ts >= start) and (end is None or ts < end)):
            yield (ts, seq, i), (ts, ingested, message)


def window(scope: Scope, group: str, stream: str, start: int | None, end: int | None, forward: bool,
           after: Key | None, limit: int) -> list[tuple[Key, Event]]:
    """GetLogEvents' page: up to `limit` events past `after` (before it when going
    backward; from the head or the tail without it), in time order. When the chunks
    follow each other in time, as they do when a stream is written in order, only
    the chunks the page reaches are unpacked."""
    chunks = sorted(
        (c for c in scope.table(events_table(group, stream)).rows.values()
         if (start is None or c.high >= start) and (end is None or c.low < end)),
        key=lambda c: c.seq,
    )
    if any(chunks[k].high > chunks[k + 1].low for k in range(len(chunks) - 1)):
        rows = list(scan(scope, group, stream, start, end))
        if after is not None:
            rows = [r for r in rows if r[0] > after] if forward else [r for r in rows if r[0] < after]
        return rows[:limit] if forward else rows[-limit:]

    def inside(ts: int) -> bool:
        return (start is None or ts >= start) and (end is None or ts < end)

    out: list[tuple[Key, Event]] = []
    if forward:
        for c in chunks:
            if after is not None and (c.high, c.seq, len(c) - 1) <= after:
                continue
            for i, ts in enumerate(c.stamps):
                key = (ts, c.seq, i)
                if inside(ts) and (after is None or key > after):
                    out.append((key, (ts, c.ingested, c.message(i))))
                    if len(out) >= limit:
                        return out
        return out
    for c in reversed(chunks):
        if after is not None and (c.low, c.seq, 0) >= after:
            continue
        stamps = c.stamps
        for i in range(len(stamps) - 1, -1, -1):
            ts = stamps[i]
            key = (ts, c.seq, i)
            if inside(ts) and (after is None or key < after):
                out.append((key, (ts, c.ingested, c.message(i))))
                if len(out) >= limit:
                    out.reverse()
                    return out
    out.reverse()
    return out


def merged(scope: Scope, group: str, streams: list[str], start: int | None, end: int | None) -> Iterator[tuple[str, Key, Event]]:
    """Events of several streams interleaved by time (FilterLogEvents), lazily."""
    if len(streams) == 1:
        return _named(streams[0], scan(scope, group, streams[0], start, end))
    per_stream = [_named(name, scan(scope, group, name, start, end)) for name in streams]
    return heapq.merge(*per_stream, key=lambda r: (r[1][0], r[0], r[1][1], r[1][2]))


def _named(name: str, rows: Iterator[tuple[Key, Event]]) -> Iterator[tuple[str, Key, Event]]:
    for key, event in rows:
        yield name, key, event


def trim(scope: Scope, group: LogGroup, now_ms: int) -> int:
    """Drop the events of `group` older than its retention; returns how many went."""
    if not group.retention_days:
        return 0
    cutoff = now_ms - group.retention_days * DAY_MS
    dropped = 0
    streams = scope.table(streams_table(group.name))
    for name, stream in list(streams.items()):
        table = scope.table(events_table(group.name, name))
        changed = False
        for key, chunk in list(table.items()):
            if chunk.high < cutoff:
                dropped += len(chunk)
                size = len(chunk.text) + EVENT_OVERHEAD * len(chunk)
                stream.stored_bytes -= size
                group.stored_bytes -= size
                del table[key]
                changed = True
            elif chunk.low < cutoff:
                keep = [e for e in chunk.events if e[0] >= cutoff]
                gone = [e for e in chunk.events if e[0] < cutoff]
                dropped += len(gone)
                size = sum(len(e[2]) + EVENT_OVERHEAD for e in gone)
                stream.stored_bytes -= size
                group.stored_bytes -= size
                table[key] = Chunk(chunk.seq, keep, min(e[0] for e in keep), max(e[0] for e in keep))
                changed = True
        if changed:
            lows = [c.low for c in table.rows.values()]
            stream.first_event = min(lows) if lows else None
            streams.touch(name)
    return dropped
