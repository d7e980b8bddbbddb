"""JSON shapes of the public API (v1). Partners rely on these names: add, never rename.

Money is ``*_gbp`` as a number of pounds (two decimals at most); dates are ISO 8601;
coordinates are WGS84 degrees; distances are miles to two decimals.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from directory.links import absolute_url
from directory.models import (
    AccreditationBody,
    Clinic,
    OpeningHours,
    Photo,
    Treatment,
    TreatmentOffer,
)
from directory.services.finder_rows import CardOffer
from directory.services.profiles import Badge, Profile
from directory.services.trust import Person, Standing, public_name
from directory.web.formatting import hh_mm


def gbp(pence: int | None) -> float | None:
    return None if pence is None else round(pence / 100, 2)


def miles(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def credential(badge: Badge) -> dict[str, Any]:
    return {
        "body": badge.body.slug,
        "body_name": badge.body.name,
        "verified_on": iso(badge.verified_on),
        "valid_until": iso(badge.valid_until),
        "conditions": badge.conditions,
    }


def standing(p: Person, facts: Standing) -> dict[str, Any]:
    """Who someone is, as far as we checked: ``profession`` and a "Dr" in ``name`` and
    ``title`` only when a regulator confirms them (``stated_profession`` is theirs)."""
    rx = facts.prescriber
    return {
        "name": public_name(p, facts),
        "profession": facts.profession.value if facts.profession else None,
        "stated_profession": facts.stated_profession.value,
        "checked": facts.checked,
        "prescriber": rx is not None,
        "prescriber_checked_on": iso(rx.decided_at.date()) if rx and rx.decided_at else None,
    }


def offer(item: TreatmentOffer | CardOffer) -> dict[str, Any]:
    return {
        "slug": item.treatment.slug,
        "name": item.treatment.name,
        "price_from_gbp": gbp(item.price_from_pence),
    }


def registration(item: Any) -> dict[str, Any]:
    """A clinic registration we checked and that is current (a ``ClinicRegistration`` or
    a result card's row of one): never an unchecked one."""
    return {
        "kind": item.kind.value,
        "regulator": item.regulator,
        "issuer": item.issuer,
        "number": item.number,
        "checked_on": iso(item.decided_at.date()) if item.decided_at else None,
        "valid_until": iso(item.expires_on),
        "url": item.public_url,
    }


def clinic(
    item: Clinic, distance_miles: float | None = None, registrations: tuple[Any, ...] = ()
) -> dict[str, Any]:
    return {
        "name": item.name,
        "address_line1": item.address_line1,
        "address_line2": item.address_line2,
        "town": item.town,
        "postcode": item.postcode,
        "lat": item.latitude,
        "lon": item.longitude,
        "distance_miles": miles(distance_miles),
        "opening_hours": [opening(h) for h in item.hours],
        "step_free": item.step_free,
        "accessible_toilet": item.accessible_toilet,
        "parking": item.parking or None,
        "nearest_station": item.nearest_station or None,
        "registrations": [registration(r) for r in registrations],
    }


def opening(item: OpeningHours) -> dict[str, Any]:
    """One day a clinic opens; ``opens``/``closes`` are "HH:MM", null by appointment."""
    return {
        "day": item.day_name.lower(),
        "opens": hh_mm(item.opens) if item.opens else None,
        "closes": hh_mm(item.closes) if item.closes else None,
        "by_appointment": item.by_appointment,
    }


def photo(item: Photo) -> dict[str, Any]:
    """A photo: its description, the widest copy, and every copy for ``srcset``."""
    return {
        "alt": item.alt,
        "url": absolute_url("public.photo_file", **item.url_values()),
        "width": item.width,
        "height": item.height,
        "sizes": [
            {
                "width": w,
                "height": item.height_at(w),
                "url": absolute_url("public.photo_file", **item.url_values(w)),
            }
            for w in item.widths
        ],
    }


def profile_url(slug: str) -> str:
    return absolute_url("public.profile", slug=slug)


def practitioner(profile: Profile) -> dict[str, Any]:
    """The full public profile: what the profile page shows, as data."""
    p = profile.practitioner
    reg = profile.registration
    return {
        "id": p.id,
        "slug": p.slug,
        **standing(p, profile.standing),
        "title": profile.standing.title,
        "display_name": p.display_name,
        "is_demo": p.is_demo,
        "bio": p.bio,
        "website": p.website,
        "phone": p.phone,
        "booking_url": p.booking_url,
        "languages": list(p.languages or []),
        "consultation": None
        if p.consultation is None
        else {"kind": p.consultation.value, "fee_gbp": gbp(p.consultation_fee_pence)},
        "home_visits": {"miles": p.travel_miles, "from_district": p.travel_district}
        if p.travels
        else None,
        "registration": None
        if reg is None
        else {
            "body": reg.body.slug,
            "body_name": reg.body.name,
            "number": reg.number,
            "register_url": reg.body.register_url or None,
            "checked_on": iso(reg.checked.verified_on) if reg.checked else None,
        },
        "credentials": [credential(b) for b in profile.badges],
        "treatments": [offer(o) for o in profile.offers],
        "clinics": [clinic(c.clinic, c.distance_miles, c.registrations) for c in profile.clinics],
        "photo": None if profile.photos.profile is None else photo(profile.photos.profile),
        "url": profile_url(p.slug),
    }


def treatment(item: Treatment) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "category": item.category,
        "synonyms": list(item.synonyms or []),
        "summary": item.summary,
        "description": item.description,
        "price_min_gbp": gbp(item.price_min_pence),
        "price_max_gbp": gbp(item.price_max_pence),
        "session_length": item.session_length,
        "course": item.course,
        "downtime": item.downtime,
        "side_effects": item.side_effects,
        "not_suitable_for": item.not_suitable_for,
        "credentials_to_look_for": item.credentials_to_look_for,
        "prescription_only": item.prescription_only,
        "url": absolute_url("public.treatment", slug=item.slug),
    }


def body(item: AccreditationBody) -> dict[str, Any]:
    return {
        "slug": item.slug,
        "name": item.name,
        "short_name": item.short_name,
        "kind": item.kind.value,
        "website": item.website or None,
        "register_url": item.register_url or None,
        "renewal_months": item.renewal_months,
        "description": item.description,
        "how_we_check": item.how_we_check,
        "url": absolute_url("public.bodies", _anchor=item.slug),
    }
