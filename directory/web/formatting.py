"""Template filters and globals: miles, money, dates, map links, labels.

Registered app-wide by ``create_app`` (``init_app``): every template uses them, the
public pages, the account and admin areas and the error pages alike.
"""

from __future__ import annotations

from datetime import date, datetime, time
from time import monotonic
from typing import Any
from urllib.parse import quote_plus

from flask import current_app, request, url_for
from flask.sansio.app import App
from sqlalchemy.exc import SQLAlchemyError

from directory.models import Clinic, ConsultationFee, Practitioner, Profession
from directory.services import languages, opening_hours
from directory.web import photo_urls

DEMO_CHECK_SECONDS = 30.0
PROFESSION_LABELS = {
    Profession.DOCTOR: "Doctor",
    Profession.NURSE: "Nurse",
    Profession.DENTIST: "Dentist",
    Profession.PHARMACIST: "Pharmacist",
    Profession.ALLIED_HEALTH: "Allied health professional",
    Profession.OTHER: "Aesthetic practitioner",
}


def miles(value: float | None) -> str:
    """``2.4 miles``; whole miles from 10 up; ``under 0.1 miles`` for the very near."""
    if value is None:
        return ""
    if value < 0.05:
        return "under 0.1 miles"
    if value >= 9.95:
        return f"{value:.0f} miles"
    text = f"{value:.1f}"
    return "1 mile" if text == "1.0" else f"{text} miles"


def comes_to_you(travel_miles: int) -> str:
    """What a card says instead of a distance when the practitioner travels to you."""
    return f"comes to you (up to {travel_miles} {'mile' if travel_miles == 1 else 'miles'})"


def gbp(pence: int | None) -> str:
    """``£150`` for whole pounds, ``£149.50`` otherwise, ``""`` for no price."""
    if pence is None:
        return ""
    pounds, rest = divmod(pence, 100)
    return f"£{pounds:,}" if rest == 0 else f"£{pounds:,}.{rest:02d}"


# The month as strftime's ``%b`` writes it in the C locale (the one a worker runs in),
# without strftime's cost: a results page writes a date on every badge.
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def uk_date(value: date | datetime | None) -> str:
    """``3 Mar 2026``."""
    if value is None:
        return ""
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def hh_mm(value: time) -> str:
    """``09:05``: as ``strftime("%H:%M")`` writes it, for a fraction of the cost (a
    profile's structured data gives every opening and closing time)."""
    return f"{value.hour:02d}:{value.minute:02d}"


BADGE_WORDS = {"register": "registered", "membership": "member", "regulator": "registered"}


def badge_label(body: Any) -> str:
    """``JCCP registered``, ``SMUK member``: a body's badge as words (a filter, not a
    macro: a results page shows dozens and a macro call costs several times more)."""
    return f"{body.short_name} {BADGE_WORDS.get(body.kind.value, 'verified')}"


def sentence(text: str | None) -> str:
    """Seed facts are phrases ("little or none; ..."): capitalise and end them as sentences."""
    text = (text or "").strip()
    if not text:
        return ""
    text = text[0].upper() + text[1:]
    return text if text[-1] in ".!?" else text + "."


def profession_label(value: Profession | str | None) -> str:
    if value is None:
        return ""
    try:
        return PROFESSION_LABELS[Profession(value)]
    except ValueError:
        return str(value).capitalize()


def article(noun: str) -> str:
    """``noun`` with "a" or "an" before it ("a nurse", "an allied health professional")."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}" if noun else ""


def maps_url(clinic: Clinic) -> str:
    """A link that opens the phone's maps app (or Google Maps in a browser) at the clinic."""
    if clinic.latitude is not None and clinic.longitude is not None:
        where = f"{clinic.latitude:.6f},{clinic.longitude:.6f}"
    else:
        where = ", ".join(
            p for p in (clinic.name, clinic.address_line1, clinic.town, clinic.postcode) if p
        )
    return f"https://www.google.com/maps/search/?api=1&query={quote_plus(where)}"


def address_lines(clinic: Clinic) -> list[str]:
    return [
        p for p in (clinic.address_line1, clinic.address_line2, clinic.town, clinic.postcode) if p
    ]


def demo_data_loaded() -> bool:
    """Whether any demo practitioner is listed. Asked on every page, so the answer is
    kept for ``DEMO_CHECK_SECONDS`` per process; False when the database cannot say (the
    error pages call this too, and must render even when the database is down)."""
    from directory.extensions import db
    from directory.services.seed import demo_loaded

    cached = current_app.extensions.get("public.demo_loaded")
    now = monotonic()
    if cached is not None and cached[0] > now:
        return bool(cached[1])
    try:
        loaded = demo_loaded()
    except SQLAlchemyError:
        db.session.rollback()
        return False
    current_app.extensions["public.demo_loaded"] = (now + DEMO_CHECK_SECONDS, loaded)
    return loaded


def url_if_exists(endpoint: str, **values: Any) -> str | None:
    """``url_for(endpoint)`` when some blueprint provides it, else None; lets the shared
    layout link to parts of the site (sign-in, say) that may not be installed.

    Kept per process: the layout builds the same dozen links on every page, and a
    relative URL depends only on the URL map (fixed once serving) and the script root.
    """
    if endpoint not in current_app.view_functions:
        return None
    if values:
        return url_for(endpoint, **values)
    kept: dict[tuple[str, str], str] = current_app.extensions.setdefault("public.layout_urls", {})
    key = (request.script_root, endpoint)
    if key not in kept:
        kept[key] = url_for(endpoint)
    return kept[key]


def consultation_text(p: Practitioner) -> str:
    """What a first consultation costs, in words ("Free", "£50, taken off ...")."""
    kind, pence = p.consultation, p.consultation_fee_pence
    if kind is ConsultationFee.FREE:
        return "Free"
    fee = gbp(pence) if pence is not None else "A fee"
    if kind is ConsultationFee.DEDUCTED:
        return f"{fee}, taken off the price of a treatment you book"
    return fee


def access_lines(clinic: Clinic) -> list[str]:
    """What the practitioner said about getting in; nothing for what they did not say."""
    lines = []
    if clinic.step_free is not None:
        lines.append("Step-free access" if clinic.step_free else "No step-free access")
    if clinic.accessible_toilet is not None:
        lines.append("Accessible toilet" if clinic.accessible_toilet else "No accessible toilet")
    if clinic.parking:
        lines.append(f"Parking: {clinic.parking}")
    if clinic.nearest_station:
        lines.append(f"Nearest station: {clinic.nearest_station}")
    return lines


def init_app(app: App) -> None:
    """Register the filters and globals on ``app``, for every template."""
    app.add_template_filter(miles)
    app.add_template_filter(gbp)
    app.add_template_filter(uk_date)
    app.add_template_filter(sentence)
    app.add_template_filter(profession_label)
    app.add_template_filter(article)
    app.add_template_filter(maps_url)
    app.add_template_filter(address_lines)
    app.add_template_filter(opening_hours.describe, "opening_time")
    app.add_template_filter(languages.name_of, "language_name")
    app.add_template_filter(consultation_text)
    app.add_template_filter(access_lines)
    app.add_template_filter(badge_label)
    app.add_template_global(demo_data_loaded)
    app.add_template_global(url_if_exists)
    photo_urls.init_templates(app)
