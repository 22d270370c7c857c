"""PutEvents and PutPartnerEvents: checking each entry, then routing it on its bus.

https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
An entry that fails its checks fails alone (ErrorCode/ErrorMessage in its
result entry); the others are routed. The request as a whole is at most 256 KB.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from cumulo.core.context import RequestContext
from cumulo.core.errors import AwsError, ValidationError
from cumulo.services.events import lookup, routing

MAX_SIZE = 256 * 1024


def _entry_size(entry: dict[str, Any]) -> int:
    size = 14 if entry.get("Time") is not None else 0
    for key in ("Source", "DetailType", "Detail"):
        size += len((entry.get(key) or "").encode())
    return size + sum(len(r.encode()) for r in entry.get("Resources") or [])


def _when(entry: dict[str, Any], now: float) -> float:
    value = entry.get("Time")
    if value is None:
        return now
    if isinstance(value, datetime):
        return value.timestamp()
    return float(value)


def _invalid(name: str, reason: str) -> dict[str, Any]:
    return {"ErrorCode": "InvalidArgument", "ErrorMessage": f"Parameter {name} is not valid. Reason: {reason}"}


def _check(entry: dict[str, Any]) -> tuple[Any, dict[str, Any] | None]:
    """(the parsed detail, None) or (None, the failure entry)."""
    for field in ("Source", "DetailType", "Detail"):
        if not entry.get(field):
            return None, _invalid(field, f"{field} is a required argument.")
    try:
        detail = orjson.loads(entry["Detail"])
    except orjson.JSONDecodeError:
        return None, {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    if not isinstance(detail, dict):
        return None, {"ErrorCode": "MalformedDetail", "ErrorMessage": "Detail is malformed."}
    return detail, None


async def put_events(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    entries = req["Entries"]
    if sum(_entry_size(e) for e in entries) > MAX_SIZE:
        raise ValidationError(message="Total size of the entries in the request is over the limit.")
    now = ctx.clock.now()
    results: list[dict[str, Any]] = []
    failed = 0
    for entry in entries:
        detail, failure = _check(entry)
        if failure is None:
            try:
                bus = lookup.bus(ctx.store, ctx.account, ctx.region, entry.get("EventBusName"), now=now)
            except AwsError as error:
                failure = {"ErrorCode": error.code, "ErrorMessage": error.message}
        if failure is not None:
            failed += 1
            results.append(failure)
            continue
        event = routing.new_event(ctx.account, ctx.region, entry["Source"], entry["DetailType"], detail,
                                  list(entry.get("Resources") or []), _when(entry, now))
        await routing.route(ctx.runtime, bus, event)
        results.append({"EventId": event["id"]})
    return {"FailedEntryCount": failed, "Entries": results}


async def put_partner_events(ctx: RequestContext, req: dict[str, Any]) -> dict[str, Any]:
    """A partner's events reach the partner event bus (named as the source) of every account it was granted to."""
    now = ctx.clock.now()
    sources = lookup.table(ctx.store, ctx.account, ctx.region, "partner_sources")
    results: list[dict[str, Any]] = []
    failed = 0
    for entry in req["Entries"]:
        detail, failure = _check(entry)
        source = sources.get(entry.get("Source") or "")
        if failure is None and source is None:
            failure = {"ErrorCode": "InvalidArgument", "ErrorMessage": f"Event source {entry.get('Source')} does not exist."}
        if failure is not None:
            failed += 1
            results.append(failure)
            continue
        event_id = None
        for account in source.accounts:
            try:
                bus = lookup.bus(ctx.store, account, ctx.region, source.name, now=now)
            except AwsError:
                continue  # the customer has not made the partner bus yet
            event = routing.new_event(account, ctx.region, source.name, entry["DetailType"], detail,
                                      list(entry.get("Resources") or []), _when(entry, now))
            event_id = event_id or event["id"]
            await routing.route(ctx.runtime, bus, event)
        results.append({"EventId": event_id or routing.new_event("", "", "", "", {}, [], now)["id"]})
    return {"FailedEntryCount": failed, "Entries": results}
