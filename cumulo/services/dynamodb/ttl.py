"""Time to live: a background sweep deleting expired items; and the tick's other
housekeeping (stream retention, the point-in-time log's window, status
transitions).

Every `EVERY` seconds of the cumulo clock, each table with TTL enabled has the
items whose TTL attribute is a number of epoch seconds in the past (and not
more than five years in the past: AWS ignores those) deleted. They are found
through the TTL index the table's derived data keeps (`indexes.TableData.ttl`),
so a sweep costs O(expired), not O(items). Each is deleted through the same
write path as DeleteItem, so indexes, counts and the stream follow; its stream
record names the DynamoDB service as the deleter
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from cumulo.core.context import Principal, RequestContext
from cumulo.services.dynamodb import engine, lifecycle, pitr, streams
from cumulo.services.dynamodb.models import stream_table

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime

EVERY = 10.0
FIVE_YEARS = 5 * 365 * 24 * 3600


def sweep(runtime: Runtime, now: float) -> None:
    for scope in runtime.store.scopes_of("dynamodb"):
        account, region = scope.account, scope.region
        ctx = RequestContext("dynamodb", "TimeToLive", account, region, str(uuid.uuid4()), runtime,
                             Principal(account, "dynamodb.amazonaws.com", "dynamodb"))
        for table in lifecycle.settle_all(scope, now):
            if table.stream_label:
                streams.trim(scope.table(stream_table(table.name)), now)
            if table.pitr_enabled and pitr.trim(scope, table, now):
                scope.table("tables").touch(table.name)
            if table.ttl_enabled and table.ttl_attribute and table.status != "CREATING":
                expire(ctx, table, now)


def expire(ctx: RequestContext, table: Any, now: float) -> int:
    data = engine.data(ctx, table)
    due = data.expired(now - FIVE_YEARS, now)
    rows = data.rows
    for rkey in due:
        item = rows.get(rkey)
        if item is not None:
            engine.commit_write(ctx, table, rkey, item, None, service_delete=True)
    return len(due)
