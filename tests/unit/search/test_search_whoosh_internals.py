"""Whoosh's private API is reached through ``search/whoosh_internals.py`` only, so a new
Whoosh release means reading one file."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import whoosh

from directory.search import whoosh_internals

ROOT = Path(__file__).resolve().parents[3]
GATE = ROOT / "directory" / "search" / "whoosh_internals.py"
# Whoosh's documented interface: anything else is internal and goes through the gate.
PUBLIC = {
    "whoosh",
    "whoosh.analysis",
    "whoosh.columns",
    "whoosh.fields",
    "whoosh.index",
    "whoosh.lang.porter",
    "whoosh.qparser",
    "whoosh.query",
    "whoosh.scoring",
    "whoosh.searching",
    "whoosh.sorting",
}


def _whoosh_imports(path: Path) -> list[tuple[str, str]]:
    """``(module, name)`` for every Whoosh import in the file, inside functions too."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(a.name, "") for a in node.names if a.name.split(".")[0] == "whoosh"]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            found += [(node.module or "", a.name) for a in node.names]
    return found


def _private(module: str, name: str) -> bool:
    return module not in PUBLIC or name.startswith("_")


def _offenders() -> list[str]:
    wrong = []
    for folder in ("directory", "tests", "bench", "seed_data"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == GATE or ".venv" in path.parts:
                continue
            for module, name in _whoosh_imports(path):
                if _private(module, name):
                    wrong.append(f"{path.relative_to(ROOT)}: {module} {name}".rstrip())
    return wrong


def test_only_the_gate_imports_whoosh_internals():
    assert not _offenders(), "import these from directory.search.whoosh_internals:\n" + (
        "\n".join(_offenders())
    )


def test_the_gate_is_where_the_internals_are():
    # Otherwise the check above would pass with nothing routed through the gate.
    assert any(_private(m, n) for m, n in _whoosh_imports(GATE))


@pytest.mark.parametrize(
    ("module", "name", "private"),
    [
        ("whoosh.codec.whoosh3", "W3Codec", True),
        ("whoosh.writing", "SegmentWriter", True),
        ("whoosh.lang.porter", "_stem", True),
        ("whoosh", "", False),
        ("whoosh.fields", "Schema", False),
    ],
)
def test_what_counts_as_private(module, name, private):
    assert _private(module, name) is private


def test_the_pin_is_the_installed_release():
    assert whoosh.versionstring() == whoosh_internals.PINNED_WHOOSH
    whoosh_internals.check_whoosh_version()
