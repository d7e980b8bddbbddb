"""Fixtures for the search tests: the real taxonomy and bodies, and a way to index."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from flask import Flask

from directory import search
from directory.extensions import db

from ._support import forget_queued_changes


@pytest.fixture
def taxonomy(reference_data: Flask) -> Flask:
    """The app with the real treatments (and their synonyms) and bodies, no practitioners,
    and no queued search changes."""
    forget_queued_changes()
    return reference_data


@pytest.fixture
def reindex(taxonomy: Flask) -> Callable[[], search.RebuildReport]:
    """Commit what the test built, then rebuild the index from the database."""

    def run() -> search.RebuildReport:
        db.session.commit()
        return search.rebuild()

    return run
