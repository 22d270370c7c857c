"""Fixtures for the ECR tests: a boto3 client, a repository, an authenticated registry
client (httpx) and helpers that push an image through the API."""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import boto3
import httpx
import pytest

from cumulo.testing import CumuloServer

ACCOUNT = "000000000000"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"


@pytest.fixture
def ecr(cumulo: CumuloServer) -> Any:
    return boto3.client("ecr", endpoint_url=cumulo.url, region_name="us-east-1")


@pytest.fixture
def repo(ecr: Any) -> str:
    ecr.create_repository(repositoryName="team/app")
    return "team/app"


def digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def upload_layer(ecr: Any, repo: str, data: bytes) -> str:
    """A layer through InitiateLayerUpload / UploadLayerPart / CompleteLayerUpload."""
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload_id, partFirstByte=0, partLastByte=len(data) - 1,
                          layerPartBlob=data)
    d = digest(data)
    ecr.complete_layer_upload(repositoryName=repo, uploadId=upload_id, layerDigests=[d])
    return d


def manifest_for(config: bytes, layers: list[bytes], media_type: str = OCI_MANIFEST, **extra: Any) -> str:
    layer_type = "application/vnd.oci.image.layer.v1.tar+gzip" if media_type == OCI_MANIFEST else \
        "application/vnd.docker.image.rootfs.diff.tar.gzip"
    config_type = "application/vnd.oci.image.config.v1+json" if media_type == OCI_MANIFEST else \
        "application/vnd.docker.container.image.v1+json"
    doc = {"schemaVersion": 2, "mediaType": media_type,
           "config": {"mediaType": config_type, "digest": digest(config), "size": len(config)},
           "layers": [{"mediaType": layer_type, "digest": digest(x), "size": len(x)} for x in layers], **extra}
    return json.dumps(doc)


def push_image(ecr: Any, repo: str, tag: str | None, layers: list[bytes], config: bytes = b'{"architecture":"amd64","os":"linux"}',
               media_type: str = OCI_MANIFEST) -> str:
    """Upload the layers (skipping ones already there) and put the manifest; returns its digest."""
    present = {x["layerDigest"] for x in ecr.batch_check_layer_availability(
        repositoryName=repo, layerDigests=[digest(b) for b in [config, *layers]])["layers"]}
    for blob in [config, *layers]:
        if digest(blob) not in present:
            upload_layer(ecr, repo, blob)
            present.add(digest(blob))
    manifest = manifest_for(config, layers, media_type)
    kwargs: dict[str, Any] = {"repositoryName": repo, "imageManifest": manifest}
    if tag:
        kwargs["imageTag"] = tag
    return ecr.put_image(**kwargs)["image"]["imageId"]["imageDigest"]


@pytest.fixture
def registry(cumulo: CumuloServer, ecr: Any) -> httpx.Client:
    """An httpx client on the registry (path form), logged in with an ECR token."""
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    user, password = base64.b64decode(token).decode().split(":", 1)
    with httpx.Client(base_url=cumulo.url, auth=(user, password), timeout=30) as client:
        yield client
