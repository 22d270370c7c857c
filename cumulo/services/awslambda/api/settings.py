"""Per-function settings: reserved concurrency, function URLs, event invoke configs; and account settings.

Reserved concurrency is enforced at invoke (`invoking.run`). Function URLs are
configuration only: their URLs are not served yet. `GetAccountSettings`
counts live: functions, code size, unreserved concurrency.
"""

from __future__ import annotations

import secrets
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.awslambda import views
from cumulo.services.awslambda.models import Function
from cumulo.services.awslambda.names import conflict, get_function, invalid, not_found, resolve, table_of, timestamp

ACCOUNT_CONCURRENCY = 1000
MIN_UNRESERVED = 100


def reserved_total(ctx: RequestContext, besides: str = "") -> int:
    return sum(fn.reserved_concurrency or 0 for name, fn in ctx.scope.table("functions").items() if name != besides)


def put_function_concurrency(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    wanted = int(req["ReservedConcurrentExecutions"])
    if ACCOUNT_CONCURRENCY - reserved_total(ctx, fn.name) - wanted < MIN_UNRESERVED:
        raise invalid(
            "Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [100]."
        )
    fn.reserved_concurrency = wanted
    table_of(ctx, fn).touch(fn.name)
    return {"ReservedConcurrentExecutions": wanted}


def get_function_concurrency(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    return {} if fn.reserved_concurrency is None else {"ReservedConcurrentExecutions": fn.reserved_concurrency}


def delete_function_concurrency(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    fn.reserved_concurrency = None
    table_of(ctx, fn).touch(fn.name)
    return {}


def get_account_settings(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    functions = ctx.scope.table("functions").rows.values()
    total = sum(v.code.size for fn in functions for v in {id(x): x for x in (fn.latest, *fn.versions.values())}.values())
    return {
        "AccountLimit": {
            "TotalCodeSize": 80530636800,
            "CodeSizeUnzipped": 262144000,
            "CodeSizeZipped": 52428800,
            "ConcurrentExecutions": ACCOUNT_CONCURRENCY,
            "UnreservedConcurrentExecutions": ACCOUNT_CONCURRENCY - reserved_total(ctx),
        },
        "AccountUsage": {"TotalCodeSize": total, "FunctionCount": len(functions)},
    }


# ---------------------------------------------------------------- function URLs


def _url_key(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, str]:
    fn, _, alias = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    qualifier = req.get("Qualifier") or ""
    if qualifier and alias is None and qualifier != "$LATEST":
        raise invalid("Function URLs can only be configured for $LATEST or an alias.")
    return fn, qualifier


def _url_view(fn: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
    return {"FunctionArn": f"{fn.arn}:{qualifier}" if qualifier else fn.arn, **config}


def create_function_url_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier = _url_key(ctx, req)
    if qualifier in fn.urls:
        raise conflict(f"Failed to create function url config for [functionArn = {fn.arn}]. Error message:  FunctionUrlConfig exists for this Lambda function")
    now = timestamp(ctx.clock.now())
    region = fn.arn.split(":")[3]
    config = {
        "FunctionUrl": f"https://{secrets.token_hex(16)}.lambda-url.{region}.on.aws/",
        "AuthType": req["AuthType"],
        "CreationTime": now,
        "LastModifiedTime": now,
        "InvokeMode": req.get("InvokeMode") or "BUFFERED",
    }
    if req.get("Cors"):
        config["Cors"] = req["Cors"]
    fn.urls[qualifier] = config
    table_of(ctx, fn).touch(fn.name)
    out = _url_view(fn, qualifier, config)
    out.pop("LastModifiedTime")
    return out


def _url_config(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, str, dict[str, Any]]:
    fn, qualifier = _url_key(ctx, req)
    config = fn.urls.get(qualifier)
    if config is None:
        raise not_found("The resource you requested does not exist.")
    return fn, qualifier, config


def get_function_url_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier, config = _url_config(ctx, req)
    return _url_view(fn, qualifier, config)


def update_function_url_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier, config = _url_config(ctx, req)
    for member in ("AuthType", "Cors", "InvokeMode"):
        if member in req:
            config[member] = req[member]
    config["LastModifiedTime"] = timestamp(ctx.clock.now())
    table_of(ctx, fn).touch(fn.name)
    return _url_view(fn, qualifier, config)


def delete_function_url_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier, _ = _url_config(ctx, req)
    del fn.urls[qualifier]
    table_of(ctx, fn).touch(fn.name)
    return {}


def list_function_url_configs(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    rows = [_url_view(fn, q, c) for q, c in sorted(fn.urls.items())]
    return views.paginate(rows, req, "FunctionUrlConfigs")


# ---------------------------------------------------------------- event invoke configs


def _invoke_key(ctx: RequestContext, req: dict[str, Any]) -> tuple[Function, str]:
    fn, _, _ = resolve(ctx, req["FunctionName"], req.get("Qualifier"))
    return fn, req.get("Qualifier") or "$LATEST"


def _check_destinations(config: dict[str, Any]) -> None:
    for side in ("OnSuccess", "OnFailure"):
        target = ((config.get("DestinationConfig") or {}).get(side) or {}).get("Destination")
        if target and target.split(":")[2:3] not in (["sqs"], ["sns"], ["lambda"], ["events"], ["s3"]):
            raise invalid(f"The provided destination config DestinationConfig(onSuccess=null, onFailure=OnFailure(destination={target})) is invalid.")


def _event_view(fn: Function, qualifier: str, config: dict[str, Any]) -> dict[str, Any]:
    return {"FunctionArn": f"{fn.arn}:{qualifier}", **config}


def put_function_event_invoke_config(ctx: RequestContext, req: dict[str, Any], *, update: bool = False) -> dict[str, Any]:
    fn, qualifier = _invoke_key(ctx, req)
    config = dict(fn.event_invoke.get(qualifier) or {}) if update else {}
    for member in ("MaximumRetryAttempts", "MaximumEventAgeInSeconds", "DestinationConfig"):
        if member in req:
            config[member] = req[member]
    config.setdefault("DestinationConfig", {})
    _check_destinations(config)
    config["LastModified"] = ctx.clock.now()
    fn.event_invoke[qualifier] = config
    table_of(ctx, fn).touch(fn.name)
    return _event_view(fn, qualifier, config)


def update_function_event_invoke_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return put_function_event_invoke_config(ctx, req, update=True)


def get_function_event_invoke_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier = _invoke_key(ctx, req)
    config = fn.event_invoke.get(qualifier)
    if config is None:
        raise not_found(f"The function {fn.arn}:{qualifier} doesn't have an EventInvokeConfig")
    return _event_view(fn, qualifier, config)


def delete_function_event_invoke_config(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, qualifier = _invoke_key(ctx, req)
    if fn.event_invoke.pop(qualifier, None) is None:
        raise not_found(f"The function {fn.arn}:{qualifier} doesn't have an EventInvokeConfig")
    table_of(ctx, fn).touch(fn.name)
    return {}


def list_function_event_invoke_configs(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    fn, _ = get_function(ctx, req["FunctionName"])
    rows = [_event_view(fn, q, c) for q, c in sorted(fn.event_invoke.items())]
    return views.paginate(rows, req, "FunctionEventInvokeConfigs")
