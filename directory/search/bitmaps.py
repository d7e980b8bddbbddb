"""Document sets as Python integers: bit ``d`` set means document number ``d`` is in.

Python's big integers give C-speed AND, OR and ``bit_count`` over a whole index
(100,000 documents are 12.5 kB), which turns filters, facet counts and totals into a
handful of machine-speed operations instead of a loop per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

_NONZERO_RUN = re.compile(rb"[^\x00]+")
_BITS_OF_BYTE = [tuple(i for i in range(8) if value >> i & 1) for value in range(256)]
_SMALL = 256  # below this many bits, peeling the lowest bit is faster than bytes


def iter_bits(bits: int) -> Iterator[int]:
    """The set positions of ``bits`` in increasing order."""
    if bits.bit_length() <= _SMALL:
        while bits:
            low = bits & -bits
            yield low.bit_length() - 1
            bits ^= low
        return
    buf = bits.to_bytes((bits.bit_length() + 7) // 8, "little")
    table = _BITS_OF_BYTE
    for run in _NONZERO_RUN.finditer(buf):
        start = run.start()
        for index, value in enumerate(run.group(), start):
            base = index << 3
            for bit in table[value]:
                yield base + bit


def from_positions(positions: Iterable[int]) -> int:
    """A bitmap with the given positions set."""
    buf = bytearray()
    for position in positions:
        index = position >> 3
        if index >= len(buf):
            buf.extend(bytes(index + 1 - len(buf)))
        buf[index] |= 1 << (position & 7)
    return int.from_bytes(buf, "little")


def from_ranges(ranges: Iterable[tuple[int, int]], size: int) -> int:
    """A bitmap with every position in the half-open ``ranges`` set (within ``size``)."""
    buf = bytearray((size + 7) // 8)
    for start, end in ranges:
        end = min(end, size)
        if start >= end:
            continue
        first_full, last_full = (start + 7) >> 3, end >> 3
        if first_full > last_full:  # the range sits inside one byte
            for position in range(start, end):
                buf[position >> 3] |= 1 << (position & 7)
            continue
        buf[first_full:last_full] = b"\xff" * (last_full - first_full)
        for position in range(start, first_full << 3):
            buf[position >> 3] |= 1 << (position & 7)
        for position in range(last_full << 3, end):
            buf[position >> 3] |= 1 << (position & 7)
    return int.from_bytes(buf, "little")


def window(bits: int, start: int, end: int) -> int:
    """Positions ``start <= d < end`` of ``bits``, shifted down by ``start``."""
    return (bits >> start) & ((1 << (end - start)) - 1)


class Probe:
    """O(1) membership tests on a bitmap (an int test ``bits >> d & 1`` costs O(size))."""

    __slots__ = ("_buf",)

    def __init__(self, bits: int) -> None:
        self._buf = bits.to_bytes((bits.bit_length() + 7) // 8 + 1, "little")

    def __contains__(self, position: int) -> bool:
        index = position >> 3
        buf = self._buf
        return index < len(buf) and (buf[index] >> (position & 7)) & 1 == 1

    def window(self, start: int, end: int) -> int:
        """Like ``window(bits, start, end)`` but reads only the bytes it needs."""
        chunk = int.from_bytes(self._buf[start >> 3 : (end + 7) >> 3], "little")
        return (chunk >> (start & 7)) & ((1 << (end - start)) - 1)
