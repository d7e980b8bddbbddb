"""Putting one group of matches in order, and turning documents into hits.

Two orders need more than a single index walk:

- distance, when some matches travel to the searcher: they count as 0 miles ("comes to
  you"), so they come first, by practitioner id, merged exactly with the nearest-clinic
  walk over the others (a clinic at the very spot, 0 miles too, sorts among them by id);
- price: the "from" price of the chosen treatment, cheapest first, ties by practitioner
  id, then the offers without a price, by id. Price terms are fixed-width, so walking the
  treatment's terms in sorted order walks prices upwards and stops after ``k``.
"""

from __future__ import annotations

from directory.search import bitmaps, spatial
from directory.search.geometry import Circle, miles
from directory.search.snapshot import Snapshot
from directory.search.types import Hit


class Order:
    def __init__(
        self,
        snapshot: Snapshot,
        sort: str,
        circle: Circle | None,
        coming: int,
        treatment: str | None,
    ) -> None:
        self.snapshot, self.sort, self.circle = snapshot, sort, circle
        self.coming, self.treatment = coming, treatment

    def nearest(self, matched: int, k: int) -> list[Hit]:
        """The ``k`` nearest of ``matched`` (travellers to the point at 0 miles)."""
        assert self.circle is not None
        travelling = matched & self.coming
        first = sorted((self.snapshot.pid(d), d) for d in bitmaps.iter_bits(travelling))[:k]
        ranked: list[tuple[float, int, int, int | None]] = [(0.0, pid, d, None) for pid, d in first]
        ranked += spatial.nearest(self.snapshot, self.circle, matched & ~travelling, k)
        ranked.sort(key=lambda r: (r[0], r[1]))
        return [
            self._travel_hit(doc, 0.0) if clinic is None else Hit(pid, 0.0, miles(h), clinic)
            for h, pid, doc, clinic in ranked[:k]
        ]

    def cheapest(self, matched: int, k: int) -> list[int]:
        """The first ``k`` documents of ``matched`` by the treatment's "from" price."""
        found: list[int] = []
        left, prefix = matched, f"{self.treatment}@"
        for value in sorted(self.snapshot.keyword_values("price")):
            if len(found) >= k or not left:
                break
            if value.startswith(prefix):
                bucket = left & self.snapshot.keyword_bits("price", value)
                left &= ~bucket
                found += self._by_pid(bucket, k - len(found))
        if len(found) < k:
            found += self._by_pid(left, k - len(found))
        return found

    def hit(self, doc: int, score: float) -> Hit:
        """The hit for ``doc``: with its nearest clinic when there is a point, or as
        coming to the searcher when it travels there."""
        data, local = self.snapshot.locate(doc)
        if self.circle is None:
            return Hit(data.pids[local], score, None, None)
        if (self.coming >> doc) & 1:
            return self._travel_hit(doc, score)
        h, clinic = spatial.doc_nearest(data, local, self.circle)
        if h > 1.0:  # no located clinic
            return Hit(data.pids[local], score, None, None)
        return Hit(data.pids[local], score, miles(h), clinic)

    def _travel_hit(self, doc: int, score: float) -> Hit:
        data, local = self.snapshot.locate(doc)
        return Hit(data.pids[local], score, 0.0, None, data.coverage.miles[local])

    def _by_pid(self, bits: int, k: int) -> list[int]:
        if k <= 0 or not bits:
            return []
        keyed = sorted((self.snapshot.pid(d), d) for d in bitmaps.iter_bits(bits))
        return [d for _, d in keyed[:k]]
