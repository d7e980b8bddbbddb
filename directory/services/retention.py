"""How long we keep what the public sends us, and the deletes that enforce it.

The periods come from configuration (``ENQUIRY_RETENTION_DAYS``,
``CONCERN_RETENTION_DAYS``); the privacy notice quotes ``periods()``, so the page and
the deletes cannot disagree. ``run`` is called by the hourly ``credentials expire``
command; it is idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app

from directory.services import concerns, enquiries


@dataclass(frozen=True)
class Periods:
    enquiry_days: int  # after the enquiry was sent
    concern_days: int  # after the concern was resolved (open ones are kept)


@dataclass(frozen=True)
class RetentionReport:
    enquiries: int
    concerns: int


def periods() -> Periods:
    config = current_app.config
    return Periods(int(config["ENQUIRY_RETENTION_DAYS"]), int(config["CONCERN_RETENTION_DAYS"]))


def run(now: datetime) -> RetentionReport:
    """Delete enquiries and resolved concerns past their period at ``now``; commits."""
    keep = periods()
    return RetentionReport(
        enquiries=enquiries.delete_created_before(now - timedelta(days=keep.enquiry_days)),
        concerns=concerns.delete_closed_before(now - timedelta(days=keep.concern_days)),
    )
