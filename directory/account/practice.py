"""Clinics and treatments offered: add, edit, remove (objects looked up by owner)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from wtforms.fields.choices import SelectChoice

from directory.account import bp, confirm_page, profile_required
from directory.account.forms import ClinicForm, OfferForm
from directory.auth.forms import ButtonForm, expected_version, show_conflict
from directory.auth.session import current_account, practitioner_required
from directory.extensions import db
from directory.models import Clinic, Treatment, TreatmentOffer
from directory.services import clinic_editor, offer_editor, ownership
from directory.services.clinic_editor import ClinicDetails
from directory.services.profile_rules import ProfileError
from directory.services.versions import EditConflict


def _clinic_details(form: ClinicForm) -> ClinicDetails:
    return ClinicDetails(
        name=form.name.data or "",
        address_line1=form.address_line1.data or "",
        address_line2=form.address_line2.data or "",
        town=form.town.data or "",
        postcode=form.postcode.data or "",
    )


@bp.get("/clinics")
@practitioner_required
@profile_required
def clinics() -> str:
    practitioner = ownership.own_profile(current_account())
    return render_template(
        "account/clinics.html",
        practitioner=practitioner,
        offers=sorted(practitioner.offers, key=lambda o: o.treatment.name.lower()),
    )


@bp.route("/clinics/new", methods=["GET", "POST"])
@bp.route("/clinics/<int:clinic_id>/edit", methods=["GET", "POST"])
@practitioner_required
@profile_required
def clinic_form(clinic_id: int | None = None) -> ResponseReturnValue:
    account = current_account()
    ownership.own_profile(account)
    clinic = ownership.owned(account, Clinic, clinic_id) if clinic_id else None
    form = ClinicForm(obj=clinic)
    if form.validate_on_submit():
        try:
            if clinic_id is None:
                saved = clinic_editor.add_clinic(account, _clinic_details(form))
            else:
                saved = clinic_editor.update_clinic(
                    account, clinic_id, _clinic_details(form), expected_version(form)
                )
        except EditConflict as exc:
            status = show_conflict(form, exc, Clinic, clinic_id or 0)
            return render_template("account/clinic_form.html", form=form, clinic=clinic), status
        if saved.has_location:
            flash(f"{saved.name} is saved.", "success")
        else:
            flash(
                f"{saved.name} is saved, but we could not place {saved.postcode} on the map, "
                "so it will not show in searches by distance. Check the postcode below.",
                "error",
            )
        return redirect(url_for("account.clinics") + f"#clinic-{saved.id}")
    status = 400 if form.errors else 200
    return render_template("account/clinic_form.html", form=form, clinic=clinic), status


@bp.route("/clinics/<int:clinic_id>/remove", methods=["GET", "POST"])
@practitioner_required
@profile_required
def remove_clinic(clinic_id: int) -> ResponseReturnValue:
    clinic = ownership.owned(current_account(), Clinic, clinic_id)
    if request.method == "GET":
        return confirm_page(
            f"Remove {clinic.name}?",
            "Patients will no longer see this clinic on your profile. You can add it again later.",
            "Remove clinic",
            url_for("account.clinics") + f"#clinic-{clinic.id}",
        )
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        clinic_editor.remove_clinic(current_account(), clinic_id)
    except ProfileError as exc:
        flash(exc.message, "error")
    else:
        flash("The clinic is removed from your profile.", "success")
    return redirect(url_for("account.clinics"))


def _treatment_choices() -> list[SelectChoice]:
    query = db.select(Treatment).order_by(Treatment.name)
    treatments = [SelectChoice(str(t.id), t.name) for t in db.session.scalars(query)]
    return [SelectChoice("", "Choose a treatment"), *treatments]


@bp.route("/treatments/new", methods=["GET", "POST"])
@bp.route("/treatments/<int:offer_id>/edit", methods=["GET", "POST"])
@practitioner_required
@profile_required
def offer_form(offer_id: int | None = None) -> ResponseReturnValue:
    account = current_account()
    ownership.own_profile(account)
    offer = ownership.owned(account, TreatmentOffer, offer_id) if offer_id else None
    form = OfferForm()
    form.treatment.choices = _treatment_choices()
    if offer is not None:
        form.treatment.choices = [SelectChoice(str(offer.treatment_id), offer.treatment.name)]
        if not form.is_submitted():
            form.treatment.data = offer.treatment_id
            pence = offer.price_from_pence
            form.price.data = "" if pence is None else f"{pence // 100}.{pence % 100:02d}"
            form.notes.data = offer.notes
            form.version.data = str(offer.version)
    if form.validate_on_submit():
        try:
            if offer is None:
                offer_editor.add_offer(
                    account, form.treatment.data, form.pence, form.notes.data or ""
                )
            else:
                offer_editor.update_offer(
                    account, offer.id, form.pence, form.notes.data or "", expected_version(form)
                )
        except EditConflict as exc:
            conflict = show_conflict(form, exc, TreatmentOffer, offer.id)  # type: ignore[union-attr]
            return render_template("account/offer_form.html", form=form, offer=offer), conflict
        except ProfileError as exc:
            field = form.treatment if exc.field == "treatment" else form.price
            field.errors = [*field.errors, exc.message]
        else:
            flash("Your treatments are saved.", "success")
            return redirect(url_for("account.clinics"))
    status = 400 if form.errors else 200
    return render_template("account/offer_form.html", form=form, offer=offer), status


@bp.route("/treatments/<int:offer_id>/remove", methods=["GET", "POST"])
@practitioner_required
@profile_required
def remove_offer(offer_id: int) -> ResponseReturnValue:
    offer = ownership.owned(current_account(), TreatmentOffer, offer_id)
    if request.method == "GET":
        return confirm_page(
            f"Stop offering {offer.treatment.name}?",
            "It will be taken off your profile with its price. You can add it again later.",
            "Remove treatment",
            url_for("account.clinics") + f"#offer-{offer.id}",
        )
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        offer_editor.remove_offer(current_account(), offer_id)
    except ProfileError as exc:
        flash(exc.message, "error")
    else:
        flash("The treatment is removed from your profile.", "success")
    return redirect(url_for("account.clinics") + "#treatments")
