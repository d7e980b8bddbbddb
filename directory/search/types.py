"""The values that cross the search interface: a query in, results out."""

from __future__ import annotations

from dataclasses import dataclass, field

SORTS = ("distance", "relevance", "name", "price")
CHECKED_CHOICES = ("only", "any")
# The profession filter's value for "any profession with a statutory regulator".
REGULATED = "regulated"


@dataclass(frozen=True)
class SearchQuery:
    """What the public asked for. Validation of ranges and slugs is the finder's job;
    the engine treats an unknown slug as matching nothing.

    ``sort`` defaults to "distance" when a point is given, else "relevance" when there
    is text, else "name"; asking for "distance" without a point gives that default too,
    and so does "price" (cheapest "from" price of ``treatment`` first, offers without a
    price last) without a treatment.

    ``accreditation`` is any of several body slugs: one slug or a tuple of them (kept as
    a sorted tuple, or None when empty).
    """

    text: str | None = None
    lat: float | None = None
    lon: float | None = None
    radius_miles: float | None = None
    treatment: str | None = None
    accreditation: tuple[str, ...] | str | None = None
    profession: str | None = None
    sort: str | None = None
    page: int = 1
    per_page: int = 20
    # Only practitioners with a clinic open on Saturday or Sunday (by appointment counts).
    weekends: bool = False
    # Only practitioners with a clinic stated to have step-free access.
    step_free: bool = False
    # Only practitioners at a clinic whose care-regulator registration we checked and is
    # current (a fact about the premises: it does not make the practitioner checked).
    registered: bool = False
    language: str | None = None  # a code from ``services.languages``
    # Only offers of ``treatment`` priced "from" at most this (ignored without a treatment).
    max_price_pence: int | None = None
    # "only": practitioners with a current checked credential; "any": those first, then
    # the unchecked ones. ``prescriber``: only checked prescribers.
    checked: str = "only"
    prescriber: bool = False
    # Only practitioners who travel to the searcher: with a point, those whose travel area
    # contains it; without one, every practitioner offering home visits.
    mobile: bool = False

    def __post_init__(self) -> None:
        bodies = self.accreditation
        if isinstance(bodies, str):
            bodies = (bodies,)
        object.__setattr__(
            self, "accreditation", tuple(sorted(set(bodies))) or None if bodies else None
        )

    @property
    def bodies(self) -> tuple[str, ...]:
        return self.accreditation or ()  # type: ignore[return-value]

    @property
    def checked_only(self) -> bool:
        return self.checked != "any"

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lon is not None

    @property
    def effective_sort(self) -> str:
        has_text = bool(self.text and self.text.strip())
        if self.sort == "name":
            return "name"
        if self.sort == "price" and self.treatment:
            return "price"
        if self.sort == "relevance" and has_text:
            return "relevance"
        if self.has_point:
            return "distance"
        return "relevance" if has_text else "name"


@dataclass(frozen=True)
class Hit:
    practitioner_id: int
    score: float
    distance_miles: float | None
    clinic_id: int | None  # the nearest clinic when a point was given
    # Set when the practitioner travels to the searcher ("comes to you, up to N miles"):
    # then ``distance_miles`` is 0 and ``clinic_id`` None, whatever their clinics' places.
    travel_miles: int | None = None


@dataclass
class SearchResults:
    """One page of results.

        ``total`` counts every match (all pages). ``facets`` maps "treatment",
        "accreditation" and "profession" to value -> count; each dimension is counted with
        the other filters applied but not its own, so a page can show what choosing another
        value would give. When nothing lies within the radius, ``widened`` is True and the
        hits are the nearest few within ``widened_radius_miles`` (in distance order, and
        the facets count just those). Unchecked practitioners are counted in ``unchecked``
    and, unless the query asks for them, nowhere else. ``degraded`` means the
        index was unusable and the database answered (slower, simpler ranking).
    """

    total: int
    page: int
    per_page: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    widened: bool = False
    widened_radius_miles: float | None = None
    suggestion: str | None = None
    degraded: bool = False
    sort: str = "relevance"
    # Treatment slugs the typed words name ("botox" -> anti-wrinkle), best first.
    matched_treatments: tuple[str, ...] = ()
    # Unchecked practitioners matching everything else, left out by ``checked="only"``
    # (with "any": how many of ``total`` are unchecked; they come after the checked).
    unchecked: int = 0


@dataclass(frozen=True)
class RebuildReport:
    documents: int
    seconds: float
    generation: str
    size_bytes: int
    outbox_rows_cleared: int
