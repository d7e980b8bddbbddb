"""``flask --app directory files ...``: where uploaded files are stored."""

from __future__ import annotations

import click
from flask.cli import AppGroup

files_cli = AppGroup("files", help="Uploaded files (evidence, photos) and their storage backend.")


@files_cli.command("move")
@click.option(
    "--from",
    "source",
    type=click.Choice(("local", "database")),
    required=True,
    help="The backend the files are in now.",
)
@click.option(
    "--to",
    "target",
    type=click.Choice(("local", "database")),
    required=True,
    help="The backend to move them to (set FILE_STORAGE to it afterwards).",
)
def move_command(source: str, target: str) -> None:
    """Move every stored file from one backend to the other; safe to run again."""
    from directory import storage
    from directory.storage.moving import move_all

    if source == target:
        raise click.UsageError("--from and --to name the same backend.")
    report = move_all(storage.backend(source), storage.backend(target))
    click.echo(
        f"Moved {report.moved} files ({report.bytes / 1e6:.1f} MB) from {source} to "
        f"{target}; {report.already_there} were already there."
    )


@files_cli.command("list")
@click.option(
    "--backend",
    type=click.Choice(("local", "database")),
    default=None,
    help="Which backend to list (default: FILE_STORAGE).",
)
def list_command(backend: str | None) -> None:
    """Print the key of every stored file."""
    from directory import storage

    for key in storage.backend(backend).keys():
        click.echo(key)
