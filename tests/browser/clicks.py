"""Clicks that lead to a new page, for checks that look at that page straight away."""

from __future__ import annotations


def click_and_load(control) -> None:  # type: ignore[no-untyped-def]
    """Click ``control`` (a form's button or a link) and return once the page it leads to
    has loaded, a form post's redirect included.

    A plain click returns as soon as the navigation it starts is committed. A check made
    then (``is_visible``, ``get_attribute``) does not wait, and on a busy machine it can
    still see the page before, or a new one not yet parsed: CI once failed that way on
    "Your photo is saved."."""
    with control.page.expect_navigation():
        control.click()
