"""Table and index status transitions, as SDK waiters observe them.

CreateTable and the restores answer CREATING; UpdateTable answers UPDATING
while a GSI is created (its `IndexStatus` CREATING, `Backfilling` true) or
deleted (DELETING); DeleteTable answers DELETING. A transitional status holds
until `status_until` on the cumulo clock, `CUMULO_DYNAMODB_STATUS_DELAY`
seconds after the change (0 by default), and is settled lazily by the first
call that looks at the table afterwards: with no delay the next DescribeTable
already says ACTIVE (or ResourceNotFoundException after a delete), so
`table_exists` / `table_not_exists` waiters pass at their first poll, and a
test that moves the clock sees the whole sequence. Settling reads only the
clock, so it needs no timer and survives a restart unchanged.

A table that is CREATING or DELETING is not usable for item operations
(ResourceNotFoundException, as AWS answers for a table that is not ACTIVE);
an index that is backfilling cannot be queried.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cumulo.services.dynamodb import indexes, pitr
from cumulo.services.dynamodb.models import Table, items_table, stream_table

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.state import Scope


def delay(ctx: RequestContext) -> float:
    return float(getattr(ctx.runtime.config, "dynamodb_status_delay", 0.0) or 0.0)


def begin(ctx: RequestContext, table: Table, status: str) -> None:
    """Put the table into a transitional status (CREATING, UPDATING, DELETING)."""
    table.status = status
    table.status_until = ctx.clock.now() + delay(ctx)


def settle(scope: Scope, table: Table, now: float) -> Table | None:
    """Finish the table's transition if its time has come. Returns the table,
    or None when a pending delete has now removed it."""
    if table.status == "ACTIVE" or now < table.status_until:
        return table
    if table.status == "DELETING":
        remove(scope, table)
        return None
    data = indexes.data(scope, table)
    for name, index in list(table.gsis.items()):
        if index.status == "DELETING":
            del table.gsis[name]
            data.drop_index(name)
        else:
            index.status = "ACTIVE"
    table.status = "ACTIVE"
    scope.table("tables").touch(table.name)
    return table


def remove(scope: Scope, table: Table) -> None:
    """Delete the table and everything kept for it."""
    scope.table(items_table(table.name)).clear()
    scope.table(stream_table(table.name)).clear()
    pitr.drop(scope, table)
    indexes.forget(scope, table.name)
    policies = scope.table("policies")
    for arn in [a for a in policies if a == table.arn or a.startswith(table.arn + "/")]:
        del policies[arn]
    registry = scope.table("tables")
    if registry.get(table.name) is table:
        del registry[table.name]


def settle_all(scope: Scope, now: float) -> list[Any]:
    """Every table of a scope, transitions settled (ListTables, the tick)."""
    registry = scope.table("tables")
    out = []
    for table in list(registry.values()):
        if table.status != "ACTIVE":
            table = settle(scope, table, now)
        if table is not None:
            out.append(table)
    return out
