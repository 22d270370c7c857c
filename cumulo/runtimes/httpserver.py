"""A minimal HTTP/1.1 server for the Lambda Runtime API, on asyncio streams.

The runtime clients that talk to it (awslambdaric's libcurl client, our Node.js
bootstrap, `curl` in a shell `bootstrap`) send small requests on keep-alive
connections: a request line, headers, and a body framed by `Content-Length` or
`Transfer-Encoding: chunked` (response streaming). That is all this parses.

Invariants
- One handler call per request; the handler gets an `HttpRequest` whose body is
  still unread (`read()` for all of it, `chunks()` to stream it), so a streamed
  function response reaches the invoker chunk by chunk.
- The handler's answer is written with `Content-Length`; the connection stays
  open for the next request unless the client said `Connection: close`.
- A malformed request or a dropped connection ends that connection only.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field

log = logging.getLogger("cumulo.runtimes")

MAX_HEAD = 64 * 1024
REASONS = {200: "OK", 202: "Accepted", 400: "Bad Request", 403: "Forbidden", 404: "Not Found", 413: "Payload Too Large", 500: "Internal Server Error"}


@dataclass(slots=True)
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    reader: asyncio.StreamReader
    # Trailing headers of a chunked body (lower-cased), known once it is read:
    # a streamed response names a mid-stream failure there.
    trailers: dict[str, str] = field(default_factory=dict)
    _left: int = 0
    _chunked: bool = False
    _done: bool = False

    async def chunks(self) -> AsyncIterator[bytes]:
        """The body as it arrives; consumable once."""
        if self._done:
            return
        self._done = True
        if self._chunked:
            while True:
                size_line = await self.reader.readuntil(b"\r\n")
                size = int(size_line.split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
                        name, _, value = line.decode("latin-1").partition(":")
                        self.trailers[name.strip().lower()] = value.strip()
                    return
                data = await self.reader.readexactly(size)
                await self.reader.readexactly(2)
                yield data
        while self._left > 0:
            data = await self.reader.read(min(self._left, 64 * 1024))
            if not data:
                raise ConnectionError("body cut short")
            self._left -= len(data)
            yield data

    async def read(self) -> bytes:
        return b"".join([chunk async for chunk in self.chunks()])


@dataclass(slots=True)
class HttpResponse:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[HttpRequest], Awaitable[HttpResponse]]


async def serve(handler: Handler, host: str = "127.0.0.1") -> tuple[asyncio.Server, int]:
    """Listen on a free port of `host`; returns the server and its port."""

    async def connection(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while await _one(handler, reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            pass
        except asyncio.CancelledError:  # the environment or the loop is going away
            pass
        except Exception:
            log.exception("runtime API connection failed")
        finally:
            writer.close()

    server = await asyncio.start_server(connection, host, 0, limit=MAX_HEAD)
    return server, server.sockets[0].getsockname()[1]


async def _one(handler: Handler, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
    """Serve one request; False when the connection should close."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as eof:
        if eof.partial.strip():
            raise
        return False
    lines = head.decode("latin-1").split("\r\n")
    method, target, _version = lines[0].split(" ", 2)
    headers: dict[str, str] = {}
    for line in lines[1:]:
        if line:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
    request = HttpRequest(method, target.split("?", 1)[0], headers, reader)
    if headers.get("transfer-encoding", "").lower() == "chunked":
        request._chunked = True
    else:
        request._left = int(headers.get("content-length") or 0)
    response = await handler(request)
    async for _ in request.chunks():  # whatever the handler left unread
        pass
    keep = headers.get("connection", "").lower() != "close"
    out = [f"HTTP/1.1 {response.status} {REASONS.get(response.status, 'Status')}"]
    response.headers.setdefault("Content-Type", "application/json")
    for name, value in response.headers.items():
        out.append(f"{name}: {value}")
    out.append(f"Content-Length: {len(response.body)}")
    if not keep:
        out.append("Connection: close")
    writer.write(("\r\n".join(out) + "\r\n\r\n").encode("latin-1") + response.body)
    await writer.drain()
    return keep
