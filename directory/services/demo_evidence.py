"""Evidence files for the demo data's pending claims, so an admin trying the verification
queue has something to look at: a one-page PDF that says loudly it is not real."""

from __future__ import annotations

import io

from directory.models import CredentialClaim
from directory.services import claims


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def pdf(lines: list[tuple[int, str]]) -> bytes:
    """A minimal valid PDF: one A4 page, Helvetica, ``(size, text)`` lines from the top."""
    text = ["BT", "72 770 Td"]
    for size, line in lines:
        text += [f"/F1 {size} Tf", f"({_escape(line)}) Tj", f"0 -{size + 12} Td"]
    text.append("ET")
    stream = "\n".join(text).encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def attach(claim: CredentialClaim, holder: str) -> None:
    """Store a demo certificate for ``claim`` and point the claim at it (not committed)."""
    body = claim.body
    kind = "membership" if body.kind.value == "membership" else "registration"
    document = pdf(
        [
            (22, "DEMO EVIDENCE - NOT A REAL DOCUMENT"),
            (12, "Made up for trying out Find a Practitioner's verification queue."),
            (16, ""),
            (18, f"{body.name}"),
            (14, f"Certificate of {kind}"),
            (14, f"Name: {holder}"),
            (14, f"{body.number_label}: {claim.number}"),
        ]
    )
    claims.attach_evidence(
        claim, claims.Upload(io.BytesIO(document), f"demo-{body.slug}-certificate.pdf")
    )
