"""Store, Scope and Table, and the in-memory backend.

A `Table` is a dict with change tracking: writes and deletes add the key to the
store's journal, which `commit()` drains. The persistent backend
(`cumulo.state.sqlite`) writes the journal to SQLite; memory just clears it.
"""

from __future__ import annotations

from collections.abc import Iterator, MutableMapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cumulo.state.blobs import BlobStore

ScopeKey = tuple[str, str, str]  # (service, account, region)


class Table(MutableMapping[str, Any]):
    __slots__ = ("store", "scope_key", "name", "rows")

    def __init__(self, store: Store, scope_key: ScopeKey, name: str, rows: dict[str, Any] | None = None):
        self.store = store
        self.scope_key = scope_key
        self.name = name
        self.rows: dict[str, Any] = rows if rows is not None else {}

    def __getitem__(self, key: str) -> Any:
        return self.rows[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.rows.get(key, default)

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
            table = self.tables[name] = Table(self.store, self.key, name, self.store.load(self.key, name))
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
        self.journal.clear()
        if self._blobs is not None and self._blobs.pending:
            self._blobs.remove(self._blobs.pending)
            self._blobs.pending = []

    def reset(self, service: str | None = None) -> None:
        """Forget the state of one service, or of all. Cost: the number of scopes."""
        if service is None:
            self.scopes.clear()
        else:
            for key in [k for k in self.scopes if k[0] == service]:
                del self.scopes[key]
        self.journal = {k: v for k, v in self.journal.items() if service is not None and v[0].scope_key[0] != service}
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
    def load(self, scope_key: ScopeKey, table: str) -> dict[str, Any]:
        """The committed rows of a table, read when the table is first used."""
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
                    yield scope.key, table.name, key, encode(value)

    def close(self) -> None:
        if self._blobs is not None:
            self._blobs.close()


class MemoryStore(Store):
    """State in memory only: gone when the process ends."""


def open_store(data_dir: str | None, durability: str | None = None) -> Store:
    if not data_dir:
        return MemoryStore()
    from cumulo.state.sqlite import SqliteStore

    return SqliteStore(data_dir, durability=durability)
