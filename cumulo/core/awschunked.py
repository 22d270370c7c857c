"""Decoding of `aws-chunked` request bodies, as streams.

SDKs send S3 uploads as `aws-chunked`: each chunk is `<hex size>[;chunk-signature=...]\r\n<data>\r\n`,
ending with a zero-size chunk, then optional trailing headers (`x-amz-checksum-crc32:...`)
and a blank line. Signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`) and
unsigned (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`) forms share this framing.
See https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from cumulo.core.errors import AwsError


class ChunkChecker(Protocol):
    """Checks chunk signatures as they are read (`cumulo.auth.sigv4.ChunkSigner`)."""

    def chunk(self, extensions: bytes, data: bytes) -> None: ...

    def trailers(self, trailers: dict[str, str]) -> None: ...


def is_aws_chunked(headers: dict[str, str]) -> bool:
    return "aws-chunked" in headers.get("content-encoding", "") or headers.get(
        "x-amz-content-sha256", ""
    ).startswith("STREAMING-")


class IncompleteBody(AwsError):
    code = "IncompleteBody"
    status = 400


async def decode(
    source: AsyncIterator[bytes], trailers: dict[str, str], checker: ChunkChecker | None = None
) -> AsyncIterator[bytes]:
    """Yield the payload of an aws-chunked stream; fill `trailers` once the end is read.
    A `checker` sees each chunk (its header extensions and data) before it is
    yielded, and the trailers, and raises to refuse them."""
    reader = _Reader(source.__aiter__())
    while True:
        header = await reader.line()
        if header is None:
            raise IncompleteBody(message="The request body terminated unexpectedly")
        size_text, _, extensions = header.partition(b";")
        try:
            size = int(size_text, 16)
        except ValueError:
            raise IncompleteBody(message="The request body is not valid aws-chunked encoding") from None
        if size == 0:
            if checker is not None:
                checker.chunk(extensions, b"")
            break
        data = await reader.take(size)
        if data is None or await reader.take(2) is None:  # the CRLF that ends the chunk
            raise IncompleteBody(message="The request body terminated unexpectedly")
        if checker is not None:
            checker.chunk(extensions, data)
        yield data
    # Trailing headers until a blank line or the end of the stream.
    while True:
        line = await reader.line(at_end=True)
        line = line.strip() if line else b""
        if not line:
            if checker is not None:
                checker.trailers(trailers)
            return
        name, _, value = line.decode("latin-1").partition(":")
        trailers[name.strip().lower()] = value.strip()


class _Reader:
    """The pieces of a stream read as lines and counted spans. A span inside one piece
    is one slice of it (the piece itself when it is the whole piece); only a span that
    crosses pieces is joined, once: an upload is copied at most once on its way through."""

    __slots__ = ("_source", "_piece", "_pos")

    def __init__(self, source: AsyncIterator[bytes]) -> None:
        self._source = source
        self._piece = b""
        self._pos = 0

    async def _next(self) -> bytes | None:
        try:
            return bytes(await self._source.__anext__())
        except StopAsyncIteration:
            return None

    async def line(self, at_end: bool = False) -> bytes | None:
        """The next line without its CRLF; at the end of the stream, None (or with
        `at_end`, what is left)."""
        while (eol := self._piece.find(b"\r\n", self._pos)) < 0:
            more = await self._next()
            if more is None:
                if not at_end:
                    return None
                rest, self._piece, self._pos = self._piece[self._pos:], b"", 0
                return rest
            # A line split across pieces (rare: lines are short): what is left, then the next piece.
            self._piece, self._pos = self._piece[self._pos:] + more, 0
        line = self._piece[self._pos:eol]
        self._pos = eol + 2
        return line

    async def take(self, n: int) -> bytes | None:
        """The next `n` bytes; None when the stream ends first."""
        piece, pos = self._piece, self._pos
        if len(piece) - pos >= n:
            self._pos = pos + n
            return piece[pos:pos + n] if (pos, n) != (0, len(piece)) else piece
        parts = [memoryview(piece)[pos:]]
        have = len(piece) - pos
        while have < n:
            more = await self._next()
            if more is None:
                return None
            parts.append(memoryview(more)[: n - have])
            have += len(parts[-1])
            piece = more
        self._piece, self._pos = piece, len(parts[-1])
        return b"".join(parts)
