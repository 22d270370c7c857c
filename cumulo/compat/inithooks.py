"""LocalStack's init hooks: scripts in `<init dir>/{boot,start,ready,shutdown}.d` run at four stages.

    BOOT       before cumulo takes requests (nothing to call yet)
    START      while it starts, before it listens
    READY      once it answers requests: the scripts run beside them (they usually create resources)
    SHUTDOWN   on Ctrl-C / SIGTERM, before the port closes, so they can still call cumulo

A stage's scripts run one after another in LocalStack's order: sorted by name, a
folder's own files before its sub-folders, depth first. `.sh` scripts run with their
shebang when executable (else `sh`), `.py` scripts with this Python; both get
`AWS_ENDPOINT_URL` (and dummy credentials and a region when unset). A failing script is
marked ERROR and the next one runs. They run as asyncio subprocesses: the event loop
keeps serving while they work. `GET /_localstack/init` reports each script's state in
LocalStack's shape; the hooks live in `runtime.live["init"]`.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.init")

STAGES = ("BOOT", "START", "READY", "SHUTDOWN")
LOCALSTACK_INIT = "/etc/localstack/init"
LIVE_KEY = "init"


@dataclass
class Script:
    stage: str
    path: str
    state: str = "UNKNOWN"  # UNKNOWN, RUNNING, SUCCESSFUL, ERROR (LocalStack's states)

    def as_json(self) -> dict[str, str]:
        return {"stage": self.stage, "name": os.path.basename(self.path), "state": self.state}


@dataclass
class InitHooks:
    root: str
    endpoint: str
    region: str = "us-east-1"
    scripts: dict[str, list[Script]] = field(default_factory=dict)
    completed: dict[str, bool] = field(default_factory=lambda: dict.fromkeys(STAGES, False))
    _running: dict[str, asyncio.Task[None]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for stage in STAGES:
            self.scripts[stage] = [Script(stage, p) for p in discover(os.path.join(self.root, stage.lower() + ".d"))]

    def stage(self, stage: str) -> asyncio.Task[None]:
        """The stage's run, started on first call (each stage runs once)."""
        task = self._running.get(stage)
        if task is None:
            task = self._running[stage] = asyncio.ensure_future(self._run(stage))
        return task

    async def _run(self, stage: str) -> None:
        for script in self.scripts[stage]:
            script.state = "RUNNING"
            ok = await self._run_one(script)
            script.state = "SUCCESSFUL" if ok else "ERROR"
        self.completed[stage] = True

    async def _run_one(self, script: Script) -> bool:
        path = script.path
        if path.endswith(".py"):
            argv = [sys.executable, path]
        elif os.access(path, os.X_OK):
            argv = [path]
        else:
            argv = ["sh", path]
        env = {**os.environ, "AWS_ENDPOINT_URL": self.endpoint}
        for name, value in (("AWS_ACCESS_KEY_ID", "test"), ("AWS_SECRET_ACCESS_KEY", "test"),
                            ("AWS_DEFAULT_REGION", self.region), ("AWS_REGION", self.region)):
            env.setdefault(name, value)
        try:
            proc = await asyncio.create_subprocess_exec(*argv, cwd=os.path.dirname(path), env=env, stdin=asyncio.subprocess.DEVNULL,
                                                        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
            output, _ = await proc.communicate()
        except OSError as e:
            log.error("init script %s could not start: %s", path, e)
            return False
        for line in output.decode("utf-8", "replace").splitlines():
            log.info("%s: %s", os.path.basename(path), line)
        if proc.returncode != 0:
            log.error("init script %s (%s) exited with %s", path, script.stage, proc.returncode)
        return proc.returncode == 0

    def report(self) -> dict[str, Any]:
        return {"completed": dict(self.completed), "scripts": [s.as_json() for stage in STAGES for s in self.scripts[stage]]}

    def report_stage(self, stage: str) -> dict[str, Any]:
        return {"completed": self.completed[stage], "scripts": [s.as_json() for s in self.scripts[stage]]}


def discover(folder: str) -> list[str]:
    """The `.sh` and `.py` scripts under `folder`, in LocalStack's order."""
    if not os.path.isdir(folder):
        return []
    entries = sorted(os.listdir(folder))
    files = [os.path.join(folder, e) for e in entries
             if e.endswith((".sh", ".py")) and os.path.isfile(os.path.join(folder, e))]
    for e in entries:
        if os.path.isdir(os.path.join(folder, e)):
            files += discover(os.path.join(folder, e))
    return files


def init_dir(configured: str) -> str:
    """The init folder: the setting, else LocalStack's /etc/localstack/init when present."""
    if configured:
        return configured
    return LOCALSTACK_INIT if os.path.isdir(LOCALSTACK_INIT) else ""


def install(runtime: Runtime) -> InitHooks | None:
    """Discover the scripts (once per runtime); None when there is no init folder."""
    hooks: InitHooks | None = runtime.live.get(LIVE_KEY)
    if hooks is not None:
        return hooks
    config = runtime.config
    root = config.init_dir
    if not root:
        return None
    host = "127.0.0.1" if config.host in ("0.0.0.0", "", "::") else config.host
    hooks = runtime.live[LIVE_KEY] = InitHooks(root, f"http://{host}:{config.port}", config.default_region)
    return hooks


async def startup(runtime: Runtime) -> None:
    """BOOT then START, awaited: before the server listens."""
    hooks = install(runtime)
    if hooks is not None:
        await hooks.stage("BOOT")
        await hooks.stage("START")


def ready(runtime: Runtime) -> None:
    """READY, in the background: its scripts call the server, which keeps serving."""
    hooks: InitHooks | None = runtime.live.get(LIVE_KEY)
    if hooks is not None:
        hooks.stage("READY")


async def shutdown(runtime: Runtime) -> None:
    """SHUTDOWN, once; a READY run still going is waited for first."""
    hooks: InitHooks | None = runtime.live.get(LIVE_KEY)
    if hooks is None:
        return
    running = hooks._running.get("READY")
    if running is not None and not running.done():
        await running
    await hooks.stage("SHUTDOWN")


def report(runtime: Runtime, stage: str = "") -> dict[str, Any] | None:
    """`GET /_localstack/init[/<stage>]`: None for an unknown stage."""
    hooks: InitHooks | None = runtime.live.get(LIVE_KEY)
    if stage and stage.upper() not in STAGES:
        return None
    if hooks is None:  # no init folder: every stage complete, with nothing to run
        if stage:
            return {"completed": True, "scripts": []}
        return {"completed": dict.fromkeys(STAGES[:3], True) | {"SHUTDOWN": False}, "scripts": []}
    return hooks.report_stage(stage.upper()) if stage else hooks.report()
