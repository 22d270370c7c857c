"""Storing and reading log events: batches in, time-ordered events out, retention.

`ingest` applies PutLogEvents' rules to a batch and stores the accepted events as
one chunk; with a data dir each chunk is spilled (`models`) by the next write
once its request has committed, and `rows` / `chunks` / `chunk_at` are how every reader reaches a
stream's chunks, spilled ones read back a few at a time. `scan` yields a stream's events in (timestamp, arrival) order within a
time range, skipping chunks wholly outside it. `trim` drops what retention no
longer keeps. Pure over the tables a caller passes in; the clock is a parameter.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from operator import itemgetter
from weakref import WeakKeyDictionary
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.services.logs.models import (
    Chunk,
    Event,
    LogGroup,
    LogStream,
    SpilledChunk,
    chunk_key,
    events_table,
    streams_table,
)
from cumulo.state import Scope, Store, Table

MAX_BATCH_EVENTS = 10_000
MAX_BATCH_BYTES = 1_048_576
EVENT_OVERHEAD = 26
MAX_EVENT_BYTES = 1_048_576 - EVENT_OVERHEAD
DAY_MS = 86_400_000
TOO_NEW_MS = 2 * 3_600_000
TOO_OLD_MS = 14 * DAY_MS

# An event's key: (timestamp, chunk seq, index in chunk).
Key = tuple[int, int, int]
Stored = Chunk | SpilledChunk
READ_AHEAD = 32  # spilled chunks read back per query


# Chunks written and not spilled yet, per store: a chunk can only be spilled once
# its request has committed, so each write spills those of the requests before.
_UNSPILLED: WeakKeyDictionary[Store, list[tuple[Table, str]]] = WeakKeyDictionary()


def _spill_committed(store: Store) -> None:
    queue = _UNSPILLED.get(store)
    if not queue:
        return
    waiting = []
    for table, key in queue:
        row = table.rows.get(key)
        if row.__class__ is Chunk and not table.spill(key, SpilledChunk(row)):
            waiting.append((table, key))  # written by this very request
    queue[:] = waiting


def rows(scope: Scope, group: str, stream: str) -> Table:
    """A stream's table of chunks. When it is first loaded (after a restart), its
    chunks are spilled again, so they do not stay in memory."""
    name = events_table(group, stream)
    table = scope.tables.get(name)
    if table is not None:
        return table
    table = scope.table(name)
    if scope.store.persistent:
        for key, row in list(table.rows.items()):
            if isinstance(row, Chunk):
                table.spill(key, SpilledChunk(row))
    return table


def chunks(scope: Scope, table: Table, stored: list[Stored]) -> Iterator[Chunk]:
    """The chunks of `stored` whole, in the order given; spilled ones are read back
    `READ_AHEAD` at a time and not kept."""
    for i in range(0, len(stored), READ_AHEAD):
        part = stored[i:i + READ_AHEAD]
        cold = [chunk_key(c.seq) for c in part if isinstance(c, SpilledChunk)]
        loaded = scope.store.read_rows(scope.key, table.name, cold) if cold else {}
        for c in part:
            if isinstance(c, Chunk):
                yield c
            elif (whole := loaded.get(chunk_key(c.seq))) is not None:
                yield whole


def chunk_at(scope: Scope, group: str, stream: str, seq: int) -> Chunk | None:
    table = rows(scope, group, stream)
    c = table.get(chunk_key(seq))
    if isinstance(c, SpilledChunk):
        return next(chunks(scope, table, [c]), None)
    return c  # type: ignore[no-any-return]


def invalid(message: str) -> AwsError:
    return AwsError("InvalidParameterException", message, status=400)


_STAMP, _MESSAGE = itemgetter("timestamp"), itemgetter("message")


def check_batch(events: list[dict[str, Any]]) -> tuple[list[int], list[str]]:
    """PutLogEvents' request-wide rules (https://docs.aws.amazon.com/AmazonCloudWatchLogs/latest/APIReference/API_PutLogEvents.html);
    returns the batch's timestamps and messages."""
    if len(events) > MAX_BATCH_EVENTS:
        raise invalid(f"The batch of log events in a single PutLogEvents request cannot contain more than {MAX_BATCH_EVENTS} events.")
    stamps = list(map(_STAMP, events))
    messages = list(map(_MESSAGE, events))
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
    table = rows(scope, group.name, stream.name)
    key = chunk_key(seq)
    table[key] = chunk
    if scope.store.persistent:
        _spill_committed(scope.store)
        _UNSPILLED.setdefault(scope.store, []).append((table, key))
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
    table = rows(scope, group, stream)
    stored = _inside(table, start, end)
    if any(stored[k].high > stored[k + 1].low for k in range(len(stored) - 1)):
        runs = [r for c in chunks(scope, table, stored) for r in _unpack(c, start, end)]
        runs.sort(key=lambda r: r[0])
        return iter(runs)
    return (r for c in chunks(scope, table, stored) for r in _unpack(c, start, end))


def _inside(table: Table, start: int | None, end: int | None) -> list[Stored]:
    """A stream's stored chunks that may hold events in [start, end), by seq."""
    return sorted(
        (c for c in table.rows.values() if (start is None or c.high >= start) and (end is None or c.low < end)),
        key=lambda c: c.seq,
    )


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
    table = rows(scope, group, stream)
    stored = _inside(table, start, end)
    if any(stored[k].high > stored[k + 1].low for k in range(len(stored) - 1)):
        found = list(scan(scope, group, stream, start, end))
        if after is not None:
            found = [r for r in found if r[0] > after] if forward else [r for r in found if r[0] < after]
        return found[:limit] if forward else found[-limit:]

    def inside(ts: int) -> bool:
        return (start is None or ts >= start) and (end is None or ts < end)

    out: list[tuple[Key, Event]] = []
    if forward:
        ahead = [c for c in stored if after is None or (c.high, c.seq, len(c) - 1) > after]
        for c in chunks(scope, table, ahead):
            for i, ts in enumerate(c.stamps):
                key = (ts, c.seq, i)
                if inside(ts) and (after is None or key > after):
                    out.append((key, (ts, c.ingested, c.message(i))))
                    if len(out) >= limit:
                        return out
        return out
    behind = [c for c in reversed(stored) if after is None or (c.low, c.seq, 0) < after]
    for c in chunks(scope, table, behind):
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
        table = rows(scope, group.name, name)
        changed = False
        for key, chunk in list(table.items()):
            if chunk.high < cutoff:
                dropped += len(chunk)
                size = chunk.text_len + EVENT_OVERHEAD * len(chunk)
                stream.stored_bytes -= size
                group.stored_bytes -= size
                del table[key]
                changed = True
            elif chunk.low < cutoff:
                if isinstance(chunk, SpilledChunk):
                    chunk = next(chunks(scope, table, [chunk]))
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
