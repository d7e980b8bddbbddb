"""Fixtures for the safety, enquiry and data-rights tests: the real taxonomy and bodies,
a mailbox, and enquiries that need no waiting (the time check has its own test)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from flask import Flask

from directory.extensions import db


@pytest.fixture
def app(app: Flask, tmp_path: Path) -> Flask:
    app.config.update(MAIL_DIR=str(tmp_path / "mail"), MAIL_BACKEND="file", ENQUIRY_MIN_SECONDS=0)
    return app


@pytest.fixture(autouse=True)
def _taxonomy(reference_data: Flask) -> None:
    """Every safety test starts from a copy of the real taxonomy and bodies (built once)."""


@pytest.fixture
def make_limited_app(
    app: Flask, database_url: str, tmp_path: Path
) -> Iterator[Callable[..., Flask]]:
    """``make_limited_app(**config)``: another app on this test's database with rate
    limits on (counted in memory), mailing into this test's mailbox."""
    from directory import create_app

    made: list[Flask] = []

    def make(**extra: object) -> Flask:
        other = create_app(
            {
                **{
                    k: app.config[k]
                    for k in (
                        "TESTING",
                        "SECRET_KEY",
                        "SQLALCHEMY_DATABASE_URI",
                        "MAIL_DIR",
                        "MAIL_BACKEND",
                        "ENQUIRY_MIN_SECONDS",
                        "SEARCH_INLINE_INDEXING",
                        "WTF_CSRF_ENABLED",
                    )
                },
                "SEARCH_INDEX_DIR": str(tmp_path / f"index{len(made)}"),
                "UPLOAD_DIR": str(tmp_path / f"uploads{len(made)}"),
                "RATELIMIT_ENABLED": True,
                "RATELIMIT_STORAGE_URI": "memory://",
                **extra,
            }
        )
        made.append(other)
        return other

    yield make
    for other in made:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
