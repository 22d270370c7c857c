"""The schedule-expression engine: parsing, validation reasons, next fire times, and
property tests of `next_after` against a slow minute-by-minute reference."""

from __future__ import annotations

import calendar
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cumulo.engines.schedules import ScheduleError, parse

T0 = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)


def fires(expression: str, after: datetime = T0, n: int = 3, tz: str = "UTC", anchor: datetime | None = None):
    schedule = parse(expression, tz)
    out = []
    for _ in range(n):
        after = schedule.next_after(after, anchor)
        if after is None:
            break
        out.append(after)
    return out


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# ------------------------------------------------------------------ rate


def test_rate_without_anchor_fires_on_multiples_of_the_period():
    assert fires("rate(5 minutes)") == [utc(2026, 3, 7, 12, 5), utc(2026, 3, 7, 12, 10), utc(2026, 3, 7, 12, 15)]
    assert fires("rate(1 day)", n=1) == [utc(2026, 3, 8)]


def test_rate_counts_from_its_anchor():
    anchor = utc(2026, 3, 7, 11, 58, 30)
    assert fires("rate(2 hours)", anchor=anchor, n=2) == [utc(2026, 3, 7, 13, 58, 30), utc(2026, 3, 7, 15, 58, 30)]
    future = utc(2026, 4, 1)
    assert fires("rate(1 hour)", anchor=future, n=1) == [future]


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("rate(0 minutes)", "at least 1"),
        ("rate(1 minutes)", "singular unit 'minute'"),
        ("rate(5 hour)", "plural unit 'hours'"),
        ("rate(5 weeks)", "not one of minute(s), hour(s), day(s)"),
        ("rate(x minutes)", "not a positive whole number"),
        ("rate(-1 minute)", "not a positive whole number"),
        ("rate(5)", "a value and a unit"),
        ("every 5 minutes", "not of the form"),
    ],
)
def test_invalid_rates_say_why(expression, reason):
    with pytest.raises(ScheduleError) as caught:
        parse(expression)
    assert reason in caught.value.reason


# ------------------------------------------------------------------ cron


def test_cron_daily_and_lists_ranges_steps():
    assert fires("cron(0 10 * * ? *)", n=2) == [utc(2026, 3, 8, 10), utc(2026, 3, 9, 10)]
    assert fires("cron(0/15 12 * * ? *)", n=3) == [utc(2026, 3, 7, 12, 15), utc(2026, 3, 7, 12, 30), utc(2026, 3, 7, 12, 45)]
    assert fires("cron(5,10 13-14 * * ? *)", n=4) == [
        utc(2026, 3, 7, 13, 5), utc(2026, 3, 7, 13, 10), utc(2026, 3, 7, 14, 5), utc(2026, 3, 7, 14, 10)
    ]
    assert fires("cron(0 0 1 */4 ? *)", n=2) == [utc(2026, 5, 1), utc(2026, 9, 1)]


def test_cron_names_of_months_and_days():
    # 2026-03-09 is a Monday.
    assert fires("cron(0 8 ? * MON-FRI *)", n=2) == [utc(2026, 3, 9, 8), utc(2026, 3, 10, 8)]
    assert fires("cron(0 0 1 jan,Jul ? *)", n=2) == [utc(2026, 7, 1), utc(2027, 1, 1)]


def test_cron_last_day_and_offsets():
    assert fires("cron(0 18 L * ? *)", n=2) == [utc(2026, 3, 31, 18), utc(2026, 4, 30, 18)]
    assert fires("cron(0 0 L-2 2 ? *)", n=2) == [utc(2027, 2, 26), utc(2028, 2, 27)]
    # Last weekday: 2026-05-31 is a Sunday, so Friday the 29th.
    assert fires("cron(0 0 LW 5 ? *)", n=1) == [utc(2026, 5, 29)]


def test_cron_nearest_weekday_stays_in_the_month():
    # 2026-03-15 is a Sunday: Monday the 16th. 2026-08-01 is a Saturday: Monday the 3rd, not July 31st.
    assert fires("cron(0 9 15W 3 ? *)", n=1) == [utc(2026, 3, 16, 9)]
    assert fires("cron(0 9 1W 8 ? 2026)", n=1) == [utc(2026, 8, 3, 9)]
    # 2026-05-31 is a Sunday and the last day: Friday the 29th.
    assert fires("cron(0 9 31W 5 ? 2026)", n=1) == [utc(2026, 5, 29, 9)]
    # February has no 30th: never fires in February.
    assert all(f.month != 2 for f in fires("cron(0 0 30W * ? *)", n=12))


def test_cron_last_and_nth_weekday():
    assert fires("cron(0 10 ? * 6L 2026)", n=2) == [utc(2026, 3, 27, 10), utc(2026, 4, 24, 10)]
    assert fires("cron(0 9 ? * 3#2 *)", n=2) == [utc(2026, 3, 10, 9), utc(2026, 4, 14, 9)]
    assert fires("cron(0 9 ? * L *)", n=1) == [utc(2026, 3, 14, 9)]  # L alone: Saturday
    # A fifth Monday only in some months.
    assert fires("cron(0 0 ? * MON#5 2026)", n=2) == [utc(2026, 3, 30), utc(2026, 6, 29)]


