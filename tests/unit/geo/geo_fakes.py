"""Fakes for the network edge: a geopy geocoder that answers from a dict, and a clock.

A uniquely named module (not conftest) so test modules can import it unambiguously.
"""

from __future__ import annotations

import threading
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location

Answer = tuple[str, float, float] | Exception | None


class FakeGeocoder(Geocoder):
    """Answers queries from ``answers``; an Exception value is raised, as geopy would."""

    def __init__(self, answers: dict[str, Answer] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.answers = answers or {}
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    def geocode(
        self,
        query: str,
        *,
        exactly_one: bool = True,
        timeout: Any = DEFAULT_SENTINEL,
        **kwargs: Any,
    ) -> Location | None:
        with self._lock:
            self.calls.append((query, {"timeout": timeout, **kwargs}))
        answer = self.answers.get(query)
        if isinstance(answer, Exception):
            raise answer
        if answer is None:
            return None
        address, lat, lon = answer
        return Location(address, (lat, lon), {"display_name": address})


class FakeClock:
    """Time stands still; ``sleep`` records how long each caller was asked to wait."""

    def __init__(self, now: float = 1000.0) -> None:
        self.now = now
        self.sleeps: list[float] = []
        self._lock = threading.Lock()

    def time(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        with self._lock:
            self.sleeps.append(seconds)
