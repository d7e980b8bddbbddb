"""Evidence files in either storage backend: a local folder (one machine) or the
database (several nodes, no shared disk), and moving files between them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from directory import create_app, storage
from directory.config import ConfigError
from directory.extensions import db
from directory.models import Account, CredentialClaim, StoredFile, StoredFileChunk
from directory.services import claims
from directory.storage.local import LocalStore

from ._support import body_id

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64
# Two chunks; under 500 kB, past which Werkzeug's test client spools the request body
# to a temporary file it never closes (a ResourceWarning, an error under -W error).
BIG_PNG = PNG + bytes(range(256)) * 1800


def _claim(client, number="JCCP12345", data=PNG, filename="card.png"):
    return client.post(
        "/account/claims",
        data={"body": body_id("jccp"), "number": number, "evidence": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def _my_claim(number: str = "JCCP12345") -> CredentialClaim:
    db.session.expire_all()
    claim = db.session.scalar(db.select(CredentialClaim).filter_by(number=number))
    assert claim is not None
    return claim


def _uploaded_files(app) -> list[str]:
    """Every file in the local folder: evidence, and the demo data's photos."""
    return list(LocalStore(app.config["UPLOAD_DIR"]).keys())


@pytest.fixture
def in_database(app):
    app.config["FILE_STORAGE"] = "database"
    return app


def test_database_evidence_is_stored_in_chunks_and_served_back(in_database, practitioner):
    assert _claim(practitioner, data=BIG_PNG).status_code == 302
    claim = _my_claim()
    assert db.session.get(StoredFile, claim.evidence_path).size == len(BIG_PNG)
    chunks = db.session.scalar(
        db.select(db.func.count()).where(StoredFileChunk.key == claim.evidence_path)
    )
    assert chunks == 2
    assert claim.evidence_path not in _uploaded_files(in_database)  # not on this disk
    download = practitioner.get(f"/account/claims/{claim.id}/evidence")
    assert download.status_code == 200 and download.data == BIG_PNG
    download.close()


def test_a_claim_that_fails_to_save_leaves_no_stored_file(in_database, practitioner, monkeypatch):
    account = db.session.scalar(db.select(Account).filter_by(email="amira@example.org"))

    def crash(*_args: object) -> None:
        raise RuntimeError("the database went away before the commit")

    files = db.select(db.func.count(StoredFile.key))
    chunks = db.select(db.func.count(StoredFileChunk.key))
    before = (db.session.scalar(files), db.session.scalar(chunks))  # the demo data's
    monkeypatch.setattr(claims, "record_change", crash)  # after the file is written
    with pytest.raises(RuntimeError):
        claims.submit(
            account, body_id("jccp"), "JCCP12345", claims.Upload(io.BytesIO(PNG), "card.png")
        )
    db.session.rollback()
    assert (db.session.scalar(files), db.session.scalar(chunks)) == before


def test_withdrawing_deletes_the_stored_file(in_database, practitioner):
    _claim(practitioner)
    claim = _my_claim()
    key = claim.evidence_path
    response = practitioner.post(f"/account/claims/{claim.id}/withdraw")
    assert response.status_code == 302, response.text
    db.session.expire_all()
    assert db.session.get(StoredFile, key) is None
    assert db.session.scalar(db.select(db.func.count()).where(StoredFileChunk.key == key)) == 0


def test_a_missing_file_is_a_404_not_a_500(in_database, practitioner):
    _claim(practitioner)
    claim = _my_claim()
    db.session.execute(db.delete(StoredFile).where(StoredFile.key == claim.evidence_path))
    db.session.commit()
    assert practitioner.get(f"/account/claims/{claim.id}/evidence").status_code == 404


def test_files_move_between_backends_and_stay_viewable(app, practitioner, runner):
    _claim(practitioner, data=BIG_PNG)
    claim = _my_claim()
    local_before = _uploaded_files(app)
    assert claim.evidence_path in local_before
    result = runner.invoke(args=["files", "move", "--from", "local", "--to", "database"])
    assert result.exit_code == 0, result.output
    assert f"Moved {len(local_before)} files" in result.output
    assert _uploaded_files(app) == []
    listed = runner.invoke(args=["files", "list", "--backend", "database"]).output.split()
    assert sorted(listed) == sorted(local_before)
    app.config["FILE_STORAGE"] = "database"
    download = practitioner.get(f"/account/claims/{claim.id}/evidence")
    assert download.data == BIG_PNG
    download.close()

    again = runner.invoke(args=["files", "move", "--from", "local", "--to", "database"])
    assert "Moved 0 files" in again.output  # nothing left to move: safe to re-run
    back = runner.invoke(args=["files", "move", "--from", "database", "--to", "local"])
    assert back.exit_code == 0, back.output
    assert sorted(_uploaded_files(app)) == sorted(local_before)
    assert Path(app.config["UPLOAD_DIR"], claim.evidence_path).read_bytes() == BIG_PNG
    assert db.session.scalar(db.select(db.func.count(StoredFile.key))) == 0


def test_the_local_store_refuses_keys_outside_its_folder(tmp_path):
    store = LocalStore(tmp_path / "uploads")
    with pytest.raises(ValueError):
        store.save("../escape.png", io.BytesIO(PNG))
    with pytest.raises(FileNotFoundError):
        store.open("../../etc/passwd")
    assert not (tmp_path / "escape.png").exists()


def test_a_failed_local_write_leaves_no_partial_file(tmp_path):
    class Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            raise OSError("disk went away")

    store = LocalStore(tmp_path / "uploads")
    with pytest.raises(OSError):
        store.save("evidence/x.png", Broken())
    assert list((tmp_path / "uploads").rglob("*")) == [tmp_path / "uploads" / "evidence"]


def test_an_unknown_backend_is_refused_at_start(tmp_path):
    with pytest.raises(ConfigError, match="FILE_STORAGE"):
        create_app({"FILE_STORAGE": "s3", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert storage.BACKENDS == ("local", "database")
