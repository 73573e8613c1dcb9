"""Working-day calendar for statutory and local safeguarding timescales.

Timescales such as "a decision within one working day of receiving a referral" or "a strategy
discussion within 72 working hours" are measured against this calendar:

* A *working day* is a day whose weekday is one of the office weekdays (Monday to Friday by
  default) and which is not a bank holiday in England and Wales. Bank holidays, substitute days
  included, come from the data bundled with the ``holidays`` package; nothing is fetched over the
  network.
* *Office time* is the time between opening and closing (09:00 to 17:00 by default) on a working
  day. Only office time counts towards a timescale expressed in working hours.
* Everything is computed in Europe/London wall-clock time. Aware datetimes in any time zone are
  accepted and converted first; naive datetimes are rejected with :class:`ValueError`. Results
  are aware datetimes in Europe/London. Because the computation uses the wall clock, a working
  day always contributes exactly ``end - start`` of office time, including on the days the clocks
  change, and "the same time on another day" means the same reading on the office clock.

Configuration comes from the Django settings ``SAFEHUB_OFFICE_HOURS`` (a mapping with ``start``
and ``end`` as ``"HH:MM"`` and ``weekdays`` as a list of ``date.weekday()`` numbers, 0 = Monday)
and ``SAFEHUB_HOLIDAY_SUBDIVISION`` (``"ENG"`` for England and Wales). Settings are read on every
call, so tests can override them. Every function also accepts an explicit :class:`OfficeHours`
(and a ``subdivision``) so the calendar can be used without Django settings at all.

The *effective start* of a timescale is the first moment of office time at or after the moment
it starts: a referral received on Saturday, on a bank holiday, or after closing counts from the
opening of the next working day; one received before opening counts from that day's opening.
For whole dates, the effective start is the date itself if it is a working day, otherwise the next
working day.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from types import MappingProxyType
from typing import Any, overload
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

__all__ = [
    "DEFAULT_HOLIDAY_SUBDIVISION",
    "DEFAULT_OFFICE_HOURS",
    "LONDON",
    "OfficeHours",
    "add_working_days",
    "add_working_hours",
    "bank_holiday_name",
    "bank_holidays",
    "is_bank_holiday",
    "is_working_day",
    "next_working_day",
    "working_days_between",
    "working_hours_between",
]

LONDON = ZoneInfo("Europe/London")
DEFAULT_HOLIDAY_SUBDIVISION = "ENG"
_ONE_DAY = timedelta(days=1)
_ZERO = timedelta(0)


@dataclass(frozen=True)
class OfficeHours:
    """When the office is open: from ``start`` to ``end`` on each of ``weekdays``.

    ``weekdays`` uses ``date.weekday()`` numbering (0 = Monday ... 6 = Sunday). Times are naive
    wall-clock times in Europe/London. ``start`` must be earlier than ``end`` (no overnight
    shifts) and at least one weekday must be given. Bank holidays are never working days,
    whatever ``weekdays`` says.
    """

    start: time
    end: time
    weekdays: frozenset[int] = field(default=frozenset({0, 1, 2, 3, 4}))

    def __post_init__(self) -> None:
        # Accept any iterable of weekdays (e.g. a list from settings) but store a frozenset.
        weekdays = frozenset(self.weekdays)
        object.__setattr__(self, "weekdays", weekdays)
        if not isinstance(self.start, time) or not isinstance(self.end, time):
            raise TypeError("OfficeHours start and end must be datetime.time values")
        if self.start.tzinfo is not None or self.end.tzinfo is not None:
            raise ValueError("OfficeHours start and end must be naive (Europe/London wall clock)")
        if self.start >= self.end:
            raise ValueError(f"Office opens at {self.start} but closes at {self.end}")
        if not weekdays:
            raise ValueError("OfficeHours needs at least one weekday")
        if any(isinstance(d, bool) or not isinstance(d, int) or not 0 <= d <= 6 for d in weekdays):
            raise ValueError(f"Office weekdays must be integers 0 (Monday) to 6: {weekdays!r}")

    @property
    def day_length(self) -> timedelta:
        """The office time in one working day (``end - start``)."""
        return datetime.combine(date.min, self.end) - datetime.combine(date.min, self.start)

    @classmethod
    def from_mapping(cls, config: Mapping[str, Any]) -> OfficeHours:
        """Build from a mapping like ``{"start": "09:00", "end": "17:00", "weekdays": [0, 1]}``.

        ``start`` and ``end`` may be ``"HH:MM"`` strings or :class:`~datetime.time` values;
        ``weekdays`` defaults to Monday to Friday. Raises ``ValueError``/``TypeError``/
        ``KeyError`` for a malformed mapping.
        """
        weekdays = config.get("weekdays", (0, 1, 2, 3, 4))
        return cls(
            start=_parse_time(config["start"]),
            end=_parse_time(config["end"]),
            weekdays=frozenset(weekdays),
        )

    @classmethod
    def from_settings(cls) -> OfficeHours:
        """Read ``settings.SAFEHUB_OFFICE_HOURS`` now (defaults to 09:00-17:00, Monday-Friday).

        Raises :class:`~django.core.exceptions.ImproperlyConfigured` if the setting is malformed.
        """
        config = getattr(settings, "SAFEHUB_OFFICE_HOURS", None)
        if config is None:
            return DEFAULT_OFFICE_HOURS
        try:
            return cls.from_mapping(config)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ImproperlyConfigured(f"SAFEHUB_OFFICE_HOURS is not valid: {exc}") from exc


DEFAULT_OFFICE_HOURS = OfficeHours(start=time(9, 0), end=time(17, 0))


def _parse_time(value: object) -> time:
    if isinstance(value, time):
        return value
    if isinstance(value, str):
        return time.fromisoformat(value.strip())
    raise TypeError(f"Expected a time or an 'HH:MM' string, not {value!r}")


# --- Bank holidays ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=256)
def _bank_holidays(year: int, subdivision: str) -> Mapping[date, str]:
    try:
        calendar = holidays.country_holidays("GB", subdiv=subdivision, years=year)
    except NotImplementedError as exc:
        raise ValueError(f"Unknown UK holiday subdivision {subdivision!r}") from exc
    return MappingProxyType({day: str(name) for day, name in calendar.items()})


def _subdivision(subdivision: str | None) -> str:
    if subdivision is None:
        subdivision = getattr(settings, "SAFEHUB_HOLIDAY_SUBDIVISION", DEFAULT_HOLIDAY_SUBDIVISION)
    return str(subdivision).upper()


def bank_holidays(year: int, *, subdivision: str | None = None) -> Mapping[date, str]:
    """All bank holidays in ``year`` as a read-only mapping of date to name.

    Substitute days are included under their own date (e.g. "Boxing Day (observed)"). The
    result is cached per year and subdivision. ``subdivision`` defaults to the
    ``SAFEHUB_HOLIDAY_SUBDIVISION`` setting (``"ENG"``: England and Wales).
    """
    return _bank_holidays(year, _subdivision(subdivision))


def is_bank_holiday(day: date, *, subdivision: str | None = None) -> bool:
    """Whether ``day`` is a bank holiday (including a substitute day) in the subdivision.

    An aware datetime is first converted to its Europe/London date; a naive one is rejected.
    """
    return bank_holiday_name(day, subdivision=subdivision) is not None


def bank_holiday_name(day: date, *, subdivision: str | None = None) -> str | None:
    """The bank holiday's name if ``day`` is one (e.g. "Boxing Day (observed)"), else ``None``.

    Several holidays on the same day are joined with ``"; "``. An aware datetime is first
    converted to its Europe/London date; a naive one is rejected.
    """
    local_day = _as_local_date(day)
    return bank_holidays(local_day.year, subdivision=subdivision).get(local_day)


# --- Internals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Calendar:
    hours: OfficeHours
    subdivision: str

    def is_working(self, day: date) -> bool:
        if day.weekday() not in self.hours.weekdays:
            return False
        return day not in _bank_holidays(day.year, self.subdivision)

    def next_working(self, day: date) -> date:
        day += _ONE_DAY
        while not self.is_working(day):
            day += _ONE_DAY
        return day

    def on_or_after(self, day: date) -> date:
        return day if self.is_working(day) else self.next_working(day)

    def add_days(self, day: date, count: int) -> date:
        for _ in range(count):
            day = self.next_working(day)
        return day

    def opening(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.start)

    def closing(self, day: date) -> datetime:
        return datetime.combine(day, self.hours.end)

    def effective_start(self, wall: datetime) -> datetime:
        """The first moment of office time at or after the naive wall-clock ``wall``."""
        day = wall.date()
        if self.is_working(day):
            if wall.time() < self.hours.start:
                return self.opening(day)
            if wall.time() < self.hours.end:
                return wall
        return self.opening(self.next_working(day))


def _calendar(office_hours: OfficeHours | None, subdivision: str | None) -> _Calendar:
    hours = office_hours if office_hours is not None else OfficeHours.from_settings()
    return _Calendar(hours=hours, subdivision=_subdivision(subdivision))


def _require_aware(value: datetime, name: str) -> None:
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime, got naive {value!r}")


def _to_wall(value: datetime, name: str) -> datetime:
    """Aware datetime -> naive Europe/London wall-clock datetime (fold kept)."""
    _require_aware(value, name)
    return value.astimezone(LONDON).replace(tzinfo=None)


def _from_wall(wall: datetime) -> datetime:
    """Naive Europe/London wall-clock datetime -> aware datetime in Europe/London.

    A wall-clock time that does not exist (inside the spring-forward gap) is normalised to the
    real instant it names under the earlier offset, e.g. 01:30 becomes 02:30 BST.
    """
    return wall.replace(tzinfo=LONDON).astimezone(UTC).astimezone(LONDON)


def _as_local_date(day: date) -> date:
    if isinstance(day, datetime):
        return _to_wall(day, "day").date()
    if not isinstance(day, date):
        raise TypeError(f"Expected a date, not {day!r}")
    return day


def _check_days(days: int) -> None:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, not {days!r}")
    if days < 0:
        raise ValueError(f"days must not be negative, got {days}")


def _to_duration(amount: float | timedelta) -> timedelta:
    if isinstance(amount, timedelta):
        duration = amount
    elif isinstance(amount, bool) or not isinstance(amount, int | float):
        raise TypeError(f"hours must be a number of hours or a timedelta, not {amount!r}")
    elif not math.isfinite(amount):
        raise ValueError(f"hours must be finite, got {amount!r}")
    else:
        duration = timedelta(hours=amount)
    if duration < _ZERO:
        raise ValueError(f"hours must not be negative, got {amount!r}")
    return duration


# --- Working days ------------------------------------------------------------------------------


def is_working_day(
    day: date, office_hours: OfficeHours | None = None, *, subdivision: str | None = None
) -> bool:
    """Whether ``day`` is a working day: an office weekday that is not a bank holiday.

    An aware datetime is first converted to its Europe/London date; a naive one is rejected.
    """
    return _calendar(office_hours, subdivision).is_working(_as_local_date(day))


def next_working_day(
    day: date, office_hours: OfficeHours | None = None, *, subdivision: str | None = None
) -> date:
    """The first working day strictly after ``day`` (never ``day`` itself).

    An aware datetime is first converted to its Europe/London date; a naive one is rejected.
    """
    return _calendar(office_hours, subdivision).next_working(_as_local_date(day))


@overload
def add_working_days(
    start: datetime,
    days: int,
    office_hours: OfficeHours | None = None,
    *,
    subdivision: str | None = None,
) -> datetime: ...
@overload
def add_working_days(
    start: date,
    days: int,
    office_hours: OfficeHours | None = None,
    *,
    subdivision: str | None = None,
) -> date: ...
def add_working_days(
    start: date | datetime,
    days: int,
    office_hours: OfficeHours | None = None,
    *,
    subdivision: str | None = None,
) -> date | datetime:
    """The moment ``days`` working days after the effective start of ``start``.

    For a ``date``: the effective start is ``start`` if it is a working day, otherwise the next
    working day; the result is the working day ``days`` working days after it. So the start day
    itself is never counted, ``days=0`` returns the effective start, and a Saturday start counts
    from Monday (Saturday + 1 = Tuesday, like Monday + 1).

    For an aware ``datetime``: the effective start is the first moment of office time at or
    after ``start`` (before opening -> that day's opening; after closing, at closing, or on a
    non-working day -> the next working day's opening). The result is the same wall-clock time
    as the effective start, ``days`` working days later, aware in Europe/London. E.g. Wednesday
    14:00 + 1 = Thursday 14:00; Saturday 10:00 + 1 = Tuesday 09:00.

    The result is always a working day (within office hours for datetimes). Raises
    ``ValueError`` for negative ``days`` or a naive datetime.
    """
    _check_days(days)
    cal = _calendar(office_hours, subdivision)
    if isinstance(start, datetime):
        effective = cal.effective_start(_to_wall(start, "start"))
        if days == 0:
            return _from_wall(effective)
        day = cal.add_days(effective.date(), days)
        return _from_wall(datetime.combine(day, effective.time().replace(fold=0)))
    return cal.add_days(cal.on_or_after(_as_local_date(start)), days)


def working_days_between(
    start: date,
    end: date,
    office_hours: OfficeHours | None = None,
    *,
    subdivision: str | None = None,
) -> int:
    """How many working days have elapsed from ``start`` to ``end``.

    Counts the working days after the effective start of ``start`` (itself if a working day,
    otherwise the next working day) up to and including ``end``; 0 if ``end`` is not after it.
    It is the inverse of :func:`add_working_days` on dates: for every date ``s`` and ``n >= 0``,
    ``working_days_between(s, add_working_days(s, n)) == n``. Aware datetimes are first
    converted to their Europe/London dates; naive ones are rejected.
    """
    cal = _calendar(office_hours, subdivision)
    day = cal.on_or_after(_as_local_date(start))
    last = _as_local_date(end)
    count = 0
    while day < last:
        day += _ONE_DAY
        if cal.is_working(day):
            count += 1
    return count


# --- Working hours -----------------------------------------------------------------------------


def add_working_hours(
    start: datetime,
    hours: float | timedelta,
    office_hours: OfficeHours | None = None,
    *,
    subdivision: str | None = None,
) -> datetime:
    """The moment when ``hours`` of office time have elapsed since ``start``.

    Only time between opening and closing on working days counts. Counting begins at the
    effective start: a start before opening counts from that day's opening; one at or after
    closing, or on a non-working day, counts from the next working day's opening. An end that
    lands exactly on closing time stays at closing time (17:00), not the next opening. With the
    default hours, 4 hours from Friday 15:00 before a bank-holiday Monday is Tuesday 11:00.

    ``hours`` is a number of hours or a ``timedelta``. The result is aware in Europe/London and
    ``working_hours_between(start, result) == hours``. Raises ``ValueError`` for a negative or
    non-finite duration or a naive ``start``. Whole days are skipped arithmetically, so large
    durations only cost a loop over days.
    """
    duration = _to_duration(hours)
    cal = _calendar(office_hours, subdivision)
    cursor = cal.effective_start(_to_wall(start, "start"))
    today_left = cal.closing(cursor.date()) - cursor
    if duration <= today_left:
        return _from_wall(cursor + duration)
    remaining = duration - today_left
    full_days, rest = divmod(remaining, cal.hours.day_length)
    if rest == _ZERO:
        # Ends exactly at closing on the full_days-th working day (full_days >= 1 here).
        return _from_wall(cal.closing(cal.add_days(cursor.date(), full_days)))
    day = cal.add_days(cursor.date(), full_days + 1)
    return _from_wall(cal.opening(day) + rest)


def working_hours_between(
    start: datetime,
    end: datetime,
    office_hours: OfficeHours | None = None,
    *,
    subdivision: str | None = None,
) -> timedelta:
    """The office time elapsed between the instants ``start`` and ``end``.

    Sums, over the working days between them, the overlap of each day's office hours with
    ``[start, end]`` (in Europe/London wall-clock time). Returns ``timedelta(0)`` if ``end`` is
    not after ``start``. Inverse of :func:`add_working_hours`. Use it for "is this overdue"
    checks: ``working_hours_between(received, now) > timedelta(hours=72)``. Raises
    ``ValueError`` for a naive datetime.
    """
    wall_start = _to_wall(start, "start")
    wall_end = _to_wall(end, "end")
    if end <= start:
        return _ZERO
    cal = _calendar(office_hours, subdivision)
    total = _ZERO
    day = wall_start.date()
    last = wall_end.date()
    while day <= last:
        if cal.is_working(day):
            low = max(cal.opening(day), wall_start)
            high = min(cal.closing(day), wall_end)
            if high > low:
                total += high - low
        day += _ONE_DAY
    return total
