"""API keys, usage plans, their keys, and usage (GetUsage/UpdateUsage).

A key's value is at least 20 characters (AWS generates 40); a value may back only
one key. Usage is counted by the data plane (see `quotas`) per plan and key.
"""

from __future__ import annotations

import csv
import io
import secrets
import string
from datetime import UTC, datetime, timedelta
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.services.apigateway import lookup, patch, quotas
from cumulo.services.apigateway.lookup import bad_request, conflict, not_found
from cumulo.services.apigateway.models import UsagePlan, new_id

_KEY_CHARS = string.ascii_letters + string.digits


def _new_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    keys = lookup.table(ctx, "api_keys")
    value = req.get("value") or "".join(secrets.choice(_KEY_CHARS) for _ in range(40))
    if len(value) < 20:
        raise bad_request("API Key value should be at least 20 characters")
    if any(k["value"] == value for k in keys.values()):
        raise conflict("API Key already exists")
    now = ctx.clock.now()
    key: dict[str, Any] = {
        "id": new_id(10), "value": value, "name": req.get("name") or "", "enabled": bool(req.get("enabled")),
        "createdDate": now, "lastUpdatedDate": now, "stageKeys": [], "tags": lookup.tags_from(req),
    }
    for member in ("description", "customerId"):
        if req.get(member) is not None:
            key[member] = req[member]
    for stage_key in req.get("stageKeys") or []:
        rest_api = lookup.api(ctx, stage_key.get("restApiId") or "")
        if stage_key.get("stageName") not in rest_api.stages:
            raise bad_request("Invalid stage key specified")
        key["stageKeys"].append(f"{rest_api.id}/{stage_key['stageName']}")
    keys[key["id"]] = key
    return key


def create_api_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _new_key(ctx, req)


def _key(ctx: RequestContext, key_id: str) -> dict[str, Any]:
    found = lookup.table(ctx, "api_keys").get(key_id)
    if found is None:
        raise not_found("Invalid API Key identifier specified")
    return found


def _shown(key: dict[str, Any], include_value: bool) -> dict[str, Any]:
    return key if include_value else {k: v for k, v in key.items() if k != "value"}


def get_api_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _shown(_key(ctx, req["apiKey"]), bool(req.get("includeValue")))


def get_api_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    keys = sorted(lookup.table(ctx, "api_keys").values(), key=lambda k: k["createdDate"])
    if req.get("nameQuery"):
        keys = [k for k in keys if k["name"].startswith(req["nameQuery"])]
    if req.get("customerId"):
        keys = [k for k in keys if k.get("customerId") == req["customerId"]]
    return lookup.page([_shown(k, bool(req.get("includeValues"))) for k in keys], req)


def update_api_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    key = _key(ctx, req["apiKey"])
    patch.apply(key, req.get("patchOperations"), frozenset({"name", "description", "enabled", "customerId", "stageKeys"}))
    key["lastUpdatedDate"] = ctx.clock.now()
    lookup.table(ctx, "api_keys").touch(key["id"])
    return _shown(key, False)


def delete_api_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _key(ctx, req["apiKey"])
    del lookup.table(ctx, "api_keys")[req["apiKey"]]
    plans = lookup.table(ctx, "usage_plans")
    for plan in plans.values():
        if plan.keys.pop(req["apiKey"], None) is not None:
            plans.touch(plan.id)
    return {}


def import_api_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """CSV with a header naming `name`, `key` (or `value`), `description`, `enabled`,
    `usageplanIds` (columns in any order, case-insensitive)."""
    if req.get("format") != "csv":
        raise bad_request("Invalid format specified: only csv is supported")
    text = (req.get("body") or b"").decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        raise bad_request("Invalid API keys file: no header row")
    header = [h.strip().lower() for h in rows[0]]
    if "key" not in header and "value" not in header:
        raise bad_request("Invalid API keys file: a 'key' column is required")
    ids, warnings = [], []
    for number, row in enumerate(rows[1:], start=2):
        record = dict(zip(header, row, strict=False))
        value = record.get("key") or record.get("value")
        try:
            key = _new_key(ctx, {"name": record.get("name"), "value": value, "description": record.get("description"),
                                 "enabled": (record.get("enabled") or "true").lower() == "true"})
        except Exception as error:  # noqa: BLE001 - bad rows are warnings unless failOnWarnings
            if req.get("failOnWarnings"):
                raise bad_request(f"Line {number}: {error}") from None
            warnings.append(f"Line {number}: {error}")
            continue
        for plan_id in (record.get("usageplanids") or "").split(":"):
            if plan_id:
                create_usage_plan_key(ctx, {"usagePlanId": plan_id, "keyId": key["id"], "keyType": "API_KEY"})
        ids.append(key["id"])
    return {"ids": ids, "warnings": warnings}


