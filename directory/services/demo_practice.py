"""Loading the demo data's practical details (issue 16) onto the rows ``seed.load_demo``
builds: opening hours, access, care-regulator registrations, languages, consultation
fees, home visits and placeholder photos. What they hold is written by
``seed_data/demo_practice.py``; dates are relative, anchored on the day of loading.
"""

from __future__ import annotations

import io
from datetime import date, time, timedelta
from typing import Any

from directory.dbtypes import utcnow
from directory.models import (
    ClaimStatus,
    Clinic,
    ClinicRegistration,
    ConsultationFee,
    OpeningHours,
    Practitioner,
    RegistrationKind,
)
from directory.services import demo_evidence, demo_photos, evidence
from directory.services.home_visits import locate_base
from directory.services.registrations import regulator_for

DEMO_NOTE = "Demo: registration current on the regulator's list; made up for the demo."


def _clock(text: str) -> time:
    hour, minute = text.split(":")
    return time(int(hour), int(minute))


def clinic_details(clinic: Clinic, row: dict[str, Any], today: date) -> None:
    """Hours, access and any registration from ``row`` onto a located ``clinic``."""
    for day, value in sorted(row.get("hours", {}).items()):
        if value == "appointment":
            clinic.hours.append(OpeningHours(weekday=int(day), by_appointment=True))
        else:
            clinic.hours.append(
                OpeningHours(weekday=int(day), opens=_clock(value[0]), closes=_clock(value[1]))
            )
    clinic.step_free = row.get("step_free")
    clinic.accessible_toilet = row.get("accessible_toilet")
    clinic.parking = row.get("parking") or ""
    clinic.nearest_station = row.get("nearest_station") or ""
    if row.get("registration"):
        clinic.registrations.append(_registration(clinic, row["registration"], today))


def _registration(clinic: Clinic, row: dict[str, Any], today: date) -> ClinicRegistration:
    regulator = regulator_for(clinic)
    if regulator is None:  # the generator only registers clinics of a known nation
        raise ValueError(f"demo clinic {clinic.name}: no regulator for {clinic.postcode}")
    now = utcnow()
    registration = ClinicRegistration(
        kind=RegistrationKind.REGULATOR,
        regulator=regulator.slug,
        number=row["number"],
        status=ClaimStatus(row["status"]),
        submitted_at=now - timedelta(days=row["submitted_days_ago"]),
    )
    if registration.status is ClaimStatus.VERIFIED:
        registration.decided_at = now - timedelta(days=row["decided_days_ago"])
        registration.expires_on = today + timedelta(days=row["expires_in_days"])
        registration.register_note = DEMO_NOTE
    else:  # waiting in the queue: give the admin a certificate to look at
        document = demo_evidence.pdf(
            [
                (22, "DEMO EVIDENCE - NOT A REAL DOCUMENT"),
                (12, "Made up for trying out Find a Practitioner's verification queue."),
                (16, ""),
                (18, regulator.name),
                (14, "Certificate of registration"),
                (14, f"Premises: {clinic.name}, {clinic.postcode}"),
                (14, f"{regulator.number_label}: {row['number']}"),
            ]
        )
        stored = evidence.store(io.BytesIO(document), f"demo-{regulator.slug}-certificate.pdf")
        registration.evidence_path = stored.path
        registration.evidence_filename = stored.filename
        registration.evidence_mimetype = stored.mimetype
    return registration


def practitioner_details(practitioner: Practitioner, row: dict[str, Any]) -> None:
    """Languages, consultation fee and home visits from ``row``."""
    practitioner.languages = list(row.get("languages") or [])
    consultation = row.get("consultation")
    practitioner.consultation = ConsultationFee(consultation) if consultation else None
    practitioner.consultation_fee_pence = row.get("consultation_fee_pence")
    if row.get("travel_postcode"):
        base = locate_base(row["travel_postcode"])
        (
            practitioner.travel_postcode,
            practitioner.travel_latitude,
            practitioner.travel_longitude,
        ) = base
        practitioner.travel_miles = row["travel_miles"]


def photos(
    practitioners: list[tuple[Practitioner, dict[str, Any]]],
    clinics: dict[str, tuple[Clinic, dict[str, Any]]],
) -> None:
    """Placeholder photos: a profile photo where a row asks for one, and a clinic's photos
    added by the first practitioner listed at it (rows flushed, so they have ids)."""
    first: dict[str, Practitioner] = {}
    wanted = []
    for practitioner, row in practitioners:
        if row.get("photo"):
            wanted.append(demo_photos.Wanted(practitioner, None, 0, practitioner.display_name))
        for key in row["clinic_keys"]:
            first.setdefault(key, practitioner)
    for key, (clinic, row) in clinics.items():
        wanted.extend(
            demo_photos.Wanted(first[key], clinic.id, slot, clinic.name)
            for slot in range(1, row.get("photos", 0) + 1)
        )
    demo_photos.add(wanted)
