"""Per-function controls stored as AWS shapes them: recursion, scaling, runtime management.

- Recursive loop detection (https://docs.aws.amazon.com/lambda/latest/dg/invocation-recursion.html):
  `Terminate` unless set to `Allow`; per function, never per version.
- Function scaling (Lambda Managed Instances): per published version
  (`$LATEST.PUBLISHED` or a number); the requested config is applied at once,
  so reads show it as both requested and applied.
- Runtime management (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-update.html):
  `Auto` unless set; `Manual` needs a `RuntimeVersionArn` and only `Manual`
  keeps one. A Manual version shows in the function's `RuntimeVersionConfig`.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda.models import Function
from cumulo.services.awslambda.names import get_function, invalid, not_found, resolve, save_settings, settings_of


def put_function_recursion_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    settings = settings_of(ctx, fn)
    settings.recursive_loop = req["RecursiveLoop"]
    save_settings(ctx, fn, settings)
    return {"RecursiveLoop": settings.recursive_loop}


def get_function_recursion_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    return {"RecursiveLoop": settings_of(ctx, fn).recursive_loop}


# ---------------------------------------------------------------- scaling


def _published(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, str]:
    """The function and the published version number a `PublishedFunctionQualifier` names."""
    fn, _ = get_function(ctx, req["FunctionName"])
    qualifier = req["Qualifier"]
    if qualifier == "$LATEST.PUBLISHED":
        if not fn.versions:
            raise not_found(f"Function not found: {fn.arn}:$LATEST.PUBLISHED (no version is published)")
        return fn, max(fn.versions, key=int)
    if qualifier not in fn.versions:
        raise not_found(f"Function not found: {fn.arn}:{qualifier}")
    return fn, qualifier


def put_function_scaling_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, number = _published(ctx, req)
    config = {k: int(v) for k, v in (req.get("FunctionScalingConfig") or {}).items()}
    low, high = config.get("MinExecutionEnvironments"), config.get("MaxExecutionEnvironments")
    if low is not None and high is not None and low > high:
        raise invalid("MinExecutionEnvironments must be less than or equal to MaxExecutionEnvironments.")
    settings = settings_of(ctx, fn)
    settings.scaling[number] = config
    save_settings(ctx, fn, settings)
    return {"FunctionState": fn.versions[number].state}


def get_function_scaling_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, number = _published(ctx, req)
    out: dict[str, Any] = {"FunctionArn": f"{fn.arn}:{number}"}
    config = settings_of(ctx, fn).scaling.get(number)
    if config is not None:
        out["RequestedFunctionScalingConfig"] = dict(config)
        out["AppliedFunctionScalingConfig"] = dict(config)
    return out


# ---------------------------------------------------------------- runtime management


def _runtime_key(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, str]:
    qualifier = req.get("Qualifier") or None
    if qualifier == "$LATEST.PUBLISHED":
        return _published(ctx, {**req, "Qualifier": qualifier})
    fn, version, _ = resolve(ctx, req["FunctionName"], qualifier)
    return fn, version.version


def put_runtime_management_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, number = _runtime_key(ctx, req)
    mode, pinned = req["UpdateRuntimeOn"], req.get("RuntimeVersionArn")
    if mode == "Manual" and not pinned:
        raise invalid("RuntimeVersionArn is required when UpdateRuntimeOn is Manual.")
    if mode != "Manual" and pinned:
        raise invalid(f"RuntimeVersionArn can only be set when UpdateRuntimeOn is Manual, not {mode}.")
    config = {"UpdateRuntimeOn": mode, **({"RuntimeVersionArn": pinned} if pinned else {})}
    settings = settings_of(ctx, fn)
    settings.runtime_management[number] = config
    save_settings(ctx, fn, settings)
    return {"FunctionArn": fn.arn if number == "$LATEST" else f"{fn.arn}:{number}", **config}


def get_runtime_management_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, number = _runtime_key(ctx, req)
    config = settings_of(ctx, fn).runtime_management.get(number) or {"UpdateRuntimeOn": "Auto"}
    return {"FunctionArn": fn.arn if number == "$LATEST" else f"{fn.arn}:{number}", **config}
