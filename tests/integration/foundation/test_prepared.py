"""Statements run on the driver's cursor (``directory.prepared``) answer exactly what
SQLAlchemy's own execution answers: the same rows, values and types."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import bindparam, event, func, select

from directory.extensions import db
from directory.models import ClaimStatus, CredentialClaim, Practitioner, PublicationState
from directory.prepared import Prepared
from directory.services import finder_rows, photo_reads, profile_rows, taxonomy_cache

pytestmark = pytest.mark.read_only


def _same(prepared: Prepared, params: dict[str, object] | None = None) -> list[tuple]:
    connection = db.session.connection()
    expected = [tuple(row) for row in connection.execute(prepared.statement, params or {})]
    got = prepared.rows(connection, params)
    assert got == expected
    assert [[type(v) for v in row] for row in got] == [[type(v) for v in row] for row in expected]
    keys = list(connection.execute(prepared.statement, params or {}).keys())
    assert [list(m) for m in prepared.mappings(connection, params)] == [keys for _ in got]
    return got


def test_the_hot_statements_answer_as_sqlalchemy_does(seeded):
    people = list(db.session.scalars(db.select(Practitioner).order_by(Practitioner.id)))
    ids = [p.id for p in people]
    for size in (1, 2, 32):
        chunk = (ids * 32)[:size]
        params = finder_rows._bound(chunk)
        for statement in finder_rows._statements(finder_rows._size(size)):
            _same(statement, params)
    rows = 0
    for p in people[:25]:
        for statement in profile_rows._statements():
            params = {"slug": p.slug} if "slug" in str(statement.statement) else {"pid": p.id}
            rows += len(_same(statement, params))
        rows += len(_same(photo_reads._public_set_statement(), {"pid": p.id}))
    assert rows > 100
    assert len(_same(taxonomy_cache._stamp_statement())) == 1


def test_binds_literals_and_repeated_parameters(seeded):
    claims = CredentialClaim.__table__.c
    statement = Prepared(
        select(claims.id, claims.status, claims.decided_at, claims.expires_on, claims.prescriber)
        .where(
            claims.status == bindparam("status", type_=claims.status.type),
            claims.expires_on >= bindparam("day", type_=claims.expires_on.type),
            claims.practitioner_id != bindparam("day_owner"),
            (claims.id + bindparam("day_owner")) > 0,
            claims.number != "no such number",
        )
        .order_by(claims.id)
    )
    params = {"status": ClaimStatus.VERIFIED, "day": date(2000, 1, 1), "day_owner": 0}
    found = _same(statement, params)
    assert found and all(row[1] is ClaimStatus.VERIFIED for row in found)
    assert _same(statement, {**params, "day": None}) == []
    nobody = Prepared(
        select(func.count(Practitioner.id)).where(
            Practitioner.state == PublicationState.DRAFT, Practitioner.slug == bindparam("s")
        )
    )
    assert _same(nobody, {"s": "nobody"}) == [(0,)]


def test_cursor_listeners_still_see_each_statement(seeded):
    seen = []

    def listen(connection, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", listen)
    try:
        taxonomy_cache._stamp()
    finally:
        event.remove(db.engine, "before_cursor_execute", listen)
    assert len(seen) == 1 and seen[0].startswith("SELECT")


def test_a_driver_error_is_raised_as_sqlalchemy_raises_it(seeded):
    from sqlalchemy.exc import DBAPIError, OperationalError

    missing = Prepared(select(func.count()).select_from(Practitioner.__table__))
    connection = db.session.connection()
    compiled = missing._compiled(connection.dialect)
    object.__setattr__(compiled, "sql", compiled.sql.replace("practitioners", "no_such_table"))
    with pytest.raises(DBAPIError) as raised:
        missing.rows(connection)
    db.session.rollback()  # PostgreSQL refuses anything more in a failed transaction
    with pytest.raises(DBAPIError) as theirs:
        db.session.connection().exec_driver_sql(compiled.sql)
    assert type(raised.value) is type(theirs.value)
    assert isinstance(raised.value, OperationalError) or db.engine.dialect.name != "sqlite"
    db.session.rollback()
