"""The optional online step: any geopy geocoder, rate limited across the process, cached.

Nominatim's usage policy asks for at most one request a second from an application and
an identifying user agent. The limiter here is shared by every thread of the process
(one per service), hands out time slots under a lock and sleeps outside it, and refuses
a slot further away than the request timeout, so a burst of searches degrades to
offline answers instead of queueing for minutes. Workers in separate processes each
have their own limiter: run one worker, or a lower rate, if that matters.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from geopy.exc import GeopyError
from geopy.geocoders import Nominatim, get_geocoder_for_service
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from directory.geo.results import Precision, Resolution
from directory.geo.settings import GeoSettings

log = logging.getLogger(__name__)

# A generous box around the UK and its islands: answers outside it are someone else's
# Newport, and count as misses.
UK_BOUNDS = (49.0, -11.0, 61.5, 2.5)


class OnlineUnavailable(Exception):
    """The online service failed, timed out or is over its rate: try again later."""


class RateLimiter:
    """At most one call per ``min_delay`` seconds across all threads that share it.

    ``clock`` and ``sleep`` are attributes so tests can drive time by hand.
    """

    def __init__(
        self,
        min_delay: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.min_delay = min_delay
        self.clock = clock
        self.sleep = sleep
        self._next = float("-inf")
        self._lock = threading.Lock()

    def acquire(self, max_wait: float = float("inf")) -> bool:
        """Wait for this caller's slot and return True; False (no wait) if it is further
        off than ``max_wait`` seconds."""
        with self._lock:
            now = self.clock()
            slot = max(now, self._next)
            if slot - now > max_wait:
                return False
            self._next = slot + self.min_delay
        if slot > now:
            self.sleep(slot - now)
        return True


_limiters: dict[tuple[str, float], RateLimiter] = {}
_geocoders: dict[tuple[type[Geocoder], str, float], Geocoder] = {}
_registry_lock = threading.Lock()


def limiter_for(service: str, min_delay: float) -> RateLimiter:
    """The process-wide limiter for ``service`` at ``min_delay`` seconds."""
    with _registry_lock:
        return _limiters.setdefault((service, min_delay), RateLimiter(min_delay))


def geocoder_for(settings: GeoSettings) -> tuple[str, Geocoder] | None:
    """``(service name, geopy geocoder)`` for the configured online step, or None if off.

    Raises geopy's ``GeocoderNotFound`` for an unknown service name: a configuration
    mistake that should fail loudly in development.
    """
    online = settings.online
    if not online:
        return None
    if isinstance(online, Geocoder):
        return type(online).__name__.lower(), online
    cls = get_geocoder_for_service(online)
    key = (cls, settings.user_agent, settings.timeout)
    with _registry_lock:
        if key not in _geocoders:
            _geocoders[key] = cls(user_agent=settings.user_agent, timeout=settings.timeout)
        return online.lower(), _geocoders[key]


def geocode_online(query: str, settings: GeoSettings) -> Resolution | None:
    """Ask the online geocoder (cache first). None means "not found", which is cached.

    Raises ``OnlineUnavailable`` when the service fails or the rate limit would make
    the caller wait longer than the timeout; nothing is cached then.
    """
    found = geocoder_for(settings)
    if found is None:
        return None
    service, geocoder = found
    key = cache_key(query)
    if settings.use_cache:
        from directory.geo import online_cache

        hit = online_cache.get(service, key)
        if hit is not None:
            return _resolution(query, service, hit) if hit.found else None
    if not limiter_for(service, settings.min_delay).acquire(max_wait=settings.timeout):
        raise OnlineUnavailable(f"{service} is busy (rate limit)")
    try:
        location = geocoder.geocode(
            query, exactly_one=True, timeout=settings.timeout, **_uk_only(geocoder)
        )
    except GeopyError as exc:
        log.warning("Online geocoder %s failed for %r: %s", service, query, exc)
        raise OnlineUnavailable(f"{service} failed: {exc}") from exc
    if isinstance(location, list):
        location = location[0] if location else None
    answer = location if location is not None and _in_uk(location) else None
    if settings.use_cache:
        from directory.geo import online_cache

        online_cache.put(service, key, answer)
    return None if answer is None else _resolution(query, service, answer)


def cache_key(query: str) -> str:
    """Case and spacing do not make a query different."""
    return " ".join(query.lower().split())[:200]


def _uk_only(geocoder: Geocoder) -> dict[str, Any]:
    # Only Nominatim's keyword is known here; other services rely on the bounds check.
    return {"country_codes": ["gb"]} if isinstance(geocoder, Nominatim) else {}


def _in_uk(location: Location) -> bool:
    south, west, north, east = UK_BOUNDS
    lat, lon = float(location.latitude), float(location.longitude)
    return south <= lat <= north and west <= lon <= east


def _resolution(query: str, service: str, answer: Any) -> Resolution:
    return Resolution(
        query=query,
        label=str(answer.address),
        lat=float(answer.latitude),
        lon=float(answer.longitude),
        precision=Precision.ONLINE,
        source=f"online:{service}",
        note=f"Found by an online search ({service}); less certain than a postcode.",
    )
