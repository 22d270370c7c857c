"""Event storage: packed chunks, and GetLogEvents' page read against a plain sort of every event."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.services.logs import events
from cumulo.services.logs.models import Chunk, LogGroup, LogStream
from cumulo.state.store import Store

batches = st.lists(st.lists(st.integers(0, 50), min_size=1, max_size=6).map(sorted), min_size=0, max_size=6)


def _loaded(stamps_per_batch: list[list[int]]) -> tuple[Store, list[tuple[tuple[int, int, int], tuple[int, int, str]]]]:
    store = Store()
    scope = store.scope("logs", "0", "r")
    group, stream = LogGroup("g", "0", "r", 0), LogStream("s", 0)
    scope.table("groups")["g"] = group
    scope.table("streams/g")["s"] = stream
    everything = []
    for b, stamps in enumerate(stamps_per_batch):
        messages = [f"m{b}.{i}é" for i in range(len(stamps))]
        seq = stream.next_seq
        events.store(scope, group, stream, Chunk.packed(seq, stamps, messages, 100 + b), 100 + b)
        everything += [((ts, seq, i), (ts, 100 + b, m)) for i, (ts, m) in enumerate(zip(stamps, messages, strict=True))]
    everything.sort(key=lambda r: r[0])
    return store, everything


@settings(max_examples=150, deadline=None)
@given(batches, st.booleans(), st.integers(1, 8), st.one_of(st.none(), st.integers(0, 50)), st.one_of(st.none(), st.integers(0, 51)),
       st.one_of(st.none(), st.tuples(st.integers(0, 50), st.integers(0, 7), st.integers(0, 6))))
def test_window_matches_a_full_sort(stamps: list[list[int]], forward: bool, limit: int, start: int | None, end: int | None,
                                    after: tuple[int, int, int] | None) -> None:
    store, everything = _loaded(stamps)
    rows = [r for r in everything if (start is None or r[0][0] >= start) and (end is None or r[0][0] < end)]
    if after is not None:
        rows = [r for r in rows if r[0] > after] if forward else [r for r in rows if r[0] < after]
    expected = rows[:limit] if forward else rows[-limit:]
    assert events.window(store.scope("logs", "0", "r"), "g", "s", start, end, forward, after, limit) == expected
    assert list(events.scan(store.scope("logs", "0", "r"), "g", "s", start, end)) == [
        r for r in everything if (start is None or r[0][0] >= start) and (end is None or r[0][0] < end)]


def test_packed_chunk_reads_back() -> None:
    chunk = Chunk.packed(4, [1, 2, 2], ["a", "", "ünï"], 9)
    assert chunk.events == [(1, 9, "a"), (2, 9, ""), (2, 9, "ünï")]
    assert (len(chunk), chunk.message(2), chunk.low, chunk.high) == (3, "ünï", 1, 2)
    assert Chunk(4, chunk.events) == chunk


@settings(max_examples=60, deadline=None)
@given(batches, batches)
def test_merged_interleaves_streams_by_time(first: list[list[int]], second: list[list[int]]) -> None:
    store = Store()
    scope = store.scope("logs", "0", "r")
    group = LogGroup("g", "0", "r", 0)
    scope.table("groups")["g"] = group
    expected = []
    for name, stamps_per_batch in (("a", first), ("b", second)):
        stream = scope.table("streams/g")[name] = LogStream(name, 0)
        for stamps in stamps_per_batch:
            seq = stream.next_seq
            events.store(scope, group, stream, Chunk.packed(seq, stamps, [f"{name}{i}" for i in range(len(stamps))], 1), 1)
            expected += [((ts, name, seq, i), name, f"{name}{i}") for i, ts in enumerate(stamps)]
    expected.sort()
    got = [((key[0], name, key[1], key[2]), name, event[2]) for name, key, event in events.merged(scope, "g", ["a", "b"], None, None)]
    assert got == expected
