"""Admins and photos: seeing any practitioner's photos (published or not) and removing
one, with a reason, a recent password and an audit entry (``services.photos``)."""

from __future__ import annotations

from flask import flash, redirect, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response

from directory.admin import bp, decision, refused
from directory.admin.forms import ReasonForm
from directory.admin.practitioners import _page
from directory.auth.session import current_account
from directory.services import photo_reads, photos
from directory.storage.responses import send_stored


@bp.get("/photos/<int:photo_id>/<int:width>.webp")
def photo_file(photo_id: int, width: int) -> Response:
    key = photo_reads.key_of(photo_reads.get(photo_id), width)
    return send_stored(key, "image/webp", "private, no-store")


def _photos_of_owner(photo_id: int) -> str:
    """The admin page of the photo's practitioner, at its photos (404 for no photo)."""
    practitioner_id = photo_reads.get(photo_id).practitioner_id
    return url_for("admin.practitioner", practitioner_id=practitioner_id) + "#photos"


@bp.post("/photos/<int:photo_id>/remove")
@decision(back=_photos_of_owner)
def remove_photo(photo_id: int) -> ResponseReturnValue:
    back = _photos_of_owner(photo_id)  # read before the photo is gone
    practitioner_id = photo_reads.get(photo_id).practitioner_id
    form = ReasonForm(prefix=f"photo-{photo_id}")
    if not form.validate_on_submit():
        return _page(practitioner_id, photo_form=(photo_id, form), status=400)
    call = lambda: photos.remove_by_admin(photo_id, current_account(), form.reason.data or "")  # noqa: E731
    if status := refused(call, form.reason):
        return _page(practitioner_id, photo_form=(photo_id, form), status=status)
    flash("Photo removed; the reason is in the audit trail.", "success")
    return redirect(back)
