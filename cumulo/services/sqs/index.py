"""The receive index: the messages ReceiveMessage may hand out, in order, at O(log n) each.

Runtime state, never persisted: the message entities stay the only truth, and an
index is rebuilt from them (O(n log n), once) whenever it cannot be trusted.

Order (the order a full scan of the queue gave): receivable messages by key, that
is in send order. On a FIFO queue a message group hands out its messages in key
order and is blocked behind its first message while that one is not visible
(in flight, or still delayed); a group's receivable messages come out together,
groups taken in the order of their first receivable message.

Shape. A *unit* becomes receivable as one: on a standard queue a message (the
unit is its key), on a FIFO queue a message group (its keys in send order in
`groups`). A unit's *head* is its first message still in the table. Every unit
with a head has exactly one live entry, `live[unit]`, in one of two heaps:
- `waiting`: (head's visible_at, head key, unit), filed whenever a unit changes;
- `ready`: (head key, unit), moved here from `waiting` once visible_at <= now.
An entry that is not `live[unit]` (by identity) is stale and dropped when it
reaches the top (lazy deletion); `compact` drops them all when they outnumber
the live ones. A popped ready entry is checked against the table (the head may
have gone, or the clock moved back) and its unit filed again after the pass.

Keeping it right. Every change of the messages goes through `delivery`, which
tells the queue's index, if one is built: `added`, `removed`, `changed`
(visibility), `cleared` (purge, queue deleted). A receive files again the units
it looked at (`settle`). What could still leave an index stale is caught where
it is fetched, `Indexes.get`, which rebuilds it when
- its table is not the store's table for the queue now (identity): `store.reset()`
  (POST /_cumulo/reset, the pytest plugin's reset) and snapshot imports drop
  every scope, so the next request sees new Table objects; or
- its message count differs from the table's (a row written or deleted past
  `delivery`), or the queue's type does.
A restart starts with no indexes: each is built on its queue's first receive.
"""

from __future__ import annotations

from collections import deque
from heapq import heapify, heappop, heappush
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from cumulo.core.runtime import Runtime
    from cumulo.services.sqs.models import Message
    from cumulo.state import Table

Unit = Any  # a message key (standard queue) or a message group id (FIFO queue)
Waiting = tuple[float, str, Unit]
Ready = tuple[str, Unit]


