"""Placeholder photos for the demo listings, drawn at seed time: a soft colour with the
clinic's or the practitioner's initials and a "DEMO" label, so nobody mistakes one for
a real photo. Their alt text starts "Demo placeholder image".

They go through the same processing as an upload (``photo_images.process``) and are
stored under the same keys. To keep ``flask setup`` quick they are small (one
320-pixel copy each), each look (initials and colour) is drawn and encoded once, and the
rows are inserted in one flush rather than one upload at a time.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from directory import storage
from directory.extensions import db
from directory.models import Photo, Practitioner
from directory.models.photos import PROFILE_SLOT
from directory.services import photo_images

WIDTH, HEIGHT = 320, 240
ALT = "Demo placeholder image"
# Soft backgrounds that dark initials read well on (contrast over 10:1).
PALETTE = (
    (214, 234, 248),
    (232, 218, 239),
    (212, 239, 223),
    (252, 228, 214),
    (250, 239, 201),
    (221, 226, 244),
    (244, 214, 224),
    (216, 240, 240),
)
INK = (34, 40, 49)


@dataclass(frozen=True)
class Wanted:
    """One placeholder to add: whose, where (``clinic_id`` None: the profile photo)."""

    practitioner: Practitioner
    clinic_id: int | None
    slot: int
    name: str  # whose initials it shows


@cache
def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def initials(name: str) -> str:
    """The first and last capitalised words' first letters ("Li Aesthetics": "LA")."""
    letters = [w[0] for w in name.replace("&", " ").split() if w[:1].isalpha() and w[0].isupper()]
    return "".join(letters[:1] + letters[-1:] if len(letters) > 1 else letters) or "?"


def draw(letters: str, colour: int, square: bool = False) -> bytes:
    """A PNG placeholder showing ``letters`` on ``PALETTE[colour]`` and "DEMO"."""
    size = (WIDTH, WIDTH) if square else (WIDTH, HEIGHT)
    image = Image.new("RGB", size, PALETTE[colour])
    pen = ImageDraw.Draw(image)
    pen.text((size[0] / 2, size[1] / 2 - 8), letters, font=_font(110), fill=INK, anchor="mm")
    pen.text((size[0] / 2, size[1] - 44), "DEMO", font=_font(30), fill=INK, anchor="mm")
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)
    return out.getvalue()


@cache
def _processed(letters: str, colour: int, square: bool) -> photo_images.Processed:
    return photo_images.process(draw(letters, colour, square))


def _alt(wanted: Wanted) -> str:
    if wanted.clinic_id is None:
        return f"{ALT}: the initials of {wanted.name}"
    return f"{ALT} {wanted.slot} for {wanted.name}"


def add(wanted: list[Wanted]) -> list[Photo]:
    """Store the placeholders (rows flushed, not committed; files written at once)."""
    added = []
    for w in wanted:
        letters = initials(w.name)
        # The colour follows the initials, so the same look is drawn once.
        colour = random.Random(f"{letters}-{w.slot}").randrange(len(PALETTE))
        processed = _processed(letters, colour, w.clinic_id is None)
        widest = processed.widest
        photo = Photo(
            practitioner_id=w.practitioner.id,
            clinic_id=w.clinic_id,
            slot=w.slot if w.clinic_id else PROFILE_SLOT,
            alt=_alt(w),
            digest=processed.digest,
            widths=[c.width for c in processed.copies],
            width=widest.width,
            height=widest.height,
        )
        db.session.add(photo)
        added.append((photo, processed))
    db.session.flush()
    files = storage.backend()
    for photo, processed in added:
        for copy in processed.copies:
            files.save(photo.key(copy.width), io.BytesIO(copy.data))
    return [photo for photo, _ in added]
