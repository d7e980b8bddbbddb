"""Admins and photos: seeing any practitioner's photos (published or not) and removing
one, with a reason, a recent password and an audit entry (``services.photos``)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from werkzeug.wrappers import Response

from directory.admin import bp, require_fresh_password
from directory.admin.forms import ReasonForm
from directory.admin.practitioners import View, _page
from directory.auth.session import current_account
from directory.services import ServiceError, photo_reads, photos
from directory.storage.responses import send_stored


@bp.get("/photos/<int:photo_id>/<int:width>.webp")
def photo_file(photo_id: int, width: int) -> Response:
    key = photo_reads.key_of(photo_reads.get(photo_id), width)
    return send_stored(key, "image/webp", "private, no-store")


@bp.post("/photos/<int:photo_id>/remove")
def remove_photo(photo_id: int) -> View:
    photo = photo_reads.get(photo_id)
    practitioner_id = photo.practitioner_id
    back = url_for("admin.practitioner", practitioner_id=practitioner_id) + "#photos"
    if stale := require_fresh_password(back):
        return stale
    form = ReasonForm(prefix=f"photo-{photo_id}")
    if not form.validate_on_submit():
        return _page(practitioner_id, photo_form=(photo_id, form), status=400)
    try:
        photos.remove_by_admin(photo_id, current_account(), form.reason.data or "")
    except ServiceError as exc:
        form.reason.errors = [exc.message]
        return _page(practitioner_id, photo_form=(photo_id, form), status=exc.status)
    flash("Photo removed; the reason is in the audit trail.", "success")
    return redirect(back)
