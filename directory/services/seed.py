"""Loading the seed data: the treatment taxonomy, the bodies, and the demo practitioners."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from directory import clock
from directory.dbtypes import utcnow
from directory.extensions import db
from directory.models import (
    AccreditationBody,
    ClaimStatus,
    Clinic,
    CredentialClaim,
    LocationPrecision,
    Practitioner,
    Profession,
    PublicationState,
    Treatment,
    TreatmentOffer,
)
from directory.services import audit, demo_evidence, demo_practice, outbox
from directory.services import clinics as clinics_service
from directory.services.taxonomy import BODY_FIELDS, TREATMENT_FIELDS


@dataclass
class SeedReport:
    treatments: int = 0
    bodies: int = 0
    practitioners: int = 0
    clinics: int = 0
    unresolved_clinics: int = 0


def _read_yaml(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    if not isinstance(data, list):
        raise ValueError(f"{path} must hold a list")
    return data


def load_reference_data(seed_dir: Path, *, update_existing: bool = True) -> SeedReport:
    """Insert treatments and bodies missing by slug and, with ``update_existing``, bring
    the others back to what the files say; commits. Re-running changes nothing.

    ``setup`` (run at every start) passes ``update_existing=False`` so that an admin's
    edits to the taxonomy survive a restart; ``flask seed`` overwrites them on purpose.
    """
    report = SeedReport()
    changed = False
    for row in _read_yaml(seed_dir / "treatments.yaml"):
        values = {key: row.get(key) for key in TREATMENT_FIELDS if key in row}
        values["price_min_pence"] = _pence(row.get("price_min_gbp"))
        values["price_max_pence"] = _pence(row.get("price_max_gbp"))
        changed |= _upsert(Treatment, row["slug"], values, update_existing)
        report.treatments += 1
    for row in _read_yaml(seed_dir / "bodies.yaml"):
        values = {key: row[key] for key in BODY_FIELDS if key in row}
        changed |= _upsert(AccreditationBody, row["slug"], values, update_existing)
        report.bodies += 1
    if changed:
        # Synonyms and names feed every search document.
        outbox.mark_everything()
    db.session.commit()
    return report


def _pence(pounds: int | float | None) -> int | None:
    return None if pounds is None else round(pounds * 100)


def _upsert(
    model: type[Treatment] | type[AccreditationBody],
    slug: str,
    values: dict[str, Any],
    update_existing: bool,
) -> bool:
    obj = db.session.scalar(db.select(model).filter_by(slug=slug))
    if obj is None:
        obj = model(slug=slug)
        db.session.add(obj)
    elif not update_existing:
        return False
    changed = False
    for key, value in values.items():
        if getattr(obj, key) != value:
            setattr(obj, key, value)
            changed = True
    if changed:
        db.session.flush()
        audit.record("seed.upsert", model.__tablename__, obj.id, after={"slug": slug})
    return changed


def demo_loaded() -> bool:
    first = db.select(Practitioner.id).filter_by(is_demo=True).limit(1)
    return db.session.scalar(first) is not None


def load_demo(seed_dir: Path, today: date | None = None) -> SeedReport:
    """Load the demo practitioners unless some are already there; commits.

    Dates in the file are relative ("expires in 200 days"), anchored on ``today``, so the
    demo's mix of current, expiring and expired badges stays true whenever it is loaded.
    """
    report = SeedReport()
    if demo_loaded():
        return report
    today = today or clock.today()
    data = json.loads((seed_dir / "demo_practitioners.json").read_text(encoding="utf-8"))
    treatments = {t.slug: t for t in db.session.scalars(db.select(Treatment))}
    bodies = {b.slug: b for b in db.session.scalars(db.select(AccreditationBody))}
    clinics: dict[str, Clinic] = {}
    rows: list[tuple[Practitioner, dict[str, Any]]] = []
    for row in data["clinics"]:
        clinics[row["key"]] = clinic = _demo_clinic(row)
        demo_practice.clinic_details(clinic, row, today)
        report.clinics += 1
        report.unresolved_clinics += clinic.precision is LocationPrecision.UNRESOLVED
    by_key = {row["key"]: (clinics[row["key"]], row) for row in data["clinics"]}
    for row in data["practitioners"]:
        practitioner = Practitioner(
            slug=row["slug"],
            display_name=row["display_name"],
            title=row.get("title") or "",
            profession=Profession(row["profession"]),
            regulator=bodies[row["regulator"]] if row.get("regulator") else None,
            registration_number=row.get("registration_number"),
            bio=row.get("bio") or "",
            website=row.get("website"),
            phone=row.get("phone"),
            booking_url=row.get("booking_url"),
            state=PublicationState(row["state"]),
            is_demo=True,
            clinics=[clinics[key] for key in row["clinic_keys"]],
        )
        if practitioner.state is PublicationState.SUSPENDED:
            practitioner.suspension_reason = "Demo: suspended to show how suspension looks."
            practitioner.suspended_from = PublicationState.PUBLISHED
            practitioner.suspended_at = utcnow()
        practitioner.offers = [
            TreatmentOffer(
                treatment=treatments[t["slug"]], price_from_pence=t.get("price_from_pence")
            )
            for t in row["treatments"]
        ]
        practitioner.claims = [_demo_claim(c, bodies, today) for c in row["credentials"]]
        for claim, data in zip(practitioner.claims, row["credentials"], strict=True):
            if data.get("renews") is not None:  # a renewal waiting beside its badge
                claim.renews = practitioner.claims[data["renews"]]
        for claim in practitioner.claims:
            if claim.status is ClaimStatus.PENDING:
                demo_evidence.attach(claim, practitioner.full_name)
        demo_practice.practitioner_details(practitioner, row)
        db.session.add(practitioner)
        rows.append((practitioner, row))
        report.practitioners += 1
    db.session.flush()
    demo_practice.photos(rows, by_key)
    audit.record("seed.demo", "practitioner", None, after={"practitioners": report.practitioners})
    outbox.mark_everything()
    db.session.commit()
    return report


def _demo_clinic(row: dict[str, Any]) -> Clinic:
    clinic = Clinic(
        name=row["name"],
        address_line1=row.get("address_line1") or "",
        address_line2=row.get("address_line2") or "",
        town=row.get("town") or "",
        postcode=row["postcode"],
    )
    clinics_service.locate(clinic)
    db.session.add(clinic)
    return clinic


def _demo_claim(
    row: dict[str, Any], bodies: dict[str, AccreditationBody], today: date
) -> CredentialClaim:
    now = utcnow()
    decided = row.get("decided_days_ago")
    expires = row.get("expires_in_days")
    return CredentialClaim(
        body=bodies[row["body"]],
        number=row["number"],
        status=ClaimStatus(row["status"]),
        submitted_at=now - timedelta(days=row["submitted_days_ago"]),
        decided_at=None if decided is None else now - timedelta(days=decided),
        expires_on=None if expires is None else today + timedelta(days=expires),
        reason=row.get("reason"),
        register_note=row.get("register_note"),
        register_conditions=row.get("register_conditions"),
        prescriber=row.get("prescriber"),
    )
