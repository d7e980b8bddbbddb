"""The expiry job: the public never sees an expired badge, before or after it runs; the
job expires, audits and emails once, and reminds 30 and 7 days ahead, once each."""

from __future__ import annotations

from datetime import timedelta

from directory import clock, search
from directory.extensions import db
from directory.models import AuditEntry, ClaimStatus, ExpiryReminder
from directory.services import expiry

from ._support import make_account, make_claim, make_practitioner

TODAY = clock.today()


def _api_bodies(client, slug: str) -> list[str]:
    response = client.get(f"/api/v1/practitioners/{slug}")
    assert response.status_code == 200
    return [c["body"] for c in response.json["credentials"]]


def _search_ids(**filters: object) -> set[int]:
    results = search.search(search.SearchQuery(lat=53.7965, lon=-1.5478, radius_miles=5, **filters))
    return {hit.practitioner_id for hit in results.hits}


def test_an_expired_badge_is_hidden_before_and_after_the_job(app, client, mailbox):
    owner = make_account("lapsed@example.org")
    practitioner = make_practitioner("demo-quin-lapsed", owner)
    lapsed = make_claim(
        practitioner, "jccp", status=ClaimStatus.VERIFIED, expires_on=TODAY - timedelta(days=1)
    )
    current = make_claim(
        practitioner,
        "save-face",
        "SF4321",
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY + timedelta(days=90),
    )
    search.ensure_index(app)

    for when in ("before", "after"):
        assert _api_bodies(client, practitioner.slug) == ["save-face"], when
        page = client.get(f"/practitioners/{practitioner.slug}").text
        assert "Save Face" in page and "JCCP12345" not in page, when
        assert practitioner.id not in _search_ids(accreditation="jccp"), when
        assert practitioner.id in _search_ids(accreditation="save-face"), when
        if when == "before":
            report = expiry.run(TODAY)
            assert report.expired == [lapsed.id]
            search.apply_outbox()

    db.session.refresh(lapsed)
    db.session.refresh(current)
    assert lapsed.status is ClaimStatus.EXPIRED and current.status is ClaimStatus.VERIFIED
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="claim.expire"))
    assert entry.actor_label == "system" and entry.entity_id == lapsed.id
    assert "expired" in mailbox.messages("lapsed@example.org")[-1]["Subject"]
    assert expiry.run(TODAY).expired == []  # nothing happens twice
    assert len(mailbox.messages("lapsed@example.org")) == 1


def test_reminders_go_out_30_and_7_days_ahead_once_each(app, mailbox):
    owner = make_account("renew@example.org")
    claim = make_claim(
        make_practitioner("demo-rae-renew", owner),
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY + timedelta(days=30),
    )
    assert expiry.run(TODAY - timedelta(days=1)).reminded == []  # 31 days ahead: too early
    assert expiry.run(TODAY).reminded == [(claim.id, 30)]
    for day in range(1, 23):  # hourly runs for three weeks change nothing
        assert expiry.run(TODAY + timedelta(days=day)).reminded == []
    assert expiry.run(TODAY + timedelta(days=23)).reminded == [(claim.id, 7)]
    assert expiry.run(TODAY + timedelta(days=24)).reminded == []
    subjects = [m["Subject"] for m in mailbox.messages("renew@example.org")]
    assert subjects == ["Your JCCP badge expires in 30 days", "Your JCCP badge expires in 7 days"]


def test_a_late_approval_gets_only_the_nearest_reminder(app, mailbox):
    owner = make_account("late@example.org")
    claim = make_claim(
        make_practitioner("demo-sam-late", owner),
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY + timedelta(days=5),
    )
    assert expiry.run(TODAY).reminded == [(claim.id, 7)]
    assert expiry.run(TODAY + timedelta(days=1)).reminded == []
    assert len(mailbox.messages("late@example.org")) == 1


def test_a_renewed_credential_is_reminded_again(app, mailbox):
    owner = make_account("again@example.org")
    claim = make_claim(
        make_practitioner("demo-tia-again", owner),
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY + timedelta(days=6),
    )
    expiry.run(TODAY)
    claim.expires_on = TODAY + timedelta(days=371)
    db.session.commit()
    assert expiry.run(TODAY + timedelta(days=345)).reminded == [(claim.id, 30)]


def test_a_reminder_that_could_not_be_sent_is_retried(app, mailbox):
    owner = make_account("retry@example.org")
    claim = make_claim(
        make_practitioner("demo-uma-retry", owner),
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY + timedelta(days=7),
    )
    app.config["MAIL_BACKEND"] = "smtp"
    app.config["MAIL_SERVER"], app.config["MAIL_PORT"] = "127.0.0.1", 9  # nothing listens
    failed = expiry.run(TODAY)
    assert failed.reminded == [] and failed.unsent == 1
    assert db.session.scalar(db.select(db.func.count(ExpiryReminder.id))) == 0
    app.config["MAIL_BACKEND"] = "file"
    assert expiry.run(TODAY).reminded == [(claim.id, 7)]


def test_unclaimed_listings_expire_without_email(app, mailbox):
    claim = make_claim(
        make_practitioner("demo-vic-nobody"),
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY - timedelta(days=3),
    )
    assert expiry.run(TODAY).expired == [claim.id]
    assert mailbox.messages() == []


def test_the_cron_command(app, runner, mailbox):
    make_claim(
        make_practitioner("demo-wyn-cron", make_account("cron@example.org")),
        status=ClaimStatus.VERIFIED,
        expires_on=TODAY + timedelta(days=2),
    )
    first = runner.invoke(args=["credentials", "expire"])
    assert first.exit_code == 0, first.output
    assert "Expired 0 credentials; sent 1 reminders." in first.output
    assert "Expired 0 clinic registrations; sent 0 registration reminders." in first.output
    later = runner.invoke(
        args=["credentials", "expire", "--today", (TODAY + timedelta(days=3)).isoformat()]
    )
    assert "Expired 1 credentials; sent 0 reminders." in later.output
