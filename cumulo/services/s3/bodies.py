"""Object bodies: streamed in, kept inline when small, in blob files when not.

Invariants
- A request body is never read whole into memory beyond `INLINE_MAX`: past
  that it streams into a blob file (bounded buffer), hashed on the way.
- A `Body` is immutable once stored. Copying a blob body writes a new blob
  (a delete of one copy must not remove the other's file).
- Discarding a body only queues its blob for deletion after the commit.
- A sealed (SSE-C) body stores ciphertext of the same length as its plaintext
  (`sse_c`): hashers always see plaintext; `read` and `copy` decrypt only with
  the key, while `concat` and a keyless `copy` move the stored bytes as they are.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterable, AsyncIterator, Sequence

from cumulo.core.context import RequestContext
from cumulo.services.s3 import sse_c
from cumulo.services.s3.models import Body, Seal, Segment
from cumulo.state.blobs import Hasher

INLINE_MAX = 256 * 1024  # bodies up to this size live in the entity itself
READ_CHUNK = 256 * 1024  # a blob body is read out in pieces this large: fewer trips through the stack per MiB
SERVICE = "s3"


async def store(
    ctx: RequestContext, chunks: AsyncIterable[bytes] | bytes | None, hashers: Sequence[Hasher] = (), key: sse_c.CustomerKey | None = None
) -> Body:
    """Stream a request body into a new `Body`, feeding every chunk to `hashers`;
    with an SSE-C `key`, the stored bytes are encrypted under it."""
    if chunks is None:
        chunks = b""
    if key is None:
        return await _store(ctx, chunks, hashers)
    segment = sse_c.new_segment()
    stream = sse_c.Keystream(key, [segment])
    if isinstance(chunks, (bytes, bytearray)):
        for hasher in hashers:
            hasher.update(chunks)
        body = await _store(ctx, stream.apply(bytes(chunks)))
    else:
        body = await _store(ctx, _encrypting(chunks, stream, hashers))
    segment.size = body.size
    body.seal = Seal(sse_c.new_check(key), [segment], getattr(key, "envelope", None))
    return body


async def _encrypting(chunks: AsyncIterable[bytes], stream: sse_c.Keystream, hashers: Sequence[Hasher]) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        for hasher in hashers:
            hasher.update(chunk)
        yield stream.apply(chunk)


async def _store(ctx: RequestContext, chunks: AsyncIterable[bytes] | bytes, hashers: Sequence[Hasher] = ()) -> Body:
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


def read(ctx: RequestContext, body: Body, start: int = 0, end: int | None = None, key: sse_c.CustomerKey | None = None) -> bytes | AsyncIterator[bytes]:
    """Plaintext bytes [start, end) of a body (a sealed one needs its `key`, checked by `sse_c.unlock`)."""
    data = _raw(ctx, body, start, end)
    seal = sse_c.seal_of(body)
    if seal is None:
        return data
    assert key is not None, "a sealed body is read with its key"
    stream = sse_c.Keystream(key, seal.segments, start)
    return stream.apply(data) if isinstance(data, bytes) else _decrypting(data, stream)


async def _decrypting(chunks: AsyncIterator[bytes], stream: sse_c.Keystream) -> AsyncIterator[bytes]:
    async for chunk in chunks:
        yield stream.apply(chunk)


def _raw(ctx: RequestContext, body: Body, start: int = 0, end: int | None = None) -> bytes | AsyncIterator[bytes]:
    """Bytes [start, end) as stored: bytes when inline, else a stream from its file."""
    end = body.size if end is None else min(end, body.size)
    if body.data is not None:
        return body.data[start:end] if (start, end) != (0, body.size) else body.data
    assert body.blob is not None
    return ctx.store.blobs.iter_range(body.blob, start, end, READ_CHUNK)


def span_bytes(ctx: RequestContext, body: Body, start: int, end: int) -> bytes:
    """Bytes [start, end) as bytes: only for spans known to be small."""
    if body.data is not None:
        return body.data[start:end]
    assert body.blob is not None
    with ctx.store.blobs.open(body.blob) as file:
        file.seek(start)
        return file.read(max(0, end - start))


async def chunks_of(ctx: RequestContext, body: Body, start: int = 0, end: int | None = None, key: sse_c.CustomerKey | None = None) -> AsyncIterator[bytes]:
    """The same bytes as `read`, always as a stream (for copies and digests)."""
    async for chunk in _stream(read(ctx, body, start, end, key)):
        yield chunk


async def _stream(data: bytes | AsyncIterator[bytes]) -> AsyncIterator[bytes]:
    if isinstance(data, bytes):
        if data:
            yield data
        return
    async for chunk in data:
        yield chunk


async def concat(ctx: RequestContext, parts: Sequence[Body]) -> Body:
    """One new body made of `parts` in order (multipart completion): their stored
    bytes end to end, so sealed parts make a body sealed with one segment per part."""

    async def all_chunks() -> AsyncIterator[bytes]:
        for part in parts:
            async for chunk in _stream(_raw(ctx, part)):
                yield chunk

    if sum(p.size for p in parts) <= INLINE_MAX:
        body = _inline(b"".join([span_bytes(ctx, p, 0, p.size) for p in parts]), ())
    else:
        body = await _store(ctx, all_chunks())
    seals = [sse_c.seal_of(p) for p in parts]
    if seals and seals[0] is not None:
        body.seal = Seal(seals[0].check, [Segment(s.size, s.nonce) for seal in seals if seal is not None for s in seal.segments], getattr(seals[0], "kms", None))
    return body


async def copy(
    ctx: RequestContext,
    body: Body,
    start: int = 0,
    end: int | None = None,
    hashers: Sequence[Hasher] = (),
    *,
    source_key: sse_c.CustomerKey | None = None,
    key: sse_c.CustomerKey | None = None,
) -> Body:
    """A new body with bytes [start, end) of `body` (a blob body gets its own file).

    A sealed body is decrypted with `source_key`; the copy is sealed under `key`
    when one is given. A sealed body copied without `source_key` is copied whole
    as stored and stays sealed under its own key (replication)."""
    end = body.size if end is None else min(end, body.size)
    seal = sse_c.seal_of(body)
    if seal is not None and source_key is None:
        assert (start, end) == (0, body.size) and key is None and not hashers, "a sealed body is copied whole, or with its key"
    elif seal is not None or key is not None:
        return await store(ctx, chunks_of(ctx, body, start, end, source_key), hashers, key)
    if end - start <= INLINE_MAX:
        copied = _inline(span_bytes(ctx, body, start, end), hashers)
    else:
        copied = await _store(ctx, _stream(_raw(ctx, body, start, end)), hashers)
    if seal is not None:
        copied.seal = Seal(seal.check, [Segment(s.size, s.nonce) for s in seal.segments], getattr(seal, "kms", None))
    return copied


def discard(ctx: RequestContext, body: Body | None) -> None:
    if body is not None and body.blob is not None:
        ctx.store.blobs.delete(body.blob)
