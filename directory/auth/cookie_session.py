"""Flask's signed-cookie sessions, with the signing serializer kept between requests.

Flask builds a new serializer (and its signer settings) every time it opens or saves
a session, which every request does. The serializer holds only its keys and settings,
so one is kept per secret key and fallbacks; changing either builds a new one.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer


class KeptSerializerSessionInterface(SecureCookieSessionInterface):
    """``SecureCookieSessionInterface`` with ``get_signing_serializer`` kept per keys."""

    def __init__(self) -> None:
        self._kept: tuple[Any, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]


def init_app(app: Flask) -> None:
    app.session_interface = KeptSerializerSessionInterface()
