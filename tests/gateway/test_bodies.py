"""Request bodies as SDKs send them: aws-chunked with trailers, Expect: 100-continue."""

from __future__ import annotations

import asyncio
import socket

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.core import awschunked
from cumulo.testing import CumuloServer


async def _decode(chunks: list[bytes]) -> tuple[bytes, dict[str, str]]:
    async def source():  # type: ignore[no-untyped-def]
        for c in chunks:
            yield c

    trailers: dict[str, str] = {}
    out = b"".join([c async for c in awschunked.decode(source(), trailers)])
    return out, trailers


def test_aws_chunked_unsigned_with_trailer_split_anywhere() -> None:
    wire = b"5\r\nhello\r\n6\r\n world\r\n0\r\nx-amz-checksum-crc32:DUoRhQ==\r\n\r\n"
    for split in range(1, len(wire)):
        body, trailers = asyncio.run(_decode([wire[:split], wire[split:]]))
        assert body == b"hello world"
        assert trailers == {"x-amz-checksum-crc32": "DUoRhQ=="}


def test_aws_chunked_signed_chunks() -> None:
    wire = b"3;chunk-signature=abc\r\nabc\r\n0;chunk-signature=def\r\n\r\n"
    assert asyncio.run(_decode([wire])) == (b"abc", {})


def test_aws_chunked_truncated_is_an_error() -> None:
    import pytest

    with pytest.raises(awschunked.IncompleteBody):
        asyncio.run(_decode([b"a\r\nshort"]))


@st.composite
def _chunked(draw: st.DrawFn) -> tuple[list[bytes], dict[str, str], bytes, list[int]]:
    chunks = draw(st.lists(st.binary(min_size=1, max_size=300), max_size=8))
    trailers = draw(st.dictionaries(st.sampled_from(["x-amz-checksum-crc32", "x-amz-checksum-sha256", "x-amz-trailer-signature"]),
                                    st.text("abcdefABC0123456789+/=", min_size=1, max_size=12), max_size=2))
    signed = draw(st.booleans())
    ext = b";chunk-signature=" + b"f" * 64 if signed else b""
    wire = b"".join(b"%x%s\r\n%s\r\n" % (len(c), ext, c) for c in chunks) + b"0" + ext + b"\r\n"
    wire += b"".join(f"{k}:{v}\r\n".encode() for k, v in trailers.items()) + b"\r\n"
    cuts = sorted(draw(st.lists(st.integers(1, max(1, len(wire) - 1)), max_size=6)))
    return chunks, trailers, wire, cuts


@settings(max_examples=300, deadline=None)
@given(_chunked())
def test_aws_chunked_any_chunks_any_pieces(case: tuple[list[bytes], dict[str, str], bytes, list[int]]) -> None:
    chunks, trailers, wire, cuts = case
    bounds = [0, *cuts, len(wire)]
    pieces = [wire[a:b] for a, b in zip(bounds, bounds[1:], strict=False) if b > a]

    async def run(parts: list[bytes]) -> tuple[list[bytes], dict[str, str]]:
        async def source():  # type: ignore[no-untyped-def]
            for p in parts:
                yield p

        got: dict[str, str] = {}
        return [c async for c in awschunked.decode(source(), got)], got

    # Each chunk is handed on whole (a checker sees it as it was signed), whatever the pieces.
    assert asyncio.run(run(pieces)) == (chunks, trailers)
    # Cut short before the final chunk's header ends: an error, never a short body.
    last = len(wire) - len(b"".join(f"{k}:{v}\r\n".encode() for k, v in trailers.items())) - 2
    for cut in {*cuts, last - 1}:
        if 0 < cut < last:
            with pytest.raises(awschunked.IncompleteBody):
                asyncio.run(run([wire[:cut]]))


def test_expect_100_continue_is_answered(cumulo: CumuloServer) -> None:
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    head = (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{cumulo.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\nExpect: 100-continue\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", cumulo.port), timeout=5) as s:
        s.sendall(head)
        assert s.recv(100).startswith(b"HTTP/1.1 100 Continue")
        s.sendall(body)
        answer = b""
        while b"</GetCallerIdentityResponse>" not in answer:
            chunk = s.recv(65536)
            assert chunk
            answer += chunk
    assert b"HTTP/1.1 200" in answer and b"<Account>000000000000</Account>" in answer


def test_many_idle_keep_alive_connections_stay_usable(cumulo: CumuloServer) -> None:
    body = b"Action=GetCallerIdentity&Version=2011-06-15"
    request = (
        f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{cumulo.port}\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode() + body

    def ask(s: socket.socket) -> bytes:
        s.sendall(request)
        answer = b""
        while b"</GetCallerIdentityResponse>" not in answer:
            chunk = s.recv(65536)
            assert chunk, "connection closed"
            answer += chunk
        return answer

    sockets = [socket.create_connection(("127.0.0.1", cumulo.port), timeout=10) for _ in range(200)]
    try:
        for s in sockets:
            assert ask(s).startswith(b"HTTP/1.1 200")
        import time

        time.sleep(1.0)  # idle, as pooled SDK connections sit between calls
        for s in sockets:
            assert ask(s).startswith(b"HTTP/1.1 200")
    finally:
        for s in sockets:
            s.close()
