"""Map runs of distributed Map states: describe, list per execution, update limits."""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.stepfunctions import common
from cumulo.services.stepfunctions.models import MapRun


def _map_run(ctx: RequestContext, arn: str) -> tuple[Any, MapRun]:
    scope, _ = common.scope_of(ctx, arn, ("mapRun",))
    found: MapRun | None = scope.table("mapruns").get(arn)
    if found is None:
        raise AwsError("ResourceNotFound", f"Resource not found: '{arn}'", resourceName=arn)
    return scope, found


def _counts(m: MapRun) -> dict[str, int]:
    pending = max(0, m.total - m.succeeded - m.failed - m.running)
    return {"pending": pending, "running": m.running, "succeeded": m.succeeded, "failed": m.failed, "timedOut": 0,
            "aborted": 0, "total": m.total, "resultsWritten": 0, "failuresNotRedrivable": 0, "pendingRedrive": 0}


def describe_map_run(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _, m = _map_run(ctx, req["mapRunArn"])
    out: dict[str, Any] = {
        "mapRunArn": m.arn, "executionArn": m.execution_arn, "status": m.status, "startDate": m.start,
        "maxConcurrency": m.max_concurrency, "toleratedFailurePercentage": m.tolerated_percentage,
        "toleratedFailureCount": m.tolerated_count, "itemCounts": _counts(m), "executionCounts": _counts(m), "redriveCount": 0,
    }
    if m.stop is not None:
        out["stopDate"] = m.stop
    return out


def list_map_runs(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, ex = common.execution(ctx, req["executionArn"])
    items = sorted((m for m in scope.table("mapruns").values() if m.execution_arn == ex.arn), key=lambda m: (m.start, m.arn))
    chunk, token = common.page(items, req, lambda m: m.arn)
    out: dict[str, Any] = {"mapRuns": [
        {"executionArn": m.execution_arn, "mapRunArn": m.arn, "stateMachineArn": m.machine_arn, "startDate": m.start,
         **({"stopDate": m.stop} if m.stop is not None else {})} for m in chunk
    ]}
    if token:
        out["nextToken"] = token
    return out


def update_map_run(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    scope, m = _map_run(ctx, req["mapRunArn"])
    if not any(k in req for k in ("maxConcurrency", "toleratedFailurePercentage", "toleratedFailureCount")):
        raise AwsError("ValidationException", "At least one of maxConcurrency, toleratedFailurePercentage or toleratedFailureCount must be given")
    if "toleratedFailurePercentage" in req and not 0 <= req["toleratedFailurePercentage"] <= 100:
        raise AwsError("ValidationException", "toleratedFailurePercentage must be between 0 and 100")
    m.max_concurrency = req.get("maxConcurrency", m.max_concurrency)
    m.tolerated_percentage = req.get("toleratedFailurePercentage", m.tolerated_percentage)
    m.tolerated_count = req.get("toleratedFailureCount", m.tolerated_count)
    scope.table("mapruns").touch(m.arn)
    return {}
