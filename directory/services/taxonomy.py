"""Admins' edits to the taxonomy: treatments (names, synonyms, guide facts) and bodies.

Search reads names and synonyms from a snapshot taken when the index is built, so a
change to any of them queues a full re-index through the outbox in the same transaction
(``outbox.mark_everything``): a new synonym works within seconds, with no manual rebuild.
Every change is audited with the fields before and after.
"""

from __future__ import annotations

import re
from typing import Any, TypeVar
from urllib.parse import urlsplit

from directory.extensions import db
from directory.models import Account, AccreditationBody, BodyKind, Profession, Treatment
from directory.services import Forbidden, NotFound, ServiceError, audit, outbox, versions

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
TREATMENT_SEARCH_FIELDS = {"slug", "name", "category", "synonyms"}
BODY_SEARCH_FIELDS = {"slug", "name", "short_name", "kind"}
# What a treatment and a body hold besides their slug (and, for a treatment, its prices
# in pence): the seed files and the admin forms fill these.
TREATMENT_FIELDS = (
    "name",
    "category",
    "synonyms",
    "summary",
    "description",
    "session_length",
    "course",
    "downtime",
    "side_effects",
    "not_suitable_for",
    "credentials_to_look_for",
    "prescription_only",
)
BODY_FIELDS = (
    "name",
    "short_name",
    "kind",
    "website",
    "register_url",
    "number_label",
    "number_pattern",
    "number_example",
    "number_note",
    "renewal_months",
    "professions",
    "description",
    "how_we_check",
)


class TaxonomyError(ServiceError):
    """A rule broken by one field (``field``, its name) of a treatment or body."""

    code = "invalid_taxonomy"

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def clean_synonyms(raw: str | list[str]) -> list[str]:
    """Lower-cased, de-duplicated words from a list or from text split on commas and
    new lines, in their first order."""
    items = raw if isinstance(raw, list) else re.split(r"[,\n]", raw)
    seen: dict[str, None] = {}
    for item in items:
        word = " ".join(item.split()).lower()
        if word:
            seen.setdefault(word, None)
    return list(seen)


def save_treatment(
    admin: Account,
    treatment_id: int | None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> Treatment:
    """Create (``treatment_id`` None) or update a treatment from ``values`` (column names
    to values); commits. Raises ``Forbidden``, ``NotFound``, ``TaxonomyError`` and
    ``EditConflict`` (no longer at ``expected_version``)."""
    treatment = _load(admin, Treatment, treatment_id, expected_version)
    values = dict(values, synonyms=clean_synonyms(values.get("synonyms", [])))
    _check_slug(Treatment, treatment, values)
    if not values.get("name", "").strip():
        raise TaxonomyError("Give the treatment a name.", "name")
    low, high = values.get("price_min_pence"), values.get("price_max_pence")
    if low is not None and high is not None and low > high:
        raise TaxonomyError("The lowest typical price is above the highest.", "price_min_pence")
    return _apply(admin, treatment, values, "treatment", TREATMENT_SEARCH_FIELDS)


def save_body(
    admin: Account,
    body_id: int | None,
    values: dict[str, Any],
    expected_version: int | None = None,
) -> AccreditationBody:
    """Create or update an accreditation body; commits. Raises ``Forbidden``,
    ``NotFound``, ``TaxonomyError`` (bad slug, pattern, example or renewal period) and
    ``EditConflict`` (no longer at ``expected_version``)."""
    body = _load(admin, AccreditationBody, body_id, expected_version)
    _check_slug(AccreditationBody, body, values)
    try:
        BodyKind(values.get("kind") or "")
        pattern = re.compile(values.get("number_pattern") or "")
    except (ValueError, re.error) as exc:
        raise TaxonomyError(f"Check the number pattern: {exc}.", "number_pattern") from None
    if not values.get("number_pattern"):
        raise TaxonomyError("Give the pattern the body's numbers follow.", "number_pattern")
    example = (values.get("number_example") or "").upper()
    if example and not pattern.fullmatch(example):
        raise TaxonomyError(
            "The example number does not match the number pattern.", "number_example"
        )
    for name in ("website", "register_url"):
        link = values.get(name) or ""
        if link and urlsplit(link).scheme not in ("http", "https"):
            raise TaxonomyError("Give a web address starting with https://.", name)
    if not 1 <= int(values.get("renewal_months") or 0) <= 60:
        raise TaxonomyError("Renewal must be between 1 and 60 months.", "renewal_months")
    unknown = set(values.get("professions") or []) - {p.value for p in Profession}
    if unknown:
        raise TaxonomyError(f"Unknown professions: {', '.join(sorted(unknown))}.", "professions")
    return _apply(admin, body, values, "accreditation_body", BODY_SEARCH_FIELDS)


M = TypeVar("M", Treatment, AccreditationBody)


def _load(admin: Account, model: type[M], object_id: int | None, expected_version: int | None) -> M:
    if not admin.is_admin:
        raise Forbidden("Only an admin can change the taxonomy.")
    if object_id is None:
        return model()
    found = db.session.get(model, object_id)
    if found is None:
        raise NotFound("There is no such entry.")
    versions.check(found, expected_version)
    return found


def _check_slug(
    model: type[Treatment] | type[AccreditationBody], obj: Any, values: dict[str, Any]
) -> None:
    slug = values.get("slug") or ""
    if not SLUG.fullmatch(slug):
        raise TaxonomyError("The slug is lower-case letters and digits joined by hyphens.", "slug")
    taken = db.session.scalar(db.select(model.id).filter_by(slug=slug))
    if taken is not None and taken != obj.id:
        raise TaxonomyError(f"The slug '{slug}' is already used.", "slug")


def _plain(value: Any) -> Any:
    return value.value if hasattr(value, "value") else value


def _apply(
    admin: Account, obj: Any, values: dict[str, Any], entity: str, search_fields: set[str]
) -> Any:
    creating = obj.id is None
    before = {key: _plain(getattr(obj, key)) for key in values} if not creating else None
    changed = {key for key, value in values.items() if _plain(getattr(obj, key)) != value}
    if not creating and not changed:
        return obj
    for key in changed:
        setattr(obj, key, values[key])
    if creating:
        db.session.add(obj)
    versions.flush()
    audit.record(
        f"{entity}.{'create' if creating else 'update'}",
        entity,
        obj.id,
        actor=admin,
        before={k: v for k, v in before.items() if k in changed} if before else None,
        after={key: _plain(getattr(obj, key)) for key in sorted(changed)},
    )
    if creating or changed & search_fields:
        outbox.mark_everything()
    versions.commit()
    return obj
