"""Distance filtering and nearest-first ordering over a snapshot.

A practitioner is within the radius when any of their clinics is, and their distance
is that of their nearest clinic. ``within`` walks only the grid cells the circle
touches: cells wholly inside cost one bisect per segment (documents of a rebuilt
segment are stored in grid order, so a cell is a run of document numbers), and only
cells on the edge have their candidates' distances computed. ``nearest`` visits cells
in order of their distance from the point and stops as soon as no unvisited cell can
hold anything nearer than the k-th result found.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from directory.search import bitmaps
from directory.search.geometry import Circle
from directory.search.segdata import SegmentData
from directory.search.snapshot import Snapshot

SMALL_RESULT = 256  # below this many matches, computing every distance is cheaper


def doc_nearest(data: SegmentData, local: int, circle: Circle) -> tuple[float, int]:
    """``(h, clinic_id)`` of the document's clinic nearest the circle's centre."""
    best, best_id = 2.0, 0
    rad, cos, lon, ids = data.rad, data.cos, data.lon, data.clinic_id
    for index in range(data.clinic_offsets[local], data.clinic_offsets[local + 1]):
        h = circle.h(rad[index], cos[index], lon[index])
        if h < best:
            best, best_id = h, int(ids[index])
    return best, best_id


def within(snapshot: Snapshot, circle: Circle, base: int) -> int:
    """The documents of ``base`` with a clinic within the circle."""
    if not base:
        return 0
    inside_keys, edge_keys = circle.key_ranges()
    probe = bitmaps.Probe(base)
    runs: list[tuple[int, int]] = []
    found: list[int] = []
    for data, offset in snapshot.segments:
        if data.ordered:
            for start, end in inside_keys:
                first, last = data.primary_range(start, end)
                if first < last:
                    runs.append((offset + first, offset + last))
            for start, end in edge_keys:
                first, last = data.primary_range(start, end)
                if first < last:
                    for bit in bitmaps.iter_bits(probe.window(offset + first, offset + last)):
                        local = first + bit
                        index = data.clinic_offsets[local]
                        h = circle.h(data.rad[index], data.cos[index], data.lon[index])
                        if circle.within(h):
                            found.append(offset + local)
        docs, clinics = data.secondary_docs, data.secondary_clinics
        for ranges, exact in ((inside_keys, False), (edge_keys, True)):
            for start, end in ranges:
                for j in data.secondary_range(start, end):
                    doc = offset + docs[j]
                    if doc in probe:
                        index = clinics[j]
                        if not exact or circle.within(
                            circle.h(data.rad[index], data.cos[index], data.lon[index])
                        ):
                            found.append(doc)
        for local, index in data.outliers:
            if offset + local in probe and circle.within(
                circle.h(data.rad[index], data.cos[index], data.lon[index])
            ):
                found.append(offset + local)
    return (bitmaps.from_ranges(runs, snapshot.size) & base) | bitmaps.from_positions(found)


Ranked = tuple[float, int, int, int]  # (h, practitioner id, docnum, clinic id)


def nearest(snapshot: Snapshot, circle: Circle, result: int, k: int) -> list[Ranked]:
    """The ``k`` documents of ``result`` nearest the centre, as sorted
    ``(h, practitioner_id, docnum, clinic_id)``; ties go to the lower practitioner id.

    ``result`` must already be restricted to the circle (see ``within``).
    """
    if k <= 0 or not result:
        return []
    if result.bit_count() <= max(SMALL_RESULT, k):
        return sorted(_measure(snapshot, circle, bitmaps.iter_bits(result)))[:k]
    cells = circle.cells_by_distance()
    probe = bitmaps.Probe(result)
    seen: set[int] = set()
    best: list[tuple[float, int, int, int]] = []  # max-heap by (-h, -pid)
    extra = list(_outlier_docs(snapshot, probe))
    _keep(best, _measure(snapshot, circle, extra), k, seen)
    for position, (_, (start, end)) in enumerate(cells):
        docs = list(_docs_in_keys(snapshot, probe, start, end))
        _keep(best, _measure(snapshot, circle, (d for d in docs if d not in seen)), k, seen)
        if len(best) == k and position + 1 < len(cells):
            worst = -best[0][0]
            if worst < cells[position + 1][0]:
                break
    return sorted((-h, -pid, d, c) for h, pid, d, c in best)


def _keep(
    best: list[Ranked], items: Iterator[Ranked] | list[Ranked], k: int, seen: set[int]
) -> None:
    for h, pid, doc, clinic in items:
        seen.add(doc)
        entry = (-h, -pid, doc, clinic)
        if len(best) < k:
            heapq.heappush(best, entry)
        elif entry > best[0]:
            heapq.heapreplace(best, entry)


def _measure(
    snapshot: Snapshot, circle: Circle, docs: Iterator[int] | list[int]
) -> Iterator[Ranked]:
    for doc in docs:
        data, local = snapshot.locate(doc)
        h, clinic = doc_nearest(data, local, circle)
        yield h, data.pids[local], doc, clinic


def _docs_in_keys(snapshot: Snapshot, probe: bitmaps.Probe, start: int, end: int) -> Iterator[int]:
    for data, offset in snapshot.segments:
        if data.ordered:
            first, last = data.primary_range(start, end)
            if first < last:
                for bit in bitmaps.iter_bits(probe.window(offset + first, offset + last)):
                    yield offset + first + bit
        docs = data.secondary_docs
        for j in data.secondary_range(start, end):
            if offset + docs[j] in probe:
                yield offset + docs[j]


def _outlier_docs(snapshot: Snapshot, probe: bitmaps.Probe) -> Iterator[int]:
    for data, offset in snapshot.segments:
        for local, _ in data.outliers:
            if offset + local in probe:
                yield offset + local
