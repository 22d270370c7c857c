"""Ordered key structures over a table's items: the primary key and each index.

An `Ordered` maps each partition key value to its `(sort value, row key)` pairs
kept sorted with `bisect`, so a Query is O(log n + k): find the partition, bisect
to the first sort key in range, walk. Scan walks partitions in a stable order
(a hash of the partition key, as DynamoDB spreads them), built by the first Scan
and then kept in step (a new or vanished partition is one insertion in it). The
row key (`row_key`) breaks ties, so a GSI, whose
keys need not be unique, still orders every entry. A table without a sort key
needs no structure for its primary key (`Keys`): its row keys are the index.

Items live in a cold state table (`models`): most are on disk, not in memory, so
these structures hold keys and sort values only, never items, and are compact
(they are most of what an item costs in memory).

`TableData` holds the primary key's structure and one `Ordered` per index, the
live total size, and, while TTL is on, the TTL index: `(expiry, row key)`
pairs sorted by the TTL attribute's value, so a sweep bisects to what has
expired and costs O(expired · log n), never a read of every item. It is derived
state: built from the stored items (one read-only walk) the first time a table
is used after a start (or a reset), cached per store, and updated on every
write through `TableData.write`.
"""

from __future__ import annotations

import base64
import hashlib
import weakref
from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Iterator
from decimal import Decimal
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


def _token(part: Any) -> int:
    return int.from_bytes(hashlib.md5(repr(part).encode("utf-8", "surrogatepass")).digest()[:8], "big")


def _bound(segment: int, total: int) -> int:
    return (segment << 64) // total


def _span(tokens: array[int], segment: int, total: int) -> tuple[int, int]:
    """Positions in the scan order of the partitions in `segment` of `total`: token
    ranges, segment i owning tokens in [i * 2^64 / total, (i + 1) * 2^64 / total)."""
    if total <= 1:
        return 0, len(tokens)
    stop = bisect_left(tokens, _bound(segment + 1, total)) if segment + 1 < total else len(tokens)
    return bisect_left(tokens, _bound(segment, total)), stop


def _find(tokens: array[int], parts: list[Any], token: int, part: Any) -> int:
    """The position of (token, part) in the scan order, or where it would go."""
    at = bisect_left(tokens, token)
    while at < len(tokens) and tokens[at] == token and parts[at] < part:
        at += 1
    return at


def _sorted_order(parts: Any, token_of: Any = _token) -> tuple[array[int], list[Any]]:
    """(tokens, parts) sorted by (token, part): two flat sequences, not a tuple per partition."""
    pairs = sorted((token_of(p), p) for p in parts)
    return array("Q", [t for t, _ in pairs]), [p for _, p in pairs]


def _enter(order: tuple[array[int], list[Any]] | None, token: int, part: Any) -> None:
    """A new partition into a built scan order (a memmove, not a rebuild of the whole order)."""
    if order is not None:
        tokens, parts = order
        at = _find(tokens, parts, token, part)
        tokens.insert(at, token)
        parts.insert(at, part)


def _leave(order: tuple[array[int], list[Any]] | None, token: int, part: Any) -> None:
    if order is not None:
        tokens, parts = order
        at = _find(tokens, parts, token, part)
        if at < len(parts) and parts[at] == part:
            del tokens[at]
            del parts[at]


class Ordered:
    """Partition key value -> its (sort value, row key) pairs, sorted.

    A partition of one entry holds the pair itself, one of several a sorted list,
    so a key that is unique (most of them) costs a dict slot and a tuple. `count`
    is the number of entries. A multi-attribute key (a GSI's, up to four
    attributes each) is a tuple of its attributes' sort values, so its sort order
    is by the first attribute, then the next; an item lacking any key attribute
    is not in the index."""

    __slots__ = ("hash_key", "range_key", "hash_keys", "range_keys", "parts", "count", "_order")

    def __init__(self, hash_key: str, range_key: str | None, hash_keys: list[str] | None = None, range_keys: list[str] | None = None) -> None:
        self.hash_key = hash_key
        self.range_key = range_key
        self.hash_keys = hash_keys if hash_keys and len(hash_keys) > 1 else None
        self.range_keys = range_keys if range_keys and len(range_keys) > 1 else None
        self.parts: dict[Any, Any] = {}  # partition -> a (sort value, row key) pair, or a sorted list of them
        self.count = 0
        self._order: tuple[array[int], list[Any]] | None = None

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
        parts = self.parts
        rows = parts.get(part)
        self.count += 1
        if rows is None:
            parts[part] = pair
            _enter(self._order, _token(part), part)
        elif type(rows) is tuple:
            parts[part] = [rows, pair] if rows < pair else [pair, rows]
        else:
            insort(rows, pair)

    def remove(self, item: v.Item, rkey: str) -> None:
        found = self.entry(item, rkey)
        if found is None:
            return
        part, pair = found
        parts = self.parts
        rows = parts.get(part)
        if rows is None:
            return
        if type(rows) is tuple:
            if rows == pair:
                del parts[part]
                self.count -= 1
                _leave(self._order, _token(part), part)
            return
        at = bisect_left(rows, pair)
        if at < len(rows) and rows[at] == pair:
            del rows[at]
            self.count -= 1
            if len(rows) == 1:
                parts[part] = rows[0]

    def partition(self, part: Any) -> list[tuple[Any, str]]:
        rows = self.parts.get(part)
        if rows is None:
            return []
        return [rows] if type(rows) is tuple else rows  # type: ignore[no-any-return]

    def order(self) -> tuple[array[int], list[Any]]:
        if self._order is None:
            self._order = _sorted_order(self.parts)
        return self._order

    def scan(self, after: tuple[Any, tuple[Any, str]] | None = None, segment: int = 0, total: int = 1) -> Iterator[tuple[Any, str]]:
        """Every (sort value, row key) in scan order, starting after `after` =
        (partition, pair) when given. With `total` segments, only the partitions
        whose hash falls in `segment` (a contiguous run of the order)."""
        tokens, order = self.order()
        start, stop = _span(tokens, segment, total)
        if after is not None:
            part, pair = after
            at = _find(tokens, order, _token(part), part)
            if at < len(order) and order[at] == part:
                rows = self.partition(part)
                yield from rows[bisect_right(rows, pair) :]
                at += 1
            start = max(start, at)
        parts = self.parts
        for i in range(start, stop):
            held = parts.get(order[i])
            if held is None:
                continue
            if type(held) is tuple:
                yield held
            else:
                yield from held


