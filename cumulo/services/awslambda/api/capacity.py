"""Capacity providers (Lambda Managed Instances): the control plane and its state transitions.

https://docs.aws.amazon.com/lambda/latest/dg/lambda-managed-instances.html
A provider answers `Pending` when created and becomes `Active` after
`TRANSITION_SECONDS` of cumulo time (the `transition` tick); Delete answers
`Deleting` and the provider is gone after the same delay. No EC2 capacity is
launched: functions attached through `CapacityProviderConfig` keep running
in the local executor. A provider that function versions use cannot be
deleted (`ResourceConflictException`); ListFunctionVersionsByCapacityProvider
lists them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda import views
from cumulo.services.awslambda.models import CapacityProvider
from cumulo.services.awslambda.names import conflict, not_found, timestamp

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

TRANSITION_SECONDS = 5.0
CONFIG = ("VpcConfig", "PermissionsConfig", "InstanceRequirements", "CapacityProviderScalingConfig", "KmsKeyArn",
          "PropagateTags", "TelemetryConfig")
UPDATABLE = ("CapacityProviderScalingConfig", "PropagateTags", "TelemetryConfig")


def _name(ident: str) -> str:
    return ident.rsplit(":", 1)[-1] if ident.startswith("arn:") else ident


def _view(cp: CapacityProvider) -> dict[str, Any]:
    return {"CapacityProviderArn": cp.arn, "State": cp.state, **cp.config, "LastModified": cp.last_modified}


def _find(ctx: RequestContext, ident: str) -> CapacityProvider:
    cp = ctx.scope.table("capacity").get(_name(ident))
    if cp is None:
        raise not_found(f"Capacity provider not found: {ident}")
    return cp


def create_capacity_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = _name(req["CapacityProviderName"])
    table = ctx.scope.table("capacity")
    if name in table:
        raise conflict(f"Capacity provider already exists: {name}")
    config = {k: req[k] for k in CONFIG if k in req}
    config.setdefault("InstanceRequirements", {"Architectures": ["x86_64"]})
    config.setdefault("CapacityProviderScalingConfig", {"ScalingMode": "Auto"})
    now = ctx.clock.now()
    cp = CapacityProvider(
        name, ctx.arn(f"capacity-provider:{name}"), config, "Pending", now, timestamp(now), dict(req.get("Tags") or {})
    )
    table[name] = cp
    return {"CapacityProvider": _view(cp)}


def get_capacity_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return {"CapacityProvider": _view(_find(ctx, req["CapacityProviderName"]))}


def list_capacity_providers(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    state = req.get("State")
    rows = [_view(cp) for _, cp in sorted(ctx.scope.table("capacity").items()) if not state or cp.state == state]
    return views.paginate(rows, req, "CapacityProviders")


def update_capacity_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    cp = _find(ctx, req["CapacityProviderName"])
    if cp.state == "Deleting":
        raise conflict(f"Capacity provider {cp.name} is being deleted.")
    for key in UPDATABLE:
        if key in req:
            cp.config[key] = req[key]
    cp.last_modified = timestamp(ctx.clock.now())
    ctx.scope.table("capacity").touch(cp.name)
    return {"CapacityProvider": _view(cp)}


def _versions(ctx: RequestContext, cp: CapacityProvider) -> list[dict[str, Any]]:
    rows = []
    for _, fn in sorted(ctx.scope.table("functions").items()):
        for v in (fn.latest, *(fn.versions[n] for n in sorted(fn.versions, key=int))):
            used = ((v.extra.get("CapacityProviderConfig") or {}).get("LambdaManagedInstancesCapacityProviderConfig") or {}).get("CapacityProviderArn")
            if used in (cp.arn, cp.name):
                rows.append({"FunctionArn": fn.arn if v.version == "$LATEST" else f"{fn.arn}:{v.version}", "State": v.state})
    return rows


def delete_capacity_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    cp = _find(ctx, req["CapacityProviderName"])
    if _versions(ctx, cp):
        raise conflict(f"Capacity provider {cp.name} is used by function versions; detach them before deleting it.")
    if cp.state != "Deleting":
        cp.state, cp.changed = "Deleting", ctx.clock.now()
        ctx.scope.table("capacity").touch(cp.name)
    return {"CapacityProvider": _view(cp)}


def list_function_versions_by_capacity_provider(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    cp = _find(ctx, req["CapacityProviderName"])
    return {"CapacityProviderArn": cp.arn, **views.paginate(_versions(ctx, cp), req, "FunctionVersions")}


def transition(runtime: Runtime, now: float) -> None:
    """Tick: Pending providers become Active, Deleting ones go, each `TRANSITION_SECONDS` after the change."""
    changed = False
    for scope in runtime.store.scopes_of("lambda"):
        table = scope.table("capacity")
        for name, cp in list(table.rows.items()):
            if now - cp.changed < TRANSITION_SECONDS:
                continue
            if cp.state == "Pending":
                cp.state, cp.changed = "Active", now
                table.touch(name)
                changed = True
            elif cp.state == "Deleting":
                del table[name]
                changed = True
    if changed:
        runtime.store.commit()
