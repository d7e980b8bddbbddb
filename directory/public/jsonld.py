"""schema.org JSON-LD for a practitioner's profile, for search engines.

Only what the page itself shows publicly goes in: checked credentials, never claims, and
a job title or "Dr" only when a regulator confirms them.
"""

from __future__ import annotations

from typing import Any

from directory.links import absolute_url
from directory.models import Clinic, ClinicRegistration
from directory.services.profiles import Profile
from directory.web.formatting import hh_mm, profession_label


def profile_jsonld(profile: Profile) -> dict[str, Any]:
    """A ``Person`` with job title, credentials, workplaces and priced offers."""
    p = profile.practitioner
    url = absolute_url("public.profile", slug=p.slug)
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Person",
        "@id": url,
        "url": url,
        "name": profile.name,
    }
    facts = profile.standing
    if facts.profession is not None:
        data["jobTitle"] = profession_label(facts.profession)
    if facts.title:
        data["honorificPrefix"] = facts.title
    if p.bio:
        data["description"] = p.bio
    if p.phone:
        data["telephone"] = p.phone
    if p.website:
        data["sameAs"] = [p.website]
    if p.languages:
        data["knowsLanguage"] = ["en", *p.languages]
    if profile.photos.profile is not None:
        photo = profile.photos.profile
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute_url("public.photo_file", **photo.url_values()),
            "width": photo.width,
            "height": photo.height,
            "caption": photo.alt,
        }
    if profile.badges:
        data["hasCredential"] = [
            {
                "@type": "EducationalOccupationalCredential",
                "credentialCategory": badge.body.kind.value,
                "name": f"{badge.body.name} ({badge.body.short_name})",
                "recognizedBy": {
                    "@type": "Organization",
                    "name": badge.body.name,
                    **({"url": badge.body.website} if badge.body.website else {}),
                },
                **({"validUntil": badge.valid_until.isoformat()} if badge.valid_until else {}),
            }
            for badge in profile.badges
        ]
    if profile.clinics:
        demo = profile.practitioner.is_demo  # made-up numbers: no link to the regulator
        data["workLocation"] = [
            _place(place.clinic, place.registrations, linked=not demo) for place in profile.clinics
        ]
    offers = profile.offers
    if offers:
        data["makesOffer"] = [
            {
                "@type": "Offer",
                "itemOffered": {
                    "@type": "Service",
                    "name": o.treatment.name,
                    "url": absolute_url("public.treatment", slug=o.treatment.slug),
                },
                **(
                    {
                        "priceSpecification": {
                            "@type": "PriceSpecification",
                            "minPrice": f"{o.price_from_pence / 100:.2f}",
                            "priceCurrency": "GBP",
                        }
                    }
                    if o.price_from_pence is not None
                    else {}
                ),
            }
            for o in offers
        ]
    return data


def _registration(item: ClinicRegistration, linked: bool = True) -> dict[str, Any]:
    """A checked, current registration of the clinic as a credential of the place."""
    regulator = item.care_regulator
    issuer = regulator.name if regulator else item.issuer
    return {
        "@type": "EducationalOccupationalCredential",
        "credentialCategory": "registration" if regulator else "licence",
        "name": f"{issuer} {'registration' if regulator else 'licence'}",
        "identifier": item.number,
        "recognizedBy": {"@type": "Organization", "name": issuer},
        **({"url": item.public_url} if item.public_url and linked else {}),
    }


def _place(
    clinic: Clinic, registrations: tuple[ClinicRegistration, ...] = (), linked: bool = True
) -> dict[str, Any]:
    place: dict[str, Any] = {
        "@type": "MedicalClinic",
        "name": clinic.name,
        "address": {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(
                x for x in (clinic.address_line1, clinic.address_line2) if x
            ),
            "addressLocality": clinic.town,
            "postalCode": clinic.postcode,
            "addressCountry": "GB",
        },
    }
    if clinic.latitude is not None and clinic.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": round(clinic.latitude, 6),
            "longitude": round(clinic.longitude, 6),
        }
    if registrations:
        place["hasCredential"] = [_registration(r, linked) for r in registrations]
    timed = [h for h in clinic.hours if not h.by_appointment]
    if timed:
        # By-appointment days have no times to give, so schema.org has no way to say them.
        place["openingHoursSpecification"] = [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": f"https://schema.org/{h.day_name}",
                "opens": hh_mm(h.opens),  # type: ignore[arg-type]
                "closes": hh_mm(h.closes),  # type: ignore[arg-type]
            }
            for h in timed
        ]
    return place
