"""Typed words -> matching documents, with synonyms and typo tolerance.

Every word must match (AND). A word matches a document when its stem is in the
document's name, clinic names, towns or bio, or when the word names a treatment the
practitioner offers: "botox" matches everyone offering anti-wrinkle injections because
the taxonomy lists it as a synonym. A word that matches nothing is replaced by the
closest words in the index (one edit for short words, two for long ones) and the
corrected query is offered as "did you mean".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from whoosh import query as wq

from directory.search import analysis
from directory.search.schema import TEXT_FIELDS
from directory.search.snapshot import Snapshot

MIN_CORRECTABLE = 4
MAX_CORRECTIONS = 3


@dataclass
class WordMatch:
    word: str
    terms: list[str]  # the word's stem, or the stems of its corrections
    bits: int
    corrected_to: str | None = None


@dataclass
class TextMatch:
    words: list[WordMatch] = field(default_factory=list)
    bits: int = 0

    @property
    def empty(self) -> bool:
        """True when the text had nothing searchable (so it does not restrict)."""
        return not self.words

    def suggestion(self) -> str | None:
        if not any(w.corrected_to for w in self.words):
            return None
        return " ".join(w.corrected_to or w.word for w in self.words)

    def terms(self) -> list[str]:
        return [t for w in self.words for t in w.terms]

    def whoosh_query(self, snapshot: Snapshot) -> wq.Query:
        """The same AND-of-words as a Whoosh query, for BM25F relevance scoring."""
        groups = []
        for word in self.words:
            alternatives: list[wq.Query] = []
            for term in word.terms:
                alternatives.extend(wq.Term(f, term) for f in TEXT_FIELDS)
                slugs = snapshot.taxonomy.treatments_for_term(term)
                alternatives.extend(wq.Term("treatment", slug) for slug in slugs)
            groups.append(wq.Or(alternatives))
        return wq.And(groups)


def match_text(snapshot: Snapshot, text: str | None, allowed: int | None = None) -> TextMatch:
    """Match ``text`` against ``snapshot``; ``bits`` is ``snapshot.live`` when the text
    has no searchable words. A word matching none of the ``allowed`` documents (all,
    when None) is corrected to a spelling that matches some of them, so "did you mean"
    never leads to practitioners the search would not show."""
    found = TextMatch(bits=snapshot.live)
    allowed = snapshot.live if allowed is None else allowed
    for word in analysis.query_words(text or ""):
        term = analysis.stem(word)
        match = WordMatch(word, [term], snapshot.text_bits(term))
        if not match.bits & allowed and len(word) >= MIN_CORRECTABLE:
            _correct(snapshot, match, allowed)
        found.words.append(match)
        found.bits &= match.bits
    return found


def _correct(snapshot: Snapshot, match: WordMatch, allowed: int) -> None:
    """Replace an unmatched word by its nearest spellings that match some of ``allowed``."""
    word = match.word
    maxdist = 1 if len(word) < 8 else 2
    scored = []
    for candidate in snapshot.spelling_candidates(word, maxdist):
        term = analysis.stem(candidate)
        bits = snapshot.text_bits(term)
        if bits & allowed:
            distance = analysis.edit_distance(word, candidate, limit=maxdist + 1)
            scored.append((distance, -bits.bit_count(), candidate, term, bits))
    if not scored:
        return
    scored.sort()
    best_distance = scored[0][0]
    chosen = [s for s in scored if s[0] == best_distance][:MAX_CORRECTIONS]
    match.corrected_to = chosen[0][2]
    match.terms = list(dict.fromkeys(s[3] for s in chosen))
    for item in chosen:
        match.bits |= item[4]
