"""Snapshots: the whole state of a Store in one file, and back.

Format, version 1: an uncompressed tar holding, in this order,
    manifest.json       {"format": "cumulo-snapshot", "version": 1}
    entities.sqlite3    table entities(service, account, region, tbl, key, value),
                        values encoded by `cumulo.state.codec`
    blobs/<id>          every blob file, under its id

Both backends read and write the same format, so a memory store's snapshot
loads into a persistent one and back. Export commits first and holds the
committed state; the file appears under its name only when complete. Import
replaces all state: reset, blobs first, then every entity through the normal
table writes and one commit, so committed entities never point at a missing
blob. Import unpickles: only import snapshots you trust.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tarfile
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from cumulo.state.codec import decode

if TYPE_CHECKING:
    from cumulo.state.store import Store

FORMAT = "cumulo-snapshot"
VERSION = 1
_SCHEMA = "CREATE TABLE entities (service TEXT, account TEXT, region TEXT, tbl TEXT, key TEXT, value BLOB)"


def export_store(store: Store, path: str | os.PathLike[str]) -> None:
    store.commit()
    path = Path(path)
    tmp_tar = path.with_name(f".{path.name}.tmp")
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        db_path = Path(work) / "entities.sqlite3"
        db = sqlite3.connect(db_path)
        try:
            db.execute(_SCHEMA)
            db.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                ((*scope_key, tbl, key, value) for scope_key, tbl, key, value in store.dump()),
            )
            db.commit()
        finally:
            db.close()
        try:
            with tarfile.open(tmp_tar, "w") as tar:
                manifest = Path(work) / "manifest.json"
                manifest.write_text(json.dumps({"format": FORMAT, "version": VERSION}))
                tar.add(manifest, arcname="manifest.json")
                tar.add(db_path, arcname="entities.sqlite3")
                blobs = store.blobs
                for blob_id in blobs.ids():
                    tar.add(blobs.path(blob_id), arcname=f"blobs/{blob_id}")
            os.replace(tmp_tar, path)
        finally:
            tmp_tar.unlink(missing_ok=True)


def import_store(store: Store, path: str | os.PathLike[str]) -> None:
    with tarfile.open(path, "r:") as tar, tempfile.TemporaryDirectory() as work:
        _check_manifest(tar)
        store.reset()
        db_path = Path(work) / "entities.sqlite3"
        for member in tar:
            if not member.isfile():
                continue
            source = tar.extractfile(member)
            assert source is not None
            if member.name == "entities.sqlite3":
                with open(db_path, "wb") as out:
                    while chunk := source.read(1 << 20):
                        out.write(chunk)
            elif member.name.startswith("blobs/"):
                # adopt() accepts generated ids only: a crafted name cannot escape the blob dir.
                store.blobs.adopt(member.name.removeprefix("blobs/"), source)
        if not db_path.exists():
            raise ValueError(f"{path}: not a cumulo snapshot (no entities)")
        db = sqlite3.connect(db_path)
        try:
            for service, account, region, tbl, key, value in db.execute("SELECT * FROM entities"):
                store.scope(service, account, region).table(tbl)[key] = decode(value)
        finally:
            db.close()
        store.commit()


def _check_manifest(tar: tarfile.TarFile) -> None:
    name = os.fsdecode(tar.name) if tar.name is not None else "snapshot"
    try:
        member = tar.extractfile("manifest.json")
        manifest = json.loads(member.read()) if member is not None else None
    except (KeyError, ValueError):
        manifest = None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValueError(f"{name}: not a cumulo snapshot")
    if manifest.get("version") != VERSION:
        raise ValueError(f"{name}: snapshot version {manifest.get('version')}, this cumulo reads {VERSION}")
