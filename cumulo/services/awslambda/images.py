"""Container-image functions: an `ImageUri` in cumulo's ECR, resolved at CreateFunction
and run without Docker by the process executor.

Resolving asks ECR (`services.call`, BatchGetImage) for the image, as Lambda does:
a missing one is refused with Lambda's own message, and the digest is recorded
(CodeSha256 is the digest's hex, ResolvedImageUri names it), so a tag pushed again
later does not change what the function runs.

Running without Docker: the layers are fetched from ECR's registry (GetDownloadUrlForLayer,
then a GET of that URL on cumulo), unpacked in order (whiteouts honoured) into a
directory per image digest, and the image config decides the rest. An image built
on AWS's Python or Node.js base image (ENTRYPOINT `/lambda-entrypoint.sh`, a Python
or node under `/var/lang`) runs like a zip function of that runtime: its task root
(`LAMBDA_TASK_ROOT`, /var/task) as the code, its `/opt` as the layers, CMD (or
ImageConfig.Command) as the handler, the config's ENV under the function's own
variables, and WORKDIR as the working directory. The handler runs on cumulo's own
Python or node, not the image's interpreter. Any other image is refused with the reason.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from cumulo import services
from cumulo.core.errors import AwsError
from cumulo.runtimes import Unsupported
from cumulo.services.awslambda.names import invalid

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

IMAGE_URI = re.compile(r"^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.[^/]+/(.+?)(?::([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})|@(sha256:[a-f0-9]{64}))?$")
INDEX_TYPES = ("application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json")
MANIFEST_TYPES = ("application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json")
LAMBDA_ENTRYPOINT = "/lambda-entrypoint.sh"
# Variables of the base image that name paths inside it: the process executor sets its own.
CONTAINER_ONLY = {"PATH", "LD_LIBRARY_PATH", "LAMBDA_TASK_ROOT", "LAMBDA_RUNTIME_DIR", "TZ"}


def parse_uri(uri: str) -> tuple[str, str, str, str, str]:
    """(account, region, repository, tag, digest) of an ECR image URI."""
    match = IMAGE_URI.match(uri)
    if match is None:
        raise invalid(f"Source image {uri} is not valid. Provide a valid source image.")
    account, region, repository, tag, digest = match.groups()
    return account, region, repository, tag or ("" if digest else "latest"), digest or ""


async def _get_image(runtime: Runtime, uri: str, ref: dict[str, str] | None = None) -> dict[str, Any]:
    account, region, repository, tag, digest = parse_uri(uri)
    image_id = ref or ({"imageDigest": digest} if digest else {"imageTag": tag})
    try:
        found = await services.call(runtime, "ecr", "BatchGetImage",
                                    {"registryId": account, "repositoryName": repository, "imageIds": [image_id]}, account, region)
    except AwsError:
        found = {"images": []}
    if not found.get("images"):
        raise invalid(f"Source image {uri} does not exist. Provide a valid source image.")
    image: dict[str, Any] = found["images"][0]
    return image


async def resolve(runtime: Runtime, uri: str) -> str:
    """The digest of the image `uri` names in cumulo's ECR (InvalidParameterValue when it is not there)."""
    if services.get("ecr") is None:
        return ""
    image = await _get_image(runtime, uri)
    return str(image["imageId"]["imageDigest"])


def resolved_uri(uri: str, digest_hex: str) -> str:
    base = uri.split("@", 1)[0]
    repository = base.rsplit("/", 1)
    if ":" in repository[-1]:
        base = base.rsplit(":", 1)[0]
    return f"{base}@sha256:{digest_hex}"


@dataclass(frozen=True, slots=True)
class Unpacked:
    root: Path
    config: dict[str, Any]


