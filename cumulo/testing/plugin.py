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

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
import pytest

from cumulo.testing.server import ClockControl, CumuloServer

__all__ = ["ClockControl", "CumuloServer", "free_port", "spawned_server", "wait_healthy"]


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
