"""Run Command on the local managed instance: shell steps run in a child process with a timeout.

Each invocation runs as an asyncio task (never a thread): the document's
`aws:runShellScript` steps are written to a script in a working folder of the
command's own (or the `workingDirectory` given) and run with `/bin/sh`; output,
exit code and status land on the invocation, and in S3 when an output bucket
is given (through services.call). A restart finds invocations that were
running and marks them failed, as the agent would after a reboot.
"""

from __future__ import annotations

import asyncio
import logging
import os
import signal
import tempfile
from typing import TYPE_CHECKING, Any

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.services.ssm.interpolate import render
from cumulo.services.ssm.models import Command, Invocation

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

log = logging.getLogger("cumulo.ssm.commands")
TERMINAL = ("Success", "Failed", "TimedOut", "Cancelled", "Undeliverable", "Terminated", "DeliveryTimedOut", "ExecutionTimedOut")
MAX_OUTPUT = 24000


def table(runtime: Runtime, account: str, region: str) -> Any:
    return runtime.store.scope("ssm", account, region).table("commands")


def _live(runtime: Runtime) -> dict[str, Any]:
    live: dict[str, Any] = runtime.live.setdefault("ssm", {})
    live.setdefault("processes", {})
    return live


def workdir_root(runtime: Runtime) -> str:
    base = runtime.config.data_dir
    root = os.path.join(base, "ssm", "commands") if base else os.path.join(tempfile.gettempdir(), "cumulo-ssm-commands")
    os.makedirs(root, exist_ok=True)
    return root


def start(runtime: Runtime, account: str, region: str, command: Command, steps: list[dict[str, Any]], values: dict[str, Any]) -> None:
    """Run the command on each of its instances, soon, off the request."""

    def go() -> None:
        loop = asyncio.get_running_loop()
        for instance_id in command.instance_ids:
            loop.create_task(_guarded(runtime, account, region, command.command_id, instance_id, steps, values))

    runtime.scheduler.after(0, go)


def script_of(steps: list[dict[str, Any]], values: dict[str, Any]) -> tuple[str, str, str, int]:
    """(plugin name, script text, working directory, timeout) of a document's shell steps."""
    lines: list[str] = []
    workdir, timeout, plugin = "", 3600, ""
    for step in steps:
        if step.get("action") != "aws:runShellScript":
            raise AwsError("UnsupportedPlatformType", f"The action {step.get('action')} can't run on a Linux managed instance in cumulo.")
        plugin = plugin or str(step.get("name", "aws:runShellScript"))
        inputs = render(step.get("inputs") or {}, values)
        commands = inputs.get("runCommand") or []
        lines.extend(commands if isinstance(commands, list) else [str(commands)])
        workdir = str(inputs.get("workingDirectory") or workdir)
        if str(inputs.get("timeoutSeconds") or "").isdigit():
            timeout = int(inputs["timeoutSeconds"])
    return plugin, "\n".join(str(line) for line in lines) + "\n", workdir, timeout


async def _guarded(runtime: Runtime, account: str, region: str, command_id: str, instance_id: str, steps: list[dict[str, Any]], values: dict[str, Any]) -> None:
    """A fault in cumulo must end the invocation Failed, never leave it InProgress for ever."""
    try:
        await _invoke(runtime, account, region, command_id, instance_id, steps, values)
    except Exception as error:
        log.exception("command %s on %s failed", command_id, instance_id)
        commands = table(runtime, account, region)
        command: Command | None = commands.get(command_id)
        if command is not None and instance_id in command.invocations:
            invocation = command.invocations[instance_id]
            if invocation.status not in TERMINAL:
                _done(invocation, runtime.clock.now(), "Failed", 1, invocation.stdout, f"internal error: {error}")
            _settle(runtime, command, commands)


