"""The practitioner's home-visits form. The form checks shape; ``services.home_visits``
checks the rules (both or neither, 1 to 100 miles, a postcode the tables can place)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from werkzeug.wrappers import Response
from wtforms import IntegerField, StringField
from wtforms.validators import Length, NumberRange, Optional

from directory.account import bp, profile_required
from directory.auth.forms import Form
from directory.auth.session import current_account, practitioner_required
from directory.services import home_visits, ownership
from directory.services.profile_rules import ProfileError

View = Response | str | tuple[str, int]
MILES_MESSAGE = (
    f"Say how far you travel, in whole miles from {home_visits.MIN_MILES} "
    f"to {home_visits.MAX_MILES}."
)


class HomeVisitsForm(Form):
    postcode = StringField("Postcode you travel from", [Optional(), Length(max=10)])
    miles = IntegerField(
        "How far you travel (miles)",
        [Optional(), NumberRange(home_visits.MIN_MILES, home_visits.MAX_MILES, MILES_MESSAGE)],
        render_kw={"inputmode": "numeric"},
    )

    def process_miles_error(self) -> None:
        """WTForms' own "Not a valid integer value." says nothing useful: say what fits."""
        if self.miles.errors and self.miles.raw_data and self.miles.data is None:
            self.miles.errors = [MILES_MESSAGE]


@bp.route("/home-visits", methods=["GET", "POST"])
@practitioner_required
@profile_required
def home_visits_form() -> View:
    account = current_account()
    practitioner = ownership.own_profile(account)
    form = HomeVisitsForm()
    if not form.is_submitted():
        form.postcode.data = practitioner.travel_postcode or ""
        form.miles.data = practitioner.travel_miles
    if form.validate_on_submit():
        try:
            home_visits.set_home_visits(account, form.postcode.data, form.miles.data)
        except ProfileError as exc:
            field = form.miles if exc.field == "miles" else form.postcode
            field.errors = [*field.errors, exc.message]
        else:
            flash(
                "Your home visits are saved."
                if form.postcode.data
                else "You no longer offer home visits.",
                "success",
            )
            return redirect(url_for("account.dashboard"))
    form.process_miles_error()
    status = 400 if form.errors else 200
    return render_template("account/home_visits_form.html", form=form), status
