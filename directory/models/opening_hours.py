"""When a clinic is open: one row per day it opens, structured so search can filter on it.

A day with no row is closed. A row either has opening and closing times or says the
clinic sees patients that day by appointment only (no times). Days are numbered as
Python's ``date.weekday()``: Monday 0 to Sunday 6.
"""

from __future__ import annotations

from datetime import time

from sqlalchemy import CheckConstraint, ForeignKey, SmallInteger, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from directory.extensions import Model

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKEND = (5, 6)


class OpeningHours(Model):
    __tablename__ = "clinic_opening_hours"
    __table_args__ = (
        UniqueConstraint("clinic_id", "weekday"),
        CheckConstraint("weekday BETWEEN 0 AND 6", name="weekday_range"),
        CheckConstraint(
            "(by_appointment AND opens IS NULL AND closes IS NULL)"
            " OR (NOT by_appointment AND opens IS NOT NULL AND closes IS NOT NULL"
            " AND opens < closes)",
            name="times_or_appointment",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    clinic_id: Mapped[int] = mapped_column(ForeignKey("clinics.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(SmallInteger)
    opens: Mapped[time | None] = mapped_column(Time)
    closes: Mapped[time | None] = mapped_column(Time)
    by_appointment: Mapped[bool] = mapped_column(default=False)

    @property
    def day_name(self) -> str:
        return DAY_NAMES[self.weekday]

    @property
    def is_weekend(self) -> bool:
        return self.weekday in WEEKEND

    def __repr__(self) -> str:
        return f"<OpeningHours clinic {self.clinic_id} day {self.weekday}>"
