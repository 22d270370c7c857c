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
    buffer = bytearray()
    source_iter = source.__aiter__()

    async def more() -> bool:
        try:
            buffer.extend(await source_iter.__anext__())
            return True
        except StopAsyncIteration:
            return False

    while True:
        while (eol := buffer.find(b"\r\n")) < 0:
            if not await more():
                raise IncompleteBody(message="The request body terminated unexpectedly")
        header = bytes(buffer[:eol])
        del buffer[: eol + 2]
        size_text, _, extensions = header.partition(b";")
        try:
            size = int(size_text, 16)
        except ValueError:
            raise IncompleteBody(message="The request body is not valid aws-chunked encoding") from None
        if size == 0:
            if checker is not None:
                checker.chunk(extensions, b"")
            break
        while len(buffer) < size + 2:
            if not await more():
                raise IncompleteBody(message="The request body terminated unexpectedly")
        data = bytes(buffer[:size])
        if checker is not None:
            checker.chunk(extensions, data)
        yield data
        del buffer[: size + 2]
    # Trailing headers until a blank line or the end of the stream.
    while True:
        while (eol := buffer.find(b"\r\n")) < 0:
            if not await more():
                eol = len(buffer)
                break
        line = bytes(buffer[:eol]).strip()
        del buffer[: eol + 2]
        if not line:
            if checker is not None:
                checker.trailers(trailers)
            return
        name, _, value = line.decode("latin-1").partition(":")
        trailers[name.strip().lower()] = value.strip()
