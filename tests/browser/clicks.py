"""Clicks that lead to a new page, for checks that look at that page straight away."""

from __future__ import annotations


def click_and_load(control) -> None:  # type: ignore[no-untyped-def]
    """Click ``control`` (a form's button or a link) and return once the page it leads to
    has loaded, a form post's redirect included.

    A plain click returns as soon as the navigation it starts is committed. A check made
    then (``is_visible``, ``get_attribute``, which element has the focus) does not wait:
    on a busy machine it can see the page before, a new one not yet parsed, or one whose
    deferred script has not yet moved the focus. CI failed that way on "Your photo is
    saved.", and a local run on the focused error summary."""
    with control.page.expect_navigation():
        control.click()
