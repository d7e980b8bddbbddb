"""Addresses written from a prefix built once per request are the ones ``url_for`` builds."""

from __future__ import annotations

import pytest
from flask import url_for

from directory.services.photo_reads import PhotoRow
from directory.web.photo_urls import photo_url, srcset

pytestmark = pytest.mark.read_only


def _photo(digest: str) -> object:
    return PhotoRow(
        id=42, practitioner_id=1, clinic_id=None, slot=0, alt="", digest=digest,
        widths=[320, 640], width=640, height=480, created_at=None,
    )  # fmt: skip


@pytest.mark.parametrize("root", ["", "/directory"])
@pytest.mark.parametrize("digest", ["0123abcd89ef4567", "odd digest/é"])
def test_photo_addresses_match_url_for(app, root, digest):
    photo = _photo(digest)
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
        for width in (None, 320, 640):
            expected = url_for("public.photo_file", **photo.url_values(width))
            assert photo_url(photo, width) == expected
        assert srcset(photo).startswith(f"{root}/photos/42/")
