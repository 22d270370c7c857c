"""The sans-IO HTTP values that flow through the gateway, router and protocol layer.

Only the ASGI adapter (`cumulo.server`) knows sockets. Everything else takes a
`Request` and returns a `Response`, so tests and `services.call` can run the
whole pipeline without the wire.

Invariants:
- `Request.headers` keys are lower-case; repeated headers are joined with ", ".
- `Request.path` is the path as sent (still percent-encoded); `Request.query`
  is the raw query string without the `?`.
- A request body is either already in `body` (bytes) or still pending in
  `stream`; `read()` drains the stream once and caches the bytes.
- `Response.body` is bytes, or an async iterator of bytes for streamed answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qsl


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    stream: AsyncIterator[bytes] | None = None
    client: str = "127.0.0.1"
    # Trailing headers of an aws-chunked body (x-amz-checksum-*), known once it is read.
    trailers: dict[str, str] = field(default_factory=dict)
    _query_params: list[tuple[str, str]] | None = None

    async def read(self) -> bytes:
        """The whole body, draining the stream on first use."""
        if self.stream is not None:
            chunks = [self.body] if self.body else []
            async for chunk in self.stream:
                chunks.append(chunk)
            self.stream = None
            self.body = b"".join(chunks)
        return self.body

    @property
    def query_params(self) -> list[tuple[str, str]]:
        """The decoded query string as (name, value) pairs, in order, blanks kept."""
        if self._query_params is None:
            self._query_params = parse_qsl(self.query, keep_blank_values=True)
        return self._query_params

    @property
    def host(self) -> str:
        return self.headers.get("host", "")


@dataclass(slots=True)
class Response:
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | AsyncIterator[bytes] = b""


class StreamingBody:
    """A request body handed to a handler unread (S3 PutObject, Lambda code...).

    Iterate it for chunks, or `await read()` for everything. It can be consumed once.
    """

    __slots__ = ("_request",)

    def __init__(self, request: Request) -> None:
        self._request = request

    async def read(self) -> bytes:
        return await self._request.read()

    async def __aiter__(self) -> AsyncIterator[bytes]:
        request = self._request
        if request.body:
            yield request.body
            request.body = b""
        if request.stream is not None:
            async for chunk in request.stream:
                yield chunk
            request.stream = None


class WebSocket(Protocol):
    """An upgraded WebSocket connection, as the ASGI adapter hands it to a service's
    `websocket` hook (API Gateway WebSocket APIs). `receive` answers None once the
    client has gone; `close` before `accept` refuses the upgrade (HTTP 403)."""

    async def accept(self) -> None: ...

    async def receive(self) -> str | bytes | None: ...

    async def send(self, data: str | bytes) -> None: ...

    async def close(self, code: int = 1000, reason: str = "") -> None: ...
