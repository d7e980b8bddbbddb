"""Shared fixtures for the geo unit tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from directory.geo import online


@pytest.fixture(autouse=True)
def fresh_online(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Each test starts with no process-wide limiters or geocoders left by another."""
    monkeypatch.setattr(online, "_limiters", {})
    monkeypatch.setattr(online, "_geocoders", {})
    yield
