"""Access to a clinic, and the practitioner's languages and consultation fee. Forms check
shape; ``services.clinic_access`` and ``services.practicalities`` check the rules."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from directory.account import bp, profile_required
from directory.account.forms import PRICE_MESSAGE, pounds_to_pence
from directory.auth.session import current_account, practitioner_required
from directory.models import Clinic, ConsultationFee
from directory.services import clinic_access, languages, ownership, practicalities
from directory.services.profile_rules import ProfileError
from directory.web.forms import Form

YES_NO = [SelectChoice("", "Not said"), SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
FEES = [
    SelectChoice("", "Not said"),
    SelectChoice(ConsultationFee.FREE.value, "Free"),
    SelectChoice(ConsultationFee.DEDUCTED.value, "A fee, taken off the treatment if booked"),
    SelectChoice(ConsultationFee.CHARGED.value, "A fee"),
]


def _yes_no(value: str | None) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


def _choice(value: bool | None) -> str:
    return "" if value is None else ("yes" if value else "no")


class AccessForm(Form):
    step_free = SelectField("Step-free access from the street", choices=YES_NO)
    accessible_toilet = SelectField("An accessible toilet", choices=YES_NO)
    parking = StringField("Parking", [Optional(), Length(max=160)])
    nearest_station = StringField("Nearest station or bus stop", [Optional(), Length(max=160)])

    def access(self) -> clinic_access.Access:
        return clinic_access.Access(
            step_free=_yes_no(self.step_free.data),
            accessible_toilet=_yes_no(self.accessible_toilet.data),
            parking=self.parking.data or "",
            nearest_station=self.nearest_station.data or "",
        )


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PracticalitiesForm(Form):
    languages = CheckboxList(
        "Languages you consult in, besides English",
        choices=[SelectChoice(c, n) for c, n in languages.by_name()],
    )
    consultation = SelectField("First consultation", choices=FEES)
    fee = StringField("Consultation fee (£)", [Optional(), Length(max=16, message=PRICE_MESSAGE)])

    def validate_fee(self, field: StringField) -> None:
        try:
            pounds_to_pence(field.data)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


@bp.route("/clinics/<int:clinic_id>/access", methods=["GET", "POST"])
@practitioner_required
@profile_required
def clinic_access_form(clinic_id: int) -> ResponseReturnValue:
    account = current_account()
    clinic = ownership.owned(account, Clinic, clinic_id)
    form = AccessForm()
    if not form.is_submitted():
        form.step_free.data = _choice(clinic.step_free)
        form.accessible_toilet.data = _choice(clinic.accessible_toilet)
        form.parking.data, form.nearest_station.data = clinic.parking, clinic.nearest_station
    if form.validate_on_submit():
        saved = clinic_access.set_access(account, clinic.id, form.access())
        flash(f"Access details for {saved.name} are saved.", "success")
        return redirect(url_for("account.clinics") + f"#clinic-{saved.id}")
    status = 400 if form.errors else 200
    return render_template("account/access_form.html", form=form, clinic=clinic), status


@bp.route("/practicalities", methods=["GET", "POST"])
@practitioner_required
@profile_required
def practicalities_form() -> ResponseReturnValue:
    account = current_account()
    practitioner = ownership.own_profile(account)
    form = PracticalitiesForm()
    if not form.is_submitted():
        form.languages.data = list(practitioner.languages or [])
        kind = practitioner.consultation
        form.consultation.data = kind.value if kind else ""
        pence = practitioner.consultation_fee_pence
        form.fee.data = "" if pence is None else f"{pence // 100}.{pence % 100:02d}"
    if form.validate_on_submit():
        kind = ConsultationFee(form.consultation.data) if form.consultation.data else None
        try:
            practicalities.set_practicalities(
                account, form.languages.data or [], kind, pounds_to_pence(form.fee.data)
            )
        except ProfileError as exc:
            field: Any = form.languages if exc.field == "languages" else form.fee
            field.errors = [*field.errors, exc.message]
        else:
            flash("Your languages and consultation fee are saved.", "success")
            return redirect(url_for("account.dashboard"))
    status = 400 if form.errors else 200
    return render_template("account/practicalities_form.html", form=form), status
