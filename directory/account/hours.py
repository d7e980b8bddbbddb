"""A clinic's opening hours: one row per day, each closed, open between two times, or by
appointment. The form checks shape; ``services.opening_hours`` checks the week."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import SelectField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from directory.account import bp, profile_required
from directory.auth.session import current_account, practitioner_required
from directory.models import Clinic
from directory.models.opening_hours import DAY_NAMES
from directory.services import opening_hours, ownership
from directory.services.opening_hours import DayHours
from directory.services.profile_rules import ProfileError
from directory.web.forms import Form

MODES = [
    SelectChoice("closed", "Closed"),
    SelectChoice("open", "Open"),
    SelectChoice("appointment", "By appointment only"),
]


class HoursForm(Form):
    """Seven days of ``mode_N``, ``opens_N`` and ``closes_N`` (N = 0 for Monday)."""

    def days(self) -> list[tuple[str, Any, Any, Any]]:
        return [
            (name, self[f"mode_{d}"], self[f"opens_{d}"], self[f"closes_{d}"])
            for d, name in enumerate(DAY_NAMES)
        ]

    def week(self) -> list[DayHours]:
        week = []
        for d in range(7):
            mode = self[f"mode_{d}"].data
            if mode == "open":
                week.append(DayHours(d, self[f"opens_{d}"].data, self[f"closes_{d}"].data))
            elif mode == "appointment":
                week.append(DayHours(d, by_appointment=True))
        return week

    def fill(self, clinic: Clinic) -> None:
        for h in clinic.hours:
            self[f"mode_{h.weekday}"].data = "appointment" if h.by_appointment else "open"
            self[f"opens_{h.weekday}"].data = h.opens
            self[f"closes_{h.weekday}"].data = h.closes


for _d, _name in enumerate(DAY_NAMES):
    setattr(HoursForm, f"mode_{_d}", SelectField(_name, choices=MODES, default="closed"))
    setattr(
        HoursForm,
        f"opens_{_d}",
        TimeField(f"{_name} opens", [Optional()], format="%H:%M", render_kw={"step": 300}),
    )
    setattr(
        HoursForm,
        f"closes_{_d}",
        TimeField(f"{_name} closes", [Optional()], format="%H:%M", render_kw={"step": 300}),
    )


@bp.route("/clinics/<int:clinic_id>/hours", methods=["GET", "POST"])
@practitioner_required
@profile_required
def clinic_hours(clinic_id: int) -> Response | str | tuple[str, int]:
    account = current_account()
    clinic = ownership.owned(account, Clinic, clinic_id)
    form = HoursForm()
    if not form.is_submitted():
        form.fill(clinic)
    if form.validate_on_submit():
        try:
            saved = opening_hours.set_hours(account, clinic.id, form.week())
        except ProfileError as exc:
            field = exc.field or ""
            target = f"opens_{field[4:]}" if field.startswith("day-") else "mode_0"
            form[target].errors = [*form[target].errors, exc.message]
        else:
            flash(f"Opening hours for {saved.name} are saved.", "success")
            return redirect(url_for("account.clinics") + f"#clinic-{saved.id}")
    status = 400 if form.errors else 200
    return render_template("account/hours_form.html", form=form, clinic=clinic), status
