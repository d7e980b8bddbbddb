"""A minimal Flask app for the geo integration tests: a real SQLite file, the geo CLI,
and the online step pointed at a fake geopy geocoder registered under a service name.

Built here rather than with the project's factory so these tests exercise only what
geo needs: ``db.init_app`` and the ``geocode_cache`` table.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import geopy.geocoders
import pytest
from flask import Flask
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

from directory.extensions import db
from directory.geo import online
from directory.geo.cli import geo_cli
from directory.models.geocache import GeocodeCache


class RecordingGeocoder(Geocoder):
    """Looked up by name ("recording"); answers and calls are per test (class level,
    because geo builds the instance itself from the service name)."""

    answers: ClassVar[dict[str, Any]] = {}
    calls: ClassVar[list[str]] = []
    _lock = threading.Lock()

    def geocode(
        self, query: str, *, exactly_one: bool = True, timeout: Any = DEFAULT_SENTINEL, **kw: Any
    ) -> Location | None:
        with self._lock:
            self.calls.append(query)
        answer = self.answers.get(query)
        if isinstance(answer, Exception):
            raise answer
        if answer is None:
            return None
        return Location(answer[0], (answer[1], answer[2]), {})


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> type[RecordingGeocoder]:
    monkeypatch.setitem(geopy.geocoders.SERVICE_TO_GEOCODER, "recording", RecordingGeocoder)
    monkeypatch.setattr(RecordingGeocoder, "answers", {})
    monkeypatch.setattr(RecordingGeocoder, "calls", [])
    monkeypatch.setattr(online, "_limiters", {})
    monkeypatch.setattr(online, "_geocoders", {})
    return RecordingGeocoder


@pytest.fixture
def app(tmp_path: Path, recording: type[RecordingGeocoder]) -> Iterator[Flask]:
    app = Flask("geo_integration")
    app.config.update(
        TESTING=True,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'geo.sqlite3'}",
        GEOCODER_ONLINE="recording",
        GEOCODER_USER_AGENT="find-a-practitioner-tests/1.0",
        GEOCODER_TIMEOUT=3.0,
        GEOCODER_MIN_DELAY=0.0,  # rate limiting has its own tests with a fake clock
    )
    db.init_app(app)
    app.cli.add_command(geo_cli)
    with app.app_context():
        # Only this table: other models belong to other parts of the project.
        db.metadata.create_all(db.engine, tables=[GeocodeCache.__table__])
        yield app
        db.session.remove()
        db.engine.dispose()
