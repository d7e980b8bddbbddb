"""Marking practitioners for re-indexing, inside the caller's transaction."""

from __future__ import annotations

from directory.extensions import db
from directory.models import SearchOutbox


def mark_practitioner(practitioner_id: int) -> None:
    """Queue one practitioner's search document for refresh (not committed here)."""
    db.session.add(SearchOutbox(practitioner_id=practitioner_id, scope="practitioner"))


def mark_everything() -> None:
    """Queue a refresh of every document, e.g. after a synonym changes (not committed)."""
    db.session.add(SearchOutbox(practitioner_id=None, scope="all"))
