"""The ASGI adapter and uvicorn start-up: the only module that knows sockets.

A raw ASGI app, no framework: HTTP scope -> `Request` (body left as a stream
over `receive`, so uvicorn sends `100 Continue` only when a handler reads it and
large uploads never sit in memory) -> `Gateway.handle` -> `Response` (bytes,
or an async iterator streamed chunk by chunk).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import functools
import gc
import logging
import re
import signal
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import uvicorn

from cumulo import __version__
from cumulo.compat import inithooks
from cumulo.config import Config
from cumulo.core.http import Request, Response
from cumulo.core.runtime import Runtime
from cumulo.gateway import Gateway
from cumulo.state import open_store

log = logging.getLogger("cumulo")


class App:
    """The ASGI application."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.gateway = Gateway(runtime)

    async def __call__(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        kind = scope["type"]
        if kind == "http":
            await self.http(scope, receive, send)
        elif kind == "websocket":
            await self.websocket(scope, receive, send)
        elif kind == "lifespan":
            await self.lifespan(receive, send)

    async def websocket(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        """A WebSocket upgrade: offered to the services that claim its URL (Gateway.websocket);
        refused with HTTP 403 when none takes it."""
        if (await receive())["type"] != "websocket.connect":
            return
        raw_path = scope.get("raw_path")
        client = scope.get("client")
        request = Request("GET", raw_path.decode("latin-1") if raw_path else scope["path"], scope["query_string"].decode("latin-1"),
                          _headers(scope), client=client[0] if client else "")
        socket = _AsgiWebSocket(receive, send)
        if not await self.gateway.websocket(request, socket) and not socket.accepted:
            await send({"type": "websocket.close", "code": 1008})

    async def http(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        headers = _headers(scope)
        raw_path = scope.get("raw_path")
        path = raw_path.decode("latin-1") if raw_path else scope["path"]
        client = scope.get("client")
        drained = [False]
        request = Request(
            scope["method"],
            path,
            scope["query_string"].decode("latin-1"),
            headers,
            stream=_body(receive, drained),
            client=client[0] if client else "",
        )
        response = await self.gateway.handle(request)
        unread = not drained[0] and _has_body(headers)
        if unread:
            # Answered before the body was read (an S3 PUT to a missing bucket): the
            # unread bytes, or a client still waiting for `100 Continue`, would be
            # taken for the next request on this connection. Close it instead.
            response.headers["connection"] = "close"
        await _send(response, send, head=scope["method"] == "HEAD", receive=None if unread else receive)

    async def lifespan(self, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.runtime.started = time.time()
                self.gateway.start_background()
                await inithooks.startup(self.runtime)
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await inithooks.shutdown(self.runtime)  # already run unless stopped without a signal
                await self.runtime.scheduler.stop()
                self.runtime.store.commit()
                self.runtime.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


def _headers(scope: dict[str, Any]) -> dict[str, str]:
    headers: dict[str, str] = {}
    known = _NAMES.get
    for raw_name, raw_value in scope["headers"]:
        name = known(raw_name)
        if name is None:
            name = raw_name.decode("latin-1").lower()
            if len(_NAMES) < 512:  # the names clients send are few; a flood of new ones is not kept
                _NAMES[raw_name] = name
        if name in headers:
            headers[name] = f"{headers[name]}, {raw_value.decode('latin-1')}"
        else:
            headers[name] = raw_value.decode("latin-1")
    if scope.get("scheme") in ("https", "wss"):
        # As a TLS-terminating proxy would say: aws:SecureTransport and URLs built for the client read it.
        headers.setdefault("x-forwarded-proto", "https")
    return headers


_NAMES: dict[bytes, str] = {}  # request header names as sent -> as Request keeps them


class _AsgiWebSocket:
    """cumulo.core.http.WebSocket over an ASGI websocket scope."""

    __slots__ = ("_receive", "_send", "accepted", "closed")

    def __init__(self, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        self._receive, self._send = receive, send
        self.accepted = self.closed = False

    async def accept(self) -> None:
        self.accepted = True
        await self._send({"type": "websocket.accept"})

    async def receive(self) -> str | bytes | None:
        message = await self._receive()
        if message["type"] != "websocket.receive":
            self.closed = True
            return None
        text = message.get("text")
        return text if text is not None else message.get("bytes") or b""

    async def send(self, data: str | bytes) -> None:
        await self._send({"type": "websocket.send", "text": data} if isinstance(data, str) else {"type": "websocket.send", "bytes": data})

    async def close(self, code: int = 1000, reason: str = "") -> None:
        if not self.closed:
            self.closed = True
            await self._send({"type": "websocket.close", "code": code, "reason": reason})


async def _body(receive: Callable[..., Any], drained: list[bool]) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] != "http.request":  # the client went away
            drained[0] = True
            return
        chunk = message.get("body", b"")
        if chunk:
            yield chunk
        if not message.get("more_body", False):
            drained[0] = True
            return


def _has_body(headers: dict[str, str]) -> bool:
    return headers.get("content-length", "0") not in ("", "0") or "chunked" in headers.get("transfer-encoding", "")


# Statuses whose responses never carry a body (RFC 9110 sections 15.2, 15.3.5, 15.4.5): an
# error document rendered for one (S3's 304 NotModified) is dropped with its framing
# headers, or its bytes would be read as the start of the next response on a
# keep-alive connection.
def _bodiless(status: int) -> bool:
    return status < 200 or status in (204, 304)


_TOKEN = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")
_UNSAFE_VALUE = re.compile(r"[^\t\x20-\x7e\x80-\xff]")  # what HTTP/1.1 can carry as Latin-1 bytes


def header_value(value: str) -> bytes:
    """A header value as bytes on the wire. Text Latin-1 cannot carry (S3 user metadata
    holding `\u2014`), or control characters, is sent as an RFC 2047 encoded word of its
    UTF-8 bytes, as S3 returns such metadata (`=?UTF-8?B?...?=`)."""
    if value.isascii() and value.isprintable():  # nearly every value: C-speed checks only
        return value.encode("ascii")
    if _UNSAFE_VALUE.search(value) is None:
        return value.encode("latin-1")
    return b"=?UTF-8?B?" + base64.b64encode(value.encode("utf-8", "surrogatepass")) + b"?="


def wire_headers(headers: dict[str, Any], status: int, head: bool, has_body: bool, sized: bool = False) -> list[tuple[bytes, bytes]]:
    """The response headers as uvicorn takes them. A body that must not be sent (a
    bodiless status, or an error document answering HEAD) takes its framing and type
    headers with it; names HTTP cannot carry are left out rather than failing the answer.
    `sized`: the caller adds the content-length of what it sends, so a handler's is left out."""
    drop: tuple[bytes, ...] = (b"content-length",) if sized else ()
    if _bodiless(status):
        drop = (b"content-length", b"transfer-encoding", b"content-type") if has_body else (b"content-length", b"transfer-encoding")
    elif head and status >= 300 and has_body:
        drop = (b"content-length", b"content-type")
    out = []
    wire = _WIRE_NAMES
    for name, value in headers.items():
        wire_name = wire.get(name) or _header_name(name)
        if wire_name is None or wire_name in drop:
            continue
        if value.__class__ is str and value.isascii() and value.isprintable():  # nearly every value: C-speed checks only
            out.append((wire_name, value.encode("ascii")))
        else:
            out.append((wire_name, header_value(value if isinstance(value, str) else str(value))))
    return out


_WIRE_NAMES: dict[str, bytes] = {}  # response header names -> as sent, once checked (_header_name)


@functools.lru_cache(maxsize=1024)
def _header_name(name: str) -> bytes | None:
    """A header name as sent (lower case); None, once logged, for one HTTP cannot carry."""
    lowered = name.lower()
    if _TOKEN.match(lowered) is None:
        log.warning("dropped a response header whose name HTTP cannot carry: %r", name)
        return None
    if len(_WIRE_NAMES) < 1024:
        _WIRE_NAMES[name] = lowered.encode("ascii")
    return lowered.encode("ascii")


async def _send(response: Response, send: Callable[..., Any], head: bool, receive: Callable[..., Any] | None = None) -> None:
    body, status = response.body, response.status
    if isinstance(body, (bytes, bytearray)):
        sized = not head and not _bodiless(status)
        headers = wire_headers(response.headers, status, head, bool(body), sized)
        if sized:  # the length of what is sent, whatever a handler guessed
            headers.append((b"content-length", b"%d" % len(body)))
        elif head and status < 300 and not any(n == b"content-length" for n, _ in headers):
            headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head or _bodiless(status) else body if body.__class__ is bytes else bytes(body)})
        return
    headers = wire_headers(response.headers, status, head, True)
    await send({"type": "http.response.start", "status": status, "headers": headers})
    if head or _bodiless(status):
        close = getattr(body, "aclose", None)
        if close is not None:
            await close()
        await send({"type": "http.response.body", "body": b""})
        return
    streaming = asyncio.ensure_future(_stream(body, send))
    if receive is None:  # the request body is still unread: nothing to watch for a disconnect with
        await streaming
        return
    # A long stream (SubscribeToShard, a response stream) must end when its client goes
    # away: once the request body is read, the next ASGI message is `http.disconnect`.
    watching = asyncio.ensure_future(receive())
    try:
        await asyncio.wait({streaming, watching}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        if not streaming.done():
            streaming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await streaming
        watching.cancel()
    if not streaming.cancelled():
        streaming.result()  # a fault inside the stream is raised, not swallowed


async def _stream(body: AsyncIterator[bytes], send: Callable[..., Any]) -> None:
    try:
        async for chunk in body:
            if chunk:
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
    finally:
        aclose = getattr(body, "aclose", None)
        if aclose is not None:
            await aclose()
    await send({"type": "http.response.body", "body": b""})


def build_runtime(config: Config) -> Runtime:
    return Runtime(config=config, store=open_store(config.data_dir or None, durability=config.durability))


class _OneWrite:
    """A connection's transport as uvicorn's protocol sees it: a response's status line and
    headers wait for the body that follows them, so that a whole small answer leaves in
    one write (one system call and one TCP segment, not two: over loopback the second
    costs as much CPU as the rest of uvicorn's work on the request). Whatever waits is
    written before any later write, before the connection closes, and at the end of the
    event loop's current pass at the latest (a streamed body's first chunk may come later)."""

    __slots__ = ("_transport", "_held", "_loop")

    def __init__(self, transport: Any, loop: asyncio.AbstractEventLoop) -> None:
        self._transport = transport
        self._held: bytes | None = None
        self._loop = loop

    def write(self, data: Any) -> None:
        held = self._held
        if held is not None:
            self._held = None
            if len(data) <= 65536:  # small enough to copy; a large body goes as it is
                self._transport.write(held + data)
                return
            self._transport.write(held)
        elif data[:9] == b"HTTP/1.1 " and data[9:10] != b"1":  # a final response's head (never `100 Continue`)
            self._held = data
            self._loop.call_soon(self.flush)
            return
        self._transport.write(data)

    def flush(self) -> None:
        held = self._held
        if held is not None:
            self._held = None
            if not self._transport.is_closing():
                self._transport.write(held)

    def writelines(self, lines: Any) -> None:
        self.flush()
        self._transport.writelines(lines)

    def close(self) -> None:
        self.flush()
        self._transport.close()

    def write_eof(self) -> None:
        self.flush()
        self._transport.write_eof()

    def abort(self) -> None:
        self._held = None
        self._transport.abort()

    def is_closing(self) -> bool:
        return bool(self._transport.is_closing())

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def __getattr__(self, name: str) -> Any:  # the rest of the transport's interface, as it is
        return getattr(self._transport, name)


def _http_protocol() -> type[asyncio.Protocol]:
    """uvicorn's httptools protocol, writing through `_OneWrite`."""
    from uvicorn.protocols.http.flow_control import HIGH_WATER_LIMIT
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

    class Protocol(HttpToolsProtocol):
        def connection_made(self, transport: Any) -> None:  # type: ignore[override]
            super().connection_made(_OneWrite(transport, self.loop))  # type: ignore[arg-type]

        def on_body(self, body: bytes) -> None:
            # uvicorn appends each piece of a body to a bytearray and hands the app `bytes()`
            # of it: two copies of every byte of an upload. A piece that finds nothing waiting
            # is kept as the bytes object it is (`bytes(b)` is `b`, so `receive` copies nothing);
            # only pieces that pile up before the app reads them are joined, as uvicorn does.
            cycle = self.cycle
            if cycle.body or body.__class__ is not bytes or cycle.response_complete or self.parser.should_upgrade():
                if cycle.body.__class__ is bytes:
                    cycle.body = bytearray(cycle.body)
                super().on_body(body)
                return
            cycle.body = body  # type: ignore[assignment]
            if len(body) > HIGH_WATER_LIMIT:
                self.flow.pause_reading()
            cycle.message_event.set()

    return Protocol


def uvicorn_config(app: App, config: Config, **extra: Any) -> uvicorn.Config:
    settings: dict[str, Any] = {"host": config.host, "port": config.port, **extra}
    http: Any = _http_protocol()
    if config.tls:
        from cumulo import tls

        http = tls.sniffing(http, tls.server_context(config.data_dir))
    return uvicorn.Config(
        app,
        loop="uvloop" if sys.platform != "win32" else "asyncio",
        http=http,
        lifespan="on",
        access_log=False,
        log_config=None,
        server_header=False,
        # SDKs keep pooled connections open between calls; long polls hold them for 20 s.
        timeout_keep_alive=120,
        **settings,
    )


class _Server(uvicorn.Server):
    """uvicorn re-raises SIGINT/SIGTERM after its graceful shutdown, so the process
    would end by the signal; cumulo shuts down the same way and then exits 0. With init
    hooks, the first signal runs the shutdown.d scripts before the port closes (a second
    one stops at once)."""

    runtime: Runtime | None = None
    loop: asyncio.AbstractEventLoop | None = None
    _closing = False

    def handle_exit(self, sig: int, frame: Any) -> None:
        if self.runtime is not None and self.loop is not None:
            # Open console event streams would hold the graceful shutdown forever: end them first.
            from cumulo.console import live

            self.loop.call_soon_threadsafe(live.close, self.runtime)
        hooks = self.runtime.live.get(inithooks.LIVE_KEY) if self.runtime is not None else None
        if hooks is None or self.loop is None or self._closing or self.should_exit:
            super().handle_exit(sig, frame)
            return
        self._closing = True

        async def scripts_first() -> None:
            assert self.runtime is not None
            try:
                await inithooks.shutdown(self.runtime)
            finally:
                super(_Server, self).handle_exit(sig, frame)

        self.loop.call_soon_threadsafe(lambda: asyncio.ensure_future(scripts_first()))

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        if threading.current_thread() is not threading.main_thread():
            yield
            return
        previous = {sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)}
        try:
            yield
        finally:
            for sig, handler in previous.items():
                signal.signal(sig, handler)


def serve(config: Config) -> None:
    """Run in the foreground until Ctrl-C or SIGTERM; print the URL, then `Ready.`."""
    runtime = build_runtime(config)
    app = App(runtime)
    server = _Server(uvicorn_config(app, config))
    server.runtime = runtime

    async def main() -> None:
        server.loop = asyncio.get_running_loop()
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                await task
                raise SystemExit(1)
            await asyncio.sleep(0.005)
        also = f" (and https://{config.host}:{config.port})" if config.tls else ""
        print(f"cumulo {__version__} listening on http://{config.host}:{config.port}{also}", flush=True)
        print(console_banner(config), flush=True)
        print("Ready.", flush=True)
        # What start-up made (modules, botocore's loaders, the routing indexes) lives as long
        # as the process: out of the collector's way, so the full collections that requests'
        # garbage triggers do not walk it every time. Only here, in the server's own process.
        gc.collect()
        gc.freeze()
        inithooks.ready(runtime)
        await task

    try:
        if sys.platform != "win32":
            import uvloop

            uvloop.run(main())
        else:
            asyncio.run(main())
    except KeyboardInterrupt:
        pass


def console_banner(config: Config) -> str:
    """Where the console is; bound beyond loopback, the token its link carries (cumulo.console.guard)."""
    from cumulo.console import guard

    token = guard.ensure_token(config)
    host = "127.0.0.1" if config.host in ("0.0.0.0", "::", "") else config.host
    url = f"http://{host}:{config.port}/_cumulo/console/"
    if not token:
        return f"console: {url}"
    return f"console: {url}?token={token}\nconsole token (needed by /_cumulo/ endpoints on this wide bind): {token}"


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock
