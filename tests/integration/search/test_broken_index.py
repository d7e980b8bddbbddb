"""A missing or corrupt index: search answers from the database, health says so, and a
rebuild restores the index. The public never gets an error."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from directory import search
from directory.search import store

from ._support import LEEDS, NEXT_YEAR, YESTERDAY, add_practitioner, find, offset, point_of, slugs

HERE = point_of(LEEDS)


@pytest.fixture
def listed(taxonomy: Flask) -> Flask:
    """Three practitioners in the database; no index built yet."""
    add_practitioner("Near Meso", [offset(HERE, 2, 0)], ["mesotherapy"], [("jccp", NEXT_YEAR)])
    add_practitioner("Far Meso", [offset(HERE, 7, 90)], ["mesotherapy"], [("jccp", YESTERDAY)])
    add_practitioner("Near Fillers", [offset(HERE, 1, 180)], ["dermal-fillers"])
    add_practitioner("Hidden Meso", [offset(HERE, 1, 270)], ["mesotherapy"], state="suspended")
    from directory.extensions import db

    db.session.commit()
    return taxonomy


def _answers() -> dict[str, object]:
    """The same few searches, whichever path answers them."""
    near = find(near=HERE, radius_miles=10, treatment="mesotherapy")
    return {
        "near": (slugs(near), [round(h.distance_miles, 9) for h in near.hits], near.total),
        "badge": slugs(find(near=HERE, radius_miles=10, accreditation="jccp")),
        "text": slugs(find("meso injections", near=HERE, radius_miles=10)),
        "widened": (
            slugs(w := find(near=offset(HERE, 20, 0), radius_miles=5)),
            w.widened_radius_miles,
        ),
        "facets": near.facets,
    }


EXPECTED = {
    "near": (["near-meso", "far-meso"], [2.0, 7.0], 2),
    "badge": ["near-meso"],
    "text": ["near-meso", "far-meso"],
    "widened": (["near-meso", "near-fillers", "far-meso"], 25.0),
}


def _health(app: Flask) -> tuple[int, dict[str, str]]:
    response = app.test_client().get("/health")
    return response.status_code, response.get_json()["checks"]


def test_a_missing_index_degrades_to_the_database_and_a_rebuild_restores(listed):
    results = find(near=HERE, radius_miles=10, treatment="mesotherapy")
    assert results.degraded
    degraded = _answers()
    assert {k: degraded[k] for k in EXPECTED} == EXPECTED
    assert search.check_index(listed) == (False, "no index has been built")
    assert _health(listed) == (
        200,
        {
            "database": "ok",
            "search_index": "degraded",
            "search_index_detail": "no index has been built",
        },
    )

    search.rebuild()
    assert not find(near=HERE, radius_miles=10).degraded
    assert _answers() == degraded  # same answers, facets included, from the index
    assert search.check_index(listed) == (True, "ok")
    assert _health(listed)[0] == 200


def _generation(app: Flask) -> Path:
    generation = store.current_generation(Path(app.config["SEARCH_INDEX_DIR"]))
    assert generation is not None
    return generation


def _replace(path: Path, data: bytes) -> None:
    # Written beside and renamed over, as a disk error would leave it, without touching
    # any file another reader might have mapped.
    temporary = path.with_name(path.name + ".new")
    temporary.write_bytes(data)
    os.replace(temporary, path)


@pytest.mark.parametrize("damage", ["toc", "segments", "taxonomy", "pointer", "generation"])
def test_a_corrupt_index_degrades_and_a_rebuild_restores(listed, damage):
    search.rebuild()
    generation = _generation(listed)
    if damage == "toc":
        for toc in generation.glob("_MAIN_*.toc"):
            _replace(toc, b"\x00garbage" * 3)
    elif damage == "segments":
        for segment in generation.glob("*.seg"):
            _replace(segment, os.urandom(segment.stat().st_size))
    elif damage == "taxonomy":
        _replace(generation / store.TAXONOMY, b"{not json")
    elif damage == "pointer":
        _replace(generation.parent / store.POINTER, b"gen-that-never-was")
    else:
        for path in generation.iterdir():
            path.unlink()
        generation.rmdir()

    results = find(near=HERE, radius_miles=10, treatment="mesotherapy")
    assert results.degraded
    assert {k: v for k, v in _answers().items() if k in EXPECTED} == EXPECTED
    ok, reason = search.check_index(listed)
    assert not ok and reason
    assert _health(listed)[0] == 200  # pages are still served, from the database
    assert _health(listed)[1]["search_index"] == "degraded"
    assert search.index_status()["error"]

    search.rebuild()
    assert not find(near=HERE, radius_miles=10).degraded
    assert {k: v for k, v in _answers().items() if k in EXPECTED} == EXPECTED
    assert _health(listed)[0] == 200


def test_a_failure_inside_a_query_degrades_that_search(listed, monkeypatch):
    search.rebuild()
    from directory.search import engine

    def broken(*_args: object) -> None:
        raise EOFError("a segment file ended early")

    monkeypatch.setattr(engine, "run", broken)
    assert find(near=HERE, radius_miles=10, treatment="mesotherapy").degraded
    monkeypatch.undo()
    search.rebuild()  # a rebuild (or the next retry) brings the index back
    assert not find(near=HERE, radius_miles=10, treatment="mesotherapy").degraded


def test_the_public_pages_answer_with_a_broken_index(listed):
    client = listed.test_client()
    page = client.get("/search", query_string={"location": LEEDS, "treatment": "mesotherapy"})
    assert page.status_code == 200 and "Near Meso" in page.text and "Hidden Meso" not in page.text
    api = client.get("/api/v1/search", query_string={"location": LEEDS, "treatment": "mesotherapy"})
    assert api.status_code == 200
    # Far Meso's only credential has expired: left out by default, as the index does.
    assert [r["slug"] for r in api.get_json()["results"]] == ["near-meso"]
    assert api.get_json()["unchecked"] == 1
    assert "simpler mode while we repair it" in page.text
    assert api.get_json()["degraded"] is True
    search.rebuild()
    repaired = client.get("/search", query_string={"location": LEEDS, "treatment": "mesotherapy"})
    assert "simpler mode" not in repaired.text
    again = client.get("/api/v1/search", query_string={"location": LEEDS})
    assert again.get_json()["degraded"] is False
