"""The item write and read paths shared by every handler that touches items.

- `tables(ctx)` / `find_table(ctx, name)` / `get_table(ctx, name)`: the table
  registry; a table with its status transition settled (`lifecycle`); a table
  ready for item operations, else AWS's ResourceNotFoundException.
- `check_key` / `check_item`: keys and items against the table's schema,
  with AWS's wording.
- `Request`: one request's expressions (modern or legacy), resolved once.
- `commit_write`: the one place an item changes; it keeps the ordered indexes,
  the TTL index, the live counts, the stream, the point-in-time log, Kinesis
  destinations and global table replicas in step.
- `capacity`: ConsumedCapacity as AWS computes it (1 KB write units, 4 KB read
  units, half for eventually consistent reads).
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import indexes, lifecycle, pitr
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.expressions import Resolver, project
from cumulo.services.dynamodb.expressions import legacy
from cumulo.services.dynamodb.models import StreamRecord, Table, stream_table

NOT_FOUND = "Requested resource not found"
KEY_MISMATCH = "The provided key element does not match the schema"
INVALID = "One or more parameter values were invalid: "


def tables(ctx: RequestContext) -> Any:
    return ctx.scope.table("tables")


def find_table(ctx: RequestContext, name: str) -> Table | None:
    """The table called `name` (or with that ARN), in whatever status, or None."""
    name = _name_of(ctx, name)  # first: another account's table ARN moves the request there
    table = tables(ctx).get(name)
    if table is not None and table.status != "ACTIVE":
        table = lifecycle.settle(ctx.scope, table, ctx.clock.now())
    return table  # type: ignore[no-any-return]


ENVELOPE = "1 validation error detected: "


@contextmanager
def enveloped() -> Iterator[None]:
    """The request-validation phase of PutItem, UpdateItem and Query: AWS prefixes
    the ValidationExceptions raised there (expressions, attribute values, Select,
    ReturnValues) with `1 validation error detected: `, and not the ones about the
    data (key types, sizes, document paths), nor any of other operations."""
    try:
        yield
    except AwsError as error:
        if error.code == "ValidationException" and getattr(error, "envelope", True) and not error.message.startswith(ENVELOPE):
            error.message = ENVELOPE + error.message
            error.args = (f"{error.code}: {error.message}",)
        raise


def get_table(ctx: RequestContext, name: str) -> Table:
    """A table that item operations may use (ACTIVE or UPDATING)."""
    name = _name_of(ctx, name)  # first: another account's table ARN moves the request there
    table = tables(ctx).get(name)
    if table is not None and table.status != "ACTIVE":
        table = lifecycle.settle(ctx.scope, table, ctx.clock.now())
        if table is not None and table.status in ("CREATING", "DELETING"):
            table = None
    if table is None:
        raise AwsError("ResourceNotFoundException", NOT_FOUND)
    return table  # type: ignore[no-any-return]


def _name_of(ctx: RequestContext, name: str) -> str:
    # TableName may be an ARN: arn:aws:dynamodb:region:account:table/name. Another
    # account's table (reached through its resource policy, which the authorize step
    # checked) is served from that account's state: the request then acts there.
    if name.startswith("arn:"):
        parts = name.split(":", 5)
        if len(parts) == 6 and parts[4].isdigit() and len(parts[4]) == 12 and parts[4] != ctx.account:
            ctx.account = parts[4]
        return name.split(":table/", 1)[-1].split("/", 1)[0]
    return name


def data(ctx: RequestContext, table: Table) -> indexes.TableData:
    return indexes.data(ctx.scope, table)


# ---------------------------------------------------------------- keys and items


def check_key(table: Table, key: dict[str, Any]) -> v.Item:
    """A request's Key, validated and canonical."""
    names = table.key_names()
    if len(key) != len(names) or any(n not in key for n in names):
        raise AwsError("ValidationException", KEY_MISMATCH)
    out = {}
    for name in names:
        value = v.clean(key[name])
        if v.type_of(value) != table.attribute_types[name]:
            raise AwsError("ValidationException", KEY_MISMATCH)
        check_key_value(name, value, name == table.hash_key)
        out[name] = value
    return out


MAX_PARTITION_KEY = 2048  # bytes (ServiceQuotas.html#limits-partition-sort-keys)
MAX_SORT_KEY = 1024


