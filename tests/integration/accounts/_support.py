"""Helpers shared by the account tests: test data, another app on the test database, and
(from tests/factories.py) the reader for the file mail backend."""

from __future__ import annotations

import re
from pathlib import Path

from factories import PASSWORD, Mailbox  # noqa: F401  (re-exported for the account tests)
from flask import Flask

from directory.extensions import db

CLINICS = [
    {
        "name": "Leeds Skin Studio",
        "address_line1": "1 Park Row",
        "town": "Leeds",
        "postcode": "ls1 5ab",
    },
    {
        "name": "Harrogate Clinic",
        "address_line1": "2 Station Parade",
        "town": "Harrogate",
        "postcode": "HG1 1ST",
    },
]

TREATMENTS = [
    "mesotherapy",
    "skin-boosters",
    "anti-wrinkle-injections",
    "dermal-fillers",
    "microneedling",
]

PROFILE = {
    "display_name": "Amira Shah",
    "title": "Ms",
    "profession": "nurse",
    "registration_number": "12a3456e",
    "bio": "Aesthetic nurse prescriber.",
    "website": "https://amira.example.org",
    "phone": "0113 496 0000",
    "booking_url": "https://book.example.org/amira",
}


def body_id(slug: str) -> int:
    from directory.models import AccreditationBody

    return db.session.scalar(db.select(AccreditationBody.id).filter_by(slug=slug))


TEST_SECRET = "test-secret-key-that-is-long-enough-0123456789"


def build_app(database_url: str, tmp_path: Path, **extra: object) -> Flask:
    """Another app on the test database, e.g. with CSRF, rate limits or inline indexing
    switched on (the shared fixtures switch them off). Use the ``make_app`` fixture,
    which also closes its connections."""
    from directory import create_app

    return create_app(
        {
            "TESTING": True,
            "SECRET_KEY": TEST_SECRET,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "SEARCH_INLINE_INDEXING": False,
            "MAIL_BACKEND": "file",
            "MAIL_DIR": str(tmp_path / "mail"),
            "RATELIMIT_STORAGE_URI": "memory://",
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "PUBLIC_BASE_URL": "http://localhost",
            **extra,
        }
    )


def csrf_token(page: str, name: str = "csrf_token") -> str:
    """The CSRF token in a rendered form (``name`` is prefixed for prefixed forms)."""
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]+)"', page)
    assert match, "no CSRF token on the page"
    return match.group(1)
