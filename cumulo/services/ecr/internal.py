"""Introspection under /_cumulo/ecr/: repositories with their images and tags, the
content-addressed layer index, and running the lifecycle policies now."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cumulo.services import ResourcePolicy
from cumulo.services.ecr import common, lifecycle

if TYPE_CHECKING:
    from cumulo.core.http import Request
    from cumulo.core.runtime import Runtime


def list_repositories(runtime: Runtime, request: Request) -> dict[str, Any]:
    store = runtime.store
    found = []
    for scope in store.scopes_of("ecr"):
        if not scope.account:
            continue
        for repo in scope.table("repositories").values():
            tags_of = common.image_tags(repo)
            found.append({
                "account": repo.account, "region": repo.region, "name": repo.name, "arn": repo.arn,
                "tagMutability": repo.tag_mutability, "layers": len(repo.layers),
                "images": [{"digest": i.digest, "mediaType": i.media_type, "size": i.size, "tags": tags_of.get(i.digest, []),
                            "pushedAt": i.pushed_at} for i in common.images(store, repo).values()],
            })
    return {"repositories": found}


def list_blobs(runtime: Runtime, request: Request) -> dict[str, Any]:
    table = common.blobs(runtime.store)
    return {"blobs": [{"digest": b.digest, "size": b.ref.size, "repositories": b.refs} for b in table.values()]}


def lifecycle_tick(runtime: Runtime, request: Request) -> dict[str, Any]:
    """Run every lifecycle policy now (the tick does it every minute)."""
    store, now = runtime.store, runtime.clock.now()
    removed: dict[str, list[str]] = {}
    for scope in store.scopes_of("ecr"):
        if not scope.account:
            continue
        for repo in list(scope.table("repositories").values()):
            gone = lifecycle.apply(store, repo, now)
            if gone:
                removed[f"{repo.account}/{repo.region}/{repo.name}"] = gone
    store.commit()
    return {"expired": removed}


def repository_policy(runtime: Runtime, arn: str) -> ResourcePolicy | None:
    """The `resource_policy` hook: a repository's policy, owner and tags, for the gateway's
    authorize step (CUMULO_ENFORCE_IAM), so cross-account pulls follow repository policies."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("repository/"):
        return None
    repo = common.repositories(runtime.store, parts[4], parts[3]).get(parts[5][len("repository/"):])
    if repo is None:
        return None
    return ResourcePolicy(repo.policy, repo.account, dict(repo.resource_tags))
