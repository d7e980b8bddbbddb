"""Concerns the public reported: the queue, and resolving one with a note."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from directory.admin import bp, decision, refused
from directory.admin.forms import ReasonForm, ResolveConcernForm
from directory.auth.session import current_account
from directory.models import ConcernStatus
from directory.services import concerns as concern_service


@bp.get("/concerns")
def concerns() -> str:
    closed = request.args.get("status") == ConcernStatus.CLOSED.value
    rows = concern_service.queue(ConcernStatus.CLOSED if closed else ConcernStatus.OPEN)
    return render_template("admin/concerns.html", rows=rows, closed=closed, active="concerns")


def _page(
    concern_id: int, form: ResolveConcernForm | None = None, status: int = 200
) -> tuple[str, int]:
    concern = concern_service.get(concern_id)
    others = [
        c for c in concern_service.for_practitioner(concern.practitioner_id) if c.id != concern.id
    ]
    # Pre-filled, so suspending while the concern is looked into is one click.
    suspend_form = ReasonForm(
        formdata=None, reason=(f"Suspended while we look into concern {concern.reference}.")
    )
    return render_template(
        "admin/concern.html",
        concern=concern,
        form=form or ResolveConcernForm(),
        others=others,
        suspend_form=suspend_form,
        active="concerns",
    ), status


@bp.get("/concerns/<int:concern_id>")
def concern(concern_id: int) -> ResponseReturnValue:
    return _page(concern_id)


@bp.post("/concerns/<int:concern_id>/resolve")
@decision(lambda concern_id: url_for("admin.concern", concern_id=concern_id))
def resolve_concern(concern_id: int) -> ResponseReturnValue:
    form = ResolveConcernForm()
    if not form.validate_on_submit():
        return _page(concern_id, form, 400)
    note = form.note.data or ""
    if status := refused(
        lambda: concern_service.resolve(concern_id, current_account(), note), form.note
    ):
        return _page(concern_id, form, status)
    flash("Concern resolved.", "success")
    return redirect(url_for("admin.concerns"))
