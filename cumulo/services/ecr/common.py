"""Lookups and errors shared by the handlers and the registry: repositories by name,
image tables, the registry's settings row, and the content-addressed layer index.

Functions take the store and the (account, region) of the registry explicitly, so
the OCI data plane (no request context) and the handlers use the same code.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from cumulo.generated.ecr import (
    ImageNotFoundExceptionError,
    InvalidParameterExceptionError,
    RepositoryNotFoundExceptionError,
)
from cumulo.services.ecr.models import BLOB_SCOPE, Blob, Image, Registry, Repository, images_table

if TYPE_CHECKING:
    from cumulo.state import Store, Table

DIGEST = re.compile(r"^sha256:[a-f0-9]{64}$")
REPO_NAME = re.compile(r"^(?=.{2,256}$)(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*$")
TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,299}$")


def repositories(store: Store, account: str, region: str) -> Table:
    return store.scope("ecr", account, region).table("repositories")


def repository(store: Store, account: str, region: str, name: str) -> Repository:
    repo: Repository | None = repositories(store, account, region).get(name)
    if repo is None:
        raise RepositoryNotFoundExceptionError(
            f"The repository with name '{name}' does not exist in the registry with id '{account}'")
    return repo


def touch(store: Store, repo: Repository) -> None:
    table = repositories(store, repo.account, repo.region)
    if repo.name in table:
        table.touch(repo.name)


def images(store: Store, repo: Repository) -> Table:
    return store.scope("ecr", repo.account, repo.region).table(images_table(repo.name))


def registry(store: Store, account: str, region: str) -> Registry:
    table = store.scope("ecr", account, region).table("registry")
    settings: Registry | None = table.get("settings")
    if settings is None:
        settings = Registry()
    return settings


def save_registry(store: Store, account: str, region: str, settings: Registry) -> None:
    store.scope("ecr", account, region).table("registry")["settings"] = settings


def registry_id(account: str, given: str | None) -> str:
    if given and given != account:
        # A registry of another account: cumulo serves the caller's own only.
        raise InvalidParameterExceptionError(
            f"Invalid parameter at 'registryId' failed to satisfy constraint: 'registryId {given} does not match the caller's account'")
    return account


def check_name(name: str) -> None:
    if not REPO_NAME.match(name):
        raise InvalidParameterExceptionError(
            "Invalid parameter at 'repositoryName' failed to satisfy constraint: 'must satisfy regular expression "
            "'(?:[a-z0-9]+(?:[._-][a-z0-9]+)*/)*[a-z0-9]+(?:[._-][a-z0-9]+)*''")


def image_tags(repo: Repository) -> dict[str, list[str]]:
    """digest -> its tags, in the order they were set."""
    found: dict[str, list[str]] = {}
    for tag, digest in repo.tags.items():
        found.setdefault(digest, []).append(tag)
    return found


def find_image(store: Store, repo: Repository, image_id: dict[str, str]) -> Image:
    """The image an ImageIdentifier names (digest and/or tag, which must agree)."""
    digest, tag = image_id.get("imageDigest"), image_id.get("imageTag")
    if tag is not None:
        by_tag = repo.tags.get(tag)
        if by_tag is None or (digest and digest != by_tag):
            raise ImageNotFoundExceptionError(
                f"The image with imageId {{imageDigest:'{digest or 'null'}', imageTag:'{tag}'}} does not exist within "
                f"the repository with name '{repo.name}' in the registry with id '{repo.account}'")
        digest = by_tag
    image: Image | None = images(store, repo).get(digest) if digest else None
    if image is None:
        raise ImageNotFoundExceptionError(
            f"The image with imageId {{imageDigest:'{digest or 'null'}', imageTag:'{tag or 'null'}'}} does not exist "
            f"within the repository with name '{repo.name}' in the registry with id '{repo.account}'")
    return image


def image_id_text(image_id: dict[str, str]) -> str:
    return f"{{imageDigest:'{image_id.get('imageDigest', 'null')}', imageTag:'{image_id.get('imageTag', 'null')}'}}"


# The content-addressed layer index (models.BLOB_SCOPE).
def blobs(store: Store) -> Table:
    return store.scope(*BLOB_SCOPE).table("blobs")


def blob(store: Store, digest: str) -> Blob | None:
    found: Blob | None = blobs(store).get(digest)
    return found


def hold_layer(store: Store, repo: Repository, digest: str, size: int) -> None:
    """Make `digest` (already in the index) one of the repository's layers."""
    if digest in repo.layers:
        return
    table = blobs(store)
    entry: Blob = table[digest]
    entry.refs += 1
    table.touch(digest)
    repo.layers[digest] = size
    touch(store, repo)


def release_layers(store: Store, repo: Repository, digests: list[str]) -> None:
    """The repository lets go of these layers; a file no repository holds is removed."""
    table = blobs(store)
    for digest in digests:
        if repo.layers.pop(digest, None) is None:
            continue
        entry: Blob | None = table.get(digest)
        if entry is None:
            continue
        entry.refs -= 1
        if entry.refs <= 0:
            del table[digest]
            store.blobs.delete(entry.ref)
        else:
            table.touch(digest)
    touch(store, repo)
