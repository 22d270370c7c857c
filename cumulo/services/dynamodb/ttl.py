"""Time to live: a background sweep deleting expired items.

Every `EVERY` seconds of the cumulo clock, each table with TTL enabled is
scanned for items whose TTL attribute is a number of epoch seconds in the past
(and not more than five years in the past: AWS ignores those). Each is deleted
through the same write path as DeleteItem, so indexes, counts and the stream
follow; its stream record names the DynamoDB service as the deleter
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/time-to-live-ttl-streams.html).
The sweep also trims stream records past their 24-hour retention.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cumulo.core.context import Principal, RequestContext
from cumulo.services.dynamodb import engine, streams
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
        for table in list(scope.table("tables").values()):
            if table.stream_label:
                streams.trim(scope.table(stream_table(table.name)), now)
            if table.ttl_enabled and table.ttl_attribute:
                expire(ctx, table, now)


def expire(ctx: RequestContext, table: Any, now: float) -> int:
    data = engine.data(ctx, table)
    name = table.ttl_attribute
    due = []
    for rkey, item in data.rows.rows.items():
        value = item.get(name)
        if value is None or "N" not in value:
            continue
        at = Decimal(value["N"])
        if now - FIVE_YEARS <= at < Decimal(now):
            due.append((rkey, item))
    for rkey, item in due:
        engine.commit_write(ctx, table, rkey, item, None, service_delete=True)
    return len(due)
