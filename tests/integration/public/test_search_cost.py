"""A search answers from plain rows: no practitioner, clinic, offer or claim becomes an
ORM object, and the page costs a fixed handful of statements, not one per card.

Building mapped objects for 20 cards was the largest share of a search request's CPU
(issue 14); these tests keep that from creeping back."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

from directory.extensions import db

pytestmark = pytest.mark.read_only

SEARCHES = [
    "/search?location=SW1A+1AA&treatment=mesotherapy",
    "/search",
    "/api/v1/search?location=Leeds&treatment=mesotherapy&radius=25",
    "/api/v1/search",
]


class _Watch:
    """ORM objects loaded and SQL statements sent while it is on."""

    def __init__(self) -> None:
        self.loaded: Counter[str] = Counter()
        self.statements = 0
        self.orm_executes = 0

    def reset(self) -> None:
        self.loaded.clear()
        self.statements = self.orm_executes = 0

    def on_load(self, target: object, context: object) -> None:
        self.loaded[type(target).__name__] += 1

    def on_statement(self, *args: object) -> None:
        self.statements += 1

    def on_orm_execute(self, *args: object) -> None:
        self.orm_executes += 1


@pytest.fixture
def watch(indexed):
    seen = _Watch()
    event.listen(db.Model, "load", seen.on_load, propagate=True)
    event.listen(db.engine, "before_cursor_execute", seen.on_statement)
    event.listen(Session, "do_orm_execute", seen.on_orm_execute)
    yield seen
    event.remove(db.Model, "load", seen.on_load)
    event.remove(db.engine, "before_cursor_execute", seen.on_statement)
    event.remove(Session, "do_orm_execute", seen.on_orm_execute)


@pytest.mark.parametrize("path", SEARCHES)
def test_a_search_loads_its_cards_as_rows(client, watch, path):
    assert client.get(path).status_code == 200  # the taxonomy copy is loaded here
    watch.reset()
    answer = client.get(path)
    assert answer.status_code == 200
    if path.startswith("/api/"):
        assert answer.get_json()["results"]
    else:
        assert 'class="card__title"' in answer.text
    assert not watch.loaded, f"ORM objects built for a search: {dict(watch.loaded)}"
    # Not even the ORM's statement layer: each pass through it costs more CPU than
    # SQLite takes to answer these small queries.
    assert watch.orm_executes == 0
    # The taxonomy stamp, then practitioners, clinics, offers, claims and the clinics'
    # registrations (and a geocode-cache lookup at most): a fixed number, however many
    # cards.
    assert watch.statements <= 7


def test_the_taxonomy_check_each_request_makes_is_one_plain_statement(app, watch):
    # Every public request asks whether the taxonomy moved (the test client shares one
    # app context, so the search tests above never see it): one statement, no ORM.
    from directory.services import taxonomy_cache

    watch.reset()
    taxonomy_cache._stamp()
    assert (watch.statements, watch.orm_executes) == (1, 0)


def test_a_profile_page_loads_its_practitioner_in_seven_statements(client, watch):
    # The practitioner with its regulator, then clinics, their hours and registrations,
    # offers and claims, and the photos of the profile and its clinics, in one.
    slug = client.get("/api/v1/search?per_page=1").get_json()["results"][0]["slug"]
    assert client.get(f"/practitioners/{slug}").status_code == 200
    watch.reset()
    page = client.get(f"/practitioners/{slug}")
    assert page.status_code == 200 and "<h1" in page.text
    assert watch.statements == 7
