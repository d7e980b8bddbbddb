"""Approving, rejecting and revoking claims: rules, audit, email, badges, and decisions
that refer to exactly what the admin reviewed."""

from __future__ import annotations

import io
import threading
from datetime import timedelta

from directory import clock
from directory.extensions import db
from directory.models import Account, AuditEntry, ClaimStatus, CredentialClaim, Role, SearchOutbox
from directory.services import claims, profiles, verification

from ._support import (
    body,
    committed,
    committed_claim_status,
    make_account,
    make_claim,
    make_practitioner,
    sign_in,
)

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

NOTE = {"register_note": "Listed, name matches"}  # what an admin saw on the register


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).filter_by(action=action)))


def _seen(claim: CredentialClaim) -> str:
    return verification.version_of(claim)


def test_the_queue_is_oldest_first_and_filters_by_body(app, admin_client):
    p = make_practitioner("demo-queue-one")
    newer = make_claim(p, "jccp", submitted_days_ago=1)
    older = make_claim(p, "save-face", "SF1234", submitted_days_ago=9)
    make_claim(p, "smuk", "SMUK-0001", status=ClaimStatus.VERIFIED)
    assert [c.id for c in verification.pending_queue().claims] == [older.id, newer.id]
    page = admin_client.get("/admin/claims")
    assert page.text.index(f"queue-claim-{older.id}") < page.text.index(f"queue-claim-{newer.id}")
    only_jccp = admin_client.get("/admin/claims?body=jccp")
    assert f"queue-claim-{newer.id}" in only_jccp.text
    assert f"queue-claim-{older.id}" not in only_jccp.text


def test_approving_makes_a_dated_badge_with_audit_email_and_reindex(
    app, admin, admin_client, mailbox
):
    owner = make_account("owner@example.org")
    claim = make_claim(make_practitioner("demo-ann-able", owner))
    page = admin_client.get(f"/admin/claims/{claim.id}")
    today = clock.today()
    default = verification.add_months(today, body("jccp").renewal_months)
    assert f'value="{default.isoformat()}"' in page.text  # one JCCP renewal period ahead
    assert "jccp.org.uk/MemberSearch" in page.text
    until = today + timedelta(days=400)
    response = admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": until.isoformat(), "seen": _seen(claim)},
    )
    assert response.status_code == 302
    assert committed_claim_status(claim.id) == "verified"
    db.session.refresh(claim)
    assert claim.expires_on == until
    assert claim.decided_by_id == admin.id and claim.decided_at is not None
    [entry] = _entries("claim.verified")
    assert entry.actor_id == admin.id and entry.entity_id == claim.id
    assert entry.before["status"] == "pending" and entry.after["status"] == "verified"
    assert entry.after["expires_on"] == until.isoformat()
    assert committed(db.select(db.func.count(AuditEntry.id)).filter_by(action="claim.verified"))
    assert db.session.scalar(
        db.select(SearchOutbox).filter_by(practitioner_id=claim.practitioner_id)
    )
    [badge] = profiles.current_badges(claim.practitioner)
    assert badge.body.slug == "jccp" and badge.valid_until == until
    [mail] = mailbox.messages("owner@example.org")
    assert "verified" in mail["Subject"] and until.strftime("%Y") in mail.get_content()


def test_approval_needs_a_sensible_date_and_keeps_the_claim_pending(app, admin_client):
    claim = make_claim(make_practitioner("demo-bob-dates"))
    today = clock.today()
    for bad in ("", "not-a-date", today.isoformat(), (today + timedelta(days=6 * 366)).isoformat()):
        response = admin_client.post(
            f"/admin/claims/{claim.id}/approve",
            data={**NOTE, "valid_until": bad, "seen": _seen(claim)},
        )
        assert response.status_code == 400, bad
        assert "Valid until" in response.text
    assert committed_claim_status(claim.id) == "pending" and not _entries("claim.verified")


def test_rejecting_needs_a_reason_the_practitioner_then_sees(app, admin_client, mailbox, client):
    owner = make_account("rejected@example.org")
    claim = make_claim(make_practitioner("demo-cat-reject", owner))
    empty = admin_client.post(
        f"/admin/claims/{claim.id}/reject", data={"reject-reason": " ", "reject-seen": _seen(claim)}
    )
    assert empty.status_code == 400 and committed_claim_status(claim.id) == "pending"
    reason = "No entry under this number on the JCCP register."
    done = admin_client.post(
        f"/admin/claims/{claim.id}/reject",
        data={"reject-reason": reason, "reject-seen": _seen(claim)},
    )
    assert done.status_code == 302 and committed_claim_status(claim.id) == "rejected"
    db.session.refresh(claim)
    assert claim.reason == reason
    assert reason in mailbox.messages("rejected@example.org")[-1].get_content()
    assert _entries("claim.rejected")[0].reason == reason
    sign_in(client, "rejected@example.org")
    assert reason in client.get("/account/claims").text
    assert profiles.current_badges(claim.practitioner) == []


