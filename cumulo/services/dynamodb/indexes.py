"""Ordered key structures over a table's items: the primary key and each index.

An `Ordered` maps each partition key value to a list of `(sort value, row key)`
kept sorted with `bisect`, so a Query is O(log n + k): find the partition, bisect
to the first sort key in range, walk. Scan walks partitions in a stable order
(a hash of the partition key, as DynamoDB spreads them), rebuilt only when the
set of partitions changes. The row key (`row_key`) breaks ties, so a GSI, whose
keys need not be unique, still orders every entry.

`TableData` holds one `Ordered` for the table and one per index, the live item
count and total size, and, while TTL is on, the TTL index: `(expiry, row key)`
pairs sorted by the TTL attribute's value, so a sweep bisects to what has
expired and costs O(expired · log n), never a read of every item. It is derived state: built from the stored items
the first time a table is used after a start (or a reset), cached per store,
and updated on every write through `TableData.write`.
"""

from __future__ import annotations

import base64
import hashlib
import weakref
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.models import Index, Table, items_table

if TYPE_CHECKING:
    from cumulo.state import Scope, Store
    from cumulo.state import Table as StateTable


def encode_key_value(value: v.AttributeValue) -> str:
    if "S" in value:
        return "S" + value["S"]
    if "N" in value:
        return "N" + value["N"]
    return "B" + base64.b64encode(bytes(value["B"])).decode()


def row_key(table: Table, item: v.Item) -> str:
    """The state-table key of an item: its primary key, encoded unambiguously."""
    first = encode_key_value(item[table.hash_key])
    if table.range_key is None:
        return first
    return f"{len(first)}:{first}{encode_key_value(item[table.range_key])}"


def _token(part: Any) -> bytes:
    return hashlib.md5(repr(part).encode("utf-8", "surrogatepass")).digest()[:8]


