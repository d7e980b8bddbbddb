"""Two admins editing the same treatment or body: the later save of a stale form is
refused with "changed in another window" instead of overwriting the other's edit."""

from __future__ import annotations

import re

from directory.extensions import db
from directory.models import AccreditationBody, Treatment

from .test_taxonomy_and_dashboard import ACME, _form


def _version(page: str) -> str:
    match = re.search(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"', page)
    assert match, "no version field in the form"
    return match.group(1) or match.group(2)


def test_a_stale_treatment_form_is_refused(app, admin_client):
    meso = db.session.scalar(db.select(Treatment).filter_by(slug="mesotherapy"))
    url = f"/admin/treatments/{meso.id}"
    first, second = (_version(admin_client.get(url).text) for _ in range(2))
    saved = admin_client.post(url, data=_form(meso, summary="First admin.", version=first))
    assert saved.status_code == 302
    stale = admin_client.post(url, data=_form(meso, summary="Second admin.", version=second))
    assert stale.status_code == 409 and "changed in another window" in stale.text
    assert "Second admin." in stale.text
    db.session.expire_all()
    assert db.session.get(Treatment, meso.id).summary == "First admin."


def test_a_stale_body_form_is_refused(app, admin_client):
    assert admin_client.post("/admin/bodies/new", data=ACME).status_code == 302
    body = db.session.scalar(db.select(AccreditationBody).filter_by(slug="acme"))
    url = f"/admin/bodies/{body.id}"
    first, second = (_version(admin_client.get(url).text) for _ in range(2))
    assert admin_client.post(url, data=ACME | {"name": "One", "version": first}).status_code == 302
    stale = admin_client.post(url, data=ACME | {"name": "Two", "version": second})
    assert stale.status_code == 409
    db.session.expire_all()
    assert db.session.get(AccreditationBody, body.id).name == "One"
