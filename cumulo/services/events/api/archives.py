"""Archives (events kept per bus, retention on the clock) and replays (archived events sent again).

A replay is started here and run by the `replays` tick (clockwork.py): it goes
STARTING -> RUNNING -> COMPLETED, re-delivering each archived event whose time
lies in [EventStartTime, EventEndTime) to the destination bus's rules (only
those in FilterArns when given), with `replay-name` set on the event.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.services.events import lookup
from cumulo.services.events.api.rules import check_pattern
from cumulo.services.events.models import Archive, Replay


def _archives(ctx: RequestContext) -> Any:
    return lookup.table(ctx.store, ctx.account, ctx.region, "archives")


def _archive(ctx: RequestContext, name: str) -> Archive:
    found: Archive | None = _archives(ctx).get(name)
    if found is None:
        raise lookup.not_found(f"Archive {name} does not exist.")
    return found


def _epoch(value: Any) -> float:
    return value.timestamp() if hasattr(value, "timestamp") else float(value)


def create_archive(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["ArchiveName"]
    archives = _archives(ctx)
    if name in archives:
        raise AwsError("ResourceAlreadyExistsException", f"Archive {name} already exists.")
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, req["EventSourceArn"], now=ctx.clock.now())
    if req.get("EventPattern"):
        check_pattern(req["EventPattern"])
    now = ctx.clock.now()
    archive = Archive(name, ctx.account, ctx.region, bus.arn, now, event_pattern=req.get("EventPattern") or None,
                      description=req.get("Description"), retention_days=req.get("RetentionDays") or 0,
                      kms_key=req.get("KmsKeyIdentifier"))
    archives[name] = archive
    return {"ArchiveArn": archive.arn, "State": archive.state, "CreationTime": now}


def delete_archive(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    archive = _archive(ctx, req["ArchiveName"])
    lookup.table(ctx.store, ctx.account, ctx.region, f"archived/{archive.name}").clear()
    del _archives(ctx)[archive.name]
    return {}


def describe_archive(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    archive = _archive(ctx, req["ArchiveName"])
    out = _view(archive)
    out["ArchiveArn"] = archive.arn
    for key, value in (("Description", archive.description), ("EventPattern", archive.event_pattern),
                       ("KmsKeyIdentifier", archive.kms_key)):
        if value is not None:
            out[key] = value
    return out


def _view(archive: Archive) -> dict[str, Any]:
    out: dict[str, Any] = {"ArchiveName": archive.name, "EventSourceArn": archive.source_arn, "State": archive.state,
                           "RetentionDays": archive.retention_days, "SizeBytes": archive.size_bytes,
                           "EventCount": archive.event_count, "CreationTime": archive.created}
    if archive.state_reason:
        out["StateReason"] = archive.state_reason
    return out


def list_archives(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    archives = _archives(ctx)
    prefix = req.get("NamePrefix") or ""
    found = [_view(archives[n]) for n in sorted(archives) if n.startswith(prefix)
             and (not req.get("EventSourceArn") or archives[n].source_arn == req["EventSourceArn"])
             and (not req.get("State") or archives[n].state == req["State"])]
    chunk, token = lookup.page(found, req)
    return {"Archives": chunk, **({"NextToken": token} if token else {})}


def update_archive(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    archive = _archive(ctx, req["ArchiveName"])
    if req.get("EventPattern"):
        check_pattern(req["EventPattern"])
        archive.event_pattern = req["EventPattern"]
    if "Description" in req:
        archive.description = req["Description"]
    if "RetentionDays" in req:
        archive.retention_days = req["RetentionDays"] or 0
    if "KmsKeyIdentifier" in req:
        archive.kms_key = req["KmsKeyIdentifier"] or None
    _archives(ctx).touch(archive.name)
    return {"ArchiveArn": archive.arn, "State": archive.state, "CreationTime": archive.created}


# ---------------------------------------------------------------- replays


def _replays(ctx: RequestContext) -> Any:
    return lookup.table(ctx.store, ctx.account, ctx.region, "replays")


def _replay(ctx: RequestContext, name: str) -> Replay:
    found: Replay | None = _replays(ctx).get(name)
    if found is None:
        raise lookup.not_found(f"Replay {name} does not exist.")
    return found


def start_replay(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    name = req["ReplayName"]
    replays = _replays(ctx)
    if name in replays:
        raise AwsError("ResourceAlreadyExistsException", f"Replay {name} already exists.")
    archive_name = req["EventSourceArn"].rsplit("/", 1)[-1]
    archive = _archive(ctx, archive_name)
    start, end = _epoch(req["EventStartTime"]), _epoch(req["EventEndTime"])
    if start >= end:
        raise ValidationError(message="Parameter EventStartTime must be before EventEndTime.")
    now = ctx.clock.now()
    if end > now:
        raise ValidationError(message="Parameter EventEndTime is not valid. Reason: EventEndTime cannot be in the future.")
    destination = req["Destination"]
    bus = lookup.bus(ctx.store, ctx.account, ctx.region, destination["Arn"], now=now)
    if bus.arn != archive.source_arn:
        raise ValidationError(message="Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.")
    replay = Replay(name, ctx.account, ctx.region, archive.arn, dict(destination), start, end,
                    description=req.get("Description"), started=now)
    replays[name] = replay
    return {"ReplayArn": replay.arn, "State": replay.state, "ReplayStartTime": now}


def cancel_replay(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    replay = _replay(ctx, req["ReplayName"])
    if replay.state not in ("STARTING", "RUNNING"):
        raise AwsError("IllegalStatusException", f"Replay {replay.name} is not in a state that can be cancelled.")
    replay.state = "CANCELLED"
    replay.ended = ctx.clock.now()
    _replays(ctx).touch(replay.name)
    return {"ReplayArn": replay.arn, "State": replay.state}


def describe_replay(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    replay = _replay(ctx, req["ReplayName"])
    out = _replay_view(replay)
    out.update(ReplayArn=replay.arn, Destination=replay.destination)
    if replay.description is not None:
        out["Description"] = replay.description
    return out


def _replay_view(replay: Replay) -> dict[str, Any]:
    out: dict[str, Any] = {"ReplayName": replay.name, "EventSourceArn": replay.source_arn, "State": replay.state,
                           "EventStartTime": replay.start, "EventEndTime": replay.end, "ReplayStartTime": replay.started}
    if replay.state_reason:
        out["StateReason"] = replay.state_reason
    if replay.last_replayed is not None:
        out["EventLastReplayedTime"] = replay.last_replayed
    if replay.ended is not None:
        out["ReplayEndTime"] = replay.ended
    return out


def list_replays(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    replays = _replays(ctx)
    prefix = req.get("NamePrefix") or ""
    found = [_replay_view(replays[n]) for n in sorted(replays) if n.startswith(prefix)
             and (not req.get("State") or replays[n].state == req["State"])
             and (not req.get("EventSourceArn") or replays[n].source_arn == req["EventSourceArn"])]
    chunk, token = lookup.page(found, req)
    return {"Replays": chunk, **({"NextToken": token} if token else {})}
