"""Tests for the working-day calendar (bank holidays, office hours, working-time arithmetic)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import holidays
import pytest
from django.core.exceptions import ImproperlyConfigured

from safehub.common.calendar import (
    DEFAULT_OFFICE_HOURS,
    LONDON,
    OfficeHours,
    add_working_days,
    add_working_hours,
    bank_holiday_name,
    bank_holidays,
    is_bank_holiday,
    is_working_day,
    next_working_day,
    working_days_between,
    working_hours_between,
)

H = timedelta(hours=1)


def london(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware datetime in Europe/London from wall-clock parts."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _default_calendar_settings(settings):
    settings.SAFEHUB_OFFICE_HOURS = {"start": "09:00", "end": "17:00", "weekdays": [0, 1, 2, 3, 4]}
    settings.SAFEHUB_HOLIDAY_SUBDIVISION = "ENG"


# --- Bank holidays ------------------------------------------------------------------------------


def test_reference_dates_agree_with_the_holidays_package():
    """The dates the other tests rely on, checked against the package's own data."""
    eng = holidays.country_holidays("GB", subdiv="ENG", years=[2025, 2026, 2027])
    assert eng[date(2026, 8, 31)] == "Late Summer Bank Holiday"
    assert eng[date(2026, 12, 28)] == "Boxing Day (observed)"
    assert date(2026, 12, 26).weekday() == 5  # Boxing Day 2026 is a Saturday
    assert eng[date(2026, 4, 3)] == "Good Friday"
    assert eng[date(2026, 4, 6)] == "Easter Monday"
    assert date(2026, 8, 28).weekday() == 4  # Friday before the summer bank holiday


@pytest.mark.parametrize(
    ("day", "name"),
    [
        (date(2026, 1, 1), "New Year's Day"),
        (date(2026, 4, 3), "Good Friday"),
        (date(2026, 4, 6), "Easter Monday"),
        (date(2026, 5, 4), "May Day"),
        (date(2026, 5, 25), "Spring Bank Holiday"),
        (date(2026, 8, 31), "Late Summer Bank Holiday"),
        (date(2026, 12, 25), "Christmas Day"),
        (date(2026, 12, 28), "Boxing Day (observed)"),
        (date(2027, 12, 27), "Christmas Day (observed)"),
        (date(2027, 12, 28), "Boxing Day (observed)"),
        (date(2025, 12, 26), "Boxing Day"),
    ],
)
def test_bank_holidays_in_england(day, name):
    assert is_bank_holiday(day)
    assert bank_holiday_name(day) == name
    assert not is_working_day(day)


@pytest.mark.parametrize("day", [date(2026, 12, 24), date(2026, 12, 29), date(2026, 4, 7)])
def test_ordinary_days_are_not_bank_holidays(day):
    assert not is_bank_holiday(day)
    assert bank_holiday_name(day) is None
    assert is_working_day(day)


def test_boxing_day_at_the_weekend_moves_to_monday():
    # Christmas 2026 is a Friday, Boxing Day a Saturday: the substitute day is Monday the 28th.
    assert next_working_day(date(2026, 12, 24)) == date(2026, 12, 29)
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_bank_holidays_mapping_is_read_only_and_cached():
    year = bank_holidays(2026)
    assert year[date(2026, 8, 31)] == "Late Summer Bank Holiday"
    assert bank_holidays(2026) is year
    with pytest.raises(TypeError):
        year[date(2026, 7, 1)] = "Not a holiday"  # type: ignore[index]


def test_subdivision_comes_from_settings_at_call_time(settings):
    # 2 January is a bank holiday in Scotland only.
    assert not is_bank_holiday(date(2026, 1, 2))
    settings.SAFEHUB_HOLIDAY_SUBDIVISION = "SCT"
    assert is_bank_holiday(date(2026, 1, 2))
    assert not is_working_day(date(2026, 1, 2))


def test_explicit_subdivision_overrides_settings():
    assert is_bank_holiday(date(2026, 1, 2), subdivision="SCT")
    assert not is_bank_holiday(date(2026, 1, 2), subdivision="ENG")
    with pytest.raises(ValueError, match="subdivision"):
        is_bank_holiday(date(2026, 1, 2), subdivision="XX")


