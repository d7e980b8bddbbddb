"""The taxonomy: treatments (names, synonyms, guide facts) and accreditation bodies."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from directory.admin import bp, decision
from directory.admin.forms import BodyForm, TreatmentForm
from directory.auth.forms import expected_version, show_conflict
from directory.auth.session import current_account
from directory.extensions import db
from directory.models import AccreditationBody, Treatment
from directory.services import NotFound, ServiceError, profiles, taxonomy
from directory.services.versions import EditConflict

PRICE_FIELDS = {"price_min_pence": "price_min_gbp", "price_max_pence": "price_max_gbp"}
TREATMENT_TEXT = (
    "slug",
    "name",
    "category",
    "summary",
    "description",
    "session_length",
    "course",
    "downtime",
    "side_effects",
    "not_suitable_for",
    "credentials_to_look_for",
)
BODY_TEXT = (
    "slug",
    "name",
    "short_name",
    "kind",
    "website",
    "register_url",
    "number_label",
    "number_pattern",
    "number_example",
    "number_note",
    "description",
    "how_we_check",
)


@bp.get("/taxonomy")
def taxonomy_index() -> str:
    return render_template(
        "admin/taxonomy.html",
        treatments=profiles.list_treatments(),
        bodies=profiles.list_bodies(),
        active="taxonomy",
    )


def _get(model: type[Any], object_id: int | None) -> Any:
    if object_id is None:
        return None
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound("There is no such entry.")
    return found


def _pence(pounds: int | None) -> int | None:
    return None if pounds is None else pounds * 100


def _treatment_values(form: TreatmentForm) -> dict[str, Any]:
    values: dict[str, Any] = {name: (form[name].data or "").strip() for name in TREATMENT_TEXT}
    values["synonyms"] = form.synonyms.data or ""
    values["price_min_pence"] = _pence(form.price_min_gbp.data)
    values["price_max_pence"] = _pence(form.price_max_gbp.data)
    values["prescription_only"] = bool(form.prescription_only.data)
    return values


@bp.route("/treatments/new", methods=["GET", "POST"], defaults={"treatment_id": None})
@bp.route("/treatments/<int:treatment_id>", methods=["GET", "POST"])
@decision(methods=("POST",))
def treatment_edit(treatment_id: int | None) -> ResponseReturnValue:
    treatment = _get(Treatment, treatment_id)
    form = TreatmentForm(obj=treatment)
    if treatment is not None and not form.is_submitted():
        form.synonyms.data = "\n".join(treatment.synonyms or [])
        form.price_min_gbp.data = _pounds(treatment.price_min_pence)
        form.price_max_gbp.data = _pounds(treatment.price_max_pence)
    if form.validate_on_submit():
        try:
            saved = taxonomy.save_treatment(
                current_account(), treatment_id, _treatment_values(form), expected_version(form)
            )
        except EditConflict as exc:
            status = show_conflict(form, exc, Treatment, treatment_id or 0)
            return render_template(
                "admin/treatment_form.html", form=form, treatment=treatment, active="taxonomy"
            ), status
        except ServiceError as exc:
            form[_form_field(exc)].errors = [exc.message]
        else:
            flash(f"{saved.name} saved; search picks up the change within seconds.", "success")
            return redirect(url_for("admin.taxonomy_index"))
    return render_template(
        "admin/treatment_form.html", form=form, treatment=treatment, active="taxonomy"
    ), 400 if form.errors else 200


def _form_field(exc: ServiceError) -> str:
    """The form field to show a service error against (prices are pence there, pounds here)."""
    field = getattr(exc, "field", "slug")
    return PRICE_FIELDS.get(field, field)


def _pounds(pence: int | None) -> int | None:
    return None if pence is None else pence // 100


@bp.route("/bodies/new", methods=["GET", "POST"], defaults={"body_id": None})
@bp.route("/bodies/<int:body_id>", methods=["GET", "POST"])
@decision(methods=("POST",))
def body_edit(body_id: int | None) -> ResponseReturnValue:
    body = _get(AccreditationBody, body_id)
    form = BodyForm(obj=body)
    if body is not None and not form.is_submitted():
        form.kind.data = body.kind.value
    if form.validate_on_submit():
        values: dict[str, Any] = {name: (form[name].data or "").strip() for name in BODY_TEXT}
        values["renewal_months"] = form.renewal_months.data
        values["professions"] = list(form.professions.data or [])
        try:
            saved = taxonomy.save_body(current_account(), body_id, values, expected_version(form))
        except EditConflict as exc:
            status = show_conflict(form, exc, AccreditationBody, body_id or 0)
            return render_template(
                "admin/body_form.html", form=form, body=body, active="taxonomy"
            ), status
        except ServiceError as exc:
            form[_form_field(exc)].errors = [exc.message]
        else:
            flash(f"{saved.short_name} saved.", "success")
            return redirect(url_for("admin.taxonomy_index"))
    return render_template(
        "admin/body_form.html", form=form, body=body, active="taxonomy"
    ), 400 if form.errors else 200
