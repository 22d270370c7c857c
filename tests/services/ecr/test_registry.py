"""The OCI Distribution v2 registry through raw HTTP (httpx): the auth challenge, blob
uploads (monolithic, chunked, mount), ranged reads, manifests by tag and digest,
tags/list paging, deletion, error bodies, and the same images seen by the API."""

from __future__ import annotations

import json
from typing import Any

import httpx

from tests.services.ecr.conftest import ACCOUNT, DOCKER_V2, OCI_INDEX, OCI_MANIFEST, digest, manifest_for


def _push_blob(registry: httpx.Client, repo: str, data: bytes) -> str:
    d = digest(data)
    r = registry.post(f"/v2/{repo}/blobs/uploads/", params={"digest": d}, content=data)
    assert r.status_code == 201, r.text
    assert r.headers["docker-content-digest"] == d
    return d


def test_challenge_and_login(cumulo: Any, registry: httpx.Client) -> None:
    anonymous = httpx.get(f"{cumulo.url}/v2/")
    assert anonymous.status_code == 401
    assert anonymous.headers["www-authenticate"].startswith("Basic realm=")
    assert anonymous.json()["errors"][0]["code"] == "UNAUTHORIZED"
    bad = httpx.get(f"{cumulo.url}/v2/", auth=("AWS", "forged"))
    assert bad.status_code == 401 and bad.json()["errors"][0]["code"] == "DENIED"
    ok = registry.get("/v2/")
    assert ok.status_code == 200 and ok.headers["docker-distribution-api-version"] == "registry/2.0"


def test_token_expires_after_12_hours(cumulo: Any, cumulo_clock: Any, registry: httpx.Client) -> None:
    assert registry.get("/v2/").status_code == 200
    cumulo_clock.advance(12 * 3600 + 1)
    assert registry.get("/v2/").status_code == 401


def test_registry_host_form(cumulo: Any, ecr: Any, repo: str) -> None:
    token = ecr.get_authorization_token()["authorizationData"][0]
    assert token["proxyEndpoint"].startswith(f"http://{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud")
    import base64

    user, password = base64.b64decode(token["authorizationToken"]).decode().split(":", 1)
    host = f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:{cumulo.port}"
    r = httpx.get(f"{cumulo.url}/v2/{repo}/tags/list", auth=(user, password), headers={"host": host})
    assert r.json() == {"name": repo, "tags": []}


def test_unknown_repository(registry: httpx.Client) -> None:
    r = registry.get("/v2/nope/manifests/latest")
    assert r.status_code == 404 and r.json()["errors"][0]["code"] == "NAME_UNKNOWN"


def test_api_gateway_v2_paths_are_not_claimed(cumulo: Any) -> None:
    r = httpx.get(f"{cumulo.url}/v2/apis", headers={"authorization": "AWS4-HMAC-SHA256 Credential=t/20260101/us-east-1/apigateway/aws4_request, SignedHeaders=host, Signature=0"})
    assert "errors" not in r.text or "UNAUTHORIZED" not in r.text


def test_chunked_upload_with_range(registry: httpx.Client, repo: str) -> None:
    data = bytes(range(256)) * 400
    start = registry.post(f"/v2/{repo}/blobs/uploads/")
    assert start.status_code == 202
    location, uuid = start.headers["location"], start.headers["docker-upload-uuid"]
    assert location.endswith(uuid) and start.headers["range"] == "0-0"
    first = registry.patch(location, content=data[:40000], headers={"content-range": "0-39999"})
    assert first.status_code == 202 and first.headers["range"] == "0-39999"
    wrong = registry.patch(first.headers["location"], content=b"xx", headers={"content-range": "5-6"})
    assert wrong.status_code == 416
    registry.patch(first.headers["location"], content=data[40000:90000])
    status = registry.get(location)
    assert status.status_code == 204 and status.headers["range"] == "0-89999"
    bad = registry.put(location, params={"digest": "sha256:" + "0" * 64}, content=data[90000:])
    assert bad.status_code == 400 and bad.json()["errors"][0]["code"] == "DIGEST_INVALID"
    # a failed digest ends the upload; start over and finish it right
    again = registry.post(f"/v2/{repo}/blobs/uploads/").headers["location"]
    registry.patch(again, content=data[:50000])
    done = registry.put(again, params={"digest": digest(data)}, content=data[50000:])
    assert done.status_code == 201 and done.headers["docker-content-digest"] == digest(data)
    head = registry.head(f"/v2/{repo}/blobs/{digest(data)}")
    assert head.status_code == 200 and head.headers["content-length"] == str(len(data))
    part = registry.get(f"/v2/{repo}/blobs/{digest(data)}", headers={"range": "bytes=100-199"})
    assert part.status_code == 206 and part.content == data[100:200]
    assert part.headers["content-range"] == f"bytes 100-199/{len(data)}"
    assert registry.get(f"/v2/{repo}/blobs/{digest(data)}").content == data


