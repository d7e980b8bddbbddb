"""What a person typed into a search (the page's form or the API's query string), kept
as typed.

The page re-renders these strings after an error so nothing typed is lost; the rules
about what is valid live in ``search_request`` and the finder service, not here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from functools import cache

from directory.web.text import clean_text

RADIUS_CHOICES = (1, 3, 5, 10, 25, 50)
DEFAULT_RADIUS = 10
_DEFAULT_RADIUS_TEXT = str(DEFAULT_RADIUS)
MAX_TYPED = 100
MAX_BODIES = 20  # repeated accreditation= values read; there are fewer bodies than this
# How a filter switch (``weekends=1``) may be written; anything else is refused.
SWITCH_ON = ("1", "true", "yes", "on")
SWITCH_OFF = ("", "0", "false", "no", "off")


def typed(raw: object) -> str:
    """``raw`` as a visitor meant it, cleaned like any typed line (``web.text``: a pasted
    tab is a space, a NUL is dropped) and cut to ``MAX_TYPED`` characters."""
    return str(clean_text(str(raw)))[:MAX_TYPED].strip()


@dataclass
class SearchForm:
    location: str = ""
    lat: str = ""
    lon: str = ""
    radius: str = str(DEFAULT_RADIUS)
    treatment: str = ""
    accreditation: str = ""  # body slugs, comma-separated: any of them
    profession: str = ""
    weekends: str = ""
    step_free: str = ""
    registered: str = ""  # "1": only clinics whose care-regulator registration we checked
    language: str = ""
    max_price: str = ""
    checked: str = ""  # "any" includes practitioners nothing has been checked about
    prescriber: str = ""  # "true": checked prescribers only
    mobile: str = ""  # "1": only practitioners who come to the searcher
    q: str = ""
    sort: str = ""
    page: str = "1"
    errors: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> SearchForm:
        """Read the query string, every value cleaned by ``typed``."""
        form = cls()
        for f in fields(cls):
            # ``in`` first: a query string names few of the fields, and a MultiDict's
            # ``get`` raises and catches an exception for each one it lacks.
            raw = args.get(f.name) if f.name != "errors" and f.name in args else None
            if raw is not None:
                setattr(form, f.name, typed(raw))
        # Several bodies: repeated (checkboxes) or comma-separated (links), in any mix.
        every = args.getlist("accreditation") if hasattr(args, "getlist") else [form.accreditation]
        form.accreditation = ",".join(
            dict.fromkeys(
                s for raw in every[:MAX_BODIES] for s in typed(raw).split(",") if s.strip()
            )
        )
        if not form.radius:
            form.radius = str(DEFAULT_RADIUS)
        return form

    @property
    def bodies(self) -> list[str]:
        """The chosen body slugs, in the order given."""
        return [s.strip() for s in self.accreditation.split(",") if s.strip()]

    def bodies_with(self, slug: str, chosen: bool) -> str:
        """``accreditation`` with ``slug`` added (``chosen``) or taken out."""
        rest = [s for s in self.bodies if s != slug]
        return ",".join([*rest, slug] if chosen else rest)

    def switched_on(self, name: str) -> bool:
        return getattr(self, name).lower() in SWITCH_ON

    @property
    def near_me(self) -> bool:
        """Searching from the browser's location rather than a typed place."""
        return bool(self.lat and self.lon and not self.location)

    @property
    def radius_choices(self) -> list[int | float]:
        """The form's distances, plus an unusual one given in a link so it stays chosen."""
        choices: list[int | float] = list(RADIUS_CHOICES)
        try:
            value = float(self.radius)
        except ValueError:
            return choices
        if 0 < value <= 100 and value not in choices:
            choices = sorted([*choices, int(value) if value.is_integer() else value])
        return choices

    @property
    def radius_selected(self) -> int | float:
        """The choice to show as selected: the typed distance when it is one of
        ``radius_choices``, else the default (never the first option by accident)."""
        try:
            value = float(self.radius)
        except ValueError:
            return DEFAULT_RADIUS
        return next((c for c in self.radius_choices if c == value), DEFAULT_RADIUS)

    def query(self, **changes: str | None) -> dict[str, str]:
        """The query-string values of this search with ``changes`` applied; a change to
        ``None`` or ``""`` drops that parameter. Empty values and page 1 are left out."""
        values = self.__dict__.copy()  # the fields (a results page asks for dozens)
        for name, value in changes.items():
            values[name] = value or ""
        if "page" not in changes or values["page"] == "1":
            values["page"] = ""
        if values["location"]:
            values["lat"] = values["lon"] = ""
        if values["radius"] == _DEFAULT_RADIUS_TEXT:
            values["radius"] = ""
        return {name: values[name] for name in _query_names() if values[name]}


@cache
def _query_names() -> tuple[str, ...]:
    # A results page asks ``query`` for dozens of links; ``fields()`` walks the class.
    return tuple(f.name for f in fields(SearchForm) if f.name != "errors")