async def _invoke(runtime: Runtime, account: str, region: str, command_id: str, instance_id: str, steps: list[dict[str, Any]], values: dict[str, Any]) -> None:
    commands = table(runtime, account, region)
    command: Command | None = commands.get(command_id)
    if command is None:
        return
    invocation = command.invocations[instance_id]
    if invocation.status in TERMINAL:
        return
    try:
        plugin, script, workdir, timeout = script_of(steps, values)
    except AwsError as error:
        _done(invocation, runtime.clock.now(), "Failed", 1, "", error.message)
        _settle(runtime, command, commands)
        return
    own = os.path.join(workdir_root(runtime), command_id, instance_id)
    os.makedirs(own, exist_ok=True)
    script_path = os.path.join(own, "_script.sh")
    with open(script_path, "w") as f:
        f.write(script)
    invocation.status = invocation.status_details = "InProgress"
    invocation.started = runtime.clock.now()
    invocation.plugin = plugin
    invocation.workdir = workdir or own
    command.status = "InProgress"
    commands.touch(command_id)
    runtime.store.commit()
    try:
        proc = await asyncio.create_subprocess_exec(
            "/bin/sh", script_path, cwd=invocation.workdir, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "AWS_SSM_INSTANCE_ID": instance_id, "AWS_SSM_REGION_NAME": region},
            start_new_session=True,
        )
    except OSError as error:
        _done(invocation, runtime.clock.now(), "Failed", 1, "", str(error))
        _settle(runtime, command, commands)
        return
    _live(runtime)["processes"][(command_id, instance_id)] = proc
    try:
        out, err = await asyncio.wait_for(proc.communicate(), timeout)
        code = proc.returncode or 0
        status = "Success" if code == 0 else "Failed"
        if command.status == "Cancelled" or invocation.status == "Cancelled":
            status = "Cancelled"
        _done(invocation, runtime.clock.now(), status, code, out.decode(errors="replace"), err.decode(errors="replace"))
    except TimeoutError:
        _kill(proc)
        out, err = await proc.communicate()
        _done(invocation, runtime.clock.now(), "TimedOut", 124, out.decode(errors="replace"),
              err.decode(errors="replace") + "\nfailed to run commands: the command timed out")
        invocation.status_details = "ExecutionTimedOut"
    finally:
        _live(runtime)["processes"].pop((command_id, instance_id), None)
    if command.output_bucket:
        await _to_s3(runtime, account, region, command, invocation)
    _settle(runtime, command, commands)


def _kill(proc: asyncio.subprocess.Process) -> None:
    """The script and everything it started (its own session, so its own process group)."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _done(invocation: Invocation, now: float, status: str, code: int, stdout: str, stderr: str) -> None:
    invocation.status = invocation.status_details = status
    invocation.ended = now
    if invocation.started is None:
        invocation.started = now
    invocation.response_code = code
    invocation.stdout = stdout
    invocation.stderr = stderr


def _settle(runtime: Runtime, command: Command, commands: Any) -> None:
    statuses = [i.status for i in command.invocations.values()]
    if all(s in TERMINAL for s in statuses):
        if command.status != "Cancelled":
            command.status = "Success" if all(s == "Success" for s in statuses) else "TimedOut" if "TimedOut" in statuses else "Failed"
    commands.touch(command.command_id)
    runtime.store.commit()


def s3_key(command: Command, invocation: Invocation, stream: str) -> str:
    prefix = command.output_prefix.strip("/")
    parts = [p for p in (prefix, command.command_id, invocation.instance_id, "awsrunShellScript", invocation.plugin, stream) if p]
    return "/".join(parts)


def s3_url(region: str, command: Command, invocation: Invocation, stream: str) -> str:
    if not command.output_bucket:
        return ""
    return f"https://s3.{region}.amazonaws.com/{command.output_bucket}/{s3_key(command, invocation, stream)}"


async def _to_s3(runtime: Runtime, account: str, region: str, command: Command, invocation: Invocation) -> None:
    for stream, text in (("stdout", invocation.stdout), ("stderr", invocation.stderr)):
        if not text and stream == "stderr":
            continue
        try:
            await services.call(runtime, "s3", "PutObject",
                                {"Bucket": command.output_bucket, "Key": s3_key(command, invocation, stream), "Body": text.encode()},
                                account, region)
        except AwsError as error:
            invocation.stderr += f"\nfailed to upload output to S3: {error.code}: {error.message}"


def cancel(runtime: Runtime, command: Command, instance_ids: list[str], now: float) -> None:
    for instance_id in instance_ids:
        invocation = command.invocations.get(instance_id)
        if invocation is None or invocation.status in TERMINAL:
            continue
        proc = _live(runtime)["processes"].get((command.command_id, instance_id))
        if proc is not None and proc.returncode is None:
            _kill(proc)
        invocation.status = invocation.status_details = "Cancelled"
        invocation.ended = now
    if all(i.status in TERMINAL for i in command.invocations.values()):
        command.status = "Cancelled"


def recover(runtime: Runtime, now: float) -> None:
    """After a restart: invocations still marked running have no process any more."""
    live = _live(runtime)
    if live.get("recovered"):
        return
    live["recovered"] = True
    for scope in runtime.store.scopes_of("ssm"):
        commands = scope.table("commands")
        for command_id, command in commands.items():
            changed = False
            for invocation in command.invocations.values():
                if invocation.status == "InProgress" and (command_id, invocation.instance_id) not in live["processes"]:
                    _done(invocation, now, "Failed", 1, invocation.stdout, "the cumulo server restarted while the command ran")
                    changed = True
            if changed:
                _settle(runtime, command, commands)
