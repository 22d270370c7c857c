"""Store, Scope and Table, and the in-memory backend.

A `Table` is a dict with change tracking: writes and deletes add the key to the
store's journal, which `commit()` drains. The persistent backend
(`cumulo.state.sqlite`) writes the journal to SQLite; memory just clears it.

Cold tables. A service declares with `cold_tables` the tables that hold its
many small things (S3 objects, SQS messages, DynamoDB items): their rows stay
in memory only while recently written or read. Past `WARM_MAX` such rows, a
commit "cools" the least recently used: each value moves to disk (the SQLite file with a
data dir, where it already is; else a private temporary SQLite file) and the
row holds `COLD` in its place, so memory keeps only the key. Reading a cold
row (`table[key]`, `get`, iteration through the mapping API) reads it back and
makes it warm again, so in-place changes followed by `touch` work as on any
row; `peek` and `walk` read many rows without keeping them. What a service must not do with a cold table: read `table.rows` values
directly (they may be `COLD`), or keep a row's value across requests (a cooled
and re-read row is a new object).
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterable, Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cumulo.state.blobs import BlobStore

ScopeKey = tuple[str, str, str]  # (service, account, region)

# Recently used rows of cold tables kept in memory, store-wide. Past it, a
# commit cools the oldest half: the batch amortizes the disk write.
# CUMULO_WARM_MAX sets it (tests of a spawned server make it small).
WARM_MAX = int(os.environ.get("CUMULO_WARM_MAX") or 4096)

_COLD_PREFIXES: dict[str, tuple[str, ...]] = {}


def cold_tables(service: str, *prefixes: str) -> None:
    """Declare the tables of `service` named with one of `prefixes` cold (above)."""
    _COLD_PREFIXES[service] = _COLD_PREFIXES.get(service, ()) + prefixes


def is_cold(service: str, table: str) -> bool:
    prefixes = _COLD_PREFIXES.get(service)
    return prefixes is not None and table.startswith(prefixes)


class _Cold:
    __slots__ = ()

    def __repr__(self) -> str:
        return "COLD"


COLD: Any = _Cold()  # a cold row's value in `Table.rows`: the value is on disk
_ABSENT: Any = object()


class Table(MutableMapping[str, Any]):
    __slots__ = ("store", "scope_key", "name", "rows", "cold", "memo")

    def __init__(self, store: Store, scope_key: ScopeKey, name: str, rows: dict[str, Any] | None = None,
                 cold: bool = False):
        self.store = store
        self.scope_key = scope_key
        self.name = name
        self.rows: dict[str, Any] = rows if rows is not None else {}
        self.cold = cold
        # What a service derives from the rows and keeps beside them (a sorted key
        # index...): never stored, gone with the table. Keys only, never values.
        self.memo: Any = None

    def __getitem__(self, key: str) -> Any:
        value = self.rows[key]
        return self.store.used(self, key, value) if self.cold else value

    def get(self, key: str, default: Any = None) -> Any:
        value = self.rows.get(key, default)
        return self.store.used(self, key, value) if self.cold and key in self.rows else value

    def values(self) -> Any:
        self.warm_all()
        return self.rows.values()

    def items(self) -> Any:
        self.warm_all()
        return self.rows.items()

    def peek(self, keys: Iterable[str]) -> dict[str, Any]:
        """Key -> value for those of `keys` that are rows, in their order, cold ones read back at
        once (one query per 500) and NOT kept warm: for read-only walks over many
        rows (a scan, a backup), which should neither grow memory nor push the
        recently used rows out. A cold row's value is then a fresh copy: never
        change it (change rows through `table[key]`)."""
        rows = self.rows
        out: dict[str, Any] = {}
        cold = []
        for key in keys:
            value = rows.get(key, _ABSENT)
            if value is not _ABSENT:
                out[key] = value  # a cold row's COLD holds its place in the order asked
                if value is COLD:
                    cold.append(key)
        if cold:
            found = self.store.read_cold(self.scope_key, self.name, cold)
            for key in cold:
                if key in found:
                    out[key] = found[key]
                else:
                    del out[key]
        return out

    def walk(self, keys: Iterable[str] | None = None, batch: int = 500) -> Iterator[tuple[str, Any]]:
        """Every (key, value), or those of `keys` in their order, through `peek`, a
        batch at a time (read-only, see `peek`). Keys are taken at the start: rows
        added meanwhile are not seen, rows deleted meanwhile are skipped."""
        keys = list(self.rows if keys is None else keys)
        for i in range(0, len(keys), batch):
            yield from self.peek(keys[i:i + batch]).items()

    def warm_all(self) -> None:
        """Read every cold row back at once (one query per 500), before a walk over them all."""
        if self.cold:
            keys = [key for key, value in self.rows.items() if value is COLD]
            if keys:
                self.store.warm_many(self, keys)

    def __contains__(self, key: object) -> bool:
        return key in self.rows

    def __iter__(self) -> Iterator[str]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def __setitem__(self, key: str, value: Any) -> None:
        self.rows[key] = value
        self.store.changed(self, key)

    def __delitem__(self, key: str) -> None:
        del self.rows[key]
        self.store.changed(self, key)

    def touch(self, key: str) -> None:
        """Record that the entity under `key` was changed in place."""
        if self.rows.get(key) is COLD:
            # Changed through a value kept while the row cooled (across an await): that
            # change is lost, but the row stays whole rather than storing `COLD` itself.
            self.store.warm(self, key)
        self.store.changed(self, key)

    def clear(self) -> None:
        for key in list(self.rows):
            del self[key]

    def spill(self, key: str, stub: Any) -> bool:
        """Hold the small `stub` in memory in place of the row under `key`, whose whole
        value stays in the persistent store (read back with `Store.read_rows`).

        Only on a persistent store and for a row with no uncommitted change, so the
        stored value is the whole one; returns whether it did. The caller must never
        write a stub back (`table[key] = stub` or `touch(key)` would store it).
        """
        if not self.store.persistent or (id(self), key) in self.store.journal or key not in self.rows:
            return False
        self.rows[key] = stub
        return True


class Scope:
    """One service's state in one account and region: a set of named tables."""

    __slots__ = ("store", "key", "tables")

    def __init__(self, store: Store, key: ScopeKey) -> None:
        self.store = store
        self.key = key
        self.tables: dict[str, Table] = {}

    def table(self, name: str) -> Table:
        table = self.tables.get(name)
        if table is None:
            cold = is_cold(self.key[0], name)
            table = self.tables[name] = Table(self.store, self.key, name, self.store.load(self.key, name, cold), cold)
        return table

    @property
    def service(self) -> str:
        return self.key[0]

    @property
    def account(self) -> str:
        return self.key[1]

    @property
    def region(self) -> str:
        return self.key[2]


