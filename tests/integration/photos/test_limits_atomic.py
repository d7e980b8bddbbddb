"""Two uploads at once cannot break the limits: a clinic shared by two practitioners
never gets a seventh photo, and one practitioner never gets two profile photos.

Each upload runs in its own thread with its own connection and waits between choosing
its slot and writing its row, so without the locks both would take the same place."""

from __future__ import annotations

import threading
import time

from factories import make_account, make_practitioner
from flask import Flask

from directory.extensions import db
from directory.models import Photo
from directory.services import accounts, photos
from directory.services.photos import PhotoConflict

from .conftest import png


def _at_once(app: Flask, monkeypatch, jobs: list[tuple[str, object]]) -> list[str]:
    real = photos._store

    def slow_store(*args: object) -> object:
        time.sleep(0.3)  # the slot is chosen, the row not yet written: a rival's window
        return real(*args)

    monkeypatch.setattr(photos, "_store", slow_store)
    outcomes: list[str] = []
    start = threading.Barrier(len(jobs))

    def run(email: str, upload: object) -> None:
        with app.app_context():
            account = accounts.find_by_email(email)
            start.wait()
            try:
                upload(account)  # type: ignore[operator]
                outcomes.append("added")
            except PhotoConflict:
                outcomes.append("refused")
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return sorted(outcomes)


def test_two_uploads_for_the_last_place_at_a_shared_clinic(app, owner_practitioner, monkeypatch):
    clinic = owner_practitioner.clinics[0]
    colleague = make_practitioner("ben-cole", make_account("ben@example.org"))
    colleague.clinics.append(clinic)
    db.session.commit()
    amira = accounts.find_by_email("amira@example.org")
    for n in range(5):
        photos.add_clinic_photo(amira, clinic.id, png(colour=(n, 0, 0)), f"Room {n}")
    clinic_id = clinic.id

    def add(alt: str):  # noqa: ANN202
        return lambda account: photos.add_clinic_photo(account, clinic_id, png(), alt)

    outcomes = _at_once(
        app,
        monkeypatch,
        [("amira@example.org", add("Amira's sixth")), ("ben@example.org", add("Ben's sixth"))],
    )
    assert outcomes == ["added", "refused"]
    db.session.expire_all()
    slots = db.session.scalars(db.select(Photo.slot).where(Photo.clinic_id == clinic_id))
    assert sorted(slots) == [1, 2, 3, 4, 5, 6]


def test_two_uploads_at_once_with_room_for_both_both_succeed(app, owner_practitioner, monkeypatch):
    # Without the clinic's lock both would pick slot 5 and one would be refused.
    clinic_id = owner_practitioner.clinics[0].id
    amira = accounts.find_by_email("amira@example.org")
    for n in range(4):
        photos.add_clinic_photo(amira, clinic_id, png(colour=(n, 0, 0)), f"Room {n}")

    def add(alt: str):  # noqa: ANN202
        return lambda account: photos.add_clinic_photo(account, clinic_id, png(), alt)

    outcomes = _at_once(
        app, monkeypatch, [("amira@example.org", add("Fifth")), ("amira@example.org", add("Sixth"))]
    )
    assert outcomes == ["added", "added"]
    db.session.expire_all()
    slots = db.session.scalars(db.select(Photo.slot).where(Photo.clinic_id == clinic_id))
    assert sorted(slots) == [1, 2, 3, 4, 5, 6]


def test_two_profile_photos_at_once_leave_one(
    app, owner_practitioner, monkeypatch, storage_backend
):
    from directory import storage

    def add(alt: str):  # noqa: ANN202
        return lambda account: photos.add_profile_photo(account, png((300, 300)), alt)

    outcomes = _at_once(
        app,
        monkeypatch,
        [("amira@example.org", add("First of two")), ("amira@example.org", add("Second of two"))],
    )
    assert outcomes == ["added", "added"]  # the later one replaced the earlier
    db.session.expire_all()
    [photo] = db.session.scalars(db.select(Photo)).all()
    assert sorted(storage.backend().keys("photos/")) == sorted(photo.keys())
