"""Usage plan quotas and throttles, on the cumulo clock.

Quota: requests per DAY/WEEK/MONTH period (periods start at UTC midnight, Monday,
the 1st, shifted by `offset` days), counted per (plan, key) in the `usage` table;
over the limit -> QUOTA_EXCEEDED (429 "Limit Exceeded").
Throttle: a token bucket of `burstLimit` tokens refilled at `rateLimit` per second;
empty -> THROTTLED (429 "Too Many Requests"). A moved clock refills it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cumulo.services.apigateway.models import Usage, UsagePlan
from cumulo.state.store import Scope


def period_start(period: str, offset: int, now: float) -> float:
    moment = datetime.fromtimestamp(now, UTC)
    day = moment.replace(hour=0, minute=0, second=0, microsecond=0)
    if period == "WEEK":
        day -= timedelta(days=day.weekday())
    elif period == "MONTH":
        day = day.replace(day=1)
    start = day + timedelta(days=offset or 0)
    if start > moment:  # the offset pushes this period's start ahead: we are still in the previous one
        start -= timedelta(days=1 if period == "DAY" else 7 if period == "WEEK" else 28)
    return start.timestamp()


def record(scope: Scope, plan: UsagePlan, key_id: str, now: float) -> Usage:
    usage = scope.table("usage")
    key = f"{plan.id}|{key_id}"
    quota = plan.info.get("quota") or {}
    start = period_start(quota.get("period") or "DAY", quota.get("offset") or 0, now)
    found: Usage | None = usage.get(key)
    if found is None:
        found = Usage(start)
        usage[key] = found
    elif found.period_start != start:
        found.period_start, found.used = start, 0
        usage.touch(key)
    return found


def consume(scope: Scope, plan: UsagePlan, key_id: str, now: float) -> str | None:
    """Count one request; the gateway response type refusing it, or None."""
    entry = record(scope, plan, key_id, now)
    throttle = plan.info.get("throttle") or {}
    if throttle.get("rateLimit") is not None or throttle.get("burstLimit") is not None:
        burst = float(throttle.get("burstLimit") or 0)
        rate = float(throttle.get("rateLimit") or 0)
        capacity = max(burst, 1.0)
        if entry.tokens < 0:
            entry.tokens, entry.refilled = capacity, now
        entry.tokens = min(capacity, entry.tokens + (now - entry.refilled) * rate)
        entry.refilled = now
        if entry.tokens < 1:
            return "THROTTLED"
        entry.tokens -= 1
    limit = (plan.info.get("quota") or {}).get("limit")
    if limit is not None and entry.used >= limit:
        return "QUOTA_EXCEEDED"
    entry.used += 1
    day = datetime.fromtimestamp(now, UTC).strftime("%Y-%m-%d")
    entry.daily[day] = entry.daily.get(day, 0) + 1
    scope.table("usage").touch(f"{plan.id}|{key_id}")
    return None
