"""A cumulo server in a background thread of this process, and a handle on its clock.

Used by the pytest plugin and by `cumulo.serve()`; needs no pytest.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Coroutine
from typing import Any

from cumulo.config import Config


class CumuloServer:
    """A cumulo server running in a background thread of this process."""

    def __init__(self, config: Config | None = None) -> None:
        import uvicorn

        from cumulo.server import App, build_runtime, free_socket, uvicorn_config

        self.config = config or Config(log_level="warning")
        self.runtime = build_runtime(self.config)
        self.app = App(self.runtime)
        self._socket = free_socket(self.config.host)
        self.port = self._socket.getsockname()[1]
        self.config.port = self.port  # what functions and queue URLs must point back at
        self.url = f"http://{self.config.host}:{self.port}"
        self._server = uvicorn.Server(uvicorn_config(self.app, self.config, port=self.port))
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread = threading.Thread(target=self._run, name="cumulo-server", daemon=True)

    def _run(self) -> None:
        import uvloop

        self._loop = uvloop.new_event_loop()
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._server.serve(sockets=[self._socket]))

    def start(self) -> CumuloServer:
        self._thread.start()
        deadline = time.monotonic() + 10
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("cumulo did not start")
            time.sleep(0.002)
        return self

    def stop(self) -> None:
        if self._loop is not None and not self._loop.is_closed():
            from cumulo.console import live

            self._loop.call_soon_threadsafe(live.close, self.runtime)  # open console event streams end
        self._server.should_exit = True
        self._thread.join(timeout=10)

    def run(self, coro: Coroutine[Any, Any, Any]) -> Any:
        """Run a coroutine on the server's event loop and wait for its result."""
        assert self._loop is not None
        return asyncio.run_coroutine_threadsafe(coro, self._loop).result(timeout=30)

    def reset(self) -> None:
        async def reset() -> None:
            self.runtime.store.reset()
            self.runtime.signals.notify_all()
            self.runtime.clock.reset()

        self.run(reset())


class ClockControl:
    """Moves the server's clock from the test thread, running any work that fell due."""

    def __init__(self, server: CumuloServer) -> None:
        self.server = server

    def now(self) -> float:
        return self.server.runtime.clock.now()

    def advance(self, seconds: float) -> None:
        async def advance() -> None:
            self.server.runtime.clock.advance(seconds)
            await self.server.runtime.scheduler.run_due()

        self.server.run(advance())

    def set(self, epoch_seconds: float) -> None:
        async def set_() -> None:
            self.server.runtime.clock.set(epoch_seconds)
            await self.server.runtime.scheduler.run_due()

        self.server.run(set_())
