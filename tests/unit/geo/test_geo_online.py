"""The optional online step, faked at the geopy boundary (no network, no database)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import geopy.geocoders
import pytest
from geo_fakes import FakeClock, FakeGeocoder
from geopy.exc import GeocoderNotFound, GeocoderTimedOut, GeocoderUnavailable

from directory.geo import (
    GeoSettings,
    NorthernIrelandPostcode,
    Precision,
    UnknownLocation,
    resolve,
    resolve_postcode,
)
from directory.geo.online import RateLimiter, geocoder_for, limiter_for


def online(fake: FakeGeocoder, **overrides: object) -> GeoSettings:
    return GeoSettings(online=fake, use_cache=False, **overrides)  # type: ignore[arg-type]


def test_off_by_default() -> None:
    assert GeoSettings().online is None
    assert geocoder_for(GeoSettings()) is None


def test_offline_answers_never_reach_the_network() -> None:
    fake = FakeGeocoder()
    settings = online(fake)
    for query in ("SW1A 1AA", "LS1", "Harrogate", "SW1A 9ZZ"):
        resolve(query, settings=settings)
    with pytest.raises(Exception, match="places called"):
        resolve("Woodford", settings=settings)  # ambiguity is asked, not sent online
    assert fake.calls == []


def test_unknown_place_found_online() -> None:
    fake = FakeGeocoder({"Tiny Hamlet": ("Tiny Hamlet, Dorset, England", 50.8, -2.3)})
    found = resolve("Tiny Hamlet", settings=online(fake))
    assert found.precision is Precision.ONLINE
    assert found.source == "online:fakegeocoder"
    assert found.label == "Tiny Hamlet, Dorset, England"
    assert found.location.raw["precision"] == "online"
    assert fake.calls[0][1]["timeout"] == 3.0


def test_answers_outside_the_uk_are_misses() -> None:
    fake = FakeGeocoder({"Zzyzx": ("Zzyzx, California", 35.14, -116.1)})
    with pytest.raises(UnknownLocation):
        resolve("Zzyzx", settings=online(fake))


def test_ni_postcode_tries_online_before_giving_up() -> None:
    fake = FakeGeocoder({"BT1 1AA": ("Belfast BT1 1AA", 54.6, -5.93)})
    assert resolve_postcode("bt1 1aa", settings=online(fake)).precision is Precision.ONLINE
    failing = FakeGeocoder({"BT7 1NN": GeocoderTimedOut("slow")})
    fallback = resolve_postcode("BT7 1NN", settings=online(failing))
    assert fallback.precision is Precision.DISTRICT and fallback.label == "BT7 (Belfast)"
    with pytest.raises(NorthernIrelandPostcode):
        resolve_postcode("BT68 4AA", settings=online(failing))


@pytest.mark.parametrize("failure", [GeocoderUnavailable("down"), GeocoderTimedOut("slow")])
def test_online_failure_degrades_to_a_clear_message(failure: Exception) -> None:
    fake = FakeGeocoder({"Tiny Hamlet": failure})
    with pytest.raises(UnknownLocation, match="not available right now"):
        resolve("Tiny Hamlet", settings=online(fake))


def test_service_named_in_config_is_built_with_agent_and_timeout(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(geopy.geocoders.SERVICE_TO_GEOCODER, "fake", FakeGeocoder)
    settings = GeoSettings(online="fake", user_agent="fap-tests/1.0", timeout=2.5, use_cache=False)
    service, geocoder = geocoder_for(settings)  # type: ignore[misc]
    assert service == "fake"
    assert geocoder.headers["User-Agent"] == "fap-tests/1.0"
    assert geocoder.timeout == 2.5
    assert geocoder_for(settings) == (service, geocoder)  # one instance per process
    with pytest.raises(UnknownLocation):
        resolve("Nowhere Special", settings=settings)  # the fake knows nothing
    with pytest.raises(GeocoderNotFound):
        geocoder_for(GeoSettings(online="no-such-service"))


def test_misconfigured_service_does_not_break_a_search() -> None:
    with pytest.raises(UnknownLocation, match="not available"):
        resolve("Nowhere Special", settings=GeoSettings(online="no-such-service", use_cache=False))


def test_limiter_spaces_concurrent_callers() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, clock=clock.time, sleep=clock.sleep)
    barrier = threading.Barrier(8)

    def call() -> bool:
        barrier.wait()
        return limiter.acquire()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(lambda _: call(), range(8)))
    assert all(results)
    # One caller went at once; the others were given distinct slots a second apart.
    assert sorted(clock.sleeps) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]


def test_limiter_refuses_slots_beyond_max_wait() -> None:
    clock = FakeClock()
    limiter = RateLimiter(1.0, clock=clock.time, sleep=clock.sleep)
    assert [limiter.acquire(max_wait=2.5) for _ in range(5)] == [True, True, True, False, False]
    clock.now += 10
    assert limiter.acquire(max_wait=0)


def test_rate_limit_is_process_wide_across_threads() -> None:
    clock = FakeClock()
    limiter = limiter_for("fakegeocoder", 1.0)
    limiter.clock, limiter.sleep = clock.time, clock.sleep
    assert limiter_for("fakegeocoder", 1.0) is limiter
    answers = {f"Hamlet {i}": (f"Hamlet {i}", 52.0, -1.0) for i in range(6)}
    # Two geocoder instances of one service still share the one limiter.
    settings = [online(FakeGeocoder(answers)), online(FakeGeocoder(answers))]

    def search(i: int) -> str:
        try:
            return resolve(f"Hamlet {i}", settings=settings[i % 2]).precision.value
        except UnknownLocation:
            return "refused"

    with ThreadPoolExecutor(6) as pool:
        outcomes = list(pool.map(search, range(6)))
    # Timeout 3 s: slots at +0, +1, +2, +3 are granted, later ones degrade at once.
    assert sorted(outcomes) == ["online"] * 4 + ["refused"] * 2
    assert sorted(clock.sleeps) == [1.0, 2.0, 3.0]
