"""The ASGI adapter and uvicorn start-up: the only module that knows sockets.

A raw ASGI app, no framework: HTTP scope -> `Request` (body left as a stream
over `receive`, so uvicorn sends `100 Continue` only when a handler reads it and
large uploads never sit in memory) -> `Gateway.handle` -> `Response` (bytes,
or an async iterator streamed chunk by chunk).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import socket
import sys
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import uvicorn

from cumulo import __version__
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
        elif kind == "lifespan":
            await self.lifespan(receive, send)

    async def http(self, scope: dict[str, Any], receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        headers: dict[str, str] = {}
        for raw_name, raw_value in scope["headers"]:
            name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
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
        if not drained[0] and _has_body(headers):
            # Answered before the body was read (an S3 PUT to a missing bucket): the
            # unread bytes, or a client still waiting for `100 Continue`, would be
            # taken for the next request on this connection. Close it instead.
            response.headers["connection"] = "close"
        await _send(response, send, head=scope["method"] == "HEAD", receive=receive if drained[0] or not _has_body(headers) else None)

    async def lifespan(self, receive: Callable[..., Any], send: Callable[..., Any]) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                self.runtime.started = time.time()
                self.gateway.start_background()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.runtime.scheduler.stop()
                self.runtime.store.commit()
                self.runtime.store.close()
                await send({"type": "lifespan.shutdown.complete"})
                return


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


async def _send(response: Response, send: Callable[..., Any], head: bool, receive: Callable[..., Any] | None = None) -> None:
    body = response.body
    headers = [(k.lower().encode("latin-1"), str(v).encode("latin-1")) for k, v in response.headers.items()]
    if isinstance(body, (bytes, bytearray)):
        if not any(name == b"content-length" for name, _ in headers):
            headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": response.status, "headers": headers})
        await send({"type": "http.response.body", "body": b"" if head else bytes(body)})
        return
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    if head:
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


def uvicorn_config(app: App, config: Config, **extra: Any) -> uvicorn.Config:
    settings: dict[str, Any] = {"host": config.host, "port": config.port, **extra}
    return uvicorn.Config(
        app,
        loop="uvloop" if sys.platform != "win32" else "asyncio",
        http="httptools",
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
    would end by the signal; cumulo shuts down the same way and then exits 0."""

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

    async def main() -> None:
        task = asyncio.create_task(server.serve())
        while not server.started:
            if task.done():
                await task
                raise SystemExit(1)
            await asyncio.sleep(0.005)
        print(f"cumulo {__version__} listening on http://{config.host}:{config.port}", flush=True)
        print("Ready.", flush=True)
        await task

    try:
        if sys.platform != "win32":
            import uvloop

            uvloop.run(main())
        else:
            asyncio.run(main())
    except KeyboardInterrupt:
        pass


def free_socket(host: str = "127.0.0.1") -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, 0))
    return sock
