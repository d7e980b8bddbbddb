"""How often a place typed the way people type it lands where they meant, and how fast.

    .venv/bin/python bench/geo_places.py [--queries bench/data/place_queries.csv] [--km 5]

Each row of the query list (short names, Welsh/Gaelic/Irish names, qualifiers, a town
with a postcode district, "St."/hyphen/apostrophe spellings, London districts,
Northern Ireland places and postcodes, typos, plain towns) names the place meant and
its coordinates, taken from the GeoNames extract (by geonameid) or from Code-Point's
district centre (London districts, "Leeds LS1"), as its ``source`` column says.

A query *lands* when the answer is within ``--km`` of the intended point, and is
*offered* when it does not land but the intended place is among the candidates of an
ambiguous answer, the other places of a confident one, or the "did you mean" of an
unknown one. Times are the best of three runs per query once the tables are loaded
(the first-load time and memory are reported apart). Exits 1 if fewer than 97% land or
are offered, or any query takes longer than 5 ms.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from directory.geo import (  # noqa: E402
    AmbiguousLocation,
    GeoError,
    GeoSettings,
    UnknownLocation,
    haversine_miles,
    resolve,
)
from directory.geo.tables import DEFAULT_DIR, geodata  # noqa: E402

KM_PER_MILE = 1.609344
TARGET_SHARE = 0.97
MAX_MS = 5.0


def rss_mb() -> float:
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def outcome(query: str, lat: float, lon: float, km: float, settings: GeoSettings) -> str:
    """ "landed", "offered" or "missed", with what came back, for the report."""

    def near(p_lat: float, p_lon: float) -> bool:
        return haversine_miles(lat, lon, p_lat, p_lon) * KM_PER_MILE <= km

    try:
        found = resolve(query, settings=settings)
    except AmbiguousLocation as exc:
        hit = any(near(c.lat, c.lon) for c in exc.candidates)
        return ("offered" if hit else "missed") + f" (asked: {len(exc.candidates)} candidates)"
    except UnknownLocation as exc:
        hit = exc.suggested is not None and near(exc.suggested.lat, exc.suggested.lon)
        return ("offered" if hit else "missed") + f" (unknown; suggested {exc.suggestion})"
    except GeoError as exc:
        return f"missed ({exc.code})"
    if near(found.lat, found.lon):
        return f"landed ({found.label})"
    if any(near(c.lat, c.lon) for c in found.alternatives):
        return f"offered ({found.label}, with others)"
    miles = haversine_miles(lat, lon, found.lat, found.lon)
    return f"missed ({found.label}, {miles * KM_PER_MILE:.1f} km away)"


def best_ms(query: str, settings: GeoSettings, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter_ns()
        try:
            resolve(query, settings=settings)
        except GeoError:
            pass
        best = min(best, (time.perf_counter_ns() - start) / 1e6)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=Path, default=REPO / "bench/data/place_queries.csv")
    parser.add_argument("--km", type=float, default=5.0)
    parser.add_argument("--verbose", action="store_true", help="print every query")
    args = parser.parse_args()
    settings = GeoSettings(data_dir=DEFAULT_DIR, online=None, use_cache=False)
    with args.queries.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    data = geodata(DEFAULT_DIR)
    before = rss_mb()
    start = time.perf_counter()
    _ = data.places, data.centroids, data.ni_districts
    load_ms = (time.perf_counter() - start) * 1000
    load_mb = rss_mb() - before
    # Decode the postcode areas the list touches, so times are lookups, not first loads.
    for row in rows:
        best_ms(row["query"], settings, repeat=1)

    tally: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    times: list[tuple[float, str]] = []
    misses = []
    for row in rows:
        result = outcome(row["query"], float(row["lat"]), float(row["lon"]), args.km, settings)
        verdict = result.split(" ", 1)[0]
        tally[row["kind"]][verdict] += 1
        tally["all"][verdict] += 1
        times.append((best_ms(row["query"], settings), row["query"]))
        if verdict == "missed":
            misses.append(f"  {row['query']!r} meant {row['intended']}: {result}")
        if args.verbose:
            print(f"{row['query']!r:40} {result}")

    print(f"{len(rows)} place queries from {args.queries.relative_to(REPO)}, within {args.km} km")
    print(f"{'kind':45} {'n':>4} {'landed':>7} {'offered':>8} {'missed':>7}")
    for kind in sorted(k for k in tally if k != "all") + ["all"]:
        t = tally[kind]
        n = sum(t.values())
        print(f"{kind:45} {n:4} {t['landed']:7} {t['offered']:8} {t['missed']:7}")
    total = tally["all"]
    share = (total["landed"] + total["offered"]) / len(rows)
    print(f"landed {total['landed'] / len(rows):.1%}, landed or offered {share:.1%}")
    if misses:
        print("missed:")
        print("\n".join(misses))
    ms = sorted(t for t, _q in times)
    slowest = max(times)
    print(
        f"lookup: median {statistics.median(ms):.3f} ms, p99 {ms[int(0.99 * len(ms))]:.3f} ms, "
        f"max {slowest[0]:.3f} ms ({slowest[1]!r})"
    )
    print(f"first load of the place tables: {load_ms:.0f} ms, +{load_mb:.1f} MB RSS")
    sizes = {
        name: (DEFAULT_DIR / name).stat().st_size / 1e3
        for name in ("places.csv", "ni_districts.csv")
    }
    print("committed: " + ", ".join(f"{n} {kb:.0f} kB" for n, kb in sizes.items()))
    ok = share >= TARGET_SHARE and slowest[0] <= MAX_MS
    print("PASS" if ok else f"FAIL: need {TARGET_SHARE:.0%} and no query over {MAX_MS} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
