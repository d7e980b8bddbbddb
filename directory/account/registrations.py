"""A clinic's registration with its care regulator, and any special-procedures licence:
add, change, withdraw, download the evidence (all through ``services.registrations``)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import login_required
from werkzeug.wrappers import Response

from directory.account import bp, confirm_page, evidence, profile_required
from directory.account.forms import RegistrationForm
from directory.auth import limits
from directory.auth.forms import ButtonForm
from directory.auth.session import current_account, practitioner_required
from directory.models import Clinic, RegistrationKind
from directory.services import ServiceError, ownership, registrations


def _page(
    clinic: Clinic,
    regulator_form: RegistrationForm,
    licence_form: RegistrationForm,
    status: int = 200,
) -> tuple[str, int]:
    return render_template(
        "account/registrations.html",
        clinic=clinic,
        regulator=registrations.regulator_for(clinic),
        items=sorted(clinic.registrations, key=lambda r: (r.kind.value != "regulator", -r.id)),
        open_kinds={
            r.kind.value for r in clinic.registrations if r.status.value in ("pending", "verified")
        },
        regulator_form=regulator_form,
        licence_form=licence_form,
    ), status


@bp.route("/clinics/<int:clinic_id>/registration", methods=["GET", "POST"])
@practitioner_required
@profile_required
@limits.by_account("CLAIM_ACCOUNT")
def clinic_registration(clinic_id: int) -> ResponseReturnValue:
    account = current_account()
    clinic = ownership.owned(account, Clinic, clinic_id)
    regulator_form = RegistrationForm(prefix="regulator")
    licence_form = RegistrationForm(prefix="licence")
    if request.method == "GET":
        return _page(clinic, regulator_form, licence_form)
    kind = (
        RegistrationKind.LICENCE if "licence-submit" in request.form else RegistrationKind.REGULATOR
    )
    form = licence_form if kind is RegistrationKind.LICENCE else regulator_form
    status = 400
    if form.validate_on_submit():
        try:
            registrations.submit(
                account,
                clinic.id,
                kind,
                form.number.data or "",
                evidence.upload(form),
                form.authority.data or "",
            )
        except ServiceError as exc:
            status = evidence.show_error(form, exc)
        else:
            flash("Sent: we will check it against the register and email you.", "success")
            return redirect(url_for("account.clinic_registration", clinic_id=clinic.id))
    blank = RegistrationForm(
        formdata=None, prefix="regulator" if form is licence_form else "licence"
    )
    if kind is RegistrationKind.LICENCE:
        return _page(clinic, blank, form, status)
    return _page(clinic, form, blank, status)


@bp.route("/registrations/<int:registration_id>/edit", methods=["GET", "POST"])
@practitioner_required
@profile_required
@limits.by_account("CLAIM_ACCOUNT")
def registration_edit(registration_id: int) -> ResponseReturnValue:
    account = current_account()
    registration = registrations.owned_registration(account, registration_id)
    form = RegistrationForm(
        data={"number": registration.number, "authority": registration.authority or ""}
    )
    status = 200
    if form.validate_on_submit():
        try:
            registrations.amend(
                account,
                registration.id,
                form.number.data or "",
                evidence.upload(form),
                form.authority.data or "",
            )
        except ServiceError as exc:
            status = evidence.show_error(form, exc)
        else:
            flash("Saved: it is waiting to be checked.", "success")
            return redirect(
                url_for("account.clinic_registration", clinic_id=registration.clinic_id)
            )
    elif form.errors:
        status = 400
    return render_template(
        "account/registration_edit.html", form=form, registration=registration
    ), status


@bp.route("/registrations/<int:registration_id>/withdraw", methods=["GET", "POST"])
@practitioner_required
@profile_required
def registration_withdraw(registration_id: int) -> ResponseReturnValue:
    registration = registrations.owned_registration(current_account(), registration_id)
    back = url_for("account.clinic_registration", clinic_id=registration.clinic_id)
    if request.method == "GET":
        return confirm_page(
            f"Withdraw the {registration.issuer} entry?",
            "It and its evidence file will be deleted, and it will no longer show on your clinic.",
            "Withdraw",
            back,
        )
    if not ButtonForm().validate_on_submit():
        abort(400)
    registrations.withdraw(current_account(), registration_id)
    flash("Withdrawn.", "success")
    return redirect(back)


@bp.get("/registrations/<int:registration_id>/evidence")
@login_required
def registration_evidence(registration_id: int) -> Response:
    return evidence.download(registrations.evidence_file(current_account(), registration_id))
