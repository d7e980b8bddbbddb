"""Fixtures for the public-site and API tests."""

from __future__ import annotations

import pytest
from flask import Flask


@pytest.fixture
def indexed(seeded: Flask) -> Flask:
    """The seeded app with its search index built, as ``flask setup`` leaves it."""
    from directory import search

    search.ensure_index(seeded)
    return seeded
