"""Batch and transactional handlers: BatchGetItem, BatchWriteItem,
TransactGetItems, TransactWriteItems.

Writes are planned before anything changes: every request is validated (and,
in a transaction, every condition checked) first, then all are applied. So a
batch that fails validation, or a cancelled transaction, leaves no trace.
"""

from __future__ import annotations

import hashlib
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.api.items import CONDITION_FAILED
from cumulo.services.dynamodb.expressions import apply_update, matches
from cumulo.services.dynamodb.models import Table

MAX_BATCH_GET = 100
MAX_BATCH_WRITE = 25
MAX_TRANSACT = 100
BATCH_GET_BYTES = 16 * 1024 * 1024
TOKEN_TTL = 600.0
DUPLICATES = "Provided list of item keys contains duplicates"


def _capacities(req: dict[str, Any], units: dict[str, tuple[Table, float]], read: bool) -> list[dict[str, Any]]:
    out = []
    for table, total in units.values():
        consumed = engine.capacity(req, table, total, read=read)
        if consumed:
            out.append(consumed)
    return out


def batch_get_item(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    requested = req["RequestItems"]
    if sum(len(spec["Keys"]) for spec in requested.values()) > MAX_BATCH_GET:
        raise AwsError("ValidationException", "Too many items requested for the BatchGetItem call")
    # Every request is validated before any table is looked up, as DynamoDB does.
    exprs = {name: engine.Request(spec, projection=True) for name, spec in requested.items()}
    plans = []
    for name, spec in requested.items():
        table = engine.get_table(ctx, name)
        expr = exprs[name]
        seen: set[str] = set()
        keys = []
        for raw in spec["Keys"]:
            key = engine.check_key(table, raw)
            rkey = indexes.row_key(table, key)
            if rkey in seen:
                raise AwsError("ValidationException", DUPLICATES)
            seen.add(rkey)
            keys.append((raw, rkey))
        plans.append((name, table, expr, keys, spec))
    responses: dict[str, list[v.Item]] = {}
    unprocessed: dict[str, Any] = {}
    units: dict[str, tuple[Table, float]] = {}
    total = 0
    for name, table, expr, keys, spec in plans:
        rows = engine.data(ctx, table).rows
        found = responses.setdefault(name, [])
        for i, (raw, rkey) in enumerate(keys):
            if total >= BATCH_GET_BYTES:
                rest = {k: x for k, x in spec.items() if k != "Keys"}
                unprocessed[name] = {**rest, "Keys": [r for r, _ in keys[i:]]}
                break
            item = rows.get(rkey)
            if item is not None:
                size = v.item_size(item)
                total += size
                found.append(expr.project(item))
                used = units.get(name, (table, 0.0))[1]
                units[name] = (table, used + engine.read_units(size, bool(spec.get("ConsistentRead"))))
    out: dict[str, Any] = {"Responses": responses, "UnprocessedKeys": unprocessed}
    consumed = _capacities(req, units, read=True)
    if consumed:
        out["ConsumedCapacity"] = consumed
    return out


def batch_write_item(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    requested = req["RequestItems"]
    if sum(len(writes) for writes in requested.values()) > MAX_BATCH_WRITE:
        raise AwsError(
            "ValidationException",
            "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: "
            "Map value must satisfy constraint: [Member must have length less than or equal to 25, Member must have length greater than or equal to 1]",
        )
    cleaned = {id(w): v.clean_item(w["PutRequest"]["Item"]) for writes in requested.values() for w in writes if "PutRequest" in w}
    plan: list[tuple[Table, str, v.Item | None, int | None]] = []
    for name, writes in requested.items():
        table = engine.get_table(ctx, name)
        seen: set[str] = set()
        for write in writes:
            if "PutRequest" in write:
                item = cleaned[id(write)]
                size: int | None = engine.check_item(table, item)
                rkey, new = indexes.row_key(table, item), item
            elif "DeleteRequest" in write:
                key = engine.check_key(table, write["DeleteRequest"]["Key"])
                rkey, new, size = indexes.row_key(table, key), None, None
            else:
                raise AwsError("ValidationException", "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the supported datatypes")
            if rkey in seen:
                raise AwsError("ValidationException", DUPLICATES)
            seen.add(rkey)
            plan.append((table, rkey, new, size))
    units: dict[str, tuple[Table, float]] = {}
    metrics: dict[str, list[Any]] = {}
    for table, rkey, new, size in plan:
        rows = engine.data(ctx, table).rows
        old = rows.get(rkey)
        used = units.get(table.name, (table, 0.0))[1]
        units[table.name] = (table, used + engine.commit_write(ctx, table, rkey, old, new, size=size))
        m = engine.item_collection_metrics(req, table, new or old)
        if m:
            metrics.setdefault(table.name, []).append(m)
    out: dict[str, Any] = {"UnprocessedItems": {}}
    consumed = _capacities(req, units, read=False)
    if consumed:
        out["ConsumedCapacity"] = consumed
    if metrics:
        out["ItemCollectionMetrics"] = metrics
    return out


def transact_get_items(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    gets = req["TransactItems"]
    if len(gets) > MAX_TRANSACT:
        raise AwsError("ValidationException", f"Member must have length less than or equal to {MAX_TRANSACT}")
    exprs = [engine.Request(entry["Get"], projection=True) for entry in gets]
    plans = []
    for entry, expr in zip(gets, exprs):
        spec = entry["Get"]
        table = engine.get_table(ctx, spec["TableName"])
        key = engine.check_key(table, spec["Key"])
        plans.append((table, expr, indexes.row_key(table, key)))
    responses = []
    units: dict[str, tuple[Table, float]] = {}
    for table, expr, rkey in plans:
        item = engine.data(ctx, table).rows.get(rkey)
        responses.append({"Item": expr.project(item)} if item is not None else {})
        used = units.get(table.name, (table, 0.0))[1]
        units[table.name] = (table, used + 2 * engine.read_units(v.item_size(item) if item else 0, True))
    out: dict[str, Any] = {"Responses": responses}
    consumed = _capacities(req, units, read=True)
    if consumed:
        out["ConsumedCapacity"] = consumed
    return out


def _request_hash(req: dict[str, Any]) -> str:
    body = {k: x for k, x in req.items() if k not in ("ClientRequestToken", "ReturnConsumedCapacity", "ReturnItemCollectionMetrics")}
    return hashlib.sha256(orjson.dumps(body, default=lambda o: o.hex() if isinstance(o, bytes) else str(o), option=orjson.OPT_SORT_KEYS)).hexdigest()


def transact_write_items(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    actions = req["TransactItems"]
    if len(actions) > MAX_TRANSACT:
        raise AwsError("ValidationException", f"Member must have length less than or equal to {MAX_TRANSACT}")
    token = req.get("ClientRequestToken")
    tokens = ctx.scope.table("transaction_tokens")
    now = ctx.clock.now()
    if token:
        digest = _request_hash(req)
        seen = tokens.get(token)
        if seen is not None and now - seen[1] < TOKEN_TTL:
            if seen[0] != digest:
                raise AwsError("IdempotentParameterMismatchException", "Request with the same client request token but different parameters already exists")
            return {}
    plan: list[tuple[Table, str, v.Item | None, v.Item | None, bool]] = []
    reasons: list[dict[str, Any]] = []
    failed = False
    touched: set[tuple[str, str]] = set()
    validated = []
    for entry in actions:  # every action is validated before any table is looked up
        if len(entry) != 1:
            raise AwsError("ValidationException", "TransactItems can only contain one of Check, Put, Update or Delete")
        (kind, spec), = entry.items()
        validated.append((engine.Request(spec, condition=True, update=kind == "Update"), v.clean_item(spec["Item"]) if kind == "Put" else None))
    for entry, (expr, put_item) in zip(actions, validated):
        (kind, spec), = entry.items()
        table = engine.get_table(ctx, spec["TableName"])
        if kind == "Put":
            item = put_item
            assert item is not None
            engine.check_item(table, item)
            rkey = indexes.row_key(table, item)
        else:
            key = engine.check_key(table, spec["Key"])
            rkey = indexes.row_key(table, key)
        if (table.name, rkey) in touched:
            raise AwsError("ValidationException", "Transaction request cannot include multiple operations on one item")
        touched.add((table.name, rkey))
        old = engine.data(ctx, table).rows.get(rkey)
        if expr.condition is not None and not matches(expr.condition, old):
            reason: dict[str, Any] = {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
            if spec.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old is not None:
                reason["Item"] = old
            reasons.append(reason)
            failed = True
            continue
        reasons.append({"Code": "None"})
        if kind == "Put":
            plan.append((table, rkey, old, item, True))
        elif kind == "Delete":
            plan.append((table, rkey, old, None, True))
        elif kind == "Update":
            for section, acts in (expr.update or {}).items():
                for act in acts:
                    path = act if section == "REMOVE" else act[0]
                    if path[0] in key:
                        raise AwsError("ValidationException", f"One or more parameter values were invalid: Cannot update attribute {path[0]}. This attribute is part of the key")
            new = apply_update(expr.update, old if old is not None else dict(key)) if expr.update else dict(old or key)
            new.update(key)
            engine.check_item(table, new)
            plan.append((table, rkey, old, new, True))
    if failed:
        codes = ", ".join(r["Code"] for r in reasons)
        raise AwsError(
            "TransactionCanceledException",
            f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
            CancellationReasons=reasons,
        )
    units: dict[str, tuple[Table, float]] = {}
    for table, rkey, old, new, _ in plan:
        used = units.get(table.name, (table, 0.0))[1]
        units[table.name] = (table, used + 2 * engine.commit_write(ctx, table, rkey, old, new))
    if token:
        tokens[token] = (_request_hash(req), now)
    out: dict[str, Any] = {}
    consumed = _capacities(req, units, read=False)
    if consumed:
        out["ConsumedCapacity"] = consumed
    return out
