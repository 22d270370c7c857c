"""One execution environment: a child process running a function's runtime, and its Runtime API.

The Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
has no way to name an environment in its paths, so each environment gets its
own endpoint (a port on 127.0.0.1, given to the process as
`AWS_LAMBDA_RUNTIME_API`), as each sandbox does on AWS.

Life cycle: `starting` (process launched, init running) -> `idle` <-> `busy`
(one invocation at a time) -> `dead` (exited, killed on timeout, reaped, or
evicted). A dead environment is never reused.

Invariants
- `run()` always returns an `Outcome`: the function's result, its error, the
  init error it reported, `Runtime.ExitError` if the process died, or
  `Sandbox.Timedout` after the function's timeout (the process is killed, as
  AWS resets the sandbox).
- The process runs in its own session, so killing it kills what it started
  (a shell `bootstrap`'s children too).
- Output (stdout and stderr, merged in order) is kept per invocation, framed
  with the START/END/REPORT lines CloudWatch shows.
- Credentials: an environment asks its `issuer` for its execution role's
  credentials as it starts, and keeps them for life (`AWS_ACCESS_KEY_ID`...,
  as on AWS); the executor retires it before they expire, or once the issuer
  no longer knows them.
"""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import os
import signal
import time
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from cumulo.runtimes import httpserver, launch
from cumulo.runtimes.httpserver import HttpRequest, HttpResponse
from cumulo.runtimes.spec import Credentials, FunctionSpec, Invocation, Issuer, Outcome

log = logging.getLogger("cumulo.lambda.runtime")

PREFIX = "/2018-06-01/runtime/"
INIT_LIMIT = 10.0  # seconds: AWS's limit for the init phase of on-demand functions
LOG_KEEP = 256 * 1024  # bytes of output kept for one invocation


