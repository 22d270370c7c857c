"""The persistent backend: entities in one SQLite file, bodies in blob files.

Layout of a data dir:
    state.sqlite3   (+ -wal, -shm)  the entities, the blob delete queue, meta
    blobs/                          `cumulo.state.blobs`
    lock                            held while a store has the dir open

One row per entity, keyed by (service, account, region, tbl, key), its value
encoded by `cumulo.state.codec` (pickle; the reasons are there).

Invariants
- `commit()` writes the journal in ONE transaction: an upsert for each key still
  in its table, a delete for each key gone. Cost: O(changed entities). Nothing
  is written when the journal is empty (read-only requests cost nothing).
- Tables load lazily: one SELECT the first time a scope's table is used.
- Uncommitted changes are lost by a crash or `close()`; committed ones are not.
  WAL with synchronous=NORMAL (default) survives a process crash (SIGKILL);
  durability="full" (CUMULO_DURABILITY=full, read by cumulo.config) selects synchronous=FULL and fsynced blobs, which also
  survive power loss, at a fraction of the commit rate.
- Single writer. The connection is used from one thread at a time: the event
  loop's. It is opened with check_same_thread=False only because the pytest
  plugin may run the server's loop in a background thread other than the one
  that opened the store; never share it between threads running at once. The
  `lock` file (flock) keeps a second process off the same data dir, whose
  cached tables would silently diverge.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cumulo.state.blobs import BlobStore
from cumulo.state.codec import decode, encode
from cumulo.state.store import COLD, ScopeKey, Store, Table

try:
    import fcntl
except ImportError:  # Windows: no advisory lock
    HAVE_FLOCK = False
else:
    HAVE_FLOCK = True

SCHEMA_VERSION = 1
DURABILITIES = ("normal", "full")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS entities (
    service TEXT NOT NULL,
    account TEXT NOT NULL,
    region TEXT NOT NULL,
    tbl TEXT NOT NULL,
    key TEXT NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (service, account, region, tbl, key)
);
-- Blob files whose last reference a commit removed, until they are unlinked.
CREATE TABLE IF NOT EXISTS blob_trash (id TEXT PRIMARY KEY);
"""
_UPSERT = (
    "INSERT INTO entities (service, account, region, tbl, key, value) VALUES (?, ?, ?, ?, ?, ?) "
    "ON CONFLICT (service, account, region, tbl, key) DO UPDATE SET value = excluded.value"
)
_DELETE = "DELETE FROM entities WHERE service = ? AND account = ? AND region = ? AND tbl = ? AND key = ?"


