"""A clinic's opening hours, as its practitioner sets them, and how a day reads to the public.

Hours replace the clinic's whole week in one audited change, queued for re-indexing
(the "open on weekends" filter reads them). A clinic shared with other practitioners
(a seeded listing) is not changed under them: the owner gets a copy with the new hours,
as editing its address does.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from directory.clock import today
from directory.extensions import db
from directory.models import Account, Clinic, OpeningHours
from directory.models.opening_hours import DAY_NAMES, WEEKEND
from directory.services.clinic_access import own_copy
from directory.services.ownership import own_profile, owned, record_change
from directory.services.profile_rules import ProfileError


@dataclass(frozen=True)
class DayHours:
    """One day's opening: times, or ``by_appointment`` with no times."""

    weekday: int
    opens: time | None = None
    closes: time | None = None
    by_appointment: bool = False


def check_week(days: Iterable[DayHours]) -> list[DayHours]:
    """The days in week order; raises ``ProfileError`` (field "day-N") for a day given
    twice, out of range, closing before it opens, or with times and "by appointment"."""
    seen: dict[int, DayHours] = {}
    for day in days:
        if not 0 <= day.weekday <= 6:
            raise ProfileError("Days run from Monday to Sunday.", "hours")
        name, field = DAY_NAMES[day.weekday], f"day-{day.weekday}"
        if day.weekday in seen:
            raise ProfileError(f"{name} is given twice.", field)
        if day.by_appointment:
            if day.opens or day.closes:
                raise ProfileError(
                    f"{name}: give opening times or choose 'by appointment', not both.", field
                )
        elif day.opens is None or day.closes is None:
            raise ProfileError(f"{name}: give both an opening and a closing time.", field)
        elif day.opens >= day.closes:
            raise ProfileError(f"{name}: the closing time must be after the opening time.", field)
        seen[day.weekday] = day
    return [seen[d] for d in sorted(seen)]


def week_state(clinic: Clinic) -> list[dict[str, Any]]:
    return [
        {
            "day": DAY_NAMES[h.weekday],
            "opens": _clock(h.opens),
            "closes": _clock(h.closes),
            "by_appointment": h.by_appointment,
        }
        for h in clinic.hours
    ]


def set_hours(account: Account, clinic_id: int, days: Iterable[DayHours]) -> Clinic:
    """Replace the clinic's week with ``days`` (no day given: closed); commits.

    Returns the clinic that now carries the hours (a copy for a shared clinic). Raises
    ``NotFound`` for someone else's clinic and ``ProfileError`` for inconsistent days,
    before anything is changed.
    """
    week = check_week(days)
    clinic = owned(account, Clinic, clinic_id)
    practitioner = own_profile(account)
    before = week_state(clinic)
    clinic = own_copy(practitioner, clinic, with_hours=False)
    if clinic.hours:
        clinic.hours.clear()
        db.session.flush()  # the old rows go before the new ones meet the unique key
    clinic.hours.extend(
        OpeningHours(
            weekday=d.weekday, opens=d.opens, closes=d.closes, by_appointment=d.by_appointment
        )
        for d in week
    )
    db.session.flush()
    record_change(
        practitioner, "clinic.hours", "clinic", clinic.id, account, before, week_state(clinic)
    )
    db.session.commit()
    return clinic


def open_at_weekends(hours: Iterable[OpeningHours]) -> bool:
    """True when the clinic sees patients on a Saturday or Sunday (by appointment counts)."""
    return any(h.weekday in WEEKEND for h in hours)


def describe(hours: OpeningHours) -> str:
    """ "9:00 to 17:30" or "By appointment"."""
    if hours.by_appointment:
        return "By appointment"
    return f"{_clock(hours.opens)} to {_clock(hours.closes)}"


def today_index(now: datetime | None = None) -> int:
    """Today's day number in UK time (a server in UTC would move Sunday night on)."""
    return today(now).weekday()


def _clock(value: time | None) -> str | None:
    return None if value is None else f"{value.hour}:{value.minute:02d}"
