"""EventBridge's work on the clock: schedule rules firing, retries, replays, archive retention.

Each is a tick over the stored state (registered in __init__), so it survives
a restart and follows a moved clock. A schedule rule fires once per tick that
finds it due, however many of its instants the clock jumped over, and the
next instant is computed from now (AWS does not catch up on missed ones).
"""

from __future__ import annotations

from typing import Any

from cumulo.core.runtime import Runtime
from cumulo.services.events import lookup, routing
from cumulo.services.events.api.rules import next_fire
from cumulo.services.events.models import Archive, Replay, Rule, rule_key


async def fire_schedules(runtime: Runtime, now: float) -> None:
    for scope in runtime.store.scopes_of(lookup.SERVICE):
        rules = scope.table("rules")
        due: list[Rule] = [r for r in rules.rows.values() if r.schedule and r.next_fire is not None and r.next_fire <= now]
        for rule in due:
            fired_at = rule.next_fire or now
            rule.next_fire = next_fire(rule, now)
            rules.touch(rule_key(rule.bus, rule.name))
            if rule.state == "DISABLED":
                continue
            event = routing.new_event(rule.account, rule.region, "aws.events", "Scheduled Event", {}, [rule.arn], fired_at)
            await routing.fan_out(runtime, rule, event)


async def retry(runtime: Runtime, now: float) -> None:
    await routing.retry_due(runtime, now)


def expire(runtime: Runtime, now: float) -> None:
    routing.expire_archives(runtime, now)


async def run_replays(runtime: Runtime, now: float) -> None:
    for scope in runtime.store.scopes_of(lookup.SERVICE):
        replays = scope.table("replays")
        for replay in [r for r in replays.rows.values() if r.state in ("STARTING", "RUNNING")]:
            await _replay(runtime, scope, replay, now)
            replays.touch(replay.name)


async def _replay(runtime: Runtime, scope: Any, replay: Replay, now: float) -> None:
    if replay.state == "STARTING":
        replay.state = "RUNNING"
        return  # one tick later it runs: STARTING is observable, as on AWS
    archive_name = replay.source_arn.rsplit("/", 1)[-1]
    archive: Archive | None = scope.table("archives").get(archive_name)
    if archive is None:
        replay.state, replay.state_reason, replay.ended = "FAILED", f"Archive {archive_name} does not exist.", now
        return
    try:
        bus = lookup.bus(runtime.store, scope.account, scope.region, replay.destination["Arn"], now=now)
    except Exception as error:  # noqa: BLE001 - the bus went away: the replay fails with the reason
        replay.state, replay.state_reason, replay.ended = "FAILED", str(error), now
        return
    only = set(replay.destination.get("FilterArns") or []) or None
    stored = scope.table(f"archived/{archive.name}")
    for key in sorted(stored.rows):
        item = stored.rows[key]
        if replay.start <= item.time < replay.end:
            event = {**item.event, "replay-name": replay.name}
            await routing.route(runtime, bus, event, only=only, archive=False)
            replay.last_replayed = item.time
        if replay.state == "CANCELLED":
            return
    replay.state, replay.ended = "COMPLETED", now
