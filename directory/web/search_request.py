"""One search, as the page and the API both run it: typed strings in, a finder result or
a plain-English problem out. Sharing this is what makes the page and the API answer the
same search with the same practitioners in the same order.

Rules on top of the finder's: a typed place wins over remembered coordinates (a visitor
who used "my location" and then typed a town means the town); a treatment given as an
everyday word ("botox") is read as the treatment it names.

Plain values in and out: nothing here reads the request or uses WTForms. Each error
carries its own HTTP status and the parameter at fault (``FinderError``, ``GeoError``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from directory import geo
from directory.geo.errors import PlaceCandidate
from directory.models import Treatment
from directory.services import finder, taxonomy_reads
from directory.web.search_form import SWITCH_OFF, SWITCH_ON, SearchForm
from directory.web.timing import measure


@dataclass(frozen=True)
class Problem:
    """Why a search could not run: ``message`` is for people, ``code`` for programs."""

    status: int
    code: str
    message: str
    param: str  # the search parameter at fault
    candidates: list[PlaceCandidate] = field(default_factory=list)
    suggestion: str | None = None
    suggested: PlaceCandidate | None = None  # the place a misspelt name may mean


@dataclass(frozen=True)
class Outcome:
    result: finder.FinderResult | None
    problem: Problem | None


def run(
    form: SearchForm, per_page: str | int, treatments: list[Treatment] | None = None
) -> Outcome:
    """Check and convert the typed values, then call ``finder.find``; never raises for
    bad input or an unplaceable location (those come back as ``Outcome.problem``).
    A treatment typed as a word is replaced in ``form`` by the slug it names (looked up
    in ``treatments`` when the caller already has the taxonomy)."""
    form.treatment = _treatment(form.treatment, treatments) or ""
    try:
        result = _find(form, per_page)
    except (finder.FinderError, geo.GeoError) as exc:
        return Outcome(None, _problem(exc))
    return Outcome(result, None)


def _problem(exc: finder.FinderError | geo.GeoError) -> Problem:
    return Problem(
        exc.status,
        exc.code,
        exc.message,
        exc.field,
        candidates=list(getattr(exc, "candidates", ())),
        suggestion=getattr(exc, "suggestion", None),
        suggested=getattr(exc, "suggested", None),
    )


def _find(form: SearchForm, per_page: str | int) -> finder.FinderResult:
    point = None if form.location else finder.coordinates(form.lat, form.lon)
    lat, lon = point or (None, None)
    radius = _number(
        form.radius, "invalid_radius", "radius", "Choose a distance in miles, such as 10."
    )
    page = _whole(
        form.page or "1", "invalid_page", "page", "Page numbers are whole numbers, from 1."
    )
    size = _whole(
        str(per_page),
        "invalid_per_page",
        "per_page",
        f"Show between 1 and {finder.MAX_PER_PAGE} results a page.",
    )
    prescriber = form.prescriber.casefold()
    if prescriber not in ("", "true", "1", "on", "false", "0"):
        raise finder.FinderError(
            "Say prescriber=true or leave it out.", "invalid_prescriber", "prescriber"
        )
    with measure("find"):
        return finder.find(
            location=form.location or None,
            lat=lat,
            lon=lon,
            radius_miles=radius,
            treatment=form.treatment or None,
            accreditation=form.bodies,
            q=form.q or None,
            sort=form.sort or None,
            page=page,
            per_page=size,
            profession=form.profession or None,
            weekends=_yes_no(form.weekends, "invalid_weekends", "weekends"),
            step_free=_yes_no(form.step_free, "invalid_step_free", "step_free"),
            registered=_yes_no(form.registered, "invalid_registered", "registered"),
            language=form.language.lower() or None,
            max_price_pence=_pence(form.max_price),
            checked=form.checked or None,
            prescriber=prescriber in ("true", "1", "on"),
            mobile=_yes_no(form.mobile, "invalid_mobile", "mobile"),
        )


def _yes_no(text: str, code: str, name: str) -> bool:
    """A filter switch: "1", "true", "yes" or "on" turn it on; empty, "0", "false", "no"
    or "off" leave it off; anything else is refused."""
    value = text.strip().lower()
    if value in SWITCH_ON:
        return True
    if value in SWITCH_OFF:
        return False
    raise finder.FinderError(f"Give {name}=1 to turn this filter on, or leave it out.", code, name)


def _pence(text: str) -> int | None:
    """Whole or decimal pounds ("200", "£149.50") as pence; empty is no cap."""
    text = text.strip().lstrip("£").replace(",", "")
    if not text:
        return None
    pounds = _number(
        text, "invalid_max_price", "max_price", "Give the most you would pay in pounds, like 200."
    )
    return round(pounds * 100)


def _treatment(typed: str, treatments: list[Treatment] | None) -> str | None:
    if not typed:
        return None
    return taxonomy_reads.treatment_slug_for(typed, treatments) or typed


def _number(text: str, code: str, field: str, message: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise finder.FinderError(message, code, field) from None
    if not math.isfinite(value):
        raise finder.FinderError(message, code, field)
    return value


def _whole(text: str, code: str, field: str, message: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise finder.FinderError(message, code, field) from None
