"""Container-image Lambda functions from cumulo's ECR: CreateFunction resolves the
image to its digest (or refuses a missing one), and the process executor runs an image
built on AWS's Python base image from its unpacked layers, without Docker."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
from typing import Any

import boto3
import httpx
import pytest
from botocore.exceptions import ClientError

from tests.services.ecr.conftest import ACCOUNT, DOCKER_V2, digest

ROLE = "arn:aws:iam::000000000000:role/lambda-role"
APP = '''
import os, helper
def handler(event, context):
    return {"greeting": os.environ["GREETING"], "extra": os.environ.get("EXTRA"), "cwd": os.getcwd(),
            "helper": helper.name(), "old_gone": not os.path.exists(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "old.py")),
            "event": event}
'''


def _tar(files: dict[str, bytes], compress: bool) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mode = len(data), 0o755
            archive.addfile(info, io.BytesIO(data))
    raw = buffer.getvalue()
    return gzip.compress(raw) if compress else raw


def _push(registry: httpx.Client, repo: str, blob: bytes) -> dict[str, Any]:
    assert registry.post(f"/v2/{repo}/blobs/uploads/", params={"digest": digest(blob)}, content=blob).status_code == 201
    return {"digest": digest(blob), "size": len(blob)}


def build_image(registry: httpx.Client, repo: str, tag: str, entrypoint: list[str] | None = None) -> str:
    """A hand-built image: a 'base' layer laid out like AWS's Python base image, an app layer."""
    base = _tar({"lambda-entrypoint.sh": b"#!/bin/sh\nexec /var/runtime/bootstrap \"$@\"\n",
                 "var/lang/bin/python3.12": b"#!/bin/sh\n", "var/runtime/bootstrap": b"#!/bin/sh\n",
                 "var/task/old.py": b"x = 1\n", "opt/python/helper.py": b"def name():\n    return 'from /opt'\n"}, compress=True)
    app = _tar({"var/task/app.py": APP.encode(), "var/task/.wh.old.py": b""}, compress=False)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {
        "Entrypoint": entrypoint or ["/lambda-entrypoint.sh"], "Cmd": ["app.handler"], "WorkingDir": "/var/task",
        "Env": ["PATH=/var/lang/bin:/usr/local/bin:/usr/bin/:/bin:/opt/bin", "LAMBDA_TASK_ROOT=/var/task",
                "LAMBDA_RUNTIME_DIR=/var/runtime", "GREETING=hello from the image"]},
        "rootfs": {"type": "layers", "diff_ids": []}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": DOCKER_V2,
                           "config": {"mediaType": "application/vnd.docker.container.image.v1+json", **_push(registry, repo, config)},
                           "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", **_push(registry, repo, base)},
                                      {"mediaType": "application/vnd.docker.image.rootfs.diff.tar", **_push(registry, repo, app)}]}).encode()
    assert registry.put(f"/v2/{repo}/manifests/{tag}", content=manifest, headers={"content-type": DOCKER_V2}).status_code == 201
    return digest(manifest)


@pytest.fixture
def lam(cumulo: Any) -> Any:
    return boto3.client("lambda", endpoint_url=cumulo.url, region_name="us-east-1")


def test_missing_image_is_refused(lam: Any, ecr: Any) -> None:
    ecr.create_repository(repositoryName="fn")
    with pytest.raises(ClientError) as e:
        lam.create_function(FunctionName="f", PackageType="Image", Role=ROLE,
                            Code={"ImageUri": f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fn:nope"})
    assert e.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "does not exist" in e.value.response["Error"]["Message"]


def test_image_function_runs_without_docker(lam: Any, ecr: Any, registry: httpx.Client) -> None:
    ecr.create_repository(repositoryName="fn")
    image_digest = build_image(registry, "fn", "v1")
    uri = f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:4566/fn:v1"
    created = lam.create_function(FunctionName="img", PackageType="Image", Role=ROLE, Code={"ImageUri": uri},
                                  Environment={"Variables": {"EXTRA": "from the function"}})
    assert created["CodeSha256"] == image_digest.split(":")[1]
    code = lam.get_function(FunctionName="img")["Code"]
    assert code["ResolvedImageUri"].endswith(f"/fn@{image_digest}")
    lam.get_waiter("function_active_v2").wait(FunctionName="img")
    out = lam.invoke(FunctionName="img", Payload=b'{"n": 1}')
    assert "FunctionError" not in out, out["Payload"].read()
    body = json.loads(out["Payload"].read())
    assert body["greeting"] == "hello from the image" and body["extra"] == "from the function"
    assert body["helper"] == "from /opt" and body["old_gone"] is True and body["event"] == {"n": 1}
    assert body["cwd"].endswith("/var/task")


def test_other_images_fail_with_a_reason(lam: Any, ecr: Any, registry: httpx.Client) -> None:
    ecr.create_repository(repositoryName="other")
    build_image(registry, "other", "v1", entrypoint=["/usr/bin/my-server"])
    lam.create_function(FunctionName="other", PackageType="Image", Role=ROLE,
                        Code={"ImageUri": f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:4566/other:v1"})
    with pytest.raises(ClientError) as e:
        lam.invoke(FunctionName="other", Payload=b"{}")
    assert "not built on AWS's Python or Node.js Lambda base image" in e.value.response["Error"]["Message"]


def test_node_image_runs_without_docker(lam: Any, ecr: Any, registry: httpx.Client) -> None:
    ecr.create_repository(repositoryName="node")
    base = _tar({"lambda-entrypoint.sh": b"#!/bin/sh\n", "var/lang/bin/node": b"#!/bin/sh\n",
                 "var/lang/include/node/node_version.h": b"#define NODE_MAJOR_VERSION 20\n"}, compress=True)
    app = _tar({"var/task/index.js": b"exports.handler = async (event) => ({from: 'node', greeting: process.env.GREETING, n: event.n});\n"},
               compress=False)
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {
        "Entrypoint": ["/lambda-entrypoint.sh"], "Cmd": ["index.handler"], "WorkingDir": "/var/task",
        "Env": ["LAMBDA_TASK_ROOT=/var/task", "GREETING=hi from node"]}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": DOCKER_V2,
                           "config": {"mediaType": "application/vnd.docker.container.image.v1+json", **_push(registry, "node", config)},
                           "layers": [{"mediaType": "application/vnd.docker.image.rootfs.diff.tar.gzip", **_push(registry, "node", base)},
                                      {"mediaType": "application/vnd.docker.image.rootfs.diff.tar", **_push(registry, "node", app)}]}).encode()
    assert registry.put("/v2/node/manifests/v1", content=manifest, headers={"content-type": DOCKER_V2}).status_code == 201
    lam.create_function(FunctionName="node-img", PackageType="Image", Role=ROLE,
                        Code={"ImageUri": f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:4566/node:v1"})
    out = lam.invoke(FunctionName="node-img", Payload=b'{"n": 2}')
    assert "FunctionError" not in out, out["Payload"].read()
    assert json.loads(out["Payload"].read()) == {"from": "node", "greeting": "hi from node", "n": 2}
