"""Word analysis: folding, the words that count, and the edit distance for typos."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from directory.search import analysis


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Zoë O'Brien’s CLINIC", "zoe obriens clinic"),
        ("Ångström Straße", "angstrom strasse"),
        ("plain ascii, Mixed Case", "plain ascii, mixed case"),
    ],
)
def test_fold(text, folded):
    assert analysis.fold(text) == folded


@given(st.text(max_size=60))
def test_fold_is_the_same_for_ascii_and_the_general_path(text):
    # The fast path for ASCII must agree with the general one.
    ascii_text = text.encode("ascii", "ignore").decode()
    assert analysis.fold(ascii_text) == analysis.fold(ascii_text + " é")[:-2]


def test_words_drop_stop_words_and_single_letters():
    assert analysis.words("The Botox and a Q-switch for you") == ["botox", "switch"]
    assert analysis.terms("Injections injected") == ["inject", "inject"]


def test_query_words_drop_noise_and_repeats():
    assert analysis.query_words("botox near me botox in Leeds") == ["botox", "leeds"]
    assert analysis.query_words("best clinic nearby") == ["clinic"]
    assert analysis.query_words("near me") == []


def _levenshtein(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row, previous = [i], row
        for j, cb in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
    return row[-1]


@given(st.text("abcde", max_size=9), st.text("abcde", max_size=9), st.integers(1, 4))
def test_edit_distance_is_levenshtein_capped(a, b, limit):
    assert analysis.edit_distance(a, b, limit) == min(_levenshtein(a, b), limit)
