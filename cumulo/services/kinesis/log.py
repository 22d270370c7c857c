"""The stream as a log: routing records to shards, appending, reading by position, trimming.

A position in a shard is a sequence counter: a reader at position p gets the
shard's records whose counter is greater than p. Iterators carry a position
(`iterators`); `GetRecords` and `SubscribeToShard` read through `read`.

Each stream's records live one per row in `records/<stream>`; a runtime index
(`runtime.live`, never persisted) keeps each shard's counters sorted so that a
read seeks with a bisection instead of scanning the log. It is rebuilt from the
rows whenever its table is not the store's (reset, snapshot import, restart) or
its count disagrees with the table's.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cumulo.core.errors import AwsError
from cumulo.services.kinesis.models import MAX_HASH, Record, Shard, Stream, record_key, records_table, sequence_number

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime
    from cumulo.state import Scope, Table

MAX_READ_RECORDS = 10_000
MAX_READ_BYTES = 10 * 1024 * 1024


def signal_key(stream: Stream) -> str:
    return f"kinesis:{stream.account}:{stream.region}:{stream.name}"


def hash_of(partition_key: str) -> int:
    """The 128-bit hash key a partition key maps to: its MD5 as an unsigned integer."""
    return int.from_bytes(hashlib.md5(partition_key.encode("utf-8")).digest(), "big")


def explicit_hash(value: str) -> int:
    if not value.isdigit() or int(value) > MAX_HASH:
        raise AwsError(
            "InvalidArgumentException",
            f"Invalid ExplicitHashKey. ExplicitHashKey must be in the range: [0, 340282366920938463463374607431768211455]. Specified value was {value}",
        )
    return int(value)


def route(stream: Stream, hash_key: int) -> Shard:
    for shard in stream.shards:
        if shard.open and shard.holds(hash_key):
            return shard
    raise AwsError("InternalFailureException", f"No open shard of stream {stream.name} holds hash key {hash_key}.", status=500)


@dataclass(slots=True)
class _Index:
    table: Table
    count: int = 0
    by_shard: dict[int, list[int]] = field(default_factory=dict)  # shard -> its counters, sorted
    keys: dict[int, list[str]] = field(default_factory=dict)  # shard -> the row keys, in the same order


def _index(runtime: Runtime, scope: Scope, stream: Stream) -> _Index:
    table = scope.table(records_table(stream.name))
    indexes: dict[tuple[str, str, str], _Index] = runtime.live.setdefault("kinesis-index", {})
    key = (stream.account, stream.region, stream.name)
    index = indexes.get(key)
    if index is None or index.table is not table or index.count != len(table):
        index = _Index(table)
        pairs: dict[int, list[tuple[int, str]]] = {}
        for row_key, row in table.items():
            pairs.setdefault(row.shard, []).append((int(row.sequence[2:34]), row_key))
        for shard_no, found in pairs.items():
            found.sort()
            index.by_shard[shard_no] = [c for c, _ in found]
            index.keys[shard_no] = [k for _, k in found]
        index.count = len(table)
        indexes[key] = index
    return index


def forget(runtime: Runtime, stream: Stream) -> None:
    runtime.live.get("kinesis-index", {}).pop((stream.account, stream.region, stream.name), None)


def append(
    runtime: Runtime, scope: Scope, stream: Stream, shard: Shard, data: bytes, partition_key: str, explicit: str | None, now: float, sealed_key: bytes | None = None
) -> Record:
    """Append a record (`data` already sealed when `sealed_key` names the data key that sealed it)."""
    index = _index(runtime, scope, stream)
    stream.counter += 1
    record = Record(
        sequence=sequence_number(stream.counter, shard.index),
        data=data,
        partition_key=partition_key,
        arrived=now,
        shard=shard.index,
        explicit_hash_key=explicit,
        encryption=stream.encryption if sealed_key else "NONE",
        key_id=stream.key_id if sealed_key else None,
        sealed_key=sealed_key,
    )
    key = record_key(shard.index, stream.counter)
    index.table[key] = record
    index.by_shard.setdefault(shard.index, []).append(stream.counter)
    index.keys.setdefault(shard.index, []).append(key)
    index.count += 1
    return record


def read(runtime: Runtime, scope: Scope, stream: Stream, shard: Shard, after: int, limit: int) -> list[Record]:
    """Up to `limit` records of `shard` after position `after`, at most 10 MiB of data."""
    index = _index(runtime, scope, stream)
    start = bisect.bisect_right(index.by_shard.get(shard.index, []), after)
    rows = index.table.rows
    out: list[Record] = []
    size = 0
    for key in index.keys.get(shard.index, [])[start : start + limit]:
        record: Record = rows[key]
        size += len(record.data) + len(record.partition_key)
        if out and size > MAX_READ_BYTES:
            break
        out.append(record)
    return out


def newest(runtime: Runtime, scope: Scope, stream: Stream, shard: Shard) -> Record | None:
    keys = _index(runtime, scope, stream).keys.get(shard.index)
    return scope.table(records_table(stream.name))[keys[-1]] if keys else None


def first_at(runtime: Runtime, scope: Scope, stream: Stream, shard: Shard, when: float) -> int:
    """The position just before the shard's first record that arrived at or after `when`."""
    index = _index(runtime, scope, stream)
    for counter, key in zip(index.by_shard.get(shard.index, []), index.keys.get(shard.index, [])):
        if index.table[key].arrived >= when:
            return counter - 1
    return stream.counter


def trim_horizon(runtime: Runtime, scope: Scope, stream: Stream, shard: Shard) -> int:
    """The position before the shard's oldest record still kept."""
    counters = _index(runtime, scope, stream).by_shard.get(shard.index)
    return counters[0] - 1 if counters else _start_counter(shard)


def _start_counter(shard: Shard) -> int:
    return int(shard.starting_sequence[2:34]) - 1


def count(runtime: Runtime, scope: Scope, stream: Stream) -> int:
    return _index(runtime, scope, stream).count


def trim(runtime: Runtime, scope: Scope, stream: Stream, now: float) -> int:
    """Drop records older than the retention period; closed shards past it go too. Returns records dropped."""
    index = _index(runtime, scope, stream)
    horizon = now - stream.retention_hours * 3600
    dropped = 0
    for shard_no, counters in index.by_shard.items():
        keys = index.keys[shard_no]
        keep = 0
        while keep < len(keys) and index.table[keys[keep]].arrived < horizon:
            del index.table[keys[keep]]
            keep += 1
        if keep:
            del counters[:keep]
            del keys[:keep]
            dropped += keep
    index.count -= dropped
    expired = [s for s in stream.shards if s.closed_at is not None and s.closed_at < horizon and not index.by_shard.get(s.index)]
    for shard in expired:
        stream.shards.remove(shard)
    return dropped + len(expired)


def drop_all(runtime: Runtime, scope: Scope, stream: Stream) -> None:
    scope.table(records_table(stream.name)).clear()
    forget(runtime, stream)