class Store:
    """The state of every service. Subclasses decide where committed changes go."""

    persistent = False
    _blobs: BlobStore | None = None

    def __init__(self) -> None:
        self.scopes: dict[ScopeKey, Scope] = {}
        # (table, key) pairs changed since the last commit; dict keeps order.
        self.journal: dict[tuple[int, str], tuple[Table, str]] = {}
        # Rows of cold tables in memory, oldest first (see `cool`).
        self.warmed: dict[tuple[int, str], tuple[Table, str]] = {}

    def scope(self, service: str, account: str, region: str) -> Scope:
        key = (service, account, region)
        scope = self.scopes.get(key)
        if scope is None:
            scope = self.scopes[key] = Scope(self, key)
        return scope

    def scopes_of(self, service: str) -> list[Scope]:
        """Every scope of a service that holds state (for background ticks)."""
        for key in self.stored_scopes(service):
            self.scope(*key)
        return [s for k, s in self.scopes.items() if k[0] == service]

    def changed(self, table: Table, key: str) -> None:
        self.journal[(id(table), key)] = (table, key)

    def commit(self) -> None:
        self.note_warm()
        self.journal.clear()
        if self._blobs is not None and self._blobs.pending:
            self._blobs.remove(self._blobs.pending)
            self._blobs.pending = []
        self.cool_if_full()

    # Cold tables.
    def note_warm(self) -> None:
        """Before a commit: rows of cold tables written by it join the warm set, as its newest."""
        warmed = self.warmed
        for entry, (table, key) in self.journal.items():
            if table.cold:
                warmed.pop(entry, None)
                warmed[entry] = (table, key)

    def used(self, table: Table, key: str, value: Any) -> Any:
        """A read of a cold table's row: read it back if cold, else make it the newest
        warm row, so that the oldest ones, which cool first, are the least recently used
        (a row a request is still working on is not cooled under it)."""
        if value is COLD:
            return self.warm(table, key)
        entry = (id(table), key)
        moved = self.warmed.pop(entry, None)
        if moved is not None:
            self.warmed[entry] = moved
        return value

    def warm(self, table: Table, key: str) -> Any:
        found = self.read_cold(table.scope_key, table.name, [key])
        if key not in found:  # never a KeyError: callers would take it for "no such row"
            raise RuntimeError(f"cold row {table.name}/{key} is missing from disk")
        value = table.rows[key] = found[key]
        self.warmed[(id(table), key)] = (table, key)
        return value

    def warm_many(self, table: Table, keys: list[str]) -> None:
        for key, value in self.read_cold(table.scope_key, table.name, keys).items():
            table.rows[key] = value
            self.warmed[(id(table), key)] = (table, key)

    def cool_if_full(self) -> None:
        if len(self.warmed) > WARM_MAX:
            self.cool(len(self.warmed) - WARM_MAX // 2)

    def cool(self, count: int) -> None:
        """Move the `count` oldest warm rows to disk, after a commit (nothing uncommitted)."""
        rows = []
        for entry in list(itertools.islice(self.warmed, count)):
            table, key = self.warmed.pop(entry)
            if key in table.rows:  # else deleted since
                rows.append((table, key))
        self.write_cold(rows)
        for table, key in rows:
            table.rows[key] = COLD

    def write_cold(self, rows: list[tuple[Table, str]]) -> None:
        """Make the values of these committed rows readable by `read_cold`."""
        raise NotImplementedError

    def read_cold(self, scope_key: ScopeKey, table: str, keys: list[str]) -> dict[str, Any]:
        """Values of cold rows, read back from disk."""
        raise NotImplementedError

    def reset(self, service: str | None = None) -> None:
        """Forget the state of one service, or of all. Cost: the number of scopes."""
        if service is None:
            self.scopes.clear()
        else:
            for key in [k for k in self.scopes if k[0] == service]:
                del self.scopes[key]
        self.journal = {k: v for k, v in self.journal.items() if service is not None and v[0].scope_key[0] != service}
        self.warmed = {k: v for k, v in self.warmed.items() if service is not None and v[0].scope_key[0] != service}
        if self._blobs is not None:
            self._blobs.reset(service)

    @property
    def blobs(self) -> BlobStore:
        """Files for large bodies (cumulo.state.blobs), created on first use."""
        if self._blobs is None:
            self._blobs = self.open_blobs()
        return self._blobs

    def export(self, path: str) -> None:
        """Commit, then write the whole state, blobs included, to one file."""
        from cumulo.state.snapshot import export_store

        export_store(self, path)

    def import_(self, path: str) -> None:
        """Replace the whole state with a file written by `export` (either backend)."""
        from cumulo.state.snapshot import import_store

        import_store(self, path)

    # Backend hooks.
    def load(self, scope_key: ScopeKey, table: str, cold: bool = False) -> dict[str, Any]:
        """The committed rows of a table, read when the table is first used (a cold
        table's as `COLD`)."""
        return {}

    def stored_scopes(self, service: str) -> list[ScopeKey]:
        """Scopes of a service that have committed state not yet loaded."""
        return []

    def read_rows(self, scope_key: ScopeKey, table: str, keys: list[str]) -> dict[str, Any]:
        """The committed values of some rows of a table, read now and not kept (rows a
        service spilled with `Table.spill`); keys not stored are left out."""
        return {}

    def stored_tables(self, scope_key: ScopeKey) -> list[str]:
        """Names of a scope's tables with committed rows, loaded or not (the console lists them)."""
        scope = self.scopes.get(scope_key)
        return [name for name, table in scope.tables.items() if table.rows] if scope is not None else []

    def open_blobs(self) -> BlobStore:
        from cumulo.state.blobs import BlobStore

        return BlobStore.temporary()

    def dump(self) -> Iterator[tuple[ScopeKey, str, str, bytes]]:
        """Every row as (scope key, table, key, encoded value), for snapshots."""
        from cumulo.state.codec import encode

        for scope in list(self.scopes.values()):
            for table in scope.tables.values():
                for key, value in table.rows.items():
                    if value is COLD:
                        value = self.read_cold(scope.key, table.name, [key])[key]
                    yield scope.key, table.name, key, encode(value)

    def close(self) -> None:
        if self._blobs is not None:
            self._blobs.close()


class MemoryStore(Store):
    """State in memory only: gone when the process ends. Cold rows go to a private
    temporary SQLite file (deleted when it closes), opened when first needed."""

    def __init__(self) -> None:
        super().__init__()
        self._cold_db: Any = None
        # Warm rows written since they were last cooled: to write again when cooled.
        self._dirty: set[tuple[int, str]] = set()

    def commit(self) -> None:
        # Rows written since they were last cooled must be written again when cooled.
        for entry, (table, key) in self.journal.items():
            if table.cold:
                if key in table.rows:
                    self._dirty.add(entry)
                else:
                    self._dirty.discard(entry)
        super().commit()

    def write_cold(self, rows: list[tuple[Table, str]]) -> None:
        from cumulo.state.codec import encode

        dirty = self._dirty
        upserts = []
        for table, key in rows:
            if (id(table), key) in dirty:
                dirty.discard((id(table), key))
                upserts.append((*table.scope_key, table.name, key, encode(table.rows[key])))
        if upserts:
            upserts.sort(key=_row_order)  # in key order: B-tree inserts then touch neighbouring pages
            db = self._cold()
            db.execute("BEGIN")
            db.executemany(_COLD_UPSERT, upserts)
            db.execute("COMMIT")

    def read_cold(self, scope_key: ScopeKey, table: str, keys: list[str]) -> dict[str, Any]:
        from cumulo.state.codec import decode

        out: dict[str, Any] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            rows = self._cold().execute(
                "SELECT key, value FROM cold WHERE service = ? AND account = ? AND region = ? AND tbl = ? "
                f"AND key IN ({','.join('?' * len(part))})",
                (*scope_key, table, *part),
            )
            out.update((key, decode(value)) for key, value in rows)
        return out

    def reset(self, service: str | None = None) -> None:
        if self._cold_db is not None:
            if service is None:
                self._cold_db.execute("DELETE FROM cold")
            else:
                self._cold_db.execute("DELETE FROM cold WHERE service = ?", (service,))
        super().reset(service)
        # Marks of dropped tables go too: a new table may reuse an old one's id.
        self._dirty &= self.warmed.keys()

    def _cold(self) -> Any:
        if self._cold_db is None:
            import sqlite3

            # "" is SQLite's private temporary on-disk database, removed on close.
            self._cold_db = sqlite3.connect("", isolation_level=None, check_same_thread=False)
            self._cold_db.execute(
                "CREATE TABLE cold (service TEXT, account TEXT, region TEXT, tbl TEXT, key TEXT, value BLOB, "
                "PRIMARY KEY (service, account, region, tbl, key))"
            )
        return self._cold_db

    def close(self) -> None:
        super().close()
        if self._cold_db is not None:
            self._cold_db.close()
            self._cold_db = None


def _row_order(row: tuple[str, str, str, str, str, bytes]) -> tuple[str, str, str, str, str]:
    return row[:5]  # type: ignore[return-value]


_COLD_UPSERT = (
    "INSERT INTO cold (service, account, region, tbl, key, value) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (service, account, region, tbl, key) DO UPDATE SET value = excluded.value"
)


def open_store(data_dir: str | None, durability: str | None = None) -> Store:
    if not data_dir:
        return MemoryStore()
    from cumulo.state.sqlite import SqliteStore

    return SqliteStore(data_dir, durability=durability)