def test_a_claim_is_decided_once(app, admin_client):
    claim = make_claim(make_practitioner("demo-dan-twice"))
    seen = _seen(claim)
    first = admin_client.post(
        f"/admin/claims/{claim.id}/reject",
        data={"reject-reason": "Number not on the register.", "reject-seen": seen},
    )
    assert first.status_code == 302
    again = admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": seen},
    )
    assert again.status_code == 409 and "already rejected" in again.text
    assert committed_claim_status(claim.id) == "rejected" and len(_entries("claim.rejected")) == 1


def test_a_decision_only_covers_what_the_admin_saw(app, admin_client, client):
    """The practitioner changes the number after the admin opened the claim; the old
    form must not verify the new number, and a replayed approval must not either."""
    owner = make_account("sly@example.org")
    make_practitioner("demo-sly-changer", owner)
    claim = claims.submit(
        owner, body("jccp").id, "JCCP11111", claims.Upload(io.BytesIO(PNG), "entry.png")
    )
    looked_at = _seen(claim)
    sign_in(client, "sly@example.org")
    assert (
        client.post(f"/account/claims/{claim.id}/edit", data={"number": "JCCP99999"}).status_code
        == 302
    )
    stale = admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": looked_at},
    )
    assert stale.status_code == 409 and "check it again" in stale.text
    assert committed_claim_status(claim.id) == "pending"
    db.session.refresh(claim)
    reviewed = _seen(claim)
    approved = admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": reviewed},
    )
    assert approved.status_code == 302 and committed_claim_status(claim.id) == "verified"
    client.post(f"/account/claims/{claim.id}/edit", data={"number": "JCCP00000"})
    # A change to a current badge is a renewal, checked on its own; the badge stays.
    assert committed_claim_status(claim.id) == "verified"
    renewal = db.session.scalars(db.select(CredentialClaim).filter_by(renews_id=claim.id)).one()
    assert renewal.number == "JCCP00000"
    replayed = admin_client.post(  # the same form again, as a replay sends it
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": reviewed},
    )
    assert replayed.status_code == 409 and committed_claim_status(claim.id) == "verified"
    onto_renewal = admin_client.post(  # nor does the old form verify the renewal
        f"/admin/claims/{renewal.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": reviewed},
    )
    assert onto_renewal.status_code == 409 and committed_claim_status(renewal.id) == "pending"


def test_an_admin_cannot_decide_a_claim_on_their_own_profile(app, admin, admin_client):
    claim = make_claim(make_practitioner("demo-eve-own", admin))
    page = admin_client.get(f"/admin/claims/{claim.id}")
    assert "another admin must decide it" in page.text
    response = admin_client.post(
        f"/admin/claims/{claim.id}/approve",
        data={**NOTE, "valid_until": "2030-01-01", "seen": _seen(claim)},
    )
    assert response.status_code == 403 and committed_claim_status(claim.id) == "pending"


def test_two_admins_deciding_at_once_cannot_both_win(app, admin, monkeypatch):
    claim = make_claim(make_practitioner("demo-fay-race"))
    claim_id, seen = claim.id, _seen(claim)
    admin_ids = [admin.id, make_account("second-admin@example.org", Role.ADMIN).id]
    both_loaded = threading.Barrier(2, timeout=10)
    load = verification.get_claim

    def load_then_wait(claim_id: int) -> CredentialClaim:
        found = load(claim_id)
        both_loaded.wait()  # each admin has seen the claim pending before either writes
        return found

    monkeypatch.setattr(verification, "get_claim", load_then_wait)
    outcomes: list[str] = []
    today = clock.today()

    def decide(admin_id: int, approve: bool) -> None:
        with app.app_context():
            who = db.session.get(Account, admin_id)
            try:
                if approve:
                    verification.approve(
                        claim_id,
                        who,
                        today + timedelta(days=300),
                        today,
                        seen=seen,
                        register=verification.RegisterEntry("Listed, name matches"),
                    )
                else:
                    verification.reject(claim_id, who, "Not on the register at all.", seen=seen)
                outcomes.append("won")
            except verification.AlreadyDecided:
                outcomes.append("lost")
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=decide, args=(admin_ids[0], True)),
        threading.Thread(target=decide, args=(admin_ids[1], False)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes) == ["lost", "won"]
    final = committed_claim_status(claim_id)
    assert final in ("verified", "rejected")
    db.session.expire_all()
    decisions = _entries("claim.verified") + _entries("claim.rejected")
    assert [e.after["status"] for e in decisions] == [final]


