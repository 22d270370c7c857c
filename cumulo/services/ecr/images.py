"""Images: manifests stored by digest, tags pointing at them, shared by PutImage /
BatchGetImage / BatchDeleteImage and the registry's manifest endpoints.

A manifest is kept as the exact text the client sent (its digest is over those
bytes). Pushing checks what it references: an image manifest's config and layers
must be layers of the repository (LayersNotFound), an index's manifests must be
images of it (ReferencedImagesNotFound). Tags obey the repository's mutability and
its exclusion filters. A push then runs the repository's scan-on-push and the
registry's replication rules (replication.py).
"""

from __future__ import annotations

import fnmatch
import hashlib
from typing import TYPE_CHECKING, Any

import orjson

from cumulo.generated.ecr import (
    ImageAlreadyExistsExceptionError,
    ImageDigestDoesNotMatchExceptionError,
    ImageTagAlreadyExistsExceptionError,
    InvalidParameterExceptionError,
    LayersNotFoundExceptionError,
    ReferencedImagesNotFoundExceptionError,
)
from cumulo.services.ecr import common
from cumulo.services.ecr.models import Image, Repository

if TYPE_CHECKING:
    from cumulo.state import Store

DOCKER_V2 = "application/vnd.docker.distribution.manifest.v2+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_V1 = "application/vnd.docker.distribution.manifest.v1+json"
DOCKER_V1_SIGNED = "application/vnd.docker.distribution.manifest.v1+prettyjws"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
MANIFEST_TYPES = (DOCKER_V2, DOCKER_LIST, DOCKER_V1, DOCKER_V1_SIGNED, OCI_MANIFEST, OCI_INDEX)
INDEX_TYPES = (DOCKER_LIST, OCI_INDEX)
NO_SCAN_DATABASE = ("Basic scanning ran offline: cumulo has no vulnerability database, so no findings can be "
                    "reported for this image (the empty list does not mean the image has none).")


