"""The practitioner's home-visits form (issue 16 item 3): base postcode and miles."""

from __future__ import annotations

import pytest

from directory.extensions import db
from directory.geo import resolve
from directory.models import AuditEntry, Practitioner, SearchOutbox


def _mine() -> Practitioner:
    db.session.expire_all()
    return db.session.scalar(db.select(Practitioner).filter_by(display_name="Amira Shah"))


def test_a_base_and_a_range_are_placed_offline_and_queued_for_search(practitioner):
    page = practitioner.get("/account/home-visits")
    assert page.status_code == 200 and "never shown" in page.text
    response = practitioner.post(
        "/account/home-visits", data={"postcode": "ls1 4ap", "miles": "15"}
    )
    assert response.status_code == 302
    mine = _mine()
    leeds = resolve("LS1 4AP")
    assert (mine.travel_postcode, mine.travel_miles) == ("LS1 4AP", 15)
    assert (mine.travel_latitude, mine.travel_longitude) == (leeds.lat, leeds.lon)
    assert mine.travels
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="profile.home_visits"))
    assert entry.before["travel_miles"] is None and entry.after["travel_miles"] == 15
    assert db.session.scalar(db.select(SearchOutbox).filter_by(practitioner_id=mine.id))
    assert "Up to 15 miles from LS1 4AP" in practitioner.get("/account/").text
    # A district is enough: nobody has to give their home's postcode.
    assert (
        practitioner.post(
            "/account/home-visits", data={"postcode": "LS6", "miles": "100"}
        ).status_code
        == 302
    )
    assert (_mine().travel_postcode, _mine().travel_miles) == ("LS6", 100)
    # Both empty: no home visits any more.
    assert practitioner.post("/account/home-visits", data={}).status_code == 302
    mine = _mine()
    assert (mine.travel_postcode, mine.travel_latitude, mine.travel_miles) == (None, None, None)
    assert not mine.travels


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"postcode": "LS1 4AP"}, "Say how far you travel"),
        ({"postcode": "LS1 4AP", "miles": "0"}, "from 1 to 100"),
        ({"postcode": "LS1 4AP", "miles": "101"}, "from 1 to 100"),
        ({"postcode": "LS1 4AP", "miles": "ten"}, "from 1 to 100"),
        ({"postcode": "LS1 4AP", "miles": "2.5"}, "from 1 to 100"),
        ({"miles": "10"}, "Give the postcode you travel from"),
        ({"postcode": "NOT A CODE", "miles": "10"}, "postcode"),
        ({"postcode": "ZZ9 9ZZ", "miles": "10"}, "postcode"),
        ({"postcode": "x" * 11, "miles": "10"}, "10 characters"),
    ],
)
def test_bad_home_visits_are_refused_and_nothing_changes(practitioner, data, message):
    practitioner.post("/account/home-visits", data={"postcode": "HG1 1ST", "miles": "5"})
    response = practitioner.post("/account/home-visits", data=data)
    assert response.status_code == 400, response.text
    assert message.lower() in response.text.lower()
    mine = _mine()
    assert (mine.travel_postcode, mine.travel_miles) == ("HG1 1ST", 5)
