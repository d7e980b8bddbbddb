"""Photos a practitioner shows the public: one of themselves, and up to six per clinic.

Only re-encoded copies are kept (never the upload), one per width in ``widths``, under
storage keys built by ``Photo.key``. The database holds the limits, so no race between
two uploads can break them: a profile photo has no clinic and slot 0 (one per
practitioner, by a partial unique index); a clinic photo has slot 1 to
``MAX_PER_CLINIC``, unique per clinic.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    ForeignKey,
    Index,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy import text as sa_text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import Model

if TYPE_CHECKING:
    from directory.models.practitioners import Clinic, Practitioner

MAX_PER_CLINIC = 6
PROFILE_SLOT = 0


class Photo(Model):
    __tablename__ = "photos"
    __table_args__ = (
        UniqueConstraint("clinic_id", "slot"),
        CheckConstraint(
            f"(clinic_id IS NULL AND slot = {PROFILE_SLOT})"
            f" OR (clinic_id IS NOT NULL AND slot BETWEEN 1 AND {MAX_PER_CLINIC})",
            name="slot_range",
        ),
        Index(
            "uq_photos_one_profile_photo",
            "practitioner_id",
            unique=True,
            sqlite_where=sa_text("clinic_id IS NULL"),
            postgresql_where=sa_text("clinic_id IS NULL"),
        ),
        # Ids are never reused (SQLite would otherwise hand a deleted photo's id to the
        # next one), so a storage key, which holds the id, never names two photos.
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # Whose photo it is: the profile it shows, or the practitioner who added a clinic
    # photo. It is served only while that profile is published.
    practitioner_id: Mapped[int] = mapped_column(
        ForeignKey("practitioners.id", ondelete="CASCADE"), index=True
    )
    clinic_id: Mapped[int | None] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    slot: Mapped[int] = mapped_column(SmallInteger)
    alt: Mapped[str] = mapped_column(String(200))
    # Start of the SHA-256 of the stored copies: in every URL, so a replaced photo gets
    # a new address and browsers may cache each one for a year.
    digest: Mapped[str] = mapped_column(String(16))
    widths: Mapped[list[int]] = mapped_column(JSON)  # ascending, e.g. [320, 640, 1280]
    width: Mapped[int]  # of the widest copy
    height: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    practitioner: Mapped[Practitioner] = relationship()
    clinic: Mapped[Clinic | None] = relationship()

    def key(self, width: int) -> str:
        """The storage key of the copy ``width`` pixels wide."""
        return f"photos/{self.id}/{self.digest}-{width}.webp"

    def keys(self) -> list[str]:
        return [self.key(w) for w in self.widths]

    def url_values(self, width: int | None = None) -> dict[str, Any]:
        """What the public route ``public.photo_file`` needs for the copy ``width`` wide
        (the widest when None)."""
        return {"photo_id": self.id, "digest": self.digest, "width": width or self.widths[-1]}

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))

    def __repr__(self) -> str:
        return f"<Photo {self.id} of practitioner {self.practitioner_id}>"
