"""cumulo as a library, for suites that are not pytest (unittest, behave, scripts):

    with cumulo.serve() as endpoint:        # "http://127.0.0.1:<free port>", running in this process
        boto3.client("sqs", endpoint_url=endpoint)
        cumulo.reset()                       # every service's state cleared, the clock put back

The server runs on a thread of its own (its own event loop), so the caller's code
stays synchronous; it is stopped when the block ends, even on an exception.
"""

from __future__ import annotations

import os
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

from cumulo.config import Config
from cumulo.testing.server import CumuloServer

# Dummy credentials and a region, for `serve(set_env=True)`: SDKs refuse to sign without them.
AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
}

_running: list[CumuloServer] = []  # innermost last: what `reset()` clears


@contextmanager
def serve(*, set_env: bool = False, **settings: object) -> Iterator[str]:
    """Start a cumulo server on a free port of 127.0.0.1 and yield its endpoint URL.

    `settings` are `Config` fields (`data_dir="./state"`, `compat="moto"`, ...). With
    `set_env=True`, `AWS_ENDPOINT_URL` and dummy credentials are set for the block and
    put back after it, so clients made without arguments reach this server."""
    for name in settings:
        if not hasattr(Config, name):
            raise TypeError(f"serve() got an unknown setting {name!r}")
    # Not the environment's CUMULO_* settings: a test server is the same on every machine.
    config = Config.from_env({}, **{"log_level": "warning", **settings})
    server = CumuloServer(config).start()
    _running.append(server)
    saved: dict[str, str | None] = {}
    if set_env:
        for name, value in {"AWS_ENDPOINT_URL": server.url, **AWS_ENV}.items():
            saved[name] = os.environ.get(name)
            os.environ[name] = value
    try:
        yield server.url
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old
        _running.remove(server)
        server.stop()


def reset(endpoint: str | None = None) -> None:
    """Clear all state: of the innermost `serve()` block of this process, or else of the
    server at `endpoint` (default `$AWS_ENDPOINT_URL`) through `POST /_cumulo/reset`."""
    if endpoint is None and _running:
        _running[-1].reset()
        return
    url = endpoint or os.environ.get("AWS_ENDPOINT_URL")
    if not url:
        raise RuntimeError("no cumulo server to reset: none started with cumulo.serve(), and no endpoint given")
    request = urllib.request.Request(url.rstrip("/") + "/_cumulo/reset", method="POST")
    with urllib.request.urlopen(request, timeout=30) as answer:
        answer.read()
