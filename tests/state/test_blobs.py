"""Blob files: streaming writes, hashes, ranges, atomic install, deferred deletes."""

from __future__ import annotations

import asyncio
import hashlib
import os
import zlib

import pytest

from cumulo.state import BlobRef, BlobStore, MemoryStore
from cumulo.state.sqlite import SqliteStore

MB = 1024 * 1024


def body(size: int) -> bytes:
    return (hashlib.sha256(b"seed").digest() * (size // 32 + 1))[:size]


async def chunks_of(data: bytes, size: int):
    for i in range(0, len(data), size):
        await asyncio.sleep(0)
        yield data[i : i + size]


async def collect(stream) -> bytes:
    return b"".join([chunk async for chunk in stream])


class Crc32:
    def __init__(self) -> None:
        self.value = 0

    def update(self, data: bytes) -> None:
        self.value = zlib.crc32(data, self.value)


@pytest.fixture(params=["memory", "sqlite"])
def store(request, tmp_path):
    store = MemoryStore() if request.param == "memory" else SqliteStore(tmp_path / "data")
    yield store
    store.close()


def test_streaming_write_hashes_and_reads(store):
    data = body(5 * MB + 123)
    sha, crc = hashlib.sha256(), Crc32()
    ref = asyncio.run(store.blobs.write_stream(chunks_of(data, 100_000), service="s3", hashers=[sha, crc]))

    assert ref.size == len(data)
    assert ref.md5 == hashlib.md5(data).hexdigest()
    assert sha.digest() == hashlib.sha256(data).digest()
    assert crc.value == zlib.crc32(data)
    assert store.blobs.path(ref).stat().st_size == len(data)
    with store.blobs.open(ref) as f:
        assert f.read() == data
    assert store.blobs.read_bytes(ref) == data


def test_write_bytes_and_empty_blob(store):
    ref = store.blobs.write_bytes(b"hello", service="lambda")
    assert ref == BlobRef(ref.id, 5, hashlib.md5(b"hello").hexdigest())
    assert ref.id.startswith("lambda/")
    empty = store.blobs.write_bytes(b"")
    assert empty.size == 0 and store.blobs.read_bytes(empty) == b""
    assert empty.md5 == "d41d8cd98f00b204e9800998ecf8427e"


def test_range_reads(store):
    data = body(MB + 7)
    ref = store.blobs.write_bytes(data)
    blobs = store.blobs

    assert asyncio.run(collect(blobs.iter_range(ref))) == data
    assert asyncio.run(collect(blobs.iter_range(ref, 10, 20))) == data[10:20]
    assert asyncio.run(collect(blobs.iter_range(ref, MB, None))) == data[MB:]
    assert asyncio.run(collect(blobs.iter_range(ref, 5, 10**9))) == data[5:]  # end clamped
    assert asyncio.run(collect(blobs.iter_range(ref, 50, 50))) == b""
    chunks = asyncio.run(_chunks(blobs.iter_range(ref, 0, 200_000, chunk=65536)))
    assert [len(c) for c in chunks] == [65536, 65536, 65536, 3392]
    with pytest.raises(ValueError):
        blobs.iter_range(ref, -1, 5)


async def _chunks(stream) -> list[bytes]:
    return [chunk async for chunk in stream]


def test_range_read_outlives_a_committed_delete(store):
    data = body(300_000)
    ref = store.blobs.write_bytes(data)
    stream = store.blobs.iter_range(ref)  # the response was built before the delete
    store.blobs.delete(ref)
    store.commit()
    assert not store.blobs.path(ref).exists()
    assert asyncio.run(collect(stream)) == data


def test_write_is_atomic(store):
    """While a body streams, nothing is under the final name; a failed write leaves nothing."""
    blobs = store.blobs
    seen: list[list[str]] = []

    async def failing():
        yield b"x" * 1000
        seen.append(list(blobs.ids()))
        raise ConnectionResetError("client went away")

    with pytest.raises(ConnectionResetError):
        asyncio.run(blobs.write_stream(failing()))
    assert seen == [[]]
    assert list(blobs.ids()) == []
    assert os.listdir(blobs.root / ".tmp") == []

    async def watched():
        yield b"a" * 1000
        seen.append(list(blobs.ids()))
        yield b"b"

    ref = asyncio.run(blobs.write_stream(watched()))
    assert seen[-1] == [] and list(blobs.ids()) == [ref.id]


def test_delete_waits_for_commit(store):
    table = store.scope("s3", "000000000000", "us-east-1").table("objects")
    ref = store.blobs.write_bytes(b"body", service="s3")
    table["k"] = ref
    store.commit()

    del table["k"]
    store.blobs.delete(ref)
    assert store.blobs.path(ref).exists()  # not committed yet
    store.commit()
    assert not store.blobs.path(ref).exists()


def test_uncommitted_delete_keeps_the_blob_on_disk(tmp_path):
    store = SqliteStore(tmp_path)
    table = store.scope("s3", "000000000000", "us-east-1").table("objects")
    ref = table["k"] = store.blobs.write_bytes(b"body", service="s3")
    store.commit()
    del table["k"]
    store.blobs.delete(ref)
    store.close()  # as a crash: the delete was never committed

    store = SqliteStore(tmp_path)
    try:
        ref = store.scope("s3", "000000000000", "us-east-1").table("objects")["k"]
        assert store.blobs.read_bytes(ref) == b"body"
    finally:
        store.close()


def test_committed_delete_interrupted_before_unlink_finishes_on_open(tmp_path):
    store = SqliteStore(tmp_path)
    ref = store.blobs.write_bytes(b"body")
    store.blobs.delete(ref)
    store.blobs.remove = lambda ids: None  # the process dies right after COMMIT
    store.commit()
    assert store.blobs.path(ref).exists()
    store.close()

    store = SqliteStore(tmp_path)
    try:
        assert not store.blobs.path(ref).exists()
        assert store.db.execute("SELECT count(*) FROM blob_trash").fetchone() == (0,)
    finally:
        store.close()


def test_reset_removes_blobs(store):
    s3 = store.blobs.write_bytes(b"s3", service="s3")
    lam = store.blobs.write_bytes(b"zip", service="lambda")
    store.blobs.delete(lam)
    store.reset("s3")
    assert not store.blobs.path(s3).exists()
    assert store.blobs.path(lam).exists()
    assert store.blobs.pending == [lam.id]
    store.reset()
    assert list(store.blobs.ids()) == [] and store.blobs.pending == []
    store.blobs.write_bytes(b"again", service="s3")  # directories come back


def test_memory_blob_dir_removed_on_close():
    store = MemoryStore()
    ref = asyncio.run(store.blobs.write_stream(chunks_of(body(2 * MB), 65536)))
    root = store.blobs.root
    assert store.blobs.path(ref).is_file()
    store.close()
    assert not root.exists()


def test_memory_store_makes_no_blob_dir_until_used():
    store = MemoryStore()
    assert store._blobs is None
    store.commit()
    store.reset()
    store.close()
    assert store._blobs is None


def test_ids_and_names_are_never_client_paths(tmp_path):
    blobs = BlobStore(tmp_path)
    for bad in ["../etc", "S3", "", "a/b"]:
        with pytest.raises(ValueError):
            blobs.write_bytes(b"x", service=bad)
    for bad in ["s3/../../etc/passwd", "s3/" + "0" * 31, "../" + "0" * 32, "s3/" + "G" * 32]:
        with pytest.raises(ValueError):
            blobs.path(bad)
    with pytest.raises(ValueError):
        blobs.adopt("../../x", open(os.devnull, "rb"))


def test_a_fresh_store_fills_the_shard_directories_it_has_before_making_more(tmp_path):
    from cumulo.state.blobs import SPREAD

    blobs = BlobStore(tmp_path)
    written = {blobs.write_bytes(b"%d" % i, service="s3").id: b"%d" % i for i in range(2 * SPREAD + 1)}
    assert 2 <= len(os.listdir(tmp_path / "s3")) <= 3  # one per SPREAD blobs, not one per blob
    ref = asyncio.run(blobs.write_stream(chunks_of(b"streamed", 3), service="s3"))
    written[ref.id] = b"streamed"
    assert len(written) == 2 * SPREAD + 2
    for blob_id, data in written.items():
        assert blobs.read_bytes(BlobRef(blob_id, len(data), "")) == data
    # A given id (snapshot import) is kept as it is, in its own shard.
    adopted = blobs.adopt("s3/ff" + "0" * 30, open(os.devnull, "rb"))
    assert adopted.id == "s3/ff" + "0" * 30 and blobs.path(adopted).exists()


def test_stale_temp_files_are_removed_on_open(tmp_path):
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "half-written").write_bytes(b"x")
    BlobStore(tmp_path)
    assert os.listdir(tmp_path / ".tmp") == []


def test_durable_write(tmp_path):
    blobs = BlobStore(tmp_path, durable=True)
    ref = asyncio.run(blobs.write_stream(chunks_of(body(MB), 65536)))
    assert blobs.read_bytes(ref) == body(MB)