class Environment:
    def __init__(
        self, spec: FunctionSpec, endpoint_url: str = "", on_idle: Callable[[Environment], None] | None = None, work: Path | None = None,
        issuer: Issuer | None = None,
    ) -> None:
        self.spec = spec
        self.endpoint_url = endpoint_url
        self.issuer = issuer
        self.ident = uuid.uuid4().hex  # names its CloudWatch Logs stream, as AWS's instance id does
        self.credentials: Credentials | None = None
        self.work = work  # the executor's work folder: builds shared by environments (the Java client's)
        self.on_idle = on_idle
        self.state = "starting"
        self.initialization = "on-demand"  # AWS_LAMBDA_INITIALIZATION_TYPE; "provisioned-concurrency" when pre-started
        self.started = time.monotonic()
        self.last_used = self.started
        self.invocations = 0
        self.pid = 0
        self._server: asyncio.Server | None = None
        self._transport: asyncio.SubprocessTransport | None = None
        self._output = bytearray()
        self._current: Invocation | None = None
        self._delivered: asyncio.Event | None = None
        self._result: asyncio.Future[Outcome] | None = None
        self._waiting_next: asyncio.Future[None] | None = None
        self._init_error: bytes | None = None
        self._exit_status: int | None = None
        self._init_ms = 0.0

    # ---------------------------------------------------------------- starting and stopping

    async def start(self) -> None:
        """Launch the process; raises `Unsupported` when the runtime cannot run here, and what the issuer raises."""
        cmd = await asyncio.to_thread(launch.command, self.spec, self.work)  # may compile (Java)
        await self._issue()
        self._server, port = await httpserver.serve(self._handle)
        env = launch.environment(self.spec, f"127.0.0.1:{port}", self.endpoint_url, self.credentials)
        env["AWS_LAMBDA_INITIALIZATION_TYPE"] = self.initialization
        loop = asyncio.get_running_loop()
        try:
            self._transport, _ = await loop.subprocess_exec(
                lambda: _Output(self),
                *cmd,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
                # An image's WORKDIR, unpacked on this host (container paths do not exist here).
                cwd=self.spec.workdir if self.spec.workdir and os.path.isdir(self.spec.workdir) else str(self.spec.code_dir),
                env=env,
                start_new_session=True,
            )
        except OSError as error:
            self._server.close()
            self.state = "dead"
            from cumulo.runtimes.spec import Unsupported

            raise Unsupported(f"Could not start {cmd[0]}: {error.strerror}") from error
        self.pid = self._transport.get_pid()

    async def _issue(self) -> None:
        if self.issuer is not None:
            self.credentials = await self.issuer.issue(self.spec)

    def credentials_last(self, now: float, margin: float) -> bool:
        """Whether its credentials are still known and valid for `margin` seconds after `now` (cumulo clock)."""
        credentials, issuer = self.credentials, self.issuer
        if credentials is None or issuer is None:
            return True
        return credentials.expiration - now >= margin and issuer.honoured(credentials)

    def stop(self) -> None:
        """Kill the process and close the endpoint; an invocation in flight ends with an exit error."""
        if self.state == "dead" and self._transport is None:
            return
        self.state = "dead"
        if self._transport is not None and self._transport.get_returncode() is None:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self._release_next()
        if self._server is not None:
            self._server.close()
            self._server = None

    def _release_next(self) -> None:
        """End a pending /next long poll: its connection task finishes instead of lingering."""
        if self._waiting_next is not None and not self._waiting_next.done():
            self._waiting_next.cancel()

    def _exited(self, status: int | None) -> None:
        self._exit_status = status
        self.state = "dead"
        self._release_next()
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._transport is not None:
            self._transport.close()
            self._transport = None
        if self._result is not None and not self._result.done():
            self._result.set_result(self._exit_outcome())
        if self._delivered is not None:
            self._delivered.set()

    # ---------------------------------------------------------------- invoking

    async def run(self, invocation: Invocation) -> Outcome:
        if self.state == "dead":  # died before it could take the invocation
            self._current = invocation
            return self._finish(invocation, self._exit_outcome(), 0.0, True)
        assert self.state in ("starting", "idle"), self.state
        cold = self.state == "starting"
        self.state = "busy"
        self.invocations += 1
        loop = asyncio.get_running_loop()
        self._current = invocation
        self._delivered = asyncio.Event()
        self._result = loop.create_future()
        if self._waiting_next is not None and not self._waiting_next.done():
            self._waiting_next.set_result(None)
        try:
            await asyncio.wait_for(self._delivered.wait(), max(INIT_LIMIT, self.spec.timeout) if cold else None)
        except TimeoutError:
            self._init_ms = (time.monotonic() - self.started) * 1000
            return self._finish(invocation, self._timeout_outcome(invocation, INIT_LIMIT, init=True), 0.0, cold)
        begun = time.monotonic()
        if cold:
            self._init_ms = (begun - self.started) * 1000
        try:
            outcome = await asyncio.wait_for(asyncio.shield(self._result), self.spec.timeout)
        except TimeoutError:
            outcome = self._timeout_outcome(invocation, self.spec.timeout)
        await asyncio.sleep(0)  # let output written just before the answer arrive
        return self._finish(invocation, outcome, (time.monotonic() - begun) * 1000, cold)

    def _finish(self, invocation: Invocation, outcome: Outcome, duration_ms: float, cold: bool) -> Outcome:
        if outcome.error_type == "Sandbox.Timedout":
            self.stop()
        outcome.duration_ms = duration_ms
        outcome.cold = cold
        outcome.init_ms = self._init_ms if cold else 0.0
        outcome.logs = self._log_text(invocation, outcome)
        outcome.environment = self.ident
        outcome.max_memory_mb = self._max_rss_mb()
        self._current = None
        self._result = None
        self.last_used = time.monotonic()
        if self.state == "busy":
            self.state = "idle"
            if self.on_idle is not None:
                self.on_idle(self)
        return outcome

    def _log_text(self, invocation: Invocation, outcome: Outcome) -> str:
        rid = invocation.request_id
        body = self._output.decode("utf-8", "replace")
        self._output.clear()
        if body and not body.endswith("\n"):
            body += "\n"
        if outcome.error_type == "Sandbox.Timedout":
            body += f"{_iso_now()} {rid} Task timed out after {self.spec.timeout:.2f} seconds\n"
        report = (
            f"REPORT RequestId: {rid}\tDuration: {outcome.duration_ms:.2f} ms\tBilled Duration: {int(outcome.duration_ms) + 1} ms\t"
            f"Memory Size: {self.spec.memory_mb} MB\tMax Memory Used: {self._max_rss_mb()} MB"
        )
        if outcome.cold:
            report += f"\tInit Duration: {outcome.init_ms:.2f} ms"
        text = f"START RequestId: {rid} Version: {self.spec.version}\n{body}END RequestId: {rid}\n{report}\n"
        if log.isEnabledFor(logging.INFO):
            for line in text.splitlines():
                log.info("%s %s", self.spec.name, line)
        return text

    def _max_rss_mb(self) -> int:
        try:
            with open(f"/proc/{self.pid}/status") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) // 1024
        except (OSError, ValueError):
            pass
        return 0

    def _timeout_outcome(self, invocation: Invocation, seconds: float, init: bool = False) -> Outcome:
        kind = "Sandbox.Timedout"
        message = f"RequestId: {invocation.request_id} Error: Task timed out after {seconds:.2f} seconds"
        if init:
            message = f"RequestId: {invocation.request_id} Error: Runtime failed to start within {seconds:.2f} seconds"
        return Outcome(_error_json(kind, message), error_type=kind)

    def _exit_outcome(self) -> Outcome:
        if self._init_error is not None:
            return Outcome(self._init_error, error_type="Runtime.InitError")
        status = self._exit_status
        how = f"signal: {signal.Signals(-status).name.lower().removeprefix('sig')}" if status is not None and status < 0 else f"exit status {status}"
        rid = self._current.request_id if self._current else ""
        return Outcome(_error_json("Runtime.ExitError", f"RequestId: {rid} Error: Runtime exited with error: {how}"), error_type="Runtime.ExitError")

    # ---------------------------------------------------------------- the Runtime API

    async def _handle(self, request: HttpRequest) -> HttpResponse:
        path = request.path
        if not path.startswith(PREFIX):
            return _api_error(404, "InvalidRequest", f"Unknown path {path}")
        route = path[len(PREFIX):]
        if request.method == "GET" and route == "invocation/next":
            return await self._next()
        if request.method == "POST" and route == "init/error":
            self._init_error = await request.read() or _error_json("Runtime.Unknown", "Init failed")
            return HttpResponse(202, b'{"status":"OK"}')
        parts = route.split("/")
        if request.method == "POST" and len(parts) == 3 and parts[0] == "invocation" and parts[2] in ("response", "error"):
            current = self._current
            if current is None or parts[1] != current.request_id or self._result is None or self._result.done():
                return _api_error(400, "InvalidRequestID", "Invalid request ID")
            if parts[2] == "response":
                outcome = await self._response(request, current)
            else:
                body = await request.read()
                kind = request.headers.get("lambda-runtime-function-error-type") or "Unhandled"
                outcome = Outcome(body or _error_json(kind, ""), error_type=kind)
            if not self._result.done():
                self._result.set_result(outcome)
            return HttpResponse(202, b'{"status":"OK"}')
        return _api_error(404, "InvalidRequest", f"Unknown path {path}")

    async def _next(self) -> HttpResponse:
        while self._current is None or (self._delivered is not None and self._delivered.is_set()):
            if self.state == "starting":
                self.state = "idle"  # init is done: the runtime asks for work
                self._init_ms = (time.monotonic() - self.started) * 1000
                if self.on_idle is not None:
                    self.on_idle(self)
            self._waiting_next = asyncio.get_running_loop().create_future()
            await self._waiting_next
        invocation = self._current
        assert self._delivered is not None
        self._delivered.set()
        deadline = int((time.time() + self.spec.timeout) * 1000)
        headers = {
            "Lambda-Runtime-Aws-Request-Id": invocation.request_id,
            "Lambda-Runtime-Deadline-Ms": str(deadline),
            "Lambda-Runtime-Invoked-Function-Arn": invocation.invoked_arn,
            "Lambda-Runtime-Trace-Id": invocation.trace_id,
        }
        if invocation.client_context:
            headers["Lambda-Runtime-Client-Context"] = invocation.client_context
        if invocation.cognito_identity:
            headers["Lambda-Runtime-Cognito-Identity"] = invocation.cognito_identity
        return HttpResponse(200, invocation.payload, headers)

    async def _response(self, request: HttpRequest, invocation: Invocation) -> Outcome:
        if request.headers.get("lambda-runtime-function-response-mode", "").lower() != "streaming":
            return Outcome(await request.read())
        chunks: list[bytes] = []
        async for chunk in request.chunks():
            chunks.append(chunk)
            if invocation.on_chunk is not None:
                invocation.on_chunk(chunk)
        # A handler that fails after it began streaming says so in trailers, the
        # error body base64-encoded (the managed runtimes' Runtime API contract).
        error_type = request.trailers.get("lambda-runtime-function-error-type")
        if error_type:
            try:
                body = base64.b64decode(request.trailers.get("lambda-runtime-function-error-body", ""), validate=True)
            except ValueError:
                body = _error_json(error_type, "")
            return Outcome(body or _error_json(error_type, ""), error_type=error_type, chunks=chunks)
        return Outcome(b"".join(chunks), chunks=chunks)

    def _output_received(self, data: bytes) -> None:
        if len(self._output) < LOG_KEEP:
            self._output += data[: LOG_KEEP - len(self._output)]

    def describe(self) -> dict[str, object]:
        return {
            "functionArn": self.spec.function_arn,
            "functionName": self.spec.name,
            "version": self.spec.version,
            "runtime": self.spec.runtime,
            "pid": self.pid,
            "state": self.state,
            "invocations": self.invocations,
            "idleSeconds": round(time.monotonic() - self.last_used, 3) if self.state == "idle" else 0,
        }


class _Output(asyncio.SubprocessProtocol):
    """The process's merged stdout/stderr and its exit, fed straight to the environment."""

    def __init__(self, env: Environment) -> None:
        self.env = env

    def pipe_data_received(self, fd: int, data: bytes | str) -> None:
        self.env._output_received(data if isinstance(data, bytes) else data.encode())

    def process_exited(self) -> None:
        transport = self.env._transport
        self.env._exited(transport.get_returncode() if transport is not None else None)


def _error_json(kind: str, message: str) -> bytes:
    return json.dumps({"errorType": kind, "errorMessage": message}).encode()


def _api_error(status: int, kind: str, message: str) -> HttpResponse:
    return HttpResponse(status, _error_json(kind, message))


def _iso_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
