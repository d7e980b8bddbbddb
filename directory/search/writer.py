"""Writing Whoosh: a fresh generation in geographic order, or an incremental update.

Only plain ``SegmentWriter`` commits are used (for big rebuilds, one segment per
process, see ``build``); never AsyncWriter or BufferedWriter, which can drop writes
when a commit fails or the process exits.
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from whoosh import index

from directory.search import analysis, build, store
from directory.search.documents import SearchDocument
from directory.search.fast_codec import FastLengthsCodec
from directory.search.schema import LEXICON_PID, build_schema
from directory.search.taxonomy import Taxonomy
from directory.search.whoosh_internals import SegmentReader

PARALLEL_FROM = 5_000  # below this, forking writer processes costs more than it saves
MERGE_BELOW = 5_000  # incremental segments up to this size are merged...
MERGE_WHEN = 4  # ...this many of a similar size at a time
LIMIT_MB = 128
LEXICON_KEY = "~lexicon"


def document_fields(doc: SearchDocument) -> dict[str, Any]:
    fields = doc.to_fields()
    fields["fingerprint"] = doc.fingerprint(fields)
    return fields


def spelling_words(docs: Iterable[SearchDocument]) -> set[str]:
    """Words worth suggesting: names, clinic names and towns as people type them."""
    found: set[str] = set()
    for doc in docs:
        found.update(analysis.words(doc.name))
        for clinic in doc.clinics:
            found.update(analysis.words(f"{clinic.name} {clinic.town}"))
    return found


def _lexicon(words: set[str]) -> dict[str, Any]:
    return {"pid": LEXICON_KEY, "pid_col": LEXICON_PID, "spell": " ".join(sorted(words))}


def create_generation(
    root: Path, docs: list[SearchDocument], taxonomy: Taxonomy, procs: int = 1
) -> Path:
    """Write ``docs`` as a new, unpublished generation under ``root``; returns its path.

    Documents go in order of their first clinic's grid key so that a grid cell is a
    run of consecutive document numbers (see ``segdata``). With ``procs`` > 1 and
    enough documents, that many processes each write one contiguous part of that order
    as a segment (see ``build``).
    """
    generation = store.new_generation(root)
    ix = index.create_in(str(generation), build_schema())
    ordered = sorted(docs, key=lambda d: (d.geo_key(), d.pid))
    build.write_all(
        ix,
        ordered,
        document_fields,
        spelling_words,
        lambda words: _lexicon(words | taxonomy.spelling_words()),
        procs if len(ordered) >= PARALLEL_FROM else 1,
    )
    taxonomy.save(generation / store.TAXONOMY)
    base = [segment.segment_id() for segment in index.open_dir(str(generation))._segments()]
    (generation / store.BASE_SEGMENTS).write_text(json.dumps(base), encoding="utf-8")
    return generation


def update_generation(
    generation: Path, docs: list[SearchDocument], remove: Collection[int]
) -> None:
    """Replace the documents of ``remove`` (and of ``docs``) with ``docs``; one commit."""
    ix = index.open_dir(str(generation))
    writer = ix.writer(limitmb=LIMIT_MB, codec=FastLengthsCodec(), timeout=30.0)
    try:
        for pid in set(remove) | {d.pid for d in docs}:
            writer.delete_by_term("pid", str(pid))
        for doc in docs:
            writer.add_document(**document_fields(doc))
        words = spelling_words(docs)
        if words:
            writer.add_document(**_lexicon(words))
    except BaseException:
        writer.cancel()
        raise
    writer.commit(mergetype=merge_small_segments)


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """Whoosh merge policy: fold incremental segments of a similar size together, never
    the ones the rebuild wrote (whose document order the engine relies on, and which
    would take a rebuild's time to rewrite: merging a small demo index's base made every
    fourth save take a quarter of a second).

    Sizes are grouped in tiers of powers of ``MERGE_WHEN``; a tier is merged once it
    holds ``MERGE_WHEN`` segments, so each document is rewritten a logarithmic number
    of times and a save never waits for one ever-growing segment to be copied.
    """
    base = _base_segments(Path(writer.storage.folder))
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        size = segment.doc_count_all()
        if segment.segment_id() not in base and size < MERGE_BELOW:
            tiers.setdefault(int(math.log(max(size, 1), MERGE_WHEN)), []).append(segment)
    merging = [s for tier in tiers.values() if len(tier) >= MERGE_WHEN for s in tier]
    for segment in merging:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        try:
            writer.add_reader(reader)
        finally:
            reader.close()
    return [s for s in segments if s not in merging]


def _base_segments(generation: Path) -> set[str]:
    try:
        return set(json.loads((generation / store.BASE_SEGMENTS).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return set()  # a generation written before the file existed: size alone decides


def default_procs() -> int:
    return max(1, min(2, os.cpu_count() or 1))
