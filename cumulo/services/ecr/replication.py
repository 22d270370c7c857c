"""Replication: on push, images are copied to the destinations of the registry's
replication rules (other regions and accounts of this cumulo), and the copy used by
pull-through caching.

A copy is cheap: layer files are content-addressed server-wide, so the destination
repository only takes a reference to each layer (common.hold_layer); the manifest
text is copied, so the digest is the same. A missing destination repository is
created, with the registry's creation template for REPLICATION when one matches.
ECR does not replicate a replica again, and neither does this.
"""

from __future__ import annotations

import fnmatch
from typing import TYPE_CHECKING

from cumulo.core.arns import arn
from cumulo.core.errors import AwsError
from cumulo.services.ecr import common, images
from cumulo.services.ecr.models import Image, Repository

if TYPE_CHECKING:
    from cumulo.state import Store


def filters_match(filters: list[dict[str, str]], name: str, default: str = "PREFIX_MATCH") -> bool:
    if not filters:
        return True
    for f in filters:
        kind = f.get("filterType", default)
        pattern = f.get("filter", "")
        if kind == "PREFIX_MATCH" and name.startswith(pattern):
            return True
        if kind == "WILDCARD_MATCH" and fnmatch.fnmatchcase(name, pattern):
            return True
    return False


def template_for(store: Store, account: str, region: str, name: str, purpose: str) -> dict | None:
    """The creation template that applies to a new repository `name` created for `purpose`."""
    settings = common.registry(store, account, region)
    best = None
    for prefix, template in settings.templates.items():
        if purpose not in (template.get("appliedFor") or []):
            continue
        if prefix == "ROOT" or name.startswith(prefix.rstrip("/") + "/") or name == prefix:
            if best is None or (prefix != "ROOT" and (best["prefix"] == "ROOT" or len(prefix) > len(best["prefix"]))):
                best = template
    return best


def ensure_repository(store: Store, account: str, region: str, name: str, purpose: str, now: float,
                      like: Repository | None = None) -> Repository:
    table = common.repositories(store, account, region)
    repo: Repository | None = table.get(name)
    if repo is not None:
        return repo
    repo = Repository(name, account, region, arn("ecr", region, account, f"repository/{name}"), now)
    template = template_for(store, account, region, name, purpose)
    if template is not None:
        repo.tag_mutability = template.get("imageTagMutability") or "MUTABLE"
        repo.mutability_exclusions = list(template.get("imageTagMutabilityExclusionFilters") or [])
        if template.get("encryptionConfiguration"):
            repo.encryption = dict(template["encryptionConfiguration"])
        repo.resource_tags = {t["Key"]: t.get("Value", "") for t in template.get("resourceTags") or []}
        repo.policy = template.get("repositoryPolicy") or ""
        repo.lifecycle_policy = template.get("lifecyclePolicy") or ""
    elif like is not None:
        repo.tag_mutability, repo.mutability_exclusions = like.tag_mutability, list(like.mutability_exclusions)
        repo.scan_on_push = like.scan_on_push
    table[name] = repo
    return repo


def copy_image(store: Store, source: Repository, image: Image, target: Repository, tag: str | None, now: float) -> Image:
    """Make `image` (and, for an index, its children) an image of `target`, tagged `tag`."""
    src_images = common.images(store, source)
    for child in image.children:
        if child in src_images:
            copy_image(store, source, src_images[child], target, None, now)
    for digest in image.blobs:
        if common.blob(store, digest) is not None:
            common.hold_layer(store, target, digest, source.layers.get(digest, 0))
    table = common.images(store, target)
    if image.digest not in table:
        table[image.digest] = Image(image.digest, image.manifest, image.media_type, now, image.size,
                                    list(image.blobs), list(image.children), image.artifact_type, image.subject)
    if tag is not None and target.tags.get(tag) != image.digest:
        images.set_tag(store, target, tag, image.digest)
    return table[image.digest]


def on_push(store: Store, repo: Repository, image: Image, tag: str | None, now: float) -> None:
    """Replicate a pushed image as the registry's replication rules say."""
    settings = common.registry(store, repo.account, repo.region)
    done: set[tuple[str, str]] = set()
    for rule in settings.replication.get("rules") or []:
        if not filters_match(rule.get("repositoryFilters") or [], repo.name):
            continue
        for dest in rule.get("destinations") or []:
            where = (dest["region"], dest["registryId"])
            if where == (repo.region, repo.account) or where in done:
                continue
            done.add(where)
            status = "COMPLETE"
            try:
                target = ensure_repository(store, dest["registryId"], dest["region"], repo.name, "REPLICATION", now, repo)
                copy_image(store, repo, image, target, tag, now)
            except AwsError:  # an immutable tag held by another image in the destination
                status = "FAILED"
            image.replication[f"{where[0]}/{where[1]}"] = status
    if done:
        common.images(store, repo).touch(image.digest)
