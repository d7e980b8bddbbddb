"""Listings as admins see them: search, one listing whole, suspend and reinstate."""

from __future__ import annotations

from collections.abc import Callable

from flask import flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from directory.admin import arg, bp, decision, page_number, refused
from directory.admin.forms import ReasonForm
from directory.auth.session import current_account
from directory.models import Account, Practitioner
from directory.services import audit, listings, photo_reads, profiles, suspension
from directory.services import concerns as concern_service

Action = Callable[[int, Account, str], Practitioner]


@bp.get("/practitioners")
def practitioners() -> str:
    text, state = arg("q"), arg("state")
    page = page_number()
    rows, total = listings.find(text, state, page)
    return render_template(
        "admin/practitioners.html",
        rows=rows,
        total=total,
        q=text,
        state=state,
        page=page,
        per_page=listings.PER_PAGE,
        active="practitioners",
    )


def _page(
    practitioner_id: int,
    form: ReasonForm | None = None,
    status: int = 200,
    photo_form: tuple[int, ReasonForm] | None = None,
) -> tuple[str, int]:
    """The listing page; ``photo_form`` is a photo-removal form that failed, shown with
    its errors beside that photo."""
    practitioner = listings.get(practitioner_id)
    shown = photo_reads.of_practitioner(practitioner.id)
    photo_forms = {p.id: ReasonForm(prefix=f"photo-{p.id}", formdata=None) for p in shown}
    if photo_form is not None:
        photo_forms[photo_form[0]] = photo_form[1]
    history, _ = audit.entries(audit.AuditFilter(practitioner_id=practitioner.id), per_page=20)
    return render_template(
        "admin/practitioner.html",
        practitioner=practitioner,
        badges=profiles.current_badges(practitioner),
        claims=sorted(practitioner.claims, key=lambda c: c.submitted_at, reverse=True),
        concerns=concern_service.for_practitioner(practitioner.id),
        history=history,
        form=form or ReasonForm(),
        photos=shown,
        photo_forms=photo_forms,
        active="practitioners",
    ), status


@bp.get("/practitioners/<int:practitioner_id>")
def practitioner(practitioner_id: int) -> ResponseReturnValue:
    return _page(practitioner_id)


def _back(practitioner_id: int) -> str:
    return url_for("admin.practitioner", practitioner_id=practitioner_id)


@bp.post("/practitioners/<int:practitioner_id>/suspend")
@decision(_back)
def suspend(practitioner_id: int) -> ResponseReturnValue:
    return _decide(practitioner_id, suspension.suspend, "Profile suspended; it has left search.")


@bp.post("/practitioners/<int:practitioner_id>/reinstate")
@decision(_back)
def reinstate(practitioner_id: int) -> ResponseReturnValue:
    return _decide(practitioner_id, suspension.reinstate, "Suspension lifted.")


def _decide(practitioner_id: int, action: Action, done: str) -> ResponseReturnValue:
    form = ReasonForm()
    if not form.validate_on_submit():
        return _page(practitioner_id, form, 400)
    reason = form.reason.data or ""
    if status := refused(lambda: action(practitioner_id, current_account(), reason), form.reason):
        return _page(practitioner_id, form, status)
    flash(done, "success")
    return redirect(_back(practitioner_id))
