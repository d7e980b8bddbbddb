"""The taxonomy (treatments and bodies) kept per worker process between requests.

Nearly every public page lists the treatments or bodies, and they change a few times a
year; loading them as ORM objects on every request was a good share of a search
page's CPU. Each request now asks the database one cheap question instead: a stamp
of both tables (row count, highest id, sum of the row versions, which every edit
increments). When the stamp moves (an admin's edit, a seed, in any process) the next
request reloads. The copies are read-only mirrors of the models (``mirrors``), in
no session: read them, never change them or hand them to the ORM.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any, TypeVar

from flask import current_app, g, has_request_context
from sqlalchemy import func, select

from directory.extensions import db
from directory.models import AccreditationBody, Treatment
from directory.prepared import Prepared, read_connection
from directory.services.mirrors import mirror, select_columns

EXTENSION_KEY = "directory.taxonomy_cache"
Taxonomy = tuple[list[Treatment], list[AccreditationBody]]
T = TypeVar("T")


@cache
def _stamp_statement() -> Prepared:
    # Built once per process: constructing six subqueries per request, and running
    # them through the ORM layer, cost several times what the database takes to answer.
    parts = []
    for model in (Treatment, AccreditationBody):
        parts += [
            select(func.count(model.id)).scalar_subquery(),
            select(func.max(model.id)).scalar_subquery(),
            select(func.coalesce(func.sum(model.version), 0)).scalar_subquery(),
        ]
    return Prepared(select(*parts))


def _stamp() -> tuple[Any, ...]:
    (stamp,) = _stamp_statement().rows(read_connection())
    return stamp


TreatmentRow = mirror(Treatment)
BodyRow = mirror(AccreditationBody)


def _load() -> tuple[list[Treatment], list[AccreditationBody]]:
    # Plain read-only mirrors, not ORM objects: pages read their attributes hundreds of
    # times a request, and no session can ever adopt or flush a shared copy.
    # A connection of its own, so the copy never depends on the request's transaction.
    with db.engine.connect() as connection:
        treatments = [
            TreatmentRow(**row) for row in connection.execute(select_columns(Treatment)).mappings()
        ]
        bodies = [
            BodyRow(**row)
            for row in connection.execute(select_columns(AccreditationBody)).mappings()
        ]
    return treatments, bodies  # type: ignore[return-value]  # mirrors, read as the models


def derived(name: str, build: Callable[[Taxonomy], T]) -> T:
    """``build(taxonomy())``, kept beside this process's copy until the copy reloads:
    for sorted lists and look-up tables that every request would otherwise rebuild.
    The result is shared like the copy itself: never change it."""
    loaded = taxonomy()
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is None or cached[1] is not loaded:  # not this process's copy: no keeping
        return build(loaded)
    views: dict[str, Any] = cached[2]
    if name not in views:
        views[name] = build(loaded)
    return views[name]  # type: ignore[no-any-return]


def taxonomy() -> Taxonomy:
    """(treatments, bodies) as committed now, unordered; detached copies shared by this
    process's requests (never change them). Checked once per request."""
    if has_request_context() and "taxonomy" in g:
        return g.taxonomy  # type: ignore[no-any-return]
    stamp = _stamp()
    cached = current_app.extensions.get(EXTENSION_KEY)
    if cached is not None and cached[0] == stamp:
        loaded = cached[1]
    else:
        loaded = _load()
        current_app.extensions[EXTENSION_KEY] = (stamp, loaded, {})
    if has_request_context():
        g.taxonomy = loaded
    return loaded