def test_revoking_removes_the_badge(app, admin_client, mailbox):
    owner = make_account("revoked@example.org")
    claim = make_claim(
        make_practitioner("demo-gus-revoke", owner),
        status=ClaimStatus.VERIFIED,
        expires_on=clock.today() + timedelta(days=200),
    )
    assert profiles.current_badges(claim.practitioner)
    response = admin_client.post(
        f"/admin/claims/{claim.id}/revoke",
        data={"revoke-reason": "Removed from the register in May.", "revoke-seen": _seen(claim)},
    )
    assert response.status_code == 302 and committed_claim_status(claim.id) == "revoked"
    db.session.refresh(claim)
    assert not profiles.current_badges(claim.practitioner)
    assert "withdrawn" in mailbox.messages("revoked@example.org")[-1]["Subject"]


def test_admins_view_evidence_in_the_browser(app, admin_client, client):
    owner = make_account("evidence@example.org")
    practitioner = make_practitioner("demo-hal-evidence", owner)
    claim = claims.submit(
        owner, body("jccp").id, "JCCP777", claims.Upload(io.BytesIO(PNG), "register.png")
    )
    page = admin_client.get(f"/admin/claims/{claim.id}")
    assert f'src="/admin/claims/{claim.id}/evidence"' in page.text
    with admin_client.get(f"/admin/claims/{claim.id}/evidence") as shown:
        assert shown.status_code == 200 and shown.data == PNG
        assert shown.mimetype == "image/png"
        assert "attachment" not in shown.headers.get("Content-Disposition", "")
        assert "sandbox" in shown.headers["Content-Security-Policy"]
    assert practitioner.claims[0].id == claim.id
    sign_in(client, "evidence@example.org")
    assert client.get(f"/admin/claims/{claim.id}/evidence").status_code == 404


PDF_WITH_SCRIPT = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> "
    b">>\nendobj\ntrailer\n<<>>\n%%EOF\n"
)


def test_pdf_evidence_is_only_downloaded_never_shown_on_our_origin(app, admin_client):
    owner = make_account("pdf@example.org")
    make_practitioner("demo-pdf-evidence", owner)
    claim = claims.submit(
        owner, body("jccp").id, "JCCP778", claims.Upload(io.BytesIO(PDF_WITH_SCRIPT), "c.pdf")
    )
    page = admin_client.get(f"/admin/claims/{claim.id}")
    assert "<iframe" not in page.text and "<embed" not in page.text
    assert "cannot be drawn here" in page.text  # not a PDF that PDFium can read
    assert f'href="/admin/claims/{claim.id}/evidence" download' in page.text
    with admin_client.get(f"/admin/claims/{claim.id}/evidence") as shown:
        assert shown.status_code == 200 and shown.data == PDF_WITH_SCRIPT
        assert shown.headers["Content-Disposition"].startswith("attachment")
        assert "sandbox" in shown.headers["Content-Security-Policy"]
        assert (
            shown.headers["Cache-Control"] == "no-store"
            or "no-store" in shown.headers["Cache-Control"]
        )
        assert "Set-Cookie" not in shown.headers


def test_pdf_evidence_pages_are_shown_as_sandboxed_images(app, admin_client, client):
    from directory.services.demo_evidence import pdf

    owner = make_account("pages@example.org")
    make_practitioner("demo-pdf-pages", owner)
    document = pdf([(700, "Certificate of membership"), (680, "Not a real document")])
    claim = claims.submit(
        owner, body("jccp").id, "JCCP779", claims.Upload(io.BytesIO(document), "cert.pdf")
    )
    page = admin_client.get(f"/admin/claims/{claim.id}")
    image_url = f"/admin/claims/{claim.id}/evidence/page-1.png"
    assert f'src="{image_url}"' in page.text
    with admin_client.get(image_url) as shown:
        assert shown.status_code == 200 and shown.mimetype == "image/png"
        assert shown.data.startswith(b"\x89PNG\r\n\x1a\n")
        assert "sandbox" in shown.headers["Content-Security-Policy"]
        assert "no-store" in shown.headers["Cache-Control"]
    assert admin_client.get(f"/admin/claims/{claim.id}/evidence/page-2.png").status_code == 404
    # Only admins (and not even the owner) see the drawn pages.
    sign_in(client, "pages@example.org")
    assert client.get(image_url).status_code == 404
