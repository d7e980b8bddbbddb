"""PDF evidence shown to admins as pictures of its pages, never as a PDF.

A PDF can carry script, and Chromium will not show a PDF under a sandbox policy, so a
PDF opened in the admin area would run with the admin's session on our origin. Instead
its pages are drawn here (PDFium, through pypdfium2; no PDF script is run) into PNG
images, which the browser shows sandboxed. At most ``MAX_PAGES`` pages are drawn, each
at most ``MAX_SIDE`` pixels on its longer side, so a hostile file cannot cost much.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium

from directory.services import NotFound

MAX_PAGES = 10
MAX_SIDE = 1600
SCALE = 1.5  # 108 dpi: a certificate's small print stays readable


def page_count(path: Path | bytes) -> int:
    """How many pages can be shown (0 for a file PDFium cannot read), at most MAX_PAGES."""
    try:
        document = pdfium.PdfDocument(path)
    except pdfium.PdfiumError:
        return 0
    try:
        return min(len(document), MAX_PAGES)
    finally:
        document.close()


def page_png(path: Path | bytes, number: int) -> bytes:
    """Page ``number`` (1-based) as a PNG. Raises ``NotFound`` past the shown pages."""
    if not 1 <= number <= page_count(path):
        raise NotFound("No such page.")
    document = pdfium.PdfDocument(path)
    try:
        page = document[number - 1]
        width, height = page.get_size()
        scale = min(SCALE, MAX_SIDE / max(width, height, 1))
        image = page.render(scale=scale).to_pil()
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()
    finally:
        document.close()
