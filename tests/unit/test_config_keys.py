"""Every setting is declared once, with its default, in ``directory/config.py``, and the
README's configuration section documents it."""

from __future__ import annotations

import re
from pathlib import Path

from flask import Flask

from directory.config import Defaults

ROOT = Path(__file__).resolve().parents[2]
DECLARED = {name for name in vars(Defaults) if name.isupper()}
# Flask's own settings, with Flask's defaults, and the test switch.
FLASK = set(Flask.default_config) | {"TESTING"}
READ = re.compile(r"config(?:\.get\(|\[)f?[\"']([A-Z][A-Z0-9_]*)")
# A fallback is allowed only when it is the declared default itself (``Defaults.X``).
INLINE_DEFAULT = re.compile(r"config\.get\([\"'][A-Z0-9_]+[\"'],(?!\s*Defaults\.)")
# Functions of a plain mapping, called before the defaults are merged or by unit tests
# with a few keys: they may fall back.
MAPPING_FUNCTIONS = {"config.py", "db_deadline.py"}


def _sources() -> list[Path]:
    return sorted((ROOT / "directory").rglob("*.py"))


def test_every_setting_read_is_declared():
    undeclared = set()
    for path in _sources():
        for name in READ.findall(path.read_text(encoding="utf-8")):
            if name.endswith("_") and any(d.startswith(name) for d in DECLARED):
                continue  # a family read by prefix: config[f"AUTH_LIMIT_{name}"]
            if name not in DECLARED | FLASK:
                undeclared.add(f"{path.relative_to(ROOT)}: {name}")
    assert not undeclared, sorted(undeclared)


def test_no_setting_has_a_default_where_it_is_read():
    inline = [
        f"{path.relative_to(ROOT)}: {match}"
        for path in _sources()
        if path.name not in MAPPING_FUNCTIONS
        for match in INLINE_DEFAULT.findall(path.read_text(encoding="utf-8"))
    ]
    assert not inline, inline


def test_the_readme_documents_every_setting():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Configuration") : readme.index("## Command line")]
    missing = sorted(name for name in DECLARED if f"`{name}`" not in section)
    assert not missing, missing
