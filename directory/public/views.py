"""The public site: search, results, profiles, treatment guides and how we verify.

Views are thin: they read the request, call a service, and render. Rules (who is
visible, which badges count, how a search widens) live in ``directory.services``.
"""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from directory.auth import limits
from directory.extensions import limiter
from directory.public import search_page, timing
from directory.public.formatting import init_templates
from directory.public.forms import ConcernForm
from directory.public.jsonld import profile_jsonld
from directory.public.search_form import Origin, SearchForm, back_link, origin_from
from directory.services import concerns, profiles

bp = Blueprint("public", __name__)
bp.record_once(lambda state: init_templates(state.app))
timing.install(bp)


@bp.get("/")
def home() -> str:
    return render_template(
        "public/home.html",
        form=SearchForm(),
        treatments=profiles.list_treatments(),
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
    return _profile_page(profile, origin, ConcernForm(), back_link(request.args))


@bp.post("/practitioners/<slug>/concern")
@limiter.limit("5 per hour", methods=["POST"])
def report_concern(slug: str) -> ResponseReturnValue:
    form = ConcernForm()
    if form.validate_on_submit():
        concerns.report(slug, form.reason.data or "", form.details.data or "", form.email.data)
        flash(
            "Thank you. Your concern has been sent to the team who check listings; "
            "if you gave an email address we may contact you.",
            "success",
        )
        return redirect(url_for("public.profile", slug=slug) + "#concern")
    return _profile_page(profiles.build_profile(slug), None, form, None), 400


def _profile_page(
    profile: profiles.Profile, origin: Origin | None, form: ConcernForm, back: str | None
) -> str:
    return render_template(
        "public/profile.html",
        profile=profile,
        jsonld=profile_jsonld(profile),
        origin=origin,
        form=form,
        back=back,
    )


@bp.get("/treatments")
def treatments() -> str:
    return render_template(
        "public/treatments.html", treatments=profiles.list_treatments(), active_nav="treatments"
    )


@bp.get("/treatments/<slug>")
def treatment(slug: str) -> str:
    item = profiles.get_treatment(slug)
    form = SearchForm(treatment=item.slug)
    return render_template(
        "public/treatment.html",
        treatment=item,
        form=form,
        treatments=profiles.list_treatments(),
        bodies=profiles.list_bodies(),
        active_nav="treatments",
    )


@bp.get("/how-we-verify")
def how_we_verify() -> str:
    return render_template("public/verify.html", bodies=profiles.list_bodies(), active_nav="verify")


@bp.get("/accreditation-bodies")
def bodies() -> str:
    return render_template("public/bodies.html", bodies=profiles.list_bodies(), active_nav="verify")


@bp.get("/robots.txt")
def robots() -> Response:
    text = "User-agent: *\nDisallow: /search\nDisallow: /api/\n"
    return Response(text, mimetype="text/plain")
