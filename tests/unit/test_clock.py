"""``clock.today`` is the UK's date, whatever zone the server keeps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

from directory import clock


def test_a_summer_evening_in_utc_is_already_tomorrow_in_the_uk():
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST): a badge valid until
    # 30 June has run out there.
    assert clock.today(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == date(2026, 7, 1)


def test_in_winter_the_uk_date_is_the_utc_date():
    assert clock.today(datetime(2026, 12, 31, 23, 59, tzinfo=UTC)) == date(2026, 12, 31)
    assert clock.today(datetime(2027, 1, 1, 0, 0, tzinfo=UTC)) == date(2027, 1, 1)


def test_a_time_given_in_another_zone_is_read_in_the_uk():
    new_york = timezone(timedelta(hours=-5))
    assert clock.today(datetime(2026, 12, 31, 20, 0, tzinfo=new_york)) == date(2027, 1, 1)


def test_without_a_time_it_is_now():
    assert clock.today() == datetime.now(clock.UK_TIME).date()