def _bound(segment: int, total: int) -> bytes:
    return ((segment << 64) // total).to_bytes(8, "big")


class Ordered:
    """Partition key value -> sorted [(sort value, row key)].

    A multi-attribute key (a GSI's, up to four attributes each) is a tuple of its
    attributes' sort values, so its sort order is by the first attribute, then the
    next; an item lacking any key attribute is not in the index."""

    __slots__ = ("hash_key", "range_key", "hash_keys", "range_keys", "parts", "_order")

    def __init__(self, hash_key: str, range_key: str | None, hash_keys: list[str] | None = None, range_keys: list[str] | None = None) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        self.hash_keys = hash_keys if hash_keys and len(hash_keys) > 1 else None
        self.range_keys = range_keys if range_keys and len(range_keys) > 1 else None
        self.parts: dict[Any, list[tuple[Any, str]]] = {}
        self._order: list[tuple[bytes, Any]] | None = None

    @classmethod
    def of(cls, index: Index) -> Ordered:
        return cls(index.hash_key, index.range_key, index.hash_names(), index.range_names())

    def entry(self, item: v.Item, rkey: str) -> tuple[Any, tuple[Any, str]] | None:
        """(partition, (sort value, row key)) for an item, None if it lacks the keys."""
        if self.hash_keys is not None or self.range_keys is not None:
            return self._multi_entry(item, rkey)
        h = item.get(self.hash_key)
        if h is None:
            return None
        if self.range_key is None:
            return v.sort_value(h), ("", rkey)
        r = item.get(self.range_key)
        if r is None:
            return None
        return v.sort_value(h), (v.sort_value(r), rkey)

    def _multi_entry(self, item: v.Item, rkey: str) -> tuple[Any, tuple[Any, str]] | None:
        values = []
        for names in (self.hash_keys or [self.hash_key], self.range_keys or ([self.range_key] if self.range_key else [])):
            found = [item.get(n) for n in names]
            if any(x is None for x in found):
                return None
            values.append(tuple(v.sort_value(x) for x in found))  # type: ignore[arg-type]
        part, sort = values
        return (part if self.hash_keys is not None else part[0]), ((sort if self.range_keys is not None else (sort[0] if sort else "")), rkey)

    def add(self, item: v.Item, rkey: str) -> None:
        found = self.entry(item, rkey)
        if found is None:
            return
        part, pair = found
        rows = self.parts.get(part)
        if rows is None:
            self.parts[part] = [pair]
            self._order = None
        else:
            insort(rows, pair)

    def remove(self, item: v.Item, rkey: str) -> None:
        found = self.entry(item, rkey)
        if found is None:
            return
        part, pair = found
        rows = self.parts.get(part)
        if not rows:
            return
        at = bisect_left(rows, pair)
        if at < len(rows) and rows[at] == pair:
            del rows[at]
            if not rows:
                del self.parts[part]
                self._order = None

    def partition(self, part: Any) -> list[tuple[Any, str]]:
        return self.parts.get(part, [])

    def order(self) -> list[tuple[bytes, Any]]:
        if self._order is None:
            self._order = sorted((_token(p), p) for p in self.parts)
        return self._order

    def scan(self, after: tuple[Any, tuple[Any, str]] | None = None, segment: int = 0, total: int = 1) -> Iterator[tuple[Any, str]]:
        """Every (sort value, row key) in scan order, starting after `after` =
        (partition, pair) when given. With `total` segments, only the partitions
        whose hash falls in `segment` (a contiguous run of the order)."""
        order = self.order()
        start, stop = 0, len(order)
        if total > 1:
            # Token ranges: segment i owns tokens in [i * 2^64 / total, (i + 1) * 2^64 / total).
            start = bisect_left(order, (_bound(segment, total),))
            stop = bisect_left(order, (_bound(segment + 1, total),)) if segment + 1 < total else len(order)
        if after is not None:
            part, pair = after
            marker = (_token(part), part)
            at = bisect_left(order, marker)
            if at < len(order) and order[at] == marker:
                rows = self.parts[part]
                yield from rows[bisect_right(rows, pair) :]
                at += 1
            start = max(start, at)
        for _, part in order[start:stop]:
            yield from self.parts.get(part, ())


class TableData:
    """The derived structures of one table."""

    __slots__ = ("rows", "primary", "indexes", "size", "sizes", "ttl_name", "ttl")

    def __init__(self, table: Table, rows: StateTable) -> None:
        self.rows = rows
        self.primary = Ordered(table.hash_key, table.range_key)
        self.indexes: dict[str, Ordered] = {}
        self.size = 0
        self.sizes: dict[str, int] = {}  # row key -> item size, so no write or read sizes an item twice
        for name, index in {**table.gsis, **table.lsis}.items():
            self.indexes[name] = Ordered.of(index)
        for rkey, item in rows.rows.items():
            self.primary.add(item, rkey)
            for ordered in self.indexes.values():
                ordered.add(item, rkey)
            size = self.sizes[rkey] = v.item_size(item)
            self.size += size
        self.ttl_name: str | None = None
        self.ttl: list[tuple[float, str]] = []
        self.track_ttl(table.ttl_attribute if table.ttl_enabled else None)

    def track_ttl(self, name: str | None) -> None:
        """Index items by the TTL attribute `name` (None: stop)."""
        if name == self.ttl_name:
            return
        self.ttl_name = name
        self.ttl = []
        if name is not None:
            for rkey, item in self.rows.rows.items():
                at = _expiry(item.get(name))
                if at is not None:
                    self.ttl.append((at, rkey))
            self.ttl.sort()

    def expired(self, start: float, end: float) -> list[str]:
        """Row keys whose TTL value is in [start, end)."""
        ttl = self.ttl
        return [rkey for _, rkey in ttl[bisect_left(ttl, (start,)) : bisect_left(ttl, (end,))]]

    def add_index(self, index: Index) -> None:
        ordered = self.indexes[index.name] = Ordered.of(index)
        for rkey, item in self.rows.rows.items():
            ordered.add(item, rkey)

    def drop_index(self, name: str) -> None:
        self.indexes.pop(name, None)

    def size_of(self, rkey: str, item: v.Item) -> int:
        size = self.sizes.get(rkey)
        return v.item_size(item) if size is None else size

    def write(self, rkey: str, old: v.Item | None, new: v.Item | None, new_size: int | None = None) -> tuple[int, int]:
        """Record in the structures and in the state table that the item under
        `rkey` changed from `old` to `new` (None: absent). Returns (old size,
        new size); `new_size` when the caller has already measured `new`."""
        ttl_name = self.ttl_name
        old_size = 0
        if old is not None:
            old_size = self.size_of(rkey, old)
            self.sizes.pop(rkey, None)
            self.size -= old_size
            if new is None:
                self.primary.remove(old, rkey)
            for ordered in self.indexes.values():
                ordered.remove(old, rkey)
            if ttl_name is not None and ttl_name in old:
                at = _expiry(old[ttl_name])
                if at is not None:
                    ttl = self.ttl
                    i = bisect_left(ttl, (at, rkey))
                    if i < len(ttl) and ttl[i] == (at, rkey):
                        del ttl[i]
        if new is not None:
            if new_size is None:
                new_size = v.item_size(new)
            self.sizes[rkey] = new_size
            self.size += new_size
            if old is None:
                self.primary.add(new, rkey)
            for ordered in self.indexes.values():
                ordered.add(new, rkey)
            if ttl_name is not None and ttl_name in new:
                at = _expiry(new[ttl_name])
                if at is not None:
                    insort(self.ttl, (at, rkey))
            self.rows[rkey] = new
        elif old is not None:
            del self.rows[rkey]
        return old_size, new_size or 0


def _expiry(value: v.AttributeValue | None) -> float | None:
    """A TTL attribute's expiry in epoch seconds: only a Number counts."""
    if value is None or "N" not in value:
        return None
    return float(value["N"])


# Derived data per store: scope key + table name -> TableData. A cache, not state:
# an entry is valid while it wraps the very state table the scope holds now.
_CACHE: weakref.WeakKeyDictionary[Store, dict[tuple[Any, str], TableData]] = weakref.WeakKeyDictionary()


def data(scope: Scope, table: Table) -> TableData:
    rows = scope.table(items_table(table.name))
    per_store = _CACHE.get(scope.store)
    if per_store is None:
        per_store = _CACHE[scope.store] = {}
    key = (scope.key, table.name)
    found = per_store.get(key)
    if found is not None and found.rows is rows:
        return found
    # Drop entries of scopes a reset has forgotten.
    live = scope.store.scopes
    for stale in [k for k, d in per_store.items() if live.get(k[0]) is None or live[k[0]].tables.get(items_table(k[1])) is not d.rows]:
        del per_store[stale]
    built = per_store[key] = TableData(table, rows)
    return built


def forget(scope: Scope, table_name: str) -> None:
    per_store = _CACHE.get(scope.store)
    if per_store is not None:
        per_store.pop((scope.key, table_name), None)
