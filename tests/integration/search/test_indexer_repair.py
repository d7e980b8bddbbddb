"""The indexer rebuilds a live generation that cannot be opened, backing off when the
rebuild itself fails, instead of failing on every poll until someone steps in."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

from directory import search
from directory.search import indexer, store, writer

from ._support import LEEDS, add_practitioner, find, offset, point_of

HERE = point_of(LEEDS)


@pytest.fixture
def two_listed(taxonomy: Flask) -> Flask:
    add_practitioner("Near Meso", [offset(HERE, 2, 0)], ["mesotherapy"])
    add_practitioner("Far Meso", [offset(HERE, 7, 90)], ["mesotherapy"])
    search.rebuild()
    return taxonomy


def _damage(app: Flask, how: str) -> None:
    root = Path(app.config["SEARCH_INDEX_DIR"])
    generation = store.current_generation(root)
    assert generation is not None

    def replace(path: Path, data: bytes) -> None:
        temporary = path.with_name(path.name + ".new")
        temporary.write_bytes(data)
        os.replace(temporary, path)

    if how == "toc":
        for toc in generation.glob("_MAIN_*.toc"):
            replace(toc, b"\x00garbage" * 3)
    elif how == "taxonomy":
        replace(generation / store.TAXONOMY, b"{not json")
    else:
        replace(root / store.POINTER, b"gen-that-never-was")


@pytest.mark.parametrize("how", ["toc", "taxonomy", "pointer"])
def test_the_indexer_rebuilds_an_unreadable_index(two_listed, runner, how):
    _damage(two_listed, how)
    assert find(near=HERE, radius_miles=10).degraded

    result = runner.invoke(args=["search", "run-indexer", "--once"])
    assert result.exit_code == 0, result.output

    assert search.check_index(two_listed) == (True, "ok")
    results = find(near=HERE, radius_miles=10)
    assert not results.degraded and results.total == 2


def test_a_failing_repair_backs_off(two_listed, monkeypatch):
    _damage(two_listed, "toc")
    attempts = []

    def disk_full(*_args, **_kwargs):
        attempts.append(1)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writer, "create_generation", disk_full)
    clock = [1000.0]
    monkeypatch.setattr(indexer, "_now", lambda: clock[0])
    assert indexer.apply_outbox() == 0
    assert indexer.apply_outbox() == 0
    assert len(attempts) == 1  # the second poll waits for the back-off
    clock[0] += 1.5
    assert indexer.apply_outbox() == 0
    assert len(attempts) == 2
    clock[0] += 1.5  # the delay doubled to 2 s
    assert indexer.apply_outbox() == 0
    assert len(attempts) == 2

    monkeypatch.undo()
    indexer._repair_backoff.clear()
    indexer.apply_outbox()
    assert search.check_index(two_listed) == (True, "ok")
