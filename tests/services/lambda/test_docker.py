"""The docker executor, against a fake Docker Engine API on a unix socket.

No engine runs here, so `FakeEngine` answers the Engine API calls the executor
makes (ping, networks, create, image pull, start, logs, wait, kill, delete) and
records them; instead of a container, `start` runs the function as a local
process with the container's environment, as the python base image's entry
point would (`awslambdaric <handler>`), reading /var/task and /opt from their
bind mounts and resolving host.docker.internal as `--add-host ...:host-gateway`
does (to the bridge gateway it announced: 127.0.0.1 here).
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import signal
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config as BotoConfig

from cumulo.config import Config
from cumulo.testing import CumuloServer

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
API_VERSION = "1.45"


class FakeEngine:
    def __init__(self) -> None:
        self.dir = tempfile.mkdtemp(prefix="dk")
        self.socket = os.path.join(self.dir, "docker.sock")
        self.calls: list[tuple[str, str, dict[str, Any]]] = []  # (method, path without the version, JSON body)
        self.images: set[str] = set()
        self.containers: dict[str, dict[str, Any]] = {}
        self.lock = threading.Condition()
        engine = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                engine.handle(self)

            do_POST = do_DELETE = do_GET

        self.server = socketserver.ThreadingUnixStreamServer(self.socket, Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        for box in self.containers.values():
            self._kill(box)
        shutil.rmtree(self.dir, ignore_errors=True)

    def paths(self) -> list[str]:
        return [f"{m} {p.split('?')[0]}" for m, p, _ in self.calls]

    # ---------------------------------------------------------------- the API

    def handle(self, h: BaseHTTPRequestHandler) -> None:
        length = int(h.headers.get("Content-Length") or 0)
        body = json.loads(h.rfile.read(length)) if length else {}
        path = h.path.removeprefix(f"/v{API_VERSION}")
        self.calls.append((h.command, path, body))
        url = urlsplit(path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        parts = url.path.strip("/").split("/")
        if url.path == "/_ping":
            return self._answer(h, 200, b"OK", {"Api-Version": API_VERSION, "Content-Type": "text/plain"})
        if url.path == "/networks/bridge":
            return self._json(h, 200, {"Name": "bridge", "IPAM": {"Config": [{"Subnet": "127.0.0.0/8", "Gateway": "127.0.0.1"}]}})
        if url.path == "/images/create":
            self.images.add(f"{query['fromImage']}:{query['tag']}")
            return self._answer(h, 200, b'{"status":"Pulling fs layer"}\r\n{"status":"Download complete"}\r\n', {"Content-Type": "application/json"})
        if url.path == "/containers/create":
            if body["Image"] not in self.images:
                return self._json(h, 404, {"message": f"No such image: {body['Image']}"})
            ident = uuid.uuid4().hex
            self.containers[ident] = {"config": body, "name": query.get("name"), "proc": None, "output": b""}
            return self._json(h, 201, {"Id": ident, "Warnings": []})
        box = self.containers.get(parts[1]) if len(parts) >= 2 and parts[0] == "containers" else None
        if box is None:
            return self._json(h, 404, {"message": "No such container"})
        action = parts[2] if len(parts) > 2 else ""
        if h.command == "POST" and action == "start":
            self._start(box)
            return self._answer(h, 204, b"")
        if action == "logs":
            return self._logs(h, box)
        if action == "wait":
            status = box["proc"].wait()
            return self._json(h, 200, {"StatusCode": 128 - status if status < 0 else status})
        if action == "kill":
            self._kill(box)
            return self._answer(h, 204, b"")
        if h.command == "DELETE":
            self._kill(box)
            box["removed"] = True
            return self._answer(h, 204, b"")
        return self._json(h, 404, {"message": "page not found"})

    def _answer(self, h: BaseHTTPRequestHandler, status: int, data: bytes, headers: dict[str, str] | None = None) -> None:
        h.send_response(status)
        for name, value in (headers or {}).items():
            h.send_header(name, value)
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def _json(self, h: BaseHTTPRequestHandler, status: int, value: Any) -> None:
        self._answer(h, status, json.dumps(value).encode(), {"Content-Type": "application/json"})

    # ---------------------------------------------------------------- the "container"

    def _start(self, box: dict[str, Any]) -> None:
        config = box["config"]
        env = dict(item.split("=", 1) for item in config["Env"])
        mounts = {bind.split(":")[1]: bind.split(":")[0] for bind in config["HostConfig"]["Binds"]}
        for name in ("AWS_LAMBDA_RUNTIME_API", "AWS_ENDPOINT_URL"):
            env[name] = env[name].replace("host.docker.internal", "127.0.0.1")
        task, opt = mounts["/var/task"], mounts.get("/opt")
        env["PYTHONPATH"] = os.pathsep.join([task] + ([os.path.join(opt, "python")] if opt else []))
        env["PATH"] = os.environ["PATH"]
        assert config["Image"].startswith("public.ecr.aws/lambda/python:"), "this fake runs python images only"
        proc = subprocess.Popen(
            [sys.executable, "-m", "awslambdaric", *config["Cmd"]], cwd=task, env=env,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
        )
        box["proc"] = proc

        def pump() -> None:
            assert proc.stdout is not None
            while data := proc.stdout.read1(65536):
                with self.lock:
                    box["output"] += data
                    self.lock.notify_all()
            proc.wait()
            with self.lock:
                self.lock.notify_all()

        threading.Thread(target=pump, daemon=True).start()

    def _logs(self, h: BaseHTTPRequestHandler, box: dict[str, Any]) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/vnd.docker.multiplexed-stream")
        h.send_header("Transfer-Encoding", "chunked")
        h.end_headers()
        sent = 0
        while True:
            with self.lock:
                while len(box["output"]) == sent and box["proc"].poll() is None:
                    self.lock.wait(1)
                data, done = box["output"][sent:], box["proc"].poll() is not None
            if data:
                frame = bytes([1, 0, 0, 0]) + len(data).to_bytes(4, "big") + data
                try:
                    h.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
                    h.wfile.flush()
                except OSError:
                    return
                sent += len(data)
            if done and len(box["output"]) == sent:
                h.wfile.write(b"0\r\n\r\n")
                return

    def _kill(self, box: dict[str, Any]) -> None:
        proc = box.get("proc")
        if proc is not None and proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)


@pytest.fixture
def engine() -> Iterator[FakeEngine]:
    fake = FakeEngine()
    yield fake
    fake.close()


@pytest.fixture
def docker_cumulo(engine: FakeEngine, monkeypatch: pytest.MonkeyPatch) -> Iterator[CumuloServer]:
    monkeypatch.setenv("DOCKER_HOST", f"unix://{engine.socket}")
    server = CumuloServer(Config(log_level="warning", lambda_executor="docker")).start()

    async def evict() -> None:
        server.runtime.live["lambda"].evict() if "lambda" in server.runtime.live else None
        await asyncio.sleep(0.2)  # let the removals reach the engine

    yield server
    server.run(evict())
    server.stop()


APP = """
import json, os, time
import lib

