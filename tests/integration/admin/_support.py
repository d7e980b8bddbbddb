"""Builders for the admin tests (accounts, listings and claims made straight through the
models, and the mail reader, all from tests/factories.py) and what only admin tests need."""

from __future__ import annotations

from factories import (  # noqa: F401  (re-exported for the admin tests)
    PASSWORD,
    Mailbox,
    body,
    make_account,
    make_claim,
    make_practitioner,
    sign_in,
)

from directory.extensions import db
from directory.models import CredentialClaim


def committed(statement: object) -> object:
    """The first column of ``statement`` as another connection sees it: only what has
    been committed (the test's own session shares the app's transaction)."""
    with db.engine.connect() as connection:
        return connection.execute(statement).scalar()  # type: ignore[call-overload]


def committed_claim_status(claim_id: int) -> str:
    return str(committed(db.select(CredentialClaim.status).filter_by(id=claim_id)))
