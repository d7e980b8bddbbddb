"""One open generation of the index, as the engine sees it.

A snapshot pairs a Whoosh searcher (for relevance scoring and spelling) with the
per-segment arrays of ``segdata`` and the bitmaps composed from them: documents live
in this generation, documents per keyword and per term. Document numbers are global
(segment offset + local number), exactly as Whoosh numbers them in the searcher.
Snapshots are immutable once built and safe to share between threads.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from pathlib import Path
from typing import Any

from whoosh import index

from directory.search import bitmaps
from directory.search.schema import TEXT_FIELDS
from directory.search.segdata import SegmentData
from directory.search.taxonomy import Taxonomy

_GLOBAL_TERM_CACHE = 512


class Snapshot:
    def __init__(
        self,
        directory: Path,
        taxonomy: Taxonomy,
        segment_cache: dict[str, SegmentData],
    ) -> None:
        """Open the latest generation in ``directory``; raises whatever Whoosh raises
        for a missing or corrupt index. Reuses (and updates) ``segment_cache``."""
        self.directory = directory
        self.taxonomy = taxonomy
        self.searcher = index.open_dir(str(directory)).searcher()
        reader = self.searcher.reader()
        self.toc_generation: int = reader.generation()
        leaves = reader.leaf_readers()
        self.segments: list[tuple[SegmentData, int]] = []
        live = 0
        for reader, offset in leaves:
            key = reader.segment().segment_id()
            data = segment_cache.get(key) or SegmentData(reader)
            segment_cache[key] = data
            self.segments.append((data, offset))
            deleted = bitmaps.from_positions(reader.deleted_docs_set)
            live |= (data.practitioners & ~deleted) << offset
        for stale in set(segment_cache) - {d.segment_id for d, _ in self.segments}:
            del segment_cache[stale]
        self.offsets = [offset for _, offset in self.segments]
        self.size = sum(d.size for d, _ in self.segments)
        self.live = live
        self.documents = live.bit_count()
        self._lock = threading.Lock()
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._keywords: dict[tuple[str, str], int] = {}
        self._badges: dict[tuple[str, str], int] = {}

    # Bitmaps over global document numbers, always restricted to live documents.

    def _compose(self, per_segment: Any) -> int:
        bits = 0
        for data, offset in self.segments:
            local = per_segment(data)
            if local:
                bits |= local << offset
        return bits & self.live

    def term_bits(self, fieldname: str, term: str) -> int:
        key = (fieldname, term)
        with self._lock:
            bits = self._terms.get(key)
            if bits is not None:
                self._terms.move_to_end(key)
                return bits
        bits = self._compose(lambda d: d.term_bitmap(fieldname, term))
        with self._lock:
            self._terms[key] = bits
            if len(self._terms) > _GLOBAL_TERM_CACHE:
                self._terms.popitem(last=False)
        return bits

    def text_bits(self, term: str) -> int:
        """Documents with ``term`` in any text field or offering a treatment it names."""
        bits = 0
        for fieldname in TEXT_FIELDS:
            bits |= self.term_bits(fieldname, term)
        for slug in self.taxonomy.treatments_for_term(term):
            bits |= self.keyword_bits("treatment", slug)
        return bits

    def keyword_bits(self, fieldname: str, value: str) -> int:
        key = (fieldname, value)
        bits = self._keywords.get(key)
        if bits is None:
            bits = self._compose(lambda d: d.keywords[fieldname].get(value, 0))
            self._keywords[key] = bits
        return bits

    def keyword_values(self, fieldname: str) -> set[str]:
        return {v for data, _ in self.segments for v in data.keywords[fieldname]}

    def badge_bits(self, body: str, today: str) -> int:
        """Documents with a current badge from ``body`` on ``today`` ("YYYYMMDD")."""
        key = (body, today)
        bits = self._badges.get(key)
        if bits is None:
            bits = self._compose(lambda d: d.current_badges(body, today))
            self._badges[key] = bits
        return bits

    def checked_bits(self, fact: str, today: str) -> int:
        """Documents with the checked ``fact`` ("any", "prescriber" or a profession)
        current on ``today``."""
        key = ("checked:" + fact, today)
        bits = self._badges.get(key)
        if bits is None:
            bits = self._compose(lambda d: d.current_badges(fact, today, "checked"))
            self._badges[key] = bits
        return bits

    def badge_bodies(self) -> set[str]:
        return {b for data, _ in self.segments for b in data.badges}

    def regulated_bits(self, today: str) -> int:
        """Documents with a current badge from a statutory regulator."""
        bits = 0
        for body in self.taxonomy.regulators:
            bits |= self.badge_bits(body, today)
        return bits

    # Single documents.

    def locate(self, docnum: int) -> tuple[SegmentData, int]:
        index_ = bisect_right(self.offsets, docnum) - 1
        data, offset = self.segments[index_]
        return data, docnum - offset

    def pid(self, docnum: int) -> int:
        data, local = self.locate(docnum)
        return data.pids[local]

    def sortname(self, docnum: int) -> str:
        data, local = self.locate(docnum)
        return data.sortname(local)

    def spelling_candidates(self, word: str, maxdist: int) -> set[str]:
        """Spelling words within ``maxdist`` edits of ``word`` sharing its first letter."""
        found: set[str] = set()
        with self._lock:  # Whoosh readers are not documented as thread-safe
            for reader, _ in self.searcher.reader().leaf_readers():
                found.update(reader.terms_within("spell", word, maxdist, prefix=1))
        return found

    def score(self, query: Any, allowed: Any, limit: int) -> list[tuple[int, float]]:
        """Top ``limit`` (docnum, score) by Whoosh's BM25F among ``allowed`` documents."""
        with self._lock:
            results = self.searcher.search(query, filter=allowed, limit=limit)
            return [(hit.docnum, hit.score) for hit in results]