def test_cron_years_end():
    assert fires("cron(0 0 1 1 ? 2020-2025)") == []
    assert fires("cron(0 0 1 1 ? 2027)", n=3) == [utc(2027, 1, 1)]
    assert fires("cron(0 0 31 2 ? *)", n=1) == []  # February never has a 31st


def test_cron_in_a_time_zone():
    # 10:00 in New York is 15:00 UTC in winter, 14:00 UTC after 2026-03-08.
    assert fires("cron(0 10 * * ? *)", tz="America/New_York", n=2) == [utc(2026, 3, 7, 15), utc(2026, 3, 8, 14)]
    assert fires("cron(0 9 * * ? *)", tz="Asia/Kolkata", n=1) == [utc(2026, 3, 8, 3, 30)]


def test_cron_skips_the_spring_gap_and_fires_once_in_the_autumn_overlap():
    # 2026-03-08 02:00 -> 03:00 in New York: 02:30 does not exist that day.
    assert fires("cron(30 2 * * ? *)", tz="America/New_York", n=2) == [utc(2026, 3, 9, 6, 30), utc(2026, 3, 10, 6, 30)]
    # 2026-11-01 01:30 happens twice in New York: only the first (05:30 UTC) fires.
    start = utc(2026, 10, 31, 12)
    assert fires("cron(30 1 * * ? *)", after=start, tz="America/New_York", n=2) == [
        utc(2026, 11, 1, 5, 30),
        utc(2026, 11, 2, 6, 30),
    ]
    # Starting inside the second 01:xx hour does not fire 01:45 again.
    inside = utc(2026, 11, 1, 6, 10)  # 01:10 EST, the second time round
    assert fires("cron(45 1 * * ? *)", after=inside, tz="America/New_York", n=1) == [utc(2026, 11, 2, 6, 45)]


@pytest.mark.parametrize(
    ("expression", "reason"),
    [
        ("cron(0 10 * * *)", "six fields"),
        ("cron(0 10 * * * *)", "exactly one of day-of-month and day-of-week"),
        ("cron(0 10 ? * ? *)", "exactly one of day-of-month and day-of-week"),
        ("cron(60 10 * * ? *)", "60 is out of range in the minutes field (0-59)"),
        ("cron(0 24 * * ? *)", "out of range in the hours field"),
        ("cron(0 0 32 * ? *)", "out of range in the day-of-month field"),
        ("cron(0 0 * 13 ? *)", "out of range in the month field"),
        ("cron(0 0 ? * 8 *)", "out of range in the day-of-week field"),
        ("cron(0 0 * * ? 1969)", "out of range in the year field"),
        ("cron(0 0 * FOO ? *)", "'FOO' is not a valid value in the month field"),
        ("cron(0 ? * * ? *)", "'?' is allowed only in day-of-month and day-of-week"),
        ("cron(0 0 5-1 * ? *)", "runs backwards"),
        ("cron(*/0 0 * * ? *)", "is not a positive whole number"),
        ("cron(0 0 ? * 2#6 *)", "between 1 and 5"),
        ("cron(0 0 32W * ? *)", "out of range in the day-of-month field"),
        ("cron(0 0 ? * 9L *)", "out of range in the day-of-week field"),
        ("cron(0 0 1,,2 * ? *)", "an empty item"),
    ],
)
def test_invalid_crons_say_why(expression, reason):
    with pytest.raises(ScheduleError) as caught:
        parse(expression)
    assert reason in caught.value.reason


# ------------------------------------------------------------------ at, zones


def test_at_fires_once_in_its_zone():
    assert fires("at(2026-03-08T01:00:00)", tz="Europe/Paris") == [utc(2026, 3, 8, 0)]
    assert fires("at(2026-03-07T11:00:00)") == []
    with pytest.raises(ScheduleError, match="yyyy-mm-ddThh:mm:ss"):
        parse("at(2026-03-08 01:00)")


def test_unknown_time_zones_are_refused():
    for zone in ("Mars/Olympus", "", "../etc/passwd", "/etc/localtime"):
        with pytest.raises(ScheduleError, match="unknown time zone"):
            parse("rate(1 minute)", zone)


def test_naive_instants_read_as_utc_and_kind_is_reported():
    schedule = parse("cron(0 13 * * ? *)")
    assert schedule.kind == "cron"
    assert schedule.next_after(datetime(2026, 3, 7, 12)) == utc(2026, 3, 7, 13)
    assert parse("rate(1 minute)").kind == "rate" and parse("at(2030-01-01T00:00:00)").kind == "at"


# ------------------------------------------------------------------ properties

ZONES = ["UTC", "America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kolkata", "America/Santiago"]


