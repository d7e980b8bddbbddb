"""Every part of Whoosh's private API that search uses, and the release it was read from.

The engine reaches below Whoosh's public interface (the W3 codec's classes and column
layout, segment readers and writers, the posting pool, byte packing) for speed; those
names can change in any release. They are imported here and nowhere else
(``tests/unit/search/test_search_whoosh_internals.py`` checks), so moving the pin in setup.cfg
and requirements/ means reading this one file against the new release, and
``check_whoosh_version`` refuses to start on any other.
"""

from __future__ import annotations

import whoosh
from whoosh.codec.whoosh3 import (
    LENGTHS_COLUMN,
    W3Codec,
    W3FieldWriter,
    W3LeafMatcher,
    W3PostingsWriter,
    W3Segment,
)
from whoosh.codec.whoosh3 import _lenfield as lenfield  # per-document length column
from whoosh.idsets import DocIdSet
from whoosh.reading import SegmentReader
from whoosh.system import emptybytes, pack_uint
from whoosh.util.numeric import byte_to_length
from whoosh.writing import PostingPool, SegmentWriter

PINNED_WHOOSH = "2.7.5"  # whoosh-reloaded==2.7.5: every name above was read against it

__all__ = [
    "LENGTHS_COLUMN",
    "PINNED_WHOOSH",
    "DocIdSet",
    "PostingPool",
    "SegmentReader",
    "SegmentWriter",
    "W3Codec",
    "W3FieldWriter",
    "W3LeafMatcher",
    "W3PostingsWriter",
    "W3Segment",
    "byte_to_length",
    "check_whoosh_version",
    "emptybytes",
    "lenfield",
    "pack_uint",
]


def check_whoosh_version() -> None:
    """Raise ``RuntimeError`` unless the imported whoosh is the pinned release.

    The engine reads per-segment structures whose layout is specific to this release,
    and the unmaintained original (2.7.4) warns on current Pythons.
    """
    found = whoosh.versionstring()
    if found != PINNED_WHOOSH:
        raise RuntimeError(
            f"Search needs whoosh-reloaded=={PINNED_WHOOSH} but whoosh {found} is installed "
            f"(from {whoosh.__file__}). Install the pinned requirements."
        )
