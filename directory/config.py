"""Configuration defaults.

Precedence (last wins): these defaults, ``instance/config.py``, environment variables
prefixed ``DIRECTORY_`` (``DIRECTORY_SQLALCHEMY_DATABASE_URI=postgresql+psycopg://...``),
then the ``test_config`` mapping given to ``create_app``. No secrets live here.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


class Defaults:
    # Development-only key: ``check_config`` refuses it in production.
    SECRET_KEY = "dev-only-not-secret"
    ENV_NAME = "development"  # "production" turns on the start-up checks below
    SQLALCHEMY_DATABASE_URI: str | None = None  # None: SQLite file in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, object] = {"pool_pre_ping": True}
    # PostgreSQL timeouts in seconds (``directory.db_deadline``): a request meets a dead
    # or hung database with a 503 within about statement + 2 s, never a hang.
    DATABASE_CONNECT_TIMEOUT = 3
    DATABASE_STATEMENT_TIMEOUT = 5
    DATABASE_POOL_TIMEOUT = 3
    # Retry-After (seconds) on the 503 answered while the database is unavailable.
    RETRY_AFTER_SECONDS = 30
    # A request that waited longer than this for a worker (X-Request-Start from the
    # proxy) is answered 503 at once; 0 turns shedding off.
    MAX_QUEUE_SECONDS = 0.5
    SEARCH_INDEX_DIR: str | None = None  # None: instance/search-index
    UPLOAD_DIR: str | None = None  # None: instance/uploads
    SEED_DATA_DIR = str(REPO_ROOT / "seed_data")
    GEODATA_DIR = str(REPO_ROOT / "seed_data" / "geo")
    GEOCODER_ONLINE: str | None = None  # e.g. "nominatim"; off by default
    GEOCODER_USER_AGENT = "find-a-practitioner/0.1 (set DIRECTORY_GEOCODER_USER_AGENT)"
    GEOCODER_TIMEOUT = 3.0
    GEOCODER_MIN_DELAY = 1.0
    SEARCH_INLINE_INDEXING = True  # apply the outbox in-process after each commit
    RATELIMIT_STORAGE_URI = "memory://"  # production with several workers: redis://127.0.0.1:6379
    RATELIMIT_HEADERS_ENABLED = True
    MAIL_BACKEND = "file"  # "file" (instance/mail), "log", or "smtp" (production)
    # Where links in emails sent outside a request (the expiry command) point.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    # An admin types the password again before a decision once this long has passed.
    ADMIN_REAUTH_SECONDS = 30 * 60
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none).
    # Behind one TLS-terminating proxy set 1, so absolute links (the API's ``url``,
    # JSON-LD, emails) say https and rate limits see the visitor's address.
    PROXY_COUNT = 0
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "http"


def check_config(config: dict[str, object]) -> None:
    """Raise ``ConfigError`` when a production configuration is unsafe; in production,
    also mark the session cookies secure (the site is served over HTTPS)."""
    if config.get("ENV_NAME") != "production":
        return
    secret = config.get("SECRET_KEY")
    if not isinstance(secret, str) or secret == Defaults.SECRET_KEY or len(secret) < 32:
        raise ConfigError(
            "Production needs a real secret key: set DIRECTORY_SECRET_KEY to at least "
            "32 random characters (python -c 'import secrets; print(secrets.token_hex(32))')."
        )
    if str(config.get("RATELIMIT_STORAGE_URI", "")).startswith("memory://"):
        raise ConfigError(
            "Production runs several workers, which must share their rate-limit counts: set "
            "DIRECTORY_RATELIMIT_STORAGE_URI, e.g. redis://127.0.0.1:6379."
        )
    if config.get("MAIL_BACKEND") != "smtp" or not config.get("MAIL_SERVER"):
        raise ConfigError(
            "Production sends real email: set DIRECTORY_MAIL_BACKEND=smtp and "
            "DIRECTORY_MAIL_SERVER (plus MAIL_PORT, MAIL_USERNAME... as needed)."
        )
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