def test_aware_datetime_uses_its_london_date():
    # 23:30 UTC on 30 August 2026 is 00:30 BST on the bank holiday Monday.
    assert is_bank_holiday(datetime(2026, 8, 30, 23, 30, tzinfo=UTC))
    assert not is_working_day(datetime(2026, 8, 30, 23, 30, tzinfo=UTC))


# --- Working days ------------------------------------------------------------------------------


def test_weekends_are_not_working_days():
    assert is_working_day(date(2026, 7, 3))  # Friday
    assert not is_working_day(date(2026, 7, 4))  # Saturday
    assert not is_working_day(date(2026, 7, 5))  # Sunday
    assert is_working_day(date(2026, 7, 6))  # Monday


def test_next_working_day_is_strictly_after():
    assert next_working_day(date(2026, 7, 6)) == date(2026, 7, 7)
    assert next_working_day(date(2026, 7, 3)) == date(2026, 7, 6)  # Friday -> Monday
    assert next_working_day(date(2026, 7, 4)) == date(2026, 7, 6)  # Saturday -> Monday
    # Maundy Thursday -> over Good Friday, the weekend and Easter Monday.
    assert next_working_day(date(2026, 4, 2)) == date(2026, 4, 7)


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2026, 7, 8), 0, date(2026, 7, 8)),  # working day counts as itself
        (date(2026, 7, 4), 0, date(2026, 7, 6)),  # Saturday -> Monday
        (date(2026, 7, 8), 1, date(2026, 7, 9)),
        (date(2026, 7, 3), 1, date(2026, 7, 6)),  # Friday + 1 = Monday
        (date(2026, 7, 4), 1, date(2026, 7, 7)),  # Saturday counts from Monday
        (date(2026, 7, 6), 5, date(2026, 7, 13)),
        (date(2026, 8, 28), 1, date(2026, 9, 1)),  # over the summer bank holiday
        (date(2026, 4, 2), 1, date(2026, 4, 7)),  # over Easter
        (date(2026, 12, 24), 3, date(2026, 12, 31)),  # over Christmas and Boxing Day (observed)
        (date(2026, 7, 6), 20, date(2026, 8, 3)),
    ],
)
def test_add_working_days_to_dates(start, days, expected):
    assert add_working_days(start, days) == expected
    assert type(add_working_days(start, days)) is date


def test_add_many_working_days_matches_a_day_by_day_count():
    start = date(2026, 1, 5)
    result = add_working_days(start, 500)
    eng = holidays.country_holidays("GB", subdiv="ENG", years=range(2026, 2029))
    expected, counted = start, 0
    while counted < 500:
        expected += timedelta(days=1)
        if expected.weekday() < 5 and expected not in eng:
            counted += 1
    assert result == expected
    assert working_days_between(start, result) == 500


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        # Inside office hours: same wall-clock time on the resulting day.
        (london(2026, 7, 8, 14, 0), 1, london(2026, 7, 9, 14, 0)),
        (london(2026, 8, 28, 15, 0), 1, london(2026, 9, 1, 15, 0)),
        # Received on Saturday: counts from Monday's opening.
        (london(2026, 7, 4, 10, 0), 0, london(2026, 7, 6, 9, 0)),
        (london(2026, 7, 4, 10, 0), 1, london(2026, 7, 7, 9, 0)),
        # Before opening: counts from that day's opening.
        (london(2026, 7, 8, 7, 30), 1, london(2026, 7, 9, 9, 0)),
        # At or after closing: counts from the next working day's opening.
        (london(2026, 7, 8, 17, 0), 1, london(2026, 7, 10, 9, 0)),
        (london(2026, 7, 8, 18, 30), 2, london(2026, 7, 13, 9, 0)),
    ],
)
def test_add_working_days_to_datetimes(start, days, expected):
    result = add_working_days(start, days)
    assert result == expected
    assert result.tzinfo is LONDON


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (date(2026, 7, 8), date(2026, 7, 8), 0),
        (date(2026, 7, 8), date(2026, 7, 9), 1),
        (date(2026, 7, 3), date(2026, 7, 6), 1),  # Friday -> Monday
        (date(2026, 7, 4), date(2026, 7, 6), 0),  # Saturday counts from Monday
        (date(2026, 7, 4), date(2026, 7, 7), 1),
        (date(2026, 8, 28), date(2026, 9, 1), 1),
        (date(2026, 7, 9), date(2026, 7, 8), 0),  # end before start
        # 22, 23, 24, 29, 30, 31 Dec and 4 Jan (25 and 28 Dec and 1 Jan are bank holidays).
        (date(2026, 12, 21), date(2027, 1, 4), 7),
    ],
)
def test_working_days_between(start, end, expected):
    assert working_days_between(start, end) == expected


