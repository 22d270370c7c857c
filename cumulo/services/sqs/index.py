"""The queue index: what ReceiveMessage, the counts and expiry need of each message, kept small.

Message rows are cold (`cumulo.state.store.cold_tables`): past the warm budget
their values live on disk, so nothing may scan them. The index holds, per message
key, a *meta* tuple `(visible_at, sent, receive_count, group)` (group: the
message group id on a FIFO queue, else None) and the structures that pick what a
receive hands out, so a receive reads back only the messages it returns, and
counts, expiry and move tasks read none.

Runtime state, never persisted: the message rows stay the only truth, and an
index is built from them (O(n), reading cold rows back without keeping them)
when first needed and whenever it cannot be trusted.

Order (the order a full scan of the queue gave): receivable messages by key, that
is in send order. On a FIFO queue a message group hands out its messages in key
order and is blocked behind its first message while that one is not visible
(in flight, or still delayed); a group's receivable messages come out together,
groups taken in the order of their first receivable message.

Standard queues (one entry per message, so kept lean): `ready` is a heap of keys
believed visible, `waiting` a heap of (visible_at, key) for the rest. Entries are
never removed in place: a popped entry is checked against `meta` (gone, changed,
or already seen in this pass: dropped; not visible, the clock moved back: filed
again), and `_compact` rebuilds both heaps when stale entries outnumber messages.

FIFO queues: a *unit* is a message group (its keys in send order in `groups`);
its *head* is its first message still indexed. Every group with a head has one
live entry, `live[group]`, in `waiting` as (head's visible_at, head key, group),
or in `ready` as (head key, group) once visible; an entry that is not
`live[group]` (by identity) is stale and dropped when met.

Keeping it right. Every change of the messages goes through `delivery`, which
tells the queue's index, if one is built: `added`, `removed`, `changed`
(visibility), `received`, `cleared` (purge, queue deleted). A receive files again
the units it looked at (`settle`). What could still leave an index stale is
caught where it is fetched, `Indexes.get`, which rebuilds it when
- its table is not the store's table for the queue now (identity): `store.reset()`
  (POST /_cumulo/reset, the pytest plugin's reset) and snapshot imports drop
  every scope, so the next request sees new Table objects; or
- its message count differs from the table's (a row written or deleted past
  `delivery`), or the queue's type does.
A restart starts with no indexes: each is built on its queue's first use.
"""

from __future__ import annotations

import sys
from collections import deque
from heapq import heapify, heappop, heappush
from typing import TYPE_CHECKING, Any


if TYPE_CHECKING:
    from collections.abc import Iterator

    from cumulo.core.runtime import Runtime
    from cumulo.services.sqs.models import Message
    from cumulo.state import Table

# (visible_at, sent, receive_count, group id or None)
Meta = tuple[float, float, int, Any]
Waiting = tuple[float, str, Any]
Ready = tuple[str, Any]


def meta_of(message: Message, fifo: bool) -> Meta:
    # One string object per group id, shared by the group's messages (interned strings are freed when unused).
    group = sys.intern(message.group_id) if fifo and message.group_id is not None else None
    sent = message.sent
    visible_at = sent if message.visible_at == sent else message.visible_at  # one float object when equal
    return (visible_at, sent, message.receive_count, group)