# ------------------------------------------------------------ usage plans


def _check_stages(ctx: RequestContext, stages: list[dict[str, Any]]) -> None:
    for stage in stages:
        rest_api = lookup.table(ctx, "apis").get(stage.get("apiId") or "")
        if rest_api is None or stage.get("stage") not in rest_api.stages:
            raise not_found("Invalid stage identifier specified")


def create_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    info: dict[str, Any] = {"name": req["name"], "apiStages": req.get("apiStages") or [], "tags": lookup.tags_from(req)}
    for member in ("description", "throttle", "quota"):
        if req.get(member) is not None:
            info[member] = req[member]
    quota = info.get("quota")
    if quota and quota.get("period") not in ("DAY", "WEEK", "MONTH"):
        raise bad_request("Invalid quota period specified. Valid options are DAY,WEEK,MONTH")
    _check_stages(ctx, info["apiStages"])
    plan = UsagePlan(new_id(6), info)
    lookup.table(ctx, "usage_plans")[plan.id] = plan
    return plan.wire()


def _plan(ctx: RequestContext, plan_id: str) -> UsagePlan:
    found: UsagePlan | None = lookup.table(ctx, "usage_plans").get(plan_id)
    if found is None:
        raise not_found("Invalid Usage Plan ID specified")
    return found


def get_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    return _plan(ctx, req["usagePlanId"]).wire()


