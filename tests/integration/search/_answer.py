"""What a search must answer, worked out by brute force over a ``Scan``: every row,
every clinic, and the plain definition of each rule (radius, filters, facets,
widening, order, paging)."""

from __future__ import annotations

from directory import search
from directory.search import analysis

from ._scan import Row, Scan, comes_to, miles, nearest

WIDEN_STEPS, WIDEN_COUNT = (25.0, 50.0, 100.0, 250.0), 5
FACETS = ("treatment", "accreditation", "profession", "language")
SWITCHES = ("step_free", "weekends", "registered", "mobile")


def answer(scan: Scan, q: search.SearchQuery) -> search.SearchResults:
    """The results ``q`` must get. For a relevance search the hits are every match, in
    practitioner id order: which of them come first is the scorer's business."""
    radius = q.radius_miles or 20_000.0
    place: dict[int, tuple[float, int]] = {}
    inside = []
    coming: set[int] = set()  # who travels to the point: 0 miles, at any radius
    for row in scan.rows:
        near = nearest(row, q.lat, q.lon) if q.has_point else None  # type: ignore[arg-type]
        if q.has_point and comes_to(row, q.lat, q.lon):  # type: ignore[arg-type]
            coming.add(row.pid)
            near = (0.0, 0)
        elif q.has_point and (near is None or miles(near[0]) > radius):
            continue
        if near is not None:
            place[row.pid] = near
        inside.append(row)
    matched = [r for r in inside if scan.passes(r, q)]
    unchecked = sum(1 for r in inside if scan.passes(r, q, gate=False) and not r.checked)
    # Each facet without its own filter: what choosing another value would give.
    facets = {
        name: _counts(
            [r for r in inside if scan.passes(r, q, skip=name)] if getattr(q, name) else matched,
            scan,
            q,
        )[name]
        for name in FACETS
    }
    clinic: dict[str, int] = {}
    for name in SWITCHES:
        rows = [r for r in inside if scan.passes(r, q, skip=name)] if getattr(q, name) else matched
        if count := _counts(rows, scan, q)["clinic"].get(name):
            clinic[name] = count
    facets["clinic"] = dict(sorted(clinic.items(), key=lambda kv: (-kv[1], kv[0])))
    if not matched and q.has_point and q.radius_miles:
        widened = _widened(scan, q)
        if widened.widened:
            widened.unchecked = unchecked
            return widened
    has_words = bool(analysis.query_words(q.text or ""))
    sort = q.effective_sort
    if sort == "relevance" and not has_words:
        sort = "distance" if q.has_point else "name"
    # Checked practitioners first, each group in the order asked for.
    if sort == "distance":
        matched.sort(key=lambda r: (not r.checked, place[r.pid][0], r.pid))
    elif sort == "name":
        matched.sort(key=lambda r: (not r.checked, r.name.casefold(), r.pid))
    elif sort == "price":  # the chosen treatment's "from" price, unpriced last
        matched.sort(
            key=lambda r: (
                not r.checked,
                r.prices.get(q.treatment) is None,  # type: ignore[arg-type]
                r.prices.get(q.treatment) or 0,
                r.pid,
            )
        )  # type: ignore[arg-type]
    else:
        matched.sort(key=lambda r: (not r.checked, r.pid))
    first = (q.page - 1) * q.per_page
    results = search.SearchResults(
        total=len(matched),
        page=q.page,
        per_page=q.per_page,
        sort=sort,
        facets=facets,
        unchecked=unchecked,
    )
    shown = matched if sort == "relevance" else matched[first : first + q.per_page]
    results.hits = [_hit(r, place, r.pid in coming) for r in shown]
    return results


def _widened(scan: Scan, q: search.SearchQuery) -> search.SearchResults:
    """The nearest few within the first larger radius that has any (page 1 only)."""
    results = search.SearchResults(total=0, page=q.page, per_page=q.per_page, sort="distance")
    candidates = [
        (near, r)
        for r in scan.rows
        if scan.passes(r, q) and (near := nearest(r, q.lat, q.lon)) is not None
    ]  # type: ignore[arg-type]
    for step in (s for s in WIDEN_STEPS if s > q.radius_miles):  # type: ignore[operator]
        ranked = sorted(
            (c for c in candidates if miles(c[0][0]) <= step),
            key=lambda c: (not c[1].checked, c[0][0], c[1].pid),
        )[:WIDEN_COUNT]
        if ranked:
            results.widened, results.widened_radius_miles = True, step
            results.total = len(ranked)
            results.facets = _counts([r for _, r in ranked], scan, q)
            if q.page == 1:
                results.hits = [_hit(r, {r.pid: near}) for near, r in ranked]
            break
    return results


def _hit(row: Row, place: dict[int, tuple[float, int]], comes: bool = False) -> search.Hit:
    if comes:
        return search.Hit(row.pid, 0.0, 0.0, None, row.travel[2])  # type: ignore[index]
    near = place.get(row.pid)
    if near is None:
        return search.Hit(row.pid, 0.0, None, None)
    return search.Hit(row.pid, 0.0, miles(near[0]), near[1])


def _counts(rows: list[Row], scan: Scan, q: search.SearchQuery) -> dict[str, dict[str, int]]:
    counts: dict[str, dict[str, int]] = {name: {} for name in (*FACETS, "clinic")}
    for row in rows:
        for name in SWITCHES:
            if scan.mobile(row, q) if name == "mobile" else getattr(row, name):
                counts["clinic"][name] = counts["clinic"].get(name, 0) + 1
        # A profession counts only where its regulator's entry is checked.
        professions = ({row.profession} if row.profession_checked else set()) | (
            {"regulated"} if row.regulated else set()
        )
        for name, values in (
            ("treatment", row.treatments),
            ("accreditation", row.bodies),
            ("profession", professions),
            ("language", row.languages),
        ):
            for value in values:
                counts[name][value] = counts[name].get(value, 0) + 1
    return {n: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))) for n, c in counts.items()}
