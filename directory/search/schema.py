"""The Whoosh schema: one document per published practitioner.

Text fields hold analysed terms (see ``analysis``); keyword fields hold the facets;
columns hold what the engine loads into memory per segment (practitioner id, packed
clinic coordinates, a sort name and a content fingerprint). Treatment synonyms are not
copied into every document: the taxonomy snapshot kept beside the index maps a typed
word to the treatments whose name or synonyms contain it, at query time. That gives
the same matches as copying them in, at a fraction of the indexing cost.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from whoosh import columns, fields
from whoosh.analysis import Token, Tokenizer

from directory.search import analysis
from directory.search.whoosh_internals import pack_uint

# Field -> boost for relevance: who someone is counts more than what their bio says.
TEXT_FIELDS: dict[str, float] = {"name": 4.0, "clinic": 2.0, "town": 2.0, "bio": 1.0}
TREATMENT_BOOST = 2.0
LEXICON_PID = 0  # the pseudo-document holding spelling words has no practitioner


class TermsAnalyzer(Tokenizer):
    """Whoosh-compatible view of ``analysis.terms`` (used if anything parses a query
    against these fields; indexing takes the faster path in ``AnalysedText.index``)."""

    def __call__(self, value: str, **kwargs: Any) -> Iterator[Token]:
        token = Token(**kwargs)
        for pos, term in enumerate(analysis.terms(value)):
            token.text = term
            token.boost = 1.0
            token.stopped = False
            if kwargs.get("positions"):
                token.pos = pos
            yield token


class AnalysedText(fields.TEXT):
    """A TEXT field (frequencies, no positions) analysed by ``analysis.terms``."""

    def __init__(self, boost: float = 1.0) -> None:
        super().__init__(analyzer=TermsAnalyzer(), phrase=False, field_boost=boost)

    def index(self, value: Any, **kwargs: Any) -> list[tuple[bytes, int, float, bytes]]:
        boost = self.format.field_boost
        counts = Counter(analysis.terms(value))
        return [(t.encode(), f, f * boost, pack_uint(f)) for t, f in counts.items()]


class Keywords(fields.KEYWORD):
    """A KEYWORD field (space-separated values, kept as they are) that indexes without
    Whoosh's token-object pipeline; the postings are the same as KEYWORD's."""

    def index(self, value: Any, **kwargs: Any) -> list[tuple[bytes, int, float, bytes]]:
        boost = self.format.field_boost
        counts = Counter(_KEYWORD.findall(value))
        return [(t.encode(), f, f * boost, pack_uint(f)) for t, f in counts.items()]


_KEYWORD = re.compile(r"[^ \t\r\n]+")  # Whoosh's SpaceSeparatedTokenizer


def build_schema() -> fields.Schema:
    """A new schema object (Whoosh schemas are mutable, so never share one)."""
    text = {name: AnalysedText(boost) for name, boost in TEXT_FIELDS.items()}
    return fields.Schema(
        # Unique key for deleting and replacing a practitioner's document.
        pid=fields.ID(unique=True),
        treatment=Keywords(scorable=True, field_boost=TREATMENT_BOOST),
        profession=Keywords(),
        # "<body slug>@<YYYYMMDD>" or "<body slug>@never": expiry is judged at query time.
        badge=Keywords(),
        # Facts the public can filter on: "weekend", "stepfree" (about some clinic) and
        # "mobile" (offers home visits).
        feature=Keywords(),
        # Codes of the languages spoken besides English.
        language=Keywords(),
        # "<treatment slug>@<from price in pence, 8 digits>" for offers with a price.
        price=Keywords(),
        # Checked facts, "<fact>@<YYYYMMDD>" or "<fact>@never" like badges: "any" (some
        # current credential), "prescriber", or the profession a regulator confirms.
        checked=Keywords(),
        # Unstemmed words of names, clinics, towns and the taxonomy, on lexicon documents,
        # for typo correction and "did you mean".
        spell=Keywords(),
        pid_col=fields.COLUMN(columns.NumericColumn("Q")),
        # Per clinic three doubles: latitude, longitude, clinic id.
        geo=fields.COLUMN(columns.VarBytesColumn()),
        sortname=fields.COLUMN(columns.VarBytesColumn()),
        # Home visits: three doubles (base latitude, longitude, miles travelled) or empty.
        travel=fields.COLUMN(columns.VarBytesColumn()),
        fingerprint=fields.COLUMN(columns.NumericColumn("I")),
        **text,
    )
