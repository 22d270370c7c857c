"""PartiQL handlers: ExecuteStatement, BatchExecuteStatement, ExecuteTransaction.

Statements are compiled by `partiql`, planned here into writes (nothing
changes while planning), and applied through the same write path as PutItem,
UpdateItem and DeleteItem.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice
from typing import Any

from cumulo.core.errors import AwsError
from cumulo.core.context import RequestContext
from cumulo.services.dynamodb import engine, indexes, paging, partiql
from cumulo.services.dynamodb import values as v
from cumulo.services.dynamodb.api.items import CONDITION_FAILED
from cumulo.services.dynamodb.api.queries import PAGE_BYTES, READ_BATCH, Source, read_items
from cumulo.services.dynamodb.expressions import apply_update, matches, project
from cumulo.services.dynamodb.models import Table

MAX_BATCH = 25
MAX_TRANSACTION = 100
# A failed statement of a batch names its error by BatchStatementErrorCodeEnum, not by the
# exception's code (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementError.html).
STATEMENT_ERRORS = {
    "ValidationException": "ValidationError",
    "ResourceNotFoundException": "ResourceNotFound",
    "DuplicateItemException": "DuplicateItem",
    "ConditionalCheckFailedException": "ConditionalCheckFailed",
    "ProvisionedThroughputExceededException": "ProvisionedThroughputExceeded",
    "ItemCollectionSizeLimitExceededException": "ItemCollectionSizeLimitExceeded",
    "RequestLimitExceeded": "RequestLimitExceeded",
    "TransactionConflictException": "TransactionConflict",
    "ThrottlingException": "ThrottlingError",
    "InternalServerError": "InternalServerError",
    "AccessDeniedException": "AccessDenied",
}


@dataclass(slots=True)
class Write:
    table: Table
    rkey: str
    old: v.Item | None
    new: v.Item | None


class ConditionFailed(Exception):
    def __init__(self, old: v.Item | None) -> None:
        self.old = old


def _plan(ctx: RequestContext, stmt: partiql.Statement) -> Write | None:
    table = engine.get_table(ctx, stmt.table)
    rows = engine.data(ctx, table).rows
    if stmt.kind == "insert":
        item = v.clean_item(stmt.item or {})
        engine.check_item(table, item)
        rkey = indexes.row_key(table, item)
        if rkey in rows:
            raise AwsError("DuplicateItemException", "Duplicate primary key exists in table")
        return Write(table, rkey, None, item)
    key = partiql.target_key(table, stmt.where)
    rkey = indexes.row_key(table, key)
    old = rows.get(rkey)
    if stmt.kind == "delete":
        if old is None:
            return None
        if not matches(stmt.where, old):
            raise ConditionFailed(old)
        return Write(table, rkey, old, None)
    if old is None or not matches(stmt.where, old):
        raise ConditionFailed(old)
    update = partiql.update_tree(stmt.actions or [])
    for section, actions in update.items():
        for action in actions:
            path = action if section == "REMOVE" else action[0]
            if path[0] in key:
                raise AwsError("ValidationException", f"One or more parameter values were invalid: Cannot update attribute {path[0]}. This attribute is part of the key")
    new = apply_update(update, old)
    engine.check_item(table, new)
    return Write(table, rkey, old, new)


def _select(ctx: RequestContext, stmt: partiql.Statement, limit: int | None, token: str | None) -> tuple[list[v.Item], str | None]:
    table = engine.get_table(ctx, stmt.table)
    source = Source(ctx, table, {"IndexName": stmt.index} if stmt.index else {})
    rows = engine.data(ctx, table).rows
    wanted = partiql.key_equalities(stmt.where).get(source.hash_key)
    pairs = source.ordered.partition(v.sort_value(wanted)) if wanted is not None else source.ordered.scan()
    start = paging.start(token)
    out: list[v.Item] = []
    read = 0
    position = start
    for stored in read_items(rows, islice(pairs, start, None), READ_BATCH):
        item = source.view(stored, "ALL_PROJECTED_ATTRIBUTES")
        read += v.item_size(item)
        position += 1
        if stmt.where is None or matches(stmt.where, item):
            out.append(project(stmt.projection, item) if stmt.projection else item)
        if (limit is not None and len(out) >= limit) or read >= PAGE_BYTES:
            return out, paging.token(position)
    return out, None


def _apply(ctx: RequestContext, writes: list[Write | None]) -> None:
    for write in writes:
        if write is not None:
            engine.commit_write(ctx, write.table, write.rkey, write.old, write.new)


def _failed(req: dict[str, Any], old: v.Item | None) -> AwsError:
    fields = {"Item": old} if req.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and old is not None else {}
    return AwsError("ConditionalCheckFailedException", CONDITION_FAILED, **fields)


def execute_statement(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    stmt = partiql.compile_statement(req["Statement"], req.get("Parameters"))
    if stmt.kind == "select":
        items, token = _select(ctx, stmt, req.get("Limit"), req.get("NextToken"))
        out: dict[str, Any] = {"Items": items}
        if token:
            out["NextToken"] = token
        return out
    try:
        write = _plan(ctx, stmt)
    except ConditionFailed as failure:
        raise _failed(req, failure.old) from None
    _apply(ctx, [write])
    return {"Items": []}


def batch_execute_statement(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    statements = req["Statements"]
    if len(statements) > MAX_BATCH:
        raise AwsError("ValidationException", f"Member must have length less than or equal to {MAX_BATCH}")
    responses: list[dict[str, Any]] = []
    for entry in statements:
        try:
            stmt = partiql.compile_statement(entry["Statement"], entry.get("Parameters"))
            response: dict[str, Any] = {"TableName": stmt.table}
            if stmt.kind == "select":
                table = engine.get_table(ctx, stmt.table)
                key = partiql.target_key(table, stmt.where)
                item = engine.data(ctx, table).rows.get(indexes.row_key(table, key))
                if item is not None and matches(stmt.where, item):
                    response["Item"] = project(stmt.projection, item) if stmt.projection else item
            else:
                _apply(ctx, [_plan(ctx, stmt)])
            responses.append(response)
        except ConditionFailed as failure:
            error: dict[str, Any] = {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
            if entry.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and failure.old is not None:
                error["Item"] = failure.old
            responses.append({"Error": error})
        except AwsError as failure:
            if failure.code not in STATEMENT_ERRORS:
                raise
            responses.append({"Error": {"Code": STATEMENT_ERRORS[failure.code], "Message": failure.message}})
    return {"Responses": responses}


def execute_transaction(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    entries = req["TransactStatements"]
    if len(entries) > MAX_TRANSACTION:
        raise AwsError("ValidationException", f"Member must have length less than or equal to {MAX_TRANSACTION}")
    statements = [partiql.compile_statement(e["Statement"], e.get("Parameters")) for e in entries]
    reads = [s.kind == "select" for s in statements]
    if any(reads) and not all(reads):
        raise AwsError("ValidationException", "Transaction must contain either all reads or all writes")
    if all(reads):
        responses = []
        for stmt in statements:
            table = engine.get_table(ctx, stmt.table)
            item = engine.data(ctx, table).rows.get(indexes.row_key(table, partiql.target_key(table, stmt.where)))
            found = item is not None and matches(stmt.where, item)
            responses.append({"Item": project(stmt.projection, item) if stmt.projection else item} if found else {})
        return {"Responses": responses}
    writes: list[Write | None] = []
    reasons: list[dict[str, Any]] = []
    seen: set[tuple[str, str]] = set()
    for entry, stmt in zip(entries, statements):
        try:
            write = _plan(ctx, stmt)
            reasons.append({"Code": "None"})
            writes.append(write)
            if write is not None:
                if (write.table.name, write.rkey) in seen:
                    raise AwsError("ValidationException", "Transaction request cannot include multiple operations on one item")
                seen.add((write.table.name, write.rkey))
        except ConditionFailed as failure:
            reason: dict[str, Any] = {"Code": "ConditionalCheckFailed", "Message": CONDITION_FAILED}
            if entry.get("ReturnValuesOnConditionCheckFailure") == "ALL_OLD" and failure.old is not None:
                reason["Item"] = failure.old
            reasons.append(reason)
        except AwsError as failure:
            if failure.code != "DuplicateItemException":
                raise
            reasons.append({"Code": "DuplicateItem", "Message": failure.message})
    if any(r["Code"] != "None" for r in reasons):
        codes = ", ".join(r["Code"] for r in reasons)
        raise AwsError("TransactionCanceledException",
                       f"Transaction cancelled, please refer cancellation reasons for specific reasons [{codes}]",
                       CancellationReasons=reasons)
    _apply(ctx, writes)
    return {}
