"""Flask extensions, created unbound here and bound to an app in ``create_app``."""

from typing import TYPE_CHECKING

from flask import request, session
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_login.config import COOKIE_NAME
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

from directory.dbtypes import render_migration_item

# Stable constraint names so Alembic can alter them later, on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)

# The base every model inherits. At run time it is ``db.Model`` (Flask-SQLAlchemy adds
# the table-name and bind handling to ``Base``); mypy cannot follow a base class made
# by an attribute of an object, so to it the models derive from ``Base`` directly, and
# their ``Mapped[...]`` columns, relationships and queries are typed.
if TYPE_CHECKING:

    class Model(Base):
        __abstract__ = True

else:
    Model = db.Model

# Batch mode lets Alembic alter tables on SQLite, which cannot ALTER most things in place.
migrate = Migrate(render_as_batch=True, compare_type=True, render_item=render_migration_item)


class _LoginManager(LoginManager):
    """Flask-Login's manager, with its session protection ("strong": a session used from
    another address or browser is signed out) kept for sessions that can sign someone
    in. A visitor's session that holds only a form's CSRF token has no one to sign out;
    Flask-Login would still mark it for a "clear the remember cookie" on every request,
    so every page re-signed the session cookie and sent two Set-Cookie headers."""

    def _session_protection_failed(self) -> bool:
        # The remember cookie's default name: the site never sets it or renames it.
        if "_user_id" not in session and COOKIE_NAME not in request.cookies:
            return False
        return bool(super()._session_protection_failed())


login_manager = _LoginManager()
csrf = CSRFProtect()
# Keyed by client address by default; views add per-account keys where it matters.
# The store is RATELIMIT_STORAGE_URI: memory for one process, Redis for several workers.
limiter = Limiter(key_func=get_remote_address)
