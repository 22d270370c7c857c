"""Timestamp conversions shared by the protocol parsers (and serializers).

Invariants:
- Every datetime returned is timezone-aware UTC.
- Parsing is lenient about the wire form: a member declared `iso8601` that
  arrives as epoch seconds (or an http-date) is still understood, because
  clients differ and the value's shape says which form it is. The declared
  format is only tried first.
- Failure is a `ValueError`; callers decide which AWS error that becomes.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

UTC = timezone.utc
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def from_epoch(seconds: float | int) -> datetime:
    """Epoch seconds (int or float) as an aware UTC datetime."""
    if isinstance(seconds, bool):
        raise ValueError("a boolean is not a timestamp")
    if isinstance(seconds, int):
        return EPOCH + timedelta(seconds=seconds)
    # Split to keep microseconds exact for values such as 1398796238.123.
    whole = int(seconds // 1)
    micros = round((seconds - whole) * 1_000_000)
    return EPOCH + timedelta(seconds=whole, microseconds=micros)


def _parse_iso8601(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse_rfc822(text: str) -> datetime:
    value = parsedate_to_datetime(text)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _parse_epoch_text(text: str) -> datetime:
    return from_epoch(int(text) if text.lstrip("-").isdigit() else float(text))


_BY_FORMAT = {
    "iso8601": _parse_iso8601,
    "rfc822": _parse_rfc822,
    "unixtimestamp": _parse_epoch_text,
}
_FALLBACK_ORDER = (_parse_epoch_text, _parse_iso8601, _parse_rfc822)


def parse_timestamp(text: str, fmt: str | None = None) -> datetime:
    """A timestamp sent as text, trying the declared format first."""
    text = text.strip()
    first = _BY_FORMAT.get((fmt or "").lower())
    if first is not None:
        try:
            return first(text)
        except (ValueError, TypeError, OverflowError):
            pass
    for parser in _FALLBACK_ORDER:
        if parser is first:
            continue
        try:
            return parser(text)
        except (ValueError, TypeError, OverflowError):
            continue
    raise ValueError(f"not a timestamp: {text!r}")
