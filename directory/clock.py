"""The calendar the rules are judged on: the UK's.

A badge "valid until 30 June" is shown until midnight in the UK on 30 June, whatever
zone the server runs in; the expiry job, search, profiles and the admin pages all ask
``today()`` so they agree on which day it is.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

UK_TIME = ZoneInfo("Europe/London")


def today(now: datetime | None = None) -> date:
    """The date in the UK now (or at the aware ``now``)."""
    return (now or datetime.now(UK_TIME)).astimezone(UK_TIME).date()
