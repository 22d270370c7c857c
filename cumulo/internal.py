"""Internal endpoints: health, reset, the clock, snapshots, IAM mode, the console, and each service's introspection routes.

Bound beyond loopback, all of them but health checks need the console token
(cumulo.console.guard).

Served under `/_cumulo/` and, for teams coming from other emulators, under the
paths and JSON shapes they already use: the `fakecloud` SDK (`/_fakecloud/...`,
`/_reset`) and LocalStack's wait scripts (`/_localstack/health`,
`/_localstack/init/ready`). The fakecloud SDK's dataclasses reject unknown keys,
so its shapes are matched field for field.
"""

from __future__ import annotations

import inspect
import os
import re
import shutil
import tarfile
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import orjson

from cumulo import __version__, services
from cumulo.core.http import Request, Response
from cumulo.compat import moto
from cumulo.console import guard
from cumulo.core.runtime import Runtime
from cumulo.protocol import models
from cumulo.services import InternalRoute

PREFIXES = ("/_cumulo/", "/_fakecloud/")


def json_response(value: Any, status: int = 200) -> Response:
    return Response(status, {"Content-Type": "application/json"}, orjson.dumps(value))


# Introspection paths that name a service otherwise than botocore does (/_cumulo/cognito/codes).
_PATH_NAMES = {"cognito": "cognito-idp"}


