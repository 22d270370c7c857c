"""pytest plugin: a real cumulo server for your tests, in-process, reset between tests.

Registered as a `pytest11` entry point, so installing cumulo is enough:

    def test_queue(cumulo):                      # server running, env set, state empty
        sqs = boto3.client("sqs")                # AWS_ENDPOINT_URL points at cumulo
        url = sqs.create_queue(QueueName="q")["QueueUrl"]

    def test_visibility(cumulo, cumulo_clock):
        cumulo_clock.advance(3600)               # every timer in cumulo sees an hour pass

Fixtures:
- `cumulo_server` (session): starts the server on a free port in a background
  thread; each pytest-xdist worker is its own process and gets its own server.
- `cumulo` (function): sets `AWS_ENDPOINT_URL`, dummy credentials and region for
  the test, and resets all state after it (dropping scopes: no restart).
- `cumulo_clock` (function): moves the cumulo clock; put back after the test.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Coroutine, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

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


@pytest.fixture(scope="session")
def cumulo_server() -> Iterator[CumuloServer]:
    server = CumuloServer().start()
    yield server
    server.stop()


AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}


@pytest.fixture
def cumulo(cumulo_server: CumuloServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[CumuloServer]:
    monkeypatch.setenv("AWS_ENDPOINT_URL", cumulo_server.url)
    for name, value in AWS_ENV.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE"):
        monkeypatch.delenv(name, raising=False)
    yield cumulo_server
    cumulo_server.reset()


@pytest.fixture
def cumulo_clock(cumulo: CumuloServer) -> ClockControl:
    return ClockControl(cumulo)


@contextmanager
def spawned_server(port: int, data_dir: str | None = None, env: dict[str, str] | None = None) -> Iterator[subprocess.Popen[str]]:
    """`python -m cumulo` in a child process (for restart and crash tests); waits for `Ready.`."""
    args = [sys.executable, "-m", "cumulo", "--port", str(port), "--log-level", "warning"]
    if data_dir:
        args += ["--data-dir", data_dir]
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    try:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.strip() == "Ready.":
                break
        else:
            raise RuntimeError(f"cumulo exited with {proc.wait()} before it was ready")
        yield proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


def free_port(host: str = "127.0.0.1") -> int:
    """A port free right now (for child servers, which bind it themselves)."""
    import socket

    with socket.socket() as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def wait_healthy(url: str, timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + "/_cumulo/health", timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.02)
