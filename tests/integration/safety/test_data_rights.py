"""A practitioner downloads everything held about them, and deletes their account: the
listing goes, evidence files go, and the audit trail stays with a stable pseudonym."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from factories import PASSWORD, checked_practitioner, make_account, sign_in

from directory.extensions import db
from directory.models import Account, AuditEntry, Enquiry, Practitioner, PublicationState, Role
from directory.services import audit, erasure

PDF = b"%PDF-1.4\n% my certificate\n"


def _with_evidence(app, slug: str) -> Practitioner:  # type: ignore[no-untyped-def]
    p = checked_practitioner(slug)
    claim = p.claims[0]
    folder = Path(app.config["UPLOAD_DIR"]) / "evidence"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "abc.pdf").write_bytes(PDF)
    claim.evidence_path, claim.evidence_filename = "evidence/abc.pdf", "certificate.pdf"
    claim.evidence_mimetype = "application/pdf"
    db.session.add(
        Enquiry(
            practitioner=p, name="Jo", email="jo@example.org", message="Do you have time next week?"
        )
    )
    audit.record(
        "profile.update",
        "practitioner",
        p.id,
        actor=p.owner,
        practitioner_id=p.id,
        before={"display_name": "Old"},
        after={"display_name": p.display_name},
    )
    db.session.commit()
    return p


def test_download_holds_the_data_and_the_evidence_files(app):
    p = _with_evidence(app, "amira-shah")
    client = sign_in(app.test_client(), "owner@example.org")
    assert "Download my data" in client.get("/account/data").text
    response = client.get("/account/data/export")
    assert response.status_code == 200 and response.mimetype == "application/zip"
    assert "attachment" in response.headers["Content-Disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.data))
    data = json.loads(archive.read("data.json"))
    assert data["account"]["email"] == "owner@example.org"
    assert data["account"]["terms_accepted_at"]
    assert data["profile"]["slug"] == p.slug and len(data["clinics"]) == 2
    [claim] = data["credential_claims"]
    assert claim["number"] == "JCCP12345" and archive.read(claim["evidence_file"]) == PDF
    assert data["messages_received"][0]["message"] == "Do you have time next week?"
    assert any(e["action"] == "profile.update" and e["by"] == "you" for e in data["audit_trail"])


def test_delete_says_what_happens_asks_for_the_password_then_erases(app):
    admin = make_account("admin@example.org", Role.ADMIN, accepted_terms=True)
    p = _with_evidence(app, "amira-shah")
    owner_id, practitioner_id = p.owner_id, p.id
    audit.record(
        "profile.suspend",
        "practitioner",
        p.id,
        actor=admin,
        practitioner_id=p.id,
        reason="Checking a concern about Amira Shah",
    )
    db.session.commit()
    client = sign_in(app.test_client(), "owner@example.org")
    page = client.get("/account/data").text
    assert "cannot be undone" in page and "pseudonym" in page

    wrong = client.post("/account/delete", data={"password": "not my password at all"})
    assert wrong.status_code == 400 and "not your current password" in wrong.text
    assert db.session.get(Account, owner_id) is not None

    done = client.post("/account/delete", data={"password": PASSWORD})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Account, owner_id) is None
    assert app.test_client().get(f"/practitioners/{p.slug}").status_code == 404
    listing = db.session.get(Practitioner, practitioner_id)
    assert listing.state is PublicationState.DRAFT and listing.owner_id is None
    assert listing.display_name == erasure.DELETED_NAME and listing.phone is None
    assert listing.claims == [] and listing.clinics == [] and listing.offers == []
    assert not (Path(app.config["UPLOAD_DIR"]) / "evidence" / "abc.pdf").exists()
    assert db.session.scalars(db.select(Enquiry)).all() == []
    # Signed out: the old session no longer opens the account area.
    assert client.get("/account/").status_code == 302

    label = erasure.pseudonym(owner_id)
    assert label == erasure.pseudonym(owner_id) and label.startswith("former-account-")
    entries = db.session.scalars(db.select(AuditEntry).order_by(AuditEntry.id)).all()
    text = json.dumps([(e.actor_label, e.before, e.after, e.reason) for e in entries])
    assert "owner@example.org" not in text and "Amira Shah" not in text
    actions = {e.action: e for e in entries}
    assert actions["profile.update"].actor_label == label
    assert actions["profile.suspend"].actor_label == "admin@example.org"  # admins stay named
    assert label in actions["profile.suspend"].reason
    assert actions["account.delete"].actor_label == label


def test_the_admin_audit_trail_still_reads_after_a_deletion(app):
    make_account("admin@example.org", Role.ADMIN, accepted_terms=True)
    p = _with_evidence(app, "gone-soon")
    label = erasure.pseudonym(p.owner_id)
    owner = sign_in(app.test_client(), "owner@example.org")
    assert owner.post("/account/delete", data={"password": PASSWORD}).status_code == 302
    admin = sign_in(app.test_client(), "admin@example.org")
    trail = admin.get(f"/admin/audit?practitioner_id={p.id}")
    assert trail.status_code == 200
    assert label in trail.text and label in admin.get("/admin/audit").text
