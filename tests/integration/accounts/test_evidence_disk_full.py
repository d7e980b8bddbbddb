"""A full upload disk: the practitioner is told nothing was saved, and no partial file
is left behind. Uses a real, tiny tmpfs mounted over the upload folder (needs root;
skipped otherwise)."""

from __future__ import annotations

import io
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask

from directory.extensions import db
from directory.models import CredentialClaim, Practitioner

from ._support import body_id

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def tiny_disk(app: Flask) -> Iterator[Path]:
    uploads = Path(app.config["UPLOAD_DIR"])
    uploads.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(uploads)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs: {mounted.stderr.decode().strip()}")
    try:
        yield uploads
    finally:
        subprocess.run(["umount", str(uploads)], check=True)


def _files(folder: Path) -> list[Path]:
    return [p for p in folder.rglob("*") if p.is_file()]


def test_a_full_disk_saves_nothing_and_says_so(practitioner, tiny_disk):
    big = PDF + b"0" * (200 * 1024)  # fits the 5 MB rule, not the 64 KB disk
    response = practitioner.post(
        "/account/claims",
        data={
            "body": body_id("jccp"),
            "number": "JCCP12345",
            "evidence": (io.BytesIO(big), "certificate.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 503
    assert "nothing was saved" in response.text
    assert 'value="JCCP12345"' in response.text  # the number is still in the form
    mine = db.select(CredentialClaim).join(Practitioner).where(Practitioner.owner_id.is_not(None))
    # Only the NMC registration saved with the profile (issue 12): no JCCP claim.
    assert [c.body.slug for c in db.session.scalars(mine)] == ["nmc"]
    assert _files(tiny_disk) == []  # no partial file, under any name

    small = practitioner.post(
        "/account/claims",
        data={
            "body": body_id("jccp"),
            "number": "JCCP12345",
            "evidence": (io.BytesIO(PDF), "certificate.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert small.status_code == 302
    [stored] = _files(tiny_disk)
    assert stored.read_bytes() == PDF and not stored.name.startswith(".")
