"""Suspending a profile: out of search and the public site at once, owner signed out;
reinstating returns it to where it was."""

from __future__ import annotations

from directory import search
from directory.extensions import db
from directory.models import AuditEntry, PublicationState
from directory.services import finder

from ._support import make_account, make_practitioner, sign_in

REASON = "Reported for injecting without a prescriber; under investigation."


def _found_slugs() -> set[str]:
    # Unchecked too: these listings have no credential, and suspension is the point here.
    result = finder.find("LS1 4AP", None, None, 10, None, None, None, None, 1, 20, checked="any")
    return {item.practitioner.slug for item in result.items}


def test_suspension_hides_the_profile_ends_sessions_and_is_audited(
    app, admin_client, client, mailbox
):
    owner = make_account("suspended@example.org")
    practitioner = make_practitioner("demo-ivy-suspend", owner)
    search.ensure_index(app)
    assert "demo-ivy-suspend" in _found_slugs()
    public = client.get(f"/practitioners/{practitioner.slug}")
    assert public.status_code == 200
    sign_in(client, "suspended@example.org")
    assert client.get("/account/").status_code == 200

    response = admin_client.post(
        f"/admin/practitioners/{practitioner.id}/suspend", data={"reason": REASON}
    )
    assert response.status_code == 302
    db.session.refresh(practitioner)
    assert practitioner.state is PublicationState.SUSPENDED
    assert practitioner.suspended_from is PublicationState.PUBLISHED
    # Gone before the indexer has run, and after it has.
    assert "demo-ivy-suspend" not in _found_slugs()
    search.apply_outbox()
    assert "demo-ivy-suspend" not in _found_slugs()
    gone = client.get(f"/practitioners/{practitioner.slug}")
    assert gone.status_code == 410 and REASON not in gone.text and "NHS 111" in gone.text
    # The owner is told why and where to reply.
    [told] = mailbox.messages("suspended@example.org")
    assert told["Subject"] == "Your listing has been suspended"
    text = told.get_content()
    assert REASON in text and app.config["SUPPORT_EMAIL"] in text
    assert told["Reply-To"] == app.config["SUPPORT_EMAIL"]
    # The owner's session has ended.
    assert client.get("/account/").status_code == 302
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="profile.suspend"))
    assert entry.reason == REASON and entry.before == {"state": "published"}

    again = admin_client.post(
        f"/admin/practitioners/{practitioner.id}/suspend", data={"reason": REASON}
    )
    assert again.status_code == 409 and "already suspended" in again.text


def test_the_owner_cannot_republish_a_suspended_profile(app, admin_client, client):
    owner = make_account("tries@example.org")
    practitioner = make_practitioner("demo-jo-tries", owner)
    admin_client.post(f"/admin/practitioners/{practitioner.id}/suspend", data={"reason": REASON})
    sign_in(client, "tries@example.org")
    client.post("/account/publish")
    db.session.refresh(practitioner)
    assert practitioner.state is PublicationState.SUSPENDED


def test_reinstating_returns_to_the_previous_state(app, admin_client, mailbox):
    published = make_practitioner("demo-kai-back", make_account("kai@example.org"))
    draft = make_practitioner("demo-lou-draft", state=PublicationState.DRAFT)
    for p in (published, draft):
        admin_client.post(f"/admin/practitioners/{p.id}/suspend", data={"reason": REASON})
        response = admin_client.post(
            f"/admin/practitioners/{p.id}/reinstate",
            data={"reason": "Investigation closed: no case to answer."},
        )
        assert response.status_code == 302
    db.session.refresh(published)
    db.session.refresh(draft)
    assert published.state is PublicationState.PUBLISHED and published.suspension_reason is None
    assert draft.state is PublicationState.DRAFT
    search.ensure_index(app)
    assert "demo-kai-back" in _found_slugs()
    subjects = [m["Subject"] for m in mailbox.messages("kai@example.org")]
    assert subjects == ["Your listing has been suspended", "Your listing is no longer suspended"]
    assert "no case to answer" in mailbox.messages("kai@example.org")[1].get_content()


def test_suspending_needs_a_reason(app, admin_client):
    practitioner = make_practitioner("demo-max-noreason")
    response = admin_client.post(
        f"/admin/practitioners/{practitioner.id}/suspend", data={"reason": ""}
    )
    assert response.status_code == 400 and "Give a reason" in response.text
    db.session.refresh(practitioner)
    assert practitioner.state is PublicationState.PUBLISHED


def test_reinstating_an_active_profile_is_refused(app, admin_client):
    practitioner = make_practitioner("demo-ned-active")
    response = admin_client.post(
        f"/admin/practitioners/{practitioner.id}/reinstate",
        data={"reason": "No reason at all really."},
    )
    assert response.status_code == 409


def test_admins_find_listings_by_name_email_and_state(app, admin_client):
    make_practitioner("demo-olive-find", make_account("olive@example.org"))
    make_practitioner("demo-pia-other", state=PublicationState.DRAFT)
    by_email = admin_client.get("/admin/practitioners?q=olive@")
    assert "Demo Olive Find" in by_email.text and "Demo Pia Other" not in by_email.text
    drafts = admin_client.get("/admin/practitioners?state=draft")
    assert "Demo Pia Other" in drafts.text and "Demo Olive Find" not in drafts.text
    assert "0 listings" in admin_client.get("/admin/practitioners?state=nonsense").text


def test_an_owner_unpublishing_at_the_moment_of_suspension_cannot_undo_it(app, admin, monkeypatch):
    import threading

    from directory.models import Account, Practitioner
    from directory.services import profile_editor, suspension
    from directory.services.profile_rules import ProfileError
    from directory.services.suspension import SuspensionError

    owner = make_account("racer@example.org")
    practitioner_id = make_practitioner("demo-rio-racer", owner).id
    both_read = threading.Barrier(2, timeout=10)
    read_own, read_any = profile_editor.own_profile, suspension._practitioner

    def own_then_wait(account):  # noqa: ANN001, ANN202
        found = read_own(account)
        both_read.wait()
        return found

    def any_then_wait(practitioner_id, who):  # noqa: ANN001, ANN202
        found = read_any(practitioner_id, who)
        both_read.wait()
        return found

    monkeypatch.setattr(profile_editor, "own_profile", own_then_wait)
    monkeypatch.setattr(suspension, "_practitioner", any_then_wait)
    outcomes: dict[str, str] = {}

    def act(name: str, account_id: int) -> None:
        with app.app_context():
            who = db.session.get(Account, account_id)
            try:
                if name == "owner":
                    profile_editor.set_published(who, False)
                else:
                    suspension.suspend(practitioner_id, who, REASON)
                outcomes[name] = "won"
            except (ProfileError, SuspensionError):
                outcomes[name] = "lost"
            finally:
                db.session.remove()

    threads = [
        threading.Thread(target=act, args=("owner", owner.id)),
        threading.Thread(target=act, args=("admin", admin.id)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcomes.values()) == ["lost", "won"]
    db.session.expire_all()
    final = db.session.get(Practitioner, practitioner_id)
    if outcomes["admin"] == "won":
        assert final.state is PublicationState.SUSPENDED and final.suspension_reason == REASON
    else:
        assert final.state is PublicationState.DRAFT and final.suspension_reason is None
