"""Point-in-time recovery: the change log that lets a table be rebuilt as it was
at any second of its recovery window.

While PITR is on, every item change appends a `Change` (time, row key, old
image, new image) to `history/<table>`, numbered `table.pitr_first ..
table.pitr_seq` with no gaps. The table's items are always the state at the
latest change, so the state at time `t` is the current items with every change
made after `t` undone, newest first: O(items + changes since t), and nothing is
copied when PITR is turned on.

The window, on the cumulo clock, is `EarliestRestorableDateTime` = the later of
the moment PITR was enabled and `now - RecoveryPeriodInDays`, to
`LatestRestorableDateTime` = now. (AWS's latest restorable time trails real time
by about five minutes; here every acknowledged write is restorable at once, so
a test need not wait.) A tick (`trim`) drops changes older than the window in
O(dropped). Turning PITR off, or deleting the table, drops the log, as AWS does
(https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/PointInTimeRecovery.html).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cumulo.core.errors import AwsError
from cumulo.services.dynamodb.models import Change, Table, history_table

if TYPE_CHECKING:
    from cumulo.core.context import RequestContext
    from cumulo.state import Scope

DAY = 86400.0


def _key(seq: int) -> str:
    return f"{seq:016d}"


def record(scope: Scope, table: Table, now: float, rkey: str, old: Any, new: Any) -> None:
    table.pitr_seq += 1
    scope.table(history_table(table.name))[_key(table.pitr_seq)] = Change(table.pitr_seq, now, rkey, old, new)


def enable(scope: Scope, table: Table, now: float, days: int | None) -> None:
    if not table.pitr_enabled:
        drop(scope, table)
        table.pitr_since = now
    table.pitr_enabled = True
    table.pitr_days = days or table.pitr_days or 35


def drop(scope: Scope, table: Table) -> None:
    scope.table(history_table(table.name)).clear()
    table.pitr_first, table.pitr_seq = 1, 0


def window(table: Table, now: float) -> tuple[float, float]:
    """(earliest, latest) restorable times."""
    since = table.pitr_since if table.pitr_since is not None else now
    return max(since, now - table.pitr_days * DAY), now


def restore_time(table: Table, req: dict[str, Any], now: float) -> float:
    """The time a restore or export asks for, checked against the window."""
    if not table.pitr_enabled:
        raise AwsError("PointInTimeRecoveryUnavailableException", f"Point in time recovery is not enabled for table '{table.name}'")
    earliest, latest = window(table, now)
    when = req.get("RestoreDateTime")
    if req.get("UseLatestRestorableTime"):
        if when is not None:
            raise AwsError("ValidationException", "Only one of RestoreDateTime or UseLatestRestorableTime can be specified")
        return latest
    if when is None:
        return latest  # neither given: the latest restorable time
    at = when.timestamp()
    if not earliest <= at <= latest:
        raise AwsError("InvalidRestoreTimeException", "RestoreDateTime must be between EarliestRestorableDateTime and LatestRestorableDateTime")
    return at


def _since(scope: Scope, table: Table, after: float) -> Iterator[Change]:
    """The changes made after `after`, newest first."""
    log = scope.table(history_table(table.name))
    for seq in range(table.pitr_seq, table.pitr_first - 1, -1):
        change = log.get(_key(seq))
        if change is not None:
            if change.time <= after:
                return
            yield change


def items_at(scope: Scope, table: Table, rows: Any, at: float) -> dict[str, Any]:
    """Row key -> item as the table was at time `at` (rows: the state table of the
    current items, read without warming them)."""
    state = dict(rows.walk())
    for change in _since(scope, table, at):
        if change.old is None:
            state.pop(change.rkey, None)
        else:
            state[change.rkey] = change.old
    return state


def changes_between(scope: Scope, table: Table, start: float, end: float) -> list[Change]:
    """The changes made in (start, end], oldest first (incremental exports)."""
    found = [change for change in _since(scope, table, start) if change.time <= end]
    found.reverse()
    return found


def trim(scope: Scope, table: Table, now: float) -> int:
    """Drop the changes older than the window; returns how many."""
    if not table.pitr_enabled:
        return 0
    earliest, _ = window(table, now)
    log = scope.table(history_table(table.name))
    dropped = 0
    while table.pitr_first <= table.pitr_seq:
        key = _key(table.pitr_first)
        change = log.get(key)
        if change is not None:
            if change.time >= earliest:
                break
            del log[key]
            dropped += 1
        table.pitr_first += 1
    return dropped


def describe(ctx: RequestContext, table: Table) -> dict[str, Any]:
    pitr: dict[str, Any] = {"PointInTimeRecoveryStatus": "ENABLED" if table.pitr_enabled else "DISABLED"}
    if table.pitr_enabled:
        earliest, latest = window(table, ctx.clock.now())
        pitr["EarliestRestorableDateTime"] = earliest
        pitr["LatestRestorableDateTime"] = latest
        pitr["RecoveryPeriodInDays"] = table.pitr_days
    return {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": pitr}
