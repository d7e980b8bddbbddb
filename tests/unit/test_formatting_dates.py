"""``uk_date`` and ``hh_mm`` write what ``strftime`` wrote: every day of a leap year,
dates and datetimes at the edges of the calendar, every hour of a day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from directory.web.formatting import uk_date


def test_every_day_reads_as_strftime_wrote_it():
    day = date(2024, 1, 1)
    while day.year == 2024:
        assert uk_date(day) == f"{day.day} {day.strftime('%b %Y')}"
        day += timedelta(days=1)
    for value in (date(1, 1, 1), date(999, 12, 31), date(9999, 12, 31)):
        assert uk_date(value) == f"{value.day} {value.strftime('%b %Y')}"
    moment = datetime(2026, 3, 4, 23, 59, tzinfo=UTC)
    assert uk_date(moment) == "4 Mar 2026"
    assert uk_date(None) == ""


def test_hh_mm_is_what_strftime_wrote():
    from datetime import time

    from directory.web.formatting import hh_mm

    for hour in range(24):
        for minute in (0, 5, 30, 59):
            value = time(hour, minute, 7)
            assert hh_mm(value) == value.strftime("%H:%M")
