"""An execution environment in a container of the official Lambda base image (the docker executor).

The same life cycle, Runtime API and invariants as `environment.Environment`,
of which this is a subclass; only the sandbox differs:
- start: the environment's Runtime API listens where containers reach the
  host (`bind_host`: the bridge network's gateway, which `host-gateway`
  resolves to, else 127.0.0.1 for engines that forward it, as Docker Desktop
  does); the container is created (its image pulled on first use) and started
  through the Engine API (`docker.DockerClient`), with `AWS_LAMBDA_RUNTIME_API`
  at `host.docker.internal:<port>`, so the image's own runtime client talks
  to cumulo.
- output: the container's log stream, followed from the start.
- exit: a `wait` on the container; its status ends the environment as a
  process exit does.
- stop (timeout, reaping, eviction): the container is removed by force.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Coroutine
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from cumulo.runtimes import docker, httpserver
from cumulo.runtimes.docker import DockerClient, DockerError
from cumulo.runtimes.environment import Environment
from cumulo.runtimes.spec import FunctionSpec, Issuer, Unsupported

LOOPBACK = ("127.0.0.1", "localhost", "0.0.0.0", "::1", "[::1]")


def through_alias(url: str) -> str:
    """cumulo's URL as a container sees it: a loopback host becomes host.docker.internal."""
    if not url:
        return url
    parts = urlsplit(url)
    if parts.hostname not in LOOPBACK:
        return url
    netloc = docker.HOST_ALIAS + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


class ContainerEnvironment(Environment):
    def __init__(self, spec: FunctionSpec, endpoint_url: str, client: DockerClient, bind_host: str, issuer: Issuer | None = None) -> None:
        super().__init__(spec, endpoint_url, issuer=issuer)
        self.client = client
        self.bind_host = bind_host
        self.container = ""
        self._tasks: set[asyncio.Task[Any]] = set()

    async def start(self) -> None:
        await self._issue()
        self._server, port = await httpserver.serve(self._handle, self.bind_host)
        config = docker.container_config(self.spec, f"{docker.HOST_ALIAS}:{port}", through_alias(self.endpoint_url), self.credentials)
        name = docker.container_name(self.spec, secrets.token_hex(4))
        try:
            self.container = await self.client.create(name, config, docker.platform(self.spec), self.spec.registry_auth)
            await self.client.start(self.container)
        except (DockerError, OSError) as error:
            self.stop()
            raise Unsupported(f"The docker executor could not start {self.spec.name} ({config['Image']}): {error}") from error
        self._spawn(self._follow_logs(self.container))
        self._spawn(self._watch(self.container))

    def _spawn(self, work: Coroutine[Any, Any, Any]) -> None:
        task = asyncio.get_running_loop().create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _follow_logs(self, ident: str) -> None:
        try:
            async for data in self.client.logs(ident):
                self._output_received(data)
        except (DockerError, OSError, asyncio.IncompleteReadError, ValueError):
            pass

    async def _watch(self, ident: str) -> None:
        try:
            status: int | None = await self.client.wait(ident)
        except (DockerError, OSError, asyncio.IncompleteReadError, ValueError):
            status = None
        if self.container == ident:  # exited by itself, not stopped by us
            self._exited(status)
            self._remove()

    def stop(self) -> None:
        if self.state == "dead" and not self.container:
            return
        self.state = "dead"
        self._release_next()
        if self._server is not None:
            self._server.close()
            self._server = None
        self._remove()

    def _remove(self) -> None:
        ident, self.container = self.container, ""
        if not ident:
            return
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # at exit, with no loop left
            docker.remove_now(self.client.host, ident)
            return
        task = loop.create_task(self._remove_quietly(ident))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _remove_quietly(self, ident: str) -> None:
        try:
            await self.client.remove(ident)
        except (DockerError, OSError):
            pass

    def describe(self) -> dict[str, object]:
        return super().describe() | {"container": self.container}
