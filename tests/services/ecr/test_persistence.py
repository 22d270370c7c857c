"""ECR state survives a restart: repositories, images, tags, layers (blob files) and
settings; an upload cut off mid-way leaves no visible layer or image."""

from __future__ import annotations

import base64
from pathlib import Path

import boto3
import httpx

from cumulo.services.ecr.models import Blob, Image, Registry, Repository, Upload
from cumulo.state import open_store
from cumulo.state.blobs import BlobRef
from cumulo.testing.plugin import free_port, spawned_server
from tests.services.ecr.conftest import OCI_MANIFEST, digest, manifest_for


def test_entities_round_trip(tmp_path: Path) -> None:
    ref = BlobRef("ecr/" + "a" * 32, 10, "m" * 32)
    entities = [
        Repository("r/x", "000000000000", "us-east-1", "arn:aws:ecr:us-east-1:000000000000:repository/r/x", 1.0,
                   "IMMUTABLE_WITH_EXCLUSION", [{"filterType": "WILDCARD", "filter": "l*"}], True,
                   {"encryptionType": "KMS", "kmsKey": "arn:k"}, {"a": "b"}, "{}", "{}", 2.0, {"v1": "sha256:1"}, {"sha256:2": 10}),
        Image("sha256:1", "{}", OCI_MANIFEST, 1.0, 10, ["sha256:2"], [], "x/y", "sha256:0", 2.0, "ARCHIVE",
              {"status": "COMPLETE"}, {"eu-west-1/000000000000": "COMPLETE"}),
        Upload("u", "r/x", 1.0, [ref], 10, "sha256:2"),
        Blob("sha256:2", ref, 2),
        Registry(policy="{}", pull_through={"p": {"ecrRepositoryPrefix": "p"}}, account_settings={"A": "B"}),
    ]
    store = open_store(str(tmp_path))
    try:
        table = store.scope("ecr", "000000000000", "us-east-1").table("things")
        for i, entity in enumerate(entities):
            table[str(i)] = entity
        store.commit()
    finally:
        store.close()
    store = open_store(str(tmp_path))
    try:
        table = store.scope("ecr", "000000000000", "us-east-1").table("things")
        assert [table[str(i)] for i in range(len(entities))] == entities
    finally:
        store.close()


def test_images_and_layers_survive_a_restart(tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    config, layer = b'{"os":"linux"}', b"L" * 200_000
    manifest = manifest_for(config, [layer]).encode()

    def clients() -> tuple[object, httpx.Client]:
        ecr = boto3.client("ecr", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        user, password = base64.b64decode(token).decode().split(":", 1)
        return ecr, httpx.Client(base_url=url, auth=(user, password))

    with spawned_server(port, data_dir=str(tmp_path)):
        ecr, registry = clients()
        ecr.create_repository(repositoryName="kept", imageTagMutability="IMMUTABLE")  # type: ignore[attr-defined]
        for blob in (config, layer):
            assert registry.post("/v2/kept/blobs/uploads/", params={"digest": digest(blob)}, content=blob).status_code == 201
        assert registry.put("/v2/kept/manifests/v1", content=manifest, headers={"content-type": OCI_MANIFEST}).status_code == 201
        # an upload left half-way: its part is on disk, but no layer or image may show
        partial = registry.post("/v2/kept/blobs/uploads/").headers["location"]
        registry.patch(partial, content=b"half a layer")
        registry.close()
    with spawned_server(port, data_dir=str(tmp_path)):
        ecr, registry = clients()
        images = ecr.describe_images(repositoryName="kept")["imageDetails"]  # type: ignore[attr-defined]
        assert [(i["imageDigest"], i["imageTags"]) for i in images] == [(digest(manifest), ["v1"])]
        assert registry.get("/v2/kept/manifests/v1").content == manifest
        assert registry.get(f"/v2/kept/blobs/{digest(layer)}").content == layer
        checked = ecr.batch_check_layer_availability(repositoryName="kept", layerDigests=[digest(b"half a layer")])  # type: ignore[attr-defined]
        assert checked["failures"][0]["failureCode"] == "MissingLayerDigest"
        # the upload can still be finished, as a registry's sessions allow
        done = registry.put(partial, params={"digest": digest(b"half a layer, and the rest")}, content=b", and the rest")
        assert done.status_code == 201
        assert ecr.describe_repositories()["repositories"][0]["imageTagMutability"] == "IMMUTABLE"  # type: ignore[attr-defined]
        registry.close()


def test_a_crash_mid_upload_leaves_nothing_visible(tmp_path: Path) -> None:
    import signal
    import threading

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    ecr = boto3.client("ecr", endpoint_url=url, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test")
    layer = b"x" * (4 * 1024 * 1024)
    sent_half = threading.Event()

    def body():  # type: ignore[no-untyped-def]
        yield layer[: len(layer) // 2]
        sent_half.set()
        threading.Event().wait(1.5)  # the server dies while waiting for the rest
        yield layer[len(layer) // 2:]

    with spawned_server(port, data_dir=str(tmp_path)) as proc:
        ecr.create_repository(repositoryName="crashy")
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        user, password = base64.b64decode(token).decode().split(":", 1)

        def push() -> None:
            try:
                httpx.post(f"{url}/v2/crashy/blobs/uploads/", params={"digest": digest(layer)}, content=body(),
                           auth=(user, password), headers={"content-length": str(len(layer))}, timeout=10)
            except httpx.HTTPError:
                pass  # the server is gone

        pusher = threading.Thread(target=push)
        pusher.start()
        assert sent_half.wait(10)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        pusher.join()
    with spawned_server(port, data_dir=str(tmp_path)):
        checked = ecr.batch_check_layer_availability(repositoryName="crashy", layerDigests=[digest(layer)])
        assert checked["layers"] == [] and checked["failures"][0]["failureCode"] == "MissingLayerDigest"
        assert ecr.describe_images(repositoryName="crashy")["imageDetails"] == []
        # the push can be made again; opening the blob files removed the half-written one
        token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
        user, password = base64.b64decode(token).decode().split(":", 1)
        again = httpx.post(f"{url}/v2/crashy/blobs/uploads/", params={"digest": digest(layer)}, content=layer, auth=(user, password))
        assert again.status_code == 201
        assert not list(tmp_path.rglob(".tmp/*"))