def test_cross_repository_mount(ecr: Any, registry: httpx.Client, repo: str) -> None:
    d = _push_blob(registry, repo, b"shared layer")
    ecr.create_repository(repositoryName="other")
    r = registry.post("/v2/other/blobs/uploads/", params={"mount": d, "from": repo})
    assert r.status_code == 201 and r.headers["location"] == f"/v2/other/blobs/{d}"
    assert registry.get(f"/v2/other/blobs/{d}").content == b"shared layer"
    # unknown source: a normal upload session starts instead
    r = registry.post("/v2/other/blobs/uploads/", params={"mount": "sha256:" + "9" * 64, "from": repo})
    assert r.status_code == 202


def test_manifests_tags_and_api_view(ecr: Any, registry: httpx.Client, repo: str) -> None:
    config, layer = b'{"architecture":"amd64","os":"linux"}', b"layer bytes"
    _push_blob(registry, repo, config)
    _push_blob(registry, repo, layer)
    manifest = manifest_for(config, [layer], DOCKER_V2).encode()
    r = registry.put(f"/v2/{repo}/manifests/v1", content=manifest, headers={"content-type": DOCKER_V2})
    assert r.status_code == 201 and r.headers["docker-content-digest"] == digest(manifest)
    got = registry.get(f"/v2/{repo}/manifests/v1", headers={"accept": DOCKER_V2})
    assert got.content == manifest and got.headers["content-type"] == DOCKER_V2
    assert got.headers["docker-content-digest"] == digest(manifest)
    assert registry.get(f"/v2/{repo}/manifests/{digest(manifest)}").content == manifest
    # By tag, a client that accepts only OCI gets the image converted (the same blobs under OCI's media types);
    # by digest there is no conversion.
    oci = "application/vnd.oci.image.manifest.v1+json"
    converted = registry.get(f"/v2/{repo}/manifests/v1", headers={"accept": f"{oci}, application/vnd.oci.image.index.v1+json"})
    assert converted.headers["content-type"] == oci and converted.headers["docker-content-digest"] == digest(converted.content)
    doc = converted.json()
    assert doc["mediaType"] == oci and doc["config"]["mediaType"] == "application/vnd.oci.image.config.v1+json"
    assert [(x["mediaType"], x["digest"]) for x in doc["layers"]] == [("application/vnd.oci.image.layer.v1.tar+gzip", digest(layer))]
    assert registry.get(f"/v2/{repo}/manifests/{digest(manifest)}", headers={"accept": oci}).content == manifest
    # the API sees the pushed image
    detail = ecr.describe_images(repositoryName=repo)["imageDetails"][0]
    assert detail["imageDigest"] == digest(manifest) and detail["imageTags"] == ["v1"]
    for tag in ("v2", "a", "b"):
        registry.put(f"/v2/{repo}/manifests/{tag}", content=manifest, headers={"content-type": DOCKER_V2})
    page = registry.get(f"/v2/{repo}/tags/list", params={"n": 2})
    assert page.json()["tags"] == ["a", "b"] and 'rel="next"' in page.headers["link"]
    rest = registry.get(f"/v2/{repo}/tags/list", params={"n": 2, "last": "b"}).json()["tags"]
    assert rest == ["v1", "v2"]
    assert registry.delete(f"/v2/{repo}/manifests/a").status_code == 202
    assert "a" not in registry.get(f"/v2/{repo}/tags/list").json()["tags"]
    assert registry.delete(f"/v2/{repo}/manifests/{digest(manifest)}").status_code == 202
    assert registry.get(f"/v2/{repo}/manifests/v1").json()["errors"][0]["code"] == "MANIFEST_UNKNOWN"
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []


def test_manifest_with_missing_blob(registry: httpx.Client, repo: str) -> None:
    manifest = manifest_for(b"{}", [b"missing"]).encode()
    r = registry.put(f"/v2/{repo}/manifests/v1", content=manifest, headers={"content-type": OCI_MANIFEST})
    assert r.status_code == 400 and r.json()["errors"][0]["code"] == "MANIFEST_BLOB_UNKNOWN"
    assert registry.get(f"/v2/{repo}/blobs/{digest(b'missing')}").json()["errors"][0]["code"] == "BLOB_UNKNOWN"


