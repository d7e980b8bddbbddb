"""Photos in a real browser: a practitioner uploads a profile photo and clinic photos
through the form, and the public profile shows them on a phone and a desktop, every
image loaded at a sensible width, with no axe-core violation."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from axe_check import axe_clean
from clicks import click_and_load
from factories import PASSWORD, make_account, make_practitioner
from PIL import Image, ImageDraw

pytestmark = pytest.mark.browser


def _picture(
    path: Path,
    size: tuple[int, int],
    top: tuple[int, int, int],
    bottom: tuple[int, int, int],
    orientation: int = 1,
) -> Path:
    """A JPEG with a vertical gradient and a pale disc: something to look at."""
    image = Image.new("RGB", size)
    draw = ImageDraw.Draw(image)
    for y in range(size[1]):
        t = y / size[1]
        colour = tuple(int(a + (b - a) * t) for a, b in zip(top, bottom, strict=True))
        draw.line([(0, y), (size[0], y)], fill=colour)
    r = min(size) // 4
    draw.ellipse(
        [size[0] // 2 - r, size[1] // 3 - r, size[0] // 2 + r, size[1] // 3 + r],
        fill=(245, 225, 205),
    )
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=88)
    path.write_bytes(out.getvalue())
    return path


def _loaded_images(page) -> list[dict]:  # type: ignore[no-untyped-def]
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")  # wake the lazy ones
    # Polled from here: wait_for_function compiles its predicate with eval once the first
    # check fails, which the site's CSP (no 'unsafe-eval') refuses.
    deadline = time.monotonic() + 10
    while not page.evaluate("[...document.images].every(i => i.complete)"):
        assert time.monotonic() < deadline, "images still loading after 10 s"
        page.wait_for_timeout(50)
    return page.evaluate("""[...document.querySelectorAll('img[srcset]')].map(i => ({
        alt: i.alt, natural: i.naturalWidth, shown: i.getBoundingClientRect().width,
        src: i.currentSrc, lazy: i.loading}))""")


def test_uploaded_photos_show_on_the_public_profile(
    app, live_server, page_for, screenshot, tmp_path
):  # type: ignore[no-untyped-def]
    make_practitioner("amira-shah", make_account("amira@example.org"))
    page = page_for(width=390, height=844, is_mobile=True, has_touch=True)
    page.goto(f"{live_server}/sign-in")
    page.get_by_label("Email address").fill("amira@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server}/account/photos")
    assert page.get_by_text("No before-and-after pictures").is_visible()
    axe_clean(page, "photos page at 390px")

    uploads = [
        (
            "#profile",
            _picture(tmp_path / "me.jpg", (1500, 2000), (90, 110, 140), (30, 40, 60)),
            "Amira Shah, smiling, in a white tunic",
        ),
        (
            "section[id^=clinic-]",
            _picture(
                tmp_path / "room.jpg", (2000, 1500), (220, 215, 205), (150, 140, 130), orientation=1
            ),
            "Treatment room with a reclining chair",
        ),
        (
            "section[id^=clinic-]",
            _picture(tmp_path / "door.jpg", (1600, 1200), (120, 160, 150), (40, 70, 60)),
            "The clinic's front door on Park Row",
        ),
    ]
    for section, path, alt in uploads:
        form = page.locator(f"{section} form")
        form.locator("input[type=file]").set_input_files(str(path))
        form.get_by_label("Describe the photo").fill(alt)
        click_and_load(form.locator("button[type=submit]"))
        assert page.get_by_text("Your photo is saved.").is_visible()
    screenshot(page, "photos-account-390")

    for width, height in ((390, 844), (1280, 900)):
        public = page_for(width=width, height=height)
        public.goto(f"{live_server}/practitioners/amira-shah")
        images = _loaded_images(public)
        assert [i["alt"] for i in images] == [alt for _s, _p, alt in uploads]
        for image in images:
            assert image["natural"] > 0 and image["src"].endswith(".webp")
            # The browser picked a copy near the size shown, not always the largest.
            assert image["natural"] <= max(640, 3 * image["shown"]), image
        assert [i["lazy"] for i in images] == ["auto", "lazy", "lazy"]
        screenshot(public, f"photos-profile-{width}")
        axe_clean(public, f"profile with photos at {width}px")
