"""A build-time speed-up for Whoosh's default codec (W3).

Writing a segment's postings is most of a rebuild, and W3 does it one posting at a
time through several Python calls: it looks up the document's field length through
the on-disk length column (about 40% of a rebuild at 4 million postings), and checks
the type of every value it is given. ``FastLengthsCodec`` reads each length column once
into a list, asks for lengths only in scorable fields (the others have none), and
leaves out the per-posting checks (the values come from our own schema classes). What
it writes is byte-for-byte what W3 writes, and new segments record the plain
``W3Codec``, so readers (and Whoosh without this module) open them as usual.
"""

from __future__ import annotations

from typing import Any

from directory.search.whoosh_internals import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3PostingsWriter,
    W3Segment,
    byte_to_length,
    emptybytes,
    lenfield,
)


class _PreloadedLengths:
    """Wraps a W3 per-document reader; answers ``doc_field_length`` from memory."""

    def __init__(self, perdoc: Any) -> None:
        self._perdoc = perdoc
        self._tables: dict[str, list[int]] = {}

    def lengths(self, fieldname: str) -> list[int]:
        """Every document's length in ``fieldname`` (empty when none is stored)."""
        table = self._tables.get(fieldname)
        if table is None:
            column = lenfield(fieldname)
            if self._perdoc.has_column(column):
                reader = self._perdoc.column_reader(column, LENGTHS_COLUMN)
                table = [byte_to_length(b) for b in reader]
            else:
                table = []
            self._tables[fieldname] = table
        return table

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        table = self.lengths(fieldname)
        return table[docnum] if docnum < len(table) else default

    def __getattr__(self, name: str) -> Any:
        return getattr(self._perdoc, name)


class _LeanPostingsWriter(W3PostingsWriter):
    # Set by W3PostingsWriter; declared so mypy knows their types.
    _maxweight: float
    _minlength: int | None
    _maxlength: int

    def add_posting(
        self, id_: int, weight: float, vbytes: bytes, length: int | None = None
    ) -> None:
        # W3PostingsWriter.add_posting without its isinstance assertions.
        if len(self._ids) >= self._blocklimit:
            self._write_block()
        self._ids.append(id_)
        self._weights.append(weight)
        if weight > self._maxweight:
            self._maxweight = weight
        if vbytes:
            self._values.append(vbytes)
        if length:
            if self._minlength is None or length < self._minlength:
                self._minlength = length
            if length > self._maxlength:
                self._maxlength = length


class _LeanFieldWriter(W3FieldWriter):
    def add_postings(self, schema: Any, lengths: Any, items: Any) -> None:
        """``FieldWriter.add_postings`` for sorted pool output: the same calls in the
        same order, without its order checks (the pool sorts), its spelling hook
        (unused), and length lookups in fields that store no lengths."""
        lastfn = lasttext = None
        add: Any = None
        table: list[int] = []
        for fieldname, btext, docnum, weight, value in items:
            if fieldname != lastfn:
                if lasttext is not None:
                    self.finish_term()
                if lastfn is not None:
                    self.finish_field()
                fieldobj = schema[fieldname]
                self.start_field(fieldname, fieldobj)
                add = self._postwriter.add_posting
                table = _lengths(lengths, fieldname) if fieldobj.scorable else []
                lastfn, lasttext = fieldname, None
            if btext != lasttext:
                if lasttext is not None:
                    self.finish_term()
                self.start_term(btext)
                lasttext = btext
            add(
                docnum,
                weight,
                emptybytes if value is None else value,
                table[docnum] if docnum < len(table) else 0,
            )
        if lasttext is not None:
            self.finish_term()
        if lastfn is not None:
            self.finish_field()


def _lengths(reader: Any, fieldname: str) -> list[int]:
    if reader is None:
        return []
    if isinstance(reader, _PreloadedLengths):
        return reader.lengths(fieldname)
    return [reader.doc_field_length(d, fieldname) for d in range(reader.doc_count_all())]


class FastLengthsCodec(W3Codec):
    def per_document_reader(self, storage: Any, segment: Any) -> Any:
        return _PreloadedLengths(super().per_document_reader(storage, segment))

    def field_writer(self, storage: Any, segment: Any) -> W3FieldWriter:
        return _LeanFieldWriter(self, storage, segment)

    def postings_writer(self, dbfile: Any, byteids: bool = False) -> W3PostingsWriter:
        return _LeanPostingsWriter(
            dbfile,
            blocklimit=self._blocklimit,
            byteids=byteids,
            compression=self._compression,
            inlinelimit=self._inlinelimit,
        )

    def new_segment(self, storage: Any, indexname: str) -> W3Segment:
        return W3Segment(W3Codec(), indexname)
