"""Snapshots: export the whole state to one file and import it into either backend."""

from __future__ import annotations

import io
import tarfile
from datetime import datetime, timezone

import pytest

from cumulo.state import MemoryStore
from cumulo.state.sqlite import SqliteStore

ACCOUNT = "000000000000"


def make(kind: str, tmp_path, name: str):
    return MemoryStore() if kind == "memory" else SqliteStore(tmp_path / name)


def fill(store) -> dict:
    objects = store.scope("s3", ACCOUNT, "us-east-1").table("objects")
    ref = store.blobs.write_bytes(b"hello body", service="s3")
    objects["a.txt"] = {"ref": ref, "modified": datetime(2026, 1, 2, tzinfo=timezone.utc)}
    store.scope("sqs", ACCOUNT, "eu-west-1").table("queues")["q"] = {"attrs": {"x": b"\x00\x01"}}
    store.commit()
    return {"ref": ref}


@pytest.mark.parametrize("source_kind", ["memory", "sqlite"])
@pytest.mark.parametrize("target_kind", ["memory", "sqlite"])
def test_export_import_round_trip(tmp_path, source_kind, target_kind):
    source = make(source_kind, tmp_path, "source")
    target = make(target_kind, tmp_path, "target")
    try:
        ref = fill(source)["ref"]
        target.scope("sns", ACCOUNT, "us-east-1").table("topics")["old"] = {}  # replaced by the import
        target.commit()
        source.export(tmp_path / "snap.tar")
        target.import_(tmp_path / "snap.tar")

        entity = target.scope("s3", ACCOUNT, "us-east-1").table("objects")["a.txt"]
        assert entity["ref"] == ref
        assert target.blobs.read_bytes(entity["ref"]) == b"hello body"
        assert entity["modified"] == datetime(2026, 1, 2, tzinfo=timezone.utc)
        assert target.scope("sqs", ACCOUNT, "eu-west-1").table("queues")["q"] == {"attrs": {"x": b"\x00\x01"}}
        assert "old" not in target.scope("sns", ACCOUNT, "us-east-1").table("topics")
        assert not target.journal
    finally:
        source.close()
        target.close()


def test_imported_state_is_committed(tmp_path):
    source = MemoryStore()
    fill(source)
    source.export(tmp_path / "snap.tar")
    source.close()

    target = SqliteStore(tmp_path / "data")
    target.import_(tmp_path / "snap.tar")
    target.close()
    target = SqliteStore(tmp_path / "data")
    try:
        entity = target.scope("s3", ACCOUNT, "us-east-1").table("objects")["a.txt"]
        assert target.blobs.read_bytes(entity["ref"]) == b"hello body"
    finally:
        target.close()


def test_export_holds_committed_state_only(tmp_path):
    store = SqliteStore(tmp_path / "data")
    try:
        fill(store)
        objects = store.scope("s3", ACCOUNT, "us-east-1").table("objects")
        objects["a.txt"]["modified"] = None  # in place, never touched: not part of the state
        store.export(tmp_path / "snap.tar")
        store.import_(tmp_path / "snap.tar")
        assert store.scope("s3", ACCOUNT, "us-east-1").table("objects")["a.txt"]["modified"] is not None
    finally:
        store.close()


def test_bad_files_are_refused_before_state_is_touched(tmp_path):
    store = MemoryStore()
    store.scope("sqs", ACCOUNT, "us-east-1").table("queues")["q"] = 1
    bad = tmp_path / "bad.tar"
    with tarfile.open(bad, "w") as tar:
        info = tarfile.TarInfo("manifest.json")
        data = b'{"format": "something-else"}'
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with pytest.raises(ValueError, match="not a cumulo snapshot"):
        store.import_(bad)
    assert store.scope("sqs", ACCOUNT, "us-east-1").table("queues")["q"] == 1
    store.close()