class QueueIndex:
    __slots__ = ("table", "fifo", "meta", "waiting", "ready", "live", "groups", "touched", "stale")

    def __init__(self, table: Table, fifo: bool) -> None:
        self.table = table
        self.fifo = fifo
        self.meta: dict[str, Meta] = {}
        self.waiting: list[Any] = []
        self.ready: list[Any] = []
        self.live: dict[Any, Waiting | Ready] = {}  # FIFO only
        self.groups: dict[Any, deque[str]] = {}  # FIFO only
        self.touched: list[Any] = []  # keys (standard) or groups (FIFO) a receive pass took out
        self.stale = False  # told something that cannot happen through delivery: rebuilt when next fetched

    @classmethod
    def build(cls, table: Table, fifo: bool) -> QueueIndex:
        index = cls(table, fifo)
        meta = index.meta
        for key, message in table.walk(sorted(table.rows)):
            meta[key] = meta_of(message, fifo)
        index._rebuild()
        return index

    def _rebuild(self) -> None:
        """Every heap (and FIFO group) from `meta` alone."""
        meta = self.meta
        if self.fifo:
            self.groups, self.live = {}, {}
            for key in sorted(meta):
                self.groups.setdefault(meta[key][3], deque()).append(key)
            self.waiting = [(meta[keys[0]][0], keys[0], group) for group, keys in self.groups.items()]
            self.live = {entry[2]: entry for entry in self.waiting}
            self.ready = []
        else:
            # Messages visible since they were sent go straight to `ready` (a sorted list
            # is a heap; keys alone are lighter than waiting entries), the rest wait.
            self.ready = sorted(key for key, m in meta.items() if m[0] <= m[1])
            self.waiting = [(m[0], key) for key, m in meta.items() if m[0] > m[1]]
        heapify(self.waiting)

    # ---------------------------------------------------------------- reading

    def counts(self, now: float, retention: int) -> tuple[int, int, int]:
        """(visible, in flight, delayed) among messages not past retention."""
        visible = in_flight = delayed = 0
        for visible_at, sent, receive_count, _ in self.meta.values():
            if now >= sent + retention:
                continue
            if visible_at <= now:
                visible += 1
            elif receive_count:
                in_flight += 1
            else:
                delayed += 1
        return visible, in_flight, delayed

    def expired(self, now: float, retention: int) -> list[str]:
        return [key for key, m in self.meta.items() if now >= m[1] + retention]

    def visible(self, now: float, retention: int) -> list[str]:
        """Keys of the visible messages not past retention, in send order (`meta`'s
        order: built sorted, and keys are added in send order)."""
        return [key for key, m in self.meta.items() if m[0] <= now and now < m[1] + retention]

    # ---------------------------------------------------------------- receiving

    def candidates(self, now: float) -> Iterator[tuple[str, Meta]]:
        """Receivable messages in order, as (key, meta). The caller changes nothing
        but through `received` until it has stopped iterating, then calls `settle`,
        whether or not it finished."""
        if self.fifo:
            return self._fifo_candidates(now)
        return self._standard_candidates(now)

    def settle(self) -> None:
        """File again the units the last pass took out, by what they hold now."""
        file = self._file_group if self.fifo else self._file_key
        for unit in self.touched:
            file(unit)
        self.touched.clear()

    def _standard_candidates(self, now: float) -> Iterator[tuple[str, Meta]]:
        meta, ready, waiting = self.meta, self.ready, self.waiting
        while waiting and waiting[0][0] <= now:
            visible_at, key = heappop(waiting)
            m = meta.get(key)
            if m is not None and m[0] == visible_at:
                heappush(ready, key)
        seen: set[str] = set()
        while ready:
            key = heappop(ready)
            m = meta.get(key)
            if m is None or key in seen:
                continue
            seen.add(key)
            self.touched.append(key)  # filed again by `settle`, whatever the caller does with it
            if m[0] > now:  # the clock moved back
                continue
            yield key, m

    def _fifo_candidates(self, now: float) -> Iterator[tuple[str, Meta]]:
        self._promote(now)
        ready, live = self.ready, self.live
        # The heads of the groups next in line (a group: its first receivable message).
        line: list[tuple[str, Any, int]] = []
        while True:
            while ready and live.get(ready[0][1]) is not ready[0]:
                heappop(ready)
            if not line or (ready and ready[0][0] < line[0][0]):
                if not ready:
                    return
                group = heappop(ready)[1]
                del live[group]
                self.touched.append(group)
                head = self._head(group)
                if head is not None and self.meta[head][0] <= now:
                    heappush(line, (head, group, 0))
                continue
            key, group, position = heappop(line)
            yield key, self.meta[key]
            # A group's messages go out together, before the next group's (AWS
            # returns g1-m1, g1-m2, g1-m3, g2-m1 for g1-m1, g2-m1, g1-m2, g1-m3).
            yield from self._rest_of_group(group, position + 1, now)

    def _promote(self, now: float) -> None:
        waiting, live = self.waiting, self.live
        while waiting and waiting[0][0] <= now:
            entry = heappop(waiting)
            _, key, group = entry
            if live.get(group) is entry:
                moved: Ready = (key, group)
                live[group] = moved
                heappush(self.ready, moved)

    def _rest_of_group(self, group: Any, position: int, now: float) -> Iterator[tuple[str, Meta]]:
        keys, meta = self.groups[group], self.meta
        while position < len(keys):
            key = keys[position]
            m = meta.get(key)
            position += 1
            if m is None:  # deleted while in flight behind the head
                continue
            if m[0] > now:
                return  # a message not visible blocks the rest of its group
            yield key, m

    # ---------------------------------------------------------------- changes, told by delivery

    def added(self, message: Message) -> None:
        key = message.key
        m = self.meta[key] = meta_of(message, self.fifo)
        if not self.fifo:
            if m[0] <= m[1]:
                heappush(self.ready, key)  # sent visible: in send order, at the end of the heap
            else:
                heappush(self.waiting, (m[0], key))
            self._compact_if_stale()
            return
        keys = self.groups.setdefault(m[3], deque())
        if keys and keys[-1] > key:
            self.stale = True  # out of send order
        keys.append(key)
        if len(keys) == 1:
            self._file_group(m[3])

    def removed(self, key: str) -> None:
        """After the message's row is deleted."""
        m = self.meta.pop(key, None)
        if m is None:
            return
        if not self.fifo:
            self._compact_if_stale()  # its heap entries are dropped when met, or here
            return
        keys = self.groups.get(m[3])
        if keys and keys[0] == key:
            self._file_group(m[3])
        # Behind the head, a deleted key is skipped when met, and popped once at the head.

    def changed(self, key: str, visible_at: float) -> None:
        """After the message's visible_at changed (not within a receive pass)."""
        m = self.meta.get(key)
        if m is None:
            return
        self.meta[key] = (visible_at, m[1], m[2], m[3])
        if not self.fifo:
            self._file_key(key)
            return
        keys = self.groups.get(m[3])
        if keys and keys[0] == key:
            self._file_group(m[3])
        # Behind the head it is looked at when the group is: nothing is filed under it.

    def received(self, key: str, visible_at: float, receive_count: int) -> None:
        """Within a receive pass: the message went in flight (filed again by `settle`)."""
        m = self.meta[key]
        self.meta[key] = (visible_at, m[1], receive_count, m[3])

    # ---------------------------------------------------------------- filing

    def _file_key(self, key: str) -> None:
        m = self.meta.get(key)
        if m is not None:
            heappush(self.waiting, (m[0], key))
            self._compact_if_stale()

    def _compact_if_stale(self) -> None:
        if len(self.waiting) + len(self.ready) > 2 * len(self.meta) + 64:
            self._rebuild()

    def _head(self, group: Any) -> str | None:
        keys, meta = self.groups.get(group), self.meta
        while keys and keys[0] not in meta:
            keys.popleft()
        if not keys:
            self.groups.pop(group, None)
            return None
        return keys[0]

    def _file_group(self, group: Any) -> None:
        head = self._head(group)
        if head is None:
            self.live.pop(group, None)
            return
        entry = self.live[group] = (self.meta[head][0], head, group)
        heappush(self.waiting, entry)
        if len(self.waiting) + len(self.ready) > 2 * len(self.live) + 64:
            self._compact_groups()

    def _compact_groups(self) -> None:
        live = self.live
        self.waiting = [e for e in self.waiting if live.get(e[2]) is e]
        self.ready = [e for e in self.ready if live.get(e[1]) is e]
        heapify(self.waiting)
        heapify(self.ready)