class QueueIndex:
    __slots__ = ("table", "fifo", "count", "waiting", "ready", "live", "groups", "touched")

    def __init__(self, table: Table, fifo: bool) -> None:
        self.table = table
        self.fifo = fifo
        self.count = 0  # the messages it was told of: len(table) when nothing was missed
        self.waiting: list[Waiting] = []
        self.ready: list[Ready] = []
        self.live: dict[Unit, Waiting | Ready] = {}
        self.groups: dict[Unit, deque[str]] = {}
        self.touched: list[Unit] = []  # units a receive pass took out of the heaps

    @classmethod
    def build(cls, table: Table, fifo: bool) -> QueueIndex:
        index = cls(table, fifo)
        rows = table.rows
        index.count = len(rows)
        keys = sorted(rows)
        if fifo:
            for key in keys:
                index.groups.setdefault(rows[key].group_id, deque()).append(key)
            heads = [(rows[q[0]].visible_at, q[0], group) for group, q in index.groups.items()]
        else:
            heads = [(rows[key].visible_at, key, key) for key in keys]
        index.waiting = heads
        index.live = {entry[2]: entry for entry in heads}
        heapify(index.waiting)
        return index

    # ---------------------------------------------------------------- receiving

    def candidates(self, now: float) -> Iterator[Message]:
        """Receivable messages in order. The caller changes nothing until it has
        stopped iterating, then calls `settle`, whether or not it finished."""
        self._promote(now)
        rows, ready, live = self.table.rows, self.ready, self.live
        # The heads of the units next in line (a FIFO group: its first receivable message).
        line: list[tuple[str, Unit, int]] = []
        while True:
            while ready and live.get(ready[0][1]) is not ready[0]:
                heappop(ready)
            if not line or (ready and ready[0][0] < line[0][0]):
                if not ready:
                    return
                unit = heappop(ready)[1]
                del live[unit]
                self.touched.append(unit)
                head = self._head(unit)
                if head is not None and head.visible_at <= now:
                    heappush(line, (head.key, unit, 0))
                continue
            key, unit, position = heappop(line)
            yield rows[key]
            if self.fifo:
                # A group's messages go out together, before the next group's (AWS
                # returns g1-m1, g1-m2, g1-m3, g2-m1 for g1-m1, g2-m1, g1-m2, g1-m3).
                yield from self._rest_of_group(unit, position + 1, now)

    def settle(self) -> None:
        """File again the units the last pass took out, by what they hold now."""
        for unit in self.touched:
            self._file(unit)
        self.touched.clear()

    def _promote(self, now: float) -> None:
        waiting, live = self.waiting, self.live
        while waiting and waiting[0][0] <= now:
            entry = heappop(waiting)
            unit = entry[2]
            if live.get(unit) is entry:
                moved = live[unit] = (entry[1], unit)
                heappush(self.ready, moved)

    def _rest_of_group(self, unit: Unit, position: int, now: float) -> Iterator[Message]:
        keys, rows = self.groups[unit], self.table.rows
        while position < len(keys):
            message = rows.get(keys[position])
            position += 1
            if message is None:  # deleted while in flight behind the head
                continue
            if message.visible_at > now:
                return  # a message not visible blocks the rest of its group
            yield message

    # ---------------------------------------------------------------- changes, told by delivery

    def added(self, message: Message) -> None:
        self.count += 1
        if not self.fifo:
            self._file(message.key)
            return
        keys = self.groups.setdefault(message.group_id, deque())
        if keys and keys[-1] > message.key:
            self.count = -1  # out of send order: cannot happen through delivery; rebuild
        keys.append(message.key)
        if len(keys) == 1:
            self._file(message.group_id)

    def removed(self, message: Message) -> None:
        """After the message's row is deleted."""
        self.count -= 1
        if not self.fifo:
            self.live.pop(message.key, None)
            return
        keys = self.groups.get(message.group_id)
        if keys and keys[0] == message.key:
            self._file(message.group_id)
        # Behind the head, a deleted key is skipped when met, and popped once at the head.

    def changed(self, message: Message) -> None:
        """After the message's visible_at changed."""
        if not self.fifo:
            self._file(message.key)
            return
        keys = self.groups.get(message.group_id)
        if keys and keys[0] == message.key:
            self._file(message.group_id)
        # Behind the head it is looked at when the group is: nothing is filed under it.

    # ---------------------------------------------------------------- filing

    def _head(self, unit: Unit) -> Message | None:
        rows = self.table.rows
        if not self.fifo:
            found: Message | None = rows.get(unit)
            return found
        keys = self.groups.get(unit)
        while keys and keys[0] not in rows:
            keys.popleft()
        if not keys:
            self.groups.pop(unit, None)
            return None
        head: Message = rows[keys[0]]
        return head

    def _file(self, unit: Unit) -> None:
        head = self._head(unit)
        if head is None:
            self.live.pop(unit, None)
            return
        entry = self.live[unit] = (head.visible_at, head.key, unit)
        heappush(self.waiting, entry)
        if len(self.waiting) + len(self.ready) > 2 * len(self.live) + 64:
            self._compact()

    def _compact(self) -> None:
        live = self.live
        self.waiting = [e for e in self.waiting if live.get(e[2]) is e]
        self.ready = [e for e in self.ready if live.get(e[1]) is e]
        heapify(self.waiting)
        heapify(self.ready)


class Indexes:
    """One runtime's receive indexes (`runtime.live["sqs-index"]`), by queue."""

    __slots__ = ("by_queue", "sweep_at")

    def __init__(self) -> None:
        self.by_queue: dict[tuple[tuple[str, str, str], str], QueueIndex] = {}
        self.sweep_at = 64

    def get(self, table: Table, fifo: bool) -> QueueIndex:
        """The index of a queue's message table, built or rebuilt if it cannot be trusted."""
        index = self.by_queue.get((table.scope_key, table.name))
        if index is None or index.table is not table or index.fifo != fifo or index.count != len(table.rows):
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
