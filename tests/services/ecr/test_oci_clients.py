"""Real OCI clients against the registry: oras (PyPI) pushes and pulls a multi-layer
image, chunked and monolithic, and an index; `docker login` where an engine exists."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

oras_provider = pytest.importorskip("oras.provider", reason="oras (the OCI client from PyPI) is not installed")

OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"


def _client(ecr: Any) -> Any:
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    user, password = base64.b64decode(token).decode().split(":", 1)
    client = oras_provider.Registry(insecure=True, auth_backend="basic")
    client.auth.set_basic_auth(user, password)
    return client


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    monkeypatch.chdir(tmp_path)  # oras wants pushed files under the working directory
    made = []
    for i, size in enumerate((300_000, 5_000, 1_200_000)):
        path = tmp_path / f"layer{i}.bin"
        path.write_bytes(bytes([i + 1]) * size)
        made.append(path)
    return made


@pytest.mark.parametrize("chunked", [False, True])
def test_push_and_pull_multi_layer(cumulo: Any, ecr: Any, files: list[Path], tmp_path: Path, chunked: bool) -> None:
    ecr.create_repository(repositoryName="artifacts/app")
    target = f"127.0.0.1:{cumulo.port}/artifacts/app:v1"
    client = _client(ecr)
    response = client.push(target=target, files=[f.name for f in files], do_chunked=chunked, chunk_size=256 * 1024, quiet=True)
    assert response.status_code == 201
    detail = ecr.describe_images(repositoryName="artifacts/app")["imageDetails"][0]
    assert detail["imageTags"] == ["v1"] and detail["imageSizeInBytes"] == sum(f.stat().st_size for f in files)
    out = tmp_path / "pulled"
    pulled = client.pull(target=target, outdir=str(out))
    assert sorted(Path(p).name for p in pulled) == sorted(f.name for f in files)
    for f in files:
        assert (out / f.name).read_bytes() == f.read_bytes()
    assert client.get_tags(f"127.0.0.1:{cumulo.port}/artifacts/app") == ["v1"]


def test_index_through_oras(cumulo: Any, ecr: Any, files: list[Path]) -> None:
    ecr.create_repository(repositoryName="multi")
    client = _client(ecr)
    host = f"127.0.0.1:{cumulo.port}"
    children = []
    for arch, f in (("amd64", files[0]), ("arm64", files[1])):
        response = client.push(target=f"{host}/multi:{arch}", files=[f.name], quiet=True)
        children.append({"mediaType": OCI_MANIFEST, "digest": response.headers["Docker-Content-Digest"],
                         "size": len(client.do_request(f"http://{host}/v2/multi/manifests/{arch}").content),
                         "platform": {"architecture": arch, "os": "linux"}})
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children}
    put = client.do_request(f"http://{host}/v2/multi/manifests/latest", "PUT", data=json.dumps(index).encode(),
                            headers={"Content-Type": OCI_INDEX})
    assert put.status_code == 201
    got = client.get_manifest(f"{host}/multi:latest", allowed_media_type=[OCI_INDEX])
    assert [m["platform"]["architecture"] for m in got["manifests"]] == ["amd64", "arm64"]
    arm = client.get_manifest(f"{host}/multi@{children[1]['digest']}")
    assert arm["layers"][0]["annotations"]["org.opencontainers.image.title"] == files[1].name


def test_docker_login(cumulo: Any, ecr: Any) -> None:
    docker = shutil.which("docker")
    if docker is None or subprocess.run([docker, "info"], capture_output=True).returncode != 0:
        pytest.skip("no Docker engine on this machine: `docker login` needs one")
    token = ecr.get_authorization_token()["authorizationData"][0]
    user, password = base64.b64decode(token["authorizationToken"]).decode().split(":", 1)
    done = subprocess.run([docker, "login", "-u", user, "--password-stdin", f"127.0.0.1:{cumulo.port}"], input=password,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


SKOPEO = shutil.which("skopeo")


def _oci_layout(root: Path, arches: tuple[str, ...]) -> None:
    """An OCI image layout on disk: one image per architecture (two layers each), an index over them."""
    import hashlib

    blobs = root / "blobs" / "sha256"
    blobs.mkdir(parents=True)

    def put(data: bytes) -> dict[str, Any]:
        d = hashlib.sha256(data).hexdigest()
        (blobs / d).write_bytes(data)
        return {"digest": f"sha256:{d}", "size": len(data)}

    manifests = []
    for arch in arches:
        config = put(json.dumps({"architecture": arch, "os": "linux", "rootfs": {"type": "layers", "diff_ids": []}}).encode())
        layers = [put(f"{arch} layer {i} ".encode() * 5000) for i in range(2)]
        manifest = json.dumps({"schemaVersion": 2, "mediaType": OCI_MANIFEST,
                               "config": {"mediaType": "application/vnd.oci.image.config.v1+json", **config},
                               "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", **x} for x in layers]}).encode()
        manifests.append({"mediaType": OCI_MANIFEST, **put(manifest), "platform": {"architecture": arch, "os": "linux"}})
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": manifests}).encode()
    (root / "oci-layout").write_text('{"imageLayoutVersion": "1.0.0"}')
    (root / "index.json").write_text(json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {"mediaType": OCI_INDEX, **put(index), "annotations": {"org.opencontainers.image.ref.name": "v1"}}]}))


@pytest.mark.skipif(SKOPEO is None, reason="skopeo (Debian package) is not installed")
def test_skopeo_copies_a_multi_arch_image_in_and_out(cumulo: Any, ecr: Any, tmp_path: Path) -> None:
    assert SKOPEO is not None
    ecr.create_repository(repositoryName="skopeo/app")
    token = ecr.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    creds = base64.b64decode(token).decode()
    _oci_layout(tmp_path / "src", ("amd64", "arm64"))
    target = f"docker://127.0.0.1:{cumulo.port}/skopeo/app:v1"
    base = [SKOPEO, "--insecure-policy"]
    pushed = subprocess.run([*base, "copy", "--all", "--preserve-digests", "--dest-tls-verify=false", "--dest-creds", creds, f"oci:{tmp_path / 'src'}:v1", target],
                            capture_output=True, text=True, timeout=120)
    assert pushed.returncode == 0, pushed.stderr
    details = ecr.describe_images(repositoryName="skopeo/app")["imageDetails"]
    assert sorted(d["imageManifestMediaType"] for d in details) == [OCI_INDEX, OCI_MANIFEST, OCI_MANIFEST]
    inspected = subprocess.run([*base, "inspect", "--raw", "--tls-verify=false", "--creds", creds, target],
                               capture_output=True, text=True, timeout=60)
    assert json.loads(inspected.stdout)["mediaType"] == OCI_INDEX
    pulled = subprocess.run([*base, "copy", "--all", "--preserve-digests", "--dest-oci-accept-uncompressed-layers", "--src-tls-verify=false", "--src-creds", creds, target, f"oci:{tmp_path / 'dst'}:v1"],
                            capture_output=True, text=True, timeout=120)
    assert pulled.returncode == 0, pulled.stderr
    src = {p.name: p.read_bytes() for p in (tmp_path / "src" / "blobs" / "sha256").iterdir()}
    dst = {p.name: p.read_bytes() for p in (tmp_path / "dst" / "blobs" / "sha256").iterdir()}
    assert src == dst
    # a second repository gets the layers by cross-repository mount, and a single architecture
    ecr.create_repository(repositoryName="skopeo/copy")
    copied = subprocess.run([*base, "copy", "--src-tls-verify=false", "--dest-tls-verify=false", "--src-creds", creds, "--dest-creds", creds,
                             "--override-arch", "arm64", target, f"docker://127.0.0.1:{cumulo.port}/skopeo/copy:arm"],
                            capture_output=True, text=True, timeout=120)
    assert copied.returncode == 0, copied.stderr
    (single,) = ecr.describe_images(repositoryName="skopeo/copy")["imageDetails"]
    assert single["imageTags"] == ["arm"] and single["imageManifestMediaType"] == OCI_MANIFEST
