"""Log events: PutLogEvents, GetLogEvents, FilterLogEvents, StartLiveTail, GetLogRecord."""

from __future__ import annotations

import asyncio
import base64
import uuid
from collections.abc import AsyncIterator
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError
from cumulo.services.logs import delivery, events, masking, patterns
from cumulo.services.logs.common import signal_key, get_group, get_stream, group_name, group_scope, groups, invalid, not_found, now_ms, touch_group
from cumulo.services.logs.models import LogGroup, streams_table

DEFAULT_LIMIT = 10_000
MAX_RESPONSE_BYTES = 1_048_576
TAIL_SECONDS = 3 * 3600
TAIL_MAX_EVENTS = 500


async def put_log_events(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    stream = get_stream(ctx, group, req["logStreamName"])
    stamps, messages = events.check_batch(req["logEvents"])
    now = now_ms(ctx)
    first_seq = stream.next_seq
    stamps, messages, rejected = events.ingest(ctx.scope, group, stream, stamps, messages, now)
    touch_group(ctx, group)
    out: dict[str, Any] = {"nextSequenceToken": f"{stream.next_seq:056d}"}
    if rejected:
        out["rejectedLogEventsInfo"] = rejected
    if not stamps:
        return out
    ctx.runtime.signals.notify(signal_key(ctx.account, ctx.region, group.name))
    if group.metric_filters or group.subscription_filters:
        # Tuples only when something reads the events as they arrive.
        kept = [(ts, now, message) for ts, message in zip(stamps, messages, strict=True)]
        if group.metric_filters:
            points = delivery.metric_points(group, kept)
            if points:
                await delivery.publish_metrics(ctx.runtime, ctx.account, ctx.region, points)
        if group.subscription_filters:
            keyed = [((e[0], first_seq, i), e) for i, e in enumerate(kept)]
            await delivery.subscriptions(ctx.runtime, group, stream.name, keyed)
    return out


def _token_key(token: str) -> tuple[str, tuple[int, int, int]]:
    try:
        direction, digits = token.split("/", 1)
        if direction not in ("f", "b") or len(digits) != 31:
            raise ValueError
        return direction, (int(digits[:15]), int(digits[15:25]), int(digits[25:]))
    except ValueError:
        raise invalid("The specified nextToken is invalid.") from None


def _token(direction: str, key: tuple[int, int, int]) -> str:
    return f"{direction}/{key[0]:015d}{key[1]:010d}{key[2]:06d}"


def _message(group: LogGroup, message: str, unmask: bool) -> str:
    if group.data_protection_policy and not unmask:
        return masking.mask(group.data_protection_policy, message)
    return message


def get_log_events(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    stream = get_stream(ctx, group, req["logStreamName"])
    limit = req.get("limit") or DEFAULT_LIMIT
    scope = ctx.store.scope("logs", group.account, group.region)
    token = req.get("nextToken")
    forward = bool(req.get("startFromHead"))
    after = None
    if token:
        direction, after = _token_key(token)
        forward = direction == "f"
    picked = events.window(scope, group.name, stream.name, req.get("startTime"), req.get("endTime"), forward, after, limit)
    size = 0
    cut = len(picked)
    for i, (_, e) in enumerate(picked):
        size += len(e[2]) + events.EVENT_OVERHEAD
        if size > MAX_RESPONSE_BYTES:
            cut = i
            break
    picked = picked[:cut] if forward else picked[len(picked) - cut:]
    unmask = bool(req.get("unmask"))
    out_events = [{"timestamp": e[0], "message": _message(group, e[2], unmask), "ingestionTime": e[1]} for _, e in picked]
    if picked:
        first, last = picked[0][0], picked[-1][0]
        forward_token, backward_token = _token("f", last), _token("b", first)
    elif token:
        forward_token = backward_token = token
        if token.startswith("f/"):
            backward_token = "b/" + token[2:]
        else:
            forward_token = "f/" + token[2:]
    else:
        forward_token, backward_token = _token("f", (0, 0, 0)), _token("b", (0, 0, 0))
    return {"events": out_events, "nextForwardToken": forward_token, "nextBackwardToken": backward_token}


def _streams_of(ctx: RequestContext, group: LogGroup, names: list[str] | None, prefix: str | None) -> list[str]:
    table = ctx.store.scope("logs", group.account, group.region).table(streams_table(group.name))
    if names:
        return [n for n in names if n in table]
    return sorted(n for n in table if not prefix or n.startswith(prefix))


def filter_log_events(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    group = get_group(ctx, req)
    if req.get("logStreamNames") and req.get("logStreamNamePrefix"):
        raise invalid("Cannot specify both logStreamNames and logStreamNamePrefix.")
    try:
        pattern = patterns.compile(req.get("filterPattern"))
    except patterns.PatternError as error:
        raise invalid(str(error)) from None
    limit = req.get("limit") or DEFAULT_LIMIT
    after: tuple[int, str, int, int] | None = None
    if req.get("nextToken"):
        try:
            raw = orjson.loads(base64.urlsafe_b64decode(req["nextToken"].encode()))
            after = (int(raw[0]), str(raw[1]), int(raw[2]), int(raw[3]))
        except (ValueError, TypeError, IndexError, orjson.JSONDecodeError):
            raise invalid("The specified nextToken is invalid.") from None
    names = _streams_of(ctx, group, req.get("logStreamNames"), req.get("logStreamNamePrefix"))
    scope = ctx.store.scope("logs", group.account, group.region)
    unmask = bool(req.get("unmask"))
    found: list[dict[str, Any]] = []
    last: tuple[int, str, int, int] | None = None
    more = False
    for name, key, event in events.merged(scope, group.name, names, req.get("startTime"), req.get("endTime")):
        order = (key[0], name, key[1], key[2])
        if after is not None and order <= after:
            continue
        if not pattern.matches(event[2]):
            continue
        if len(found) >= limit:
            more = True
            break
        found.append({
            "logStreamName": name, "timestamp": event[0], "message": _message(group, event[2], unmask),
            "ingestionTime": event[1], "eventId": delivery.event_id(name, key),
        })
        last = order
    out: dict[str, Any] = {
        "events": found,
        "searchedLogStreams": [{"logStreamName": n, "searchedCompletely": not more} for n in names],
    }
    if more and last is not None:
        out["nextToken"] = base64.urlsafe_b64encode(orjson.dumps(list(last))).decode()
    return out


def start_live_tail(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    identifiers = req["logGroupIdentifiers"]
    if req.get("logStreamNames") and req.get("logStreamNamePrefixes"):
        raise invalid("Cannot specify both logStreamNames and logStreamNamePrefixes.")
    targets: list[LogGroup] = []
    for identifier in identifiers:
        group = groups(group_scope(ctx, identifier)).get(group_name(identifier))
        if group is None:
            raise not_found(f"Log group {identifier} does not exist.")
        targets.append(group)
    try:
        pattern = patterns.compile(req.get("logEventFilterPattern"))
    except patterns.PatternError as error:
        raise invalid(str(error)) from None
    names = req.get("logStreamNames")
    prefixes = req.get("logStreamNamePrefixes")
    runtime = ctx.runtime
    started = runtime.clock.now()
    session = str(uuid.uuid4())
    # Where each stream's new chunks start: only events ingested after the session begins.
    marks: dict[tuple[str, str, str, str], int] = {}
    for group in targets:
        for sname, known in runtime.store.scope("logs", group.account, group.region).table(streams_table(group.name)).items():
            marks[(group.account, group.region, group.name, sname)] = known.next_seq

    def wanted(stream: str) -> bool:
        if names:
            return stream in names
        if prefixes:
            return any(stream.startswith(p) for p in prefixes)
        return True

    def fresh() -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []
        for group in targets:
            scope = runtime.store.scope("logs", group.account, group.region)
            for sname, stream in scope.table(streams_table(group.name)).items():
                mark = (group.account, group.region, group.name, sname)
                since = marks.get(mark, 1)
                if stream.next_seq <= since or not wanted(sname):
                    marks[mark] = stream.next_seq
                    continue
                table = scope.table(f"events/{group.name}/{sname}")
                for seq in range(since, stream.next_seq):
                    chunk = table.get(f"{seq:010d}")
                    for ts, ingested, message in chunk.events if chunk else ():
                        if pattern.matches(message):
                            out.append({"logStreamName": sname, "logGroupIdentifier": group.arn, "message": message,
                                        "timestamp": ts, "ingestionTime": ingested})
                marks[mark] = stream.next_seq
        out.sort(key=lambda e: e["timestamp"])
        return out

    async def stream() -> AsyncIterator[dict[str, Any]]:
        yield {"sessionStart": {"requestId": ctx.request_id, "sessionId": session, "logGroupIdentifiers": identifiers,
                                "logStreamNames": names or [], "logStreamNamePrefixes": prefixes or [],
                                "logEventFilterPattern": req.get("logEventFilterPattern", "")}}
        while True:
            if runtime.clock.now() - started > TAIL_SECONDS:
                raise AwsError("SessionTimeoutException", "Session timed out after 3 hours.")
            waits = [runtime.signals.wait(signal_key(g.account, g.region, g.name), 1.0) for g in targets]
            tasks = [asyncio.ensure_future(w) for w in waits]
            _, pending = await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
            if any(groups(runtime.store.scope("logs", g.account, g.region)).get(g.name) is not g for g in targets):
                return  # a tailed group was deleted (or the state reset): the session ends
            found = fresh()
            sampled = len(found) > TAIL_MAX_EVENTS
            yield {"sessionUpdate": {"sessionMetadata": {"sampled": sampled}, "sessionResults": found[-TAIL_MAX_EVENTS:]}}

    return {"responseStream": stream()}


def get_log_record(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    from cumulo.services.logs.insights_run import record_at

    record = record_at(ctx, req["logRecordPointer"])
    if record is None:
        raise not_found("The specified log record does not exist.")
    return {"logRecord": record}
