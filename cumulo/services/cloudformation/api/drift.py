"""Drift detection: each resource's real state, read back through its provider's `read`
(the owning service's own API), compared with the properties the stack gave it."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.generated import cloudformation as wire
from cumulo.services.cloudformation.deploy import Run, provider
from cumulo.services.cloudformation.models import Stack, StackResource
from cumulo.services.cloudformation.stacks import require, save, scope
from cumulo.services.cloudformation.template import validation
from cumulo.services.cloudformation.views import utc


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or isinstance(actual, bool):
        return str(expected).lower() == str(actual).lower()
    if isinstance(expected, int | float | str) and isinstance(actual, int | float | str):
        return str(expected) == str(actual)
    if isinstance(expected, str) and isinstance(actual, dict | list):
        try:
            return bool(json.loads(expected) == actual)
        except ValueError:
            return False
    if isinstance(expected, dict) and isinstance(actual, dict):
        return expected.keys() == actual.keys() and all(_same(v, actual[k]) for k, v in expected.items())
    if isinstance(expected, list) and isinstance(actual, list):
        return len(expected) == len(actual) and all(_same(a, b) for a, b in zip(expected, actual, strict=True))
    return bool(expected == actual)


async def _check_resource(ctx: RequestContext, stack: Stack, res: StackResource) -> None:
    """Read one resource back and record its drift on it."""
    impl = provider(res.type)
    res.drift_checked = ctx.clock.now()
    if impl is None or impl.read is None or not res.physical_id:
        res.drift, res.actual = "NOT_CHECKED", None
        return
    run = Run(ctx.runtime, ctx.account, ctx.region, stack)
    try:
        actual = await impl.read(run.context(res.logical_id, res.type), res.physical_id, res.properties)
    except AwsError:
        res.drift, res.actual = "DELETED", None
        return
    res.actual = actual
    drifted = [k for k in res.properties if k in actual and not _same(res.properties[k], actual[k])]
    res.drift = "MODIFIED" if drifted else "IN_SYNC"


def _differences(res: StackResource) -> list[dict[str, Any]]:
    if res.actual is None:
        return []
    out = []
    for key, expected in res.properties.items():
        if key in res.actual and not _same(expected, res.actual[key]):
            out.append({"PropertyPath": f"/{key}", "ExpectedValue": json.dumps(expected) if not isinstance(expected, str) else expected,
                        "ActualValue": json.dumps(res.actual[key]) if not isinstance(res.actual[key], str) else res.actual[key],
                        "DifferenceType": "NOT_EQUAL"})
    return out


def _drift_view(stack: Stack, res: StackResource) -> dict[str, Any]:
    out: dict[str, Any] = {
        "StackId": stack.stack_id, "LogicalResourceId": res.logical_id, "ResourceType": res.type,
        "StackResourceDriftStatus": res.drift, "Timestamp": utc(res.drift_checked or stack.created),
        "ExpectedProperties": json.dumps(res.properties), "PropertyDifferences": _differences(res),
    }
    if res.physical_id:
        out["PhysicalResourceId"] = res.physical_id
    if res.actual is not None:
        merged = dict(res.properties)
        merged.update({k: v for k, v in res.actual.items() if k in res.properties})
        out["ActualProperties"] = json.dumps(merged)
    return out


async def _checkable(ctx: RequestContext, stack: Stack) -> None:
    from cumulo.services.cloudformation import deploy

    # An operation that is about to end (a small stack just created) is waited for briefly.
    try:
        await asyncio.wait_for(deploy.wait(ctx.runtime, stack.stack_id), 5)
    except TimeoutError:
        pass
    if stack.operation or stack.status.endswith("_IN_PROGRESS"):
        raise validation(f"Drift detection cannot be performed on stack [{stack.stack_id}] while it is in {stack.status} state")


async def detect_stack_drift(ctx: RequestContext, req: wire.DetectStackDriftInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    await _checkable(ctx, stack)
    wanted = set(req.get("LogicalResourceIds") or [])
    for res in stack.resources.values():
        if not wanted or res.logical_id in wanted:
            await _check_resource(ctx, stack, res)
    drifted = sum(1 for r in stack.resources.values() if r.drift in ("MODIFIED", "DELETED"))
    stack.drift = "DRIFTED" if drifted else "IN_SYNC"
    stack.drift_checked = ctx.clock.now()
    save(ctx.runtime, ctx.account, ctx.region, stack)
    detection = str(uuid.uuid4())
    scope(ctx.runtime, ctx.account, ctx.region).table("drift_detections")[detection] = {
        "StackId": stack.stack_id, "StackDriftDetectionId": detection, "StackDriftStatus": stack.drift,
        "DetectionStatus": "DETECTION_COMPLETE", "DriftedStackResourceCount": drifted, "Timestamp": stack.drift_checked,
    }
    return {"StackDriftDetectionId": detection}


def describe_stack_drift_detection_status(ctx: RequestContext, req: wire.DescribeStackDriftDetectionStatusInput) -> dict[str, Any]:
    found = scope(ctx.runtime, ctx.account, ctx.region).table("drift_detections").get(req.get("StackDriftDetectionId", ""))
    if found is None:
        raise validation(f"Drift detection [{req.get('StackDriftDetectionId')}] does not exist")
    out = dict(found)
    out["Timestamp"] = utc(found["Timestamp"])
    return out


async def detect_stack_resource_drift(ctx: RequestContext, req: wire.DetectStackResourceDriftInput) -> dict[str, Any]:
    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    await _checkable(ctx, stack)
    res = stack.resources.get(req.get("LogicalResourceId", ""))
    if res is None:
        raise validation(f"Resource {req.get('LogicalResourceId')} does not exist for stack {stack.name}")
    await _check_resource(ctx, stack, res)
    save(ctx.runtime, ctx.account, ctx.region, stack)
    return {"StackResourceDrift": _drift_view(stack, res)}


def describe_stack_resource_drifts(ctx: RequestContext, req: wire.DescribeStackResourceDriftsInput) -> dict[str, Any]:
    from cumulo.services.cloudformation.common import page

    stack = require(ctx.runtime, ctx.account, ctx.region, req.get("StackName"))
    wanted = set(req.get("StackResourceDriftStatusFilters") or [])
    items = [_drift_view(stack, r) for r in stack.resources.values() if r.drift_checked and (not wanted or r.drift in wanted)]
    chunk, token = page(items, req.get("NextToken"), int(req.get("MaxResults") or 100))
    out: dict[str, Any] = {"StackResourceDrifts": chunk}
    if token:
        out["NextToken"] = token
    return out
