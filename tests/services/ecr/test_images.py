"""Images through boto3: PutImage, BatchGetImage (accepted media types), BatchDeleteImage,
DescribeImages, ListImages (filters, paging), scans, referrers, and the layer operations."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from botocore.exceptions import ClientError

from tests.services.ecr.conftest import DOCKER_V2, OCI_INDEX, digest, manifest_for, push_image, upload_layer


def test_push_and_describe(ecr: Any, repo: str) -> None:
    image_digest = push_image(ecr, repo, "v1", [b"a" * 100, b"b" * 50])
    detail = ecr.describe_images(repositoryName=repo)["imageDetails"][0]
    assert detail["imageDigest"] == image_digest
    assert detail["imageTags"] == ["v1"]
    assert detail["imageSizeInBytes"] == 150
    assert detail["imageManifestMediaType"] == "application/vnd.oci.image.manifest.v1+json"
    assert detail["imagePushedAt"]


def test_put_image_checks_layers_and_digest(ecr: Any, repo: str) -> None:
    manifest = manifest_for(b"{}", [b"never uploaded"])
    with pytest.raises(ClientError) as e:
        ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag="x")
    assert e.value.response["Error"]["Code"] == "LayersNotFoundException"
    upload_layer(ecr, repo, b"{}")
    upload_layer(ecr, repo, b"never uploaded")
    with pytest.raises(ClientError) as e:
        ecr.put_image(repositoryName=repo, imageManifest=manifest, imageDigest="sha256:" + "0" * 64)
    assert e.value.response["Error"]["Code"] == "ImageDigestDoesNotMatchException"
    ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag="x")
    with pytest.raises(ClientError) as e:
        ecr.put_image(repositoryName=repo, imageManifest=manifest, imageTag="x")
    assert e.value.response["Error"]["Code"] == "ImageAlreadyExistsException"
    with pytest.raises(ClientError) as e:
        ecr.put_image(repositoryName=repo, imageManifest="not json")
    assert e.value.response["Error"]["Code"] == "InvalidParameterException"


def test_batch_get_with_accepted_media_types(ecr: Any, repo: str) -> None:
    push_image(ecr, repo, "v1", [b"layer"], media_type=DOCKER_V2)
    got = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "v1"}, {"imageTag": "nope"}])
    assert json.loads(got["images"][0]["imageManifest"])["mediaType"] == DOCKER_V2
    assert got["failures"][0]["failureCode"] == "ImageNotFound"
    oci = "application/vnd.oci.image.manifest.v1+json"
    converted = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "v1"}], acceptedMediaTypes=[oci])["images"][0]
    assert converted["imageManifestMediaType"] == oci  # by tag, ECR converts Docker v2 schema 2 to OCI
    assert json.loads(converted["imageManifest"])["layers"][0]["mediaType"] == "application/vnd.oci.image.layer.v1.tar+gzip"
    by_digest = converted["imageId"]["imageDigest"]
    refused = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageDigest": by_digest}], acceptedMediaTypes=[oci])
    assert refused["images"] == [] and refused["failures"][0]["failureCode"] == "UnsupportedImageType"  # never by digest
    schema1 = ecr.batch_get_image(repositoryName=repo, imageIds=[{"imageTag": "v1"}],
                                  acceptedMediaTypes=["application/vnd.docker.distribution.manifest.v1+json"])
    assert schema1["failures"][0]["failureCode"] == "UnsupportedImageType"


def test_index_needs_its_manifests(ecr: Any, repo: str) -> None:
    amd = push_image(ecr, repo, None, [b"amd64 layer"], config=b'{"architecture":"amd64"}')
    arm = push_image(ecr, repo, None, [b"arm64 layer"], config=b'{"architecture":"arm64"}')
    index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": d, "size": 1,
         "platform": {"architecture": a, "os": "linux"}} for d, a in ((amd, "amd64"), (arm, "arm64"))]}
    ecr.put_image(repositoryName=repo, imageManifest=json.dumps(index), imageTag="multi")
    described = {d["imageDigest"]: d for d in ecr.describe_images(repositoryName=repo)["imageDetails"]}
    assert len(described) == 3
    missing = dict(index, manifests=[{"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + "1" * 64, "size": 1}])
    with pytest.raises(ClientError) as e:
        ecr.put_image(repositoryName=repo, imageManifest=json.dumps(missing), imageTag="broken")
    assert e.value.response["Error"]["Code"] == "ReferencedImagesNotFoundException"
    refused = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": amd}])
    assert refused["failures"][0]["failureCode"] == "ImageReferencedByManifestList"
    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "multi"}])
    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": amd}])
    assert len(ecr.describe_images(repositoryName=repo)["imageDetails"]) == 1


def test_list_images_filters_and_paging(ecr: Any, repo: str) -> None:
    for i in range(4):
        push_image(ecr, repo, f"v{i}", [f"layer {i}".encode()])
    push_image(ecr, repo, None, [b"untagged"])
    assert len(ecr.list_images(repositoryName=repo)["imageIds"]) == 5
    untagged = ecr.list_images(repositoryName=repo, filter={"tagStatus": "UNTAGGED"})["imageIds"]
    assert len(untagged) == 1 and "imageTag" not in untagged[0]
    tags = [i["imageTag"] for p in ecr.get_paginator("list_images").paginate(repositoryName=repo, filter={"tagStatus": "TAGGED"},
                                                                             PaginationConfig={"PageSize": 3}) for i in p["imageIds"]]
    assert tags == ["v0", "v1", "v2", "v3"]


def test_batch_delete(ecr: Any, repo: str) -> None:
    d = push_image(ecr, repo, "v1", [b"x"])
    ecr.put_image(repositoryName=repo, imageManifest=manifest_for(b'{"architecture":"amd64","os":"linux"}', [b"x"]), imageTag="v2")
    out = ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageTag": "v1"}, {"imageTag": "gone"}])
    assert out["imageIds"] == [{"imageDigest": d, "imageTag": "v1"}]
    assert out["failures"][0]["failureCode"] == "ImageNotFound"
    assert ecr.list_images(repositoryName=repo)["imageIds"] == [{"imageDigest": d, "imageTag": "v2"}]
    ecr.batch_delete_image(repositoryName=repo, imageIds=[{"imageDigest": d}])
    assert ecr.list_images(repositoryName=repo)["imageIds"] == []
    with pytest.raises(ClientError) as e:
        ecr.describe_images(repositoryName=repo, imageIds=[{"imageDigest": d}])
    assert e.value.response["Error"]["Code"] == "ImageNotFoundException"


def test_layers(ecr: Any, repo: str) -> None:
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    data = b"0123456789" * 1000
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload_id, partFirstByte=0, partLastByte=4999, layerPartBlob=data[:5000])
    with pytest.raises(ClientError) as e:
        ecr.upload_layer_part(repositoryName=repo, uploadId=upload_id, partFirstByte=10, partLastByte=14, layerPartBlob=b"x" * 5)
    assert e.value.response["Error"]["Code"] == "InvalidLayerPartException"
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload_id, partFirstByte=5000, partLastByte=9999, layerPartBlob=data[5000:])
    with pytest.raises(ClientError) as e:
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload_id, layerDigests=["sha256:" + "2" * 64])
    assert e.value.response["Error"]["Code"] == "InvalidLayerException"
    ecr.complete_layer_upload(repositoryName=repo, uploadId=upload_id, layerDigests=[digest(data)])
    with pytest.raises(ClientError) as e:
        ecr.complete_layer_upload(repositoryName=repo, uploadId=upload_id, layerDigests=[digest(data)])
    assert e.value.response["Error"]["Code"] == "UploadNotFoundException"
    checked = ecr.batch_check_layer_availability(repositoryName=repo, layerDigests=[digest(data), "sha256:" + "3" * 64])
    assert checked["layers"][0]["layerSize"] == 10000
    assert checked["failures"][0]["failureCode"] == "MissingLayerDigest"
    url = ecr.get_download_url_for_layer(repositoryName=repo, layerDigest=digest(data))["downloadUrl"]
    assert httpx.get(url).content == data
    with pytest.raises(ClientError) as e:
        ecr.get_download_url_for_layer(repositoryName=repo, layerDigest="sha256:" + "3" * 64)
    assert e.value.response["Error"]["Code"] == "LayersNotFoundException"


def test_scan_findings_are_stated_honestly(ecr: Any, repo: str) -> None:
    d = push_image(ecr, repo, "v1", [b"x"])
    with pytest.raises(ClientError) as e:
        ecr.describe_image_scan_findings(repositoryName=repo, imageId={"imageDigest": d})
    assert e.value.response["Error"]["Code"] == "ScanNotFoundException"
    started = ecr.start_image_scan(repositoryName=repo, imageId={"imageTag": "v1"})
    assert started["imageScanStatus"]["status"] == "COMPLETE"
    found = ecr.describe_image_scan_findings(repositoryName=repo, imageId={"imageDigest": d})
    assert found["imageScanFindings"]["findings"] == []
    assert "no vulnerability database" in found["imageScanStatus"]["description"]


def test_scan_on_push(ecr: Any) -> None:
    ecr.create_repository(repositoryName="scanned", imageScanningConfiguration={"scanOnPush": True})
    push_image(ecr, "scanned", "v1", [b"x"])
    assert ecr.describe_images(repositoryName="scanned")["imageDetails"][0]["imageScanStatus"]["status"] == "COMPLETE"


def test_referrers_and_storage_class(ecr: Any, repo: str) -> None:
    subject = push_image(ecr, repo, "v1", [b"x"])
    upload_layer(ecr, repo, b"sig")
    signature = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                 "artifactType": "application/vnd.dev.cosign.signature",
                 "config": {"mediaType": "application/vnd.oci.empty.v1+json", "digest": digest(b"{}"), "size": 2},
                 "layers": [{"mediaType": "application/octet-stream", "digest": digest(b"sig"), "size": 3}],
                 "subject": {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": subject, "size": 1}}
    upload_layer(ecr, repo, b"{}")
    ecr.put_image(repositoryName=repo, imageManifest=json.dumps(signature))
    referrers = ecr.list_image_referrers(repositoryName=repo, subjectId={"imageDigest": subject})["referrers"]
    assert referrers[0]["artifactType"] == "application/vnd.dev.cosign.signature"
    archived = ecr.update_image_storage_class(repositoryName=repo, imageId={"imageDigest": subject}, targetStorageClass="ARCHIVE")
    assert archived["imageStatus"] == "ARCHIVED"


def test_abandoned_uploads_expire(ecr: Any, repo: str, cumulo_clock: Any) -> None:
    upload_id = ecr.initiate_layer_upload(repositoryName=repo)["uploadId"]
    ecr.upload_layer_part(repositoryName=repo, uploadId=upload_id, partFirstByte=0, partLastByte=2, layerPartBlob=b"abc")
    cumulo_clock.advance(25 * 3600)
    with pytest.raises(ClientError) as e:
        ecr.upload_layer_part(repositoryName=repo, uploadId=upload_id, partFirstByte=3, partLastByte=5, layerPartBlob=b"def")
    assert e.value.response["Error"]["Code"] == "UploadNotFoundException"
