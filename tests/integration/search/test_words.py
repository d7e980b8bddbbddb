"""What people type: the taxonomy's synonyms, stemming, typos and "did you mean"."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from flask import Flask

from directory import search
from directory.extensions import db
from directory.services import seed

from ._support import (
    LEEDS,
    REPO_ROOT,
    add_practitioner,
    find,
    forget_queued_changes,
    found,
    point_of,
)

# One practitioner per treatment family the synonyms point at, plus a control who
# offers none of them, all in the same clinic town.
OFFERS = {
    "anna-wrinkle": ["anti-wrinkle-injections"],
    "ben-meso": ["mesotherapy"],
    "cara-boost": ["skin-boosters"],
    "dina-fat": ["fat-dissolving-injections"],
    "ella-needleless": ["no-needle-mesotherapy"],
    "fay-scalp": ["hair-loss-mesotherapy"],
    "gus-fillers": ["dermal-fillers"],
}


def _offers(app: Flask) -> None:
    forget_queued_changes()  # as the ``taxonomy`` fixture leaves the database
    here = point_of(LEEDS)
    for slug, treatments in OFFERS.items():
        first = slug.split("-")[0].title()
        add_practitioner(f"{first} Example", [here], treatments, slug=slug)
    add_practitioner(
        "Priya Patel",
        [here],
        ["dermal-fillers"],
        slug="priya-patel",
        bio="Specialises in natural, rejuvenating results.",
    )
    db.session.commit()
    search.rebuild()


@pytest.fixture
def offers(taxonomy: Flask, built_once: Callable[..., None]) -> None:
    """The practitioners above and their index: built once per session, then copied."""
    built_once("word-offers", _offers)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("botox", ["anna-wrinkle"]),
        ("anti-wrinkle", ["anna-wrinkle"]),
        ("Anti Wrinkle injections", ["anna-wrinkle"]),
        ("botulinum toxin", ["anna-wrinkle"]),
        ("BOTOX near me", ["anna-wrinkle"]),
        ("profhilo", ["cara-boost"]),
        ("fat dissolving", ["dina-fat"]),
        ("lipolysis", ["dina-fat"]),
        ("no-needle meso", ["ella-needleless"]),
        ("electroporation", ["ella-needleless"]),
        ("hair loss", ["fay-scalp"]),
        ("scalp", ["fay-scalp"]),
        # "Skin booster" is also a synonym of face mesotherapy in the taxonomy.
        ("skin booster", ["ben-meso", "cara-boost"]),
    ],
)
def test_synonyms_from_the_taxonomy_find_the_treatment(offers, typed, expected):
    assert sorted(found(typed)) == expected


def test_meso_and_mesotherapy_are_the_same_search(offers):
    # Every mesotherapy family answers to both words; fillers and boosters to neither.
    assert (
        sorted(found("meso"))
        == sorted(found("mesotherapy"))
        == ["ben-meso", "ella-needleless", "fay-scalp"]
    )


def test_typed_words_name_the_treatments_they_mean(offers):
    assert find("botox").matched_treatments[0] == "anti-wrinkle-injections"
    assert find("profhilo").matched_treatments == ("skin-boosters",)
    assert find("Priya").matched_treatments == ()


def test_words_are_stemmed_in_names_and_bios(offers):
    assert found("naturally rejuvenated") == ["priya-patel"]
    assert found("specialising") == ["priya-patel"]
    assert found("patels") == ["priya-patel"]


def test_every_word_must_match(offers):
    assert found("patel botox") == []
    assert found("patel fillers") == ["priya-patel"]


@pytest.mark.parametrize(
    ("typed", "suggestion", "expected"),
    [
        ("botax", "botox", ["anna-wrinkle"]),
        ("mesotherpy", "mesotherapy", ["ben-meso", "ella-needleless", "fay-scalp"]),
        ("profilo", "profhilo", ["cara-boost"]),
        ("pattel fillers", "patel fillers", ["priya-patel"]),
        ("lipolisis near me", "lipolysis", ["dina-fat"]),
    ],
)
def test_typos_are_corrected_and_suggested(offers, typed, suggestion, expected):
    results = find(typed, per_page=100)
    assert results.suggestion == suggestion
    assert sorted(found(typed)) == expected


def test_no_suggestion_when_the_words_match_or_nothing_is_close(offers):
    assert find("botox").suggestion is None
    nothing = find("qwxzvbnm")
    assert (nothing.total, nothing.hits, nothing.suggestion) == (0, [], None)


def test_short_words_are_not_guessed(offers):
    # Three letters: too short to correct safely ("gux" is not "gus").
    assert find("gux").total == 0


def test_a_synonym_added_to_the_taxonomy_works_after_reindex(offers, tmp_path: Path):
    assert found("juvederm") == []
    seed_dir = tmp_path / "seed"
    shutil.copytree(REPO_ROOT / "seed_data", seed_dir, ignore=shutil.ignore_patterns("geo"))
    path = seed_dir / "treatments.yaml"
    rows = yaml.safe_load(path.read_text(encoding="utf-8"))
    for row in rows:
        if row["slug"] == "dermal-fillers":
            row["synonyms"].append("Juvéderm")
    path.write_text(yaml.safe_dump(rows, allow_unicode=True), encoding="utf-8")

    seed.load_reference_data(seed_dir)  # what an admin's edit does: queue a full reindex
    assert found("juvederm") == []  # the index still has the old taxonomy
    assert search.apply_outbox() >= 1
    assert sorted(found("juvederm")) == ["gus-fillers", "priya-patel"]
    assert sorted(found("Juvéderm fillers")) == ["gus-fillers", "priya-patel"]