async def unpack(runtime: Runtime, work: Path, uri: str, digest_hex: str, architecture: str) -> Unpacked:
    """The image's file system, unpacked once per digest under `work`."""
    dest = work / "images" / digest_hex
    config_file = dest / ".cumulo-image-config.json"
    if config_file.is_file():
        return Unpacked(dest / "rootfs", orjson.loads(config_file.read_bytes()))
    account, region, repository, _, _ = parse_uri(uri)
    image = await _get_image(runtime, resolved_uri(uri, digest_hex))
    manifest = orjson.loads(image["imageManifest"])
    if image.get("imageManifestMediaType") in INDEX_TYPES or "manifests" in manifest:
        wanted = "arm64" if architecture == "arm64" else "amd64"
        child = next((m for m in manifest.get("manifests") or []
                      if (m.get("platform") or {}).get("architecture") == wanted), None)
        if child is None:
            raise Unsupported(f"The image {uri} has no linux/{wanted} manifest for this {architecture} function.")
        image = await _get_image(runtime, uri, {"imageDigest": child["digest"]})
        manifest = orjson.loads(image["imageManifest"])
    if not isinstance(manifest.get("config"), dict):
        raise Unsupported(f"The image {uri} has no image config: it is not a container image Lambda can run.")
    staging = Path(tempfile.mkdtemp(prefix="unpack-", dir=work))
    try:
        config_bytes = await _download(runtime, account, region, repository, manifest["config"]["digest"], staging / "config")
        config = orjson.loads(config_bytes.read_bytes())
        rootfs = staging / "rootfs"
        rootfs.mkdir()
        for layer in manifest.get("layers") or []:
            path = await _download(runtime, account, region, repository, layer["digest"], staging / "layer")
            await asyncio.to_thread(_apply_layer, path, rootfs, uri)
            path.unlink()
        (staging / ".cumulo-image-config.json").write_bytes(orjson.dumps(config))
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staging, dest) if not dest.exists() else shutil.rmtree(staging, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return Unpacked(dest / "rootfs", config)


async def _download(runtime: Runtime, account: str, region: str, repository: str, digest: str, to: Path) -> Path:
    import httpx

    found = await services.call(runtime, "ecr", "GetDownloadUrlForLayer",
                                {"registryId": account, "repositoryName": repository, "layerDigest": digest}, account, region)
    async with httpx.AsyncClient(timeout=300) as client, client.stream("GET", found["downloadUrl"]) as response:
        if response.status_code != 200:
            raise Unsupported(f"Could not fetch layer {digest} of {repository} from cumulo's ECR: HTTP {response.status_code}")
        with open(to, "wb") as out:
            async for chunk in response.aiter_raw():
                out.write(chunk)
    return to


def _apply_layer(path: Path, rootfs: Path, uri: str) -> None:
    """Unpack one layer tar over `rootfs`, honouring OCI whiteouts (`.wh.name`, `.wh..wh..opq`)."""
    try:
        archive = tarfile.open(path, "r:*")
    except tarfile.ReadError:
        raise Unsupported(f"A layer of {uri} is not a tar archive (plain or gzip): cumulo cannot unpack it (zstd layers are not supported).") from None
    with archive:
        members = []
        for member in archive.getmembers():
            name = member.name.lstrip("./")
            parent, _, base = name.rpartition("/")
            target = rootfs / parent if parent else rootfs
            if base == ".wh..wh..opq":
                if target.is_dir():
                    for child in target.iterdir():
                        shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
                continue
            if base.startswith(".wh."):
                gone = target / base[len(".wh."):]
                if gone.is_dir() and not gone.is_symlink():
                    shutil.rmtree(gone)
                elif gone.exists() or gone.is_symlink():
                    gone.unlink()
                continue
            members.append(member)
        archive.extractall(rootfs, members=members, filter="data")


@dataclass(frozen=True, slots=True)
class Plan:
    runtime: str
    handler: str
    task_root: Path
    opt_dir: Path | None
    environment: dict[str, str]
    workdir: Path


def plan(unpacked: Unpacked, uri: str, image_config: dict[str, Any]) -> Plan:
    """How the process executor runs the image, or Unsupported saying why it cannot."""
    config = unpacked.config.get("config") or {}
    entrypoint = image_config.get("EntryPoint") or config.get("Entrypoint") or []
    command = image_config.get("Command") or config.get("Cmd") or []
    env = dict(item.split("=", 1) for item in config.get("Env") or [] if "=" in item)
    root = unpacked.root
    version = _runtime_of(root)
    if list(entrypoint) != [LAMBDA_ENTRYPOINT] or not version:
        raise Unsupported(
            f"The image {uri} is not built on AWS's Python or Node.js Lambda base image (ENTRYPOINT {LAMBDA_ENTRYPOINT} with "
            "a Python or Node.js under /var/lang): the process executor runs only those; run it with CUMULO_LAMBDA_EXECUTOR=docker.")
    if not command:
        raise Unsupported(f"The image {uri} names no handler: set CMD in the image or ImageConfig.Command.")
    task_root = root / env.get("LAMBDA_TASK_ROOT", "/var/task").lstrip("/")
    task_root.mkdir(parents=True, exist_ok=True)
    opt = root / "opt"
    workdir = root / (image_config.get("WorkingDirectory") or config.get("WorkingDir") or "/var/task").lstrip("/")
    return Plan(version, command[0], task_root, opt if opt.is_dir() and any(opt.iterdir()) else None,
                {k: v for k, v in env.items() if k not in CONTAINER_ONLY}, workdir if workdir.is_dir() else task_root)


def _runtime_of(root: Path) -> str:
    """The Lambda runtime of a base image, from its /var/lang: `python3.12`, `nodejs20.x`; "" for neither."""
    lang = root / "var" / "lang" / "bin"
    if not lang.is_dir():
        return ""
    pythons = [p.name for p in lang.glob("python3.*") if p.name[len("python3."):].isdigit()]
    if pythons:
        return max(pythons, key=lambda n: int(n[len("python3."):]))
    if (lang / "node").exists():
        # node's own header names its version; AWS's images install it with node.
        header = root / "var" / "lang" / "include" / "node" / "node_version.h"
        found = re.search(r"#define NODE_MAJOR_VERSION (\d+)", header.read_text(errors="replace")) if header.is_file() else None
        return f"nodejs{found.group(1) if found else '20'}.x"
    return ""


async def for_engine(runtime: Runtime, uri: str, digest_hex: str) -> tuple[str, str]:
    """(reference, X-Registry-Auth) for the docker executor: the image by digest on cumulo's
    registry at 127.0.0.1 (which engines reach over plain HTTP without configuration), and
    an ECR token (GetAuthorizationToken through services.call) to pull it with."""
    import base64

    account, region, repository, _, _ = parse_uri(uri)
    found = await services.call(runtime, "ecr", "GetAuthorizationToken", {}, account, region)
    user, password = base64.b64decode(found["authorizationData"][0]["authorizationToken"]).decode().split(":", 1)
    server = f"127.0.0.1:{runtime.config.port}"
    auth = base64.urlsafe_b64encode(orjson.dumps({"username": user, "password": password, "serveraddress": server})).decode()
    return f"{server}/{repository}@sha256:{digest_hex}", auth
