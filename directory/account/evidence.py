"""What the pages with an evidence upload (credential claims, clinic registrations)
share: the file handed to the service, a refusal shown on the form, the download."""

from __future__ import annotations

from flask import send_file
from flask_wtf import FlaskForm
from werkzeug.wrappers import Response

from directory.services import ServiceError
from directory.services.evidence import EvidenceError, EvidenceFile, Upload


def upload(form: FlaskForm) -> Upload | None:
    """The file in the form's ``evidence`` field, or None when none was chosen."""
    file = form["evidence"].data
    if file is None or not getattr(file, "filename", ""):
        return None
    return Upload(stream=file.stream, filename=file.filename or "")


def show_error(form: FlaskForm, exc: ServiceError) -> int:
    """Put a service's refusal next to the input it is about (the number when it names
    none); returns the status to answer (400, or the service's 5xx when our side failed)."""
    name = "evidence" if isinstance(exc, EvidenceError) else getattr(exc, "field", None)
    field = form[name] if name in form else form["number"]
    field.errors = [*field.errors, exc.message]
    return exc.status if exc.status >= 500 else 400


def download(found: EvidenceFile) -> Response:
    """The owner's own evidence file, always as a download, in a sandbox."""
    response = send_file(
        found.content,
        mimetype=found.mimetype,
        as_attachment=True,
        download_name=found.filename,
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
