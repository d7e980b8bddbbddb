"""Credential evidence files: checked by content, stored outside static/ under random names.

Only PDF, JPEG and PNG are accepted, decided from the file's first bytes (never from its
name or the browser's declared type), and at most ``MAX_BYTES``. Files live under
``<UPLOAD_DIR>/evidence`` and are served only through an owner-or-admin check.
"""

from __future__ import annotations

import logging
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from flask import current_app

from directory.services import ServiceError

MAX_BYTES = 5 * 1024 * 1024
ALLOWED = {"application/pdf": ".pdf", "image/jpeg": ".jpg", "image/png": ".png"}
SUBFOLDER = "evidence"


log = logging.getLogger(__name__)


class EvidenceError(ServiceError):
    code = "invalid_evidence"


class EvidenceNotStored(EvidenceError):
    """The file was acceptable but could not be written (a full disk, say)."""

    code = "evidence_not_stored"
    status = 503


@dataclass(frozen=True)
class StoredEvidence:
    path: str  # relative to UPLOAD_DIR, e.g. "evidence/3f9a...c1.pdf"
    filename: str  # the name the practitioner gave, for display only
    mimetype: str


def _root() -> Path:
    return Path(current_app.config["UPLOAD_DIR"])


def _display_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name.strip()
    printable = "".join(ch for ch in name if ch.isprintable())
    return (printable or "evidence")[:200]


def store(stream: BinaryIO, filename: str) -> StoredEvidence:
    """Check and save an uploaded file; returns where it went (no database change).

    Raises ``EvidenceError`` for an empty file, one over 5 MB, or content that is not
    a PDF, JPEG or PNG whatever its name says.
    """
    data = stream.read(MAX_BYTES + 1)
    if not data:
        raise EvidenceError("The file is empty.")
    if len(data) > MAX_BYTES:
        raise EvidenceError("The file is larger than 5 MB. Please upload a smaller scan or photo.")
    kind = filetype.guess(data[:8192])
    mimetype = kind.mime if kind is not None else ""
    if mimetype not in ALLOWED:
        raise EvidenceError("Upload a PDF, JPEG or PNG file. This file's content is none of those.")
    relative = f"{SUBFOLDER}/{secrets.token_hex(16)}{ALLOWED[mimetype]}"
    _write(_root() / relative, data)
    return StoredEvidence(path=relative, filename=_display_name(filename), mimetype=mimetype)


def _write(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` whole or not at all: to a temporary name beside it,
    flushed to disk, then renamed. Raises ``EvidenceNotStored`` on any ``OSError``
    (full disk, quota, permissions), leaving no partial file behind."""
    partial = target.with_name(f".{target.name}.part")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with partial.open("xb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())  # a full disk often shows only here
        os.replace(partial, target)
    except OSError as exc:
        log.error("could not store evidence file %s: %s", target.name, exc)
        partial.unlink(missing_ok=True)
        raise EvidenceNotStored(
            "We could not store your file just now, so nothing was saved. Please try again "
            "in a few minutes."
        ) from exc


def absolute_path(relative: str) -> Path:
    """Resolve a stored relative path; raises ``EvidenceError`` if it leaves UPLOAD_DIR."""
    root = _root().resolve()
    path = (root / relative).resolve()
    if root not in path.parents:
        raise EvidenceError("Evidence path is outside the upload folder.")
    return path


def discard(relative: str | None) -> None:
    """Delete a stored file if it exists (used after its claim row is gone or replaced)."""
    if relative:
        try:
            absolute_path(relative).unlink(missing_ok=True)
        except EvidenceError:
            pass
