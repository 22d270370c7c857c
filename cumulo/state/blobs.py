"""Blob files: large bodies (S3 objects, Lambda code, layers) kept out of entities.

An entity holds a `BlobRef` (id, size, md5); the bytes live in one file named
after the id. Ids are generated here, never taken from a client:
`<service>/<32 hex>`, stored at `<root>/<service>/<first 2 hex>/<other 30 hex>`.

Invariants
- A file under its final name is complete. A body streams into
  `<root>/.tmp/<random>` and is renamed into place (same filesystem, so the
  rename is atomic); a failed or cancelled write leaves nothing behind, and
  temp files left by a crash are removed when the store opens.
- A blob never changes once written: a new body is a new blob.
- `delete(ref)` only queues the id. The store removes queued files after the
  commit that dropped the last reference has returned (`Store.commit()`), so
  a crash, or a request that never commits, cannot lose a body that the
  committed state still references. The SQLite backend records the queue in
  that same transaction and finishes it on the next open, so a crash between
  commit and unlink leaks nothing either.
- A blob written but never referenced by a committed entity (a crash between
  the write and the commit) stays as an orphan file: wasted space, never
  wrong data.

Durability: with `durable=True` (CUMULO_DURABILITY=full) the file is fsynced
before the rename and its directory after, so a committed ref survives power
loss. Otherwise a finished write sits in the OS page cache, which survives a
process crash: the same promise as SQLite's synchronous=NORMAL.

File I/O is plain blocking calls on the event loop thread, one chunk at a
time, at page-cache speed; only fsync, which can take long, goes to a worker
thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import re
import secrets
import shutil
import tempfile
import weakref
from collections.abc import AsyncIterable, AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, BinaryIO, Protocol

CHUNK = 64 * 1024
_SERVICE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}\Z")
_ID = re.compile(r"([a-z0-9][a-z0-9-]{0,62})/([0-9a-f]{2})([0-9a-f]{30})\Z")
_TMP = ".tmp"
SPREAD = 64  # new blobs per shard directory before another is made (`BlobStore._place`)


@dataclass(frozen=True, slots=True)
class BlobRef:
    """Where a body lives and what it is. Plain data: store it inside entities."""

    id: str
    size: int
    md5: str  # hex digest, as S3 ETags want it


class Hasher(Protocol):
    """Anything fed every chunk as it streams (hashlib objects, checksum wrappers)."""

    def update(self, data: bytes, /) -> object: ...


class BlobStore:
    """Blob files under one root directory. One writer: the store's owner."""

    def __init__(self, root: str | os.PathLike[str], *, durable: bool = False, temporary: bool = False) -> None:
        self.root = Path(root)
        self.durable = durable
        # Ids deleted by uncommitted changes; the store removes them after commit.
        self.pending: list[str] = []
        self._tmp = self.root / _TMP
        self._tmp.mkdir(parents=True, exist_ok=True)
        for stale in self._tmp.iterdir():  # left by a crash mid-write
            stale.unlink(missing_ok=True)
        # Paths as plain strings on the write path: pathlib's objects cost more than the system calls.
        self._root_name = str(self.root)
        self._tmp_name = str(self._tmp)
        self._dirs: set[str] = set()  # shard directories known to exist
        # Per service: the shard names made or found by this process, and the new blobs placed.
        self._shards: dict[str, list[str]] = {}
        self._placed: dict[str, int] = {}
        self._cleanup = weakref.finalize(self, shutil.rmtree, self.root, True) if temporary else None

    @classmethod
    def temporary(cls) -> BlobStore:
        """A private directory removed on `close()` (or at exit): the memory store's blobs."""
        return cls(tempfile.mkdtemp(prefix="cumulo-blobs-"), temporary=True)

    # Writing.
    async def write_stream(
        self, chunks: AsyncIterable[bytes], *, service: str = "misc", hashers: Sequence[Hasher] = ()
    ) -> BlobRef:
        """Stream a body to a new blob; size and MD5 are computed on the way."""
        writer = _Writer(self, new_id(service), hashers, placed=True)
        try:
            async for chunk in chunks:
                writer.write(chunk)
            if self.durable:
                return await asyncio.to_thread(writer.finish)
            return writer.finish()
        except BaseException:
            writer.abort()
            raise

    def write_bytes(self, data: bytes, *, service: str = "misc", hashers: Sequence[Hasher] = ()) -> BlobRef:
        return self._copy_in(new_id(service), [data], hashers, placed=True)

    def adopt(self, blob_id: str, source: IO[bytes]) -> BlobRef:
        """Store a file's contents under a given id (snapshot import)."""
        _split(blob_id)
        return self._copy_in(blob_id, iter(lambda: source.read(CHUNK), b""), ())

    def _copy_in(self, blob_id: str, chunks: Iterator[bytes] | list[bytes], hashers: Sequence[Hasher], placed: bool = False) -> BlobRef:
        writer = _Writer(self, blob_id, hashers, placed)
        try:
            for chunk in chunks:
                writer.write(chunk)
            return writer.finish()
        except BaseException:
            writer.abort()
            raise

    def _place(self, blob_id: str) -> str:
        """A new blob's id, its shard changed to one whose directory exists while the
        service's blobs are few: another directory is made only once those there hold
        SPREAD new blobs each on average, so a fresh store does not pay a mkdir for most
        of its first few hundred blobs. Ids stay random; a full store uses every shard."""
        service, shard, rest = _split(blob_id)
        known = self._shards.setdefault(service, [])
        placed = self._placed[service] = self._placed.get(service, 0) + 1
        if not known or shard in known or placed > SPREAD * len(known):
            return blob_id
        return f"{service}/{known[secrets.randbelow(len(known))]}{rest}"

    def _made(self, blob_id: str) -> None:
        service, shard, _ = _split(blob_id)
        self._shards.setdefault(service, []).append(shard)

    # Reading.
    def path(self, ref: BlobRef | str) -> Path:
        return Path(self._file(ref if isinstance(ref, str) else ref.id))

    def _file(self, blob_id: str) -> str:
        service, shard, rest = _split(blob_id)
        return f"{self._root_name}/{service}/{shard}/{rest}"

    def open(self, ref: BlobRef) -> BinaryIO:
        return open(self.path(ref), "rb")

    def read_bytes(self, ref: BlobRef) -> bytes:
        return self.path(ref).read_bytes()

    def iter_range(self, ref: BlobRef, start: int = 0, end: int | None = None, chunk: int = CHUNK) -> AsyncIterator[bytes]:
        """Bytes [start, end) of a blob (end excluded, clamped to the size), in chunks.

        The file is opened now, not on first iteration: a delete committed while
        the response streams cannot cut the body short (POSIX keeps an unlinked
        open file readable).
        """
        end = ref.size if end is None else min(end, ref.size)
        if start < 0 or chunk <= 0:
            raise ValueError(f"bad range start={start} chunk={chunk}")
        return _read_range(self.open(ref), ref, start, end, chunk)

    def ids(self) -> Iterator[str]:
        """Every blob id on disk (for snapshots)."""
        for service in sorted(self.root.iterdir()):
            if service.name == _TMP or not service.is_dir():
                continue
            for shard in sorted(service.iterdir()):
                for file in sorted(shard.iterdir()):
                    yield f"{service.name}/{shard.name}{file.name}"

    # Deleting: see the module docstring for why deletes wait for a commit.
    def delete(self, ref: BlobRef) -> None:
        """Remove the blob once the current changes are committed."""
        _split(ref.id)
        self.pending.append(ref.id)

    def remove(self, ids: Sequence[str]) -> None:
        """Remove blob files now (the store calls this after a commit)."""
        for blob_id in ids:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self._file(blob_id))

    def reset(self, service: str | None = None) -> None:
        """Remove every blob, or one service's, now. Writes in flight are unaffected."""
        if service is None:
            self.pending.clear()
            victims = [p for p in self.root.iterdir() if p.name != _TMP]
        else:
            self.pending = [i for i in self.pending if not i.startswith(service + "/")]
            victims = [self.root / service]
        for victim in victims:
            if victim.is_dir():
                shutil.rmtree(victim, ignore_errors=True)
            else:
                victim.unlink(missing_ok=True)
        self._dirs.clear()
        self._shards.clear()
        self._placed.clear()

    def close(self) -> None:
        if self._cleanup is not None:
            self._cleanup()