class SqliteStore(Store):
    persistent = True

    def __init__(self, data_dir: str | os.PathLike[str], durability: str | None = None) -> None:
        super().__init__()
        durability = (durability or "normal").lower()
        if durability not in DURABILITIES:
            raise ValueError(f"durability must be one of {DURABILITIES}, not {durability!r}")
        self.durability = durability
        self.data_dir = Path(data_dir)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self._lock = _lock_dir(self.data_dir / "lock")
        db = self.db = sqlite3.connect(
            self.data_dir / "state.sqlite3", isolation_level=None, check_same_thread=False
        )
        db.execute("PRAGMA journal_mode = WAL")
        db.execute(f"PRAGMA synchronous = {durability.upper()}")
        db.executescript(_SCHEMA)
        self._check_schema()
        # Trash ids already unlinked: dropped from blob_trash by the next commit.
        self._unlinked: list[str] = []
        self._empty_trash()

    def _check_schema(self) -> None:
        row = self.db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        if row is None:
            self.db.execute("INSERT INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
        elif int(row[0]) > SCHEMA_VERSION:
            raise RuntimeError(
                f"{self.data_dir} holds state schema {row[0]}, newer than this cumulo's {SCHEMA_VERSION}"
            )

    def _empty_trash(self) -> None:
        """Finish blob deletes a crash interrupted between commit and unlink."""
        ids = [row[0] for row in self.db.execute("SELECT id FROM blob_trash")]
        if ids:
            self.blobs.remove(ids)
            self.db.execute("DELETE FROM blob_trash")

    def open_blobs(self) -> BlobStore:
        return BlobStore(self.data_dir / "blobs", durable=self.durability == "full")

    def commit(self) -> None:
        if not self.journal and not (self._blobs is not None and self._blobs.pending):
            self.cool_if_full()  # rows a read warmed
            return
        # Encode before the transaction starts: an entity that cannot be
        # pickled fails the commit with nothing written and the journal kept.
        upserts: list[tuple[str, str, str, str, str, bytes]] = []
        deletes: list[tuple[str, str, str, str, str]] = []
        self.note_warm()
        for table, key in self.journal.values():
            if key in table.rows:
                upserts.append((*table.scope_key, table.name, key, encode(table.rows[key])))
            else:
                deletes.append((*table.scope_key, table.name, key))
        doomed = list(self._blobs.pending) if self._blobs is not None else []
        with self._transaction() as db:
            if upserts:
                db.executemany(_UPSERT, upserts)
            if deletes:
                db.executemany(_DELETE, deletes)
            if doomed:
                db.executemany("INSERT OR IGNORE INTO blob_trash VALUES (?)", [(i,) for i in doomed])
            if self._unlinked:
                db.executemany("DELETE FROM blob_trash WHERE id = ?", [(i,) for i in self._unlinked])
        self.journal.clear()
        self._unlinked = doomed
        if doomed:
            assert self._blobs is not None
            del self._blobs.pending[: len(doomed)]
            self._blobs.remove(doomed)
        self.cool_if_full()

    def reset(self, service: str | None = None) -> None:
        # Rows go before blob files: a crash in between leaves orphan files,
        # never rows pointing at missing ones.
        with self._transaction() as db:
            if service is None:
                db.execute("DELETE FROM entities")
                db.execute("DELETE FROM blob_trash")
            else:
                db.execute("DELETE FROM entities WHERE service = ?", (service,))
        if service is None:
            self._unlinked = []
        super().reset(service)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self.db
        db.execute("BEGIN")
        try:
            yield db
            db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:
                db.execute("ROLLBACK")
            raise

    def load(self, scope_key: ScopeKey, table: str, cold: bool = False) -> dict[str, Any]:
        if cold:
            keys = self.db.execute(
                "SELECT key FROM entities WHERE service = ? AND account = ? AND region = ? AND tbl = ?", (*scope_key, table)
            )
            return dict.fromkeys([key for (key,) in keys], COLD)
        rows = self.db.execute(
            "SELECT key, value FROM entities WHERE service = ? AND account = ? AND region = ? AND tbl = ?",
            (*scope_key, table),
        )
        return {key: decode(value) for key, value in rows}

    def write_cold(self, rows: list[tuple[Table, str]]) -> None:
        """Nothing to write: a cooled row is committed, so its value is in `entities`."""

    def read_cold(self, scope_key: ScopeKey, table: str, keys: list[str]) -> dict[str, Any]:
        return self.read_rows(scope_key, table, keys)

    def read_rows(self, scope_key: ScopeKey, table: str, keys: list[str]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for i in range(0, len(keys), 500):
            part = keys[i:i + 500]
            rows = self.db.execute(
                "SELECT key, value FROM entities WHERE service = ? AND account = ? AND region = ? AND tbl = ? "
                f"AND key IN ({','.join('?' * len(part))})",
                (*scope_key, table, *part),
            )
            out.update((key, decode(value)) for key, value in rows)
        return out

    def stored_scopes(self, service: str) -> list[ScopeKey]:
        rows = self.db.execute("SELECT DISTINCT account, region FROM entities WHERE service = ?", (service,))
        return [(service, account, region) for account, region in rows]

    def stored_tables(self, scope_key: ScopeKey) -> list[str]:
        rows = self.db.execute("SELECT DISTINCT tbl FROM entities WHERE service = ? AND account = ? AND region = ?", scope_key)
        return sorted({tbl for (tbl,) in rows} | set(super().stored_tables(scope_key)))

    def dump(self) -> Iterator[tuple[ScopeKey, str, str, bytes]]:
        rows = self.db.execute("SELECT service, account, region, tbl, key, value FROM entities")
        for service, account, region, tbl, key, value in rows:
            yield (service, account, region), tbl, key, value

    def close(self) -> None:
        """Close without committing: uncommitted changes are dropped, as in a crash."""
        if self._lock is None:
            return
        super().close()
        self.db.close()
        self._lock.close()  # releases the flock
        self._lock = None


def _lock_dir(path: Path) -> Any:
    file = open(path, "a+b")
    if HAVE_FLOCK:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            file.close()
            raise RuntimeError(f"{path.parent} is in use by another cumulo store") from None
    return file
