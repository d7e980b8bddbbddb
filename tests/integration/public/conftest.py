"""Fixtures for the public-site and API tests (``seeded`` and ``indexed`` come from
tests/conftest.py, copied from templates built once per session)."""

from __future__ import annotations
