"""Credential claims with evidence, and the abuse cases around them."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path

from directory import clock
from directory.extensions import db
from directory.models import (
    AccreditationBody,
    AuditEntry,
    BodyKind,
    ClaimStatus,
    CredentialClaim,
    Practitioner,
    Role,
)
from directory.services import accounts

from ._support import PASSWORD, PROFILE, body_id

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def _claim(client, number="JCCP12345", data=PDF, filename="certificate.pdf", body="jccp"):
    return client.post(
        "/account/claims",
        data={"body": body_id(body), "number": number, "evidence": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _claims() -> list[CredentialClaim]:
    """Claims made on the claims page (the profile's regulator and number are a claim
    too, made by saving the profile: see ``test_registration``)."""
    db.session.expire_all()
    query = (
        db.select(CredentialClaim)
        .join(Practitioner)
        .join(AccreditationBody, AccreditationBody.id == CredentialClaim.body_id)
        .where(Practitioner.owner_id.is_not(None), AccreditationBody.kind != BodyKind.REGULATOR)
        .order_by(CredentialClaim.id)
    )
    return list(db.session.scalars(query))


def test_submit_a_jccp_claim_with_evidence(app, practitioner):
    response = _claim(practitioner, number="jccp 12345")
    assert response.status_code == 302, response.text
    [claim] = _claims()
    assert claim.status is ClaimStatus.PENDING and claim.number == "JCCP12345"
    assert claim.evidence_mimetype == "application/pdf"
    stored = Path(app.config["UPLOAD_DIR"]) / claim.evidence_path
    assert stored.read_bytes() == PDF
    assert "certificate" not in claim.evidence_path  # a random name, not the given one
    assert not str(stored.resolve()).startswith(str(Path(app.static_folder).resolve()))
    page = practitioner.get("/account/claims")
    assert "pending" in page.text
    download = practitioner.get(f"/account/claims/{claim.id}/evidence")
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()


def test_evidence_is_served_to_owner_and_admins_only(app, practitioner, signed_up):
    _claim(practitioner, data=PNG, filename="card.png")
    [claim] = _claims()
    other = signed_up("other@example.org", on=app.test_client())
    assert other.get(f"/account/claims/{claim.id}/evidence").status_code == 404
    anonymous = app.test_client()
    assert anonymous.get(f"/account/claims/{claim.id}/evidence").status_code == 302
    accounts.create_admin("admin@example.org", "admin password long enough")
    admin = app.test_client()
    admin.post(
        "/sign-in", data={"email": "admin@example.org", "password": "admin password long enough"}
    )
    response = admin.get(f"/account/claims/{claim.id}/evidence")
    assert response.status_code == 200 and response.mimetype == "image/png"
    response.close()


def test_html_posing_as_pdf_is_refused(practitioner):
    html = b"<!doctype html><html><script>alert(1)</script></html>"
    response = _claim(practitioner, data=html, filename="certificate.pdf")
    assert response.status_code == 400
    assert "PDF, JPEG or PNG" in response.text
    assert _claims() == []


def _raw_claim(client, content: bytes):
    """Post a claim as a hand-built multipart body (the test client would spool a large
    ``data=`` dict through a temporary file it never closes)."""
    head = "".join(
        f'--B0undary\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in (("body", body_id("jccp")), ("number", "JCCP12345"))
    ).encode()
    part = (
        b'--B0undary\r\nContent-Disposition: form-data; name="evidence"; '
        b'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
    )
    return client.post(
        "/account/claims",
        data=head + part + content + b"\r\n--B0undary--\r\n",
        content_type="multipart/form-data; boundary=B0undary",
    )


def test_a_6mb_upload_is_refused_clearly(app, practitioner):
    uploads = Path(app.config["UPLOAD_DIR"])
    stored_before = set(uploads.rglob("*"))
    # Over the request cap: refused before it is read, the claims page says why.
    response = _raw_claim(practitioner, PDF + b"0" * (6 * 1024 * 1024))
    assert response.status_code == 413
    assert "larger than 5 MB" in response.text
    assert 'id="evidence-error"' in response.text and "Make a claim" in response.text
    assert _claims() == []
    # Just over 5 MB fits the cap, and the evidence check refuses it, keeping the number.
    response = _raw_claim(practitioner, PDF + b"0" * (5 * 1024 * 1024))
    assert response.status_code == 400
    assert "larger than 5 MB" in response.text and 'value="JCCP12345"' in response.text
    assert _claims() == []
    assert set(uploads.rglob("*")) == stored_before  # nothing written
    # A stricter cap set by configuration wins, with the same clear page.
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    response = _raw_claim(practitioner, PDF + b"0" * (2 * 1024 * 1024))
    assert response.status_code == 413 and "larger than 5 MB" in response.text


def test_an_oversized_replacement_keeps_the_claim(practitioner):
    _claim(practitioner)
    [claim] = _claims()
    big = PDF + b"0" * (6 * 1024 * 1024)
    head = (
        b'--B0undary\r\nContent-Disposition: form-data; name="number"\r\n\r\nJCCP99999\r\n'
        b'--B0undary\r\nContent-Disposition: form-data; name="evidence"; filename="b.pdf"\r\n'
        b"Content-Type: application/pdf\r\n\r\n"
    )
    response = practitioner.post(
        f"/account/claims/{claim.id}/edit",
        data=head + big + b"\r\n--B0undary--\r\n",
        content_type="multipart/form-data; boundary=B0undary",
    )
    assert response.status_code == 413 and "larger than 5 MB" in response.text
    assert _claims()[0].number == "JCCP12345"


def test_number_checked_against_the_body_format(practitioner):
    response = _claim(practitioner, number="12A3456E", body="gmc")
    assert response.status_code == 400
    response = _claim(practitioner, number="!!")
    assert response.status_code == 400
    assert _claims() == []


def test_practitioner_can_never_mark_a_claim_verified(practitioner):
    practitioner.post(
        "/account/claims",
        data={
            "body": body_id("jccp"),
            "number": "JCCP12345",
            "status": "verified",
            "evidence": (io.BytesIO(PDF), "c.pdf"),
        },
        content_type="multipart/form-data",
    )
    [claim] = _claims()
    assert claim.status is ClaimStatus.PENDING
    practitioner.post(
        f"/account/claims/{claim.id}/edit", data={"number": "JCCP12345", "status": "verified"}
    )
    assert _claims()[0].status is ClaimStatus.PENDING


def test_changing_a_current_verified_number_is_checked_as_a_renewal(practitioner):
    _claim(practitioner)
    [claim] = _claims()
    claim.status = ClaimStatus.VERIFIED
    db.session.commit()
    response = practitioner.post(f"/account/claims/{claim.id}/edit", data={"number": "JCCP99999"})
    assert response.status_code == 302
    # The checked badge stays; the new number waits in the queue as its renewal.
    old, renewal = _claims()
    assert (old.status, old.number) == (ClaimStatus.VERIFIED, "JCCP12345")
    assert (renewal.status, renewal.number, renewal.renews_id) == (
        ClaimStatus.PENDING,
        "JCCP99999",
        old.id,
    )
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="claim.renew"))
    assert entry.after["renews"] == old.id


def test_changing_an_expired_verified_number_sends_it_back_to_pending(practitioner):
    _claim(practitioner)
    [claim] = _claims()
    claim.status, claim.expires_on = ClaimStatus.VERIFIED, clock.today() - timedelta(days=1)
    db.session.commit()
    response = practitioner.post(f"/account/claims/{claim.id}/edit", data={"number": "JCCP99999"})
    assert response.status_code == 302
    [claim] = _claims()
    assert claim.status is ClaimStatus.PENDING and claim.number == "JCCP99999"
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="claim.amend"))
    assert entry.before["status"] == "verified" and entry.after["status"] == "pending"


def test_rejected_claim_shows_its_reason(practitioner):
    _claim(practitioner)
    [claim] = _claims()
    claim.status, claim.reason = ClaimStatus.REJECTED, "Number not on the JCCP register."
    db.session.commit()
    assert "Number not on the JCCP register." in practitioner.get("/account/claims").text


def test_another_practitioners_claim_is_404(app, practitioner, signed_up):
    _claim(practitioner)
    [claim] = _claims()
    intruder = signed_up("intruder@example.org", on=app.test_client())
    intruder.post(
        "/account/profile", data=PROFILE | {"display_name": "Eve", "regulator": body_id("nmc")}
    )
    assert intruder.get(f"/account/claims/{claim.id}/edit").status_code == 404
    response = intruder.post(f"/account/claims/{claim.id}/edit", data={"number": "JCCP1"})
    assert response.status_code == 404
    assert intruder.post(f"/account/claims/{claim.id}/withdraw").status_code == 404
    assert _claims()[0].number == "JCCP12345"


def test_admin_role_cannot_come_from_the_sign_up_form(client):
    client.post(
        "/sign-up",
        data={
            "email": "x@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
            "role": "admin",
            "terms": "y",
        },
    )
    assert accounts.find_by_email("x@example.org").role is Role.PRACTITIONER


JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64


def test_jpeg_is_accepted_and_an_html_replacement_is_refused(app, practitioner):
    assert _claim(practitioner, data=JPEG, filename="card.jpeg").status_code == 302
    [claim] = _claims()
    assert claim.evidence_mimetype == "image/jpeg" and claim.evidence_path.endswith(".jpg")
    response = practitioner.post(
        f"/account/claims/{claim.id}/edit",
        data={"number": "JCCP12345", "evidence": (io.BytesIO(b"<html>x</html>"), "x.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400 and "PDF, JPEG or PNG" in response.text
    assert _claims()[0].evidence_mimetype == "image/jpeg"


def test_replacing_evidence_reopens_the_claim_and_deletes_the_old_file(app, practitioner):
    _claim(practitioner)
    [claim] = _claims()
    old_file = Path(app.config["UPLOAD_DIR"]) / claim.evidence_path
    claim.status, claim.reason = ClaimStatus.REJECTED, "Unreadable scan."
    db.session.commit()
    response = practitioner.post(
        f"/account/claims/{claim.id}/edit",
        data={"number": "JCCP12345", "evidence": (io.BytesIO(PNG), "clear.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    [claim] = _claims()
    assert claim.status is ClaimStatus.PENDING and claim.reason is None
    assert claim.evidence_mimetype == "image/png"
    assert not old_file.exists()
    assert (Path(app.config["UPLOAD_DIR"]) / claim.evidence_path).read_bytes() == PNG


def test_withdrawing_deletes_the_evidence(app, practitioner):
    _claim(practitioner)
    [claim] = _claims()
    stored = Path(app.config["UPLOAD_DIR"]) / claim.evidence_path
    assert practitioner.post(f"/account/claims/{claim.id}/withdraw").status_code == 302
    assert _claims() == [] and not stored.exists()


def test_claim_form_errors_say_what_to_fix(practitioner):
    response = practitioner.post(
        "/account/claims",
        data={"body": body_id("jccp"), "number": ""},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Enter your membership or registration number." in response.text
    assert "Choose a file to upload as evidence." in response.text
    # A statutory regulator is not offered: the profile's registration is that claim.
    response = _claim(practitioner, number="1234567", body="gmc")
    assert response.status_code == 400 and "choose your evidence file again" in response.text
    assert not _claims()


def test_one_open_claim_per_body(practitioner):
    assert _claim(practitioner).status_code == 302
    again = _claim(practitioner, number="JCCP67890")
    assert again.status_code == 400 and "already have a JCCP claim" in again.text
    assert len(_claims()) == 1


def test_statuses_are_explained_in_words(practitioner):
    _claim(practitioner)
    [claim] = _claims()
    assert "Waiting to be checked" in practitioner.get("/account/claims").text
    claim.status = ClaimStatus.REVOKED
    claim.reason = "Struck off the register."
    db.session.commit()
    page = practitioner.get("/account/claims").text
    assert "Withdrawn by our team" in page and "Struck off the register." in page
    response = practitioner.post(f"/account/claims/{claim.id}/edit", data={"number": "JCCP1"})
    assert response.status_code == 400 and "revoked claim cannot be changed" in response.text
