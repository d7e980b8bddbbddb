"""Clinic locations: turning a typed postcode into stored, honestly labelled coordinates."""

from __future__ import annotations

from directory import geo
from directory.models import Clinic, LocationPrecision


def locate(clinic: Clinic) -> None:
    """Normalise ``clinic.postcode`` and set its coordinates in place (no commit).

    A postcode that cannot be resolved is kept as typed, with no coordinates, precision
    ``unresolved`` and the reason in ``location_note``: the clinic is saved and flagged,
    never lost.
    """
    try:
        found = geo.resolve_postcode(clinic.postcode)
    except geo.GeoError as exc:
        clinic.postcode = clinic.postcode.strip().upper()
        clinic.latitude = clinic.longitude = None
        clinic.precision = LocationPrecision.UNRESOLVED
        clinic.location_source = None
        clinic.location_note = exc.message
        return
    clinic.postcode = geo.normalise_postcode(clinic.postcode)
    clinic.latitude, clinic.longitude = found.lat, found.lon
    clinic.precision = LocationPrecision(found.precision.value)
    clinic.location_source = found.source
    clinic.location_note = found.note
