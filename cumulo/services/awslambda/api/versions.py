"""Versions and aliases.

Publishing copies $LATEST into a numbered, frozen version; publishing again
with nothing changed returns the last version instead of a new one, as AWS
does. An alias points at a version and may send a share of its traffic to a
second one (`RoutingConfig.AdditionalVersionWeights`), honoured at invoke.
"""

from __future__ import annotations

import copy
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda import views
from cumulo.services.awslambda.models import Alias, Function, Version
from cumulo.services.awslambda.names import (
    check_revision,
    conflict,
    get_alias as alias_of,
    get_function,
    invalid,
    new_revision,
    not_found,
    table_of,
    timestamp,
)


def _same(a: Version, b: Version) -> bool:
    def key(v: Version) -> tuple[Any, ...]:
        return (v.code.sha256, v.runtime, v.handler, v.role, v.timeout, v.memory_size, v.environment, v.layers, v.extra, v.architectures)

    return key(a) == key(b)


def publish(ctx: RequestContext, fn: Function, description: str) -> Version:
    """Publish $LATEST (or return the last version, if $LATEST has not changed since)."""
    if fn.versions:
        last = fn.versions[max(fn.versions, key=int)]
        if _same(last, fn.latest):
            return last
    version = copy.deepcopy(fn.latest)
    version.version = str(fn.next_version)
    version.description = description or fn.latest.description
    version.last_modified = timestamp(ctx.clock.now())
    version.revision_id = new_revision()
    fn.versions[version.version] = version
    fn.next_version += 1
    table_of(ctx, fn).touch(fn.name)
    return version


def publish_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    check_revision(fn.latest.revision_id, req.get("RevisionId"))
    if req.get("CodeSha256") and req["CodeSha256"] != fn.latest.code.sha256:
        raise invalid(f"CodeSHA256 ({req['CodeSha256']}) is different from current CodeSHA256 in $LATEST ({fn.latest.code.sha256}). Please try again with the CodeSHA256 in $LATEST.")
    return views.configuration(ctx, fn, publish(ctx, fn, req.get("Description", "")))


def list_versions_by_function(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    # Every entry is a version, $LATEST too: each under its qualified ARN (`...:function:f:$LATEST`).
    latest = views.configuration(ctx, fn, fn.latest, FunctionArn=f"{fn.arn}:$LATEST")
    rows = [latest] + [views.configuration(ctx, fn, fn.versions[n]) for n in sorted(fn.versions, key=int)]
    return views.paginate(rows, req, "Versions")


def _check_target(fn: Function, version: str, weights: dict[str, float]) -> None:
    if version != "$LATEST" and version not in fn.versions:
        raise not_found(f"Function not found: {fn.arn}:{version}")
    for extra, weight in weights.items():
        if extra not in fn.versions:
            raise not_found(f"Function not found: {fn.arn}:{extra}")
        if extra == version:
            raise invalid("Invalid function version specified for alias routing: the additional version must differ from the alias's FunctionVersion.")
        if not 0.0 <= weight <= 1.0:
            raise invalid("Invalid weight for routing config: it must be between 0.0 and 1.0.")
    if weights and version == "$LATEST":
        raise invalid("$LATEST is not supported for an alias pointing to more than 1 version")


def _weights(req: dict[str, Any]) -> dict[str, float]:
    return {k: float(v) for k, v in ((req.get("RoutingConfig") or {}).get("AdditionalVersionWeights") or {}).items()}


def create_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    name = req["Name"]
    if name in fn.aliases:
        raise conflict(f"Alias already exists: {fn.arn}:{name}")
    if name.isdigit() or name == "$LATEST":
        raise invalid(f"Alias name {name} is not allowed: it must not be a version.")
    weights = _weights(req)
    _check_target(fn, req["FunctionVersion"], weights)
    alias = Alias(name, req["FunctionVersion"], req.get("Description", ""), weights, new_revision())
    fn.aliases[name] = alias
    table_of(ctx, fn).touch(fn.name)
    return views.alias(fn, alias)


def get_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    return views.alias(fn, alias_of(fn, req["Name"]))


def update_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    alias = alias_of(fn, req["Name"])
    check_revision(alias.revision_id, req.get("RevisionId"))
    version = req.get("FunctionVersion") or alias.function_version
    weights = _weights(req) if "RoutingConfig" in req else alias.weights
    _check_target(fn, version, weights)
    alias.function_version = version
    alias.weights = weights
    if "Description" in req:
        alias.description = req["Description"]
    alias.revision_id = new_revision()
    table_of(ctx, fn).touch(fn.name)
    return views.alias(fn, alias)


def delete_alias(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    if fn.aliases.pop(req["Name"], None) is not None:
        table_of(ctx, fn).touch(fn.name)
    return {}


def list_aliases(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    wanted = req.get("FunctionVersion")
    rows = [views.alias(fn, a) for n, a in sorted(fn.aliases.items()) if not wanted or a.function_version == wanted]
    return views.paginate(rows, req, "Aliases")
