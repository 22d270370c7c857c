"""The executor: the warm execution environments of one cumulo server.

One per `Runtime` (`executor_for(runtime)`), created on first use and kept in
`runtime.live`, never in the store: it holds processes and sockets.

- Warm reuse: environments are pooled by `FunctionSpec.key` (function version,
  code, layers, configuration); an idle one is reused, else a new one starts.
  A changed configuration or new code gives a new key, so no invocation ever
  runs stale code.
- Concurrency: invocations in flight are counted per function; `invoke()`
  raises `Throttled` when a limit (reserved concurrency) would be passed, and
  each concurrent invocation gets its own environment, as on AWS.
- Provisioned concurrency: `provision(spec, n)` starts environments of a
  version until `n` are up, before any invocation asks for them (their
  `AWS_LAMBDA_INITIALIZATION_TYPE` is `provisioned-concurrency`); reaping
  keeps that many; `unprovision()` lets them age out again.
- Reaping: `reap()` stops environments idle longer than `idle_seconds`;
  `evict()` forces cold starts (an idle environment stops now, a busy one when
  its invocation ends).
- Credentials: `invoke()` and `provision()` take the service's `Issuer`, which
  each new environment asks for its role's credentials. An idle environment
  whose credentials would expire (on the cumulo clock, `now`) before an
  invocation could end, with `REFRESH_MARGIN` to spare, or that the issuer no
  longer knows (a reset), is stopped instead of reused, by `invoke()` or
  `reap()`; a provisioned version's start again at once, with new credentials.
- Docker: `CUMULO_LAMBDA_EXECUTOR=docker` (cumulo.config) runs each environment
  in a container of the official image (`container.ContainerEnvironment`),
  through the engine at DOCKER_HOST (default /var/run/docker.sock); without a
  reachable engine that is a clear error per invocation, never a silent
  fallback.
"""

from __future__ import annotations

import asyncio
import atexit
import logging
import shutil
import socket
import tempfile
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cumulo.runtimes import docker, launch
from cumulo.runtimes.container import ContainerEnvironment
from cumulo.runtimes.environment import Environment
from cumulo.runtimes.spec import FunctionSpec, Invocation, Issuer, Outcome, Throttled, Unsupported

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.lambda.runtime")

IDLE_SECONDS = 600.0
HISTORY = 1000
REFRESH_MARGIN = 300.0  # seconds an environment's credentials must outlast its function's timeout