def _part_key(part: Any) -> str:
    """The row key of a table without a sort key whose partition key's sort value is `part`."""
    if isinstance(part, str):
        return "S" + part
    if isinstance(part, Decimal):
        return "N" + v.format_number(part)
    return "B" + base64.b64encode(part).decode()


def _key_part(rkey: str) -> Any:
    """The sort value of the partition key encoded in a row key (inverse of `_part_key`)."""
    kind, text = rkey[0], rkey[1:]
    if kind == "S":
        return text
    if kind == "N":
        return Decimal(text)
    return base64.b64decode(text)


def _rkey_token(rkey: str) -> int:
    return _token(_key_part(rkey))


class Keys:
    """The primary key of a table without a sort key: each partition holds one
    item, whose row key encodes the partition key's value, so the state table's
    own keys are the whole index and nothing is kept per item (the scan order,
    built when a Scan needs it, is two flat sequences)."""

    __slots__ = ("rows", "hash_key", "_order")

    range_key = None
    hash_keys = range_keys = None

    def __init__(self, rows: StateTable, hash_key: str) -> None:
        self.rows = rows
        self.hash_key = hash_key
        self._order: tuple[array[int], list[str]] | None = None

    @property
    def count(self) -> int:
        return len(self.rows)

    def entry(self, item: v.Item, rkey: str) -> tuple[Any, tuple[Any, str]] | None:
        h = item.get(self.hash_key)
        return None if h is None else (v.sort_value(h), ("", rkey))

    def add(self, item: v.Item, rkey: str) -> None:
        if self._order is not None:
            _enter(self._order, _token(v.sort_value(item[self.hash_key])), rkey)

    def remove(self, item: v.Item, rkey: str) -> None:
        if self._order is not None:
            _leave(self._order, _token(v.sort_value(item[self.hash_key])), rkey)

    def partition(self, part: Any) -> list[tuple[Any, str]]:
        rkey = _part_key(part)
        return [("", rkey)] if rkey in self.rows else []

    def order(self) -> tuple[array[int], list[str]]:
        if self._order is None:
            self._order = _sorted_order(self.rows, _rkey_token)
        return self._order

    def scan(self, after: tuple[Any, tuple[Any, str]] | None = None, segment: int = 0, total: int = 1) -> Iterator[tuple[Any, str]]:
        tokens, order = self.order()
        start, stop = _span(tokens, segment, total)
        if after is not None:
            part, (_, rkey) = after
            at = _find(tokens, order, _token(part), rkey)
            if at < len(order) and order[at] == rkey:
                at += 1
            start = max(start, at)
        rows = self.rows
        for i in range(start, stop):
            rkey = order[i]
            if rkey in rows:
                yield "", rkey


class TableData:
    """The derived structures of one table."""

    __slots__ = ("rows", "primary", "indexes", "size", "ttl_name", "ttl")

    def __init__(self, table: Table, rows: StateTable) -> None:
        self.rows = rows
        self.primary: Ordered | Keys = Ordered(table.hash_key, table.range_key) if table.range_key else Keys(rows, table.hash_key)
        self.indexes: dict[str, Ordered] = {}
        self.size = 0
        for name, index in {**table.gsis, **table.lsis}.items():
            self.indexes[name] = Ordered.of(index)
        self.ttl_name: str | None = table.ttl_attribute if table.ttl_enabled else None
        self.ttl: list[tuple[float, str]] = []
        # One read-only walk: a cold item is read back without being kept in memory.
        primary, ordered, ttl_name = self.primary, list(self.indexes.values()), self.ttl_name
        for rkey, item in rows.walk():
            primary.add(item, rkey)
            for secondary in ordered:
                secondary.add(item, rkey)
            self.size += v.item_size(item)
            if ttl_name is not None:
                at = _expiry(item.get(ttl_name))
                if at is not None:
                    self.ttl.append((at, rkey))
        self.ttl.sort()

    def track_ttl(self, name: str | None) -> None:
        """Index items by the TTL attribute `name` (None: stop)."""
        if name == self.ttl_name:
            return
        self.ttl_name = name
        self.ttl = []
        if name is not None:
            for rkey, item in self.rows.walk():
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
        for rkey, item in self.rows.walk():
            ordered.add(item, rkey)

    def drop_index(self, name: str) -> None:
        self.indexes.pop(name, None)

    def size_of(self, rkey: str, item: v.Item) -> int:
        # Measured again rather than kept per item: a dict of sizes would cost more than the measuring.
        return v.item_size(item)

    def write(self, rkey: str, old: v.Item | None, new: v.Item | None, new_size: int | None = None) -> tuple[int, int]:
        """Record in the structures and in the state table that the item under
        `rkey` changed from `old` to `new` (None: absent). Returns (old size,
        new size); `new_size` when the caller has already measured `new`."""
        ttl_name = self.ttl_name
        old_size = 0
        if old is not None:
            old_size = v.item_size(old)
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