def _reference_matches(fields: tuple, wall: datetime) -> bool:
    """A slow, independent reading of a plain cron (no L/W/#) against one local wall time."""
    minutes, hours, dows = fields
    aws_dow = (wall.weekday() + 1) % 7 + 1
    return wall.minute in minutes and wall.hour in hours and aws_dow in dows


@st.composite
def plain_crons(draw):
    minutes = draw(st.sets(st.integers(0, 59), min_size=1, max_size=4))
    hours = draw(st.sets(st.integers(0, 23), min_size=1, max_size=6))
    dows = draw(st.sets(st.integers(1, 7), min_size=1, max_size=7))
    text = f"cron({','.join(map(str, sorted(minutes)))} {','.join(map(str, sorted(hours)))} ? * {','.join(map(str, sorted(dows)))} *)"
    return text, (minutes, hours, dows)


instants = st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1)).map(lambda d: d.replace(tzinfo=UTC))


@settings(max_examples=40, deadline=None)
@given(plain_crons(), instants, st.sampled_from(ZONES))
def test_cron_next_is_the_first_matching_existing_minute(cron, after, zone):
    text, fields = cron
    fire = parse(text, zone).next_after(after)
    assert fire is not None and fire > after
    tz = ZoneInfo(zone)
    # Walk UTC minute by minute from `after`: the first minute whose local wall time matches
    # (and is that wall time's first occurrence) is the answer.
    moment = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    seen: set[datetime] = set()
    # Walls already passed before `after` (the overlap's first round) don't fire again.
    probe = after.replace(second=0, microsecond=0) - timedelta(hours=3)
    while probe <= after:
        seen.add(probe.astimezone(tz).replace(tzinfo=None))
        probe += timedelta(minutes=1)
    while True:
        wall = moment.astimezone(tz).replace(tzinfo=None)
        if wall not in seen and _reference_matches(fields, wall):
            assert fire == moment, (text, zone, after, fire, moment)
            return
        seen.add(wall)
        moment += timedelta(minutes=1)
        assert moment <= fire, (text, zone, after, fire)


def _reference_day(item: str, year: int, month: int, day: int) -> bool:
    last = calendar.monthrange(year, month)[1]
    dates = [datetime(year, month, d) for d in range(1, last + 1)]
    weekdays = [d for d in dates if d.weekday() < 5]
    aws = lambda d: (d.weekday() + 1) % 7 + 1  # noqa: E731
    if item == "L":
        return day == last
    if item == "LW":
        return day == weekdays[-1].day
    if item.endswith("W"):
        n = int(item[:-1])
        if n > last:
            return False
        return day == min(weekdays, key=lambda d: (abs(d.day - n), d.day)).day
    if item.endswith("L"):
        return day == [d for d in dates if aws(d) == int(item[:-1])][-1].day
    wanted, nth = item.split("#")
    same = [d for d in dates if aws(d) == int(wanted)]
    return int(nth) <= len(same) and day == same[int(nth) - 1].day


day_items = st.one_of(
    st.just("L"),
    st.just("LW"),
    st.integers(1, 31).map(lambda n: f"{n}W"),
    st.integers(1, 7).map(lambda n: f"{n}L"),
    st.tuples(st.integers(1, 7), st.integers(1, 5)).map(lambda t: f"{t[0]}#{t[1]}"),
)


@settings(max_examples=60, deadline=None)
@given(day_items, st.dates(min_value=datetime(2001, 1, 1).date(), max_value=datetime(2090, 1, 1).date()))
def test_special_days_match_a_slow_reference(item, start):
    in_dom = item in ("L", "LW") or item.endswith("W")
    text = f"cron(0 12 {item} * ? *)" if in_dom else f"cron(0 12 ? * {item} *)"
    after = datetime(start.year, start.month, start.day, 12, tzinfo=UTC)
    fire = parse(text).next_after(after)
    assert fire is not None and fire > after and (fire.hour, fire.minute) == (12, 0)
    day = after + timedelta(days=1)
    while day < fire:
        assert not _reference_day(item, day.year, day.month, day.day), (text, day, fire)
        day += timedelta(days=1)
    assert _reference_day(item, fire.year, fire.month, fire.day), (text, fire)


@settings(max_examples=60, deadline=None)
@given(
    st.integers(1, 500),
    st.sampled_from(["minute", "hour", "day"]),
    instants,
    instants,
)
def test_rate_is_the_next_multiple_of_its_period(value, unit, anchor, after):
    text = f"rate({value} {unit}{'s' if value > 1 else ''})"
    period = timedelta(seconds=value * {"minute": 60, "hour": 3600, "day": 86400}[unit])
    fire = parse(text).next_after(after, anchor)
    assert fire is not None and fire > after
    assert (fire - anchor) % period == timedelta(0)
    assert fire == anchor or fire - period <= after


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=40))
def test_any_text_parses_or_raises_a_schedule_error(text):
    for expression in (text, f"cron({text})", f"rate({text})", f"at({text})"):
        try:
            parse(expression)
        except ScheduleError as error:
            assert error.reason
