"""Answering a ``SearchQuery`` from a snapshot: match, filter, count, order, page.

Every step works on document bitmaps: text, filters and the radius each narrow one
integer, totals and facet counts are ``bit_count`` calls, and only the page being
shown is ever turned into individual documents.
"""

from __future__ import annotations

from collections.abc import Iterator

from directory.search import bitmaps, spatial
from directory.search.geometry import Circle, miles
from directory.search.relevance import AllowedDocs
from directory.search.snapshot import Snapshot
from directory.search.textmatch import TextMatch, match_text
from directory.search.types import Hit, SearchQuery, SearchResults

WIDEN_STEPS = (25.0, 50.0, 100.0, 250.0)
WIDEN_COUNT = 5
REGULATED = "regulated"
UNBOUNDED_MILES = 13_000.0  # more than half the Earth's circumference: every point


def run(snapshot: Snapshot, query: SearchQuery, today: str) -> SearchResults:
    """Answer ``query`` (page, facets, widening) as of ``today`` ("YYYYMMDD")."""
    text = match_text(snapshot, query.text)
    base = text.bits & _filters(snapshot, query, today)
    sort = query.effective_sort
    if sort == "relevance" and text.empty:
        sort = "distance" if query.has_point else "name"
    results = SearchResults(
        total=0, page=query.page, per_page=query.per_page, sort=sort,
        suggestion=text.suggestion(),
        matched_treatments=snapshot.taxonomy.ranked_treatments(text.terms()),
    )
    circle = None
    if query.has_point:
        radius = query.radius_miles or UNBOUNDED_MILES
        circle = Circle(query.lat, query.lon, radius)  # type: ignore[arg-type]
        matched = spatial.within(snapshot, circle, base)
        if not matched and query.radius_miles:
            return _widened(snapshot, query, base, results, today)
    else:
        matched = base
    results.total = matched.bit_count()
    results.facets = facets(snapshot, matched, today)
    first, last = (query.page - 1) * query.per_page, query.page * query.per_page
    if first >= results.total:
        return results
    results.hits = _page(snapshot, text, matched, sort, circle, last)[first:last]
    return results


def _filters(snapshot: Snapshot, query: SearchQuery, today: str) -> int:
    bits = snapshot.live
    if query.treatment:
        bits &= snapshot.keyword_bits("treatment", query.treatment)
    if query.accreditation:
        bits &= snapshot.badge_bits(query.accreditation, today)
    if query.profession == REGULATED:
        bits &= snapshot.regulated_bits(today)
    elif query.profession:
        bits &= snapshot.keyword_bits("profession", query.profession)
    return bits


def facets(snapshot: Snapshot, matched: int, today: str) -> dict[str, dict[str, int]]:
    """Counts per treatment, current accreditation and profession within ``matched``;
    values with no match are left out, the largest counts come first."""
    if not matched:
        return {"treatment": {}, "accreditation": {}, "profession": {}}
    treatment = {v: snapshot.keyword_bits("treatment", v) for v in snapshot.keyword_values("treatment")}
    bodies = {b: snapshot.badge_bits(b, today) for b in snapshot.badge_bodies()}
    profession = {v: snapshot.keyword_bits("profession", v) for v in snapshot.keyword_values("profession")}
    profession[REGULATED] = snapshot.regulated_bits(today)
    return {name: _counts(matched, sets) for name, sets in
            (("treatment", treatment), ("accreditation", bodies), ("profession", profession))}


def _counts(matched: int, sets: dict[str, int]) -> dict[str, int]:
    counts = {value: (matched & bits).bit_count() for value, bits in sets.items()}
    return dict(sorted(((v, c) for v, c in counts.items() if c), key=lambda vc: (-vc[1], vc[0])))


def _page(snapshot: Snapshot, text: TextMatch, matched: int, sort: str,
          circle: Circle | None, k: int) -> list[Hit]:
    """The first ``k`` hits in ``sort`` order."""
    if sort == "distance" and circle is not None:
        ranked = spatial.nearest(snapshot, circle, matched, k)
        return [Hit(pid, 0.0, miles(h), clinic) for h, pid, _, clinic in ranked]
    if sort == "relevance":
        scored = snapshot.score(text.whoosh_query(snapshot), AllowedDocs(matched), k)
        docs = [(doc, score) for doc, score in scored]
    else:
        docs = [(doc, 0.0) for doc in _by_name(snapshot, matched, k)]
    return [_hit(snapshot, doc, score, circle) for doc, score in docs]


def _hit(snapshot: Snapshot, doc: int, score: float, circle: Circle | None) -> Hit:
    data, local = snapshot.locate(doc)
    if circle is None:
        return Hit(data.pids[local], score, None, None)
    h, clinic = spatial.doc_nearest(data, local, circle)
    if h > 1.0:  # no located clinic
        return Hit(data.pids[local], score, None, None)
    return Hit(data.pids[local], score, miles(h), clinic)


def _by_name(snapshot: Snapshot, matched: int, k: int) -> list[int]:
    if matched.bit_count() <= 4 * spatial.SMALL_RESULT:
        keyed = sorted((snapshot.sortname(d), snapshot.pid(d), d) for d in bitmaps.iter_bits(matched))
        return [d for _, _, d in keyed[:k]]
    probe = bitmaps.Probe(matched)
    merged: list[tuple[str, int, int]] = []
    for data, offset in snapshot.segments:
        merged.extend(_first_in_order(data, offset, probe, k))
    merged.sort()
    return [d for _, _, d in merged[:k]]


def _first_in_order(data: spatial.SegmentData, offset: int, probe: bitmaps.Probe,
                    k: int) -> Iterator[tuple[str, int, int]]:
    taken = 0
    for local in data.name_order():
        if taken == k:
            return
        if offset + local in probe:
            taken += 1
            yield data.sortname(local), data.pids[local], offset + local


def _widened(snapshot: Snapshot, query: SearchQuery, base: int, results: SearchResults,
             today: str) -> SearchResults:
    """Nothing within the radius: the nearest few within the first larger radius that
    has any, marked as widened (page 1 only)."""
    for radius in WIDEN_STEPS:
        if radius <= (query.radius_miles or 0):
            continue
        circle = Circle(query.lat, query.lon, radius)  # type: ignore[arg-type]
        matched = spatial.within(snapshot, circle, base)
        if not matched:
            continue
        ranked = spatial.nearest(snapshot, circle, matched, WIDEN_COUNT)
        results.widened, results.widened_radius_miles = True, radius
        results.total = len(ranked)
        results.facets = facets(snapshot, bitmaps.from_positions(d for _, _, d, _ in ranked), today)
        if query.page == 1:
            results.hits = [Hit(pid, 0.0, miles(h), clinic) for h, pid, _, clinic in ranked]
        return results
    results.facets = facets(snapshot, 0, today)
    return results
