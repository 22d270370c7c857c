"""Cold tables: rows past the warm budget leave memory and read back unchanged, in both backends."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cumulo.state import MemoryStore, store as store_module
from cumulo.state.sqlite import SqliteStore
from cumulo.state.store import COLD, cold_tables

SERVICE = "coldtest"
SCOPE = (SERVICE, "000000000000", "us-east-1")
cold_tables(SERVICE, "things/")


@dataclass(slots=True)
class Thing:
    name: str
    count: int


@pytest.fixture(autouse=True)
def small_budget(monkeypatch):
    monkeypatch.setattr(store_module, "WARM_MAX", 4)


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    s = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "data")
    yield s
    s.close()


def write(store, names, table="things/a"):
    things = store.scope(*SCOPE).table(table)
    for name in names:
        things[name] = Thing(name, 0)
        store.commit()
    return things


def cold_keys(table):
    return sorted(k for k, v in table.rows.items() if v is COLD)


def test_only_cold_tables_cool(store):
    things = write(store, [f"t{i}" for i in range(10)])
    other = write(store, [f"t{i}" for i in range(10)], table="other")
    assert things.cold and not other.cold
    assert len(cold_keys(things)) >= 6
    assert cold_keys(other) == []
    assert {k: things[k] for k in things} == {f"t{i}": Thing(f"t{i}", 0) for i in range(10)}


def test_change_in_place_after_reading_back(store):
    things = write(store, [f"t{i}" for i in range(10)])
    assert things.rows["t0"] is COLD
    things["t0"].count = 7
    things.touch("t0")
    store.commit()
    write(store, [f"u{i}" for i in range(10)])  # cools t0 again
    assert things.rows["t0"] is COLD
    assert things["t0"] == Thing("t0", 7)


def test_replace_and_delete_cold_rows(store):
    things = write(store, [f"t{i}" for i in range(10)])
    things["t1"] = Thing("t1", 9)
    del things["t2"]
    store.commit()
    write(store, [f"u{i}" for i in range(10)])
    assert things["t1"] == Thing("t1", 9)
    assert "t2" not in things and things.get("t2") is None
    things["t2"] = Thing("t2", 3)  # back under a key whose old value may linger on disk
    store.commit()
    write(store, [f"v{i}" for i in range(10)])
    assert things["t2"] == Thing("t2", 3)


def test_walks_read_everything_back(store):
    things = write(store, [f"t{i}" for i in range(20)])
    assert cold_keys(things)
    assert sorted(t.name for t in things.values()) == sorted(f"t{i}" for i in range(20))
    assert dict(things.items()) == {f"t{i}": Thing(f"t{i}", 0) for i in range(20)}
    store.commit()  # a read-only commit cools what the walk warmed
    assert len(cold_keys(things)) >= 16


def test_peek_and_walk_read_without_warming(store):
    things = write(store, [f"t{i}" for i in range(20)])
    cold = cold_keys(things)
    assert cold
    assert list(things.peek(["t19", "nope", "t0"]).items()) == [("t19", Thing("t19", 0)), ("t0", Thing("t0", 0))]
    assert dict(things.walk(batch=3)) == {f"t{i}": Thing(f"t{i}", 0) for i in range(20)}
    assert cold_keys(things) == cold  # nothing was warmed


def test_reset_forgets_cold_rows(store):
    write(store, [f"t{i}" for i in range(10)])
    store.reset(SERVICE)
    things = store.scope(*SCOPE).table("things/a")
    assert dict(things) == {}
    write(store, ["t0"])
    assert things["t0"] == Thing("t0", 0)


def test_export_reads_cold_rows(store, tmp_path):
    write(store, [f"t{i}" for i in range(10)])
    store.export(tmp_path / "snap.tar")
    target = MemoryStore()
    target.import_(tmp_path / "snap.tar")
    things = target.scope(*SCOPE).table("things/a")
    assert dict(things.items()) == {f"t{i}": Thing(f"t{i}", 0) for i in range(10)}
    target.close()


def test_reload_loads_cold_tables_as_keys_only(tmp_path):
    store = SqliteStore(tmp_path / "data")
    write(store, [f"t{i}" for i in range(10)])
    store.close()
    store = SqliteStore(tmp_path / "data")
    things = store.scope(*SCOPE).table("things/a")
    assert cold_keys(things) == sorted(f"t{i}" for i in range(10))
    assert things["t3"] == Thing("t3", 0)
    store.close()


def test_touch_of_a_row_that_cooled_meanwhile_keeps_it_whole(store):
    things = write(store, [f"t{i}" for i in range(10)])
    kept = things["t0"]  # held across "an await" while other writes cool the row
    write(store, [f"u{i}" for i in range(10)])
    assert things.rows["t0"] is COLD
    kept.count = 5
    things.touch("t0")  # the change was made to a stale copy: lost, but the row is not broken
    store.commit()
    write(store, [f"v{i}" for i in range(10)])
    assert things["t0"] == Thing("t0", 0)


def test_memo_is_kept_beside_the_rows_and_gone_with_the_table(store):
    things = write(store, ["t0"])
    assert things.memo is None
    things.memo = ["t0"]
    assert store.scope(*SCOPE).table("things/a").memo == ["t0"]
    store.reset(SERVICE)
    assert store.scope(*SCOPE).table("things/a").memo is None


def test_the_least_recently_used_rows_cool_first(store):
    things = write(store, [f"t{i}" for i in range(4)])
    assert things["t0"] == Thing("t0", 0)  # read: now the newest
    write(store, ["u0"])  # over the budget of 4: the oldest half cools
    assert things.rows["t0"] is not COLD
    assert things.rows["t1"] is COLD
