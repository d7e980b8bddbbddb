"""Report a concern: a POST that lands an open concern in the admins' queue."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import inspect

from directory.extensions import db
from directory.models import AuditEntry, Concern, PublicationState

from ._support import practitioner_in, published_with_badges


@pytest.fixture
def concerns_table(app):
    if "concerns" not in inspect(db.engine).get_table_names():
        pytest.skip("the concerns table is not migrated yet (directory/models/concerns.py)")


def test_form_is_on_every_profile(seeded, client):
    p = published_with_badges()
    html = client.get(f"/practitioners/{p.slug}").text
    assert f'action="/practitioners/{p.slug}/concern"' in html
    assert 'method="post"' in html
    assert 'for="concern-details"' in html and 'id="concern-details"' in html


def test_the_token_is_the_concern_forms_only_hidden_field(app):
    # The profile writes {{ form.csrf_token }}, not form.hidden_tag(), which looks
    # through every field for hidden ones: a hidden field added to the form must be
    # written by the template too.
    from wtforms.widgets import HiddenInput

    from directory.public.forms import ConcernForm

    app.config["WTF_CSRF_ENABLED"] = True  # as in production (tests turn it off)
    with app.test_request_context("/"):
        form = ConcernForm()
        assert [f.name for f in form if isinstance(f.widget, HiddenInput)] == ["csrf_token"]
        assert str(form.csrf_token) == str(form.hidden_tag())


@pytest.mark.parametrize("csrf", [True, False])
def test_the_blank_concern_form_is_what_its_macro_writes(app, csrf):
    # A blank form is written once per process with markers, then filled in per page:
    # it must be the macro's own HTML, with the visitor's token in it.
    from directory.public.concern_form import TEMPLATE, blank_concern_form
    from directory.public.forms import ConcernForm

    app.config["WTF_CSRF_ENABLED"] = csrf
    macro = app.jinja_env.get_template(TEMPLATE).module.concern_form
    about, action = "Dr <Jo> & 'Co' \x00about\x00", '/practitioners/x/concern?a=1&b="2"'
    tokens = set()
    for _page in range(2):  # the first writes the blank form, the second reuses it
        with app.test_request_context("/"):
            blank = blank_concern_form(about, action)
            form = ConcernForm(formdata=None)
            field = form.csrf_token if csrf else ""
            assert str(blank) == str(macro(form, about, action, field))
            assert "&lt;Jo&gt; &amp; &#39;Co&#39;" in blank and "?a=1&amp;b=&#34;2&#34;" in blank
            if csrf:
                assert f'value="{form.csrf_token.current_token}"' in blank
                tokens.add(form.csrf_token.current_token)
    assert bool(tokens) is csrf


def test_the_token_in_a_blank_concern_form_is_accepted(seeded, client, concerns_table):
    seeded.config["WTF_CSRF_ENABLED"] = True
    p = published_with_badges()
    page = client.get(f"/practitioners/{p.slug}").text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
    assert token is not None
    data = {"reason": "other", "details": "Something long enough here.", "csrf_token": ""}
    url = f"/practitioners/{p.slug}/concern"
    assert client.post(url, data=data).status_code == 400
    data["csrf_token"] = token.group(1)
    assert client.post(url, data=data).status_code == 302


def test_a_concern_is_queued_audited_and_thanked(seeded, client, concerns_table):
    from directory.models.concerns import Concern, ConcernReason, ConcernStatus

    p = published_with_badges()
    data = {
        "reason": "credentials",
        "details": "The JCCP number does not match.",
        "email": "Me@Example.org",
    }
    response = client.post(f"/practitioners/{p.slug}/concern", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/practitioners/{p.slug}#concern-sent")
    concern = db.session.scalars(db.select(Concern)).one()
    assert concern.practitioner_id == p.id
    assert concern.reason is ConcernReason.CREDENTIALS and concern.status is ConcernStatus.OPEN
    assert concern.reporter_email == "me@example.org"
    entry = db.session.scalars(db.select(AuditEntry).filter_by(action="concern.report")).one()
    assert entry.practitioner_id == p.id and entry.actor_label == "public"
    assert "Thank you" in client.get(response.headers["Location"]).text


def test_bad_concern_keeps_what_was_typed_and_says_what_is_wrong(seeded, client):
    p = published_with_badges()
    data = {"reason": "safety", "details": "short", "email": "not-an-email"}
    page = client.post(f"/practitioners/{p.slug}/concern", data=data)
    assert page.status_code == 400
    assert "Tell us what happened in 10 to 3000 characters." in page.text
    assert "Enter an email address like name@example.com." in page.text
    assert re.search(r">\s*short</textarea>", page.text)
    assert 'value="not-an-email"' in page.text
    assert '<details class="concern" open>' in page.text


def test_invisible_characters_are_cleaned_before_lengths_are_checked(
    seeded, client, concerns_table
):
    from directory.models.concerns import Concern

    p = published_with_badges()
    padded = {"reason": "other", "details": " \x00\x00\x00\x00\x00\x00\x00\x00 x  "}
    page = client.post(f"/practitioners/{p.slug}/concern", data=padded)
    assert page.status_code == 400
    assert "Tell us what happened in 10 to 3000 characters." in page.text
    data = {"reason": "other", "details": "Line one\r\nline\x00two\tok", "email": " a@b.co\x00"}
    assert client.post(f"/practitioners/{p.slug}/concern", data=data).status_code == 302
    concern = db.session.scalars(db.select(Concern)).one()
    assert concern.details == "Line one\nline two\tok"
    assert concern.reporter_email == "a@b.co"


def test_no_concern_about_a_hidden_profile(seeded, client):
    p = practitioner_in(PublicationState.SUSPENDED)
    data = {"reason": "other", "details": "Something long enough here."}
    # A suspended listing is gone (410): its page says where to report a concern instead.
    assert client.post(f"/practitioners/{p.slug}/concern", data=data).status_code == 410
    assert db.session.scalars(db.select(Concern)).first() is None


def test_concern_needs_a_csrf_token_when_csrf_is_on(seeded, client):
    seeded.config["WTF_CSRF_ENABLED"] = True
    p = published_with_badges()
    data = {"reason": "other", "details": "Something long enough here."}
    assert client.post(f"/practitioners/{p.slug}/concern", data=data).status_code == 400


def test_concerns_are_rate_limited_with_a_friendly_429(database_url, tmp_path):
    from directory import create_app

    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-that-is-long-enough-0123456789",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SEARCH_INDEX_DIR": str(tmp_path / "index"),
            "UPLOAD_DIR": str(tmp_path / "uploads"),
            "WTF_CSRF_ENABLED": False,
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_STORAGE_URI": "memory://",
            # Otherwise its first request starts an outbox-polling thread that outlives
            # the test and, on PostgreSQL, deadlocks with later tests' TRUNCATE.
            "SEARCH_INLINE_INDEXING": False,
        }
    )
    client = app.test_client()
    data = {"reason": "other", "details": "x"}
    statuses = [
        client.post("/practitioners/nobody/concern", data=data).status_code for _ in range(6)
    ]
    assert statuses[:5] == [404] * 5
    assert statuses[5] == 429
    page = client.post("/practitioners/nobody/concern", data=data)
    assert "Too many requests" in page.text and "Traceback" not in page.text
    with app.app_context():
        from directory.extensions import db

        db.engine.dispose()


@pytest.mark.parametrize("reason", [None, "safety", "not-a-reason"])
def test_the_reason_radios_are_what_wtforms_would_render(seeded, client, app, reason):
    # The page writes the radios from the field's choices; they must stay exactly what
    # rendering each WTForms option gives, chosen one included.
    from markupsafe import escape
    from werkzeug.datastructures import MultiDict

    from directory.public.forms import ConcernForm

    p = published_with_badges()
    if reason is None:
        page = client.get(f"/practitioners/{p.slug}").text
    else:
        data = {"reason": reason, "details": "short"}
        page = client.post(f"/practitioners/{p.slug}/concern", data=data).text
    with app.test_request_context(method="POST"):
        form = ConcernForm(formdata=MultiDict({"reason": reason} if reason else {}))
        options = [
            f'<div class="radio">{option(id=f"concern-reason-{i}")} '
            f'<label for="concern-reason-{i}">{escape(option.label.text)}</label></div>'
            for i, option in enumerate(form.reason, 1)
        ]
    assert len(options) == 5
    for html in options:
        assert html in page
    assert page.count("<input checked ") == (1 if reason == "safety" else 0)
