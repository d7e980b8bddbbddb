"""British National Grid (OSGB36, EPSG:27700) to and from WGS84 latitude/longitude.

The method is the Ordnance Survey's own ("A guide to coordinate systems in Great
Britain"): Transverse Mercator on the Airy 1830 ellipsoid, and the published 7-parameter
Helmert transformation between OSGB36 and WGS84 applied to geocentric Cartesian
coordinates. The Helmert step is good to about 2-5 metres across Great Britain, which is
far finer than anything the directory shows; the OSTN15 grid would give centimetres but
needs a 15 MB correction file we do not ship.

Pure Python and dependency-free so build scripts and the demo-data generator can use it.
"""

from __future__ import annotations

import math
from typing import NamedTuple


class Ellipsoid(NamedTuple):
    a: float  # semi-major axis, metres
    b: float  # semi-minor axis, metres

    @property
    def e2(self) -> float:
        return (self.a * self.a - self.b * self.b) / (self.a * self.a)


AIRY_1830 = Ellipsoid(6377563.396, 6356256.909)
GRS80 = Ellipsoid(6378137.000, 6356752.3141)

# National Grid projection constants (true origin 49°N 2°W, false origin offsets).
F0 = 0.9996012717
LAT0 = math.radians(49.0)
LON0 = math.radians(-2.0)
E0 = 400000.0
N0 = -100000.0

# OSGB36 -> WGS84 Helmert parameters (metres, parts per million, arc-seconds).
_TX, _TY, _TZ = 446.448, -125.157, 542.060
_S_PPM = -20.4894
_RX, _RY, _RZ = 0.1502, 0.2470, 0.8421

_ARCSEC = math.pi / (180.0 * 3600.0)


def bng_to_wgs84(easting: float, northing: float) -> tuple[float, float]:
    """Return WGS84 ``(lat, lon)`` in degrees for a National Grid easting/northing (m).

    Accurate to a few metres of the Ordnance Survey's OSTN15 answer on the mainland.
    Never raises for finite inputs; far outside Great Britain the answer degrades.
    """
    lat, lon = _grid_to_latlon(easting, northing)
    x, y, z = _to_cartesian(lat, lon, AIRY_1830)
    x, y, z = _helmert(x, y, z, sign=1.0)
    lat, lon = _from_cartesian(x, y, z, GRS80)
    return math.degrees(lat), math.degrees(lon)


def wgs84_to_bng(lat: float, lon: float) -> tuple[float, float]:
    """Return the National Grid ``(easting, northing)`` in metres for WGS84 degrees.

    The inverse of :func:`bng_to_wgs84` to within a centimetre (the Helmert step is
    reversed by negating its parameters, the usual small-angle approximation).
    """
    x, y, z = _to_cartesian(math.radians(lat), math.radians(lon), GRS80)
    x, y, z = _helmert(x, y, z, sign=-1.0)
    phi, lam = _from_cartesian(x, y, z, AIRY_1830)
    return _latlon_to_grid(phi, lam)


def osgb36_grid_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    """Return OSGB36 (not WGS84) ``(lat, lon)`` degrees: the inverse projection alone."""
    lat, lon = _grid_to_latlon(easting, northing)
    return math.degrees(lat), math.degrees(lon)


def _meridional_arc(phi: float) -> float:
    a, b = AIRY_1830
    n = (a - b) / (a + b)
    n2, n3 = n * n, n * n * n
    dp, sp = phi - LAT0, phi + LAT0
    return (
        b
        * F0
        * (
            (1 + n + 1.25 * n2 + 1.25 * n3) * dp
            - (3 * n + 3 * n2 + 21 / 8 * n3) * math.sin(dp) * math.cos(sp)
            + (15 / 8 * n2 + 15 / 8 * n3) * math.sin(2 * dp) * math.cos(2 * sp)
            - 35 / 24 * n3 * math.sin(3 * dp) * math.cos(3 * sp)
        )
    )


def _radii(phi: float) -> tuple[float, float, float]:
    """Return nu, rho (scaled radii of curvature) and eta^2 on Airy 1830 at ``phi``."""
    a, e2 = AIRY_1830.a, AIRY_1830.e2
    s2 = 1 - e2 * math.sin(phi) ** 2
    nu = a * F0 / math.sqrt(s2)
    rho = a * F0 * (1 - e2) / (s2**1.5)
    return nu, rho, nu / rho - 1


