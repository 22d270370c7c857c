"""The SQLite backend: round trips, journal semantics, reset, lazy loading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

import pytest

from cumulo.state import MemoryStore, open_store
from cumulo.state.sqlite import SCHEMA_VERSION, SqliteStore

ACCOUNT = "000000000000"


@dataclass(slots=True)
class Queue:
    name: str
    created: datetime
    attributes: dict[str, str] = field(default_factory=dict)
    tags: dict[str, dict[str, list[int]]] = field(default_factory=dict)
    secret: bytes = b""
    members: set[str] = field(default_factory=set)


def make_queue(name: str) -> Queue:
    return Queue(
        name=name,
        created=datetime(2026, 11, 3, 12, 30, 15, 123456, tzinfo=timezone.utc),
        attributes={"VisibilityTimeout": "30", "DelaySeconds": "0"},
        tags={"nested": {"deep": [1, 2, 3]}},
        secret=bytes(range(256)),
        members={"a", "b"},
    )


@pytest.fixture
def reopen(tmp_path):
    """Open a SqliteStore on one data dir; calling again closes the last and reopens."""
    opened: list[SqliteStore] = []

    def _reopen(**kwargs) -> SqliteStore:
        if opened:
            opened[-1].close()
        opened.append(SqliteStore(tmp_path / "data", **kwargs))
        return opened[-1]

    yield _reopen
    opened[-1].close()


def queues(store, region: str = "us-east-1"):
    return store.scope("sqs", ACCOUNT, region).table("queues")


def test_round_trip(reopen):
    store = reopen()
    for i in range(5):
        queues(store)[f"q{i}"] = make_queue(f"q{i}")
    queues(store, "eu-west-1")["other"] = make_queue("other")
    store.commit()

    store = reopen()
    assert dict(queues(store)) == {f"q{i}": make_queue(f"q{i}") for i in range(5)}
    assert queues(store, "eu-west-1")["other"] == make_queue("other")
    assert queues(store)["q0"].created.tzinfo is timezone.utc


def test_in_place_change_needs_touch(reopen):
    store = reopen()
    queues(store)["a"] = make_queue("a")
    queues(store)["b"] = make_queue("b")
    store.commit()

    # Documented behaviour: a change in place is journalled only by touch().
    queues(store)["a"].attributes["DelaySeconds"] = "5"
    queues(store)["b"].attributes["DelaySeconds"] = "5"
    queues(store).touch("b")
    store.commit()

    store = reopen()
    assert queues(store)["a"].attributes["DelaySeconds"] == "0"
    assert queues(store)["b"].attributes["DelaySeconds"] == "5"


def test_deletes_persist(reopen):
    store = reopen()
    table = queues(store)
    for name in "abc":
        table[name] = make_queue(name)
    store.commit()
    del table["a"]
    table["b"] = make_queue("b")  # replaced, then deleted in the same commit
    del table["b"]
    store.commit()

    assert set(queues(reopen())) == {"c"}


def test_clear_persists(reopen):
    store = reopen()
    for name in "abc":
        queues(store)[name] = make_queue(name)
    store.commit()
    queues(store).clear()
    store.commit()
    assert len(queues(reopen())) == 0


def test_uncommitted_changes_are_lost(reopen):
    store = reopen()
    queues(store)["kept"] = make_queue("kept")
    store.commit()
    queues(store)["lost"] = make_queue("lost")
    del queues(store)["kept"]

    assert set(queues(reopen())) == {"kept"}


def test_reset_one_service(reopen):
    store = reopen()
    queues(store)["q"] = make_queue("q")
    store.scope("sns", ACCOUNT, "us-east-1").table("topics")["t"] = {"arn": "x"}
    store.commit()
    store.reset("sqs")
    assert "q" not in queues(store)

    store = reopen()
    assert "q" not in queues(store)
    assert store.scope("sns", ACCOUNT, "us-east-1").table("topics")["t"] == {"arn": "x"}


def test_reset_all_drops_pending_journal(reopen):
    store = reopen()
    queues(store)["q"] = make_queue("q")
    store.scope("sns", ACCOUNT, "us-east-1").table("topics")["t"] = {"arn": "x"}
    store.commit()
    queues(store)["pending"] = make_queue("pending")
    store.reset()
    assert not store.journal
    store.commit()

    store = reopen()
    assert len(queues(store)) == 0
    assert store.stored_scopes("sns") == []


def test_stored_scopes_and_scopes_of(reopen):
    store = reopen()
    queues(store, "us-east-1")["a"] = make_queue("a")
    queues(store, "eu-west-1")["b"] = make_queue("b")
    store.scope("sqs", ACCOUNT, "ap-south-1")  # used but empty: nothing stored
    store.commit()

    store = reopen()
    assert sorted(store.stored_scopes("sqs")) == [("sqs", ACCOUNT, "eu-west-1"), ("sqs", ACCOUNT, "us-east-1")]
    assert store.stored_scopes("sns") == []
    assert sorted(s.region for s in store.scopes_of("sqs")) == ["eu-west-1", "us-east-1"]


def test_tables_load_lazily(reopen):
    store = reopen()
    queues(store)["a"] = make_queue("a")
    store.commit()
    store = reopen()
    scope = store.scope("sqs", ACCOUNT, "us-east-1")
    assert scope.tables == {}
    assert "a" in scope.table("queues")
    assert list(scope.tables) == ["queues"]


def test_failed_encode_writes_nothing_and_keeps_journal(reopen):
    store = reopen()
    queues(store)["good"] = make_queue("good")
    queues(store)["bad"] = lambda: None  # not picklable
    with pytest.raises(Exception):
        store.commit()
    assert len(store.journal) == 2
    del queues(store)["bad"]
    store.commit()
    assert set(queues(reopen())) == {"good"}


def test_empty_commit_writes_nothing(reopen):
    store = reopen()
    before = store.db.total_changes
    store.commit()
    assert store.db.total_changes == before


def test_meta_and_pragmas(reopen):
    store = reopen()
    assert store.db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone() == (str(SCHEMA_VERSION),)
    assert store.db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert store.db.execute("PRAGMA synchronous").fetchone() == (1,)  # NORMAL
    store = reopen(durability="full")
    assert store.db.execute("PRAGMA synchronous").fetchone() == (2,)  # FULL
    assert store.blobs.durable


def test_durability_from_config(tmp_path, monkeypatch):
    from cumulo.config import Config
    from cumulo.state import open_store

    monkeypatch.setenv("CUMULO_DURABILITY", "full")
    config = Config.from_env()
    store = open_store(str(tmp_path), durability=config.durability)
    try:
        assert store.durability == "full"
    finally:
        store.close()
    with pytest.raises(ValueError):
        SqliteStore(tmp_path, durability="sometimes")


def test_newer_schema_is_refused(reopen):
    store = reopen()
    store.db.execute("UPDATE meta SET value = ? WHERE name = 'schema_version'", (str(SCHEMA_VERSION + 1),))
    with pytest.raises(RuntimeError, match="newer"):
        reopen()


def test_second_store_on_same_dir_is_refused(reopen, tmp_path):
    reopen()
    with pytest.raises(RuntimeError, match="in use"):
        SqliteStore(tmp_path / "data")


def test_open_store_picks_backend(tmp_path):
    assert isinstance(open_store(None), MemoryStore)
    assert isinstance(open_store(""), MemoryStore)
    store = open_store(str(tmp_path))
    try:
        assert isinstance(store, SqliteStore) and store.persistent
    finally:
        store.close()
