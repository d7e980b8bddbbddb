"""One result card per practitioner found, and the same results as map points.

A card carries only what the results page shows: distance to the nearest clinic, who,
where, checked badges, matching treatments with prices, and a profile link that keeps
the searched place (for distances) and the way back to these results. Profession, the
title "Dr" and prescriber status appear only when an admin checked them (``trust``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from flask import request, url_for

from directory.services import profiles, trust
from directory.services.finder import FinderItem, FinderResult
from directory.services.finder_rows import CardClinic, CardRegistration
from directory.web.formatting import comes_to_you, miles


@dataclass(frozen=True)
class Offer:
    name: str
    price_from_pence: int | None


@dataclass(frozen=True)
class Prescribing:
    """What a card for a prescription-only treatment says about prescribing."""

    prescriber: bool
    checked_on: date | None


@dataclass(frozen=True)
class Card:
    slug: str
    name: str
    profession: str  # "" unless a regulator confirms it
    checked: bool
    is_demo: bool
    distance_miles: float | None
    clinic: CardClinic | None
    badges: list[profiles.Badge]
    offers: list[Offer]
    url: str
    prescribing: Prescribing | None = None  # only with a prescription-only treatment
    registrations: tuple[CardRegistration, ...] = ()  # the clinic's, checked and current
    travel_miles: int | None = None  # "comes to you (up to N miles)" instead of a distance

    @property
    def where(self) -> str:
        """``Clinic name, Town``; the town only once when the clinic is named after it."""
        if self.clinic is None:
            return ""
        name, town = self.clinic.name or "", self.clinic.town or ""
        if not town or town.casefold() in name.casefold():
            return name or town
        return f"{name}, {town}" if name else town


def _profile_link_parts(result: FinderResult, place: str | None) -> tuple[str, str]:
    """The profile URL up to the slug, and the query string every card's link carries
    (the searched place, the way back): the same for all cards of a page, so built once
    per page rather than through ``url_for`` and ``urlencode`` for each card."""
    base = url_for("public.profile", slug="-").removesuffix("-")
    params: dict[str, Any] = {"back": request.full_path}
    if result.lat is not None and result.lon is not None:
        params.update(
            lat=f"{result.lat:.5f}", lon=f"{result.lon:.5f}", **{"from": place or "your search"}
        )
    return base, urlencode(params)


def cards(result: FinderResult, place: str | None) -> list[Card]:
    """A card for each of ``result``'s items, in order (``card``)."""
    link = _profile_link_parts(result, place)
    return [card(item, link) for item in result.items]


def card(item: FinderItem, link: tuple[str, str]) -> Card:
    """The card for ``item``; its treatments are those matching the search, else the
    first three it offers; its badges are the finder's current credentials only.
    ``link`` is the page's (``_profile_link_parts``)."""
    p = item.practitioner
    offers = item.matching_treatments or item.treatments[:3]
    facts = item.standing
    return Card(
        slug=p.slug,
        name=trust.public_name(p, facts),
        profession=facts.profession.value if facts.profession else "",
        checked=facts.checked,
        is_demo=p.is_demo,
        distance_miles=item.distance_miles,
        clinic=item.clinic,
        badges=profiles.badges_from_claims(item.credentials),
        offers=[Offer(o.treatment.name, o.price_from_pence) for o in offers],
        url=f"{link[0]}{quote(p.slug)}?{link[1]}",
        prescribing=prescribing(facts)
        if any(o.treatment.prescription_only for o in offers)
        else None,
        registrations=tuple(item.registrations),
        travel_miles=item.travel_miles,
    )


def prescribing(facts: trust.Standing) -> Prescribing:
    claim = facts.prescriber
    if claim is None:
        return Prescribing(False, None)
    return Prescribing(True, claim.decided_at.date() if claim.decided_at else None)


def map_data(cards: list[Card], result: FinderResult, place: str | None) -> dict[str, Any] | None:
    """The cards' clinics as points for ``site.js`` (with the searched place, if any);
    None when no card has a clinic with coordinates, so the page offers no map."""
    points = [
        {
            "name": c.name,
            "lat": c.clinic.latitude,
            "lon": c.clinic.longitude,
            "url": c.url,
            "distance": comes_to_you(c.travel_miles) if c.travel_miles else miles(c.distance_miles),
            "clinic": c.where,
            "checked": c.checked,
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
