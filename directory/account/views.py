"""Dashboard, profile details, publish/unpublish and preview."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from werkzeug.wrappers import Response
from wtforms.fields.choices import SelectChoice

from directory import clock
from directory.account import bp, profile_required, public_profile_url
from directory.account.forms import ProfileForm
from directory.auth.forms import ButtonForm, expected_version, show_conflict
from directory.auth.session import current_account, practitioner_required
from directory.extensions import db
from directory.models import AccreditationBody, BodyKind, Practitioner, Profession
from directory.services import (
    enquiries,
    listing_claims,
    ownership,
    profile_editor,
    profiles,
    registration,
    trust,
)
from directory.services.profile_editor import ProfileDetails
from directory.services.profile_rules import ProfileError
from directory.services.versions import EditConflict


def _regulator_choices() -> list[SelectChoice]:
    query = db.select(AccreditationBody).filter_by(kind=BodyKind.REGULATOR)
    bodies = sorted(db.session.scalars(query), key=lambda b: b.short_name)
    return [SelectChoice("", "None")] + [
        SelectChoice(str(b.id), f"{b.short_name}: {b.name}") for b in bodies
    ]


@bp.get("/")
@practitioner_required
def dashboard() -> str:
    account = current_account()
    practitioner = ownership.profile_of(account)
    return render_template(
        "account/dashboard.html",
        account=account,
        practitioner=practitioner,
        problems=profile_editor.publish_problems(practitioner) if practitioner else [],
        public_url=public_profile_url(practitioner.slug) if practitioner else None,
        listing_claims=listing_claims.claims_by(account),
        enquiries=enquiries.for_practitioner(practitioner.id) if practitioner else [],
        checked=enquiries.is_checked(practitioner) if practitioner else False,
        form=ButtonForm(),
    )


def _details(form: ProfileForm) -> ProfileDetails:
    return ProfileDetails(
        display_name=form.display_name.data or "",
        title=form.title.data or "",
        profession=Profession(form.profession.data),
        regulator_id=int(form.regulator.data) if form.regulator.data else None,
        registration_number=form.registration_number.data or None,
        bio=form.bio.data or "",
        website=form.website.data or None,
        phone=form.phone.data or None,
        booking_url=form.booking_url.data or None,
        register_name=form.register_name.data or "",
    )


@bp.route("/profile", methods=["GET", "POST"])
@practitioner_required
def profile() -> ResponseReturnValue:
    account = current_account()
    practitioner = ownership.profile_of(account)
    form = ProfileForm(obj=practitioner)
    form.regulator.choices = _regulator_choices()
    if practitioner is not None and not form.is_submitted():
        form.profession.data = practitioner.profession.value
        form.regulator.data = str(practitioner.regulator_id or "")
        open_claim = registration.statutory_claim(practitioner)
        form.register_name.data = open_claim.register_name if open_claim else ""
    status = 200
    if form.validate_on_submit():
        try:
            if practitioner is None:
                profile_editor.create_profile(account, _details(form))
            else:
                profile_editor.update_profile(account, _details(form), expected_version(form))
        except ProfileError as exc:
            field = form[exc.field] if exc.field in form else form.display_name
            field.errors = [*field.errors, exc.message]
        except EditConflict as exc:
            status = show_conflict(form, exc, Practitioner, practitioner.id)  # type: ignore[union-attr]
        else:
            flash("Your profile is saved.", "success")
            return redirect(url_for("account.dashboard"))
    status = 400 if form.errors else status
    return render_template("account/profile.html", form=form, practitioner=practitioner), status


@bp.post("/publish")
@practitioner_required
@profile_required
def publish() -> Response:
    return _set_published(True)


@bp.post("/unpublish")
@practitioner_required
@profile_required
def unpublish() -> Response:
    return _set_published(False)


def _set_published(publish: bool) -> Response:
    if ButtonForm().validate_on_submit():
        try:
            profile_editor.set_published(current_account(), publish)
        except ProfileError as exc:
            flash(exc.message, "error")
        else:
            flash("Your profile is live." if publish else "Your profile is hidden.", "success")
    return redirect(url_for("account.dashboard"))


@bp.get("/preview")
@practitioner_required
@profile_required
def preview() -> str:
    practitioner = ownership.own_profile(current_account())
    facts = trust.standing_on(practitioner, clock.today())
    return render_template(
        "account/preview.html",
        practitioner=practitioner,
        facts=facts,
        name=trust.public_name(practitioner, facts),
        badges=profiles.current_badges(practitioner),
        offers=sorted(practitioner.offers, key=lambda o: o.treatment.name.lower()),
        public_url=public_profile_url(practitioner.slug) if practitioner.is_public else None,
    )
