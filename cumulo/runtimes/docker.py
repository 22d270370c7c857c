"""The Docker Engine API, as much of it as the docker executor needs, over the engine's socket.

https://docs.docker.com/reference/api/engine/ : plain HTTP/1.1 on a unix socket
(`DOCKER_HOST=unix:///...`, the default `/var/run/docker.sock`) or TCP
(`tcp://host:port`, no TLS). One connection per request (`Connection: close`),
on asyncio streams, so a long `wait` or a followed `logs` never holds a thread.
The API version is the one the engine announces on `/_ping`, so neither an old
nor a new engine refuses the paths.

Also here: which official image runs a runtime (`image_for`), and the
container a `FunctionSpec` becomes (`container_config`): the package mounted
read-only at /var/task, the merged layers at /opt, the documented environment
with the Runtime API reached at `host.docker.internal` (mapped to the host by
`--add-host host.docker.internal:host-gateway`), the handler as the command of
the image's own entry point.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import struct
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote, urlencode

from cumulo.runtimes import launch
from cumulo.runtimes.spec import Credentials, FunctionSpec, Unsupported

DEFAULT_HOST = "unix:///var/run/docker.sock"
HOST_ALIAS = "host.docker.internal"
IMAGES = "public.ecr.aws/lambda"


class DockerError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(f"Docker engine answered {status}: {message}")
        self.status = status
        self.message = message


def engine_host() -> str:
    return os.environ.get("DOCKER_HOST") or DEFAULT_HOST


def image_for(runtime: str) -> str:
    """The official base image of a managed runtime: python3.12 -> public.ecr.aws/lambda/python:3.12."""
    for family in ("python", "nodejs", "java", "ruby", "dotnet"):
        if runtime.startswith(family):
            version = runtime[len(family) :].removesuffix(".x")
            return f"{IMAGES}/{family}:{version}"
    if runtime.startswith("provided"):
        return f"{IMAGES}/provided:{runtime.partition('.')[2] or 'alami'}"
    if runtime.startswith("go1"):
        return f"{IMAGES}/go:1"
    raise Unsupported(f"No Lambda base image is known for runtime {runtime}.")


def container_config(spec: FunctionSpec, runtime_api: str, endpoint_url: str, credentials: Credentials | None = None) -> dict[str, Any]:
    """The body of `POST /containers/create` for one execution environment of `spec`."""
    env = launch.runtime_variables(spec, runtime_api, spec.workdir or "/var/task", endpoint_url, credentials)
    env["LAMBDA_RUNTIME_DIR"] = "/var/runtime"
    env.update(dict(spec.environment))
    binds = [] if spec.image else [f"{spec.code_dir}:/var/task:ro"]
    if spec.opt_dir is not None:
        binds.append(f"{spec.opt_dir}:/opt:ro")
    config: dict[str, Any] = {
        "Image": spec.image or image_for(spec.runtime),
        "Env": [f"{k}={v}" for k, v in env.items()],
        "Labels": {"cumulo.function": spec.function_arn, "cumulo.version": spec.version},
        "HostConfig": {
            "Binds": binds,
            "ExtraHosts": [f"{HOST_ALIAS}:host-gateway"],
            "Memory": spec.memory_mb * 1024 * 1024,
        },
    }
    if spec.image:
        if spec.entrypoint:
            config["Entrypoint"] = list(spec.entrypoint)
        if spec.command:
            config["Cmd"] = list(spec.command)
        if spec.workdir:
            config["WorkingDir"] = spec.workdir
    else:
        config["Cmd"] = [spec.handler]
    return config


def container_name(spec: FunctionSpec, suffix: str) -> str:
    return re.sub(r"[^a-zA-Z0-9_.-]", "-", f"cumulo-lambda-{spec.name}-{suffix}")


def platform(spec: FunctionSpec) -> str:
    return "linux/arm64" if spec.architecture == "arm64" else "linux/amd64"


class DockerClient:
    def __init__(self, host: str | None = None) -> None:
        self.host = host or engine_host()
        self.version = ""

    # ---------------------------------------------------------------- transport

    async def _connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        if self.host.startswith("unix://"):
            return await asyncio.open_unix_connection(self.host.removeprefix("unix://"))
        return await asyncio.open_connection(*_tcp_address(self.host))

    async def _send(self, method: str, path: str, body: Any = None, extra: dict[str, str] | None = None) -> tuple[int, dict[str, str], asyncio.StreamReader, asyncio.StreamWriter]:
        if not self.version and path != "/_ping":
            await self.ping()
        target = f"/v{self.version}{path}" if self.version and path != "/_ping" else path
        data = json.dumps(body).encode() if body is not None else b""
        reader, writer = await self._connect()
        head = f"{method} {target} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Length: {len(data)}\r\n"
        if body is not None:
            head += "Content-Type: application/json\r\n"
        for name, value in (extra or {}).items():
            head += f"{name}: {value}\r\n"
        writer.write(head.encode() + b"\r\n" + data)
        await writer.drain()
        status_line = await reader.readline()
        parts = status_line.decode("latin-1").split(" ", 2)
        if len(parts) < 2 or not parts[1].isdigit():
            writer.close()
            raise DockerError(0, f"not an HTTP answer: {status_line[:80]!r}")
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
        return int(parts[1]), headers, reader, writer

    async def _body(self, headers: dict[str, str], reader: asyncio.StreamReader) -> AsyncIterator[bytes]:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readline()).split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    return
                yield await reader.readexactly(size)
                await reader.readexactly(2)
        elif "content-length" in headers:
            left = int(headers["content-length"])
            if left:
                yield await reader.readexactly(left)
        else:
            while data := await reader.read(65536):
                yield data

    async def request(self, method: str, path: str, body: Any = None, raw: bool = False, extra: dict[str, str] | None = None) -> Any:
        """One call; its JSON answer (the bytes if `raw`). Raises `DockerError` on a status >= 400."""
        status, headers, reader, writer = await self._send(method, path, body, extra)
        try:
            data = b"".join([chunk async for chunk in self._body(headers, reader)])
        finally:
            writer.close()
        if status >= 400:
            try:
                message = json.loads(data).get("message", "")
            except ValueError:
                message = data.decode("utf-8", "replace")
            raise DockerError(status, message)
        if raw or not data.strip() or not headers.get("content-type", "").startswith("application/json"):
            return data
        return json.loads(data)

    # ---------------------------------------------------------------- operations

    async def ping(self) -> None:
        status, headers, reader, writer = await self._send("GET", "/_ping")
        async for _ in self._body(headers, reader):
            pass
        writer.close()
        if status != 200:
            raise DockerError(status, "ping failed")
        self.version = headers.get("api-version", "")

    async def bridge_gateway(self) -> str | None:
        """The host's address on the default bridge network: where host-gateway leads."""
        try:
            network = await self.request("GET", "/networks/bridge")
        except DockerError:
            return None
        for config in ((network or {}).get("IPAM") or {}).get("Config") or []:
            if config.get("Gateway"):
                return str(config["Gateway"])
        return None

    async def pull(self, image: str, platform_name: str, registry_auth: str = "") -> None:
        """Pull `image`; `registry_auth` is the engine's X-Registry-Auth (base64 JSON credentials), if it needs any."""
        if "@" in image:  # by digest: the engine takes the digest as the tag
            name, _, tag = image.partition("@")
        else:
            name, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "latest")
        query = urlencode({"fromImage": name, "tag": tag, "platform": platform_name})
        answer = await self.request("POST", f"/images/create?{query}", raw=True, extra={"X-Registry-Auth": registry_auth} if registry_auth else None)
        # The answer is a stream of JSON progress lines; a failure is one of them.
        for line in answer.splitlines():
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if isinstance(event, dict) and event.get("error"):
                raise DockerError(500, f"pulling {image}: {event['error']}")

    async def create(self, name: str, config: dict[str, Any], platform_name: str, registry_auth: str = "") -> str:
        """Create a container, pulling its image first when the engine does not have it."""
        path = f"/containers/create?{urlencode({'name': name, 'platform': platform_name})}"
        try:
            answer = await self.request("POST", path, config)
        except DockerError as error:
            if error.status != 404:
                raise
            await self.pull(config["Image"], platform_name, registry_auth)
            answer = await self.request("POST", path, config)
        return str(answer["Id"])

    async def start(self, ident: str) -> None:
        await self.request("POST", f"/containers/{quote(ident)}/start")

    async def wait(self, ident: str) -> int:
        """Until the container stops; its exit status."""
        answer = await self.request("POST", f"/containers/{quote(ident)}/wait?condition=not-running")
        return int((answer or {}).get("StatusCode", -1))

    async def logs(self, ident: str) -> AsyncIterator[bytes]:
        """The container's stdout and stderr as they come, demultiplexed (8-byte frame headers)."""
        status, headers, reader, writer = await self._send("GET", f"/containers/{quote(ident)}/logs?follow=1&stdout=1&stderr=1")
        try:
            if status >= 400:
                return
            buffer = b""
            async for chunk in self._body(headers, reader):
                buffer += chunk
                while len(buffer) >= 8:
                    size = struct.unpack(">I", buffer[4:8])[0]
                    if len(buffer) < 8 + size:
                        break
                    yield buffer[8 : 8 + size]
                    buffer = buffer[8 + size :]
        finally:
            writer.close()

    async def kill(self, ident: str) -> None:
        await self.request("POST", f"/containers/{quote(ident)}/kill?signal=SIGKILL")

    async def remove(self, ident: str) -> None:
        await self.request("DELETE", f"/containers/{quote(ident)}?force=true&v=true")


def _tcp_address(host: str) -> tuple[str, int]:
    name, _, port = host.split("://", 1)[-1].rpartition(":")
    return name or "127.0.0.1", int(port or 2375)


def _open(host: str, timeout: float) -> socket.socket:
    if host.startswith("unix://"):
        conn = socket.socket(socket.AF_UNIX)
        conn.settimeout(timeout)
        try:
            conn.connect(host.removeprefix("unix://"))
        except OSError:
            conn.close()
            raise
        return conn
    return socket.create_connection(_tcp_address(host), timeout=timeout)


def reachable(host: str | None = None) -> bool:
    """Whether an engine listens at `host` (a quick connect, no request)."""
    try:
        _open(host or engine_host(), 0.5).close()
        return True
    except (OSError, ValueError):
        return False


def remove_now(host: str, ident: str) -> None:
    """Remove a container without an event loop (at exit), best effort."""
    try:
        with _open(host, 2.0) as conn:
            conn.sendall(f"DELETE /containers/{quote(ident)}?force=true HTTP/1.1\r\nHost: docker\r\nConnection: close\r\nContent-Length: 0\r\n\r\n".encode())
            conn.recv(1024)
    except (OSError, ValueError):
        pass
