"""Which of GeoNames' alternate names people in the UK actually type, and what the
local authorities are called. Used only by ``geo refresh``.

GeoNames lists every name a place has in any language, without saying which language.
We keep, for a place called N:

* the names made of N's own words, give or take "on"/"upon"/"city" and the like: short
  forms ("Newcastle", "Stoke", "Hull", "Southend") and spellings ("Newcastle-on-Tyne",
  "Kings Lynn", "Saint Albans");
* both halves of a "Derry / Londonderry" name;
* in Wales, Scotland and Northern Ireland, names written the Welsh, Gaelic or Irish way
  ("Caerdydd", "Abertawe", "Inbhir Nis", "Béal Feirste"): capitalised, letters only
  from that language's alphabet and at least one of its tell-tale spellings;

and drop everything else: exonyms ("Londres", "Kardiff"), transliterations ("Lids") and
airport codes ("NCL").
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from collections.abc import Iterable
from pathlib import Path

from directory.geo.places import place_key

# Words a variant may add or drop without naming another place.
FILLER = frozenset({"on", "upon", "in", "the", "by", "of", "under", "and", "city", "town"})
_LATIN_ONLY = re.compile(r"^[A-Za-z\u00c0-\u024f' .\-/()]+$")
_NOT_WELSH = re.compile(r"[kqvxzj]", re.IGNORECASE)
_WELSH = re.compile(
    r"dd|ll|ff|rh|w[bcdfglmnprst]|^(aber|caer|llan|pen|tre|porth|pont|ystrad|cwm|bryn|"
    r"castell|cas|y |yr |abertawe|bae )",
    re.IGNORECASE,
)
_NOT_GAELIC = re.compile(r"[jkqvwxyz]", re.IGNORECASE)
_GAELIC = re.compile(
    r"[bcdfgmpst]h|[àèìòùáéíóú]|^(baile|beal|inbhir|inbhear|dun|cill|ceann|gleann|"
    r"eilean|srath|an |na |inis|doire|lios|ard|droichead|carraig|muileann)",
    re.IGNORECASE,
)
_CODE = re.compile(r"^[A-Z]{3}$")  # IATA and similar codes


def usable_aliases(name: str, nation: str, alternates: Iterable[str]) -> list[str]:
    """The alternate names of a place worth matching, in the order given, without
    duplicates of the name itself (compared by ``place_key``)."""
    own_key = place_key(name)
    own_words = set(own_key.split()) - FILLER
    kept: dict[str, str] = {}
    for raw in alternates:
        text = re.sub(r"\s*\([^)]*\)", "", raw).strip()
        parts = [p.strip() for p in text.split("/")] if "/" in text else [text]
        split_name = len(parts) > 1 and own_key in {place_key(p) for p in parts}
        for part in parts:
            key = place_key(part)
            if not key or key == own_key or key in kept or not _LATIN_ONLY.match(part):
                continue
            if _CODE.match(part):
                continue
            words = set(key.split()) - FILLER
            if (words and words <= own_words) or split_name or _native_spelling(part, nation):
                kept[key] = part
    return list(kept.values())


def _native_spelling(text: str, nation: str) -> bool:
    if not text[:1].isupper():  # GeoNames' romanisations of other scripts are lower case
        return False
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    if nation == "WLS":
        return not _NOT_WELSH.search(plain) and bool(_WELSH.search(text))
    if nation in ("SCT", "NIR"):
        return not _NOT_GAELIC.search(plain) and bool(_GAELIC.search(text))
    return False


# Local authorities ---------------------------------------------------------------------

LONDON_ROYAL = {"Kensington and Chelsea", "Kingston upon Thames", "Greenwich"}
CODELIST_SHEETS = ("DIS", "LBO", "MTD", "UTA", "CTY")


def london_borough(name: str) -> str:
    """The usual name of a London borough, from "Redbridge" or "Redbridge London Boro"."""
    name = name.removesuffix(" London Boro").strip()
    if name in ("City", "City of London", "City and County of the City of London"):
        return "City of London"
    if name.startswith("City of "):
        return name
    if name == "Westminster":
        return "City of Westminster"
    if name in LONDON_ROYAL:
        return f"Royal Borough of {name}"
    return f"London Borough of {name}"


def authority_name(codelist_name: str) -> str:
    """A Code-Point code-list name as people write it: "Leeds District (B)" -> "Leeds",
    "Caerdydd - Cardiff" -> "Cardiff", "Isle of Wight" stays."""
    name = codelist_name.strip()
    if name.endswith(" London Boro") or name.startswith("City and County of the City"):
        return london_borough(name)
    name = re.sub(r"\s*\(B\)$", "", name)
    name = re.sub(r" (District|County)$", "", name)
    if " - " in name:  # Welsh authorities: "Welsh - English"
        name = name.split(" - ", 1)[1]
    name = name.removeprefix("County of ").removeprefix("The City of ")
    return name[:1].upper() + name[1:]


def read_codelist(codepoint_zip: Path) -> dict[str, str]:
    """``{GSS code: name}`` for districts, boroughs, unitary authorities and counties,
    from ``Doc/Codelist.xlsx`` in a Code-Point zip; empty if the zip has none."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(codepoint_zip) as archive:
        member = next(
            (n for n in archive.namelist() if n.lower().endswith("doc/codelist.xlsx")), None
        )
        if member is None:
            return {}
        book = load_workbook(io.BytesIO(archive.read(member)), read_only=True)
    names: dict[str, str] = {}
    try:
        for sheet in CODELIST_SHEETS:
            if sheet not in book.sheetnames:
                continue
            for row in book[sheet].iter_rows(values_only=True):
                if len(row) >= 2 and row[0] and row[1]:
                    names[str(row[1]).strip()] = authority_name(str(row[0]))
    finally:
        book.close()
    return names
