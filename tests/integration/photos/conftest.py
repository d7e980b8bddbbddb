"""Fixtures for the photo tests: a published practitioner who owns their listing and is
signed in, photo bytes made with Pillow, and both file-storage backends."""

from __future__ import annotations

import io

import pytest
from factories import make_account, make_practitioner, sign_in
from flask import Flask
from flask.testing import FlaskClient
from PIL import Image

from directory.models import Practitioner

ALT = "Amira smiling in her treatment room"


def jpeg_with_gps(size: tuple[int, int] = (1600, 1200), orientation: int = 6) -> bytes:
    """A JPEG as a phone writes it: stored sideways with an EXIF orientation, the
    camera's make, and where it was taken. The left half is red, the right blue, so a
    test can tell which way up the copy came out."""
    image = Image.new("RGB", size, (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 30.0, 12.5), 3: "W", 4: (0.0, 7.0, 39.0)})
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(size: tuple[int, int] = (200, 150), colour: tuple[int, ...] = (10, 120, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def upload(client: FlaskClient, url: str, data: bytes, name: str = "photo.jpg", alt: str = ALT):  # noqa: ANN201
    return client.post(
        url,
        data={"photo": (io.BytesIO(data), name), "alt": alt},
        content_type="multipart/form-data",
    )


@pytest.fixture(params=["local", "database"])
def storage_backend(request: pytest.FixtureRequest, reference_data: Flask) -> str:
    """Each test using it runs once per file-storage backend."""
    reference_data.config["FILE_STORAGE"] = request.param
    return str(request.param)


@pytest.fixture
def owner_practitioner(reference_data: Flask) -> Practitioner:
    """A published practitioner with one Leeds clinic, owned by amira@example.org."""
    return make_practitioner("amira-shah", make_account("amira@example.org"))


@pytest.fixture
def me(app: Flask, owner_practitioner: Practitioner) -> FlaskClient:
    """amira@example.org, signed in."""
    return sign_in(app.test_client(), "amira@example.org")
