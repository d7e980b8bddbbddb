"""The online step inside an app: configured by name, cached in a real SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from geopy.exc import GeocoderUnavailable

from directory.extensions import db
from directory.geo import Precision, UnknownLocation, resolve
from directory.models.geocache import GeocodeCache


def cached_rows() -> list[GeocodeCache]:
    return list(db.session.execute(db.select(GeocodeCache)).scalars())


def test_hits_are_cached(app: Flask, recording: type) -> None:
    recording.answers["Tiny Hamlet"] = ("Tiny Hamlet, Dorset", 50.8, -2.3)
    first = resolve("Tiny Hamlet")
    second = resolve("  tiny   HAMLET ")  # same key: case and spacing do not matter
    assert first.precision is second.precision is Precision.ONLINE
    assert (second.lat, second.lon, second.label) == (50.8, -2.3, "Tiny Hamlet, Dorset")
    assert second.source == "online:recording"
    assert recording.calls == ["Tiny Hamlet"]
    (row,) = cached_rows()
    assert (row.service, row.query_key, row.found) == ("recording", "tiny hamlet", True)
    assert row.created_at.tzinfo is not None and row.created_at.utcoffset() == timedelta(0)


def test_misses_are_cached(app: Flask, recording: type) -> None:
    for _ in range(3):
        with pytest.raises(UnknownLocation):
            resolve("Atlantis")
    assert recording.calls == ["Atlantis"]
    (row,) = cached_rows()
    assert (row.found, row.latitude, row.label) == (False, None, None)


def test_old_misses_are_asked_again(app: Flask, recording: type) -> None:
    with pytest.raises(UnknownLocation):
        resolve("Atlantis")
    row = cached_rows()[0]
    row.created_at = datetime.now(UTC) - timedelta(days=40)
    db.session.commit()
    recording.answers["Atlantis"] = ("Atlantis, Cornwall", 50.1, -5.5)
    assert resolve("Atlantis").label == "Atlantis, Cornwall"
    assert recording.calls == ["Atlantis", "Atlantis"]
    db.session.expire_all()
    assert [r.found for r in cached_rows()] == [True]


def test_failures_are_not_cached_and_degrade(app: Flask, recording: type) -> None:
    recording.answers["Tiny Hamlet"] = GeocoderUnavailable("service down")
    with pytest.raises(UnknownLocation, match="not available right now"):
        resolve("Tiny Hamlet")
    assert cached_rows() == []
    # Offline answers are unaffected by the outage and never ask the service.
    assert resolve("SW1A 1AA").precision is Precision.UNIT
    assert recording.calls == ["Tiny Hamlet"]


def test_cache_writes_leave_the_callers_transaction_alone(app: Flask, recording: type) -> None:
    recording.answers["Tiny Hamlet"] = ("Tiny Hamlet, Dorset", 50.8, -2.3)
    pending = GeocodeCache(service="caller", query_key="uncommitted work", found=False)
    db.session.add(pending)
    resolve("Tiny Hamlet")
    db.session.rollback()  # the caller's save fails...
    assert [r.service for r in cached_rows()] == ["recording"]  # ...the cache row stays


def test_a_broken_cache_never_breaks_a_search(app: Flask, recording: type) -> None:
    GeocodeCache.__table__.drop(db.engine)
    recording.answers["Tiny Hamlet"] = ("Tiny Hamlet, Dorset", 50.8, -2.3)
    assert resolve("Tiny Hamlet").precision is Precision.ONLINE
    assert resolve("Tiny Hamlet").precision is Precision.ONLINE
    assert recording.calls == ["Tiny Hamlet", "Tiny Hamlet"]  # no cache, so asked twice


def test_online_is_off_unless_configured(app: Flask, recording: type) -> None:
    app.config["GEOCODER_ONLINE"] = None
    with pytest.raises(UnknownLocation):
        resolve("Tiny Hamlet")
    assert recording.calls == []
