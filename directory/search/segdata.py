"""What the engine keeps in memory for one Whoosh segment.

A segment's files never change once written (deletions are recorded beside them), so
this is built once per segment per process and shared by every searcher generation
that still contains the segment: after an incremental update only the new, small
segment is loaded. Document numbers here are local to the segment.
"""

from __future__ import annotations

import math
import threading
from array import array
from bisect import bisect_left
from collections import OrderedDict
from itertools import accumulate
from typing import Any

from directory.search import bitmaps, geometry
from directory.search.coverage import Coverage
from directory.search.whoosh_internals import W3LeafMatcher

_TERM_CACHE_SIZE = 2048


def posting_ids(matcher: Any) -> list[int]:
    """Every document number in a raw (unfiltered) postings matcher.

    Reads whole decoded blocks from Whoosh's W3 matcher rather than one id per call;
    falls back to the public ``all_ids`` for any other matcher.
    """
    if not isinstance(matcher, W3LeafMatcher):
        return list(matcher.all_ids())
    found: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        found.extend(matcher._ids[matcher._i :])
        matcher._next_block()
    return found


class SegmentData:
    """Per-segment arrays: practitioner ids, clinic coordinates, the geographic key
    index and keyword bitmaps. Build with ``SegmentData(segment_reader)``."""

    def __init__(self, reader: Any) -> None:
        self.segment_id: str = reader.segment().segment_id()
        self.size: int = reader.doc_count_all()
        self._reader = reader
        self._lock = threading.Lock()
        self._terms: OrderedDict[tuple[str, str], int] = OrderedDict()
        self._load_columns(reader)
        self._build_geo_index()
        self.keywords = {
            f: self._keyword_bitmaps(reader, f)
            for f in ("treatment", "profession", "feature", "language", "price")
        }
        self.badges = self._dated_bitmaps(reader, "badge")
        self.checked = self._dated_bitmaps(reader, "checked")
        self._name_order: list[int] | None = None
        self._sortname_list: list[str] | None = None

    def _load_columns(self, reader: Any) -> None:
        self.pids = array("Q", reader.column_reader("pid_col", translate=False))
        blobs = list(reader.column_reader("geo", translate=False))
        self.clinic_offsets = array("I", accumulate((len(b) // 24 for b in blobs), initial=0))
        packed = array("d")
        packed.frombytes(b"".join(blobs))
        self.lat, self.lon, self.clinic_id = packed[0::3], packed[1::3], packed[2::3]
        self.rad = array("d", map(math.radians, self.lat))
        self.cos = array("d", map(math.cos, self.rad))
        self.practitioners = bitmaps.from_positions(d for d, pid in enumerate(self.pids) if pid)
        self._sortnames = reader.column_reader("sortname", translate=False)
        # An index built before home visits has no travel column: nobody travels.
        self.coverage = Coverage(
            reader.column_reader("travel", translate=False) if "travel" in reader.schema else ()
        )

    def _build_geo_index(self) -> None:
        """Primary keys by document, plus secondary entries sorted by key.

        A rebuild adds documents in order of their first clinic's key, so in that
        segment a key range maps to a document-number range and costs one bisect. Any
        other clinic (and every clinic of an unordered segment) is a secondary entry.
        """
        offsets, size = self.clinic_offsets, self.size
        keys = [geometry.point_key(a, b) for a, b in zip(self.lat, self.lon, strict=True)]
        first = [keys[offsets[d]] if offsets[d] < offsets[d + 1] else None for d in range(size)]
        primary = [geometry.NO_KEY if k is None else k for k in first]
        self.ordered = all(a <= b for a, b in zip(primary, primary[1:], strict=False))
        self.primary_keys = array("Q", primary if self.ordered else ())
        secondary: list[tuple[int, int, int]] = []
        self.outliers: list[tuple[int, int]] = []
        for doc in range(size):
            for index in range(offsets[doc], offsets[doc + 1]):
                key = keys[index]
                if key is None:
                    self.outliers.append((doc, index))
                elif not (self.ordered and index == offsets[doc]):
                    secondary.append((key, doc, index))
        secondary.sort()
        self.secondary_keys = array("Q", (e[0] for e in secondary))
        self.secondary_docs = array("I", (e[1] for e in secondary))
        self.secondary_clinics = array("I", (e[2] for e in secondary))

    def _keyword_bitmaps(self, reader: Any, fieldname: str) -> dict[str, int]:
        found: dict[str, int] = {}
        if fieldname not in reader.schema:
            return found  # an index built before the field existed: until `search rebuild`
        for btext in reader.lexicon(fieldname):
            found[btext.decode("utf-8")] = self._raw_bitmap(fieldname, btext)
        return found

    def _dated_bitmaps(self, reader: Any, fieldname: str) -> dict[str, list[tuple[str, int]]]:
        """Body slug (or checked fact) -> [(expiry "YYYYMMDD" or "never", bitmap)]."""
        if fieldname not in reader.schema:
            # Built by an older release: the engine cannot tell who is checked, so the
            # snapshot fails to open and the database answers until a rebuild.
            raise RuntimeError(f"the index has no '{fieldname}' field; rebuild it")
        found: dict[str, list[tuple[str, int]]] = {}
        for term, bits in self._keyword_bitmaps(reader, fieldname).items():
            body, _, expires = term.rpartition("@")
            found.setdefault(body, []).append((expires, bits))
        return found

    def _raw_bitmap(self, fieldname: str, btext: bytes) -> int:
        field = self._reader.schema[fieldname]
        # The raw terms reader, not reader.postings(): that one drops deleted documents,
        # and what it drops changes with every generation while this cache does not.
        matcher = self._reader._terms.matcher(fieldname, btext, field.format)
        return bitmaps.from_positions(posting_ids(matcher))

    def term_bitmap(self, fieldname: str, term: str) -> int:
        """Documents containing ``term`` in ``fieldname`` (0 if none); cached."""
        key = (fieldname, term)
        with self._lock:
            bits = self._terms.get(key)
            if bits is not None:
                self._terms.move_to_end(key)
                return bits
            btext = term.encode("utf-8")
            bits = self._raw_bitmap(fieldname, btext) if (fieldname, btext) in self._reader else 0
            self._terms[key] = bits
            if len(self._terms) > _TERM_CACHE_SIZE:
                self._terms.popitem(last=False)
            return bits

    def current_badges(self, body: str, today: str, fieldname: str = "badge") -> int:
        """Documents holding a badge from ``body`` (or, with ``fieldname`` "checked", the
        checked fact ``body``) that has not expired on ``today``."""
        bits = 0
        dated = self.badges if fieldname == "badge" else self.checked
        for expires, docs in dated.get(body, ()):
            if expires == "never" or expires >= today:  # CredentialClaim.is_current's date half
                bits |= docs
        return bits

    def primary_range(self, start_key: int, end_key: int) -> tuple[int, int]:
        """Documents whose first clinic's key is in ``[start_key, end_key)`` (ordered only)."""
        keys = self.primary_keys
        return bisect_left(keys, start_key), bisect_left(keys, end_key)

    def secondary_range(self, start_key: int, end_key: int) -> range:
        keys = self.secondary_keys
        return range(bisect_left(keys, start_key), bisect_left(keys, end_key))

    def fingerprints(self) -> array:
        """Each document's content fingerprint (read on demand: only ``drift`` needs it)."""
        with self._lock:
            return array("I", self._reader.column_reader("fingerprint", translate=False))

    def sortname(self, local: int) -> str:
        return self._names()[local]

    def _names(self) -> list[str]:
        with self._lock:
            if self._sortname_list is None:
                self._sortname_list = [b.decode("utf-8") for b in self._sortnames]
            return self._sortname_list

    def name_order(self) -> list[int]:
        """Local document numbers of practitioners sorted by name, then id."""
        if self._name_order is None:
            names = self._names()
            docs = [d for d in range(self.size) if self.pids[d]]
            docs.sort(key=lambda d: (names[d], self.pids[d]))
            self._name_order = docs
        return self._name_order
