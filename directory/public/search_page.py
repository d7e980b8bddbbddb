"""The results page, as data for ``templates/public/results.html``: what was asked, what
was found, and every link the page offers (filters to remove, facets, sorts, pages,
did-you-mean places), each built from the same typed values so nothing typed is lost.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from directory.models import Treatment
from directory.public import search_links as links
from directory.public.search_cards import Card, cards, map_data
from directory.public.search_links import FacetGroup, Link, PageLink
from directory.services import taxonomy_reads
from directory.services.finder import FinderResult
from directory.web import search_request
from directory.web.formatting import miles
from directory.web.search_form import SearchForm

PAGE_SIZE = 20
VISIBLE_FIELDS = ("location", "treatment", "radius", "q")


@dataclass
class ResultsPage:
    form: SearchForm
    treatments: list[Treatment]
    status: int = 200
    title: str = "Find a practitioner"
    error: str | None = None
    error_field: str | None = "location"
    retry: Link | None = None
    candidates: list[Link] = field(default_factory=list)
    location_suggestion: Link | None = None
    summary: str = ""
    widened_note: str | None = None
    degraded_note: str | None = None
    beyond_last: Link | None = None
    suggestion: Link | None = None
    location_note: str | None = None
    location_alternatives: list[Link] = field(default_factory=list)
    filters: list[Link] = field(default_factory=list)
    sorts: list[Link] = field(default_factory=list)
    facets: list[FacetGroup] = field(default_factory=list)
    cards: list[Card] = field(default_factory=list)
    pages: list[PageLink] = field(default_factory=list)
    prev_url: str | None = None
    next_url: str | None = None
    map: dict[str, Any] | None = None
    search_line: str = ""
    unchecked_note: str | None = None
    unchecked_link: Link | None = None
    prescriber_link: Link | None = None
    bodies: list[Any] = field(default_factory=list)  # for the form's credential choices


def run(args: Mapping[str, str]) -> ResultsPage:
    """Run the search in ``args`` and describe the page; never raises for bad input."""
    form = SearchForm.from_args(args)
    treatments = taxonomy_reads.list_treatments()
    outcome = search_request.run(form, PAGE_SIZE, treatments)
    page = ResultsPage(form=form, treatments=treatments, bodies=taxonomy_reads.list_bodies())
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
    if problem.code == "invalid_coordinates":
        # Only "use my location" sends these: ask for a place instead, and forget them.
        form.lat = form.lon = ""
        page.error = "We could not use your location. Type a postcode or town instead."
    if problem.param in VISIBLE_FIELDS:
        page.error_field = problem.param
        form.errors[page.error_field] = page.error
    else:
        # A filter, order or page from a link, not typed: nothing on the form to fix, so
        # drop it (or every search from this form would fail the same way) and offer
        # the same search without it.
        page.error_field = None
        if hasattr(form, problem.param):
            setattr(form, problem.param, "")
        page.retry = Link("Search again without it", links.search_url(form))
    for c in problem.candidates:
        page.candidates.append(Link(c.label, links.search_url(form, location=c.query)))
    if problem.suggestion:
        label = problem.suggested.label if problem.suggested else problem.suggestion
        page.location_suggestion = Link(label, links.search_url(form, location=problem.suggestion))


def _describe(page: ResultsPage, result: FinderResult) -> None:
    form = page.form
    treatment = next((t for t in page.treatments if t.slug == form.treatment), None)
    place = _place_label(form, result)
    what = treatment.name if treatment else "Practitioners"
    page.title = f"{what} near {place}" if place else (what if treatment else "All practitioners")
    page.summary = _summary(result, treatment, place)
    if result.widened and place:
        # Say first that nobody is that close, then what is shown instead.
        page.summary = f"No one{_offering(treatment)} within {_radius(form.radius)} of {place}"
        page.widened_note = (
            f"Here {_are(result.total)} the nearest {result.total}, within "
            f"{_radius(result.widened_radius_miles)}. Check how far they are before you book."
        )
    if not result.items and result.total:
        page.beyond_last = Link(
            f"There is no page {result.page}: these results end on page {result.pages}.",
            links.search_url(form, page=str(result.pages)),
        )
    if result.degraded:
        page.degraded_note = (
            "Search is running in a simpler mode while we repair it: these results are "
            "right, but spelling help and ranking by relevance are off for now."
        )
    if result.location is not None and result.location.note:
        page.location_note = result.location.note
    if result.location is not None:
        page.location_alternatives = [
            Link(c.label, links.search_url(form, location=c.query))
            for c in result.location.alternatives
        ]
    if result.suggestion:
        page.suggestion = Link(result.suggestion, links.search_url(form, q=result.suggestion))
    bodies = {b.slug: b for b in taxonomy_reads.list_bodies()}
    page.filters = links.filters(form, treatment, bodies, place)
    page.sorts = links.sorts(form, result)
    page.facets = links.facets(form, result, bodies, {t.slug: t for t in page.treatments})
    page.cards = cards(result, place)
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
    page.map = map_data(page.cards, result, place)
    _trust_links(page, result)


def _trust_links(page: ResultsPage, result: FinderResult) -> None:
    """How many unchecked listings were left out (or are shown last), with the control
    to include or leave them out, and the "prescribers only" switch."""
    form, n = page.form, result.unchecked
    listings = "listing" if n == 1 else "listings"
    if result.checked == "only" and n:
        page.unchecked_note = (
            f"{n} more {listings} match, but we have not checked any credential of "
            f"{'that practitioner' if n == 1 else 'those practitioners'} yet, so "
            f"{'it is' if n == 1 else 'they are'} left out."
        )
        page.unchecked_link = Link(
            f"Include {n} unchecked {listings}", links.search_url(form, checked="any")
        )
    elif result.checked == "any":
        if n:
            page.unchecked_note = (
                f"{n} of these {listings} {'has' if n == 1 else 'have'} nothing checked by "
                "us; they come after the checked ones and say so."
            )
        page.unchecked_link = Link(
            "Show only practitioners we have checked", links.search_url(form, checked=None)
        )
    if result.prescriber:
        page.prescriber_link = Link(
            "Show everyone, not only prescribers", links.search_url(form, prescriber=None)
        )
    else:
        page.prescriber_link = Link(
            "Prescribers only (checked)", links.search_url(form, prescriber="true")
        )


def _place_label(form: SearchForm, result: FinderResult) -> str | None:
    if result.location is not None:
        return result.location.label
    if result.lat is not None:
        return "your location"
    return None


def _offering(treatment: Treatment | None) -> str:
    return f" offering {treatment.name}" if treatment else ""


def _radius(value: str | float | None) -> str:
    return miles(float(value or 0))


def _are(count: int) -> str:
    return "is" if count == 1 else "are"


ORDER = {
    "distance": "nearest first",
    "relevance": "best match first",
    "name": "by name",
    "price": "lowest price first",
}


def _summary(result: FinderResult, treatment: Treatment | None, place: str | None) -> str:
    """``12 practitioners offering X within 10 miles of Leeds, nearest first``; with more
    than a page, which of them this page shows: ``21–40 of 57 practitioners ...``."""
    count = f"{result.total} practitioner{'' if result.total == 1 else 's'}"
    first = (result.page - 1) * result.per_page + 1
    if result.total > result.per_page and first <= result.total:
        count = f"{first}–{min(result.total, first + result.per_page - 1)} of {count}"
    if result.total == 0:
        count = "No practitioners"
    where = f" within {_radius(result.radius_miles)} of {place}" if place else ""
    order = f", {ORDER[result.sort]}" if result.total > 1 and result.sort in ORDER else ""
    return f"{count}{_offering(treatment)}{where}{order}"