def test_multi_arch_index_and_catalog(ecr: Any, registry: httpx.Client, repo: str) -> None:
    children = []
    for arch in ("amd64", "arm64"):
        config = json.dumps({"architecture": arch, "os": "linux"}).encode()
        layer = f"{arch} root".encode()
        _push_blob(registry, repo, config)
        _push_blob(registry, repo, layer)
        m = manifest_for(config, [layer]).encode()
        registry.put(f"/v2/{repo}/manifests/{digest(m)}", content=m, headers={"content-type": OCI_MANIFEST})
        children.append({"mediaType": OCI_MANIFEST, "digest": digest(m), "size": len(m), "platform": {"architecture": arch, "os": "linux"}})
    index = json.dumps({"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": children}).encode()
    r = registry.put(f"/v2/{repo}/manifests/latest", content=index, headers={"content-type": OCI_INDEX})
    assert r.status_code == 201
    got = registry.get(f"/v2/{repo}/manifests/latest")
    assert got.headers["content-type"] == OCI_INDEX and got.content == index
    assert len(ecr.describe_images(repositoryName=repo)["imageDetails"]) == 3
    assert registry.get("/v2/_catalog").json() == {"repositories": [repo]}


def test_immutable_tag_refused(ecr: Any, registry: httpx.Client) -> None:
    ecr.create_repository(repositoryName="frozen", imageTagMutability="IMMUTABLE")
    config = b"{}"
    _push_blob(registry, "frozen", config)
    for i, layer in enumerate((b"one", b"two")):
        _push_blob(registry, "frozen", layer)
        r = registry.put("/v2/frozen/manifests/v1", content=manifest_for(config, [layer]).encode(),
                         headers={"content-type": OCI_MANIFEST})
        assert r.status_code == (201 if i == 0 else 400)
    assert r.json()["errors"][0]["code"] == "TAG_INVALID"


def test_large_blob_streams_whole(registry: httpx.Client, repo: str) -> None:
    data = bytes(range(256)) * (12 * 1024)  # 3 MiB: several read chunks
    d = _push_blob(registry, repo, data)
    with registry.stream("GET", f"/v2/{repo}/blobs/{d}") as response:
        got = b"".join(response.iter_bytes())
    assert got == data



def test_signed_api_calls_are_not_claimed(cumulo: Any) -> None:
    # SESv2 and other REST APIs live under /v2/ too: a SigV4-signed request is an API call, never the registry's.
    auth = "AWS4-HMAC-SHA256 Credential=t/20260101/us-east-1/ses/aws4_request, SignedHeaders=host, Signature=0"
    r = httpx.get(f"{cumulo.url}/v2/email/x/manifests/y", headers={"authorization": auth})
    assert "UNAUTHORIZED" not in r.text and "NAME_UNKNOWN" not in r.text


def test_cross_account_pull_follows_the_repository_policy(cumulo: Any, ecr: Any, registry: httpx.Client, repo: str) -> None:
    import base64

    import boto3

    d = _push_blob(registry, repo, b"shared")
    other = boto3.client("ecr", endpoint_url=cumulo.url, region_name="us-east-1", aws_access_key_id="111111111111", aws_secret_access_key="x")
    token = other.get_authorization_token()["authorizationData"][0]["authorizationToken"]
    user, password = base64.b64decode(token).decode().split(":", 1)
    host = {"host": f"{ACCOUNT}.dkr.ecr.us-east-1.localhost.localstack.cloud:{cumulo.port}"}
    url = f"{cumulo.url}/v2/{repo}/blobs/{d}"
    refused = httpx.get(url, auth=(user, password), headers=host)
    assert refused.status_code == 403 and refused.json()["errors"][0]["code"] == "DENIED"
    ecr.set_repository_policy(repositoryName=repo, policyText=json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111111111111:root"},
        "Action": ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]}]}))
    assert httpx.get(url, auth=(user, password), headers=host).content == b"shared"
    push = httpx.post(f"{cumulo.url}/v2/{repo}/blobs/uploads/", auth=(user, password), headers=host)
    assert push.status_code == 403


def test_zero_length_blob(registry: httpx.Client, repo: str) -> None:
    d = _push_blob(registry, repo, b"")
    head = registry.head(f"/v2/{repo}/blobs/{d}")
    assert head.status_code == 200 and head.headers["content-length"] == "0"
    assert registry.get(f"/v2/{repo}/blobs/{d}").content == b""


def test_other_services_virtual_hosts_are_not_claimed(cumulo: Any, registry: httpx.Client, repo: str) -> None:
    # a user's API route /v2/<x>/manifests/<y> on an execute-api host is that API's, not the registry's
    r = httpx.get(f"{cumulo.url}/v2/{repo}/manifests/v1", headers={"host": f"abc123.execute-api.localhost.localstack.cloud:{cumulo.port}"})
    assert r.status_code != 401 and "MANIFEST_UNKNOWN" not in r.text
    assert registry.get(f"/v2/{repo}/tags/list", headers={"host": f"localhost:{cumulo.port}"}).status_code == 200
