"""Invoke through boto3 and the AWS CLI: Python, Node.js and provided.al2023 functions really run."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/lambda-role"

NODE_APP = """
exports.handler = async (event, context) => {
  console.log('node got', JSON.stringify(event));
  if (event.fail) { const e = new TypeError('node says no'); throw e; }
  if (event.sleep) await new Promise((r) => setTimeout(r, event.sleep * 1000));
  return { event, fn: process.env.AWS_LAMBDA_FUNCTION_NAME, mine: process.env.MY_SETTING, left: context.getRemainingTimeInMillis() > 0 };
};
exports.callback = (event, context, callback) => { callback(null, { via: 'callback', n: event.n }); };
"""

NODE_STREAM = """
exports.handler = awslambda.streamifyResponse(async (event, responseStream, context) => {
  responseStream.setContentType('text/plain');
  for (const part of ['one ', 'two ', 'three']) responseStream.write(part);
  responseStream.end();
});
"""

SHELL_BOOTSTRAP = """#!/bin/sh
set -eu
API="http://${AWS_LAMBDA_RUNTIME_API}/2018-06-01/runtime"
while true; do
  HEADERS="$(mktemp)"
  EVENT="$(curl -sS -D "$HEADERS" "$API/invocation/next")"
  ID="$(grep -i '^lambda-runtime-aws-request-id:' "$HEADERS" | tr -d '\\r' | cut -d' ' -f2)"
  echo "shell handler $_HANDLER got $EVENT"
  curl -sS -X POST "$API/invocation/$ID/response" -d "{\\"handler\\": \\"$_HANDLER\\", \\"event\\": $EVENT}" > /dev/null
