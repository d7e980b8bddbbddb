"""Approving, rejecting and revoking claims: rules, audit, email, badges."""

from __future__ import annotations

import io
import threading
from datetime import date, timedelta

from directory.extensions import db
from directory.models import Account, AuditEntry, ClaimStatus, CredentialClaim, Role, SearchOutbox
from directory.services import claims, profiles, verification

from ._support import body, make_account, make_claim, make_practitioner, sign_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _entries(action: str) -> list[AuditEntry]:
    return list(db.session.scalars(db.select(AuditEntry).filter_by(action=action)))


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
    default = profiles.today() + timedelta(days=1)  # at least a year ahead
    assert 'name="valid_until"' in page.text and "jccp.org.uk/MemberSearch" in page.text
    until = date.today().replace(year=date.today().year + 1)
    response = admin_client.post(
        f"/admin/claims/{claim.id}/approve", data={"valid_until": until.isoformat()}
    )
    assert response.status_code == 302
    db.session.refresh(claim)
    assert claim.status is ClaimStatus.VERIFIED and claim.expires_on == until
    assert claim.decided_by_id == admin.id and claim.decided_at is not None
    [entry] = _entries("claim.verified")
    assert entry.actor_id == admin.id and entry.entity_id == claim.id
    assert entry.before["status"] == "pending" and entry.after["status"] == "verified"
    assert entry.after["expires_on"] == until.isoformat()
    assert db.session.scalar(
        db.select(SearchOutbox).filter_by(practitioner_id=claim.practitioner_id)
    )
    [badge] = profiles.current_badges(claim.practitioner)
    assert badge.body.slug == "jccp" and badge.valid_until == until and default <= until
    [mail] = mailbox.messages("owner@example.org")
    assert "verified" in mail["Subject"] and until.strftime("%Y") in mail.get_content()


def test_approval_needs_a_sensible_date_and_keeps_the_claim_pending(app, admin_client):
    claim = make_claim(make_practitioner("demo-bob-dates"))
    for bad in ("", "not-a-date", date.today().isoformat(), "2099-01-01"):
        response = admin_client.post(f"/admin/claims/{claim.id}/approve", data={"valid_until": bad})
        assert response.status_code == 400, bad
        assert "Valid until" in response.text
    db.session.refresh(claim)
    assert claim.status is ClaimStatus.PENDING and not _entries("claim.verified")


def test_rejecting_needs_a_reason_the_practitioner_then_sees(app, admin_client, mailbox, client):
    owner = make_account("rejected@example.org")
    claim = make_claim(make_practitioner("demo-cat-reject", owner))
    empty = admin_client.post(f"/admin/claims/{claim.id}/reject", data={"reject-reason": " "})
    assert empty.status_code == 400 and claim.status is ClaimStatus.PENDING
    reason = "No entry under this number on the JCCP register."
    done = admin_client.post(f"/admin/claims/{claim.id}/reject", data={"reject-reason": reason})
    assert done.status_code == 302
    db.session.refresh(claim)
    assert claim.status is ClaimStatus.REJECTED and claim.reason == reason
    assert reason in mailbox.messages("rejected@example.org")[-1].get_content()
    assert _entries("claim.rejected")[0].reason == reason
    own_page = sign_in(client, "rejected@example.org")
    assert own_page is client
    assert profiles.current_badges(claim.practitioner) == []


def test_a_claim_is_decided_once(app, admin_client):
    claim = make_claim(make_practitioner("demo-dan-twice"))
    first = admin_client.post(
        f"/admin/claims/{claim.id}/reject", data={"reject-reason": "Number not on the register."}
    )
    assert first.status_code == 302
    again = admin_client.post(
        f"/admin/claims/{claim.id}/approve", data={"valid_until": "2030-01-01"}
    )
    assert again.status_code == 409 and "already rejected" in again.text
    db.session.refresh(claim)
    assert claim.status is ClaimStatus.REJECTED and len(_entries("claim.rejected")) == 1


def test_an_admin_cannot_decide_a_claim_on_their_own_profile(app, admin, admin_client):
    claim = make_claim(make_practitioner("demo-eve-own", admin))
    page = admin_client.get(f"/admin/claims/{claim.id}")
    assert "another admin must decide it" in page.text
    response = admin_client.post(
        f"/admin/claims/{claim.id}/approve", data={"valid_until": "2030-01-01"}
    )
    assert response.status_code == 403
    db.session.refresh(claim)
    assert claim.status is ClaimStatus.PENDING


def test_two_admins_deciding_at_once_cannot_both_win(app, admin, monkeypatch):
    claim_id = make_claim(make_practitioner("demo-fay-race")).id
    admin_ids = [admin.id, make_account("second-admin@example.org", Role.ADMIN).id]
    both_loaded = threading.Barrier(2, timeout=10)
    load = verification.get_claim

    def load_then_wait(claim_id: int) -> CredentialClaim:
        found = load(claim_id)
        both_loaded.wait()  # each admin has seen the claim pending before either writes
        return found

    monkeypatch.setattr(verification, "get_claim", load_then_wait)
    outcomes: list[str] = []

    def decide(admin_id: int, approve: bool) -> None:
        with app.app_context():
            who = db.session.get(Account, admin_id)
            try:
                if approve:
                    verification.approve(
                        claim_id, who, date.today() + timedelta(days=300), date.today()
                    )
                else:
                    verification.reject(claim_id, who, "Not on the register at all.")
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
    db.session.expire_all()
    final = db.session.get(CredentialClaim, claim_id).status
    assert final in (ClaimStatus.VERIFIED, ClaimStatus.REJECTED)
    decisions = _entries("claim.verified") + _entries("claim.rejected")
    assert [e.after["status"] for e in decisions] == [final.value]


def test_revoking_removes_the_badge(app, admin_client, mailbox):
    owner = make_account("revoked@example.org")
    claim = make_claim(
        make_practitioner("demo-gus-revoke", owner),
        status=ClaimStatus.VERIFIED,
        expires_on=date.today() + timedelta(days=200),
    )
    assert profiles.current_badges(claim.practitioner)
    response = admin_client.post(
        f"/admin/claims/{claim.id}/revoke",
        data={"revoke-reason": "Removed from the register in May."},
    )
    assert response.status_code == 302
    db.session.refresh(claim)
    assert claim.status is ClaimStatus.REVOKED and not profiles.current_badges(claim.practitioner)
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
