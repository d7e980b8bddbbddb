from __future__ import annotations

from datetime import UTC, datetime

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from directory.extensions import db
from directory.models import Account, AuditEntry, Clinic, Practitioner, Profession
from directory.models.audit import AuditLogIsAppendOnly
from directory.services import audit


def test_migrations_match_the_models(app):
    """The migrated schema is what the models describe: no forgotten migration."""
    with db.engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), db.metadata)
    assert diffs == []


def test_sqlite_has_foreign_keys_and_wal(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite pragmas")
    assert db.session.execute(text("PRAGMA foreign_keys")).scalar() == 1
    assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_email_is_unique_whatever_its_case(app):
    db.session.add(Account(email="Jo@Example.org", password_hash="x"))
    db.session.commit()
    assert db.session.scalar(db.select(Account.email)) == "jo@example.org"
    db.session.add(Account(email="JO@example.ORG ", password_hash="y"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_foreign_keys_are_enforced(app):
    db.session.add(
        Practitioner(slug="x", display_name="X", profession=Profession.NURSE, owner_id=99999)
    )
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_datetimes_come_back_aware_utc(app):
    when = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    db.session.add(Account(email="a@example.org", password_hash="x", last_login_at=when))
    db.session.commit()
    db.session.expire_all()
    loaded = db.session.scalar(db.select(Account))
    assert loaded.last_login_at == when
    assert loaded.last_login_at.tzinfo is not None


def test_audit_entries_cannot_be_changed_or_deleted(app):
    entry = audit.record("test.action", "clinic", 1, after={"name": "A"})
    db.session.commit()
    entry.action = "tampered"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.get(AuditEntry, entry.id))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEntry, entry.id).action == "test.action"


def test_a_clinic_can_have_several_practitioners_and_vice_versa(app):
    a = Clinic(name="A", postcode="LS1 4AP")
    b = Clinic(name="B", postcode="M1 1AE")
    p1 = Practitioner(slug="p1", display_name="P One", profession=Profession.NURSE, clinics=[a, b])
    p2 = Practitioner(slug="p2", display_name="P Two", profession=Profession.DOCTOR, clinics=[a])
    db.session.add_all([p1, p2])
    db.session.commit()
    db.session.expire_all()
    clinic_a = db.session.scalar(db.select(Clinic).filter_by(name="A"))
    assert sorted(p.slug for p in clinic_a.practitioners) == ["p1", "p2"]
    p1 = db.session.scalar(db.select(Practitioner).filter_by(slug="p1"))
    assert [c.name for c in p1.clinics] == ["A", "B"]
