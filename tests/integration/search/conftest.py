"""Fixtures for the search tests: the real taxonomy and bodies, and a way to index."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import text

from directory import search
from directory.extensions import db
from directory.models import SearchOutbox


@pytest.fixture
def taxonomy(reference_data: Flask) -> Flask:
    """The app with the real treatments (and their synonyms) and bodies, no practitioners,
    and no queued search changes."""
    db.session.execute(db.delete(SearchOutbox))
    # Number the log afresh, as on a new database: replicas would otherwise watch the
    # deleted rows' ids as gaps (possibly uncommitted rows) for a second or so.
    if db.engine.dialect.name == "postgresql":
        db.session.execute(text("ALTER SEQUENCE search_outbox_id_seq RESTART"))
    else:
        db.session.execute(text("DELETE FROM sqlite_sequence WHERE name = 'search_outbox'"))
    db.session.commit()
    return reference_data


@pytest.fixture
def reindex(taxonomy: Flask) -> Callable[[], search.RebuildReport]:
    """Commit what the test built, then rebuild the index from the database."""

    def run() -> search.RebuildReport:
        db.session.commit()
        return search.rebuild()

    return run
