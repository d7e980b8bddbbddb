"""Geocoding settings: from the current Flask app's config, or defaults without one."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
    them: its numbers then come from ``config.Defaults`` too). Every search asks, so
    the settings made from the same values are kept and handed out again (they are
    frozen); a changed value makes new ones.
    """
    from flask import current_app, has_app_context

    if not has_app_context():
        return GeoSettings(use_cache=False)
    config = current_app.config
    values = (
        config.get("GEODATA_DIR"),
        config.get("GEOCODER_ONLINE"),
        config.get("GEOCODER_USER_AGENT"),
        config.get("GEOCODER_TIMEOUT", Defaults.GEOCODER_TIMEOUT),
        config.get("GEOCODER_MIN_DELAY", Defaults.GEOCODER_MIN_DELAY),
        "sqlalchemy" in current_app.extensions,
    )
    try:
        return _made[values]
    except KeyError:
        if len(_made) >= _MADE_LIMIT:
            _made.clear()
        settings = _made[values] = _settings(*values)
        return settings
    except TypeError:  # an unhashable value (a test's stand-in geocoder): nothing kept
        return _settings(*values)


_MADE_LIMIT = 32
_made: dict[tuple[Any, ...], GeoSettings] = {}


def _settings(
    data_dir: Any, online: Any, user_agent: Any, timeout: Any, min_delay: Any, use_cache: bool
) -> GeoSettings:
    return GeoSettings(
        data_dir=Path(data_dir) if data_dir else None,
        online=online or None,
        user_agent=user_agent or DEFAULT_USER_AGENT,
        timeout=float(timeout),
        min_delay=float(min_delay),
        use_cache=use_cache,
    )


def data_dir_setting() -> str | Path | None:
    """Just ``GEODATA_DIR`` as configured (or None): the cheap read for hot paths."""
    from flask import current_app, has_app_context

    if not has_app_context():
        return None
    return current_app.config.get("GEODATA_DIR") or None
