"""The links a results page offers, each built from the visitor's typed values so that
following one changes exactly one thing: filters to remove, facets to choose, sort
orders, pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import quote_plus

from flask import g, url_for

from directory.models import AccreditationBody, Treatment
from directory.services.finder import FinderResult
from directory.services.languages import name_of
from directory.web.formatting import badge_label, profession_label
from directory.web.search_form import SearchForm

CLINIC_SWITCHES = (
    ("registered", "Registered clinic"),
    ("step_free", "Step-free access"),
    ("weekends", "Open at weekends"),
)
MOBILE_LABEL = "Comes to you"


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    current: bool = False
    count: int | None = None


@dataclass(frozen=True)
class FacetGroup:
    key: str
    title: str
    options: list[Link]


@dataclass(frozen=True)
class PageLink:
    number: int
    url: str | None  # None: an ellipsis
    current: bool = False


def search_url(form: SearchForm, **changes: str | None) -> str:
    """The results URL for ``form`` with ``changes``. A page has dozens of these, so the
    query string is encoded directly rather than through ``url_for`` each time (as
    ``urlencode`` would, each key and value quoted once per process, not per link)."""
    query = form.query(**changes)
    base = g.get("search_base") or g.setdefault("search_base", url_for("public.search"))
    if not query:
        return base
    return base + "?" + "&".join([_pair(k, str(v)) for k, v in query.items()])


@lru_cache(maxsize=4096)
def _pair(key: str, value: str) -> str:
    # The same few pairs (the place, the treatment, the distance) recur on every link
    # of a page and across requests: one look-up each instead of quoting both parts.
    return f"{quote_plus(key)}={quote_plus(value)}"


def filters(
    form: SearchForm,
    treatment: Treatment | None,
    bodies: dict[str, AccreditationBody],
    place: str | None,
) -> list[Link]:
    chips = []
    if place:
        chips.append(Link(f"Near {place}", search_url(form, location=None, lat=None, lon=None)))
    if treatment:
        chips.append(Link(f"Treatment: {treatment.name}", search_url(form, treatment=None)))
    if form.q:
        chips.append(Link(f"Keyword: {form.q}", search_url(form, q=None)))
    for slug in form.bodies:
        if slug in bodies:
            chips.append(
                Link(
                    f"Checked by {bodies[slug].short_name}",
                    search_url(form, accreditation=form.bodies_with(slug, False)),
                )
            )
    if form.profession:
        chips.append(
            Link(f"Profession: {_profession(form.profession)}", search_url(form, profession=None))
        )
    if form.max_price and treatment:
        chips.append(Link(f"Up to £{form.max_price.lstrip('£')}", search_url(form, max_price=None)))
    if form.language:
        chips.append(Link(f"Speaks {name_of(form.language)}", search_url(form, language=None)))
    for key, label in (*CLINIC_SWITCHES, ("mobile", MOBILE_LABEL)):
        if form.switched_on(key):
            chips.append(Link(label, search_url(form, **{key: None})))
    return chips


def _profession(value: str) -> str:
    return (
        "Doctor, nurse, dentist or pharmacist" if value == "regulated" else profession_label(value)
    )


def sorts(form: SearchForm, result: FinderResult) -> list[Link]:
    # Relevance ranks typed words; without any, the engine falls back to distance or name.
    options = [("distance", "Nearest first")] if result.lat is not None else []
    options += [("relevance", "Most relevant")] if form.q else []
    options += [] if result.lat is not None else [("name", "Name")]
    options += [("price", "Lowest price first")] if form.treatment else []
    if len(options) < 2:
        return []
    return [
        Link(label, search_url(form, sort=key), current=result.sort == key)
        for key, label in options
    ]


def facets(
    form: SearchForm,
    result: FinderResult,
    bodies: dict[str, AccreditationBody],
    treatments: dict[str, Treatment],
) -> list[FacetGroup]:
    groups = []
    counts = result.facets.get("accreditation", {})
    options = [
        Link(
            badge_label(bodies[s]),
            search_url(form, accreditation=form.bodies_with(s, True)),
            s in form.bodies,
            n,
        )
        for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        if n and s in bodies
    ]
    if options:
        groups.append(FacetGroup("accreditation", "Credential checked", options))
    counts = result.facets.get("profession", {})
    options = [
        Link(_profession(p), search_url(form, profession=p), form.profession == p, n)
        for p, n in sorted(counts.items(), key=lambda kv: -kv[1])
        if n and p != "regulated"
    ]
    if options:
        groups.append(FacetGroup("profession", "Profession", options))
    counts = result.facets.get("treatment", {})
    options = [
        Link(treatments[s].name, search_url(form, treatment=s), form.treatment == s, n)
        for s, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:8]
        if n and s in treatments
    ]
    if options:
        groups.append(FacetGroup("treatment", "Treatment", options))
    counts = result.facets.get("language", {})
    options = [
        Link(name_of(code), search_url(form, language=code), form.language == code, n)
        for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], name_of(kv[0])))[:8]
        if n
    ]
    if options:
        groups.append(FacetGroup("language", "Speaks (besides English)", options))
    counts = result.facets.get("clinic", {})
    options = [
        Link(label, search_url(form, **{key: "1"}), form.switched_on(key), counts[key])
        for key, label in CLINIC_SWITCHES
        if counts.get(key)
    ]
    if options:
        groups.append(FacetGroup("clinic", "The clinic", options))
    if counts.get("mobile"):
        groups.append(
            FacetGroup(
                "mobile",
                "Home visits",
                [
                    Link(
                        MOBILE_LABEL,
                        search_url(form, mobile="1"),
                        form.switched_on("mobile"),
                        counts["mobile"],
                    )
                ],
            )
        )
    return groups


def pagination(
    form: SearchForm, result: FinderResult
) -> tuple[list[PageLink], str | None, str | None]:
    """Links to the first, last and nearby pages (``url`` None marks a gap), previous, next."""
    last, current = result.pages, result.page
    wanted = sorted({1, last, *range(max(1, current - 2), min(last, current + 2) + 1)})
    links: list[PageLink] = []
    previous = 0
    for number in wanted:
        if number - previous > 1:
            links.append(PageLink(0, None))
        links.append(PageLink(number, search_url(form, page=str(number)), number == current))
        previous = number
    prev_url = search_url(form, page=str(current - 1)) if current > 1 else None
    next_url = search_url(form, page=str(current + 1)) if current < last else None
    return links, prev_url, next_url
