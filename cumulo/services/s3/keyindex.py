"""Object rows, and what S3 knows about them without reading them.

Object rows (`objects/<bucket>`: key -> `ObjectKey`) are cold tables
(`cumulo.state.store.cold_tables`): past the store's warm budget their values
live on disk and memory keeps only the key. So nothing here keeps an entity
across requests, and nothing walks every row:

- `KeyIndex`: one bucket's keys in order, built at its first listing and kept
  beside the table (`Table.memo`). A new key is appended unsorted and a
  deleted one set aside; the next listing sorts them in (a sorted run plus a
  short tail sorts in linear time), so a PUT pays an append, not an insert.
- `markers/<bucket>`: the keys whose current version is a delete marker, so
  listings skip them without reading rows. Its row "" (no S3 key is empty)
  says the table is complete; a versioned bucket stored before it existed
  gets it from one walk over its rows.
- `save`: every write of an object row goes through it, keeping both in step.

Listings read one page of rows with `Table.peek`: the cold ones in one batch, not
made warm (a listing must not push the hot rows out of memory).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.s3.common import objects, scope
from cumulo.services.s3.models import Bucket, ObjectKey
from cumulo.state import Table

COMPLETE = ""  # the markers table's row saying it lists every delete marker


class KeyIndex:
    """The keys of one object table, in order: (`ordered` + `added`) - `removed`."""

    __slots__ = ("ordered", "added", "removed")

    def __init__(self, keys: Iterable[str]) -> None:
        self.ordered: list[str] = sorted(keys)
        self.added: list[str] = []  # keys not in `ordered` yet
        self.removed: set[str] = set()  # keys of `ordered` or `added` that are gone

    def __len__(self) -> int:
        return len(self.ordered) + len(self.added) - len(self.removed)

    def add(self, key: str) -> None:
        """`key` (not indexed) now has a row."""
        if key in self.removed:
            self.removed.discard(key)  # still in `ordered` or `added`
        else:
            self.added.append(key)

    def remove(self, key: str) -> None:
        """`key` (indexed) has no row any more."""
        self.removed.add(key)

    def keys(self) -> list[str]:
        """Every key, sorted (the list is shared: never change it)."""
        if self.added or self.removed:
            keys = self.ordered + self.added
            if self.removed:
                removed = self.removed
                keys = [k for k in keys if k not in removed]
            keys.sort()
            self.ordered, self.added, self.removed = keys, [], set()
        return self.ordered


def markers(ctx: RequestContext, bucket: str) -> Table:
    return scope(ctx).table("markers/" + bucket)


def started(ctx: RequestContext, bucket: str) -> None:
    """A new bucket: it has no delete markers, and its markers table says so."""
    markers(ctx, bucket)[COMPLETE] = True


def dropped(ctx: RequestContext, bucket: str) -> None:
    """A deleted bucket: its markers table goes too."""
    markers(ctx, bucket).clear()


def index(table: Table) -> KeyIndex:
    """The table's key index, built now if missing (or out of step: a write that bypassed `save`)."""
    found: KeyIndex | None = table.memo
    if found is None or len(found) != len(table.rows):
        found = table.memo = KeyIndex(table.rows)
    return found


def save(ctx: RequestContext, bucket: str, key: str, entry: ObjectKey | None) -> None:
    """Store the versions of `key` (none left: delete its row), keeping the index and
    the markers table in step."""
    table = objects(ctx, bucket)
    existed = key in table.rows
    found: KeyIndex | None = table.memo
    marker = False
    if entry is not None and entry.versions:
        table[key] = entry
        marker = entry.versions[0].delete_marker
        if not existed and found is not None:
            found.add(key)
    elif existed:
        del table[key]
        if found is not None:
            found.remove(key)
    shown = markers(ctx, bucket)
    if marker:
        if key not in shown.rows:
            shown[key] = True
    elif key in shown.rows:
        del shown[key]


def hidden(ctx: RequestContext, bucket: Bucket) -> dict[str, Any] | None:
    """The keys a listing of current objects skips (their current version is a
    delete marker), or None when there are none."""
    shown = markers(ctx, bucket.name)
    if COMPLETE not in shown.rows:
        if not bucket.versioning:
            return None  # never versioned: no delete markers
        # Stored before the markers table existed: find them once.
        table = objects(ctx, bucket.name)
        keys = list(table.rows)
        for i in range(0, len(keys), 500):
            for key, entry in table.peek(keys[i:i + 500]).items():
                if entry.versions and entry.versions[0].delete_marker:
                    shown[key] = True
        shown[COMPLETE] = True
    rows: dict[str, Any] = shown.rows
    return rows if len(rows) > 1 else None

