"""Document sets as integers, checked against Python sets."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from directory.search import bitmaps
from directory.search.relevance import AllowedDocs

positions = st.sets(st.integers(0, 3000), max_size=400)
spans = st.lists(st.tuples(st.integers(0, 2100), st.integers(0, 2100)), max_size=12)


@given(positions)
def test_positions_round_trip(found):
    bits = bitmaps.from_positions(found)
    assert bits.bit_count() == len(found)
    assert list(bitmaps.iter_bits(bits)) == sorted(found)


@given(spans, st.integers(0, 2100))
def test_ranges(spans_, size):
    expected = {p for start, end in spans_ for p in range(start, min(end, size))}
    assert set(bitmaps.iter_bits(bitmaps.from_ranges(spans_, size))) == expected


@given(positions, st.integers(0, 3000), st.integers(0, 400))
def test_windows_and_probes(found, start, width):
    bits = bitmaps.from_positions(found)
    end = start + width
    wanted = {p - start for p in found if start <= p < end}
    assert set(bitmaps.iter_bits(bitmaps.window(bits, start, end))) == wanted
    probe = bitmaps.Probe(bits)
    assert set(bitmaps.iter_bits(probe.window(start, end))) == wanted
    assert all(p in probe for p in found)
    assert not any(p in probe for p in range(start, end) if p not in found)


@given(positions.filter(bool))
def test_allowed_docs_is_a_whoosh_doc_id_set(found):
    allowed = AllowedDocs(bitmaps.from_positions(found))
    assert len(allowed) == len(found)
    assert list(allowed) == sorted(found)
    assert (allowed.first(), allowed.last()) == (min(found), max(found))
    assert all(d in allowed for d in found) and "1" not in allowed
