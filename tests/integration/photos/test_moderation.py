"""Admins remove a photo that breaks the rules: with a reason, a recent password and an
audit entry; its files go too."""

from __future__ import annotations

import time

from factories import make_account, sign_in

from directory.auth.session import AUTH_AT_KEY
from directory.extensions import db
from directory.models import AuditEntry, Photo, Role

from .conftest import ALT, png, upload

REASON = "A before-and-after picture, which the advertising rules do not allow."


def _admin(app):  # noqa: ANN202
    make_account("admin@example.org", Role.ADMIN)
    return sign_in(app.test_client(), "admin@example.org")


def _photo(me, practitioner) -> Photo:
    url = f"/account/clinics/{practitioner.clinics[0].id}/photos"
    assert upload(me, url, png((700, 500))).status_code == 302
    db.session.expire_all()
    return db.session.scalars(db.select(Photo)).one()


def _files(app) -> list[str]:
    from directory import storage

    return list(storage.backend().keys("photos/"))


def test_an_admin_removes_a_photo_with_a_reason_and_it_is_audited(
    app, me, owner_practitioner, storage_backend
):
    photo = _photo(me, owner_practitioner)
    admin = _admin(app)
    page = admin.get(f"/admin/practitioners/{owner_practitioner.id}")
    assert page.status_code == 200 and f'id="photo-{photo.id}"' in page.text and ALT in page.text
    field = f"photo-{photo.id}-reason"
    no_reason = admin.post(f"/admin/photos/{photo.id}/remove", data={field: ""})
    assert no_reason.status_code == 400 and f'id="{field}-error"' in no_reason.text
    assert len(_files(app)) == 3  # 320, 640 and 700 wide

    done = admin.post(f"/admin/photos/{photo.id}/remove", data={field: REASON})
    assert done.status_code == 302, done.text
    db.session.expire_all()
    assert db.session.scalars(db.select(Photo)).all() == [] and _files(app) == []
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="photo.remove"))
    assert entry.reason == REASON and entry.actor_label == "admin@example.org"
    assert entry.practitioner_id == owner_practitioner.id and entry.before["alt"] == ALT
    # A second admin acting on the same photo a moment later hears it is gone.
    assert admin.post(f"/admin/photos/{photo.id}/remove", data={field: REASON}).status_code == 404


def test_removing_needs_a_recent_password(app, me, owner_practitioner):
    photo = _photo(me, owner_practitioner)
    admin = _admin(app)
    with admin.session_transaction() as session:
        session[AUTH_AT_KEY] = int(time.time()) - app.config["ADMIN_REAUTH_SECONDS"] - 5
    response = admin.post(
        f"/admin/photos/{photo.id}/remove", data={f"photo-{photo.id}-reason": REASON}
    )
    assert response.status_code == 302 and "confirm-password" in response.headers["Location"]
    assert db.session.get(Photo, photo.id) is not None


def test_only_admins_can_remove_photos(app, me, owner_practitioner, client):
    photo = _photo(me, owner_practitioner)
    data = {f"photo-{photo.id}-reason": REASON}
    assert me.post(f"/admin/photos/{photo.id}/remove", data=data).status_code == 404
    assert client.post(f"/admin/photos/{photo.id}/remove", data=data).status_code == 404
    assert db.session.get(Photo, photo.id) is not None
