"""Pull-through cache: a pull from `<prefix>/<name>` fetches `<name>` from the rule's
upstream registry into a cache repository, created on first pull.

Offline, the only upstream reachable is a cumulo registry: an `ecr` rule whose
upstream URL is `<account>.dkr.ecr.<region>.localhost.localstack.cloud[:port]` (or
`...amazonaws.com`, read as the same account and region of this cumulo) copies
from that registry's repository. Any other upstream fails as an unreachable one
does on AWS: UnableToGetUpstreamImageException.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from cumulo.generated.ecr import UnableToGetUpstreamImageExceptionError
from cumulo.services.ecr import common, replication
from cumulo.services.ecr.models import Repository

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.state import Store

CUMULO_UPSTREAM = re.compile(r"^(?:https?://)?(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.(?:localhost\.localstack\.cloud|amazonaws\.com)(?::\d+)?/?$")


def rule_for(store: Store, account: str, region: str, name: str) -> dict[str, Any] | None:
    settings = common.registry(store, account, region)
    for prefix, rule in settings.pull_through.items():
        if name.startswith(prefix + "/"):
            return rule
    return None


def upstream_of(rule: dict[str, Any]) -> tuple[str, str] | None:
    """(account, region) of a cumulo upstream registry; None for one unreachable offline."""
    match = CUMULO_UPSTREAM.match(rule.get("upstreamRegistryUrl", ""))
    return (match.group(1), match.group(2)) if match else None


def fetch(store: Store, account: str, region: str, name: str, refs: list[str], now: float) -> Repository | None:
    """The cache repository `name`, with the images `refs` (tags or digests) pulled from
    upstream; None when no rule covers `name`."""
    rule = rule_for(store, account, region, name)
    if rule is None:
        return None
    upstream = upstream_of(rule)
    rest = name[len(rule["ecrRepositoryPrefix"]) + 1:]
    upstream_name = f"{rule['upstreamRepositoryPrefix']}/{rest}" if rule.get("upstreamRepositoryPrefix") not in (None, "", "ROOT") else rest
    source: Repository | None = (common.repositories(store, *upstream).get(upstream_name) if upstream else None)
    if source is None:
        raise UnableToGetUpstreamImageExceptionError(
            f"Unable to get upstream image: the upstream registry '{rule['upstreamRegistryUrl']}' is not reachable "
            f"from cumulo (offline) or has no repository '{upstream_name}'")
    cache = replication.ensure_repository(store, account, region, name, "PULL_THROUGH_CACHE", now)
    for ref in refs:
        digest = source.tags.get(ref, ref)
        image = common.images(store, source).get(digest)
        if image is None:
            raise UnableToGetUpstreamImageExceptionError(
                f"Unable to get upstream image '{upstream_name}:{ref}' from '{rule['upstreamRegistryUrl']}': not found upstream")
        replication.copy_image(store, source, image, cache, ref if ref in source.tags else None, now)
    return cache


def repository_or_cache(ctx: RequestContext, account: str, name: str, refs: list[str]) -> Repository:
    """The repository a pull names; through its pull-through rule when there is one."""
    repo: Repository | None = common.repositories(ctx.store, account, ctx.region).get(name)
    missing = [r for r in refs if r and r not in (repo.tags if repo else {}) and (repo is None or r not in common.images(ctx.store, repo))]
    if repo is None or missing:
        try:
            cached = fetch(ctx.store, account, ctx.region, name, missing, ctx.clock.now())
        except UnableToGetUpstreamImageExceptionError:
            if repo is not None:
                return repo  # the images it lacks fail one by one
            raise
        if cached is not None:
            return cached
    return common.repository(ctx.store, account, ctx.region, name)
