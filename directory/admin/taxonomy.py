"""The taxonomy: treatments (names, synonyms, guide facts) and accreditation bodies."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_wtf import FlaskForm

from directory.admin import bp, decision
from directory.admin.forms import BodyForm, TreatmentForm
from directory.auth.forms import expected_version, show_conflict
from directory.auth.session import current_account
from directory.extensions import db
from directory.models import AccreditationBody, Treatment
from directory.services import NotFound, ServiceError, taxonomy, taxonomy_reads
from directory.services.versions import EditConflict

PRICE_FIELDS = {"price_min_pence": "price_min_gbp", "price_max_pence": "price_max_gbp"}
# The fields typed as text (the rest are converted: synonyms, prices, numbers, lists).
TREATMENT_TEXT = (
    "slug",
    *(f for f in taxonomy.TREATMENT_FIELDS if f not in ("synonyms", "prescription_only")),
)
BODY_TEXT = (
    "slug",
    *(f for f in taxonomy.BODY_FIELDS if f not in ("renewal_months", "professions")),
)


@bp.get("/taxonomy")
def taxonomy_index() -> str:
    return render_template(
        "admin/taxonomy.html",
        treatments=taxonomy_reads.list_treatments(),
        bodies=taxonomy_reads.list_bodies(),
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
    return _saved(
        form,
        lambda: taxonomy.save_treatment(
            current_account(), treatment_id, _treatment_values(form), expected_version(form)
        ),
        lambda saved: f"{saved.name} saved; search picks up the change within seconds.",
        (Treatment, treatment_id),
        "admin/treatment_form.html",
        treatment=treatment,
    )


def _saved(
    form: FlaskForm,
    save: Callable[[], Any],
    done: Callable[[Any], str],
    entry: tuple[type[Any], int | None],
    template: str,
    **shown: Any,
) -> ResponseReturnValue:
    """A valid ``form`` is saved (``save``) and the admin sent back to the taxonomy with
    ``done(saved)``; otherwise, or when the service refuses, the form again (400, or
    409 with both versions when someone else saved ``entry`` meanwhile)."""
    if form.validate_on_submit():
        try:
            saved = save()
        except EditConflict as exc:
            status = show_conflict(form, exc, entry[0], entry[1] or 0)
            return render_template(template, form=form, active="taxonomy", **shown), status
        except ServiceError as exc:
            form[_form_field(exc)].errors = [exc.message]
        else:
            flash(done(saved), "success")
            return redirect(url_for("admin.taxonomy_index"))
    status = 400 if form.errors else 200
    return render_template(template, form=form, active="taxonomy", **shown), status


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
    return _saved(
        form,
        lambda: taxonomy.save_body(
            current_account(), body_id, _body_values(form), expected_version(form)
        ),
        lambda saved: f"{saved.short_name} saved.",
        (AccreditationBody, body_id),
        "admin/body_form.html",
        body=body,
    )


def _body_values(form: BodyForm) -> dict[str, Any]:
    values: dict[str, Any] = {name: (form[name].data or "").strip() for name in BODY_TEXT}
    values["renewal_months"] = form.renewal_months.data
    values["professions"] = list(form.professions.data or [])
    return values