class InternalEndpoints:
    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.routes: list[tuple[str, re.Pattern[str], Callable[..., Any]]] = []
        core = [
            InternalRoute("GET", "health", self.health, aliases=("/_localstack/health",)),
            InternalRoute("POST", "reset", self.reset, aliases=("/_reset",)),
            InternalRoute("POST", "reset/{service}", self.reset_service),
            InternalRoute("POST", "moto/reset", moto.reset, aliases=("/moto-api/reset",)),
            InternalRoute("POST", "moto/reset-auth", moto.reset_auth, aliases=("/moto-api/reset-auth",)),
            InternalRoute("GET", "init", self.init_report, aliases=("/_localstack/init",)),
            InternalRoute("GET", "init/{stage}", self.init_report, aliases=("/_localstack/init/{stage}",)),
            InternalRoute("GET", "time", self.get_time),
            InternalRoute("POST", "time", self.set_time),
            InternalRoute("GET", "state", self.export_state),
            InternalRoute("POST", "state", self.import_state),
            InternalRoute("GET", "settings/enforce-iam", self.get_enforce_iam),
            InternalRoute("POST", "settings/enforce-iam", self.set_enforce_iam),
        ]
        for r in core:
            self.add(r)
        self._services_added: set[str] = set()
        guard.ensure_token(runtime.config)

    def add(self, route: InternalRoute) -> None:
        paths = [prefix + route.path for prefix in PREFIXES] + list(route.aliases)
        for path in paths:
            regex = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(path)) + "/?$"
            self.routes.append((route.method, re.compile(regex), route.fn))

    def _load_service_routes(self, path: str) -> None:
        """Add the routes of the service a path names (`/_cumulo/sqs/...`,
        `/_aws/sqs/...`), importing only that one."""
        parts = path.split("/")
        name = parts[2] if len(parts) > 2 else ""
        name = _PATH_NAMES.get(name, name)
        if name == "console" and name not in self._services_added:
            from cumulo import console

            self._services_added.add(name)
            for r in console.routes():
                self.add(r)
        if name in services.IMPLEMENTED and name not in self._services_added:
            self._services_added.add(name)
            service = services.get(name)
            for r in service.internal if service else ():
                self.add(r)

    async def handle(self, request: Request) -> Response:
        path = request.path.split("?", 1)[0]
        if not guard.allowed(self.runtime.config, request):
            return guard.refusal(request)
        self._load_service_routes(path)
        allowed = False
        for method, pattern, fn in self.routes:
            m = pattern.match(path)
            if m is None:
                continue
            allowed = True
            if method != request.method and not (method == "GET" and request.method == "HEAD"):
                continue
            result = fn(self.runtime, request, **m.groupdict())
            if inspect.isawaitable(result):
                result = await result
            self.runtime.store.commit()
            return result if isinstance(result, Response) else json_response(result)
        if allowed:
            return json_response({"error": f"method {request.method} not allowed on {path}"}, 405)
        return json_response({"error": f"no internal endpoint at {path}"}, 404)

    # ------------------------------------------------------------ the core endpoints

    @staticmethod
    def health(runtime: Runtime, request: Request) -> dict[str, Any]:
        used = {s.name for s in services.loaded()}
        if request.path.startswith("/_localstack/"):
            return {
                "services": {n: "running" if n in used else "available" for n in services.IMPLEMENTED},
                "edition": "community",
                "version": __version__,
            }
        if request.path.startswith("/_fakecloud/"):
            return {"status": "ok", "version": __version__, "services": sorted(services.IMPLEMENTED)}
        return {
            "status": "running",
            "version": __version__,
            "uptime": round(time.time() - runtime.started, 3),
            "persistent": runtime.store.persistent,
            "models_loaded": sorted(models.LOADED),
            "services": {n: {"implemented": True, "used": n in used} for n in sorted(services.IMPLEMENTED)},
        }

    @staticmethod
    def reset(runtime: Runtime, request: Request) -> dict[str, Any]:
        runtime.store.reset()
        runtime.signals.notify_all()
        return {"status": "ok"}

    @staticmethod
    def reset_service(runtime: Runtime, request: Request, service: str) -> Response | dict[str, Any]:
        if service not in services.IMPLEMENTED:
            return json_response({"error": f"unknown service {service}"}, 404)
        runtime.store.reset(service)
        return {"reset": service}

    @staticmethod
    def init_report(runtime: Runtime, request: Request, stage: str = "") -> Response | dict[str, Any]:
        """The init hooks' state in LocalStack's shape (cumulo.compat.inithooks)."""
        from cumulo.compat import inithooks

        found = inithooks.report(runtime, stage)
        return json_response({"error": f"no such stage {stage}"}, 404) if found is None else found

    @staticmethod
    async def export_state(runtime: Runtime, request: Request) -> Response:
        """The whole state, blobs included, as one snapshot file (a tar) streamed back."""
        folder = tempfile.mkdtemp(prefix="cumulo-export-")
        path = os.path.join(folder, "state.tar")
        runtime.store.export(path)

        async def stream() -> AsyncIterator[bytes]:
            try:
                with open(path, "rb") as f:
                    while chunk := f.read(1 << 20):
                        yield chunk
            finally:
                shutil.rmtree(folder, ignore_errors=True)

        size = os.path.getsize(path)
        return Response(200, {"Content-Type": "application/x-tar", "Content-Length": str(size),
                              "Content-Disposition": 'attachment; filename="cumulo-state.tar"'}, stream())

    @staticmethod
    async def import_state(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
        """Replace the whole state with a snapshot sent as the body (from GET /_cumulo/state)."""
        folder = tempfile.mkdtemp(prefix="cumulo-import-")
        path = os.path.join(folder, "state.tar")
        try:
            with open(path, "wb") as f:
                if request.stream is None:
                    f.write(request.body)
                else:
                    async for chunk in request.stream:
                        f.write(chunk)
            try:
                runtime.store.import_(path)
            except (ValueError, OSError, tarfile.TarError) as e:
                return json_response({"error": f"not a cumulo snapshot: {e}"}, 400)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        runtime.signals.notify_all()
        return {"status": "imported"}

    @staticmethod
    def get_enforce_iam(runtime: Runtime, request: Request) -> dict[str, Any]:
        from cumulo.auth import authorize

        return {"mode": authorize.mode(runtime) or "off"}

    @staticmethod
    async def set_enforce_iam(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
        """Body: {"mode": "off" | "enforce" | "audit"}: CUMULO_ENFORCE_IAM, changed while running."""
        from cumulo.auth import authorize

        try:
            mode = orjson.loads(await request.read() or b"{}").get("mode")
        except (ValueError, AttributeError):
            mode = None
        settings = {"off": "", "enforce": "1", "audit": "audit"}
        if mode not in settings:
            return json_response({"error": "mode is one of off, enforce, audit"}, 400)
        runtime.config.enforce_iam = settings[mode]
        return {"mode": authorize.mode(runtime) or "off"}

    @staticmethod
    def get_time(runtime: Runtime, request: Request) -> dict[str, Any]:
        return {"now": runtime.clock.now(), "offset": runtime.clock.offset}

    @staticmethod
    async def set_time(runtime: Runtime, request: Request) -> Response | dict[str, Any]:
        """Body: {"advance": seconds} or {"set": epoch_seconds} or {"reset": true}."""
        try:
            body = orjson.loads(await request.read() or b"{}")
            if "advance" in body:
                runtime.clock.advance(float(body["advance"]))
            elif "set" in body:
                runtime.clock.set(float(body["set"]))
            elif body.get("reset"):
                runtime.clock.reset()
        except (ValueError, TypeError) as e:
            return json_response({"error": f"bad time request: {e}"}, 400)
        await runtime.scheduler.run_due()
        return {"now": runtime.clock.now(), "offset": runtime.clock.offset}