done
"""


def invoke(lam: Any, name: str, payload: Any = None, **extra: Any) -> tuple[dict[str, Any], Any]:
    body = b"" if payload is None else json.dumps(payload).encode()
    answer = lam.invoke(FunctionName=name, Payload=body, **extra)
    return answer, json.loads(answer["Payload"].read() or b"null")


def test_python_result_environment_and_context(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("py", Environment={"Variables": {"MY_SETTING": "on"}})
    answer, result = invoke(lam, "py", {"order": 7})
    assert answer["StatusCode"] == 200 and "FunctionError" not in answer
    assert answer["ExecutedVersion"] == "$LATEST"
    assert result["event"] == {"order": 7}
    assert result["env"]["MY_SETTING"] == "on" and result["env"]["AWS_LAMBDA_FUNCTION_NAME"] == "py"
    assert result["env"]["_HANDLER"] == "app.handler"
    assert result["request_id"] == answer["ResponseMetadata"]["RequestId"]
    assert result["arn"] == "arn:aws:lambda:us-east-1:000000000000:function:py"
    assert invoke(lam, "py")[1]["event"] == {}


def test_python_errors_are_function_errors(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("py")
    answer, error = invoke(lam, "py", {"fail": "x"}, LogType="Tail")
    assert answer["StatusCode"] == 200 and answer["FunctionError"] == "Unhandled"
    assert error["errorType"] == "ValueError" and error["errorMessage"] == "bad input: x"
    assert isinstance(error["stackTrace"], list)
    log = base64.b64decode(answer["LogResult"]).decode()
    assert log.startswith("START RequestId:") and "REPORT RequestId:" in log
    # The environment survives a handled exception: the next call works.
    assert invoke(lam, "py", {"ok": 1})[1]["event"] == {"ok": 1}
    answer, error = invoke(lam, "py", {"exit": 1})
    assert answer["FunctionError"] == "Unhandled" and error["errorType"] == "Runtime.ExitError"
    assert "exit status 3" in error["errorMessage"]
    assert invoke(lam, "py", {"after": "crash"})[1]["event"] == {"after": "crash"}


def test_init_errors(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("broken", Handler="missing.handler")
    answer, error = invoke(lam, "broken")
    assert answer["FunctionError"] == "Unhandled"
    assert error["errorType"] == "Runtime.ImportModuleError"
    assert "Unable to import module 'missing'" in error["errorMessage"]


def test_timeout_kills_the_invocation(lam: Any, python_function: Callable[..., dict[str, Any]]) -> None:
    python_function("slow", Timeout=1)
    answer, error = invoke(lam, "slow", {"sleep": 5}, LogType="Tail")
    assert answer["FunctionError"] == "Unhandled"
    assert error["errorType"] == "Sandbox.Timedout"
    assert error["errorMessage"].endswith("Task timed out after 1.00 seconds")
    assert "Task timed out after 1.00 seconds" in base64.b64decode(answer["LogResult"]).decode()
    assert invoke(lam, "slow", {"quick": True})[1]["event"] == {"quick": True}


def test_bad_payload_and_other_invocation_types(lam: Any, python_function: Callable[..., dict[str, Any]], cumulo: CumuloServer) -> None:
    python_function("py")
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="py", Payload=b"{not json")
    assert e.value.response["Error"]["Code"] == "InvalidRequestContentException"
    assert lam.invoke(FunctionName="py", InvocationType="DryRun")["StatusCode"] == 204
    assert lam.invoke(FunctionName="py", InvocationType="Event", Payload=b'{"bg": 1}')["StatusCode"] == 202


def test_nodejs_function(lam: Any, zipped: Callable[..., bytes]) -> None:
    lam.create_function(
        FunctionName="node", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler", Timeout=5,
        Code={"ZipFile": zipped({"index.js": NODE_APP})}, Environment={"Variables": {"MY_SETTING": "node-on"}},
    )
    answer, result = invoke(lam, "node", {"n": 1}, LogType="Tail")
    assert result == {"event": {"n": 1}, "fn": "node", "mine": "node-on", "left": True}
    assert "node got" in base64.b64decode(answer["LogResult"]).decode()
    answer, error = invoke(lam, "node", {"fail": True})
    assert answer["FunctionError"] == "Unhandled"
    assert (error["errorType"], error["errorMessage"]) == ("TypeError", "node says no")
    assert error["trace"][0] == "TypeError: node says no"
    lam.create_function(FunctionName="node-cb", Runtime="nodejs20.x", Role=ROLE, Handler="index.callback", Code={"ZipFile": zipped({"index.js": NODE_APP})})
    assert invoke(lam, "node-cb", {"n": 2})[1] == {"via": "callback", "n": 2}


def test_nodejs_esm_module(lam: Any, zipped: Callable[..., bytes]) -> None:
    source = "export const handler = async (event) => ({ esm: true, event });\n"
    lam.create_function(FunctionName="esm", Runtime="nodejs22.x", Role=ROLE, Handler="index.handler", Code={"ZipFile": zipped({"index.mjs": source})})
    assert invoke(lam, "esm", {"a": 1})[1] == {"esm": True, "event": {"a": 1}}


def test_response_streaming(lam: Any, zipped: Callable[..., bytes], python_function: Callable[..., dict[str, Any]]) -> None:
    lam.create_function(FunctionName="stream", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler", Code={"ZipFile": zipped({"index.js": NODE_STREAM})})
    answer = lam.invoke_with_response_stream(FunctionName="stream", Payload=b"{}")
    events = list(answer["EventStream"])
    chunks = b"".join(e["PayloadChunk"]["Payload"] for e in events if "PayloadChunk" in e)
    assert chunks == b"one two three"
    assert "InvokeComplete" in events[-1]
    python_function("py")
    events = list(lam.invoke_with_response_stream(FunctionName="py", Payload=b'{"s": 1}')["EventStream"])
    assert json.loads(events[0]["PayloadChunk"]["Payload"])["event"] == {"s": 1}


def test_a_stream_that_fails_midway_ends_with_the_error(lam: Any, zipped: Callable[..., bytes]) -> None:
    source = "exports.handler = awslambda.streamifyResponse(async (event, stream) => { stream.write('partial'); throw new RangeError('midway'); });\n"
    lam.create_function(FunctionName="broken", Runtime="nodejs20.x", Role=ROLE, Handler="index.handler", Code={"ZipFile": zipped({"index.js": source})})
    events = list(lam.invoke_with_response_stream(FunctionName="broken", Payload=b"{}")["EventStream"])
    assert events[0]["PayloadChunk"]["Payload"] == b"partial"
    complete = events[-1]["InvokeComplete"]
    assert complete["ErrorCode"] == "RangeError"
    assert json.loads(complete["ErrorDetails"])["errorMessage"] == "midway"
    answer, body = invoke(lam, "broken", {})
    assert answer["FunctionError"] == "Unhandled" and body["errorType"] == "RangeError"


@pytest.mark.skipif(not Path("/usr/bin/curl").exists() and not any(Path(p, "curl").exists() for p in os.environ.get("PATH", "").split(":")), reason="the shell bootstrap uses curl")
def test_provided_runtime_runs_the_bootstrap(lam: Any, zipped: Callable[..., bytes]) -> None:
    package = zipped({"bootstrap": SHELL_BOOTSTRAP}, executable=("bootstrap",))
    lam.create_function(FunctionName="shell", Runtime="provided.al2023", Role=ROLE, Handler="my.handler", Code={"ZipFile": package})
    assert invoke(lam, "shell", {"x": [1, 2]})[1] == {"handler": "my.handler", "event": {"x": [1, 2]}}
    assert invoke(lam, "shell", {"x": 3})[1]["event"] == {"x": 3}


def test_unsupported_runtime_says_what_is_missing(lam: Any, zipped: Callable[..., bytes], cumulo: CumuloServer) -> None:
    # InvalidRuntimeException is a 502, which SDKs retry: ask once.
    lam = boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1", config=Config(retries={"max_attempts": 1}))
    lam.create_function(FunctionName="rb", Runtime="ruby3.3", Role=ROLE, Handler="app.handler", Code={"ZipFile": zipped({"app.rb": "def handler(event:, context:) = 1"})})
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="rb")
    assert e.value.response["Error"]["Code"] == "InvalidRuntimeException"
    assert "ruby" in e.value.response["Error"]["Message"]


def test_invoke_through_the_aws_cli(cumulo: CumuloServer, python_function: Callable[..., dict[str, Any]], tmp_path: Path) -> None:
    python_function("cli")
    out = tmp_path / "out.json"
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_DEFAULT_REGION": "us-east-1"}
    done = subprocess.run(
        [sys.executable, "-m", "awscli", "--endpoint-url", cumulo.url, "lambda", "invoke", "--function-name", "cli",
         "--payload", '{"from": "cli"}', str(out)],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["StatusCode"] == 200
    assert json.loads(out.read_text())["event"] == {"from": "cli"}
