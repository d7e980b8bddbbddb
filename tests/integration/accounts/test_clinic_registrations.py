"""A practitioner adds their clinic's registration: the regulator follows the postcode's
nation, numbers are checked per regulator, evidence follows the claims' rules, and bad
input is a clear 400 that loses nothing already saved."""

from __future__ import annotations

import io

import pytest
from factories import add_practitioner, clinic_in, make_account, sign_in

from directory.extensions import db
from directory.models import AuditEntry, ClaimStatus, Clinic, ClinicRegistration

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def owner(reference_data, app):
    account = make_account("owner@example.org")
    add_practitioner(
        "Olive Owner",
        [
            clinic_in("LS1 4AP", "Leeds Rooms"),
            clinic_in("EH1 1YZ", "Edinburgh Rooms"),
            clinic_in("CF10 1EP", "Cardiff Rooms"),
            clinic_in("BT1 5GS", "Belfast Rooms"),
            clinic_in("CH5 1AA", "Deeside Rooms"),
            clinic_in("ZZ1 1ZZ", "Nowhere Rooms"),
        ],
        ["mesotherapy"],
        owner=account,
    )
    db.session.commit()
    return sign_in(app.test_client(), "owner@example.org")


def _clinic(name: str) -> int:
    return db.session.scalar(db.select(Clinic.id).filter_by(name=name))


def _send(client, clinic, number, data=PDF, prefix="regulator", **extra):
    fields = {f"{prefix}-number": number, f"{prefix}-submit": "1", **extra}
    if data is not None:
        fields[f"{prefix}-evidence"] = (io.BytesIO(data), "evidence.pdf")
    return client.post(
        f"/account/clinics/{_clinic(clinic)}/registration",
        data=fields,
        content_type="multipart/form-data",
    )


def _saved() -> list[ClinicRegistration]:
    db.session.expire_all()
    return list(db.session.scalars(db.select(ClinicRegistration).order_by(ClinicRegistration.id)))


@pytest.mark.parametrize(
    ("clinic", "regulator"),
    [
        ("Leeds Rooms", "Care Quality Commission (CQC)"),
        ("Edinburgh Rooms", "Healthcare Improvement Scotland (HIS)"),
        ("Cardiff Rooms", "Healthcare Inspectorate Wales (HIW)"),
        ("Belfast Rooms", "Regulation and Quality Improvement Authority (RQIA)"),
        ("Deeside Rooms", "Healthcare Inspectorate Wales (HIW)"),  # a CH district in Wales
    ],
)
def test_the_regulator_is_the_one_of_the_clinics_nation(owner, clinic, regulator):
    page = owner.get(f"/account/clinics/{_clinic(clinic)}/registration")
    assert page.status_code == 200 and regulator in page.text


def test_an_unknown_nation_offers_no_regulator_and_refuses_one(owner):
    page = owner.get(f"/account/clinics/{_clinic('Nowhere Rooms')}/registration")
    assert "cannot tell which nation" in page.text and 'name="regulator-number"' not in page.text
    response = _send(owner, "Nowhere Rooms", "1-123456789")
    assert response.status_code == 400 and "cannot tell which nation" in response.text
    assert _saved() == []


def test_cqc_numbers_have_the_location_id_shape(owner):
    refused = _send(owner, "Leeds Rooms", "123456789")
    assert refused.status_code == 400 and "for example 1-123456789" in refused.text
    assert _send(owner, "Leeds Rooms", " 1-123 456 789 ").status_code == 302
    [saved] = _saved()
    assert (saved.regulator, saved.number, saved.status) == (
        "cqc",
        "1-123456789",
        ClaimStatus.PENDING,
    )
    assert saved.evidence_mimetype == "application/pdf"
    [entry] = db.session.scalars(db.select(AuditEntry).filter_by(action="registration.submit"))
    assert entry.after["issuer"] == "CQC"


def test_other_regulators_take_a_sane_number(owner):
    bad = _send(owner, "Edinburgh Rooms", "<script>")
    assert bad.status_code == 400 and "letters, digits" in bad.text
    assert _send(owner, "Edinburgh Rooms", "his/123-45").status_code == 302
    assert _saved()[0].number == "HIS/123-45" and _saved()[0].regulator == "his"


def test_evidence_is_required_and_checked_by_its_content(owner):
    missing = _send(owner, "Leeds Rooms", "1-123456789", data=None)
    assert missing.status_code == 400 and "Upload your registration" in missing.text
    wrong = owner.post(
        f"/account/clinics/{_clinic('Leeds Rooms')}/registration",
        data={
            "regulator-number": "1-123456789",
            "regulator-submit": "1",
            "regulator-evidence": (io.BytesIO(b"just text, called a pdf"), "cert.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert wrong.status_code == 400 and "PDF, JPEG or PNG" in wrong.text
    assert _saved() == []


def test_one_open_registration_per_clinic_and_kind_and_nothing_saved_is_lost(owner):
    assert _send(owner, "Leeds Rooms", "1-123456789").status_code == 302
    again = _send(owner, "Leeds Rooms", "1-999999999")
    assert again.status_code == 400 and "already has a registration" in again.text
    assert [r.number for r in _saved()] == ["1-123456789"]
    # A licence is a different kind: it needs the council's name.
    unnamed = _send(owner, "Leeds Rooms", "SP-2026-14", prefix="licence")
    assert unnamed.status_code == 400 and "Name the council" in unnamed.text
    named = _send(
        owner,
        "Leeds Rooms",
        "SP-2026-14",
        prefix="licence",
        **{"licence-authority": "Leeds City Council"},
    )
    assert named.status_code == 302
    assert [(r.kind.value, r.issuer) for r in _saved()] == [
        ("regulator", "CQC"),
        ("licence", "Leeds City Council"),
    ]


def test_only_a_practitioner_at_the_clinic_can_touch_it(owner, app):
    _send(owner, "Leeds Rooms", "1-123456789")
    [saved] = _saved()
    make_account("other@example.org")
    add_practitioner(
        "Otto Other",
        [clinic_in("LS2 7EW", "Other Rooms")],
        ["mesotherapy"],
        owner=db.session.scalar(
            db.select(type(saved.submitted_by)).filter_by(email="other@example.org")
        ),
    )
    db.session.commit()
    other = sign_in(app.test_client(), "other@example.org")
    assert other.get(f"/account/clinics/{saved.clinic_id}/registration").status_code == 404
    assert (
        other.post(
            f"/account/registrations/{saved.id}/edit", data={"number": "1-111111111"}
        ).status_code
        == 404
    )
    assert other.get(f"/account/registrations/{saved.id}/evidence").status_code == 404
    mine = owner.get(f"/account/registrations/{saved.id}/evidence")
    assert mine.data == PDF
    mine.close()
    assert _saved()[0].number == "1-123456789"


def test_withdrawing_deletes_it_with_an_audit_entry(owner):
    _send(owner, "Leeds Rooms", "1-123456789")
    [saved] = _saved()
    assert owner.post(f"/account/registrations/{saved.id}/withdraw").status_code == 302
    assert _saved() == []
    [entry] = db.session.scalars(db.select(AuditEntry).filter_by(action="registration.withdraw"))
    assert entry.before["number"] == "1-123456789"