def handler(event, context):
    print("handling", json.dumps(event))
    if event.get("sleep"):
        time.sleep(event["sleep"])
    keep = ("MY_VAR", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "AWS_LAMBDA_FUNCTION_NAME", "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "_HANDLER")
    return {"lib": lib.X, "env": {k: os.environ.get(k) for k in keep}, "version": context.function_version}
"""


def test_functions_run_in_the_official_image_through_the_engine_api(docker_cumulo: CumuloServer, engine: FakeEngine, zipped: Callable[..., bytes]) -> None:
    lam = boto3.client("lambda", endpoint_url=docker_cumulo.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    layer = lam.publish_layer_version(LayerName="lib", Content={"ZipFile": zipped({"python/lib.py": "X = 'from /opt'\n"})})["LayerVersionArn"]
    lam.create_function(
        FunctionName="boxed", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": zipped({"app.py": APP})},
        Layers=[layer], MemorySize=256, Timeout=1, Environment={"Variables": {"MY_VAR": "mine"}},
    )
    answer = lam.invoke(FunctionName="boxed", Payload=b'{"n": 1}')
    assert "FunctionError" not in answer
    result = json.loads(answer["Payload"].read())
    assert result["lib"] == "from /opt" and result["version"] == "$LATEST"
    assert result["env"] == {
        "MY_VAR": "mine", "LAMBDA_TASK_ROOT": "/var/task", "LAMBDA_RUNTIME_DIR": "/var/runtime", "AWS_LAMBDA_FUNCTION_NAME": "boxed",
        "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": "256", "_HANDLER": "app.handler",
    }
    # The image was missing: create failed, the image was pulled, create succeeded.
    assert engine.paths()[:4] == ["GET /_ping", "GET /networks/bridge", "POST /containers/create", "POST /images/create"]
    pulls = [p for m, p, _ in engine.calls if p.startswith("/images/create")]
    assert "fromImage=public.ecr.aws%2Flambda%2Fpython&tag=3.12" in pulls[0]
    [config] = [b for m, p, b in engine.calls if p.startswith("/containers/create")][1:]
    [ident] = engine.containers
    assert engine.paths()[4:6] == ["POST /containers/create", f"POST /containers/{ident}/start"]
    assert {f"GET /containers/{ident}/logs", f"POST /containers/{ident}/wait"} <= set(engine.paths())
    assert config["Image"] == "public.ecr.aws/lambda/python:3.12" and config["Cmd"] == ["app.handler"]
    host = config["HostConfig"]
    assert host["ExtraHosts"] == ["host.docker.internal:host-gateway"] and host["Memory"] == 256 * 1024 * 1024
    assert [b.split(":", 1)[1] for b in host["Binds"]] == ["/var/task:ro", "/opt:ro"]
    env = dict(item.split("=", 1) for item in config["Env"])
    assert env["AWS_LAMBDA_RUNTIME_API"].startswith("host.docker.internal:")
    assert env["AWS_ENDPOINT_URL"] == f"http://host.docker.internal:{docker_cumulo.port}"
    assert env["MY_VAR"] == "mine" and env["LAMBDA_TASK_ROOT"] == "/var/task" and "PYTHONPATH" not in env
    # Warm: the next invocation reuses the container.
    assert json.loads(lam.invoke(FunctionName="boxed", Payload=b"{}")["Payload"].read())["lib"] == "from /opt"
    assert len(engine.containers) == 1
    # A timeout ends the sandbox: the container is removed by force.
    late = lam.invoke(FunctionName="boxed", Payload=b'{"sleep": 5}')
    assert late["FunctionError"] == "Unhandled"
    assert "Task timed out after 1.00 seconds" in json.loads(late["Payload"].read())["errorMessage"]
    deadline = time.monotonic() + 5
    while not engine.containers[ident].get("removed") and time.monotonic() < deadline:
        time.sleep(0.02)
    assert engine.containers[ident].get("removed")
    assert any(m == "DELETE" and p.startswith(f"/containers/{ident}?") and "force=true" in p for m, p, _ in engine.calls)


def test_no_reachable_engine_is_a_clear_error(docker_cumulo: CumuloServer, monkeypatch: pytest.MonkeyPatch, zipped: Callable[..., bytes]) -> None:
    monkeypatch.setenv("DOCKER_HOST", "unix:///nonexistent/docker.sock")
    lam = boto3.client(
        "lambda", endpoint_url=docker_cumulo.url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test",
        config=BotoConfig(retries={"total_max_attempts": 1}),  # the answer is a 502, which botocore would retry
    )
    lam.create_function(FunctionName="nowhere", Runtime="python3.12", Role=ROLE, Handler="app.handler", Code={"ZipFile": zipped({"app.py": APP})})
    with pytest.raises(lam.exceptions.InvalidRuntimeException, match="no Docker engine is reachable at unix:///nonexistent/docker.sock"):
        lam.invoke(FunctionName="nowhere", Payload=b"{}")


def test_images_and_container_configs() -> None:
    from pathlib import Path

    from cumulo.runtimes.docker import container_config, image_for
    from cumulo.runtimes.spec import FunctionSpec

    assert [image_for(r) for r in ("python3.13", "nodejs22.x", "java21", "provided.al2023", "ruby3.3")] == [
        "public.ecr.aws/lambda/python:3.13", "public.ecr.aws/lambda/nodejs:22", "public.ecr.aws/lambda/java:21",
        "public.ecr.aws/lambda/provided:al2023", "public.ecr.aws/lambda/ruby:3.3",
    ]
    spec = FunctionSpec(
        "arn:aws:lambda:us-east-1:000000000000:function:img", "img", "$LATEST", "", "", Path("/empty"), None, (("A", "1"),), 128, 3.0,
        "000000000000", "us-east-1", image="000000000000.dkr.ecr.us-east-1.amazonaws.com/app:1", command=("main.handler",), workdir="/app",
    )
    config = container_config(spec, "host.docker.internal:9001", "")
    assert config["Image"] == spec.image and config["Cmd"] == ["main.handler"] and config["WorkingDir"] == "/app"
    assert config["HostConfig"]["Binds"] == [] and "Entrypoint" not in config  # the image's own code and entry point
    assert "A=1" in config["Env"] and "LAMBDA_TASK_ROOT=/app" in config["Env"]
