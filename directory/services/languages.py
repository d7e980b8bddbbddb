"""Languages a practitioner can consult in, besides English: the ones most spoken in the
UK after English (2021 census order, roughly), plus British and Irish Sign Language.

Codes are ISO 639 (639-3 where 639-1 has none, as for the sign languages and the
two Chinese languages people ask for by name). Stored and searched by code.
"""

from __future__ import annotations

LANGUAGES: dict[str, str] = {
    "pl": "Polish",
    "ro": "Romanian",
    "pa": "Punjabi",
    "ur": "Urdu",
    "pt": "Portuguese",
    "es": "Spanish",
    "ar": "Arabic",
    "bn": "Bengali",
    "gu": "Gujarati",
    "it": "Italian",
    "fr": "French",
    "lt": "Lithuanian",
    "cmn": "Mandarin Chinese",
    "yue": "Cantonese",
    "tr": "Turkish",
    "ta": "Tamil",
    "bg": "Bulgarian",
    "ru": "Russian",
    "de": "German",
    "el": "Greek",
    "fa": "Persian (Farsi)",
    "hi": "Hindi",
    "so": "Somali",
    "uk": "Ukrainian",
    "hu": "Hungarian",
    "cy": "Welsh",
    "gd": "Scottish Gaelic",
    "ga": "Irish",
    "bfi": "British Sign Language",
    "isg": "Irish Sign Language",
}


def name_of(code: str) -> str:
    return LANGUAGES.get(code, code)


def by_name() -> list[tuple[str, str]]:
    """(code, name) pairs in alphabetical order of name, for forms."""
    return sorted(LANGUAGES.items(), key=lambda kv: kv[1])