def check_key_value(name: str, value: v.AttributeValue, partition: bool) -> None:
    """A key attribute's value: not empty, and within the partition/sort key size limit."""
    if value.get("S") == "" or ("B" in value and len(value["B"]) == 0):
        word = "string" if "S" in value else "binary"
        raise AwsError(
            "ValidationException",
            f"One or more parameter values are not valid. The AttributeValue for a key attribute cannot contain an empty {word} value. Key: {name}",
        )
    size = len(value["S"].encode("utf-8", "surrogatepass")) if "S" in value else len(value["B"]) if "B" in value else 0
    if partition and size > MAX_PARTITION_KEY:
        raise AwsError("ValidationException", INVALID + f"Size of hashkey has exceeded the maximum size limit of{MAX_PARTITION_KEY} bytes")
    if not partition and size > MAX_SORT_KEY:
        raise AwsError("ValidationException", INVALID + f"Aggregated size of all range keys has exceeded the size limit of {MAX_SORT_KEY} bytes")


def check_item(table: Table, item: v.Item) -> int:
    """A whole item (already cleaned): key attributes present and typed, index
    keys typed, size within 400 KB. Returns the size."""
    for name in table.key_names():
        value = item.get(name)
        if value is None:
            raise AwsError("ValidationException", INVALID + f"Missing the key {name} in the item")
        kind = v.type_of(value)
        if kind != table.attribute_types[name]:
            raise AwsError("ValidationException", INVALID + f"Type mismatch for key {name} expected: {table.attribute_types[name]} actual: {kind}")
        check_key_value(name, value, name == table.hash_key)
    for index in [*table.gsis.values(), *table.lsis.values()]:
        for name in index.key_names():
            if name in table.key_names():
                continue
            value = item.get(name)
            if value is None:
                continue
            kind = v.type_of(value)
            expected = table.attribute_types[name]
            if kind != expected:
                raise AwsError(
                    "ValidationException",
                    INVALID + f"Type mismatch for Index Key {name} Expected: {expected} Actual: {kind} IndexName: {index.name}",
                )
            if value.get("S") == "" or ("B" in value and len(value["B"]) == 0):
                raise AwsError(
                    "ValidationException",
                    "One or more parameter values are not valid. A value specified for a secondary index key is not supported. "
                    f"The AttributeValue for a key attribute cannot contain an empty string value. IndexName: {index.name}, IndexKey: {name}",
                )
    return v.check_size(item)


def key_of(table: Table, item: v.Item) -> v.Item:
    return {name: item[name] for name in table.key_names()}


# ---------------------------------------------------------------- expressions of one request


_EXPRESSION_MEMBERS = frozenset((*legacy.LEGACY, *legacy.MODERN, "ExpressionAttributeNames", "ExpressionAttributeValues",
                                 "QueryFilter", "ScanFilter", "KeyConditions", "AttributesToGet"))


class Request:
    """The expressions of one request, resolved once: condition, update,
    projection, filter and key condition, whether given as expressions or as
    the legacy parameters."""

    __slots__ = ("resolver", "condition", "update", "projection", "filter", "key_condition")

    def __init__(self, req: dict[str, Any], *, condition: bool = False, update: bool = False,
                 projection: bool = False, filter: bool = False, key_condition: bool = False) -> None:
        self.condition = self.update = self.projection = self.filter = self.key_condition = None
        if _EXPRESSION_MEMBERS.isdisjoint(req):
            self.resolver = None  # nothing to resolve: most GetItem and PutItem calls
            return
        names, values_ = req.get("ExpressionAttributeNames"), req.get("ExpressionAttributeValues")
        self.resolver = r = Resolver(names, values_)
        legacy.check_mixing(req)
        modern = False
        if condition and "ConditionExpression" in req:
            self.condition = r.condition("ConditionExpression", req["ConditionExpression"])
            modern = True
        elif condition and req.get("Expected"):
            self.condition = legacy.expected(req["Expected"], req.get("ConditionalOperator"))
        if update and "UpdateExpression" in req:
            self.update = r.update("UpdateExpression", req["UpdateExpression"])
            modern = True
        elif update and req.get("AttributeUpdates"):
            self.update = legacy.attribute_updates(req["AttributeUpdates"])
        if projection and "ProjectionExpression" in req:
            self.projection = r.projection("ProjectionExpression", req["ProjectionExpression"])
            modern = True
        elif projection and req.get("AttributesToGet"):
            self.projection = [(name,) for name in req["AttributesToGet"]]
        if filter and "FilterExpression" in req:
            self.filter = r.condition("FilterExpression", req["FilterExpression"])
            modern = True
        elif filter and (req.get("QueryFilter") or req.get("ScanFilter")):
            self.filter = legacy.expected(req.get("QueryFilter") or req.get("ScanFilter"), req.get("ConditionalOperator"), comparison_only=True)
        if key_condition and "KeyConditionExpression" in req:
            self.key_condition = r.condition("KeyConditionExpression", req["KeyConditionExpression"])
            modern = True
        elif key_condition and req.get("KeyConditions"):
            self.key_condition = legacy.expected(req["KeyConditions"], None, comparison_only=True)
        if names is not None and not modern:
            raise AwsError("ValidationException", "ExpressionAttributeNames can only be specified when using expressions")
        if values_ is not None and not modern:
            raise AwsError("ValidationException", "ExpressionAttributeValues can only be specified when using expressions")
        if modern:
            r.check_unused()

    def project(self, item: v.Item) -> v.Item:
        return project(self.projection, item) if self.projection is not None else item