def get_usage_plans(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plans = list(lookup.table(ctx, "usage_plans").values())
    if req.get("keyId"):
        plans = [p for p in plans if req["keyId"] in p.keys]
    return lookup.page([p.wire() for p in plans], req)


def update_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(ctx, req["usagePlanId"])
    info = dict(plan.info)
    for op in req.get("patchOperations") or []:
        path = op.get("path") or ""
        if path == "/apiStages":
            api_id, _, stage = (op.get("value") or "").partition(":")
            if op.get("op") == "add":
                _check_stages(ctx, [{"apiId": api_id, "stage": stage}])
                info["apiStages"] = [*info.get("apiStages", []), {"apiId": api_id, "stage": stage}]
            elif op.get("op") == "remove":
                info["apiStages"] = [s for s in info.get("apiStages", []) if (s["apiId"], s["stage"]) != (api_id, stage)]
        elif path.startswith("/apiStages/") and "/throttle" in path:
            _method_throttle(info, op)
        else:
            patch.apply(info, [op], frozenset({"name", "description", "productCode"}), nested={"throttle", "quota"})
    plan.info = info
    lookup.table(ctx, "usage_plans").touch(plan.id)
    return plan.wire()


def _method_throttle(info: dict[str, Any], op: dict[str, Any]) -> None:
    """`/apiStages/<api>:<stage>/throttle/<resource path>/<verb>[/rateLimit|/burstLimit]`:
    a method's own throttle in a plan stage, under the key `<resource path>/<verb>`."""
    parts = patch.split(op.get("path") or "")
    api_id, _, stage_name = parts[1].partition(":")
    stage = next((s for s in info.get("apiStages") or [] if (s["apiId"], s["stage"]) == (api_id, stage_name)), None)
    if stage is None:
        raise not_found(f"Invalid stage identifier specified: {parts[1]}")
    rest = parts[3:]
    leaf = rest[-1] if rest and rest[-1] in ("rateLimit", "burstLimit") else None
    target = rest[:-1] if leaf else rest
    if len(target) < 2:
        raise bad_request(f"Invalid patch path {op.get('path')}")
    key = "/".join(target)
    key = key if key.startswith("/") else "/" + key
    throttles = stage.setdefault("throttle", {})
    if op.get("op") == "remove":
        throttles.pop(key, None)
    elif leaf:
        throttles.setdefault(key, {})[leaf] = patch.convert(leaf, op.get("value"))
    else:
        raise bad_request(f"Invalid patch path {op.get('path')}")


def delete_usage_plan(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    _plan(ctx, req["usagePlanId"])
    del lookup.table(ctx, "usage_plans")[req["usagePlanId"]]
    return {}


def create_usage_plan_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(ctx, req["usagePlanId"])
    key = _key(ctx, req["keyId"])
    if req.get("keyType") != "API_KEY":
        raise bad_request("Invalid key type specified. Valid options are API_KEY")
    if key["id"] in plan.keys:
        raise conflict(f"Usage Plan {plan.id} cannot be added because API Key {key['id']} cannot reference multiple Usage Plans with the same API Stage")
    plan.keys[key["id"]] = "API_KEY"
    lookup.table(ctx, "usage_plans").touch(plan.id)
    return {"id": key["id"], "type": "API_KEY", "value": key["value"], "name": key["name"]}


def get_usage_plan_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(ctx, req["usagePlanId"])
    if req["keyId"] not in plan.keys:
        raise not_found("Invalid Usage Plan Key identifier specified")
    key = _key(ctx, req["keyId"])
    return {"id": key["id"], "type": "API_KEY", "value": key["value"], "name": key["name"]}


def get_usage_plan_keys(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(ctx, req["usagePlanId"])
    keys = lookup.table(ctx, "api_keys")
    items = [{"id": k, "type": "API_KEY", "value": keys[k]["value"], "name": keys[k]["name"]} for k in plan.keys if k in keys]
    if req.get("nameQuery"):
        items = [i for i in items if i["name"].startswith(req["nameQuery"])]
    return lookup.page(items, req)


def delete_usage_plan_key(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    plan = _plan(ctx, req["usagePlanId"])
    if plan.keys.pop(req["keyId"], None) is None:
        raise not_found("Invalid Usage Plan Key identifier specified")
    lookup.table(ctx, "usage_plans").touch(plan.id)
    return {}


def get_usage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """Per key, per day from startDate to endDate: [used, remaining] (AWS's shape)."""
    plan = _plan(ctx, req["usagePlanId"])
    try:
        start = datetime.strptime(req["startDate"], "%Y-%m-%d").replace(tzinfo=UTC)
        end = datetime.strptime(req["endDate"], "%Y-%m-%d").replace(tzinfo=UTC)
    except ValueError:
        raise bad_request("Invalid date format specified. Must be yyyy-MM-dd") from None
    if end < start:
        raise bad_request("The usage end date must be on or after the start date")
    usage = lookup.table(ctx, "usage")
    limit = (plan.info.get("quota") or {}).get("limit")
    items: dict[str, list[list[int]]] = {}
    for key_id in plan.keys:
        if req.get("keyId") and key_id != req["keyId"]:
            continue
        record = usage.get(f"{plan.id}|{key_id}")
        days = []
        day = start
        while day <= end:
            used = record.daily.get(day.strftime("%Y-%m-%d"), 0) if record else 0
            remaining = max(0, limit - (record.used if record else 0)) if limit is not None else 0
            days.append([used, remaining])
            day += timedelta(days=1)
        items[key_id] = days
    return {"usagePlanId": plan.id, "startDate": req["startDate"], "endDate": req["endDate"], "items": items}


def update_usage(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """`/remaining` replace sets how many requests are left in the current period."""
    plan = _plan(ctx, req["usagePlanId"])
    _key(ctx, req["keyId"])
    limit = (plan.info.get("quota") or {}).get("limit") or 0
    record = quotas.record(ctx.store.scope("apigateway", ctx.account, ctx.region), plan, req["keyId"], ctx.clock.now())
    for op in req.get("patchOperations") or []:
        if op.get("path") != "/remaining" or op.get("op") != "replace":
            raise bad_request(f"Invalid patch path {op.get('path')}")
        record.used = max(0, limit - int(op.get("value") or 0))
    lookup.table(ctx, "usage").touch(f"{plan.id}|{req['keyId']}")
    return {"usagePlanId": plan.id, "items": {req["keyId"]: [[record.used, max(0, limit - record.used)]]}}
