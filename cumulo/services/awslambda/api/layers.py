"""Layers: publish, read, list and delete versions, and their resource policies.

A function's layers are unpacked, in order, into one directory that stands for
`/opt` (see `cumulo.runtimes.launch`). `Content.Location` is a URL on cumulo
serving the stored zip.
"""

from __future__ import annotations

import json
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda import code as packages
from cumulo.services.awslambda import views
from cumulo.services.awslambda.models import Layer, LayerVersion
from cumulo.services.awslambda.names import (
    check_revision,
    conflict,
    layer_arn,
    new_revision,
    not_found,
    parse_layer,
    parse_layer_version,
    timestamp,
)


def _location(ctx: RequestContext, account: str, region: str, name: str, version: int) -> str:
    host = ctx.request.host if ctx.request is not None and ctx.request.host else f"{ctx.runtime.config.host}:{ctx.runtime.config.port}"
    return f"http://{host}/_cumulo/lambda/layer-content/{account}/{name}/{version}.zip?region={region}"


async def publish_layer_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, name, account, region = parse_layer(ctx, req["LayerName"])
    content = await packages.read_code(ctx, req.get("Content") or {}, kind="layer")
    layer = table.get(name) or Layer(name, layer_arn(account, region, name))
    number = layer.next_version
    lv = LayerVersion(
        name,
        number,
        f"{layer.arn}:{number}",
        content,
        timestamp(ctx.clock.now()),
        req.get("Description", ""),
        list(req.get("CompatibleRuntimes") or []),
        list(req.get("CompatibleArchitectures") or []),
        req.get("LicenseInfo", ""),
    )
    layer.versions[number] = lv
    layer.next_version += 1
    table[name] = layer
    return views.layer_version(lv, layer.arn, location=_location(ctx, account, region, name, number))


def _layer_version(ctx: RequestContext, ident: str, number: int) -> tuple[Layer, LayerVersion, str, str]:
    table, name, account, region = parse_layer(ctx, ident)
    layer = table.get(name)
    lv = layer.versions.get(number) if layer is not None else None
    if layer is None or lv is None:
        raise not_found("The resource you requested does not exist.")
    return layer, lv, account, region


def get_layer_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    layer, lv, account, region = _layer_version(ctx, req["LayerName"], int(req["VersionNumber"]))
    return views.layer_version(lv, layer.arn, location=_location(ctx, account, region, layer.name, lv.version))


def get_layer_version_by_arn(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    account, region, name, number = parse_layer_version(req["Arn"])
    layer, lv, _, _ = _layer_version(ctx, layer_arn(account, region, name), number)
    return views.layer_version(lv, layer.arn, location=_location(ctx, account, region, name, number))


def _matches(lv: LayerVersion, req: dict[str, Any]) -> bool:
    runtime, arch = req.get("CompatibleRuntime"), req.get("CompatibleArchitecture")
    return (not runtime or runtime in lv.compatible_runtimes) and (not arch or arch in lv.compatible_architectures)


def list_layer_versions(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, name, _, _ = parse_layer(ctx, req["LayerName"])
    layer = table.get(name)
    rows = [views.layer_version(lv, layer.arn) for n, lv in sorted(layer.versions.items(), reverse=True) if _matches(lv, req)] if layer else []
    return views.paginate(rows, req, "LayerVersions")


def list_layers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for name in sorted(ctx.scope.table("layers")):
        layer = ctx.scope.table("layers")[name]
        matching = [lv for _, lv in sorted(layer.versions.items(), reverse=True) if _matches(lv, req)]
        if matching:
            rows.append({"LayerName": name, "LayerArn": layer.arn, "LatestMatchingVersion": views.layer_version(matching[0], layer.arn)})
    return views.paginate(rows, req, "Layers")


def delete_layer_version(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    table, name, _, _ = parse_layer(ctx, req["LayerName"])
    layer = table.get(name)
    lv = layer.versions.pop(int(req["VersionNumber"]), None) if layer is not None else None
    if lv is not None:
        table.touch(name)
        # Functions still name this version and keep running it until their next
        # update (AWS keeps a copy for them), so the zip stays while one does.
        if not _in_use(ctx, lv.arn):
            packages.release(ctx, [lv.code], [])
    return {}


def _in_use(ctx: RequestContext, arn: str) -> bool:
    for scope in ctx.store.scopes_of("lambda"):
        for fn in scope.table("functions").rows.values():
            if any(arn in v.layers for v in (fn.latest, *fn.versions.values())):
                return True
    return False


def add_layer_version_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    layer, lv, _, _ = _layer_version(ctx, req["LayerName"], int(req["VersionNumber"]))
    check_revision(lv.policy_revision, req.get("RevisionId"))
    sid = req["StatementId"]
    if sid in lv.policy:
        raise conflict(f"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.")
    principal = req["Principal"]
    statement: dict[str, Any] = {
        "Sid": sid,
        "Effect": "Allow",
        "Principal": "*" if principal == "*" else {"AWS": principal if principal.startswith("arn:") else ctx.arn("root", service="iam", region="", account=principal)},
        "Action": req["Action"],
        "Resource": lv.arn,
    }
    if req.get("OrganizationId"):
        statement["Condition"] = {"StringEquals": {"aws:PrincipalOrgID": req["OrganizationId"]}}
    lv.policy[sid] = statement
    lv.policy_revision = new_revision()
    parse_layer(ctx, req["LayerName"])[0].touch(layer.name)
    return {"Statement": json.dumps(statement), "RevisionId": lv.policy_revision}


def get_layer_version_policy(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, lv, _, _ = _layer_version(ctx, req["LayerName"], int(req["VersionNumber"]))
    if not lv.policy:
        raise not_found("No policy is associated with the given resource.")
    policy = {"Version": "2012-10-17", "Id": "default", "Statement": list(lv.policy.values())}
    return {"Policy": json.dumps(policy), "RevisionId": lv.policy_revision}


def remove_layer_version_permission(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    layer, lv, _, _ = _layer_version(ctx, req["LayerName"], int(req["VersionNumber"]))
    check_revision(lv.policy_revision, req.get("RevisionId"))
    if lv.policy.pop(req["StatementId"], None) is None:
        raise not_found(f"Statement {req['StatementId']} is not found in resource policy.")
    lv.policy_revision = new_revision()
    parse_layer(ctx, req["LayerName"])[0].touch(layer.name)
    return {}
