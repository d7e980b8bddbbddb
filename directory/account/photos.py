"""The practitioner's photos: a profile photo and up to six per clinic. The form checks
shape (a file chosen, a description); ``services.photos`` checks the file's content,
the limits and ownership, and makes the copies that are stored."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_wtf.file import FileField, FileRequired
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from directory.account import bp, confirm_page, profile_required
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account, practitioner_required
from directory.models import Account
from directory.services import ownership, photo_reads, photos
from directory.services.photo_images import MAX_BYTES, PhotoError
from directory.storage.responses import send_stored
from directory.web.forms import Form

PHOTO_TOO_LARGE = (
    f"That photo is larger than {MAX_BYTES // (1024 * 1024)} MB, so nothing was saved. "
    "Choose a smaller one and send the form again."
)


class PhotoForm(Form):
    photo = FileField("Photo", [FileRequired("Choose a photo to upload.")])
    alt = StringField(
        "Describe the photo for people who cannot see it",
        [
            DataRequired("Describe the photo: it is read out to people who cannot see it."),
            Length(min=3, max=photos.MAX_ALT),
        ],
    )


def photos_page(
    account: Account, failed: PhotoForm | None = None, target: str = "", status: int = 200
) -> tuple[str, int]:
    """The photos page; ``failed`` is shown with its errors at ``target`` ("profile" or
    "clinic-<id>"), every other upload form empty."""
    practitioner = ownership.own_profile(account)
    mine = photo_reads.of_practitioner(practitioner.id)
    clinic_photos = {c.id: photo_reads.of_clinic(c.id) for c in practitioner.clinics}
    forms = {"profile": PhotoForm(formdata=None)}
    forms |= {f"clinic-{c.id}": PhotoForm(formdata=None) for c in practitioner.clinics}
    if failed is not None:
        forms[target] = failed
    return render_template(
        "account/photos.html",
        practitioner=practitioner,
        profile_photo=next((p for p in mine if p.clinic_id is None), None),
        clinic_photos=clinic_photos,
        forms=forms,
        limit=photos.MAX_PER_CLINIC,
    ), status


def _upload(target: str, save: Any) -> ResponseReturnValue:
    account = current_account()
    form = PhotoForm()
    if form.validate_on_submit():
        try:
            save(account, form.photo.data.read(MAX_BYTES + 1), form.alt.data or "")
        except PhotoError as exc:
            form.photo.errors = [*form.photo.errors, exc.message]
            return photos_page(account, form, target, exc.status)
        flash("Your photo is saved.", "success")
        return redirect(url_for("account.photos_list") + f"#{target}")
    return photos_page(account, form, target, 400)


def too_large_photo(view_args: dict[str, Any]) -> ResponseReturnValue | None:
    """The photos page again saying the file was too big (the body was never read);
    None when the request is not from a practitioner with a profile."""
    from flask_login import current_user

    from directory.models import Role

    if not current_user.is_authenticated:
        return None
    account = current_account()
    if account.role is not Role.PRACTITIONER or ownership.profile_of(account) is None:
        return None
    form = PhotoForm(formdata=None)
    form.photo.errors = [PHOTO_TOO_LARGE]
    clinic_id = view_args.get("clinic_id")
    return photos_page(account, form, f"clinic-{clinic_id}" if clinic_id else "profile", 413)


@bp.get("/photos")
@practitioner_required
@profile_required
def photos_list() -> ResponseReturnValue:
    return photos_page(current_account())


@bp.post("/photos/profile")
@practitioner_required
@profile_required
def profile_photo_upload() -> ResponseReturnValue:
    return _upload("profile", photos.add_profile_photo)


@bp.post("/clinics/<int:clinic_id>/photos")
@practitioner_required
@profile_required
def clinic_photo_upload(clinic_id: int) -> ResponseReturnValue:
    def save(account: Account, data: bytes, alt: str) -> object:
        return photos.add_clinic_photo(account, clinic_id, data, alt)

    return _upload(f"clinic-{clinic_id}", save)


@bp.route("/photos/<int:photo_id>/delete", methods=["GET", "POST"])
@practitioner_required
@profile_required
def photo_delete(photo_id: int) -> ResponseReturnValue:
    account = current_account()
    photo = photo_reads.own_photo(account, photo_id)
    if request.method == "GET":
        return confirm_page(
            "Delete this photo?",
            f"“{photo.alt}” will be deleted for good.",
            "Delete photo",
            url_for("account.photos_list"),
        )
    if not ButtonForm().validate_on_submit():
        abort(400)
    photos.delete_own(account, photo_id)
    flash("The photo is deleted.", "success")
    return redirect(url_for("account.photos_list"))


@bp.get("/photos/<int:photo_id>/<int:width>.webp")
@practitioner_required
def own_photo_file(photo_id: int, width: int) -> Response:
    """A copy of one of the account's photos, whatever the profile's state (a draft's
    photos are not public yet)."""
    photo = photo_reads.own_photo(current_account(), photo_id)
    return private_file(photo_reads.key_of(photo, width))


def private_file(key: str) -> Response:
    """A stored photo copy that only its owner or an admin may see: never cached."""
    return send_stored(key, "image/webp", "private, no-store")
