"""Practitioners and the clinics where they work."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, Column, ForeignKey, Index, String, Table, Text
from sqlalchemy import true as sa_true
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, str_enum, utcnow
from directory.extensions import Model, db

if TYPE_CHECKING:
    from directory.models.accounts import Account
    from directory.models.credentials import AccreditationBody, CredentialClaim
    from directory.models.opening_hours import OpeningHours
    from directory.models.registrations import ClinicRegistration
    from directory.models.treatments import TreatmentOffer


class Profession(StrEnum):
    DOCTOR = "doctor"
    NURSE = "nurse"
    DENTIST = "dentist"
    PHARMACIST = "pharmacist"
    # Paramedics, physiotherapists and the other HCPC professions (JCCP Part A).
    ALLIED_HEALTH = "allied_health"
    OTHER = "other"


class PublicationState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUSPENDED = "suspended"


def published(state: Any) -> Any:
    """The rule "the public may see this listing", over its publication ``state``:
    published, so neither a draft nor suspended (suspending replaces the state).

    ``state`` is a value (answers a bool) or a state column, the mapped attribute or the
    table's own column in a Core statement (answers the SQL condition); comparison with
    ``==`` means one expression serves both. ``Practitioner.is_public`` is this rule.
    """
    return state == PublicationState.PUBLISHED


class ConsultationFee(StrEnum):
    """How a first consultation is paid for (with ``consultation_fee_pence`` when it costs)."""

    FREE = "free"
    DEDUCTED = "deducted"  # charged, then taken off the price of a treatment booked
    CHARGED = "charged"


class LocationPrecision(StrEnum):
    """How exactly a clinic's coordinates place it (from the geocoder's answer)."""

    UNIT = "unit"  # the full postcode's own coordinates
    SECTOR = "sector"
    DISTRICT = "district"
    AREA = "area"
    PLACE = "place"
    ONLINE = "online"
    UNRESOLVED = "unresolved"  # saved without coordinates; flagged to its owner


practitioner_clinics = Table(
    "practitioner_clinics",
    db.metadata,
    Column("practitioner_id", ForeignKey("practitioners.id", ondelete="CASCADE"), primary_key=True),
    Column("clinic_id", ForeignKey("clinics.id", ondelete="CASCADE"), primary_key=True),
    Index("ix_practitioner_clinics_clinic_id", "clinic_id"),
)


class Practitioner(Model):
    __tablename__ = "practitioners"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(120), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(20), default="")
    profession: Mapped[Profession] = mapped_column(str_enum(Profession))
    regulator_id: Mapped[int | None] = mapped_column(ForeignKey("accreditation_bodies.id"))
    registration_number: Mapped[str | None] = mapped_column(String(40))
    bio: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    phone: Mapped[str | None] = mapped_column(String(40))
    booking_url: Mapped[str | None] = mapped_column(String(300))
    # ISO 639 codes from ``directory.languages`` (English is assumed and not listed).
    languages: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")
    consultation: Mapped[ConsultationFee | None] = mapped_column(str_enum(ConsultationFee))
    consultation_fee_pence: Mapped[int | None]
    # Home visits: a base postcode (geocoded offline like a clinic's) and how far the
    # practitioner travels from it. Mobile only when all four are set.
    travel_postcode: Mapped[str | None] = mapped_column(String(10))
    travel_latitude: Mapped[float | None]
    travel_longitude: Mapped[float | None]
    travel_miles: Mapped[int | None]
    state: Mapped[PublicationState] = mapped_column(
        str_enum(PublicationState), default=PublicationState.DRAFT, index=True
    )
    suspension_reason: Mapped[str | None] = mapped_column(Text)
    suspended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # What reinstating returns to: a suspended profile goes back to draft or published.
    suspended_from: Mapped[PublicationState | None] = mapped_column(str_enum(PublicationState))
    is_demo: Mapped[bool] = mapped_column(default=False)
    # The owner can turn the public "Send a message" form off.
    accepts_enquiries: Mapped[bool] = mapped_column(default=True, server_default=sa_true())
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), unique=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    # Optimistic concurrency: every ORM UPDATE says WHERE version = <as read>.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    owner: Mapped[Account | None] = relationship()
    regulator: Mapped[AccreditationBody | None] = relationship()
    clinics: Mapped[list[Clinic]] = relationship(
        secondary=practitioner_clinics, back_populates="practitioners", order_by="Clinic.id"
    )
    offers: Mapped[list[TreatmentOffer]] = relationship(
        back_populates="practitioner", cascade="all, delete-orphan"
    )
    claims: Mapped[list[CredentialClaim]] = relationship(
        back_populates="practitioner", cascade="all, delete-orphan"
    )

    @property
    def full_name(self) -> str:
        return f"{self.title} {self.display_name}".strip()

    @property
    def travels(self) -> bool:
        """Offers home visits from a located base."""
        return None not in (self.travel_miles, self.travel_latitude, self.travel_longitude)

    @property
    def travel_district(self) -> str:
        """The outward code of the base ("LS6"): all the public is told of where it is."""
        return (self.travel_postcode or "").split(" ")[0]

    @hybrid_property
    def is_public(self) -> bool:
        """True while the public may see this listing (``published``); on the class, the
        same rule as a SQL condition: ``select(Practitioner.id).where(Practitioner.is_public)``."""
        return bool(published(self.state))

    @is_public.inplace.expression
    @classmethod
    def _is_public_condition(cls) -> Any:
        return published(cls.state)

    def __repr__(self) -> str:
        return f"<Practitioner {self.slug}>"


class Clinic(Model):
    __tablename__ = "clinics"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160))
    address_line1: Mapped[str] = mapped_column(String(160), default="")
    address_line2: Mapped[str] = mapped_column(String(160), default="")
    town: Mapped[str] = mapped_column(String(100), default="")
    # Normalised "SW1A 1AA" form; indexed for the "who else is at this postcode" lookup.
    postcode: Mapped[str] = mapped_column(String(10), index=True)
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    precision: Mapped[LocationPrecision] = mapped_column(
        str_enum(LocationPrecision), default=LocationPrecision.UNRESOLVED
    )
    location_source: Mapped[str | None] = mapped_column(String(60))
    location_note: Mapped[str | None] = mapped_column(String(300))
    # Access, as the practitioner states it: None is "not said", never "no".
    step_free: Mapped[bool | None]
    accessible_toilet: Mapped[bool | None]
    parking: Mapped[str] = mapped_column(String(160), default="", server_default="")
    nearest_station: Mapped[str] = mapped_column(String(160), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    practitioners: Mapped[list[Practitioner]] = relationship(
        secondary=practitioner_clinics, back_populates="clinics"
    )
    hours: Mapped[list[OpeningHours]] = relationship(
        cascade="all, delete-orphan", order_by="OpeningHours.weekday", passive_deletes=True
    )
    registrations: Mapped[list[ClinicRegistration]] = relationship(
        back_populates="clinic",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ClinicRegistration.id",
    )

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    def __repr__(self) -> str:
        return f"<Clinic {self.id} {self.postcode}>"