def new_id(service: str) -> str:
    if not _SERVICE.match(service):
        raise ValueError(f"bad blob service name {service!r}")
    return f"{service}/{secrets.token_hex(16)}"


def _split(blob_id: str) -> tuple[str, str, str]:
    match = _ID.match(blob_id)
    if match is None:
        raise ValueError(f"bad blob id {blob_id!r}")
    return match.group(1), match.group(2), match.group(3)


class _Writer:
    """One blob being written: a temp file plus its running size and hashes."""

    __slots__ = ("blobs", "blob_id", "placed", "hashers", "md5", "size", "tmp", "file")

    def __init__(self, blobs: BlobStore, blob_id: str, hashers: Sequence[Hasher], placed: bool = False) -> None:
        self.blobs = blobs
        self.blob_id = blob_id
        self.placed = placed  # a new id made here: its shard may be chosen (`BlobStore._place`)
        self.hashers = hashers
        self.md5 = hashlib.md5(usedforsecurity=False)
        self.size = 0
        self.tmp = f"{blobs._tmp_name}/{secrets.token_hex(16)}"
        self.file = open(self.tmp, "xb")

    def write(self, chunk: bytes) -> None:
        self.file.write(chunk)
        self.md5.update(chunk)
        for hasher in self.hashers:
            hasher.update(chunk)
        self.size += len(chunk)

    def finish(self) -> BlobRef:
        durable = self.blobs.durable
        if durable:
            self.file.flush()
            os.fsync(self.file.fileno())
        self.file.close()
        blobs = self.blobs
        if self.placed:
            self.blob_id = blobs._place(self.blob_id)
        final = blobs._file(self.blob_id)
        parent = os.path.dirname(final)
        if parent not in blobs._dirs:
            os.makedirs(parent, exist_ok=True)
            blobs._dirs.add(parent)
            blobs._made(self.blob_id)
            if durable:  # the new directories' own entries
                _fsync_dir(os.path.dirname(parent))
                _fsync_dir(self.blobs._root_name)
        os.replace(self.tmp, final)
        if durable:
            _fsync_dir(parent)
        return BlobRef(self.blob_id, self.size, self.md5.hexdigest())

    def abort(self) -> None:
        self.file.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.tmp)


def _fsync_dir(path: str | Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # platforms that cannot open a directory (Windows)
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


async def _read_range(file: BinaryIO, ref: BlobRef, start: int, end: int, chunk: int) -> AsyncIterator[bytes]:
    with file:
        file.seek(start)
        left = end - start
        while left > 0:
            data = file.read(min(chunk, left))
            if not data:
                raise OSError(f"blob {ref.id} is shorter than its ref ({ref.size} bytes)")
            left -= len(data)
            yield data
