"""Stage throttling: `RouteSettings[<route key>]` (else `DefaultRouteSettings`)
`ThrottlingRateLimit` (requests/s) and `ThrottlingBurstLimit` as a token bucket per
(API, stage, route) on the cumulo clock; an empty bucket answers 429 Too Many Requests.
A limit of 0 refuses every request, as on AWS; no limits set means none applied.
"""

from __future__ import annotations

from typing import Any

from cumulo.core.runtime import Runtime

_BUCKETS = "apigatewayv2.throttle"


def limits(stage: dict[str, Any], route_key: str) -> tuple[float, float] | None:
    """(rate per second, burst) for a route of a stage, or None when unthrottled."""
    settings = (stage.get("RouteSettings") or {}).get(route_key) or {}
    default = stage.get("DefaultRouteSettings") or {}
    rate = settings.get("ThrottlingRateLimit", default.get("ThrottlingRateLimit"))
    burst = settings.get("ThrottlingBurstLimit", default.get("ThrottlingBurstLimit"))
    if rate is None and burst is None:
        return None
    rate = float(rate if rate is not None else 10000)
    return rate, float(burst if burst is not None else max(rate, 1.0))


def admit(runtime: Runtime, key: tuple[str, str, str], rate: float, burst: float) -> bool:
    """Take one token from the route's bucket; False when it is empty."""
    buckets: dict[tuple[str, str, str], list[float]] = runtime.live.setdefault(_BUCKETS, {})
    now = runtime.clock.now()
    bucket = buckets.get(key)
    if bucket is None:
        bucket = buckets[key] = [burst, now]
    else:
        bucket[0] = min(burst, bucket[0] + max(0.0, now - bucket[1]) * rate)
        bucket[1] = now
    if bucket[0] < 1.0:
        return False
    bucket[0] -= 1.0
    return True
