"""Home visits: a practitioner who travels gives a base postcode and how far they go.

The base is geocoded offline (the postcode tables only, never the online geocoder: a
base is often a home, and its postcode has no business leaving the server). A full
postcode or just its district ("LS6") is accepted, so nobody has to publish where they
live; the public sees only "comes to you (up to N miles)". Search finds the
practitioner wherever the searcher is within that many miles of the base.
"""

from __future__ import annotations

from dataclasses import replace

from directory import geo
from directory.extensions import db
from directory.geo.settings import current_settings
from directory.models import Account, Practitioner
from directory.services.ownership import own_profile, record_change, snapshot
from directory.services.profile_rules import ProfileError

FIELDS = ("travel_postcode", "travel_latitude", "travel_longitude", "travel_miles")
MIN_MILES, MAX_MILES = 1, 100  # the search's database path relies on MAX_MILES


def set_home_visits(account: Account, postcode: str | None, miles: int | None) -> Practitioner:
    """Offer home visits from ``postcode`` up to ``miles``, or stop offering them when
    both are empty; commits and queues re-indexing. Raises ``ProfileError`` (fields
    "postcode", "miles") before changing anything: only one of the two given, miles
    outside 1 to 100, or a postcode the tables cannot place."""
    postcode = (postcode or "").strip()
    if not postcode and miles is None:
        place: tuple[str | None, float | None, float | None] = (None, None, None)
    elif not postcode:
        raise ProfileError("Give the postcode you travel from.", "postcode")
    elif miles is None or not MIN_MILES <= miles <= MAX_MILES:
        raise ProfileError(
            f"Say how far you travel, from {MIN_MILES} to {MAX_MILES} miles.", "miles"
        )
    else:
        place = locate_base(postcode)
    practitioner = own_profile(account)
    before = snapshot(practitioner, FIELDS)
    p = practitioner
    p.travel_postcode, p.travel_latitude, p.travel_longitude = place
    practitioner.travel_miles = miles if postcode else None
    record_change(
        practitioner,
        "profile.home_visits",
        "practitioner",
        practitioner.id,
        account,
        before,
        snapshot(practitioner, FIELDS),
    )
    db.session.commit()
    return practitioner


def locate_base(postcode: str) -> tuple[str, float, float]:
    """(normalised postcode, latitude, longitude) of a base, from the offline tables only;
    raises ``ProfileError`` (field "postcode") when they cannot place it."""
    offline = replace(current_settings(), online=None)
    try:
        found = geo.resolve_postcode(postcode, settings=offline, require_unit=False)
    except geo.GeoError as exc:
        raise ProfileError(exc.message, "postcode") from exc
    if found.lat is None or found.lon is None:
        raise ProfileError("We could not place that postcode; check it and try again.", "postcode")
    return geo.parse_postcode(postcode).normalised, found.lat, found.lon
