"""ECR: registry push/pull throughput and the server's peak memory, and control-plane calls
beside moto's server.

- push/pull: an image of `--image-mib` MiB in 5 layers, pushed through the OCI registry
  on loopback (each layer streamed from a generator in one monolithic upload, then the
  manifest) and pulled back (manifest, then each layer streamed), in MiB/s, with the
  server's peak RSS (VmHWM) before and after: it must stay flat (the layers are never
  held in memory).
- control plane: DescribeImages + BatchGetImage cycles through boto3, cumulo and moto
  (moto has no registry, so the data plane is cumulo's only).

    python bench/ecr_bench.py [--image-mib 500] [--seconds 3] [--no-moto]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness  # noqa: E402

MIB = 1024 * 1024
LAYERS = 5


def _layer(index: int, mib: int, block: bytes) -> Iterator[bytes]:
    """A layer's bytes, made as they are sent: the client holds one block."""
    head = bytes([index]) * 64
    yield head + block[64:]
    for _ in range(mib - 1):
        yield block


def _digest(index: int, mib: int, block: bytes) -> str:
    sha = hashlib.sha256()
    for chunk in _layer(index, mib, block):
        sha.update(chunk)
    return "sha256:" + sha.hexdigest()


def push_pull(url: str, pid: int, image_mib: int) -> dict[str, Any]:
    import httpx

    ecr = harness.boto3_client("ecr", url)
    ecr.create_repository(repositoryName="bench/image")
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    user, password = base64.b64decode(token).decode().split(":", 1)
    per_layer = max(image_mib // LAYERS, 1)
    block = os.urandom(MIB)
    digests = [_digest(i, per_layer, block) for i in range(LAYERS)]
    config = json.dumps({"architecture": "amd64", "os": "linux"}).encode()
    row: dict[str, Any] = {"workload": f"push+pull {per_layer * LAYERS} MiB in {LAYERS} layers",
                           "peak_rss_start_mib": round(harness.memory_mib(pid, "VmHWM"), 1)}
    with httpx.Client(base_url=url, auth=(user, password), timeout=600) as http:
        began = time.perf_counter()
        for i, d in enumerate(digests):
            r = http.post("/v2/bench/image/blobs/uploads/", params={"digest": d}, content=_layer(i, per_layer, block),
                          headers={"content-length": str(per_layer * MIB)})
            assert r.status_code == 201, r.text
        c = "sha256:" + hashlib.sha256(config).hexdigest()
        assert http.post("/v2/bench/image/blobs/uploads/", params={"digest": c}, content=config).status_code == 201
        manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": c, "size": len(config)},
                               "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": d, "size": per_layer * MIB}
                                          for d in digests]}).encode()
        r = http.put("/v2/bench/image/manifests/v1", content=manifest,
                     headers={"content-type": "application/vnd.oci.image.manifest.v1+json"})
        assert r.status_code == 201, r.text
        row["push_mib_per_s"] = round(per_layer * LAYERS / (time.perf_counter() - began), 1)
        row["peak_rss_after_push_mib"] = round(harness.memory_mib(pid, "VmHWM"), 1)
        began, got = time.perf_counter(), 0
        pulled = http.get("/v2/bench/image/manifests/v1").json()
        for layer in pulled["layers"]:
            with http.stream("GET", f"/v2/bench/image/blobs/{layer['digest']}") as response:
                for chunk in response.iter_raw(MIB):
                    got += len(chunk)
        assert got == per_layer * LAYERS * MIB
        row["pull_mib_per_s"] = round(per_layer * LAYERS / (time.perf_counter() - began), 1)
        row["peak_rss_after_pull_mib"] = round(harness.memory_mib(pid, "VmHWM"), 1)
    return row


def control_plane(url: str, seconds: float) -> dict[str, Any]:
    ecr = harness.boto3_client("ecr", url)
    ecr.create_repository(repositoryName="bench/api")
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "size": 0,
                                      "digest": "sha256:" + hashlib.sha256(b"").hexdigest()}, "layers": []})
    try:
        ecr.put_image(repositoryName="bench/api", imageManifest=manifest, imageTag="v1")
    except Exception:  # cumulo wants the config blob uploaded first, as ECR does
        upload = ecr.initiate_layer_upload(repositoryName="bench/api")["uploadId"]
        ecr.upload_layer_part(repositoryName="bench/api", uploadId=upload, partFirstByte=0, partLastByte=0, layerPartBlob=b"{")
        manifest = manifest.replace(hashlib.sha256(b"").hexdigest(), hashlib.sha256(b"{").hexdigest()).replace('"size": 0', '"size": 1')
        ecr.complete_layer_upload(repositoryName="bench/api", uploadId=upload, layerDigests=["sha256:" + hashlib.sha256(b"{").hexdigest()])
        ecr.put_image(repositoryName="bench/api", imageManifest=manifest, imageTag="v1")
    clients = [harness.boto3_client("ecr", url) for _ in range(4)]

    def make_work(n: int) -> Any:
        client = clients[n]

        def cycle() -> None:
            client.describe_images(repositoryName="bench/api")
            client.batch_get_image(repositoryName="bench/api", imageIds=[{"imageTag": "v1"}])
        return cycle

    return {"workload": "DescribeImages+BatchGetImage", "clients": 4, **harness.measure(make_work, 4, seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--image-mib", type=int, default=500)
    parser.add_argument("--no-moto", action="store_true")
    args = parser.parse_args()
    kinds = ["cumulo"] + ([] if args.no_moto or not shutil.which("moto_server") else ["moto"])
    for kind in kinds:
        proc, url = harness.spawn(kind)
        try:
            rows = [control_plane(url, args.seconds)]
            if kind == "cumulo" and args.image_mib:
                rows.append(push_pull(url, proc.pid, args.image_mib))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
        for row in rows:
            print(kind.ljust(7), json.dumps(row))


if __name__ == "__main__":
    main()
