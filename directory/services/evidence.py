"""Credential evidence files: checked by content, stored outside static/ under random names.

Only PDF, JPEG and PNG are accepted, decided from the file's first bytes (never from its
name or the browser's declared type), and at most ``MAX_BYTES``. Files are kept under
``evidence/`` keys in the configured file storage (``directory.storage``: a local
folder, or the database in the same transaction as the claim) and are served only
through an owner-or-admin check.
"""

from __future__ import annotations

import io
import logging
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import filetype

from directory import storage
from directory.extensions import db
from directory.services import NotFound, ServiceError

if TYPE_CHECKING:
    from directory.models import ClinicRegistration, CredentialClaim

    # A row that carries an evidence file.
    WithEvidence = CredentialClaim | ClinicRegistration

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
class Upload:
    stream: BinaryIO
    filename: str


@dataclass(frozen=True)
class EvidenceFile:
    content: BinaryIO  # the caller closes it (send_file does)
    filename: str
    mimetype: str


@dataclass(frozen=True)
class StoredEvidence:
    path: str  # relative to UPLOAD_DIR, e.g. "evidence/3f9a...c1.pdf"
    filename: str  # the name the practitioner gave, for display only
    mimetype: str


def _display_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name.strip()
    printable = "".join(ch for ch in name if ch.isprintable())
    return (printable or "evidence")[:200]


def store(stream: BinaryIO, filename: str) -> StoredEvidence:
    """Check and save an uploaded file; returns where it went. With the database backend
    the file joins the caller's transaction (not committed); locally it is on disk.

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
    try:
        storage.backend().save(relative, io.BytesIO(data))
    except OSError as exc:  # the local backend leaves no partial file behind
        log.error("could not store evidence file %s: %s", relative, exc)
        raise EvidenceNotStored(
            "We could not store your file just now, so nothing was saved. Please try again "
            "in a few minutes."
        ) from exc
    return StoredEvidence(path=relative, filename=_display_name(filename), mimetype=mimetype)


def open_file(relative: str) -> BinaryIO:
    """A readable stream of a stored file; raises ``FileNotFoundError`` when it is
    missing (or its key leads outside the storage)."""
    return storage.backend().open(relative)


def discard(relative: str | None) -> None:
    """Delete a stored file if it exists (used after its claim row is gone or replaced,
    or its change rolled back); commits that deletion with the database backend."""
    if relative:
        files = storage.backend()
        files.delete(relative)
        if files.transactional:
            db.session.commit()


def attach(row: WithEvidence, upload: Upload) -> None:
    """Check and store ``upload`` and point ``row`` at it (not committed); raises
    ``EvidenceError`` before the row changes if the file is refused."""
    stored = store(upload.stream, upload.filename)
    row.evidence_path = stored.path
    row.evidence_filename = stored.filename
    row.evidence_mimetype = stored.mimetype


@contextmanager
def discard_on_failure(path: str | None) -> Iterator[None]:
    """Roll back, and delete the just-stored file at ``path``, if the change that refers
    to it is not saved."""
    try:
        yield
    except BaseException:
        db.session.rollback()
        discard(path)
        raise


def file_of(row: WithEvidence, what: str, fallback_name: str) -> EvidenceFile:
    """The evidence of ``row`` (a ``what``: "claim", "registration") to send, named as
    uploaded (``fallback_name`` when unknown); the caller has checked who may see it.
    Raises ``NotFound`` when it has none or the file is missing."""
    if not row.evidence_path or not row.evidence_mimetype:
        raise NotFound(f"This {what} has no evidence file.")
    try:
        content = open_file(row.evidence_path)
    except FileNotFoundError:
        raise NotFound("The evidence file is missing.") from None
    return EvidenceFile(content, row.evidence_filename or fallback_name, row.evidence_mimetype)
