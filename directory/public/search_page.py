"""The results page, as data for ``templates/public/results.html``: what was asked, what
was found, and every link the page offers (filters to remove, facets, sorts, pages,
did-you-mean places), each built from the same typed values so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import request, url_for

from directory.models import Clinic, Treatment
from directory.public import search_links as links
from directory.public import search_request
from directory.public.formatting import miles
from directory.public.search_form import SearchForm
from directory.public.search_links import FacetGroup, Link, PageLink
from directory.services import profiles
from directory.services.finder import FinderItem, FinderResult

PAGE_SIZE = 20
VISIBLE_FIELDS = ("location", "treatment", "radius", "q")


@dataclass(frozen=True)
class Offer:
    name: str
    price_from_pence: int | None


@dataclass(frozen=True)
class Card:
    slug: str
    name: str
    profession: str
    is_demo: bool
    distance_miles: float | None
    clinic: Clinic | None
    badges: list[profiles.Badge]
    offers: list[Offer]
    url: str


@dataclass
class ResultsPage:
    form: SearchForm
    treatments: list[Treatment]
    status: int = 200
    title: str = "Find a practitioner"
    error: str | None = None
    error_field: str = "location"
    candidates: list[Link] = field(default_factory=list)
    location_suggestion: Link | None = None
    summary: str = ""
    widened_note: str | None = None
    suggestion: Link | None = None
    location_note: str | None = None
    filters: list[Link] = field(default_factory=list)
    sorts: list[Link] = field(default_factory=list)
    facets: list[FacetGroup] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    pages: list[PageLink] = field(default_factory=list)
    prev_url: str | None = None
    next_url: str | None = None
    map: dict[str, Any] | None = None
    search_line: str = ""


def run(args: Mapping[str, str]) -> ResultsPage:
    """Run the search in ``args`` and describe the page; never raises for bad input."""
    form = SearchForm.from_args(args)
    treatments = profiles.list_treatments()
    outcome = search_request.run(form, PAGE_SIZE, treatments)
    page = ResultsPage(form=form, treatments=treatments)
    if outcome.problem is not None:
        _explain(page, outcome.problem)
    else:
        assert outcome.result is not None
        _describe(page, outcome.result)
    return page


def _explain(page: ResultsPage, problem: search_request.Problem) -> None:
    form = page.form
    page.status, page.error = problem.status, problem.message
    if problem.candidates:
        # The list of places follows in the summary; the message need not repeat it.
        page.error = (
            f"There is more than one place called '{form.location}'. "
            "Choose one below, or add a postcode."
        )
    page.title = "Check your search"
    page.error_field = problem.param if problem.param in VISIBLE_FIELDS else "location"
    form.errors[page.error_field] = page.error
    for c in problem.candidates:
        qualifier = c.district or c.near or c.nation
        page.candidates.append(
            Link(c.label, links.search_url(form, location=f"{c.name}, {qualifier}"))
        )
    if problem.suggestion:
        page.location_suggestion = Link(
            problem.suggestion, links.search_url(form, location=problem.suggestion)
        )


def _describe(page: ResultsPage, result: FinderResult) -> None:
    form = page.form
    treatment = next((t for t in page.treatments if t.slug == form.treatment), None)
    place = _place_label(form, result)
    what = treatment.name if treatment else "Practitioners"
    page.title = f"{what} near {place}" if place else (what if treatment else "All practitioners")
    page.summary = _summary(result, treatment, place)
    if result.widened and place:
        page.widened_note = (
            f"No one{_offering(treatment)} within {_radius(form.radius)} of {place}. "
            f"Here are the nearest within {_radius(result.widened_radius_miles)}."
        )
    if result.location is not None and result.location.note:
        page.location_note = result.location.note
    if result.suggestion:
        page.suggestion = Link(result.suggestion, links.search_url(form, q=result.suggestion))
    bodies = {b.slug: b for b in profiles.list_bodies()}
    page.filters = links.filters(form, treatment, bodies, place)
    page.sorts = links.sorts(form, result)
    page.facets = links.facets(form, result, bodies, {t.slug: t for t in page.treatments})
    page.cards = [_card(item, result, place) for item in result.items]
    page.pages, page.prev_url, page.next_url = links.pagination(form, result)
    page.search_line = " · ".join(
        x
        for x in (
            place,
            treatment.name if treatment else "Any treatment",
            _radius(form.radius) if place else "",
            form.q and f"“{form.q}”",
        )
        if x
    )
    page.map = _map(page.cards, result, place)


def _place_label(form: SearchForm, result: FinderResult) -> str | None:
    if result.location is not None:
        return result.location.label
    if result.lat is not None:
        return "your location"
    return None


def _offering(treatment: Treatment | None) -> str:
    return f" offering {treatment.name}" if treatment else ""


def _radius(value: str | float | None) -> str:
    text = miles(float(value or 0))
    return text


def _summary(result: FinderResult, treatment: Treatment | None, place: str | None) -> str:
    count = f"{result.total} practitioner{'' if result.total == 1 else 's'}"
    if result.total == 0:
        count = "No practitioners"
    offering = _offering(treatment)
    if place is None:
        return f"{count}{offering}"
    radius = result.widened_radius_miles if result.widened else result.radius_miles
    return f"{count}{offering} within {_radius(radius)} of {place}"


def _card(item: FinderItem, result: FinderResult, place: str | None) -> Card:
    p = item.practitioner
    offers = item.matching_treatments or item.treatments[:3]
    params: dict[str, Any] = {"back": request.full_path}
    if result.lat is not None and result.lon is not None:
        params.update(
            lat=f"{result.lat:.5f}", lon=f"{result.lon:.5f}", **{"from": place or "your search"}
        )
    return Card(
        slug=p.slug,
        name=p.full_name,
        profession=p.profession.value,
        is_demo=p.is_demo,
        distance_miles=item.distance_miles,
        clinic=item.clinic,
        badges=profiles.badges_from_claims(item.credentials),
        offers=[Offer(o.treatment.name, o.price_from_pence) for o in offers],
        url=url_for("public.profile", slug=p.slug, **params),
    )


def _map(cards: list[Card], result: FinderResult, place: str | None) -> dict[str, Any] | None:
    points = [
        {
            "name": c.name,
            "lat": c.clinic.latitude,
            "lon": c.clinic.longitude,
            "url": c.url,
            "distance": miles(c.distance_miles),
            "clinic": ", ".join(x for x in (c.clinic.name, c.clinic.town) if x),
        }
        for c in cards
        if c.clinic is not None and c.clinic.has_location
    ]
    if not points:
        return None
    origin = None
    if result.lat is not None and result.lon is not None:
        origin = {"lat": result.lat, "lon": result.lon, "label": place or "your search"}
    return {"origin": origin, "results": points}
