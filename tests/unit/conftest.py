"""Unit tests run without an app, a database or a browser (``make unit`` runs only
these, in seconds); a unit test asking for one of those fixtures is refused."""

from __future__ import annotations

import pytest

NOT_IN_UNIT_TESTS = {"app", "database_url", "client", "runner", "live_server", "browser"}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/unit/" not in item.nodeid:
            continue
        used = NOT_IN_UNIT_TESTS & set(getattr(item, "fixturenames", ()))
        if used:
            raise pytest.UsageError(
                f"{item.nodeid} uses {sorted(used)}: move it to tests/integration/"
            )
