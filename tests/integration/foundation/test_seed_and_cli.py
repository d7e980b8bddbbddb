from __future__ import annotations

from pathlib import Path

from directory.extensions import db
from directory.models import (
    Account,
    AccreditationBody,
    ClaimStatus,
    Clinic,
    CredentialClaim,
    LocationPrecision,
    Practitioner,
    Role,
    Treatment,
)
from directory.services import accounts, seed

SEED_DIR = Path(__file__).resolve().parents[3] / "seed_data"


def _count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_reference_data_loads_and_reloading_changes_nothing(app):
    first = seed.load_reference_data(SEED_DIR)
    assert first.treatments >= 15 and first.bodies == 9
    before = (_count(Treatment), _count(AccreditationBody))
    seed.load_reference_data(SEED_DIR)
    assert (_count(Treatment), _count(AccreditationBody)) == before
    meso = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    assert "meso" in meso.synonyms
    assert meso.price_min_pence <= meso.price_max_pence


def test_demo_data_is_geocoded_at_real_postcodes_and_loads_once(seeded):
    assert _count(Practitioner) >= 300
    assert seed.load_demo(SEED_DIR).practitioners == 0  # second run adds nothing
    clinics = db.session.scalars(db.select(Clinic)).all()
    unit = [c for c in clinics if c.precision is LocationPrecision.UNIT]
    ni = [c for c in clinics if c.postcode.startswith("BT")]
    # Every demo clinic sits at a real, current postcode, so each resolves to its own unit,
    # except in Northern Ireland, where no open data has units: there, its district.
    assert len(unit) == len(clinics) - len(ni) and len(ni) >= 5
    assert all(c.precision is LocationPrecision.DISTRICT for c in ni)
    assert all(49.8 < c.latitude < 61 and -8.7 < c.longitude < 2 for c in unit + ni)
    statuses = {c.status for c in db.session.scalars(db.select(CredentialClaim))}
    assert {ClaimStatus.PENDING, ClaimStatus.VERIFIED, ClaimStatus.REJECTED} <= statuses
    assert all(p.is_demo for p in db.session.scalars(db.select(Practitioner)))


def test_create_admin_command(runner):
    result = runner.invoke(
        args=["create-admin", "Boss@Example.org", "--password", "a-long-enough-password"]
    )
    assert result.exit_code == 0, result.output
    admin = accounts.find_by_email("boss@example.org")
    assert admin.role is Role.ADMIN and admin.email_verified
    assert accounts.check_password(admin, "a-long-enough-password")
    assert not accounts.check_password(admin, "wrong")


def test_create_admin_refuses_short_password_and_duplicates(runner):
    short = runner.invoke(args=["create-admin", "a@example.org", "--password", "short"])
    assert short.exit_code != 0 and "at least 12" in short.output
    runner.invoke(args=["create-admin", "a@example.org", "--password", "a-long-enough-password"])
    again = runner.invoke(
        args=["create-admin", "A@example.org", "--password", "a-long-enough-password"]
    )
    assert again.exit_code != 0 and "already exists" in again.output
    assert _count(Account) == 1


def test_setup_command_is_idempotent(runner):
    first = runner.invoke(args=["setup"])
    assert first.exit_code == 0, first.output
    assert "Demo data:" in first.output
    second = runner.invoke(args=["setup"])
    assert second.exit_code == 0, second.output
    assert "already loaded" in second.output
    assert _count(Practitioner) >= 300


def test_health_reports_database_and_index(client, runner):
    missing = client.get("/health")
    # Still ready: searches are answered from the database until the index is built.
    assert missing.status_code == 200 and missing.json["status"] == "degraded"
    assert missing.json["checks"]["database"] == "ok"
    assert missing.json["checks"]["search_index"] == "degraded"
    assert client.get("/health/live").json == {"status": "ok"}
    runner.invoke(args=["setup"])
    ok = client.get("/health")
    assert ok.status_code == 200
    assert ok.json["status"] == "ok"
    assert ok.json["checks"] == {"database": "ok", "search_index": "ok", "search_replica": "ok"}
    assert [r["changes_behind"] for r in ok.json["replicas"]] == [0]