@pytest.mark.parametrize("start", [date(2026, 7, 1) + timedelta(days=i) for i in range(14)])
@pytest.mark.parametrize("days", [0, 1, 2, 5, 13])
def test_working_days_between_inverts_add_working_days(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


# --- Working hours: office-hours boundaries -----------------------------------------------------


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        # Start before opening: counts from 09:00.
        (london(2026, 7, 8, 7, 0), 2, london(2026, 7, 8, 11, 0)),
        # Exactly at opening.
        (london(2026, 7, 8, 9, 0), 2, london(2026, 7, 8, 11, 0)),
        # Ends exactly at closing: stays at 17:00, not the next 09:00.
        (london(2026, 7, 8, 9, 0), 8, london(2026, 7, 8, 17, 0)),
        (london(2026, 7, 8, 15, 0), 2, london(2026, 7, 8, 17, 0)),
        # One minute past closing rolls to the next morning.
        (london(2026, 7, 8, 15, 0), timedelta(hours=2, minutes=1), london(2026, 7, 9, 9, 1)),
        # Start exactly at closing: counts from the next working day's opening.
        (london(2026, 7, 8, 17, 0), 1, london(2026, 7, 9, 10, 0)),
        # Start after closing.
        (london(2026, 7, 8, 20, 0), 1, london(2026, 7, 9, 10, 0)),
        # Start at the weekend.
        (london(2026, 7, 4, 12, 0), 3, london(2026, 7, 6, 12, 0)),
        # Spans several days.
        (london(2026, 7, 8, 16, 0), 10, london(2026, 7, 10, 10, 0)),
        (london(2026, 7, 9, 13, 30), 12.5, london(2026, 7, 13, 10, 0)),
    ],
)
def test_add_working_hours_boundaries(start, hours, expected):
    result = add_working_hours(start, hours)
    assert result == expected
    assert result.tzinfo is LONDON


def test_four_working_hours_from_friday_before_a_bank_holiday_monday():
    """The canonical example: Friday 15:00 + 4 working hours = Tuesday 11:00."""
    friday = london(2026, 8, 28, 15, 0)
    assert is_bank_holiday(date(2026, 8, 31))
    result = add_working_hours(friday, 4)
    assert result == london(2026, 9, 1, 11, 0)
    assert result.isoformat() == "2026-09-01T11:00:00+01:00"
    assert working_hours_between(friday, result) == 4 * H


def test_zero_hours_returns_the_effective_start():
    assert add_working_hours(london(2026, 7, 8, 10, 15), 0) == london(2026, 7, 8, 10, 15)
    assert add_working_hours(london(2026, 7, 8, 8, 0), 0) == london(2026, 7, 8, 9, 0)
    assert add_working_hours(london(2026, 7, 8, 17, 0), 0) == london(2026, 7, 9, 9, 0)


def test_twenty_four_working_hours_is_three_working_days():
    start = london(2026, 7, 6, 9, 0)  # Monday opening
    assert add_working_hours(start, 24) == london(2026, 7, 8, 17, 0)  # Wednesday closing
    mid = london(2026, 7, 6, 11, 0)
    assert add_working_hours(mid, 24) == london(2026, 7, 9, 11, 0)
    assert add_working_hours(mid, 24) == add_working_days(mid, 3)
    assert add_working_hours(mid, timedelta(hours=24)) == add_working_hours(mid, 24.0)


def test_seventy_two_working_hours_over_christmas():
    # 72 h = 9 working days of 8 h from Wednesday 23 Dec 2026 10:00, skipping 25 and 28 Dec and
    # 1 Jan: 24, 29, 30, 31 Dec, 4, 5, 6, 7, 8 Jan -> 8 Jan 10:00.
    start = london(2026, 12, 23, 10, 0)
    assert add_working_hours(start, 72) == london(2027, 1, 8, 10, 0)


def test_large_durations_use_whole_days():
    start = london(2026, 1, 5, 9, 0)
    result = add_working_hours(start, 500 * 8)
    assert result == datetime.combine(add_working_days(date(2026, 1, 5), 499), time(17, 0), LONDON)
    assert working_hours_between(start, result) == 4000 * H


