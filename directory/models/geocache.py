"""Answers of the online geocoder, hits and misses, so each query costs one request.

Written only by ``directory.geo.online_cache`` in its own short transaction; rows are
disposable (deleting them all only costs fresh online requests).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from directory.dbtypes import UTCDateTime, utcnow
from directory.extensions import Model


class GeocodeCache(Model):
    __tablename__ = "geocode_cache"
    __table_args__ = (UniqueConstraint("service", "query_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(60))  # "nominatim"
    query_key: Mapped[str] = mapped_column(String(200))  # normalised query text
    found: Mapped[bool]  # False: the service had no answer (a cached miss)
    label: Mapped[str | None] = mapped_column(String(300))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
