"""Uploading photos: checked from their bytes, re-encoded without metadata at a few
widths, stored through either backend, limited to one profile photo and six per clinic,
and deleted with their files."""

from __future__ import annotations

import io
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy.exc import IntegrityError

from directory import storage
from directory.extensions import db
from directory.models import AuditEntry, Photo, StoredFile
from directory.storage.local import LocalStore

from .conftest import ALT, jpeg_with_gps, png, upload

PROFILE = "/account/photos/profile"


def _photos() -> list[Photo]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(Photo).order_by(Photo.id)))


def _stored(key: str) -> bytes:
    with storage.backend().open(key) as stream:
        return stream.read()


def _all_keys(app) -> list[str]:
    local = list(LocalStore(app.config["UPLOAD_DIR"]).keys("photos/"))
    query = db.select(StoredFile.key).where(StoredFile.key.startswith("photos/"))
    in_db = list(db.session.scalars(query))
    return sorted(local + in_db)


def test_a_phone_photo_is_stored_upright_resized_and_without_exif(app, me, storage_backend):
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the input has GPS
    response = upload(me, PROFILE, original)
    assert response.status_code == 302, response.text
    [photo] = _photos()
    # Turned upright (1600 × 1200 stored sideways) and never enlarged past 1200 wide.
    assert photo.widths == [320, 640, 1200] and (photo.width, photo.height) == (1200, 1600)
    assert photo.alt == ALT and photo.clinic_id is None
    for width in photo.widths:
        data = _stored(photo.key(width))
        copy = Image.open(io.BytesIO(data))
        assert copy.format == "WEBP" and copy.size == (width, photo.height_at(width))
        assert not copy.getexif() and "exif" not in copy.info and "xmp" not in copy.info
        assert b"Exif" not in data and b"PhoneMaker" not in data
        # Orientation 6 turns the picture clockwise: the red left half is now on top.
        rgb = copy.convert("RGB")
        top, bottom = rgb.getpixel((width // 2, 5)), rgb.getpixel((width // 2, copy.height - 5))
        assert top[0] > 200 > top[2] and bottom[2] > 200 > bottom[0]
    # Only the copies are kept, in the configured backend; never the upload.
    assert _all_keys(app) == sorted(photo.keys())
    stored_in_db = db.session.scalar(
        db.select(db.func.count(StoredFile.key)).where(StoredFile.key.startswith("photos/"))
    )
    assert stored_in_db == (3 if storage_backend == "database" else 0)
    assert all(_stored(k) != original for k in photo.keys())
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="photo.add"))
    assert entry.entity_id == photo.id and entry.after["alt"] == ALT


def test_a_camera_sized_photo_gives_full_sized_copies(me):
    # 12 megapixels, stored sideways: decoded at half scale, still wider than 1280 upright.
    assert upload(me, PROFILE, jpeg_with_gps((4000, 3000))).status_code == 302
    [photo] = _photos()
    assert photo.widths == [320, 640, 1280] and (photo.width, photo.height) == (1280, 1707)
    for width in photo.widths:
        size = Image.open(io.BytesIO(_stored(photo.key(width)))).size
        assert size == (width, photo.height_at(width))


def test_a_small_photo_is_never_enlarged(me):
    assert upload(me, PROFILE, png((200, 150)), "tiny.png").status_code == 302
    [photo] = _photos()
    assert photo.widths == [200] and (photo.width, photo.height) == (200, 150)


def _pdf() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _gif() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (50, 50)).save(out, "GIF")
    return out.getvalue()


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (_pdf(), "photo.jpg", "content is none of those"),
        (_gif(), "photo.png", "content is none of those"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "photo.webp", "none of those"),
        (jpeg_with_gps()[:2000], "photo.jpg", "could not be read"),  # a JPEG cut short
        (b"", "photo.jpg", "The file is empty"),
    ],
)
def test_the_type_is_decided_from_the_bytes(app, me, data, name, message):
    response = upload(me, PROFILE, data, name)
    assert response.status_code == 400 and message in response.text
    assert 'id="profile-photo-error"' in response.text
    assert _photos() == [] and _all_keys(app) == []


