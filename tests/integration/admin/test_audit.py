"""The audit trail: filters, the CSV export, and that entries cannot be changed."""

from __future__ import annotations

import csv
import io

import pytest

from directory import clock
from directory.extensions import db
from directory.models import AuditEntry, ClaimStatus
from directory.models.audit import AuditLogIsAppendOnly
from directory.services import audit, suspension, verification

from ._support import make_account, make_claim, make_practitioner


@pytest.fixture
def history(app, admin):
    """Two practitioners, a rejection, an approval and a suspension by the admin."""
    first = make_practitioner("demo-xia-first", make_account("xia@example.org"))
    second = make_practitioner("demo-yan-second")
    rejected, approved = make_claim(first), make_claim(second, "save-face", "SF1")
    verification.reject(
        rejected.id,
        admin,
        '=HYPERLINK("http://evil") not found',
        seen=verification.version_of(rejected),
    )
    verification.approve(
        approved.id,
        admin,
        verification.add_months(clock.today(), 12),
        clock.today(),
        seen=verification.version_of(approved),
        register=verification.RegisterEntry("Listed, name matches"),
    )
    suspension.suspend(second.id, admin, "Concern about premises being unsafe.")
    audit.record("seed.note", "practitioner", first.id, practitioner_id=first.id)
    db.session.commit()
    return first, second


def test_filters_by_practitioner_action_and_actor(admin_client, history):
    first, second = history
    mine = admin_client.get(f"/admin/audit?practitioner={second.id}")
    assert (
        "<code>claim.verified</code>" in mine.text and "<code>profile.suspend</code>" in mine.text
    )
    assert "<code>claim.rejected</code>" not in mine.text
    claims_only = admin_client.get("/admin/audit?action=claim")
    assert (
        "<code>claim.verified</code>" in claims_only.text
        and "<code>profile.suspend</code>" not in claims_only.text
    )
    by_system = admin_client.get("/admin/audit?actor=system")
    assert (
        "<code>seed.note</code>" in by_system.text
        and "<code>claim.verified</code>" not in by_system.text
    )
    assert "2 entries" in admin_client.get("/admin/audit?action=claim").text


def test_bad_filters_say_so_without_failing(admin_client, history):
    response = admin_client.get("/admin/audit?since=yesterday&practitioner=abc")
    assert response.status_code == 400
    assert "is not a date" in response.text and "by its number" in response.text


def test_date_filters_are_inclusive_days(admin_client, history):
    today = clock.today().isoformat()
    assert "claim.verified" in admin_client.get(f"/admin/audit?since={today}&until={today}").text
    assert "0 entries" in admin_client.get("/admin/audit?until=2000-01-01").text


def test_the_csv_export_has_every_column_and_is_safe_for_spreadsheets(admin_client, history):
    first, _ = history
    response = admin_client.get(f"/admin/audit.csv?practitioner={first.id}")
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["action"] for r in rows] == ["claim.rejected", "seed.note"]
    rejected = rows[0]
    assert rejected["actor"] == "admin@example.org"
    assert '"status": "pending"' in rejected["before"]
    assert '"status": "rejected"' in rejected["after"]
    assert rejected["reason"].startswith("'=HYPERLINK")  # not a live formula


def test_entries_cannot_be_changed_or_deleted(app, history):
    entry = db.session.scalar(db.select(AuditEntry).limit(1))
    entry.reason = "rewritten"
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(db.select(AuditEntry).limit(1)))
    with pytest.raises(AuditLogIsAppendOnly):
        db.session.commit()
    db.session.rollback()


def test_each_practitioner_page_shows_its_history(admin_client, history):
    _, second = history
    page = admin_client.get(f"/admin/practitioners/{second.id}")
    assert "<code>profile.suspend</code>" in page.text and "Concern about premises" in page.text
    assert second.claims[0].status is ClaimStatus.VERIFIED