def _grid_to_latlon(easting: float, northing: float) -> tuple[float, float]:
    a = AIRY_1830.a
    phi = (northing - N0) / (a * F0) + LAT0
    # Iterate until the meridional arc matches the northing to 0.01 mm (2-4 rounds).
    for _ in range(20):
        m = _meridional_arc(phi)
        if abs(northing - N0 - m) < 1e-5:
            break
        phi += (northing - N0 - m) / (a * F0)
    nu, rho, eta2 = _radii(phi)
    t = math.tan(phi)
    t2, t4, t6 = t * t, t**4, t**6
    sec = 1 / math.cos(phi)
    vii = t / (2 * rho * nu)
    viii = t / (24 * rho * nu**3) * (5 + 3 * t2 + eta2 - 9 * t2 * eta2)
    ix = t / (720 * rho * nu**5) * (61 + 90 * t2 + 45 * t4)
    x = sec / nu
    xi = sec / (6 * nu**3) * (nu / rho + 2 * t2)
    xii = sec / (120 * nu**5) * (5 + 28 * t2 + 24 * t4)
    xiia = sec / (5040 * nu**7) * (61 + 662 * t2 + 1320 * t4 + 720 * t6)
    de = easting - E0
    lat = phi - vii * de**2 + viii * de**4 - ix * de**6
    lon = LON0 + x * de - xi * de**3 + xii * de**5 - xiia * de**7
    return lat, lon


def _latlon_to_grid(phi: float, lam: float) -> tuple[float, float]:
    nu, rho, eta2 = _radii(phi)
    s, c, t = math.sin(phi), math.cos(phi), math.tan(phi)
    t2, t4 = t * t, t**4
    i = _meridional_arc(phi) + N0
    ii = nu / 2 * s * c
    iii = nu / 24 * s * c**3 * (5 - t2 + 9 * eta2)
    iiia = nu / 720 * s * c**5 * (61 - 58 * t2 + t4)
    iv = nu * c
    v = nu / 6 * c**3 * (nu / rho - t2)
    vi = nu / 120 * c**5 * (5 - 18 * t2 + t4 + 14 * eta2 - 58 * t2 * eta2)
    dl = lam - LON0
    northing = i + ii * dl**2 + iii * dl**4 + iiia * dl**6
    easting = E0 + iv * dl + v * dl**3 + vi * dl**5
    return easting, northing


def _to_cartesian(phi: float, lam: float, ell: Ellipsoid) -> tuple[float, float, float]:
    # Height is taken as zero: postcodes carry no height, and the effect of ignoring it on
    # horizontal position is well under a metre.
    e2 = ell.e2
    nu = ell.a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    return (
        nu * math.cos(phi) * math.cos(lam),
        nu * math.cos(phi) * math.sin(lam),
        (1 - e2) * nu * math.sin(phi),
    )


def _helmert(x: float, y: float, z: float, sign: float) -> tuple[float, float, float]:
    """Apply OSGB36->WGS84 (``sign=1``) or its inverse (``sign=-1``)."""
    tx, ty, tz = sign * _TX, sign * _TY, sign * _TZ
    s = sign * _S_PPM * 1e-6
    rx, ry, rz = (sign * r * _ARCSEC for r in (_RX, _RY, _RZ))
    return (
        tx + (1 + s) * x - rz * y + ry * z,
        ty + rz * x + (1 + s) * y - rx * z,
        tz - ry * x + rx * y + (1 + s) * z,
    )


def _from_cartesian(x: float, y: float, z: float, ell: Ellipsoid) -> tuple[float, float]:
    e2 = ell.e2
    p = math.hypot(x, y)
    phi = math.atan2(z, p * (1 - e2))
    # Fixed-point iteration converges to sub-millimetre in a handful of rounds.
    for _ in range(10):
        nu = ell.a / math.sqrt(1 - e2 * math.sin(phi) ** 2)
        nxt = math.atan2(z + e2 * nu * math.sin(phi), p)
        if abs(nxt - phi) < 1e-12:
            phi = nxt
            break
        phi = nxt
    return phi, math.atan2(y, x)