def test_the_file_name_and_declared_type_do_not_matter(me):
    # PNG content under a PDF name and type is a PNG.
    response = me.post(
        PROFILE,
        data={"photo": (io.BytesIO(png()), "scan.pdf", "application/pdf"), "alt": ALT},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert len(_photos()) == 1


def _png_header(width: int, height: int) -> bytes:
    """A tiny PNG that claims to be ``width`` × ``height``: what a decompression bomb
    looks like before anyone decodes it."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            len(body).to_bytes(4, "big") + kind + body + zlib.crc32(kind + body).to_bytes(4, "big")
        )

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1000))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(8000, 6000), (20000, 20000), (13000, 100)])
def test_too_many_pixels_are_refused_before_decoding(app, me, size):
    response = upload(me, PROFILE, _png_header(*size), "bomb.png")
    assert response.status_code == 400 and "too large to process" in response.text
    assert _photos() == [] and _all_keys(app) == []


def test_an_upload_over_the_size_cap_is_refused_unread(app, me):
    head = (
        b'--B0undary\r\nContent-Disposition: form-data; name="alt"\r\n\r\nA room\r\n'
        b'--B0undary\r\nContent-Disposition: form-data; name="photo"; filename="b.jpg"\r\n'
        b"Content-Type: image/jpeg\r\n\r\n"
    )
    response = me.post(
        PROFILE,
        data=head + b"\xff\xd8\xff" + b"0" * (11 * 1024 * 1024) + b"\r\n--B0undary--\r\n",
        content_type="multipart/form-data; boundary=B0undary",
    )
    assert response.status_code == 413 and "larger than 10 MB" in response.text
    assert 'id="profile-photo-error"' in response.text
    assert _photos() == [] and _all_keys(app) == []


@pytest.mark.parametrize("alt", ["", "  ", "ab", "x" * 201])
def test_a_description_is_required(app, me, alt):
    response = upload(me, PROFILE, png(), alt=alt)
    assert response.status_code == 400 and 'id="profile-alt-error"' in response.text
    assert _photos() == [] and _all_keys(app) == []


def test_the_form_says_no_before_and_after_pictures(me):
    page = me.get("/account/photos")
    assert page.status_code == 200
    assert "No before-and-after pictures" in page.text and "botulinum toxin" in page.text


def test_a_new_profile_photo_replaces_the_old_one_and_its_files(app, me, storage_backend):
    upload(me, PROFILE, png((700, 500)))
    [old] = _photos()
    old_keys = old.keys()
    assert upload(me, PROFILE, png((400, 300), (200, 0, 0)), alt="A newer photo").status_code == 302
    [new] = _photos()
    assert new.alt == "A newer photo" and new.id != old.id
    assert _all_keys(app) == sorted(new.keys()) and not set(old_keys) & set(_all_keys(app))


def test_a_clinic_takes_six_photos_and_no_more(app, me, owner_practitioner, storage_backend):
    clinic_id = owner_practitioner.clinics[0].id
    url = f"/account/clinics/{clinic_id}/photos"
    for n in range(6):
        assert upload(me, url, png(colour=(n * 40, 0, 0)), alt=f"Room {n}").status_code == 302
    seventh = upload(me, url, png(), alt="One too many")
    assert seventh.status_code == 409 and "already has 6 photos" in seventh.text
    photos = _photos()
    assert sorted(p.slot for p in photos) == [1, 2, 3, 4, 5, 6]
    assert len(_all_keys(app)) == 6  # one 200-wide copy each; nothing of the seventh
    assert "6 of 6 photos" in me.get("/account/photos").text
    # Deleting one frees its place.
    assert me.post(f"/account/photos/{photos[2].id}/delete").status_code == 302
    assert upload(me, url, png(), alt="A replacement").status_code == 302
    assert sorted(p.slot for p in _photos()) == [1, 2, 3, 4, 5, 6]


def _row(practitioner_id: int, clinic_id: int | None, slot: int) -> Photo:
    return Photo(
        practitioner_id=practitioner_id,
        clinic_id=clinic_id,
        slot=slot,
        alt="x",
        digest="0" * 16,
        widths=[10],
        width=10,
        height=10,
    )


@pytest.mark.parametrize(("clinic", "slot"), [(True, 7), (True, 0), (False, 1)])
def test_the_database_refuses_a_slot_out_of_range(owner_practitioner, clinic, slot):
    clinic_id = owner_practitioner.clinics[0].id if clinic else None
    db.session.add(_row(owner_practitioner.id, clinic_id, slot))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_the_database_refuses_a_second_profile_photo_or_a_taken_slot(owner_practitioner):
    pid, cid = owner_practitioner.id, owner_practitioner.clinics[0].id
    db.session.add_all([_row(pid, None, 0), _row(pid, cid, 3)])
    db.session.commit()
    for duplicate in (_row(pid, None, 0), _row(pid, cid, 3)):
        db.session.add(duplicate)
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()


def test_deleting_a_photo_removes_its_files(app, me, storage_backend):
    upload(me, PROFILE, jpeg_with_gps())
    [photo] = _photos()
    assert me.get(f"/account/photos/{photo.id}/delete").status_code == 200  # asks first
    assert me.post(f"/account/photos/{photo.id}/delete").status_code == 302
    assert _photos() == [] and _all_keys(app) == []
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="photo.delete"))
    assert entry.before["alt"] == ALT


def test_nobody_else_can_see_or_delete_a_photo(app, me, client):
    from factories import make_account, make_practitioner, sign_in

    upload(me, PROFILE, png())
    [photo] = _photos()
    make_practitioner("other-one", make_account("other@example.org"))
    other = sign_in(client, "other@example.org")
    assert other.post(f"/account/photos/{photo.id}/delete").status_code == 404
    assert other.get(f"/account/photos/{photo.id}/200.webp").status_code == 404
    assert (
        other.post(
            f"/account/clinics/{photo.practitioner.clinics[0].id}/photos",
            data={"photo": (io.BytesIO(png()), "a.png"), "alt": ALT},
            content_type="multipart/form-data",
        ).status_code
        == 404
    )
    assert len(_photos()) == 1


def test_leaving_a_clinic_or_deleting_the_account_takes_the_photos(
    app, me, owner_practitioner, storage_backend
):
    from factories import PASSWORD

    clinic_id = owner_practitioner.clinics[0].id
    me.post(
        "/account/clinics/new",
        data={
            "name": "Second Clinic",
            "address_line1": "2 Park Row",
            "town": "Leeds",
            "postcode": "LS1 5AB",
        },
    )
    upload(me, f"/account/clinics/{clinic_id}/photos", png())
    upload(me, PROFILE, png())
    assert me.post(f"/account/clinics/{clinic_id}/remove").status_code == 302
    assert [p.clinic_id for p in _photos()] == [None]
    assert len(_all_keys(app)) == 1
    response = me.post("/account/delete", data={"password": PASSWORD})
    assert response.status_code == 302, response.text
    assert _photos() == [] and _all_keys(app) == []
    assert not list(Path(app.config["UPLOAD_DIR"]).rglob("*.webp"))


def test_the_same_photo_uploaded_again_replaces_itself(app, me, storage_backend):
    data = png((500, 400))
    assert upload(me, PROFILE, data).status_code == 302
    assert upload(me, PROFILE, data, alt="The same photo, described better").status_code == 302
    [photo] = _photos()
    assert photo.alt == "The same photo, described better"
    assert _all_keys(app) == sorted(photo.keys())
    copy = me.get(f"/account/photos/{photo.id}/500.webp")
    assert copy.status_code == 200 and "no-store" in copy.headers["Cache-Control"]
    copy.close()