class Indexes:
    """One runtime's queue indexes (`runtime.live["sqs-index"]`), by queue."""

    __slots__ = ("by_queue", "sweep_at")

    def __init__(self) -> None:
        self.by_queue: dict[tuple[tuple[str, str, str], str], QueueIndex] = {}
        self.sweep_at = 64

    def get(self, table: Table, fifo: bool) -> QueueIndex:
        """The index of a queue's message table, built or rebuilt if it cannot be trusted."""
        index = self.by_queue.get((table.scope_key, table.name))
        if (index is None or index.table is not table or index.fifo != fifo or index.stale
                or len(index.meta) != len(table.rows)):
            index = self.by_queue[(table.scope_key, table.name)] = QueueIndex.build(table, fifo)
            if len(self.by_queue) >= self.sweep_at:
                self._sweep()
        return index

    def built(self, table: Table) -> QueueIndex | None:
        """The index to tell of a change, if one is built for this very table."""
        index = self.by_queue.get((table.scope_key, table.name))
        return index if index is not None and index.table is table else None

    def drop(self, table: Table) -> None:
        self.by_queue.pop((table.scope_key, table.name), None)

    def _sweep(self) -> None:
        """Forget the indexes of tables a reset left behind (they hold the old rows)."""
        for key, index in list(self.by_queue.items()):
            table = index.table
            scope = table.store.scopes.get(table.scope_key)
            if scope is None or scope.tables.get(table.name) is not table:
                del self.by_queue[key]
        self.sweep_at = max(64, 2 * len(self.by_queue))


def indexes(runtime: Runtime) -> Indexes:
    found: Indexes = runtime.live.setdefault("sqs-index", Indexes())
    return found
