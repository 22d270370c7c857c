"""Schedule expressions: `rate(...)`, `cron(...)` and `at(...)`, and when they fire next.

The one implementation behind EventBridge rules, EventBridge Scheduler, SSM
maintenance windows, Secrets Manager rotation and Logs-style schedules
(DESIGN.md section 13). Pure: no clock, no state; the caller passes instants.

API (small and stable):

    parse(expression, timezone="UTC") -> Schedule      # raises ScheduleError
    Schedule.kind                  # "rate" | "cron" | "at"
    Schedule.next_after(after, anchor=None) -> datetime | None
    ScheduleError(reason)          # .reason: why the expression is invalid

`after` and `anchor` are aware datetimes (a naive one is read as UTC); the
answer is an aware UTC datetime strictly later than `after`, or None when the
schedule never fires again (an `at(...)` in the past, a cron whose years ended).

The language (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-scheduled-rule-pattern.html,
https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html):

- `rate(value unit)`: a positive whole value; unit minute(s), hour(s) or
  day(s), singular exactly when the value is 1. It fires at `anchor + k*period`
  (k >= 0); the caller picks the anchor (a rule's creation, a schedule's start
  date); without one the multiples of the period since the Unix epoch.
- `cron(minutes hours day-of-month month day-of-week year)`: six fields, read
  in the schedule's time zone. Ranges: minutes 0-59, hours 0-23, day-of-month
  1-31, month 1-12 or JAN-DEC, day-of-week 1-7 or SUN-SAT (1 is Sunday),
  year 1970-2199. Each field is a comma list of `*`, `v`, `a-b`, `*/s`, `a/s`,
  `a-b/s`. Exactly one of day-of-month and day-of-week is `?`. Day-of-month
  also takes `L` (last day), `L-n` (n days before it), `nW` (the weekday
  nearest day n, within the month) and `LW` (the last weekday); day-of-week
  takes `L` (Saturday), `nL` (the last day n of the month) and `n#k` (the k-th
  day n of the month).
- `at(yyyy-mm-ddThh:mm:ss)`: one instant, read in the schedule's time zone.

Daylight saving time, as EventBridge Scheduler documents it: a local time that
does not exist (the spring gap) is skipped; a local time that happens twice
(the autumn overlap) fires once, at its first occurrence.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["Schedule", "ScheduleError", "parse"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_UNITS = {"minute": 60, "hour": 3600, "day": 86400}
_MONTHS = {name.upper(): i for i, name in enumerate(calendar.month_abbr) if name}
_DAYS = {"SUN": 1, "MON": 2, "TUE": 3, "WED": 4, "THU": 5, "FRI": 6, "SAT": 7}
# (name, low, high, names) per cron field, in order.
_FIELDS: tuple[tuple[str, int, int, dict[str, int]], ...] = (
    ("minutes", 0, 59, {}),
    ("hours", 0, 23, {}),
    ("day-of-month", 1, 31, {}),
    ("month", 1, 12, _MONTHS),
    ("day-of-week", 1, 7, _DAYS),
    ("year", 1970, 2199, {}),
)
_RATE = re.compile(r"rate\(\s*(\S+)\s+(\S+)\s*\)\Z")
_WRAPPED = re.compile(r"(rate|cron|at)\((.*)\)\Z", re.S)


def _digits(text: str) -> bool:
    """ASCII digits only: str.isdigit() also admits superscripts that int() refuses."""
    return text.isascii() and text.isdigit()


class ScheduleError(ValueError):
    """An invalid expression; `reason` says precisely what is wrong."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Schedule:
    expression: str
    kind: str  # "rate" | "cron" | "at"
    timezone: str
    seconds: int = 0  # rate: the period
    at: datetime | None = None  # at: the aware instant
    cron: _Cron | None = None

    def next_after(self, after: datetime, anchor: datetime | None = None) -> datetime | None:
        """The first fire time strictly after `after` (UTC), or None if there is none."""
        after = _aware(after)
        if self.kind == "at":
            assert self.at is not None
            return self.at if self.at > after else None
        if self.kind == "rate":
            start = _aware(anchor) if anchor is not None else _EPOCH
            if start > after:
                return start.astimezone(UTC)
            periods = int((after - start).total_seconds() // self.seconds) + 1
            return (start + timedelta(seconds=periods * self.seconds)).astimezone(UTC)
        assert self.cron is not None
        return self.cron.next_after(after, ZoneInfo(self.timezone))


def parse(expression: str, timezone: str = "UTC") -> Schedule:
    """The schedule an expression describes, or ScheduleError with the reason it is invalid."""
    if not isinstance(expression, str):
        raise ScheduleError("a schedule expression must be a string")
    zone = _zone(timezone)
    text = expression.strip()
    wrapped = _WRAPPED.match(text)
    if not wrapped:
        raise ScheduleError(f"{expression!r} is not of the form rate(...), cron(...) or at(...)")
    kind, body = wrapped.group(1), wrapped.group(2)
    if kind == "rate":
        return Schedule(expression, "rate", timezone, seconds=_parse_rate(text))
    if kind == "at":
        return Schedule(expression, "at", timezone, at=_parse_at(body.strip(), zone))
    return Schedule(expression, "cron", timezone, cron=_parse_cron(body))


def _zone(name: str) -> ZoneInfo:
    if not isinstance(name, str) or not name or name.startswith(("/", ".")) or ".." in name:
        raise ScheduleError(f"unknown time zone {name!r}")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ScheduleError(f"unknown time zone {name!r}") from None


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _parse_rate(text: str) -> int:
    match = _RATE.match(text)
    if not match:
        raise ScheduleError("rate(...) takes a value and a unit, as in rate(5 minutes)")
    raw_value, unit = match.groups()
    if not _digits(raw_value):
        raise ScheduleError(f"the rate value {raw_value!r} is not a positive whole number")
    value = int(raw_value)
    if value < 1:
        raise ScheduleError("the rate value must be at least 1")
    singular = unit[:-1] if unit.endswith("s") else unit
    if singular not in _UNITS:
        raise ScheduleError(f"the rate unit {unit!r} is not one of minute(s), hour(s), day(s)")
    if value == 1 and unit != singular:
        raise ScheduleError(f"a rate of 1 takes the singular unit {singular!r}")
    if value > 1 and unit == singular:
        raise ScheduleError(f"a rate of {value} takes the plural unit {singular + 's'!r}")
    return value * _UNITS[singular]


def _parse_at(body: str, zone: ZoneInfo) -> datetime:
    try:
        local = datetime.strptime(body, "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        raise ScheduleError(f"at({body}) is not a date and time of the form yyyy-mm-ddThh:mm:ss") from None
    return local.replace(tzinfo=zone).astimezone(UTC)


# ---------------------------------------------------------------- cron


@dataclass(frozen=True, slots=True)
class _Cron:
    minutes: tuple[int, ...]  # sorted
    hours: tuple[int, ...]  # sorted
    months: frozenset[int]
    years: tuple[int, ...]  # sorted
    dom: tuple[str, ...] | None  # special items ("L", "L-3", "15W", "LW") and plain days as "d:15"
    dow: tuple[str, ...] | None  # "d:2", "6L", "3#2"

    def day_matches(self, year: int, month: int, day: int) -> bool:
        last = calendar.monthrange(year, month)[1]
        if self.dom is not None:
            return any(_dom_item(item, year, month, day, last) for item in self.dom)
        assert self.dow is not None
        dow = calendar.weekday(year, month, day) + 2
        dow = 1 if dow == 8 else dow
        return any(_dow_item(item, day, dow, last) for item in self.dow)

    def next_after(self, after: datetime, zone: ZoneInfo) -> datetime | None:
        local = after.astimezone(zone).replace(tzinfo=None, fold=0)
        start = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
        for year in self.years:
            if year < start.year:
                continue
            for month in range(start.month if year == start.year else 1, 13):
                if month not in self.months:
                    continue
                same_month = year == start.year and month == start.month
                last = calendar.monthrange(year, month)[1]
                for day in range(start.day if same_month else 1, last + 1):
                    if not self.day_matches(year, month, day):
                        continue
                    same_day = same_month and day == start.day
                    for hour in self.hours:
                        if same_day and hour < start.hour:
                            continue
                        for minute in self.minutes:
                            wall = datetime(year, month, day, hour, minute)
                            fire = _instant(wall, zone)
                            if fire is not None and fire > after:
                                return fire
        return None


def _instant(wall: datetime, zone: ZoneInfo) -> datetime | None:
    """The UTC instant of a local wall time (its first occurrence), None inside a DST gap."""
    aware = wall.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != wall:
        return None
    return utc


def _dom_item(item: str, year: int, month: int, day: int, last: int) -> bool:
    if item.startswith("d:"):
        return day == int(item[2:])
    if item == "L":
        return day == last
    if item.startswith("L-"):
        return day == last - int(item[2:])
    if item == "LW":
        target = last
        while calendar.weekday(year, month, target) >= 5:
            target -= 1
        return day == target
    # nW: the weekday nearest day n, never leaving the month.
    n = int(item[:-1])
    if n > last:
        return False
    weekday = calendar.weekday(year, month, n)
    target = n
    if weekday == 5:  # Saturday: Friday before, or Monday after on the 1st
        target = n - 1 if n > 1 else n + 2
    elif weekday == 6:  # Sunday: Monday after, or Friday before on the last day
        target = n + 1 if n < last else n - 2
    return day == target


def _dow_item(item: str, day: int, dow: int, last: int) -> bool:
    if item.startswith("d:"):
        return dow == int(item[2:])
    if item.endswith("L"):
        return dow == int(item[:-1]) and day + 7 > last
    wanted, nth = item.split("#")
    return dow == int(wanted) and (day - 1) // 7 + 1 == int(nth)


def _parse_cron(body: str) -> _Cron:
    fields = body.split()
    if len(fields) != 6:
        raise ScheduleError(
            f"cron(...) takes six fields (minutes hours day-of-month month day-of-week year), got {len(fields)}"
        )
    dom_text, dow_text = fields[2], fields[4]
    if (dom_text == "?") == (dow_text == "?"):
        raise ScheduleError("exactly one of day-of-month and day-of-week must be '?'")
    for index in (0, 1, 3, 5):
        if "?" in fields[index]:
            raise ScheduleError(f"'?' is allowed only in day-of-month and day-of-week, not in {_FIELDS[index][0]}")
    minutes = _numbers(fields[0], 0)
    hours = _numbers(fields[1], 1)
    months = _numbers(fields[3], 3)
    years = tuple(sorted(_numbers(fields[5], 5)))
    dom = None if dom_text == "?" else _day_items(dom_text, 2)
    dow = None if dow_text == "?" else _day_items(dow_text, 4)
    return _Cron(tuple(sorted(minutes)), tuple(sorted(hours)), frozenset(months), years, dom, dow)


def _value(text: str, index: int) -> int:
    name, low, high, names = _FIELDS[index]
    upper = text.upper()
    if upper in names:
        return names[upper]
    if not _digits(text):
        raise ScheduleError(f"{text!r} is not a valid value in the {name} field")
    value = int(text)
    if not low <= value <= high:
        raise ScheduleError(f"{value} is out of range in the {name} field ({low}-{high})")
    return value


def _numbers(text: str, index: int) -> set[int]:
    name, low, high, _ = _FIELDS[index]
    out: set[int] = set()
    for item in text.split(","):
        if not item:
            raise ScheduleError(f"an empty item in the {name} field")
        out |= _range(item, index)
    return out


def _range(item: str, index: int) -> set[int]:
    name, low, high, _ = _FIELDS[index]
    base, slash, step_text = item.partition("/")
    step = 1
    if slash:
        if not _digits(step_text) or int(step_text) < 1:
            raise ScheduleError(f"the step {step_text!r} in the {name} field is not a positive whole number")
        step = int(step_text)
    if base == "*":
        first, end = low, high
    elif "-" in base:
        a, _, b = base.partition("-")
        first, end = _value(a, index), _value(b, index)
        if first > end:
            raise ScheduleError(f"the range {base!r} in the {name} field runs backwards")
    else:
        first = _value(base, index)
        end = high if slash else first
    return set(range(first, end + 1, step))


_DOM_SPECIAL = re.compile(r"(L|LW|L-\d+|\d+W)\Z", re.I)
_DOW_SPECIAL = re.compile(r"(\w+)(L|#(\d+))\Z", re.I)


def _day_items(text: str, index: int) -> tuple[str, ...]:
    name = _FIELDS[index][0]
    items: list[str] = []
    for item in text.split(","):
        if not item:
            raise ScheduleError(f"an empty item in the {name} field")
        if item == "?":
            raise ScheduleError(f"'?' must stand alone in the {name} field")
        upper = item.upper()
        if index == 2 and _DOM_SPECIAL.match(upper):
            if upper.startswith("L-") and not 0 <= int(upper[2:]) <= 30:
                raise ScheduleError(f"the offset in {item!r} must be between 0 and 30")
            if upper.endswith("W") and upper != "LW":
                _value(upper[:-1], 2)
            items.append(upper)
            continue
        if index == 4 and upper == "L":
            items.append("d:7")
            continue
        special = _DOW_SPECIAL.match(upper) if index == 4 and upper not in _DAYS else None
        if special:
            day = _value(special.group(1), 4)
            if special.group(3) is not None:
                nth = int(special.group(3))
                if not 1 <= nth <= 5:
                    raise ScheduleError(f"the occurrence in {item!r} must be between 1 and 5")
                items.append(f"{day}#{nth}")
            else:
                items.append(f"{day}L")
            continue
        items.extend(f"d:{n}" for n in sorted(_range(item, index)))
    return tuple(items)
