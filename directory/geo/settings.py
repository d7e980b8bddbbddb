"""Geocoding settings: from the current Flask app's config, or defaults without one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from geopy.geocoders.base import Geocoder

from directory.config import Defaults

DEFAULT_USER_AGENT = "find-a-practitioner (offline-first UK geocoder)"


@dataclass(frozen=True, slots=True)
class GeoSettings:
    """``online`` is None/"" (off), a geopy service name ("nominatim"), or a ready geopy
    ``Geocoder`` instance (for custom set-ups and tests)."""

    data_dir: Path | None = None  # None: seed_data/geo in the repository
    online: str | Geocoder | None = None
    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 3.0  # seconds, per online request (and the longest queue wait)
    min_delay: float = 1.0  # seconds between online requests, process-wide
    use_cache: bool = True  # cache online answers in the database (needs an app context)


def current_settings() -> GeoSettings:
    """Settings from ``current_app.config`` when there is an app context, else defaults.

    Reads ``GEODATA_DIR``, ``GEOCODER_ONLINE``, ``GEOCODER_USER_AGENT``,
    ``GEOCODER_TIMEOUT`` and ``GEOCODER_MIN_DELAY``; missing keys take the defaults
    (an app built without ``create_app``, such as the geocoder's own tests, may lack
    them: its numbers then come from ``config.Defaults`` too).
    """
    from flask import current_app, has_app_context

    if not has_app_context():
        return GeoSettings(use_cache=False)
    config = current_app.config
    data_dir = config.get("GEODATA_DIR")
    return GeoSettings(
        data_dir=Path(data_dir) if data_dir else None,
        online=config.get("GEOCODER_ONLINE") or None,
        user_agent=config.get("GEOCODER_USER_AGENT") or DEFAULT_USER_AGENT,
        timeout=float(config.get("GEOCODER_TIMEOUT", Defaults.GEOCODER_TIMEOUT)),
        min_delay=float(config.get("GEOCODER_MIN_DELAY", Defaults.GEOCODER_MIN_DELAY)),
        use_cache="sqlalchemy" in current_app.extensions,
    )


def data_dir_setting() -> str | Path | None:
    """Just ``GEODATA_DIR`` as configured (or None): the cheap read for hot paths."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return None
    return current_app.config.get("GEODATA_DIR") or None