def _brute_force_add(start: datetime, quarters: int) -> datetime:
    """Step 15 minutes at a time over a 09:00-17:00 Monday-Friday week (reference model)."""
    step = timedelta(minutes=15)
    eng = holidays.country_holidays("GB", subdiv="ENG", years=range(2026, 2028))
    cursor = start.replace(tzinfo=None)

    def in_office(moment: datetime) -> bool:
        return (
            moment.weekday() < 5
            and moment.date() not in eng
            and time(9, 0) <= moment.time() < time(17, 0)
        )

    while not in_office(cursor):
        cursor += step
    for _ in range(quarters):
        while not in_office(cursor):
            cursor += step
        cursor += step
    return cursor.replace(tzinfo=LONDON)


@pytest.mark.parametrize(
    "start",
    [
        london(2026, 8, 27, 16, 45),
        london(2026, 8, 28, 8, 0),
        london(2026, 12, 24, 13, 15),
        london(2026, 7, 4, 10, 0),
    ],
)
@pytest.mark.parametrize("quarters", [1, 4, 31, 32, 33, 100])
def test_add_working_hours_matches_a_brute_force_model(start, quarters):
    assert add_working_hours(start, timedelta(minutes=15 * quarters)) == _brute_force_add(
        start, quarters
    )


# --- working_hours_between ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (london(2026, 7, 8, 10, 0), london(2026, 7, 8, 12, 30), timedelta(hours=2, minutes=30)),
        (london(2026, 7, 8, 7, 0), london(2026, 7, 8, 20, 0), 8 * H),
        (london(2026, 7, 3, 16, 0), london(2026, 7, 6, 10, 0), 2 * H),  # over a weekend
        (london(2026, 8, 28, 15, 0), london(2026, 9, 1, 11, 0), 4 * H),  # over a bank holiday
        (london(2026, 7, 4, 9, 0), london(2026, 7, 5, 17, 0), timedelta(0)),  # weekend only
        (london(2026, 7, 8, 12, 0), london(2026, 7, 8, 12, 0), timedelta(0)),
        (london(2026, 7, 8, 12, 0), london(2026, 7, 8, 11, 0), timedelta(0)),  # reversed
        (london(2026, 7, 8, 17, 0), london(2026, 7, 9, 9, 0), timedelta(0)),
    ],
)
def test_working_hours_between(start, end, expected):
    assert working_hours_between(start, end) == expected


def test_working_hours_between_for_an_overdue_check():
    received = london(2026, 8, 27, 14, 0)  # Thursday
    now = london(2026, 9, 1, 10, 0)  # Tuesday after the bank holiday
    elapsed = working_hours_between(received, now)
    assert elapsed == 3 * H + 8 * H + 1 * H
    assert elapsed < 24 * H
    assert now < add_working_hours(received, 24)


STARTS = [
    london(2026, 7, 8, 9, 0),
    london(2026, 7, 8, 13, 17),
    london(2026, 7, 8, 16, 59),
    london(2026, 7, 8, 17, 0),
    london(2026, 7, 8, 6, 0),
    london(2026, 7, 4, 12, 0),
    london(2026, 8, 28, 15, 0),
    london(2026, 12, 24, 16, 30),
    london(2026, 3, 27, 15, 0),
    london(2026, 10, 23, 14, 0),
    datetime(2026, 7, 8, 8, 30, tzinfo=UTC),
]
DURATIONS = [0, 0.25, 1, 4, 7.5, 8, 8.5, 24, 72, timedelta(minutes=1), timedelta(hours=100)]


@pytest.mark.parametrize("start", STARTS)
@pytest.mark.parametrize("duration", DURATIONS)
def test_working_hours_between_inverts_add_working_hours(start, duration):
    expected = duration if isinstance(duration, timedelta) else timedelta(hours=duration)
    end = add_working_hours(start, duration)
    assert end >= start
    assert working_hours_between(start, end) == expected


# --- Configurable office hours -----------------------------------------------------------------


def test_office_hours_from_settings(settings):
    assert OfficeHours.from_settings() == DEFAULT_OFFICE_HOURS
    settings.SAFEHUB_OFFICE_HOURS = {"start": "08:00", "end": "18:00", "weekdays": [0, 1, 2, 3]}
    hours = OfficeHours.from_settings()
    assert hours == OfficeHours(time(8, 0), time(18, 0), frozenset({0, 1, 2, 3}))
    assert hours.day_length == 10 * H


