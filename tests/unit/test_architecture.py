"""The packages of ``directory`` import each other only downwards (docs/architecture.md).

Every import is read with ``ast``, including the ones inside functions, so a lazy
import cannot hide a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "directory"

FOUNDATION = {"clock", "config", "dbtypes", "extensions", "links", "prepared"}
DOMAIN = FOUNDATION | {"models", "geo", "search", "storage", "services"}
WEB = DOMAIN | {"errors"}
# Request-cycle hooks at the web edge: request ids and the error log, odd-input guards,
# load shedding. They import nothing of ours.
EDGE = {"logs", "guards", "overload"}

# What each part may import from the others (a part is a subpackage, or a module at the
# top of directory/). Anything not listed here is refused.
ALLOWED: dict[str, set[str] | None] = {
    "clock": set(),
    "config": set(),
    "dbtypes": set(),
    "extensions": {"dbtypes"},
    "database": {"extensions", "db_deadline", "prepared"},
    "db_deadline": set(),
    "links": set(),
    "prepared": {"extensions"},
    "logs": set(),
    "guards": set(),
    "overload": set(),
    "security": FOUNDATION,
    "models": FOUNDATION,
    "geo": FOUNDATION | {"models"},
    "search": FOUNDATION | {"models", "geo"},
    "storage": FOUNDATION | {"models"},
    "services": FOUNDATION | {"models", "geo", "search", "storage"},
    # the edge where service errors become HTTP answers
    "errors": {"services", "extensions", "logs"},
    # shared by the blueprints: forms, text cleaning, filters, timing, the search request
    "web": WEB,
    "auth": WEB | {"web"},
    "account": WEB | {"auth", "web"},
    "admin": WEB | {"auth", "web"},
    "public": WEB | {"auth", "web"},  # auth.limits: the per-IP search limits
    "api": WEB | {"auth", "web"},
    "health": FOUNDATION | {"database", "search"},
    "cli": DOMAIN | {"database"},
    "migrations": FOUNDATION | {"models", "database"},
    "__init__": None,  # create_app wires everything together: any part
}

# Known exceptions, each to be removed by the change named beside it. The test fails
# when one is no longer needed, so the list only shrinks.
EXCEPTIONS: dict[tuple[str, str], str] = {}

# The layers below the web never touch the request cycle (house style).
NO_WEB_BELOW = {"models", "geo", "search", "storage", "services"}
WEB_ONLY_NAMES = {"request", "session", "flash", "g", "redirect", "abort"}
WEB_ONLY_MODULES = ("flask_login", "flask_wtf", "wtforms")
# Files below the web allowed one of those names, with the reason.
WEB_NAME_EXCEPTIONS = {
    "services/taxonomy_cache.py": "g: a once-per-request memo of the taxonomy stamp; "
    "it reads nothing the request sent",
}


def _part(path: Path) -> str:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else parts[0].removesuffix(".py")


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """``(module, names)`` for every absolute import in the file, wherever it is."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, [alias.name for alias in node.names]))
    return found


def _edges() -> dict[tuple[str, str], list[str]]:
    """``(importer, imported)`` parts, with the files that make each edge."""
    edges: dict[tuple[str, str], list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        source = _part(path)
        for module, names in _imports(path):
            if module == "directory":
                targets = names
            elif module.startswith("directory."):
                targets = [module.split(".")[1]]
            else:
                continue
            for target in targets:
                if target != source:
                    edges.setdefault((source, target), []).append(str(path.relative_to(PACKAGE)))
    return edges


def test_every_part_is_in_the_table():
    parts = {_part(p) for p in PACKAGE.rglob("*.py")}
    assert parts <= set(ALLOWED), f"add {sorted(parts - set(ALLOWED))} to ALLOWED and the doc"


def test_imports_point_only_downwards():
    wrong = [
        f"{source} -> {target} ({', '.join(sorted(set(files)))})"
        for (source, target), files in _edges().items()
        if ALLOWED[source] is not None
        and target not in ALLOWED[source]
        and (source, target) not in EXCEPTIONS
    ]
    assert not wrong, "imports against docs/architecture.md:\n" + "\n".join(wrong)


def test_every_listed_exception_is_still_needed():
    edges = _edges()
    stale = [f"{a} -> {b}" for (a, b) in EXCEPTIONS if (a, b) not in edges]
    assert not stale, f"no longer imported, remove from EXCEPTIONS: {stale}"


def test_nothing_below_the_web_touches_the_request_cycle():
    wrong = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if _part(path) not in NO_WEB_BELOW:
            continue
        for module, names in _imports(path):
            if (
                module.startswith(WEB_ONLY_MODULES)
                or module.startswith("directory.")
                and (module.split(".")[1] in {"public", "api", "auth", "account", "admin"})
            ):
                wrong.append(f"{path.relative_to(PACKAGE)}: {module}")
            if str(path.relative_to(PACKAGE)) in WEB_NAME_EXCEPTIONS:
                continue
            if module == "flask" and WEB_ONLY_NAMES & set(names):
                wrong.append(f"{path.relative_to(PACKAGE)}: flask.{WEB_ONLY_NAMES & set(names)}")
    assert not wrong, "\n".join(wrong)


def test_the_search_request_reads_plain_values_only():
    # The page and the API hand it the query string as a mapping; it must not reach for
    # the request itself or for WTForms, so it stays usable from any entry point.
    wrong = []
    for name in ("search_request.py", "search_form.py"):
        for module, names in _imports(PACKAGE / "web" / name):
            if module.startswith(WEB_ONLY_MODULES) or (
                module == "flask" and WEB_ONLY_NAMES & set(names)
            ):
                wrong.append(f"web/{name}: {module} {names}")
    assert not wrong, "\n".join(wrong)


def test_the_checker_sees_lazy_imports(tmp_path):
    # A dependency hidden inside a function counts as much as one at the top.
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from directory.public import views\n")
    assert ("directory.public", ["views"]) in _imports(module)


def test_run_time_code_does_not_import_the_geodata_builder():
    # geo/build/ runs only under ``flask geo refresh``; the app reads what it wrote
    # through geo/tables.py. Only the builder itself and that command may import it.
    allowed = {PACKAGE / "geo" / "cli.py", *(PACKAGE / "geo" / "build").rglob("*.py")}
    wrong = [
        f"{path.relative_to(PACKAGE)}: {module}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if path not in allowed
        for module, names in _imports(path)
        if module.startswith("directory.geo.build")
        or (module == "directory.geo" and "build" in names)
    ]
    assert not wrong, "\n".join(wrong)
