"""Answering a ``SearchQuery`` from a snapshot: match, filter, count, order, page.

Every step works on document bitmaps: text, filters and the radius each narrow one
integer, totals and facet counts are ``bit_count`` calls, and only the page being
shown is ever turned into individual documents.
"""

from __future__ import annotations

from collections.abc import Iterator

from directory.search import bitmaps, coverage, ordering, spatial
from directory.search.facets import (
    CLINIC_SWITCHES,
    FACETS,
    all_but,
    chosen_filters,
    facet_scope,
    facets,
    switches_on,
)
from directory.search.geometry import Circle, miles
from directory.search.relevance import AllowedDocs
from directory.search.snapshot import Snapshot
from directory.search.textmatch import TextMatch, match_text
from directory.search.types import Hit, SearchQuery, SearchResults

WIDEN_STEPS = (25.0, 50.0, 100.0, 250.0)
WIDEN_COUNT = 5
UNBOUNDED_MILES = 13_000.0  # more than half the Earth's circumference: every point


def run(snapshot: Snapshot, query: SearchQuery, today: str) -> SearchResults:
    """Answer ``query`` (page, facets, widening) as of ``today`` ("YYYYMMDD").

    Unchecked practitioners (no current credential) take part only when the query asks
    for them (``checked="any"``), after the checked ones; either way they are counted
    in ``unchecked``.
    """
    checked = snapshot.checked_bits("any", today)
    gate = checked if query.checked_only else snapshot.live
    text = match_text(snapshot, query.text, gate)
    circle = None
    if query.has_point:
        radius = query.radius_miles or UNBOUNDED_MILES
        circle = Circle(query.lat, query.lon, radius)  # type: ignore[arg-type]
    # Who travels to the searcher: they match at any radius, as "comes to you".
    coming = coverage.covering(snapshot.segments, circle, snapshot.live) if circle else 0
    switches = switches_on(snapshot, today, coming if circle else None)
    chosen = chosen_filters(snapshot, query, today, switches)
    everything = text.bits & all_but(snapshot, chosen, None)
    base = everything & gate
    sort = query.effective_sort
    if sort == "relevance" and text.empty:
        sort = "distance" if query.has_point else "name"
    results = SearchResults(
        total=0,
        page=query.page,
        per_page=query.per_page,
        sort=sort,
        suggestion=text.suggestion(),
        matched_treatments=snapshot.taxonomy.ranked_treatments(text.terms()),
    )
    # Each facet is counted without its own filter (see ``SearchResults``), so the
    # radius is applied once to everything some facet needs, not just to ``base``.
    scope = text.bits & facet_scope(snapshot, chosen)
    if circle is not None:
        region = spatial.within(snapshot, circle, scope) | (coming & scope)
    else:
        region = scope
    results.unchecked = (region & everything & ~checked).bit_count()
    region &= gate
    matched = region & base
    results.facets = facets(
        snapshot,
        {
            name: region & all_but(snapshot, chosen, name) if name in chosen else matched
            for name in (*FACETS, *CLINIC_SWITCHES)
        },
        today,
        switches,
    )
    if not matched and circle is not None and query.radius_miles:
        return _widened(snapshot, query, base, results, today, checked, switches)
    results.total = matched.bit_count()
    first, last = (query.page - 1) * query.per_page, query.page * query.per_page
    if first >= results.total:
        return results
    # Checked practitioners first: the unchecked ones only fill the pages after them.
    order = ordering.Order(snapshot, sort, circle, coming, query.treatment)
    hits = _page(order, text, matched & checked, last)
    if len(hits) < last and matched & ~checked:
        hits += _page(order, text, matched & ~checked, last - len(hits))
    results.hits = hits[first:last]
    return results


def _page(order: ordering.Order, text: TextMatch, matched: int, k: int) -> list[Hit]:
    """The first ``k`` hits in the order's sort."""
    if not matched or k <= 0:
        return []  # (and Whoosh would read an empty filter as no filter at all)
    snapshot = order.snapshot
    if order.sort == "distance" and order.circle is not None:
        return order.nearest(matched, k)
    if order.sort == "relevance":
        scored = snapshot.score(text.whoosh_query(snapshot), AllowedDocs(matched), k)
        docs = [(doc, score) for doc, score in scored]
    elif order.sort == "price":
        docs = [(doc, 0.0) for doc in order.cheapest(matched, k)]
    else:
        docs = [(doc, 0.0) for doc in _by_name(snapshot, matched, k)]
    return [order.hit(doc, score) for doc, score in docs]


def _by_name(snapshot: Snapshot, matched: int, k: int) -> list[int]:
    if matched.bit_count() <= 4 * spatial.SMALL_RESULT:
        keyed = sorted(
            (snapshot.sortname(d), snapshot.pid(d), d) for d in bitmaps.iter_bits(matched)
        )
        return [d for _, _, d in keyed[:k]]
    probe = bitmaps.Probe(matched)
    merged: list[tuple[str, int, int]] = []
    for data, offset in snapshot.segments:
        merged.extend(_first_in_order(data, offset, probe, k))
    merged.sort()
    return [d for _, _, d in merged[:k]]


def _first_in_order(
    data: spatial.SegmentData, offset: int, probe: bitmaps.Probe, k: int
) -> Iterator[tuple[str, int, int]]:
    taken = 0
    for local in data.name_order():
        if taken == k:
            return
        if offset + local in probe:
            taken += 1
            yield data.sortname(local), data.pids[local], offset + local


def _widened(
    snapshot: Snapshot,
    query: SearchQuery,
    base: int,
    results: SearchResults,
    today: str,
    checked: int,
    switches: dict[str, int],
) -> SearchResults:
    """Nothing within the radius: the nearest few within the first larger radius that
    has any, marked as widened (page 1 only), and facets counting just those few.
    When even the widest radius has nothing, ``results`` is returned as it came."""
    for radius in WIDEN_STEPS:
        if radius <= (query.radius_miles or 0):
            continue
        circle = Circle(query.lat, query.lon, radius)  # type: ignore[arg-type]
        matched = spatial.within(snapshot, circle, base)
        if not matched:
            continue
        ranked = spatial.nearest(snapshot, circle, matched & checked, WIDEN_COUNT)
        if len(ranked) < WIDEN_COUNT and matched & ~checked:
            ranked += spatial.nearest(
                snapshot, circle, matched & ~checked, WIDEN_COUNT - len(ranked)
            )
        results.widened, results.widened_radius_miles = True, radius
        results.sort = "distance"  # the nearest few, whatever order was asked for
        results.total = len(ranked)
        shown = bitmaps.from_positions(d for _, _, d, _ in ranked)
        results.facets = facets(
            snapshot, dict.fromkeys((*FACETS, *CLINIC_SWITCHES), shown), today, switches
        )
        if query.page == 1:
            results.hits = [Hit(pid, 0.0, miles(h), clinic) for h, pid, _, clinic in ranked]
        return results
    return results
