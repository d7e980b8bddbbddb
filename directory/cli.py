"""Command-line interface: ``flask --app directory COMMAND``. Thin wrappers over services."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
from flask import Flask, current_app

from directory.services import ServiceError


@click.command("setup")
def setup_command() -> None:
    """Create or upgrade the database, load the seed and demo data if missing, build the index."""
    from directory import database
    from directory.services import seed

    database.upgrade_database()
    seed_dir = Path(current_app.config["SEED_DATA_DIR"])
    ref = seed.load_reference_data(seed_dir, update_existing=False)
    click.echo(f"Reference data: {ref.treatments} treatments, {ref.bodies} bodies.")
    demo = seed.load_demo(seed_dir)
    if demo.practitioners:
        click.echo(
            f"Demo data: {demo.practitioners} practitioners, {demo.clinics} clinics "
            f"({demo.unresolved_clinics} without coordinates)."
        )
    else:
        click.echo("Demo data already loaded.")
    _ensure_index()


def _ensure_index() -> None:
    from directory import search

    state = search.ensure_index(current_app)
    click.echo(f"Search index: {state}.")


@click.command("seed")
@click.option("--demo/--no-demo", default=True, help="Also load the demo practitioners.")
def seed_command(demo: bool) -> None:
    """Load the treatment taxonomy and bodies, overwriting edits to seeded rows, and the
    demo practitioners if missing."""
    from directory.services import seed

    seed_dir = Path(current_app.config["SEED_DATA_DIR"])
    ref = seed.load_reference_data(seed_dir)
    click.echo(f"Reference data: {ref.treatments} treatments, {ref.bodies} bodies.")
    if demo:
        report = seed.load_demo(seed_dir)
        click.echo(f"Demo data: {report.practitioners} practitioners added.")


@click.command("create-admin")
@click.argument("email")
@click.password_option(help="At least 12 characters; asked for when not given.")
def create_admin_command(email: str, password: str) -> None:
    """Create an admin account (already verified)."""
    from directory.services import accounts

    try:
        account = accounts.create_admin(email, password)
    except ServiceError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"Admin {account.email} created.")


@click.group("credentials")
def credentials_cli() -> None:
    """Credential upkeep."""


@credentials_cli.command("expire")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if it were this day (UTC); for catching up or testing.",
)
def expire_command(today: datetime | None) -> None:
    """Expire verified credentials and clinic registrations past their date, email the
    30- and 7-day reminders, and delete enquiries and resolved concerns past their
    retention period. Safe to run from cron every hour: each thing happens once."""
    from directory import clock
    from directory.dbtypes import utcnow
    from directory.services import expiry, retention

    report = expiry.run(today.date() if today else clock.today())
    click.echo(
        f"Expired {len(report.expired)} credentials; sent {len(report.reminded)} reminders"
        + (f"; {report.unsent} could not be sent and will be retried." if report.unsent else ".")
    )
    click.echo(
        f"Expired {len(report.registrations_expired)} clinic registrations; sent "
        f"{len(report.registrations_reminded)} registration reminders."
    )
    now = today.replace(tzinfo=UTC) if today else utcnow()
    deleted = retention.run(now)
    click.echo(
        f"Deleted {deleted.enquiries} enquiries and {deleted.concerns} resolved concerns "
        "past their retention period."
    )


def init_app(app: Flask) -> None:
    from directory.geo.cli import geo_cli
    from directory.search.cli import search_cli
    from directory.storage.cli import files_cli

    commands = (
        setup_command,
        seed_command,
        create_admin_command,
        credentials_cli,
        geo_cli,
        search_cli,
        files_cli,
    )
    for command in commands:
        app.cli.add_command(command)
