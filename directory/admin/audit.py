"""The audit trail: every decision and change, filterable, and exportable as CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date

from flask import Response, render_template, stream_with_context

from directory import clock
from directory.admin import arg, bp, page_number
from directory.services import audit

PER_PAGE = 50
FILTERS = ("practitioner", "actor", "action", "entity", "since", "until")
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert(cell: str) -> str:
    # A spreadsheet would run a cell starting like a formula; a leading quote stops it.
    return f"'{cell}" if cell.startswith(FORMULA_STARTS) else cell


def _day(name: str) -> date | None:
    raw = arg(name)
    try:
        return date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def _filter() -> tuple[audit.AuditFilter, list[str]]:
    """The filter in the query string, and plain-English notes on the parts ignored."""
    problems = []
    practitioner = arg("practitioner")
    valid_id = practitioner.isascii() and practitioner.isdigit() and len(practitioner) <= 9
    if practitioner and not valid_id:
        problems.append("The practitioner is given by its number (id); that part was ignored.")
    for name in ("since", "until"):
        if arg(name) and _day(name) is None:
            problems.append(f"'{arg(name)}' is not a date (YYYY-MM-DD); ignored.")
    wanted = audit.AuditFilter(
        practitioner_id=int(practitioner) if valid_id else None,
        actor=arg("actor") or None,
        action=arg("action") or None,
        entity_type=arg("entity") or None,
        since=_day("since"),
        until=_day("until"),
    )
    return wanted, problems


@bp.get("/audit")
def audit_log() -> tuple[str, int]:
    wanted, problems = _filter()
    page = page_number()
    rows, total = audit.entries(wanted, page, PER_PAGE)
    # Links keep only the filters: nothing else from the query string reaches url_for.
    kept = {name: arg(name) for name in FILTERS if arg(name)}
    return render_template(
        "admin/audit.html",
        rows=rows,
        total=total,
        page=page,
        per_page=PER_PAGE,
        filters=kept,
        problems=problems,
        active="audit",
    ), 400 if problems else 200


@bp.get("/audit.csv")
def audit_csv() -> Response:
    wanted, _ = _filter()

    def lines() -> Iterator[str]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        for row in audit.csv_rows(wanted):
            writer.writerow([_inert(cell) for cell in row])
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()

    response = Response(stream_with_context(lines()), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="audit-{clock.today().isoformat()}.csv"'
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
