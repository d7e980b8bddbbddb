"""The browser tests' accessibility check, in one place for every journey."""

from __future__ import annotations


def axe_clean(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """No axe-core violation, and nothing wider than the window (WCAG reflow)."""
    from axe_playwright_python.sync_playwright import Axe

    page.wait_for_load_state("load")
    results = Axe().run(page)
    assert results.violations_count == 0, f"{label}:\n{results.generate_report()}"
    width = page.viewport_size["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= width, label
