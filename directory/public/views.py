"""The public site: search, results, profiles, treatment guides and how we verify.

Views are thin: they read the request, call a service, and render. Rules (who is
visible, which badges count, how a search widens) live in ``directory.services``.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_limiter.util import get_remote_address

from directory.auth import limits
from directory.extensions import limiter
from directory.public import concern_form, search_page
from directory.public.enquiry_form import EnquiryForm
from directory.public.forms import ConcernForm
from directory.public.jsonld import profile_jsonld
from directory.public.search_origin import Origin, back_link, origin_from
from directory.services import (
    concerns,
    enquiries,
    opening_hours,
    photo_reads,
    profiles,
    taxonomy_reads,
)
from directory.web import timing
from directory.web.photo_urls import serve_public
from directory.web.search_form import SearchForm

bp = Blueprint("public", __name__)
timing.install(bp)


@bp.get("/")
def home() -> str:
    return render_template(
        "public/home.html",
        form=SearchForm(),
        treatments=taxonomy_reads.list_treatments(),
        active_nav="find",
    )


@bp.get("/search")
@limits.per_ip("SEARCH_IP")
def search() -> ResponseReturnValue:
    page = search_page.run(request.args)
    return render_template("public/results.html", page=page, active_nav="find"), page.status


@bp.get("/practitioners/<slug>")
def profile(slug: str) -> str:
    origin = origin_from(request.args)
    profile = profiles.build_profile(slug, origin.point if origin else None)
    return _profile_page(profile, origin, None, back_link(request.args))


@bp.post("/practitioners/<slug>/concern")
@limiter.limit("5 per hour", methods=["POST"])
def report_concern(slug: str) -> ResponseReturnValue:
    form = ConcernForm()
    if form.validate_on_submit():
        concern = concerns.report(
            slug, form.reason.data or "", form.details.data or "", form.email.data
        )
        concerns.send_notices(
            concern, url_for("admin.concern", concern_id=concern.id, _external=True)
        )
        # Shown once, where the person is: the profile's concern section takes focus.
        session["concern_sent"] = [slug, concern.reference]
        return redirect(url_for("public.profile", slug=slug) + "#concern-sent")
    return _profile_page(profiles.build_profile(slug), None, form, None), 400


def _enquiry_ip_limit() -> str:
    return str(current_app.config["ENQUIRY_LIMIT_IP"])


def _enquiry_profile_limit() -> str:
    return str(current_app.config["ENQUIRY_LIMIT_PROFILE"])


def _profile_key() -> str:
    return "enquiry-profile:" + str((request.view_args or {}).get("slug", ""))


@bp.post("/practitioners/<slug>/message")
@limiter.limit(_enquiry_ip_limit, key_func=get_remote_address, methods=["POST"])
@limiter.limit(_enquiry_profile_limit, key_func=_profile_key, methods=["POST"])
def send_enquiry(slug: str) -> ResponseReturnValue:
    profile = profiles.build_profile(slug)
    if not enquiries.accepts_enquiries(profile.practitioner):
        raise enquiries.EnquiriesOff("This practitioner does not take messages through the site.")
    form = EnquiryForm(prefix="enquiry")
    form.offer_clinics(profile.practitioner)
    if form.validate_on_submit():
        if form.looks_like_a_bot():
            # Answered like a success so the bot learns nothing; nothing is kept or sent.
            session["enquiry_sent"] = slug
            return redirect(url_for("public.profile", slug=slug) + "#enquiry-sent")
        if form.sent_too_fast():
            form.message.errors = list(form.message.errors) + [
                "Please check your message, then send it again."
            ]
        else:
            details = enquiries.EnquiryDetails(
                name=form.name.data or "",
                email=form.email.data or "",
                message=form.message.data or "",
                phone=form.phone.data or None,
                clinic_id=int(form.clinic.data) if form.clinic.data else None,
            )
            try:
                enquiries.send(slug, details)
            except enquiries.EnquiryError as exc:
                form.message.errors = list(form.message.errors) + [exc.message]
            else:
                session["enquiry_sent"] = slug
                return redirect(url_for("public.profile", slug=slug) + "#enquiry-sent")
    return _profile_page(profile, None, None, None, form), 400


def _profile_page(
    profile: profiles.Profile,
    origin: Origin | None,
    form: ConcernForm | None,
    back: str | None,
    enquiry_form: EnquiryForm | None = None,
) -> str:
    """The profile page; ``form`` None shows the concern form blank."""
    slug = profile.practitioner.slug
    blank_form = None
    if form is None:
        action = url_for("public.report_concern", slug=slug)
        blank_form = concern_form.blank_concern_form(profile.name, action)
    sent = session.get("concern_sent")
    concern_sent = sent[1] if isinstance(sent, list) and sent[:1] == [slug] else None
    if concern_sent:
        session.pop("concern_sent")
    enquiry_sent = session.get("enquiry_sent") == slug
    if enquiry_sent:
        session.pop("enquiry_sent")
    if enquiry_form is None and enquiries.accepts_enquiries(profile.practitioner):
        enquiry_form = EnquiryForm(prefix="enquiry", formdata=None)
        enquiry_form.offer_clinics(profile.practitioner)
    if enquiry_form is not None:
        enquiry_form.stamp()
    return render_template(
        "public/profile.html",
        profile=profile,
        jsonld=profile_jsonld(profile),
        origin=origin,
        form=form,
        concern_form_html=blank_form,
        back=back,
        concern_sent=concern_sent,
        enquiry_form=enquiry_form,
        enquiry_sent=enquiry_sent,
        today=opening_hours.today_index(),
    )


@bp.get("/treatments")
def treatments() -> str:
    return render_template(
        "public/treatments.html",
        treatments=taxonomy_reads.list_treatments(),
        active_nav="treatments",
    )


@bp.get("/treatments/<slug>")
def treatment(slug: str) -> str:
    item = taxonomy_reads.get_treatment(slug)
    form = SearchForm(treatment=item.slug)
    return render_template(
        "public/treatment.html",
        treatment=item,
        form=form,
        treatments=taxonomy_reads.list_treatments(),
        bodies=taxonomy_reads.list_bodies(),
        active_nav="treatments",
    )


@bp.get("/how-we-verify")
def how_we_verify() -> str:
    from directory.models.registrations import REGULATORS

    return render_template(
        "public/verify.html",
        bodies=taxonomy_reads.list_bodies(),
        regulators=list(REGULATORS.values()),
        active_nav="verify",
    )


@bp.get("/accreditation-bodies")
def bodies() -> str:
    return render_template(
        "public/bodies.html", bodies=taxonomy_reads.list_bodies(), active_nav="verify"
    )


@bp.get("/photos/<int:photo_id>/<digest>-<int:width>.webp")
def photo_file(photo_id: int, digest: str, width: int) -> Response:
    """A stored copy of a published practitioner's photo (404 once they are not)."""
    return serve_public(photo_reads.public_file(photo_id, digest, width), f"{digest}-{width}")


@bp.get("/robots.txt")
def robots() -> Response:
    text = "User-agent: *\nDisallow: /search\nDisallow: /api/\n"
    return Response(text, mimetype="text/plain")
