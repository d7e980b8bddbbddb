"""The filters of a search and its facet counts, on document bitmaps (``engine``): the
documents each chosen filter allows, those passing all but one (a facet is counted
without its own filter), and the counts per value.
"""

from __future__ import annotations

from directory.search.snapshot import Snapshot
from directory.search.types import REGULATED, SearchQuery

FACETS = ("treatment", "accreditation", "profession", "language")
# Switch filters on clinic facts: query attribute -> term of the "feature" field. Their
# counts go in ``facets["clinic"]``, each counted without its own switch.
TIED_TO = {"max_price": "treatment"}
CLINIC_SWITCHES = {
    "weekends": "weekend",
    "step_free": "stepfree",
    "registered": "registered",
    "mobile": "mobile",
}
# Switches whose term is a dated "checked" fact rather than a "feature": a clinic's
# registration lapses on its date without re-indexing, like a badge.
DATED_SWITCHES = frozenset({"registered"})


def switches_on(snapshot: Snapshot, today: str, coming: int | None) -> dict[str, int]:
    """The documents each switch allows on ``today``. "mobile" is everyone offering home
    visits, or with a point (``coming`` not None) those who travel to it."""
    bits = {name: switch_bits(snapshot, name, today) for name in CLINIC_SWITCHES}
    if coming is not None:
        bits["mobile"] = coming
    return bits


def chosen_filters(
    snapshot: Snapshot, query: SearchQuery, today: str, switches: dict[str, int]
) -> dict[str, int]:
    """The chosen filters, by facet name: the documents each one allows."""
    chosen = {}
    if query.treatment:
        chosen["treatment"] = snapshot.keyword_bits("treatment", query.treatment)
    if query.bodies:  # any of them
        chosen["accreditation"] = 0
        for body in query.bodies:
            chosen["accreditation"] |= snapshot.badge_bits(body, today)
    if query.profession == REGULATED:
        chosen["profession"] = snapshot.regulated_bits(today)
    elif query.profession:
        # Only a profession a regulator confirms: a stated one is not a fact to filter on.
        chosen["profession"] = snapshot.checked_bits(query.profession, today)
    if query.prescriber:
        chosen["prescriber"] = snapshot.checked_bits("prescriber", today)
    if query.language:
        chosen["language"] = snapshot.keyword_bits("language", query.language)
    if query.treatment and query.max_price_pence is not None:
        chosen["max_price"] = _priced_up_to(snapshot, query.treatment, query.max_price_pence)
    for name in CLINIC_SWITCHES:
        if getattr(query, name):
            chosen[name] = switches[name]
    return chosen


def switch_bits(snapshot: Snapshot, name: str, today: str) -> int:
    """Documents for which the clinic switch ``name`` holds on ``today``."""
    term = CLINIC_SWITCHES[name]
    if name in DATED_SWITCHES:
        return snapshot.checked_bits(term, today)
    return snapshot.keyword_bits("feature", term)


def _priced_up_to(snapshot: Snapshot, treatment: str, pence: int) -> int:
    """Documents offering ``treatment`` from ``pence`` or less (a union over the few
    distinct prices of that treatment; an offer without a price never matches)."""
    bits, prefix = 0, f"{treatment}@"
    for value in snapshot.keyword_values("price"):
        if value.startswith(prefix) and int(value[len(prefix) :]) <= pence:
            bits |= snapshot.keyword_bits("price", value)
    return bits


def all_but(snapshot: Snapshot, chosen: dict[str, int], skip: str | None) -> int:
    """Live documents passing every chosen filter except ``skip`` (and the filters tied to
    it: the price cap belongs to the chosen treatment, so it goes with it)."""
    bits = snapshot.live
    for name, allowed in chosen.items():
        if skip is None or skip not in (name, TIED_TO.get(name)):
            bits &= allowed
    return bits


def facet_scope(snapshot: Snapshot, chosen: dict[str, int]) -> int:
    """Documents that some facet counts: those failing at most one chosen filter."""
    if not chosen:
        return snapshot.live
    scope = 0
    for name in chosen:
        scope |= all_but(snapshot, chosen, name)
    return scope


def facets(
    snapshot: Snapshot, within: dict[str, int], today: str, switches: dict[str, int]
) -> dict[str, dict[str, int]]:
    """Counts per treatment, current accreditation, profession and language, each within its own
    set of documents in ``within`` (by facet name); values with no match are left
    out, the largest counts come first. ``clinic`` counts each clinic switch within
    its own set (``within[switch]``), as ``switches`` defines them."""
    found: dict[str, dict[str, int]] = {}
    for name in FACETS:
        docs = within.get(name, 0)
        if not docs:
            found[name] = {}
        elif name == "accreditation":
            bodies = {b: snapshot.badge_bits(b, today) for b in snapshot.badge_bodies()}
            found[name] = _counts(docs, bodies)
        elif name == "profession":
            sets = {v: snapshot.checked_bits(v, today) for v in snapshot.keyword_values(name)}
            sets[REGULATED] = snapshot.regulated_bits(today)
            found[name] = _counts(docs, sets)
        else:
            sets = {v: snapshot.keyword_bits(name, v) for v in snapshot.keyword_values(name)}
            found[name] = _counts(docs, sets)
    counts = {name: (within.get(name, 0) & switches[name]).bit_count() for name in CLINIC_SWITCHES}
    found["clinic"] = dict(
        sorted(((n, c) for n, c in counts.items() if c), key=lambda nc: (-nc[1], nc[0]))
    )
    return found


def _counts(matched: int, sets: dict[str, int]) -> dict[str, int]:
    counts = {value: (matched & bits).bit_count() for value, bits in sets.items()}
    return dict(sorted(((v, c) for v, c in counts.items() if c), key=lambda vc: (-vc[1], vc[0])))