def test_longer_office_day_from_settings(settings):
    settings.SAFEHUB_OFFICE_HOURS = {"start": "08:00", "end": "18:00", "weekdays": [0, 1, 2, 3, 4]}
    assert add_working_hours(london(2026, 7, 8, 7, 0), 10) == london(2026, 7, 8, 18, 0)
    assert add_working_hours(london(2026, 7, 8, 17, 0), 4) == london(2026, 7, 9, 11, 0)
    assert add_working_hours(london(2026, 8, 28, 15, 0), 4) == london(2026, 9, 1, 9, 0)
    assert working_hours_between(london(2026, 7, 8, 0, 0), london(2026, 7, 9, 0, 0)) == 10 * H


def test_monday_to_saturday_week_from_settings(settings):
    settings.SAFEHUB_OFFICE_HOURS = {
        "start": "09:00",
        "end": "17:00",
        "weekdays": [0, 1, 2, 3, 4, 5],
    }
    assert is_working_day(date(2026, 7, 4))  # Saturday
    assert not is_working_day(date(2026, 7, 5))  # Sunday
    assert add_working_hours(london(2026, 7, 3, 15, 0), 4) == london(2026, 7, 4, 11, 0)
    assert add_working_days(date(2026, 7, 3), 1) == date(2026, 7, 4)
    # Bank holidays still close the office, on a Saturday too.
    assert not is_working_day(date(2026, 12, 26))
    assert add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 29)


def test_explicit_office_hours_override_settings(settings):
    settings.SAFEHUB_OFFICE_HOURS = {"start": "10:00", "end": "12:00", "weekdays": [0]}
    explicit = OfficeHours(time(8, 0), time(18, 0), frozenset(range(7)))
    assert is_working_day(date(2026, 7, 5), explicit)  # Sunday
    assert next_working_day(date(2026, 7, 4), explicit) == date(2026, 7, 5)
    assert add_working_days(date(2026, 7, 4), 1, explicit) == date(2026, 7, 5)
    assert add_working_hours(london(2026, 7, 4, 17, 0), 2, explicit) == london(2026, 7, 5, 9, 0)
    assert working_hours_between(
        london(2026, 7, 4, 0, 0), london(2026, 7, 6, 0, 0), explicit
    ) == timedelta(hours=20)
    assert working_days_between(date(2026, 7, 3), date(2026, 7, 6), explicit) == 3


def test_settings_are_read_at_call_time(settings):
    start = london(2026, 7, 8, 16, 0)
    assert add_working_hours(start, 2) == london(2026, 7, 9, 10, 0)
    settings.SAFEHUB_OFFICE_HOURS = {"start": "09:00", "end": "18:00", "weekdays": [0, 1, 2, 3, 4]}
    assert add_working_hours(start, 2) == london(2026, 7, 8, 18, 0)


def test_office_hours_defaults_when_setting_missing(settings):
    del settings.SAFEHUB_OFFICE_HOURS
    assert OfficeHours.from_settings() == DEFAULT_OFFICE_HOURS


@pytest.mark.parametrize(
    "config",
    [
        {"start": "17:00", "end": "09:00"},
        {"start": "09:00", "end": "09:00"},
        {"start": "9am", "end": "17:00"},
        {"start": "09:00", "end": "17:00", "weekdays": []},
        {"start": "09:00", "end": "17:00", "weekdays": [7]},
        {"end": "17:00"},
        ["09:00", "17:00"],
    ],
)
def test_malformed_office_hours_setting_is_improperly_configured(settings, config):
    settings.SAFEHUB_OFFICE_HOURS = config
    with pytest.raises(ImproperlyConfigured):
        OfficeHours.from_settings()


def test_office_hours_validation():
    with pytest.raises(ValueError, match="closes"):
        OfficeHours(time(17, 0), time(9, 0))
    with pytest.raises(ValueError, match="weekday"):
        OfficeHours(time(9, 0), time(17, 0), frozenset())
    hours = OfficeHours(time(9, 0), time(17, 0), [0, 1])  # type: ignore[arg-type]
    assert hours.weekdays == frozenset({0, 1})


# --- Invalid input ------------------------------------------------------------------------------


