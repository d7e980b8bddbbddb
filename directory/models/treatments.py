"""The treatment taxonomy and what each practitioner offers, at what price."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import Model

if TYPE_CHECKING:
    from directory.models.practitioners import Practitioner


class Treatment(Model):
    __tablename__ = "treatments"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    category: Mapped[str] = mapped_column(String(40), index=True)
    # Everyday words people type for this treatment ("botox", "meso"); search expands them.
    synonyms: Mapped[list[str]] = mapped_column(JSON, default=list)
    summary: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    price_min_pence: Mapped[int | None]
    price_max_pence: Mapped[int | None]
    session_length: Mapped[str] = mapped_column(Text, default="")
    course: Mapped[str] = mapped_column(Text, default="")
    downtime: Mapped[str] = mapped_column(Text, default="")
    side_effects: Mapped[str] = mapped_column(Text, default="")
    not_suitable_for: Mapped[str] = mapped_column(Text, default="")
    credentials_to_look_for: Mapped[str] = mapped_column(Text, default="")
    prescription_only: Mapped[bool] = mapped_column(default=False)
    # Optimistic concurrency: every ORM UPDATE says WHERE version = <as read>.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Treatment {self.slug}>"


class TreatmentOffer(Model):
    __tablename__ = "treatment_offers"
    __table_args__ = (UniqueConstraint("practitioner_id", "treatment_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    practitioner_id: Mapped[int] = mapped_column(
        ForeignKey("practitioners.id", ondelete="CASCADE"), index=True
    )
    treatment_id: Mapped[int] = mapped_column(ForeignKey("treatments.id"), index=True)
    # Whole pence: money never goes through floats.
    price_from_pence: Mapped[int | None]
    notes: Mapped[str] = mapped_column(String(300), default="")
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    __mapper_args__ = {"version_id_col": version}

    practitioner: Mapped[Practitioner] = relationship(back_populates="offers")
    treatment: Mapped[Treatment] = relationship(lazy="joined")
