"""`aws:executeScript` in Python: the script runs in a child process, called like a Lambda handler.

The child gets the script, the handler name and the input payload on stdin,
calls `handler(events, context)` and writes the return value as JSON after a
marker line on stdout; everything else it prints is the step's log. Asyncio
subprocesses keep the event loop free while it runs; a timeout kills it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass
from typing import Any

MARKER = "__cumulo_ssm_result__"
RUNNER = """
import json, sys, traceback
spec = json.loads(sys.stdin.read())
namespace = {"__name__": "script"}
try:
    exec(compile(spec["script"], "script.py", "exec"), namespace)
    handler = spec["handler"].rsplit(".", 1)[-1]
    result = namespace[handler](spec["payload"], {"automation": True})
    print("\\n%s" % spec["marker"])
    print(json.dumps({"value": result}, default=str))
except Exception as error:
    print("\\n%s" % spec["marker"])
    print(json.dumps({"error": "%s: %s" % (type(error).__name__, error), "trace": traceback.format_exc()}))
"""


@dataclass
class ScriptResult:
    value: Any = None
    error: str = ""
    logs: str = ""


async def run_python(script: str, handler: str, payload: Any, timeout: float) -> ScriptResult:
    if not script.strip():
        return ScriptResult(error="The Script input is empty (attachments are not supported by cumulo)")
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", RUNNER,
        stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )
    spec = json.dumps({"script": script, "handler": handler, "payload": payload, "marker": MARKER}).encode()
    try:
        out, err = await asyncio.wait_for(proc.communicate(spec), timeout)
    except TimeoutError:
        proc.kill()
        await proc.wait()
        return ScriptResult(error=f"The script did not finish within {timeout:g} seconds")
    text = out.decode(errors="replace")
    logs, _, tail = text.rpartition("\n" + MARKER + "\n")
    if not tail:
        return ScriptResult(error=f"The script exited with {proc.returncode}: {err.decode(errors='replace')[-2000:]}", logs=text)
    try:
        result = json.loads(tail)
    except ValueError:
        return ScriptResult(error="The script's result could not be read", logs=text)
    if "error" in result:
        return ScriptResult(error=result["error"], logs=logs + result.get("trace", ""))
    return ScriptResult(value=result["value"], logs=logs)
