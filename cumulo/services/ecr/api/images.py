"""Image handlers: PutImage, BatchGetImage, BatchDeleteImage, DescribeImages, ListImages,
scans, referrers, storage class, and the replication and signing status of an image."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.generated import ecr as t
from cumulo.generated.ecr import (
    ImageNotFoundExceptionError,
    InvalidParameterExceptionError,
    ScanNotFoundExceptionError,
    UnsupportedImageTypeExceptionError,
)
from cumulo.services.ecr import access, common, images, pullthrough, replication
from cumulo.services.ecr.api.repositories import page
from cumulo.services.ecr.models import Image, Repository


def _repo(ctx: RequestContext, req: Any) -> Repository:
    return access.repository_for(ctx, req)


def _failure(image_id: dict[str, Any], code: str, reason: str) -> dict[str, Any]:
    return {"imageId": dict(image_id), "failureCode": code, "failureReason": reason}


def _find_or_fail(ctx: RequestContext, repo: Repository, image_id: dict[str, Any]) -> Image | dict[str, Any]:
    if not image_id.get("imageDigest") and not image_id.get("imageTag"):
        return _failure(image_id, "MissingDigestAndTag", "Invalid request parameters: both tag and digest cannot be null")
    digest = image_id.get("imageDigest")
    if digest and not common.DIGEST.match(digest):
        return _failure(image_id, "InvalidImageDigest", "Invalid request parameters: image digest should satisfy the regex '[a-zA-Z0-9-_+.]+:[a-fA-F0-9]+'")
    try:
        return common.find_image(ctx.store, repo, image_id)
    except ImageNotFoundExceptionError:
        tag = image_id.get("imageTag")
        if tag and digest and tag in repo.tags:
            return _failure(image_id, "ImageTagDoesNotMatchDigest",
                            "Invalid request parameters: given tag and digest do not match")
        return _failure(image_id, "ImageNotFound", "Requested image not found")


def put_image(ctx: RequestContext, req: t.PutImageRequest) -> t.PutImageResponse:
    repo = _repo(ctx, req)
    image, _ = images.put(ctx.store, repo, req["imageManifest"].encode("utf-8"), req.get("imageManifestMediaType"),
                          req.get("imageTag"), ctx.clock.now(), req.get("imageDigest"))
    replication.on_push(ctx.store, repo, image, req.get("imageTag"), ctx.clock.now())
    image_id: dict[str, str] = {"imageDigest": image.digest}
    if req.get("imageTag"):
        image_id["imageTag"] = req["imageTag"]
    return {"image": {"registryId": repo.account, "repositoryName": repo.name, "imageId": image_id,  # type: ignore[typeddict-item]
                      "imageManifest": image.manifest, "imageManifestMediaType": image.media_type}}


def batch_get_image(ctx: RequestContext, req: t.BatchGetImageRequest) -> t.BatchGetImageResponse:
    account = access.account_for(ctx, req)
    repo = access.check(ctx, pullthrough.repository_or_cache(ctx, account, req["repositoryName"],
                                                             [i.get("imageTag") or i.get("imageDigest") or "" for i in req["imageIds"]]))
    accepted = req.get("acceptedMediaTypes")
    found, failures = [], []
    for image_id in req["imageIds"]:
        image = _find_or_fail(ctx, repo, dict(image_id))
        if isinstance(image, dict):
            failures.append(image)
            continue
        manifest, media_type = image.manifest, image.media_type
        if accepted and media_type not in accepted:
            # By tag ECR converts between Docker v2 schema 2 and OCI; by digest it never converts.
            served = images.served_as(image, list(accepted)) if not image_id.get("imageDigest") else None
            if served is None:
                failures.append(_failure(image_id, "UnsupportedImageType",  # type: ignore[arg-type]
                                         f"Image of media type '{image.media_type}' is not among the accepted media types"))
                continue
            manifest, media_type = served
        if ctx.principal.arn not in common.registry(ctx.store, repo.account, repo.region).pull_time_exclusions:
            image.last_pulled = ctx.clock.now()
            common.images(ctx.store, repo).touch(image.digest)
        out_id = {"imageDigest": image.digest, **({"imageTag": image_id["imageTag"]} if image_id.get("imageTag") else {})}
        found.append({"registryId": repo.account, "repositoryName": repo.name, "imageId": out_id,
                      "imageManifest": manifest, "imageManifestMediaType": media_type})
    return {"images": found, "failures": failures}  # type: ignore[typeddict-item]


def batch_delete_image(ctx: RequestContext, req: t.BatchDeleteImageRequest) -> t.BatchDeleteImageResponse:
    repo = _repo(ctx, req)
    deleted, failures = [], []
    for image_id in req["imageIds"]:
        image = _find_or_fail(ctx, repo, dict(image_id))
        if isinstance(image, dict):
            failures.append(image)
            continue
        tag = image_id.get("imageTag")
        parents = [i.digest for i in common.images(ctx.store, repo).values() if image.digest in i.children]
        if parents and not (tag and len(common.image_tags(repo).get(image.digest, [])) > 1):
            failures.append(_failure(image_id, "ImageReferencedByManifestList",  # type: ignore[arg-type]
                                     f"Requested image referenced by manifest list: {parents}"))
            continue
        if tag and not image_id.get("imageDigest") and len(common.image_tags(repo).get(image.digest, [])) > 1:
            images.untag(ctx.store, repo, tag)  # another tag keeps the image
            deleted.append({"imageDigest": image.digest, "imageTag": tag})
            continue
        tags = common.image_tags(repo).get(image.digest, [])
        images.delete(ctx.store, repo, image)
        if tags:
            deleted.extend({"imageDigest": image.digest, "imageTag": t_} for t_ in tags)
        else:
            deleted.append({"imageDigest": image.digest})
    return {"imageIds": deleted, "failures": failures}  # type: ignore[typeddict-item]


def _tag_filter(repo: Repository, all_images: list[Image], status: str | None) -> list[Image]:
    tags_of = common.image_tags(repo)
    if status == "TAGGED":
        return [i for i in all_images if tags_of.get(i.digest)]
    if status == "UNTAGGED":
        return [i for i in all_images if not tags_of.get(i.digest)]
    return all_images


def describe_images(ctx: RequestContext, req: t.DescribeImagesRequest) -> t.DescribeImagesResponse:
    repo = _repo(ctx, req)
    tags_of = common.image_tags(repo)
    wanted = req.get("imageIds")
    if wanted:
        if req.get("nextToken") or req.get("maxResults"):
            raise InvalidParameterExceptionError("Invalid parameter at 'imageIds' failed to satisfy constraint: "
                                                 "'maxResults and nextToken cannot be used with imageIds'")
        chosen = [common.find_image(ctx.store, repo, dict(i)) for i in wanted]  # type: ignore[arg-type]
        return {"imageDetails": [_detail(repo, i, tags_of) for i in chosen]}  # type: ignore[typeddict-item,misc]
    all_images = sorted(common.images(ctx.store, repo).values(), key=lambda i: i.pushed_at)
    chosen = _tag_filter(repo, all_images, (req.get("filter") or {}).get("tagStatus"))
    status_filter = (req.get("filter") or {}).get("imageStatus")
    if status_filter and status_filter != "ANY":
        chosen = [i for i in chosen if _status(i) == status_filter]
    chunk, token = page(chosen, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"imageDetails": [_detail(repo, i, tags_of) for i in chunk]}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


def _status(image: Image) -> str:
    return "ARCHIVED" if image.storage_class == "ARCHIVE" else "ACTIVE"


def _detail(repo: Repository, image: Image, tags_of: dict[str, list[str]]) -> dict[str, Any]:
    found = images.describe(repo, image, tags_of.get(image.digest, []))
    found["imageStatus"] = _status(image)
    if image.subject:
        found["subjectManifestDigest"] = image.subject
    return found


def list_images(ctx: RequestContext, req: t.ListImagesRequest) -> t.ListImagesResponse:
    repo = _repo(ctx, req)
    all_images = sorted(common.images(ctx.store, repo).values(), key=lambda i: i.pushed_at)
    tags_of = common.image_tags(repo)
    ids: list[dict[str, str]] = []
    for image in _tag_filter(repo, all_images, (req.get("filter") or {}).get("tagStatus")):
        tags = tags_of.get(image.digest)
        if tags:
            ids.extend({"imageDigest": image.digest, "imageTag": tag} for tag in tags)
        else:
            ids.append({"imageDigest": image.digest})
    chunk, token = page(ids, req.get("nextToken"), req.get("maxResults"))
    out: dict[str, Any] = {"imageIds": chunk}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


def start_image_scan(ctx: RequestContext, req: t.StartImageScanRequest) -> t.StartImageScanResponse:
    repo = _repo(ctx, req)
    image = common.find_image(ctx.store, repo, dict(req["imageId"]))  # type: ignore[arg-type]
    if image.media_type in images.INDEX_TYPES or image.media_type in (images.DOCKER_V1, images.DOCKER_V1_SIGNED):
        raise UnsupportedImageTypeExceptionError(f"Unsupported image type: scanning is not supported for {image.media_type}")
    images.scan(image, ctx.clock.now())
    common.images(ctx.store, repo).touch(image.digest)
    return {"registryId": repo.account, "repositoryName": repo.name, "imageId": {"imageDigest": image.digest, **({"imageTag": req["imageId"]["imageTag"]} if req["imageId"].get("imageTag") else {})},  # type: ignore[typeddict-item]
            "imageScanStatus": {"status": "COMPLETE", "description": images.NO_SCAN_DATABASE}}


def describe_image_scan_findings(ctx: RequestContext, req: t.DescribeImageScanFindingsRequest) -> t.DescribeImageScanFindingsResponse:
    repo = _repo(ctx, req)
    image = common.find_image(ctx.store, repo, dict(req["imageId"]))  # type: ignore[arg-type]
    if image.scan is None:
        raise ScanNotFoundExceptionError(
            f"Image scan does not exist for the image with '{common.image_id_text(dict(req['imageId']))}' in the repository "  # type: ignore[arg-type]
            f"with name '{repo.name}' in the registry with id '{repo.account}'")
    return {"registryId": repo.account, "repositoryName": repo.name,
            "imageId": {"imageDigest": image.digest},
            "imageScanStatus": {"status": image.scan["status"], "description": image.scan["description"]},
            "imageScanFindings": {"imageScanCompletedAt": image.scan["completedAt"],  # type: ignore[typeddict-item]
                                  "vulnerabilitySourceUpdatedAt": image.scan["completedAt"],
                                  "findingSeverityCounts": {}, "findings": []}}


def list_image_referrers(ctx: RequestContext, req: t.ListImageReferrersRequest) -> t.ListImageReferrersResponse:
    repo = _repo(ctx, req)
    subject = req["subjectId"]["imageDigest"]
    wanted = set((req.get("filter") or {}).get("artifactTypes") or [])
    referrers = [_referrer(i) for i in sorted(common.images(ctx.store, repo).values(), key=lambda i: i.pushed_at)
                 if i.subject == subject and (not wanted or i.artifact_type in wanted)]
    chunk, token = page(referrers, req.get("nextToken"), req.get("maxResults"), 50)
    out: dict[str, Any] = {"referrers": chunk}
    if token:
        out["nextToken"] = token
    return out  # type: ignore[return-value]


def _referrer(image: Image) -> dict[str, Any]:
    import orjson

    doc = orjson.loads(image.manifest)
    found = {"digest": image.digest, "mediaType": image.media_type, "size": len(image.manifest.encode()),
             "artifactStatus": _status(image)}
    if image.artifact_type:
        found["artifactType"] = image.artifact_type
    if isinstance(doc.get("annotations"), dict):
        found["annotations"] = doc["annotations"]
    return found


def update_image_storage_class(ctx: RequestContext, req: t.UpdateImageStorageClassRequest) -> t.UpdateImageStorageClassResponse:
    repo = _repo(ctx, req)
    image = common.find_image(ctx.store, repo, dict(req["imageId"]))  # type: ignore[arg-type]
    image.storage_class = req["targetStorageClass"]
    common.images(ctx.store, repo).touch(image.digest)
    return {"registryId": repo.account, "repositoryName": repo.name, "imageId": {"imageDigest": image.digest},
            "imageStatus": _status(image)}  # type: ignore[typeddict-item]


def describe_image_replication_status(ctx: RequestContext, req: t.DescribeImageReplicationStatusRequest) -> t.DescribeImageReplicationStatusResponse:
    repo = _repo(ctx, req)
    image = common.find_image(ctx.store, repo, dict(req["imageId"]))  # type: ignore[arg-type]
    statuses = []
    for where, status in image.replication.items():
        region, account = where.split("/", 1)
        entry = {"region": region, "registryId": account, "status": status}
        if status == "FAILED":
            entry["failureCode"] = "replication failed: see the destination repository's tag mutability"
        statuses.append(entry)
    return {"repositoryName": repo.name, "imageId": dict(req["imageId"]), "replicationStatuses": statuses}  # type: ignore[typeddict-item]


def describe_image_signing_status(ctx: RequestContext, req: t.DescribeImageSigningStatusRequest) -> t.DescribeImageSigningStatusResponse:
    repo = _repo(ctx, req)
    image = common.find_image(ctx.store, repo, dict(req["imageId"]))  # type: ignore[arg-type]
    settings = common.registry(ctx.store, repo.account, repo.region)
    statuses = []
    # Signatures are recorded as referrers (notation / cosign push them as OCI artifacts).
    signed = any(i.subject == image.digest and "signature" in i.artifact_type
                 for i in common.images(ctx.store, repo).values())
    for rule in (settings.signing or {}).get("rules") or []:
        if replication.filters_match(rule.get("repositoryFilters") or [], repo.name, "WILDCARD_MATCH"):
            if signed:
                statuses.append({"signingProfileArn": rule["signingProfileArn"], "status": "COMPLETE"})
            else:
                statuses.append({"signingProfileArn": rule["signingProfileArn"], "status": "FAILED",
                                 "failureCode": "SigningUnavailable",
                                 "failureReason": "AWS Signer is not reachable offline: no signature was made for this image"})
    return {"repositoryName": repo.name, "imageId": {"imageDigest": image.digest}, "registryId": repo.account,  # type: ignore[typeddict-item]
            "signingStatuses": statuses}  # type: ignore[typeddict-item]

