"""Writing a fresh generation fast: geographic chunks, one forked process each.

A rebuild's cost is almost all Whoosh's own per-posting work (about 45 postings a
practitioner), so it is spread over processes: the documents, already in geographic
order, are cut into one contiguous chunk per process; each forked child writes its
chunk as one segment (it inherits the documents, nothing is pickled), and the parent
commits a table of contents listing the children's segments in chunk order, then its
own small one holding the spelling lexicon. Each segment thus keeps the geographic
order the engine relies on, and covers one region.

This drives Whoosh's ``SegmentWriter`` through the same private steps its own
``MpWriter`` uses (``_finalize_segment``, ``_commit_toc``, ``_finish``), which is why
``whoosh_internals.check_whoosh_version`` pins the release. ``MpWriter`` itself is not used: it
pickles every document through temporary files and deals batches out in turn, which
costs the parent a core's worth of work and interleaves regions across segments.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Sequence
from typing import Any

from directory.search.fast_codec import FastLengthsCodec
from directory.search.whoosh_internals import PostingPool, SegmentWriter

# Postings held in memory before a sorted run is spilled to disk (about 200 bytes
# each). Spilled runs are merged back in pure Python, which costs more than the rest
# of a rebuild, so this is set to keep a 100,000-practitioner chunk in memory.
POSTINGS_PER_RUN = 4_000_000

Fields = dict[str, Any]


class IndexBuildError(RuntimeError):
    """A child process failed to write its segment; ``str()`` says why."""


class LeanPool(PostingPool):
    """Whoosh's posting pool without its per-posting type checks and memory estimate
    (a posting count bounds memory instead), which were a fifth of a rebuild. It
    sorts and spills exactly as ``PostingPool`` does; it does not track field names,
    which only Whoosh's multiprocessing writers read."""

    def __init__(self, tempstore: Any, segment: Any, limit: int = POSTINGS_PER_RUN) -> None:
        super().__init__(tempstore, segment)
        self._limit = limit

    def add(self, item: tuple[str, bytes, int, float, bytes]) -> None:
        current = self.current
        current.append(item)
        if len(current) >= self._limit:
            self.save()


def segment_writer(ix: Any, *, lock: bool) -> SegmentWriter:
    """A plain Whoosh segment writer with the fast codec and pool (``lock`` takes
    Whoosh's write lock: the parent does, its children must not)."""
    writer = SegmentWriter(ix, _lk=lock, codec=FastLengthsCodec())
    writer.pool = LeanPool(writer.temp_storage(), writer.newsegment)
    return writer


def write_all(
    ix: Any,
    docs: Sequence[Any],
    to_fields: Callable[[Any], Fields],
    words: Callable[[Sequence[Any]], set[str]],
    lexicon: Callable[[set[str]], Fields],
    procs: int,
) -> None:
    """Add ``docs`` (via ``to_fields``) in order to the new empty index ``ix``, then
    the document ``lexicon`` makes of the spelling ``words`` of all of them, and commit
    once. Raises ``IndexBuildError`` if a child fails; the index is then left without
    a table of contents (unreadable, and never published)."""
    writer = segment_writer(ix, lock=True)
    try:
        if procs > 1 and len(docs) > procs:
            segments, found = _in_children(ix, docs, to_fields, words, procs)
        else:
            segments, found = [], words(docs)
            for doc in docs:
                writer.add_document(**to_fields(doc))
        writer.add_document(**lexicon(found))
    except BaseException:
        writer.cancel()
        raise
    segments.append(writer._finalize_segment())
    writer._commit_toc(segments)
    writer._finish()


def _in_children(
    ix: Any,
    docs: Sequence[Any],
    to_fields: Callable[[Any], Fields],
    words: Callable[[Sequence[Any]], set[str]],
    procs: int,
) -> tuple[list[Any], set[str]]:
    # Fork, not spawn: children inherit the documents instead of receiving a copy.
    context = multiprocessing.get_context("fork")
    size = -(-len(docs) // procs)
    jobs = []
    for start in range(0, len(docs), size):
        receive, send = context.Pipe(duplex=False)
        child = context.Process(
            target=_write_chunk,
            daemon=True,
            args=(ix, docs[start : start + size], to_fields, words, send),
        )
        child.start()
        send.close()
        jobs.append((child, receive))
    segments, found, failures = [], set(), []
    for child, receive in jobs:
        try:
            ok, value = receive.recv()
        except EOFError:
            ok, value = False, "the process died"
        finally:
            receive.close()
        child.join()
        if ok:
            segments.append(value[0])
            found |= value[1]
        else:
            failures.append(value)
    if failures:
        raise IndexBuildError("; ".join(failures))
    return segments, found


def _write_chunk(
    ix: Any,
    docs: Sequence[Any],
    to_fields: Callable[[Any], Fields],
    words: Callable[[Sequence[Any]], set[str]],
    send: Any,
) -> None:
    """In a child: write ``docs`` as one segment; send it back with their words."""
    try:
        writer = segment_writer(ix, lock=False)
        for doc in docs:
            writer.add_document(**to_fields(doc))
        send.send((True, (writer._finalize_segment(), words(docs))))
    except BaseException as exc:  # report everything: the parent must not publish
        send.send((False, f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()
