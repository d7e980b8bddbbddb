"""Addresses written from a prefix built once per request are the ones ``url_for`` builds."""

from __future__ import annotations

import pytest
from flask import url_for

from directory.services.photo_reads import PhotoRow
from directory.web.layout import EXTENSION_KEY, _kept, layout_part, static_url
from directory.web.photo_urls import clinic_gallery, photo_img, photo_url, srcset

pytestmark = pytest.mark.read_only


def _photo(digest: str) -> object:
    return PhotoRow(
        id=42, practitioner_id=1, clinic_id=None, slot=0, alt="", digest=digest,
        widths=[320, 640], width=640, height=480, created_at=None,
    )  # fmt: skip


@pytest.mark.parametrize("root", ["", "/directory"])
@pytest.mark.parametrize("digest", ["0123abcd89ef4567", "odd digest/é"])
def test_photo_addresses_match_url_for(app, root, digest):
    photo = _photo(digest)
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
        for width in (None, 320, 640):
            expected = url_for("public.photo_file", **photo.url_values(width))
            assert photo_url(photo, width) == expected
        assert srcset(photo).startswith(f"{root}/photos/42/")


# The layout's loops as base.html wrote them on every page.
OLD_MAIN_NAV = """{% set nav = [
        ('public.home', 'Find', 'find'),
        ('public.treatments', 'Treatments', 'treatments'),
        ('public.how_we_verify', 'How we verify', 'verify'),
      ] %}{% for endpoint, label, key in nav %}
            {% set href = url_if_exists(endpoint) %}
            {% if href %}
              <li><a href="{{ href }}"{% if active_nav == key %} aria-current="page"{% endif %}>{{ label }}</a></li>
            {% endif %}
          {% endfor %}"""  # noqa: E501 (the template's line as it was)
OLD_FOOTER = """{% for endpoint, label in [
            ('public.treatments', 'Treatment guides'),
            ('public.how_we_verify', 'How we verify'),
            ('public.bodies', 'Accreditation bodies'),
            ('api.openapi_document', 'API for partners'),
            ('legal.privacy', 'Privacy'),
            ('legal.terms', 'Terms of use'),
            ('legal.cookies', 'Cookies'),
            ('legal.accessibility', 'Accessibility'),
            ('legal.contact', 'Contact us'),
          ] %}
            {% set href = url_if_exists(endpoint) %}
            {% if href %}<li><a href="{{ href }}">{{ label }}</a></li>{% endif %}
          {% endfor %}"""


@pytest.mark.parametrize("root", ["", "/directory"])
def test_layout_parts_are_what_the_layout_wrote(app, root):
    env = app.jinja_env
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
        for active in [None, "find", "treatments", "verify", "other"]:
            context = {} if active is None else {"active_nav": active}
            old = env.from_string(OLD_MAIN_NAV).render(context)
            for _ in range(2):  # built, then kept
                new = env.from_string('{{ layout_part("main_nav", active_nav) }}').render(context)
                assert new == old
        assert layout_part("footer_links") == env.from_string(OLD_FOOTER).render()
        assert f'href="{root}/treatments"' in layout_part("footer_links")
        for name in ("site.css", "vendor/leaflet-1.9.4/leaflet.js", "odd name é.css"):
            assert static_url(name) == url_for("static", filename=name)
            assert static_url(name) == url_for("static", filename=name)  # kept


def test_layout_parts_follow_a_reloaded_template(app):
    with app.test_request_context("/"):
        layout_part("footer_links")
        template, kept = _kept()
        kept[("", "footer_links", None)] = "as an older template wrote it"
        assert layout_part("footer_links") == "as an older template wrote it"
        # A reload gives get_template a new object: what the old one wrote goes with it.
        app.extensions[EXTENSION_KEY] = (object(), kept)
        assert layout_part("footer_links") == app.jinja_env.from_string(OLD_FOOTER).render()
        assert _kept()[0] is template


# The macros as they were in templates/_macros/photos.html.
PHOTO_MACROS = '{# A stored photo: every copy in srcset with the caller\'s sizes, width and height so the\n   page does not jump while it loads, lazy unless it is at the top of the page. #}\n{% macro photo_img(photo, sizes, lazy=true, class_="", src=none) -%}\n  <img src="{{ src or photo_url(photo, photo.widths[0]) }}"{% if not src %} srcset="{{ photo|srcset }}" sizes="{{ sizes }}"{% endif %} width="{{ photo.width }}" height="{{ photo.height }}" alt="{{ photo.alt }}"{% if lazy %} loading="lazy"{% endif %} decoding="async"{% if class_ %} class="{{ class_ }}"{% endif %}>\n{%- endmacro %}\n\n{# The photos of one clinic on its card: small, lazy, two or three to a row. #}\n{% macro clinic_gallery(photos, clinic_name) -%}\n  {% if photos %}\n    <ul class="clinic-photos" aria-label="Photos of {{ clinic_name }}">\n      {% for photo in photos %}<li>{{ photo_img(photo, "(min-width: 48rem) 12rem, 45vw") }}</li>{% endfor %}\n    </ul>\n  {% endif %}\n{%- endmacro %}\n'  # noqa: E501


@pytest.mark.parametrize("root", ["", "/directory"])
def test_photo_tags_are_what_the_macros_wrote(app, root):
    macros = app.jinja_env.from_string(PHOTO_MACROS).module
    photos = [_photo("0123abcd89ef4567"), _photo("odd digest/é")]
    odd = PhotoRow(
        id=7, practitioner_id=None, clinic_id=3, slot=1, alt='A "quoted" <alt> & more',
        digest="ffff", widths=[320], width=320, height=240, created_at=None,
    )  # fmt: skip
    with app.test_request_context("/", environ_overrides={"SCRIPT_NAME": root}):
        for photo in [*photos, odd]:
            for options in (
                {},
                {"lazy": False, "class_": "profile-photo"},
                {"class_": 'a "b"'},
                {"src": "/account/photos/7/320?x=1&y=<2>"},
            ):
                sizes = "(min-width: 48rem) 8rem, 5.5rem"
                assert photo_img(photo, sizes, **options) == macros.photo_img(
                    photo, sizes, **options
                )
        for gallery in ([], photos[:1], [*photos, odd]):
            for name in ("Skin Room", 'The "<Best>" & Co'):
                assert clinic_gallery(gallery, name) == macros.clinic_gallery(gallery, name)
