"""Entities as the API shows them: FunctionConfiguration, AliasConfiguration, layer versions, mappings."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cumulo.services.awslambda.models import Alias, EventSourceMapping, Function, LayerVersion, Version
from cumulo.services.awslambda.names import parse_layer_version

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext


def configuration(ctx: RequestContext, fn: Function, v: Version, **overrides: Any) -> dict[str, Any]:
    arn = fn.arn if v.version == "$LATEST" else f"{fn.arn}:{v.version}"
    out: dict[str, Any] = {
        "FunctionName": fn.name,
        "FunctionArn": arn,
        "Role": v.role,
        "CodeSize": v.code.size,
        "Description": v.description,
        "Timeout": v.timeout,
        "MemorySize": v.memory_size,
        "LastModified": v.last_modified,
        "CodeSha256": v.code.sha256,
        "Version": v.version,
        "TracingConfig": {"Mode": "PassThrough"},
        "RevisionId": v.revision_id,
        "State": v.state,
        "LastUpdateStatus": v.last_update_status,
        "PackageType": v.package_type,
        "Architectures": list(v.architectures),
        "EphemeralStorage": {"Size": 512},
        "SnapStart": {"ApplyOn": "None", "OptimizationStatus": "Off"},
        "LoggingConfig": {"LogFormat": "Text", "LogGroup": f"/aws/lambda/{fn.name}"},
    }
    if v.package_type == "Zip":
        out["Runtime"] = v.runtime
        out["Handler"] = v.handler
    if v.environment:
        out["Environment"] = {"Variables": dict(v.environment)}
    if v.layers:
        out["Layers"] = [{"Arn": arn, "CodeSize": _layer_size(ctx, arn)} for arn in v.layers]
    out.update(v.extra)
    settings = ctx.scope_for(*_scope(fn.arn)).table("settings").get(fn.name)
    pinned = settings.runtime_management.get(v.version, {}).get("RuntimeVersionArn") if settings is not None else None
    if pinned:  # PutRuntimeManagementConfig's Manual mode
        out["RuntimeVersionConfig"] = {"RuntimeVersionArn": pinned}
    if "ImageConfig" in out:
        out["ImageConfigResponse"] = {"ImageConfig": out.pop("ImageConfig")}
    out.update(overrides)
    return out


def _scope(arn: str) -> tuple[str, str]:
    """(account, region) of an ARN."""
    parts = arn.split(":")
    return parts[4], parts[3]


def _layer_size(ctx: RequestContext, arn: str) -> int:
    account, region, name, number = parse_layer_version(arn)
    layer = ctx.scope_for(account, region).table("layers").get(name)
    lv = layer.versions.get(number) if layer is not None else None
    return lv.code.size if lv is not None else 0


def alias(fn: Function, a: Alias) -> dict[str, Any]:
    out: dict[str, Any] = {
        "AliasArn": f"{fn.arn}:{a.name}",
        "Name": a.name,
        "FunctionVersion": a.function_version,
        "Description": a.description,
        "RevisionId": a.revision_id,
    }
    if a.weights:
        out["RoutingConfig"] = {"AdditionalVersionWeights": dict(a.weights)}
    return out


def layer_version(lv: LayerVersion, layer_arn: str, *, location: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {
        "LayerArn": layer_arn,
        "LayerVersionArn": lv.arn,
        "Description": lv.description,
        "CreatedDate": lv.created,
        "Version": lv.version,
        "CompatibleRuntimes": list(lv.compatible_runtimes),
        "CompatibleArchitectures": list(lv.compatible_architectures),
    }
    if lv.license_info:
        out["LicenseInfo"] = lv.license_info
    if location:
        out["Content"] = {"Location": location, "CodeSha256": lv.code.sha256, "CodeSize": lv.code.size}
    return out


def mapping(m: EventSourceMapping) -> dict[str, Any]:
    out: dict[str, Any] = {
        "UUID": m.uuid,
        "EventSourceMappingArn": m.arn,
        "BatchSize": m.batch_size,
        "MaximumBatchingWindowInSeconds": m.batching_window,
        "EventSourceArn": m.source_arn,
        "FunctionArn": m.function_arn,
        "LastModified": m.last_modified,
        "LastProcessingResult": m.last_result,
        "State": "Enabled" if m.enabled else "Disabled",
        "StateTransitionReason": "USER_INITIATED",
        "FunctionResponseTypes": list(m.response_types),
    }
    if m.filters:
        out["FilterCriteria"] = {"Filters": [{"Pattern": p} for p in m.filters]}
    out.update(m.extra)
    return out


def paginate(rows: list[dict[str, Any]], req: dict[str, Any], key: str, limit: int = 50) -> dict[str, Any]:
    """Lambda's Marker/MaxItems paging: the marker is the index of the next item."""
    start = int(req["Marker"]) if str(req.get("Marker") or "").isdigit() else 0
    size = min(int(req.get("MaxItems") or limit), limit)
    out: dict[str, Any] = {key: rows[start : start + size]}
    if start + size < len(rows):
        out["NextMarker"] = str(start + size)
    return out
