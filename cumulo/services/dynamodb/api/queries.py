"""Query and Scan, over tables and their secondary indexes.

Query finds the partition in the ordered structure and bisects to the sort-key
range the key condition names, so it costs O(log n + k). Both read in pages:
a page ends after `Limit` items are evaluated or 1 MB of items is read (before
any filter, as DynamoDB counts), and then carries `LastEvaluatedKey`.

A GSI with a multi-attribute key orders its entries by tuples of the key's
attributes (`indexes.Ordered`): a Query names every partition attribute with
`=` and a left-to-right prefix of the sort attributes, the last of which may
take any key operator, so the rows it reads are one contiguous run.

Request validation (Select, expressions) comes before the table is looked up;
Query's Select errors carry AWS's `1 validation error detected: ` (Scan's do not).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import islice
from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.dynamodb import engine, indexes
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.expressions import matches
from cumulo.services.dynamodb.models import Index, Table
from cumulo.state.store import COLD

PAGE_BYTES = 1024 * 1024
HIGH = "\U0010ffff"  # sorts after every row key
INVALID = "One or more parameter values were invalid: "


class Source:
    """What a read runs over: the table or one of its indexes."""

    __slots__ = ("table", "index", "ordered", "hash_key", "range_key", "hash_names", "range_names")

    def __init__(self, ctx: RequestContext, table: Table, req: dict[str, Any]) -> None:
        self.table = table
        data = engine.data(ctx, table)
        name = req.get("IndexName")
        self.index: Index | None = None
        if name is None:
            self.ordered = data.primary
            self.hash_key, self.range_key = table.hash_key, table.range_key
            self.hash_names, self.range_names = [table.hash_key], [table.range_key] if table.range_key else []
            return
        index = table.index(name)
        if index is None or index.status == "DELETING":
            raise AwsError("ValidationException", f"The table does not have the specified index: {name}")
        if index.status == "CREATING":
            raise AwsError("ValidationException", f"Cannot read from backfilling global secondary index: {name}")
        if index.kind == "GSI" and req.get("ConsistentRead"):
            raise AwsError("ValidationException", "Consistent reads are not supported on global secondary indexes")
        self.index = index
        self.ordered = data.indexes[name]
        self.hash_key, self.range_key = index.hash_key, index.range_key
        self.hash_names, self.range_names = index.hash_names(), index.range_names()

    @property
    def multi(self) -> bool:
        """Whether a key of this source has several attributes (a GSI's multi-attribute key)."""
        return len(self.hash_names) > 1 or len(self.range_names) > 1

    def key_names(self) -> list[str]:
        names = list(self.table.key_names())
        if self.index is not None:
            names += [n for n in self.index.key_names() if n not in names]
        return names

    def last_key(self, item: v.Item) -> v.Item:
        return {n: item[n] for n in self.key_names()}

    def view(self, item: v.Item, select: str) -> v.Item:
        """The item as this source holds it (an index keeps only its projection)."""
        index = self.index
        if index is None or index.projection_type == "ALL" or select == "ALL_ATTRIBUTES":
            return item
        keep = set(self.key_names())
        if index.projection_type == "INCLUDE":
            keep.update(index.non_key_attributes)
        return {k: x for k, x in item.items() if k in keep}

    def start_after(self, start: dict[str, Any]) -> tuple[Any, tuple[Any, str]]:
        """(partition, (sort value, row key)) of an ExclusiveStartKey."""
        names = self.key_names()
        if set(start) != set(names):
            raise AwsError("ValidationException", "The provided starting key is invalid: The provided key element does not match the schema")
        key = {}
        for name in names:
            value = v.clean(start[name])
            if v.type_of(value) != self.table.attribute_types.get(name):
                raise AwsError("ValidationException", "The provided starting key is invalid: The provided key element does not match the schema")
            key[name] = value
        rkey = indexes.row_key(self.table, key)
        found = self.ordered.entry(key, rkey)
        assert found is not None
        return found


def check_select(req: dict[str, Any]) -> None:
    """Select against the attributes asked for, before the table is looked up
    (wording as DynamoDB's; a COUNT is "only the Count")."""
    select = req.get("Select")
    if select is None:
        return
    asked = "ProjectionExpression" if "ProjectionExpression" in req else "AttributesToGet" if req.get("AttributesToGet") else None
    if select == "SPECIFIC_ATTRIBUTES" and asked is None:
        raise AwsError("ValidationException", "Must specify the AttributesToGet or ProjectionExpression when choosing to get SPECIFIC_ATTRIBUTES")
    if select != "SPECIFIC_ATTRIBUTES" and asked is not None:
        what = "only the Count" if select == "COUNT" else select
        raise AwsError("ValidationException", f"Cannot specify the {asked} when choosing to get {what}")
    if select == "ALL_PROJECTED_ATTRIBUTES" and not req.get("IndexName"):
        raise AwsError("ValidationException", "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName")


def _select(req: dict[str, Any], source: Source, expr: engine.Request) -> str:
    select = req.get("Select")
    if select is None:
        if expr.projection is not None:
            return "SPECIFIC_ATTRIBUTES"
        return "ALL_ATTRIBUTES" if source.index is None else "ALL_PROJECTED_ATTRIBUTES"
    index = source.index
    if select == "ALL_ATTRIBUTES" and index is not None and index.kind == "GSI" and index.projection_type != "ALL":
        raise AwsError(
            "ValidationException",
            INVALID + f"Select type ALL_ATTRIBUTES is not supported for global secondary index {index.name} because its projection type is not ALL",
        )
    return select


READ_BATCH = 100


def read_items(rows: Any, pairs: Any, batch: int) -> Iterator[v.Item]:
    """The items of `pairs` in order. An item in memory is read as it is; at an
    item on disk (a cold table's), it and the next ones, `batch` in all, are read
    back in one query and not kept in memory after the request, so a Scan of a
    big table neither grows memory nor pushes the recently used items out."""
    raw = rows.rows  # values looked at only to tell COLD apart: cold ones come through `peek`
    pairs = iter(pairs)
    for _, rkey in pairs:
        item = raw.get(rkey)
        if item is COLD:
            keys = [rkey, *(key for _, key in islice(pairs, batch - 1))]
            yield from rows.peek(keys).values()
            batch = min(batch * 2, READ_BATCH)
        elif item is not None:
            yield item


def _page(ctx: RequestContext, req: dict[str, Any], source: Source, expr: engine.Request, pairs: Any) -> dict[str, Any]:
    select = _select(req, source, expr)
    limit = req.get("Limit")
    rows = engine.data(ctx, source.table).rows
    items: list[v.Item] = []
    scanned = count = read = 0
    last: v.Item | None = None
    for item in read_items(rows, pairs, min(limit or READ_BATCH, READ_BATCH)):
        scanned += 1
        read += v.item_size(item)
        shown = source.view(item, select)
        if expr.filter is None or matches(expr.filter, shown):
            count += 1
            if select != "COUNT":
                items.append(expr.project(shown) if expr.projection is not None else shown)
        if (limit is not None and scanned >= limit) or read >= PAGE_BYTES:
            last = source.last_key(item)
            break
    out: dict[str, Any] = {"Count": count, "ScannedCount": scanned}
    if select != "COUNT":
        out["Items"] = items
    if last is not None:
        out["LastEvaluatedKey"] = last
    consumed = engine.capacity(req, source.table, engine.read_units(read, bool(req.get("ConsistentRead"))), read=True,
                               index=source.index.name if source.index else None)
    if consumed:
        out["ConsumedCapacity"] = consumed
    return out


# ---------------------------------------------------------------- Query


def _flatten(tree: Any, source: Source) -> list[Any]:
    """The conditions a key condition ANDs together: two at most, or one per key
    attribute of a multi-attribute key."""
    if tree[0] != "and":
        return [tree]
    if not source.multi:
        for p in (tree[1], tree[2]):
            if p[0] == "and":
                raise AwsError("ValidationException", "Conditions can be of length 1 or 2 only")
        return [tree[1], tree[2]]
    return _flatten(tree[1], source) + _flatten(tree[2], source)


def _key_conditions(tree: Any, source: Source) -> tuple[Any, list[Any]]:
    """(partition sort value, the sort key conditions in key order) from a key condition tree.

    Every partition key attribute is compared with `=`. Sort key attributes are
    given from the first on, none skipped; all but the last given with `=`, the
    last with any key operator (multi-attribute keys, GSI.html#GSI.MultiAttributeKeys)."""
    keys = [*source.hash_names, *source.range_names]
    by_key: dict[str, Any] = {}
    for cond in _flatten(tree, source):
        tag = cond[0]
        if tag in ("or", "not", "in") or (tag == "cmp" and cond[1] == "<>"):
            op = {"or": "OR", "not": "NOT", "in": "IN"}.get(tag, "<>")
            raise AwsError("ValidationException", f"Invalid operator used in KeyConditionExpression: {op}")
        if tag == "and":
            raise AwsError("ValidationException", "Conditions can be of length 1 or 2 only")
        if tag == "call" and cond[1] != "begins_with":
            raise AwsError("ValidationException", f"Invalid operator used in KeyConditionExpression: {cond[1]}")
        operands = cond[2] if tag == "call" else cond[2:] if tag == "cmp" else cond[1:]
        if operands[0][0] != "path":
            if tag == "cmp" and operands[1][0] == "path":
                flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(cond[1], cond[1])
                cond = ("cmp", flipped, operands[1], operands[0])
                operands = cond[2:]
            else:
                raise AwsError("ValidationException", "Invalid KeyConditionExpression: The first operand must be a document path")
        path = operands[0][1]
        for other in operands[1:]:
            if other[0] != "value":
                raise AwsError("ValidationException", "Invalid KeyConditionExpression: Key conditions must compare a key attribute with a value")
        if len(path) != 1 or path[0] not in keys:
            raise AwsError("ValidationException", "Query condition missed key schema element" + (f": {source.hash_key}" if len(path) != 1 else ""))
        if path[0] in by_key:
            raise AwsError("ValidationException", "KeyConditionExpressions must only contain one condition per key")
        expected = source.table.attribute_types[path[0]]
        for other in operands[1:]:
            if v.type_of(other[1]) != expected:
                raise AwsError("ValidationException", INVALID + "Condition parameter type does not match schema type")
            engine.check_key_value(path[0], other[1], path[0] in source.hash_names)
        by_key[path[0]] = cond
    partition = []
    for name in source.hash_names:
        cond = by_key.get(name)
        if cond is None:
            raise AwsError("ValidationException", f"Query condition missed key schema element: {name}")
        if cond[0] != "cmp" or cond[1] != "=":
            raise AwsError("ValidationException", "Query key condition not supported")
        partition.append(v.sort_value(cond[3][1]))
    given = [n for n in source.range_names if n in by_key]
    if given != source.range_names[: len(given)]:
        skipped = next(n for n in source.range_names if n not in by_key)
        raise AwsError("ValidationException", f"Query condition missed key schema element: {skipped}")
    range_conds = [by_key[n] for n in given]
    for cond in range_conds[:-1]:
        if cond[0] != "cmp" or cond[1] != "=":
            raise AwsError("ValidationException", "Query key condition not supported")
    part = tuple(partition) if len(source.hash_names) > 1 else partition[0]
    return part, range_conds


def _multi_range(rows: list[tuple[Any, str]], conds: list[Any], width: int) -> tuple[int, int]:
    """The rows of a multi-attribute sort key whose leading attributes equal the
    first conditions' values and whose next attribute meets the last condition."""
    if not conds:
        return 0, len(rows)
    if width == 1:
        return _range(rows, conds[0])
    prefix = tuple(v.sort_value(c[3][1]) for c in conds[:-1])
    lead = len(prefix)

    def head(row: tuple[Any, str]) -> Any:
        return row[0][:lead]

    lo, hi = bisect_left(rows, prefix, key=head), bisect_right(rows, prefix, key=head)
    last = conds[-1]

    def component(row: tuple[Any, str]) -> Any:
        return row[0][lead]

    if last[0] == "between":
        low, high = v.sort_value(last[2][1]), v.sort_value(last[3][1])
        return bisect_left(rows, low, lo, hi, key=component), bisect_right(rows, high, lo, hi, key=component)
    if last[0] == "call":  # begins_with
        wanted = v.sort_value(last[2][1][1])
        start = end = bisect_left(rows, wanted, lo, hi, key=component)
        while end < hi and component(rows[end])[: len(wanted)] == wanted:
            end += 1
        return start, end
    op, value = last[1], v.sort_value(last[3][1])
    left, right = bisect_left(rows, value, lo, hi, key=component), bisect_right(rows, value, lo, hi, key=component)
    return {"=": (left, right), "<": (lo, left), "<=": (lo, right), ">": (right, hi), ">=": (left, hi)}[op]


def _range(rows: list[tuple[Any, str]], cond: Any) -> tuple[int, int]:
    if cond is None:
        return 0, len(rows)
    if cond[0] == "between":
        low, high = v.sort_value(cond[2][1]), v.sort_value(cond[3][1])
        return bisect_left(rows, (low,)), bisect_right(rows, (high, HIGH))
    if cond[0] == "call":  # begins_with
        prefix = v.sort_value(cond[2][1][1])
        start = end = bisect_left(rows, (prefix,))
        while end < len(rows) and rows[end][0][: len(prefix)] == prefix:
            end += 1
        return start, end
    op, value = cond[1], v.sort_value(cond[3][1])
    if op == "=":
        return bisect_left(rows, (value,)), bisect_right(rows, (value, HIGH))
    if op == "<":
        return 0, bisect_left(rows, (value,))
    if op == "<=":
        return 0, bisect_right(rows, (value, HIGH))
    if op == ">":
        return bisect_right(rows, (value, HIGH)), len(rows)
    return bisect_left(rows, (value,)), len(rows)


def query(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    with engine.enveloped():  # Query's Select errors are enveloped; its expression errors are not
        check_select(req)
    expr = engine.Request(req, projection=True, filter=True, key_condition=True)
    if expr.key_condition is None:
        raise AwsError("ValidationException", "Either the KeyConditions or KeyConditionExpression parameter must be specified in the request.")
    table = engine.get_table(ctx, req["TableName"])
    source = Source(ctx, table, req)
    if expr.filter is not None:
        _check_filter_keys(expr.filter, source)
    partition, range_conds = _key_conditions(expr.key_condition, source)
    rows = source.ordered.partition(partition)
    if len(source.range_names) > 1:
        start, end = _multi_range(rows, range_conds, len(source.range_names))
    else:
        start, end = _range(rows, range_conds[0] if range_conds else None)
    forward = req.get("ScanIndexForward", True)
    if req.get("ExclusiveStartKey"):
        part, pair = source.start_after(req["ExclusiveStartKey"])
        if part != partition:
            raise AwsError("ValidationException", "The provided starting key is outside query boundaries based on provided conditions")
        if forward:
            start = max(start, bisect_right(rows, pair))
        else:
            end = min(end, bisect_left(rows, pair))
    pairs = (rows[i] for i in (range(start, end) if forward else range(end - 1, start - 1, -1)))
    return _page(ctx, req, source, expr, pairs)


def _check_filter_keys(tree: Any, source: Source) -> None:
    keys = {*source.hash_names, *source.range_names}
    stack = [tree]
    while stack:
        node = stack.pop()
        if not isinstance(node, tuple) or not node:
            continue
        if node[0] == "path":
            if node[1][0] in keys:
                raise AwsError("ValidationException", f"Filter Expression can only contain non-primary key attributes: Primary key attribute: {node[1][0]}")
            continue
        if node[0] == "value":
            continue
        stack.extend(x for x in node[1:] if isinstance(x, tuple))


# ---------------------------------------------------------------- Scan


def scan(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    check_select(req)
    expr = engine.Request(req, projection=True, filter=True)
    segment, total = req.get("Segment"), req.get("TotalSegments")
    if total is not None and segment is None:
        raise AwsError("ValidationException", "The Segment parameter is required but was not present in the request when parameter TotalSegments is present")
    if segment is not None and total is None:
        raise AwsError("ValidationException", "The TotalSegments parameter is required but was not present in the request when Segment parameter is present")
    if segment is not None and segment >= total:
        raise AwsError("ValidationException", f"The Segment parameter is zero-based and must be less than parameter TotalSegments: Segment: {segment} is not less than TotalSegments: {total}")
    table = engine.get_table(ctx, req["TableName"])
    source = Source(ctx, table, req)
    after = source.start_after(req["ExclusiveStartKey"]) if req.get("ExclusiveStartKey") else None
    pairs = source.ordered.scan(after, segment or 0, total) if total else source.ordered.scan(after)
    return _page(ctx, req, source, expr, pairs)