class Executor:
    def __init__(self, mode: str = "process", idle_seconds: float = IDLE_SECONDS, endpoint_url: str = "", now: Callable[[], float] = time.time) -> None:
        self.mode = mode
        self.idle_seconds = idle_seconds
        self.endpoint_url = endpoint_url
        self.now = now  # the cumulo clock, which credentials expire by
        self.work = Path(tempfile.mkdtemp(prefix="cumulo-lambda-"))
        self.pools: defaultdict[str, list[Environment]] = defaultdict(list)
        self.in_flight: Counter[str] = Counter()
        self._retire: set[int] = set()  # ids of busy environments to stop when they finish
        self.provisioned: dict[str, int] = {}  # spec key -> environments kept started (provisioned concurrency)
        # For the service's use: recent invocation records (introspection) and
        # invocations running in the background (async invokes, event sources).
        self.history: deque[dict[str, Any]] = deque(maxlen=HISTORY)
        self.tasks: set[asyncio.Task[Any]] = set()
        self._docker: docker.DockerClient | None = None
        self._bind_host: str | None = None  # where containers reach this host's Runtime API endpoints
        atexit.register(self.close)

    def spawn(self, work: Coroutine[Any, Any, Any]) -> asyncio.Task[Any]:
        """Run `work` in the background on the running loop, keeping a reference until it ends."""
        task = asyncio.get_running_loop().create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    # ---------------------------------------------------------------- files

    async def code_dir(self, zip_path: Path, sha_hex: str) -> Path:
        """The unpacked package (or layer) with this content hash."""
        dest = self.work / "code" / sha_hex
        if dest.is_dir():
            return dest
        dest.parent.mkdir(parents=True, exist_ok=True)
        return await asyncio.to_thread(launch.extract, zip_path, dest)

    async def opt_dir(self, layer_dirs: list[Path]) -> Path | None:
        return await asyncio.to_thread(launch.merge_layers, layer_dirs, self.work)

    def empty_dir(self) -> Path:
        """The task root of a function without a package (an image function)."""
        path = self.work / "empty"
        path.mkdir(exist_ok=True)
        return path

    # ---------------------------------------------------------------- invoking

    async def invoke(self, spec: FunctionSpec, invocation: Invocation, limit: int | None = None, issuer: Issuer | None = None) -> Outcome:
        """Run one invocation; raises `Throttled` past `limit` concurrent ones, `Unsupported` if it cannot run here,
        and what `issuer` raises when a new environment cannot get credentials."""
        arn = spec.function_arn
        if limit is not None and self.in_flight[arn] >= limit:
            raise Throttled(arn)
        self._check_mode()
        self.in_flight[arn] += 1
        try:
            self._retire_spent(spec.key)
            env = self._take_idle(spec.key)
            if env is None:
                env = await self._new_environment(spec, issuer)
                await env.start()
                self.pools[spec.key].append(env)
            outcome = await env.run(invocation)
            if id(env) in self._retire:
                self._retire.discard(id(env))
                env.stop()
            self._drop_dead(spec.key)
            return outcome
        finally:
            self.in_flight[arn] -= 1
            if not self.in_flight[arn]:
                del self.in_flight[arn]

    async def provision(self, spec: FunctionSpec, count: int, issuer: Issuer | None = None) -> int:
        """Keep `count` environments of `spec` started, starting the missing ones now; returns how many are up.
        Raises as `invoke` does when the runtime cannot run here or credentials cannot be issued."""
        self._check_mode()
        self.provisioned[spec.key] = count
        pool = self.pools[spec.key]
        missing = count - sum(1 for env in pool if env.state != "dead")
        for _ in range(max(0, missing)):
            env = await self._new_environment(spec, issuer)
            env.initialization = "provisioned-concurrency"
            await env.start()
            pool.append(env)
        return self.warm(spec.function_arn, spec.version)

    def unprovision(self, function_arn: str, version: str) -> None:
        """Stop keeping a version's environments started: the idle ones age out as on-demand ones do."""
        prefix = f"{function_arn}:{version}:"
        for key in [k for k in self.provisioned if k.startswith(prefix)]:
            del self.provisioned[key]

    def warm(self, function_arn: str, version: str) -> int:
        """Environments of a version that finished their init (idle or running an invocation)."""
        prefix = f"{function_arn}:{version}:"
        return sum(1 for key, pool in self.pools.items() if key.startswith(prefix) for env in pool if env.state in ("idle", "busy"))

    def _take_idle(self, key: str) -> Environment | None:
        # The most recently used first: it is the warmest, and the others can age out.
        for env in sorted(self.pools.get(key, ()), key=lambda e: -e.last_used):
            if env.state == "idle":
                return env
        return None

    def _retire_spent(self, key: str) -> int:
        """Stop the idle environments of `key` whose credentials could not see an invocation through."""
        now = self.now()
        spent = [e for e in self.pools.get(key, ()) if e.state == "idle" and not e.credentials_last(now, e.spec.timeout + REFRESH_MARGIN)]
        for env in spent:
            env.stop()
        if spent and self.provisioned.get(key):
            self.spawn(self._reprovision(spent[0]))
        return len(spent)

    def _drop_dead(self, key: str) -> None:
        pool = self.pools.get(key)
        if pool is not None:
            pool[:] = [e for e in pool if e.state != "dead"]
            if not pool:
                del self.pools[key]

    def _check_mode(self) -> None:
        if self.mode not in ("process", "docker"):
            raise Unsupported(f"Unknown CUMULO_LAMBDA_EXECUTOR {self.mode!r}: use process or docker.")

    async def _new_environment(self, spec: FunctionSpec, issuer: Issuer | None) -> Environment:
        if self.mode == "process":
            if spec.image:
                raise Unsupported(f"{spec.name} is a container image function ({spec.image}): it needs the docker executor (CUMULO_LAMBDA_EXECUTOR=docker).")
            return Environment(spec, self.endpoint_url, work=self.work, issuer=issuer)
        host = docker.engine_host()
        if not docker.reachable(host):
            raise Unsupported(
                f"CUMULO_LAMBDA_EXECUTOR=docker, but no Docker engine is reachable at {host} (DOCKER_HOST or /var/run/docker.sock). "
                "Start one, or unset CUMULO_LAMBDA_EXECUTOR to run functions as local processes."
            )
        if self._docker is None or self._docker.host != host:
            self._docker, self._bind_host = docker.DockerClient(host), None
        if self._bind_host is None:
            self._bind_host = await _bindable(await self._docker.bridge_gateway())
        return ContainerEnvironment(spec, self.endpoint_url, self._docker, self._bind_host, issuer)

    # ---------------------------------------------------------------- housekeeping

    def environments(self) -> list[Environment]:
        return [env for pool in self.pools.values() for env in pool if env.state != "dead"]

    def evict(self, function_arn: str | None = None) -> int:
        """Stop the environments of one function (or all); returns how many."""
        count = 0
        for key in list(self.pools):
            for env in self.pools[key]:
                if function_arn is not None and env.spec.function_arn != function_arn:
                    continue
                if env.state == "busy":
                    self._retire.add(id(env))
                else:
                    env.stop()
                count += 1
            self._drop_dead(key)
        return count

    def reap(self) -> int:
        """Stop environments idle for longer than `idle_seconds`, and idle ones whose credentials are spent."""
        cutoff = time.monotonic() - self.idle_seconds
        count = 0
        for key in list(self.pools):
            count += self._retire_spent(key)
            keep = self.provisioned.get(key, 0)
            for env in sorted(self.pools[key], key=lambda e: -e.last_used):
                if env.state == "idle" and env.last_used < cutoff:
                    if keep > 0:
                        keep -= 1
                        continue
                    env.stop()
                    count += 1
                elif env.state != "dead":
                    keep -= 1
            self._drop_dead(key)
        return count

    async def _reprovision(self, retired: Environment) -> None:
        spec = retired.spec
        try:
            if self.provisioned.get(spec.key):
                await self.provision(spec, self.provisioned[spec.key], retired.issuer)
        except Exception:  # noqa: BLE001 - a background task: report, never crash the loop
            log.exception("restarting provisioned environments of %s failed", spec.function_arn)

    def close(self) -> None:
        for task in list(self.tasks):
            task.cancel()
        for pool in self.pools.values():
            for env in pool:
                env.stop()
        self.pools.clear()
        shutil.rmtree(self.work, ignore_errors=True)


def executor_for(runtime: Runtime) -> Executor:
    """The server's executor, created on first use."""
    executor = runtime.live.get("lambda")
    if executor is None:
        config = runtime.config
        executor = runtime.live["lambda"] = Executor(
            config.lambda_executor, config.lambda_idle_seconds, f"http://{config.host}:{config.port}", runtime.clock.now
        )
    return executor


async def _bindable(address: str | None) -> str:
    """`address` if this host can listen on it (the docker bridge's gateway), else loopback."""
    if address:
        try:
            with socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET) as probe:
                probe.bind((address, 0))
            return address
        except OSError:
            pass
    return "127.0.0.1"