def digest_of(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def parse_manifest(text: str, media_type: str | None) -> tuple[dict[str, Any], str]:
    """The manifest as JSON and its media type (declared, else from its shape)."""
    try:
        doc = orjson.loads(text)
    except orjson.JSONDecodeError:
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'") from None
    if not isinstance(doc, dict):
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'ImageManifest' failed to satisfy constraint: 'Invalid JSON syntax'")
    declared = doc.get("mediaType")
    if media_type and declared and media_type != declared:
        raise InvalidParameterExceptionError(
            f"Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'Manifest media type "
            f"'{declared}' does not match the given media type '{media_type}''")
    kind = media_type or declared
    if not kind:
        if doc.get("schemaVersion") == 1:
            kind = DOCKER_V1_SIGNED if "signatures" in doc else DOCKER_V1
        elif "manifests" in doc:
            kind = OCI_INDEX
        else:
            kind = OCI_MANIFEST
    if kind not in MANIFEST_TYPES:
        raise InvalidParameterExceptionError(
            f"Invalid parameter at 'imageManifestMediaType' failed to satisfy constraint: 'Unsupported manifest media type '{kind}''")
    return doc, kind


def _references(doc: dict[str, Any], kind: str) -> tuple[list[str], list[str], int]:
    """(layer digests incl. config, child manifest digests, size) of a manifest."""
    if kind in INDEX_TYPES:
        children = [m.get("digest", "") for m in doc.get("manifests") or [] if isinstance(m, dict)]
        return [], children, 0
    if kind in (DOCKER_V1, DOCKER_V1_SIGNED):
        return [], [], 0  # schema 1 names layers by blobSum; accepted as is, like ECR
    layers = [x for x in doc.get("layers") or [] if isinstance(x, dict)]
    blobs = [x.get("digest", "") for x in layers]
    config = doc.get("config")
    if isinstance(config, dict) and config.get("digest"):
        blobs.insert(0, config["digest"])
    size = sum(int(x.get("size") or 0) for x in layers)
    return blobs, [], size


def tag_is_immutable(repo: Repository, tag: str) -> bool:
    matched = any(fnmatch.fnmatchcase(tag, f.get("filter", "")) for f in repo.mutability_exclusions)
    if repo.tag_mutability == "IMMUTABLE":
        return True
    if repo.tag_mutability == "IMMUTABLE_WITH_EXCLUSION":
        return not matched
    if repo.tag_mutability == "MUTABLE_WITH_EXCLUSION":
        return matched
    return False


def put(store: Store, repo: Repository, manifest: bytes, media_type: str | None, tag: str | None, now: float,
        digest: str | None = None) -> tuple[Image, bool]:
    """Store a manifest (and tag it); returns the image and whether anything changed."""
    text = manifest.decode("utf-8")
    doc, kind = parse_manifest(text, media_type)
    actual = digest_of(manifest)
    if digest and digest != actual:
        raise ImageDigestDoesNotMatchExceptionError(
            f"Manifest digest '{actual}' does not match the provided digest '{digest}'")
    if tag is not None and not common.TAG.match(tag):
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'imageTag' failed to satisfy constraint: 'must satisfy regular expression '[a-zA-Z0-9-_.]+''")
    table = common.images(store, repo)
    existing: Image | None = table.get(actual)
    if existing is not None:
        if tag is None or repo.tags.get(tag) == actual:
            raise ImageAlreadyExistsExceptionError(
                f"Image with digest '{actual}' and tag '{tag or 'null'}' already exists in the repository with name "
                f"'{repo.name}' in registry with id '{repo.account}'")
        set_tag(store, repo, tag, actual)
        return existing, True
    blobs, children, size = _references(doc, kind)
    missing = [d for d in blobs if d not in repo.layers]
    if missing:
        raise LayersNotFoundExceptionError(
            f"Layers with digests '{missing}' required for pushing image into repository with name '{repo.name}' "
            f"in the registry with id '{repo.account}' do not exist")
    lost = [d for d in children if d not in table]
    if lost:
        raise ReferencedImagesNotFoundExceptionError(
            f"Manifest references images that do not exist in the repository with name '{repo.name}': {lost}")
    if children:
        size = sum(table[d].size for d in children)
    if tag is not None:
        _check_tag(repo, tag, actual)
    subject = doc.get("subject")
    config = doc.get("config") if isinstance(doc.get("config"), dict) else {}
    image = Image(actual, text, kind, now, size, blobs, children,
                  artifact_type=str(doc.get("artifactType") or (config or {}).get("mediaType") or ""),
                  subject=subject.get("digest", "") if isinstance(subject, dict) else "")
    table[actual] = image
    if tag is not None:
        set_tag(store, repo, tag, actual)
    scan_if_configured(store, repo, image, now)
    return image, True


def _check_tag(repo: Repository, tag: str, digest: str) -> None:
    held = repo.tags.get(tag)
    if held is not None and held != digest and tag_is_immutable(repo, tag):
        raise ImageTagAlreadyExistsExceptionError(
            f"The image tag '{tag}' already exists in the '{repo.name}' repository and cannot be overwritten "
            "because the tag is immutable.")


def set_tag(store: Store, repo: Repository, tag: str, digest: str) -> None:
    _check_tag(repo, tag, digest)
    repo.tags.pop(tag, None)  # re-tagging moves it to the end: newest last
    repo.tags[tag] = digest
    common.touch(store, repo)


def delete(store: Store, repo: Repository, image: Image) -> None:
    """Remove an image, its tags, and the layers no other image of the repository uses."""
    table = common.images(store, repo)
    del table[image.digest]
    for tag in [t for t, d in repo.tags.items() if d == image.digest]:
        del repo.tags[tag]
    still = {d for other in table.values() for d in other.blobs}
    common.release_layers(store, repo, [d for d in image.blobs if d not in still])
    common.touch(store, repo)


def untag(store: Store, repo: Repository, tag: str) -> None:
    """Remove a tag; the image it pointed at goes with it when it has no other tag (as ECR does)."""
    digest = repo.tags.pop(tag)
    common.touch(store, repo)
    if digest not in repo.tags.values():
        image: Image | None = common.images(store, repo).get(digest)
        if image is not None:
            delete(store, repo, image)


def scan_on_push(store: Store, repo: Repository) -> bool:
    if repo.scan_on_push:
        return True
    settings = common.registry(store, repo.account, repo.region)
    for rule in settings.scanning.get("rules") or []:
        if rule.get("scanFrequency") in ("SCAN_ON_PUSH", "CONTINUOUS_SCAN") and any(
            fnmatch.fnmatchcase(repo.name, f.get("filter", "")) for f in rule.get("repositoryFilters") or []
        ):
            return True
    return False


def scan_if_configured(store: Store, repo: Repository, image: Image, now: float) -> None:
    if image.media_type in INDEX_TYPES or not scan_on_push(store, repo):
        return
    scan(image, now)


def scan(image: Image, now: float) -> None:
    """A basic scan, stated honestly: it completes with no findings because there is no database offline."""
    image.scan = {"status": "COMPLETE", "description": NO_SCAN_DATABASE, "completedAt": now, "updatedAt": now}


def describe(repo: Repository, image: Image, tags: list[str]) -> dict[str, Any]:
    found: dict[str, Any] = {
        "registryId": repo.account,
        "repositoryName": repo.name,
        "imageDigest": image.digest,
        "imageSizeInBytes": image.size,
        "imagePushedAt": image.pushed_at,
        "imageManifestMediaType": image.media_type,
        "imageStatus": "ACTIVE",
    }
    if tags:
        found["imageTags"] = tags
    if image.artifact_type:
        found["artifactMediaType"] = image.artifact_type
    if image.last_pulled is not None:
        found["lastRecordedPullTime"] = image.last_pulled
    if image.scan is not None:
        found["imageScanStatus"] = {"status": image.scan["status"], "description": image.scan["description"]}
        found["imageScanFindingsSummary"] = {
            "imageScanCompletedAt": image.scan["completedAt"],
            "vulnerabilitySourceUpdatedAt": image.scan["completedAt"],
            "findingSeverityCounts": {},
        }
    return found


# Manifest conversion on pull by tag (image-manifest-formats.html): a Docker v2 schema 2
# image is served as OCI to a client that accepts only OCI, and an OCI image as Docker v2
# schema 2 to a client that accepts only that. The descriptors keep their digests and
# sizes: the config and layers are the same bytes under the other format's media types.
# ECR's third conversion, schema 2 to the signed schema 1 of Docker 1.9 and older, is not
# made here: the registry serves such a client the stored manifest, BatchGetImage answers
# UnsupportedImageType.
_TO_OCI = {
    "application/vnd.docker.container.image.v1+json": "application/vnd.oci.image.config.v1+json",
    "application/vnd.docker.image.rootfs.diff.tar.gzip": "application/vnd.oci.image.layer.v1.tar+gzip",
    "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip": "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
    "application/vnd.docker.image.rootfs.diff.tar.zstd": "application/vnd.oci.image.layer.v1.tar+zstd",
}
_TO_DOCKER = {oci: docker for docker, oci in _TO_OCI.items()}
_CONVERSIONS = {(DOCKER_V2, OCI_MANIFEST): _TO_OCI, (OCI_MANIFEST, DOCKER_V2): _TO_DOCKER}


def served_as(image: Image, accepted: list[str]) -> tuple[str, str] | None:
    """(manifest text, media type) of `image` as a client accepting `accepted` gets it by
    tag: as stored when accepted (or no preference), converted when ECR converts; None when
    neither (OCI to schema 1 ECR does not make either; schema 2 to schema 1 is not made here)."""
    if not accepted or image.media_type in accepted or "*/*" in accepted:
        return image.manifest, image.media_type
    for wanted in accepted:
        mapping = _CONVERSIONS.get((image.media_type, wanted))
        if mapping is None:
            continue
        doc = orjson.loads(image.manifest)
        if doc.get("artifactType") or doc.get("subject"):
            return None  # an OCI artifact has no Docker form
        doc["mediaType"] = wanted
        for descriptor in [doc.get("config") or {}, *(doc.get("layers") or [])]:
            if descriptor.get("mediaType") in mapping:
                descriptor["mediaType"] = mapping[descriptor["mediaType"]]
            elif descriptor:
                return None  # a blob type the other format has no name for
        return orjson.dumps(doc, option=orjson.OPT_INDENT_2).decode(), wanted
    return None
