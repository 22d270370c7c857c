"""Retention on the clock: a tick drops events older than their group's retention."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cumulo.services.logs import events

if TYPE_CHECKING:
    from cumulo.core.runtime import Runtime


def trim_all(runtime: Runtime, now: float | None = None) -> int:
    now_ms = runtime.clock.now_ms()
    dropped = 0
    for scope in runtime.store.scopes_of("logs"):
        table = scope.table("groups")
        for name, group in list(table.items()):
            if group.retention_days:
                gone = events.trim(scope, group, now_ms)
                if gone:
                    dropped += gone
                    table.touch(name)
    return dropped
