"""Photos on the public site: shown with srcset and sizes, served from versioned
addresses with long caching, only while their practitioner is published, and in the API
and JSON-LD with absolute links."""

from __future__ import annotations

import json
import re

import pytest
from factories import make_account, make_practitioner, sign_in

from directory.extensions import db
from directory.models import Photo, PublicationState

from .conftest import ALT, jpeg_with_gps, png, upload


def _setup(me, practitioner) -> tuple[Photo, Photo]:
    assert upload(me, "/account/photos/profile", jpeg_with_gps()).status_code == 302
    clinic_id = practitioner.clinics[0].id
    assert (
        upload(
            me, f"/account/clinics/{clinic_id}/photos", png((900, 600)), alt="The waiting room"
        ).status_code
        == 302
    )
    db.session.expire_all()
    profile, room = db.session.scalars(db.select(Photo).order_by(Photo.id))
    return profile, room


def _img(page: str, alt: str) -> str:
    match = re.search(rf'<img [^>]*alt="{re.escape(alt)}"[^>]*>', page)
    assert match, f"no image described {alt!r}"
    return match.group(0)


def _fetch(client, url: str):  # noqa: ANN202
    response = client.get(url)
    data = response.data
    response.close()
    return response, data


def test_the_profile_shows_both_photos_responsively(app, me, owner_practitioner, client):
    profile, room = _setup(me, owner_practitioner)
    page = client.get("/practitioners/amira-shah").text
    head = _img(page, ALT)
    for width in (320, 640, 1200):
        assert f"/photos/{profile.id}/{profile.digest}-{width}.webp {width}w" in head
    assert 'sizes="' in head and 'width="1200" height="1600"' in head
    assert 'loading="lazy"' not in head  # at the top of the page
    card = _img(page, "The waiting room")
    assert 'loading="lazy"' in card and 'width="900" height="600"' in card
    assert f"/photos/{room.id}/{room.digest}-640.webp 640w" in card and 'sizes="' in card


def test_a_copy_is_served_as_webp_with_long_caching(app, me, owner_practitioner, client):
    profile, _room = _setup(me, owner_practitioner)
    url = f"/photos/{profile.id}/{profile.digest}-640.webp"
    response, data = _fetch(client, url)
    assert response.status_code == 200 and data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    assert response.mimetype == "image/webp"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    revalidated = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert revalidated.status_code == 304
    revalidated.close()
    for wrong in (
        f"/photos/{profile.id}/{'0' * 16}-640.webp",  # an old or made-up digest
        f"/photos/{profile.id}/{profile.digest}-500.webp",  # a width not stored
        f"/photos/{profile.id + 99}/{profile.digest}-640.webp",
    ):
        assert _fetch(client, wrong)[0].status_code == 404


@pytest.mark.parametrize("state", [PublicationState.DRAFT, PublicationState.SUSPENDED])
def test_photos_of_a_hidden_profile_are_not_served(app, me, owner_practitioner, client, state):
    profile, room = _setup(me, owner_practitioner)
    urls = [f"/photos/{p.id}/{p.digest}-{p.widths[0]}.webp" for p in (profile, room)]
    assert all(_fetch(client, u)[0].status_code == 200 for u in urls)
    owner_practitioner.state = state
    db.session.commit()
    assert all(_fetch(client, u)[0].status_code == 404 for u in urls)
    # Its owner still sees them in their account (until a suspension signs them out).
    if state is PublicationState.DRAFT:
        own, data = _fetch(me, f"/account/photos/{profile.id}/320.webp")
        assert own.status_code == 200 and data[8:12] == b"WEBP"


def test_a_colleague_at_a_shared_clinic_shows_only_published_photos(
    app, me, owner_practitioner, client
):
    _profile, room = _setup(me, owner_practitioner)
    colleague = make_practitioner("ben-cole", make_account("ben@example.org"))
    colleague.clinics.append(owner_practitioner.clinics[0])
    db.session.commit()
    assert "The waiting room" in client.get("/practitioners/ben-cole").text
    owner_practitioner.state = PublicationState.DRAFT
    db.session.commit()
    page = client.get("/practitioners/ben-cole").text
    assert "The waiting room" not in page and f"/photos/{room.id}/" not in page


def test_the_api_and_json_ld_give_the_profile_photo_with_absolute_links(
    app, me, owner_practitioner, client
):
    profile, _room = _setup(me, owner_practitioner)
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    widest = f"{base}/photos/{profile.id}/{profile.digest}-1200.webp"
    data = client.get("/api/v1/practitioners/amira-shah").get_json()
    photo = data["photo"]
    assert photo["url"] == widest and photo["alt"] == ALT
    assert (photo["width"], photo["height"]) == (1200, 1600)
    assert [s["width"] for s in photo["sizes"]] == [320, 640, 1200]
    assert photo["sizes"][0]["url"] == f"{base}/photos/{profile.id}/{profile.digest}-320.webp"
    documented = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    shape = documented["Practitioner"]["properties"]["photo"]["oneOf"][0]
    assert set(shape["required"]) <= set(photo) and set(shape["properties"]) == set(photo)
    page = client.get("/practitioners/amira-shah").text
    ld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    )
    assert ld["image"]["url"] == widest and ld["image"]["caption"] == ALT


def test_without_a_photo_the_api_says_null_and_json_ld_has_no_image(
    app, owner_practitioner, client
):
    data = client.get("/api/v1/practitioners/amira-shah").get_json()
    assert data["photo"] is None
    assert '"image"' not in client.get("/practitioners/amira-shah").text


def test_admins_see_photos_of_hidden_profiles_and_others_do_not(
    app, me, owner_practitioner, client
):
    from directory.models import Role

    profile, _room = _setup(me, owner_practitioner)
    owner_practitioner.state = PublicationState.SUSPENDED
    db.session.commit()
    make_account("admin@example.org", Role.ADMIN)
    admin = sign_in(app.test_client(), "admin@example.org")
    seen, data = _fetch(admin, f"/admin/photos/{profile.id}/320.webp")
    assert seen.status_code == 200 and data[8:12] == b"WEBP"
    assert "no-store" in seen.headers["Cache-Control"]
    assert _fetch(client, f"/admin/photos/{profile.id}/320.webp")[0].status_code == 404