def test_naive_datetimes_are_rejected():
    naive = datetime(2026, 7, 8, 10, 0)
    aware = london(2026, 7, 8, 10, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_hours(naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        add_working_days(naive, 1)
    with pytest.raises(ValueError, match="timezone-aware"):
        working_hours_between(naive, aware)
    with pytest.raises(ValueError, match="timezone-aware"):
        working_hours_between(aware, naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_working_day(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        is_bank_holiday(naive)


@pytest.mark.parametrize(
    "call",
    [
        lambda: add_working_days(date(2026, 7, 8), -1),
        lambda: add_working_days(london(2026, 7, 8, 10, 0), -1),
        lambda: add_working_hours(london(2026, 7, 8, 10, 0), -1),
        lambda: add_working_hours(london(2026, 7, 8, 10, 0), -0.5),
        lambda: add_working_hours(london(2026, 7, 8, 10, 0), timedelta(minutes=-1)),
        lambda: add_working_hours(london(2026, 7, 8, 10, 0), float("nan")),
        lambda: add_working_hours(london(2026, 7, 8, 10, 0), float("inf")),
    ],
)
def test_negative_or_non_finite_amounts_are_rejected(call):
    with pytest.raises(ValueError):
        call()


def test_wrong_types_are_rejected():
    with pytest.raises(TypeError):
        add_working_days(date(2026, 7, 8), 1.5)  # type: ignore[call-overload]
    with pytest.raises(TypeError):
        add_working_hours(london(2026, 7, 8, 10, 0), "2")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        add_working_hours(london(2026, 7, 8, 10, 0), True)


# --- Clock changes ------------------------------------------------------------------------------


def test_clocks_going_forward_weekend():
    # BST starts at 01:00 UTC on Sunday 29 March 2026.
    friday = london(2026, 3, 27, 15, 0)
    assert friday.utcoffset() == timedelta(0)
    result = add_working_hours(friday, 4)
    assert result == london(2026, 3, 30, 11, 0)
    assert result.utcoffset() == H
    assert result.isoformat() == "2026-03-30T11:00:00+01:00"
    # Two office hours elapse, although 65 real hours pass.
    assert working_hours_between(london(2026, 3, 27, 16, 0), london(2026, 3, 30, 10, 0)) == 2 * H
    # Same wall-clock time on the next working day, whatever the offset.
    assert add_working_days(london(2026, 3, 27, 10, 0), 1).isoformat() == (
        "2026-03-30T10:00:00+01:00"
    )


def test_clocks_going_back_weekend():
    # GMT resumes at 01:00 UTC on Sunday 25 October 2026.
    friday = london(2026, 10, 23, 16, 0)
    assert friday.utcoffset() == H
    result = add_working_hours(friday, 2)
    assert result.isoformat() == "2026-10-26T10:00:00+00:00"
    assert working_hours_between(friday, result) == 2 * H


def test_utc_inputs_are_read_as_london_wall_clock():
    # 08:00 UTC on Monday 30 March 2026 is 09:00 BST: opening time.
    start = datetime(2026, 3, 30, 8, 0, tzinfo=UTC)
    assert add_working_hours(start, 1) == datetime(2026, 3, 30, 9, 0, tzinfo=UTC)
    assert add_working_hours(start, 1).tzinfo is LONDON
    # 07:30 UTC in summer is 08:30 BST: before opening.
    assert add_working_hours(datetime(2026, 7, 8, 7, 30, tzinfo=UTC), 1) == london(
        2026, 7, 8, 10, 0
    )
    # 16:30 UTC in summer is 17:30 BST: after closing.
    assert add_working_hours(datetime(2026, 7, 8, 16, 30, tzinfo=UTC), 1) == london(
        2026, 7, 9, 10, 0
    )


def test_office_hours_spanning_the_clock_change_use_the_wall_clock():
    # A round-the-clock rota: the spring-forward Sunday has 24 wall-clock hours of office time.
    always = OfficeHours(time(0, 0), time(23, 59), frozenset(range(7)))
    sunday = date(2026, 3, 29)
    start = datetime.combine(sunday, time(0, 0), LONDON)
    end = datetime.combine(sunday, time(23, 59), LONDON)
    assert working_hours_between(start, end, always) == timedelta(hours=23, minutes=59)
    # 01:30 does not exist on that day; the result is normalised to the real instant.
    result = add_working_hours(start, timedelta(hours=1, minutes=30), always)
    assert result.isoformat() == "2026-03-29T02:30:00+01:00"
