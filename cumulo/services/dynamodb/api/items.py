"""Single-item handlers: PutItem, GetItem, UpdateItem, DeleteItem.

Each builds the new item first, checks the condition against the current one,
and only then writes, so a failed request changes nothing.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.expressions import apply_update, matches, project
from cumulo.services.dynamodb.models import Table

CONDITION_FAILED = "The conditional request failed"


def check_condition(req: dict[str, Any], condition: Any, current: v.Item | None) -> None:
    if condition is not None and not matches(condition, current):
        fields = {}
        if req.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and current is not None:
            fields["Item"] = current
        raise AwsError("ConditionalCheckFailedException", CONDITION_FAILED, **fields)


OLD_ONLY = ("NONE", "ALL_OLD")


def _return_values(req: dict[str, Any], allowed: tuple[str, ...]) -> str:
    mode = req.get("ReturnValues") or "NONE"
    if mode not in allowed:
        if allowed == OLD_ONLY:
            raise AwsError("ValidationException", "ReturnValues can only be ALL_OLD or NONE")
        raise AwsError("ValidationException", "Return values set to invalid value")
    return mode


def _finish(req: dict[str, Any], table: Table, out: dict[str, Any], units: float, item: v.Item | None) -> dict[str, Any]:
    consumed = engine.capacity(req, table, units, read=False)
    if consumed:
        out["ConsumedCapacity"] = consumed
    metrics = engine.item_collection_metrics(req, table, item)
    if metrics:
        out["ItemCollectionMetrics"] = metrics
    return out


def put(ctx: RequestContext, table: Table, req: dict[str, Any], expr: engine.Request, item: v.Item | None = None) -> tuple[v.Item | None, v.Item, float]:
    """Validate and write one PutItem: (old item, new item, write units); `item` when already cleaned."""
    if item is None:
        item = v.clean_item(req["Item"])
    size = engine.check_item(table, item)
    rkey = indexes.row_key(table, item)
    data = engine.data(ctx, table)
    old = data.rows.get(rkey)
    check_condition(req, expr.condition, old)
    return old, item, engine.commit_write(ctx, table, rkey, old, item, size=size)


def put_item(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    # The request is validated before the table is looked up, as DynamoDB does.
    with engine.enveloped():
        mode = _return_values(req, OLD_ONLY)
        expr = engine.Request(req, condition=True)
        item = v.clean_item(req["Item"])
    table = engine.get_table(ctx, req["TableName"])
    old, item, units = put(ctx, table, req, expr, item)
    out: dict[str, Any] = {}
    if mode == "ALL_OLD" and old is not None:
        out["Attributes"] = old
    return _finish(req, table, out, units, item)


def get_item(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    expr = engine.Request(req, projection=True)
    table = engine.get_table(ctx, req["TableName"])
    key = engine.check_key(table, req["Key"])
    rkey = indexes.row_key(table, key)
    data = engine.data(ctx, table)
    item = data.rows.get(rkey)
    out: dict[str, Any] = {}
    if item is not None:
        out["Item"] = expr.project(item)
    if req.get("ReturnConsumedCapacity") not in (None, "NONE"):
        size = data.size_of(rkey, item) if item is not None else 0
        out["ConsumedCapacity"] = engine.capacity(req, table, engine.read_units(size, bool(req.get("ConsistentRead"))), read=True)
    return out


def update(ctx: RequestContext, table: Table, req: dict[str, Any], expr: engine.Request) -> tuple[v.Item | None, v.Item, float]:
    key = engine.check_key(table, req["Key"])
    rkey = indexes.row_key(table, key)
    data = engine.data(ctx, table)
    old = data.rows.get(rkey)
    if expr.update:
        for section, actions in expr.update.items():
            for action in actions:
                path = action if section == "REMOVE" else action[0]
                if path[0] in key:
                    raise AwsError("ValidationException", f"One or more parameter values were invalid: Cannot update attribute {path[0]}. This attribute is part of the key")
    check_condition(req, expr.condition, old)
    new = apply_update(expr.update, old if old is not None else dict(key)) if expr.update else dict(old or key)
    new.update(key)
    size = engine.check_item(table, new)
    return old, new, engine.commit_write(ctx, table, rkey, old, new, size=size)


def _updated_paths(update: dict[str, list[Any]] | None) -> list[tuple[Any, ...]]:
    if not update:
        return []
    paths = [action if section == "REMOVE" else action[0] for section, actions in update.items() for action in actions]
    # UPDATED_* answers with the top-level attributes the update touched.
    return [(p,) for p in dict.fromkeys(path[0] for path in paths)]


def update_item(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    with engine.enveloped():
        mode = _return_values(req, ("NONE", "ALL_OLD", "UPDATED_OLD", "ALL_NEW", "UPDATED_NEW"))
        expr = engine.Request(req, condition=True, update=True)
        for value in (req.get("Key") or {}).values():
            v.clean(value)
    table = engine.get_table(ctx, req["TableName"])
    old, new, units = update(ctx, table, req, expr)
    out: dict[str, Any] = {}
    if mode == "ALL_OLD" and old is not None:
        out["Attributes"] = old
    elif mode == "ALL_NEW":
        out["Attributes"] = new
    elif mode in ("UPDATED_OLD", "UPDATED_NEW"):
        source = old if mode == "UPDATED_OLD" else new
        if source is not None:
            shown = project(_updated_paths(expr.update), source)
            if shown:
                out["Attributes"] = shown
    return _finish(req, table, out, units, new)


def delete(ctx: RequestContext, table: Table, req: dict[str, Any], expr: engine.Request) -> tuple[v.Item | None, float]:
    key = engine.check_key(table, req["Key"])
    rkey = indexes.row_key(table, key)
    data = engine.data(ctx, table)
    old = data.rows.get(rkey)
    check_condition(req, expr.condition, old)
    if old is None:
        return None, 1.0
    return old, engine.commit_write(ctx, table, rkey, old, None)


def delete_item(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    mode = _return_values(req, OLD_ONLY)
    expr = engine.Request(req, condition=True)
    table = engine.get_table(ctx, req["TableName"])
    old, units = delete(ctx, table, req, expr)
    out: dict[str, Any] = {}
    if mode == "ALL_OLD" and old is not None:
        out["Attributes"] = old
    return _finish(req, table, out, units, old)
