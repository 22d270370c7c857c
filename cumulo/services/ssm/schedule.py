"""SSM's schedule expressions on the shared engine (cumulo/engines/schedules.py).

SSM takes EventBridge's six-field cron and also the seven-field form with a
leading seconds field (`cron(0 0 2 ? * SUN *)`); seconds must be 0. Maintenance
windows add a `ScheduleOffset` in days after each cron occurrence.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cumulo.core.errors import AwsError
from cumulo.engines import schedules


def parse(expression: str, timezone: str | None, error_code: str, what: str = "schedule") -> schedules.Schedule:
    text = expression.strip()
    if text.startswith("cron(") and text.endswith(")"):
        fields = text[5:-1].split()
        if len(fields) == 7:
            if fields[0] != "0":
                raise AwsError(error_code, f"The {what} expression {expression} is not valid: seconds must be 0.")
            text = "cron(" + " ".join(fields[1:]) + ")"
    try:
        return schedules.parse(text, timezone or "UTC")
    except schedules.ScheduleError as error:
        raise AwsError(error_code, f"The {what} expression {expression} is not valid: {error.reason}") from None


def next_time(schedule: schedules.Schedule, after: float, anchor: float | None = None, offset_days: int = 0) -> float | None:
    start = datetime.fromtimestamp(after - offset_days * 86400, tz=UTC)
    base = datetime.fromtimestamp(anchor, tz=UTC) if anchor is not None else None
    found = schedule.next_after(start, base)
    if found is None:
        return None
    return (found + timedelta(days=offset_days)).timestamp()


def iso_minute(when: float) -> str:
    """Maintenance windows show times like 2026-12-06T07:00Z."""
    return datetime.fromtimestamp(when, tz=UTC).strftime("%Y-%m-%dT%H:%MZ")


def parse_date(text: str | None) -> float | None:
    if not text:
        return None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise AwsError("ValidationException", f"The date {text} is not an ISO-8601 date.", status=400) from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()
