"""Paging: every order splits into pages that add up to the whole, with the same total."""

from __future__ import annotations

import pytest

from directory.services import finder

from ._support import LEEDS, TODAY, add_practitioner, find, offset, point_of, slugs

HERE = point_of(LEEDS)
NAMES = [
    "Cole",
    "Abbot",
    "Baker",
    "Abbot",
    "Drew",
    "Evans",
    "Baker",
    "Fox",
    "Gill",
    "Hart",
    "Iles",
    "Jay",
    "Kerr",
]


@pytest.fixture
def many(reindex):
    # 26 practitioners at distinct distances, several sharing a name, and the word
    # "laser" in the bio a different number of times (so relevance differs).
    for n in range(26):
        name = f"{NAMES[n % len(NAMES)]} Person"
        add_practitioner(
            name,
            [offset(HERE, 0.3 + n * 0.35, n * 37)],
            ["prp"],
            slug=f"p{n:02d}",
            bio=" ".join(["laser"] * (1 + n % 4) + ["skin"] * 6),
        )
    reindex()


def _pages(**options: object) -> tuple[list[list[str]], set[int]]:
    pages, totals = [], set()
    for page in range(1, 5):
        results = find(page=page, per_page=10, **options)  # type: ignore[arg-type]
        pages.append(slugs(results))
        totals.add(results.total)
    return pages, totals


def test_distance_pages(many):
    pages, totals = _pages(near=HERE, radius_miles=25)
    assert totals == {26}
    assert [len(p) for p in pages] == [10, 10, 6, 0]
    assert sum(pages, []) == [f"p{n:02d}" for n in range(26)]


def test_name_pages_break_ties_by_id(many):
    pages, totals = _pages()
    assert totals == {26}
    everyone = sum(pages, [])
    assert everyone[:4] == ["p01", "p03", "p14", "p16"]  # the Abbots, oldest first
    assert everyone == slugs(find(per_page=100))


def test_relevance_pages_follow_the_scores(many):
    pages, totals = _pages(text="laser", sort="relevance", near=HERE, radius_miles=25)
    assert totals == {26}
    ranking = find("laser", sort="relevance", near=HERE, radius_miles=25, per_page=100)
    assert sum(pages, []) == slugs(ranking)
    scores = [h.score for h in ranking.hits]
    assert scores == sorted(scores, reverse=True) and scores[0] > scores[-1]


def test_a_page_past_the_end_is_empty_but_counted(many):
    results = find(near=HERE, radius_miles=25, page=9, per_page=10)
    assert (results.total, results.hits, results.widened) == (26, [], False)


def test_the_finder_pages_the_loaded_practitioners(many):
    result = finder.find(
        None, *HERE, 25, "prp", None, None, None, 3, 10, today=TODAY, checked="any"
    )
    assert (result.total, result.pages, result.page) == (26, 3, 3)
    assert [i.practitioner.slug for i in result.items] == [f"p{n:02d}" for n in range(20, 26)]
    assert [round(i.distance_miles, 6) for i in result.items] == [
        round(0.3 + n * 0.35, 6) for n in range(20, 26)
    ]
    assert all(i.clinic is not None and i.matching_treatments for i in result.items)
    with pytest.raises(finder.FinderError):
        finder.find(None, *HERE, 25, None, None, None, None, 0, 10, today=TODAY)
