"""Object bodies: streamed in, kept inline when small, in blob files when not.

Invariants
- A request body is never read whole into memory beyond `INLINE_MAX`: past
  that it streams into a blob file (bounded buffer), hashed on the way.
- A `Body` is immutable once stored. Copying a blob body writes a new blob
  (a delete of one copy must not remove the other's file).
- Discarding a body only queues its blob for deletion after the commit.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Sequence

from cumulo.core.context import RequestContext
from cumulo.services.s3.models import Body
from cumulo.state.blobs import Hasher

INLINE_MAX = 256 * 1024  # bodies up to this size live in the entity itself
SERVICE = "s3"


async def store(ctx: RequestContext, chunks: AsyncIterable[bytes] | bytes | None, hashers: Sequence[Hasher] = ()) -> Body:
    """Stream a request body into a new `Body`, feeding every chunk to `hashers`."""
    if chunks is None:
        chunks = b""
    if isinstance(chunks, (bytes, bytearray)):
        return _inline(bytes(chunks), hashers) if len(chunks) <= INLINE_MAX else _blob_bytes(ctx, bytes(chunks), hashers)
    iterator = chunks.__aiter__()
    buffered: list[bytes] = []
    size = 0
    async for chunk in iterator:
        buffered.append(chunk)
        size += len(chunk)
        if size > INLINE_MAX:
            break
    else:
        return _inline(b"".join(buffered), hashers)

    async def rest() -> AsyncIterator[bytes]:
        for chunk in buffered:
            yield chunk
        buffered.clear()
        async for chunk in iterator:
            yield chunk

    ref = await ctx.store.blobs.write_stream(rest(), service=SERVICE, hashers=hashers)
    return Body(ref.size, ref.md5, blob=ref)


def _inline(data: bytes, hashers: Sequence[Hasher]) -> Body:
    for hasher in hashers:
        hasher.update(data)
    return Body(len(data), hashlib.md5(data, usedforsecurity=False).hexdigest(), data=data)


def _blob_bytes(ctx: RequestContext, data: bytes, hashers: Sequence[Hasher]) -> Body:
    ref = ctx.store.blobs.write_bytes(data, service=SERVICE, hashers=hashers)
    return Body(ref.size, ref.md5, blob=ref)


def read(ctx: RequestContext, body: Body, start: int = 0, end: int | None = None) -> bytes | AsyncIterator[bytes]:
    """Bytes [start, end) of a body: bytes when inline, else a stream from its file."""
    end = body.size if end is None else min(end, body.size)
    if body.data is not None:
        return body.data[start:end] if (start, end) != (0, body.size) else body.data
    assert body.blob is not None
    return ctx.store.blobs.iter_range(body.blob, start, end)


def span_bytes(ctx: RequestContext, body: Body, start: int, end: int) -> bytes:
    """Bytes [start, end) as bytes: only for spans known to be small."""
    if body.data is not None:
        return body.data[start:end]
    assert body.blob is not None
    with ctx.store.blobs.open(body.blob) as file:
        file.seek(start)
        return file.read(max(0, end - start))


async def chunks_of(ctx: RequestContext, body: Body, start: int = 0, end: int | None = None) -> AsyncIterator[bytes]:
    """The same bytes as `read`, always as a stream (for copies and concatenation)."""
    data = read(ctx, body, start, end)
    if isinstance(data, bytes):
        if data:
            yield data
        return
    async for chunk in data:
        yield chunk


async def concat(ctx: RequestContext, parts: Sequence[Body], hashers: Sequence[Hasher] = ()) -> Body:
    """One new body made of `parts` in order (multipart completion)."""

    async def all_chunks() -> AsyncIterator[bytes]:
        for part in parts:
            async for chunk in chunks_of(ctx, part):
                yield chunk

    if sum(p.size for p in parts) <= INLINE_MAX:
        return _inline(b"".join([span_bytes(ctx, p, 0, p.size) for p in parts]), hashers)
    return await store(ctx, all_chunks(), hashers)


async def copy(ctx: RequestContext, body: Body, start: int = 0, end: int | None = None, hashers: Sequence[Hasher] = ()) -> Body:
    """A new body with bytes [start, end) of `body` (a blob body gets its own file)."""
    end = body.size if end is None else min(end, body.size)
    if end - start <= INLINE_MAX:
        return _inline(span_bytes(ctx, body, start, end), hashers)
    return await store(ctx, chunks_of(ctx, body, start, end), hashers)


def discard(ctx: RequestContext, body: Body | None) -> None:
    if body is not None and body.blob is not None:
        ctx.store.blobs.delete(body.blob)
