"""Letting Whoosh score only the documents the engine has already matched."""

from __future__ import annotations

from collections.abc import Iterator

from directory.search import bitmaps
from directory.search.whoosh_internals import DocIdSet


class AllowedDocs(DocIdSet):
    """A read-only Whoosh ``DocIdSet`` over a bitmap, for ``Searcher.search(filter=...)``.

    Whoosh asks ``docnum in allowed`` once per candidate, so membership is O(1)."""

    def __init__(self, bits: int) -> None:
        self._bits = bits
        self._count = bits.bit_count()
        self._probe = bitmaps.Probe(bits)

    def __len__(self) -> int:
        return self._count

    def __iter__(self) -> Iterator[int]:
        return bitmaps.iter_bits(self._bits)

    def __contains__(self, docnum: object) -> bool:
        return isinstance(docnum, int) and docnum in self._probe

    def first(self) -> int:
        return (self._bits & -self._bits).bit_length() - 1

    def last(self) -> int:
        return self._bits.bit_length() - 1