# ---------------------------------------------------------------- writes


def commit_write(ctx: RequestContext, table: Table, rkey: str, old: v.Item | None, new: v.Item | None,
                 *, service_delete: bool = False, replicate: bool = True, size: int | None = None) -> float:
    """Change one item, keeping indexes, counts, the stream, the PITR log,
    Kinesis destinations and replicas in step. `replicate=False` for a change
    that arrives from another replica; `size`: the new item's, when known.
    Returns the write capacity units the change consumed."""
    old_size, new_size = data(ctx, table).write(rkey, old, new, size)
    units = float(max(1, -(-max(old_size, new_size) // 1024)))
    if old is None and new is None:
        return units
    if table.pitr_enabled:
        pitr.record(ctx.scope, table, ctx.clock.now(), rkey, old, new)
        tables(ctx).touch(table.name)
    if old is not None and new is not None and old == new:
        return units
    if table.stream_enabled:
        _emit(ctx, table, old, new, service_delete)
    if table.kinesis:
        from cumulo.services.dynamodb import kinesis

        kinesis.deliver(ctx, table, old, new, service_delete)
    if table.replicas and replicate:
        from cumulo.services.dynamodb import replication

        replication.replicate(ctx, table, rkey, old, new)
    return units


def _emit(ctx: RequestContext, table: Table, old: v.Item | None, new: v.Item | None, service_delete: bool) -> None:
    table.stream_seq += 1
    tables(ctx).touch(table.name)
    view = table.stream_view_type or "NEW_AND_OLD_IMAGES"
    keys = key_of(table, new if new is not None else old)  # type: ignore[arg-type]
    name = "INSERT" if old is None else "REMOVE" if new is None else "MODIFY"
    new_image = new if view in ("NEW_IMAGE", "NEW_AND_OLD_IMAGES") else None
    old_image = old if view in ("OLD_IMAGE", "NEW_AND_OLD_IMAGES") else None
    size = v.item_size(keys) + (v.item_size(new_image) if new_image else 0) + (v.item_size(old_image) if old_image else 0)
    record = StreamRecord(
        sequence=table.stream_seq,
        event_id=uuid.uuid4().hex,
        event_name=name,
        created=ctx.clock.now(),
        keys=keys,
        new_image=new_image,
        old_image=old_image,
        size=size,
        view_type=view,
        label=table.stream_label or "",
        user_identity={"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"} if service_delete else None,
    )
    ctx.scope.table(stream_table(table.name))[f"{table.stream_seq:021d}"] = record


# ---------------------------------------------------------------- capacity


def read_units(size: int, consistent: bool) -> float:
    units = max(1, math.ceil(size / 4096))
    return float(units if consistent else units / 2)


def capacity(req: dict[str, Any], table: Table, units: float, *, read: bool, index: str | None = None) -> dict[str, Any] | None:
    mode = req.get("ReturnConsumedCapacity", "NONE")
    if mode == "NONE" or mode is None:
        return None
    kind = "ReadCapacityUnits" if read else "WriteCapacityUnits"
    out: dict[str, Any] = {"TableName": table.name, "CapacityUnits": units, kind: units}
    if mode == "INDEXES":
        if index is None:
            out["Table"] = {"CapacityUnits": units, kind: units}
        else:
            out["Table"] = {"CapacityUnits": 0.0, kind: 0.0}
            where = "GlobalSecondaryIndexes" if index in table.gsis else "LocalSecondaryIndexes"
            out[where] = {index: {"CapacityUnits": units, kind: units}}
    return out


def item_collection_metrics(req: dict[str, Any], table: Table, item: v.Item | None) -> dict[str, Any] | None:
    if req.get("ReturnItemCollectionMetrics") != "SIZE" or not table.lsis or item is None:
        return None
    return {"ItemCollectionKey": {table.hash_key: item[table.hash_key]}, "SizeEstimateRangeGB": [0.0, 1.0]}
