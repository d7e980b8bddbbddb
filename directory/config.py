"""Configuration defaults.

Precedence (last wins): these defaults, ``instance/config.py``, environment variables
prefixed ``DIRECTORY_`` (``DIRECTORY_SQLALCHEMY_DATABASE_URI=postgresql+psycopg://...``),
then the ``test_config`` mapping given to ``create_app``. No secrets live here.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

REPO_ROOT = Path(__file__).resolve().parent.parent


class ConfigError(RuntimeError):
    """The configuration is unsafe or incomplete; the app refuses to start."""


class Defaults:
    # Development-only key: ``check_config`` refuses it in production.
    SECRET_KEY = "dev-only-not-secret"
    ENV_NAME = "development"  # "production" turns on the start-up checks below
    # A profile in ``argon2.profiles``. None: RFC_9106_LOW_MEMORY (argon2-cffi's own
    # default: 64 MiB, 3 passes), or CHEAPEST under TESTING outside production, because
    # the tests hash hundreds of passwords and prove nothing by hashing them slowly.
    PASSWORD_HASH_PROFILE: str | None = None
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
    # Where uploaded files live: "local" (UPLOAD_DIR) or "database" (several nodes).
    FILE_STORAGE = "local"
    SEED_DATA_DIR = str(REPO_ROOT / "seed_data")
    GEODATA_DIR = str(REPO_ROOT / "seed_data" / "geo")
    GEOCODER_ONLINE: str | None = None  # e.g. "nominatim"; off by default
    GEOCODER_USER_AGENT = "find-a-practitioner/0.1 (set DIRECTORY_GEOCODER_USER_AGENT)"
    GEOCODER_TIMEOUT = 3.0
    GEOCODER_MIN_DELAY = 1.0
    SEARCH_INLINE_INDEXING = True  # apply the outbox in-process after each commit
    SEARCH_BUILD_PROCS: int | None = None  # None: one rebuild writer per core
    SEARCH_GENERATION_GRACE = 600.0  # seconds an old index generation outlives a swap
    SEARCH_REPLICA_NAME: str | None = None  # None: the host name (one replica per node)
    SEARCH_REPLICA_MAX_LAG_SECONDS = 30.0  # past either, the replica reports degraded
    SEARCH_REPLICA_MAX_LAG_CHANGES = 1000
    SEARCH_LOG_GAP_SECONDS = 60.0  # how long a replica re-reads ids it skipped
    SEARCH_LOG_RETENTION_SECONDS = 24 * 3600.0  # change-log rows older than this go
    RATELIMIT_STORAGE_URI = "memory://"  # production with several workers: redis://127.0.0.1:6379
    RATELIMIT_HEADERS_ENABLED = True
    # Redis down: keep serving, counting in each worker's memory (a warning is logged),
    # and go back to Redis once it answers again. Fail fast rather than hang on it.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_STORAGE_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
    MAIL_BACKEND = "file"  # "file" (instance/mail), "log", or "smtp" (production)
    MAIL_DIR: str | None = None  # None: instance/mail, for the "file" backend
    MAIL_FROM: str | None = None  # None: the site's own no-reply address
    MAIL_SERVER: str | None = None
    MAIL_PORT: int | None = None  # None: 465 with MAIL_USE_SSL, else 587
    MAIL_USE_TLS = True  # STARTTLS
    MAIL_USE_SSL = False  # TLS from the first byte
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD = ""  # from the environment only, never from the repository
    # Where practitioners reply about a suspension, and the public writes about a listing.
    SUPPORT_EMAIL = "listings@find-a-practitioner.example"
    # Every absolute link (emails, the API's ``url``, OpenAPI, JSON-LD) is built on this,
    # never on the request's Host header. Production needs the real https:// address.
    PUBLIC_BASE_URL = "http://127.0.0.1:5000"
    # Hosts the site answers for (400 for any other Host header). None: any host, except
    # in production, where it defaults to the host of PUBLIC_BASE_URL.
    TRUSTED_HOSTS: list[str] | None = None
    # Production refuses SMTP without TLS (MAIL_USE_TLS or MAIL_USE_SSL) unless this is set.
    MAIL_ALLOW_PLAINTEXT = False
    # An admin types the password again before a decision once this long has passed.
    ADMIN_REAUTH_SECONDS = 30 * 60
    # How many proxies in front of the app set X-Forwarded-For/-Proto/-Host (0: none).
    # Behind one TLS-terminating proxy set 1, so absolute links (the API's ``url``,
    # JSON-LD, emails) say https and rate limits see the visitor's address.
    PROXY_COUNT = 0
    # A signed-in session ends after this long without a request, and this long after
    # sign-in whatever happens; the cookie's own signature expires with the longer one.
    SESSION_IDLE_SECONDS = 60 * 60
    SESSION_MAX_SECONDS = 12 * 60 * 60
    PERMANENT_SESSION_LIFETIME = 12 * 60 * 60
    # Where the contact page and the legal pages send people (the site's own address).
    CONTACT_EMAIL = "contact@find-a-practitioner.example"
    # Retention, enforced by the hourly ``credentials expire`` command and quoted by the
    # privacy notice: enquiries are deleted this many days after they were sent, concerns
    # this many days after an admin resolved them.
    ENQUIRY_RETENTION_DAYS = 365
    CONCERN_RETENTION_DAYS = 730
    # The public "Send a message" form: per visitor address and per profile, and the
    # fewest seconds between showing the form and sending it (faster is a bot).
    ENQUIRY_LIMIT_IP = "5 per hour;20 per day"
    ENQUIRY_LIMIT_PROFILE = "20 per day"
    ENQUIRY_MIN_SECONDS = 3
    # Rate limits (flask-limiter syntax), per client address (_IP), per typed email
    # address (_EMAIL) or per signed-in account (_ACCOUNT); see docs/security.md.
    AUTH_LIMIT_SIGN_IN_IP = "30 per minute;200 per hour"
    AUTH_LIMIT_SIGN_IN_EMAIL = "5 per minute;20 per hour"
    AUTH_LIMIT_SIGN_UP_IP = "10 per hour"
    AUTH_LIMIT_SIGN_UP_EMAIL = "3 per hour"  # verification emails sent to one address
    AUTH_LIMIT_RESET_IP = "10 per hour"
    AUTH_LIMIT_RESET_EMAIL = "3 per hour"
    AUTH_LIMIT_RESEND_ACCOUNT = "3 per hour"
    # Changing the password or email asks for the current password: no guessing it either.
    AUTH_LIMIT_SETTINGS_ACCOUNT = "10 per hour"
    # Generous, per client address: a person never gets near them, a scraper does.
    AUTH_LIMIT_SEARCH_IP = "120 per minute;2000 per hour"
    AUTH_LIMIT_API_IP = "300 per minute;6000 per hour"
    # Each claim is an admin's time (and an evidence file on disk).
    AUTH_LIMIT_CLAIM_ACCOUNT = "20 per hour"
    AUTH_LIMIT_LISTING_CLAIM_ACCOUNT = "10 per hour"
    # Flask's own cap on a request body; None leaves the per-page caps (the evidence
    # uploads a little over the file limit, every other form far less) as the only ones.
    MAX_CONTENT_LENGTH: int | None = None
    SESSION_COOKIE_HTTPONLY = True
    # Flask-Login's "remember me" cookie over HTTPS only; production turns it on (as it
    # does Flask's SESSION_COOKIE_SECURE).
    REMEMBER_COOKIE_SECURE = False
    SESSION_COOKIE_SAMESITE = "Lax"
    HSTS = False  # Strict-Transport-Security on every response; production turns it on
    PREFERRED_URL_SCHEME = "http"


def password_hash_profile(config: dict[str, object]) -> str:
    """The Argon2 profile name to hash with; raises ``ConfigError`` for one argon2 lacks."""
    import argon2

    profile = config.get("PASSWORD_HASH_PROFILE")
    if profile is None:
        cheap = config.get("TESTING") and config.get("ENV_NAME") != "production"
        return "CHEAPEST" if cheap else "RFC_9106_LOW_MEMORY"
    if not isinstance(profile, str) or not isinstance(
        getattr(argon2.profiles, profile, None), argon2.Parameters
    ):
        raise ConfigError(
            f"PASSWORD_HASH_PROFILE={profile!r} is not a profile in argon2.profiles "
            "(leave it unset for RFC_9106_LOW_MEMORY)."
        )
    return profile


def check_config(config: dict[str, object]) -> None:
    """Raise ``ConfigError`` when a configuration is unsafe; in production, also mark the
    session cookies secure (the site is served over HTTPS)."""
    if config.get("FILE_STORAGE", "local") not in ("local", "database"):
        raise ConfigError(
            f"FILE_STORAGE is {config.get('FILE_STORAGE')!r}: set it to 'local' (a folder, "
            "one machine) or 'database' (several nodes)."
        )
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
    plaintext = not config.get("MAIL_USE_SSL") and not config.get("MAIL_USE_TLS", True)
    if plaintext and not config.get("MAIL_ALLOW_PLAINTEXT"):
        raise ConfigError(
            "Production refuses to send mail (reset links) unencrypted: set "
            "DIRECTORY_MAIL_USE_TLS=true or DIRECTORY_MAIL_USE_SSL=true, or, for a relay on "
            "the same host only, DIRECTORY_MAIL_ALLOW_PLAINTEXT=true."
        )
    _check_public_site(config)
    config["SESSION_COOKIE_SECURE"] = True
    config["REMEMBER_COOKIE_SECURE"] = True
    # Only this exact host may set or replace the cookie: not a sibling subdomain.
    config["SESSION_COOKIE_NAME"] = "__Host-session"
    config["HSTS"] = True


def _check_public_site(config: dict[str, object]) -> None:
    base = str(config.get("PUBLIC_BASE_URL") or "")
    parts = urlsplit(base)
    if base == Defaults.PUBLIC_BASE_URL or parts.scheme != "https" or not parts.hostname:
        raise ConfigError(
            "Production builds every emailed and API link on the public address: set "
            "DIRECTORY_PUBLIC_BASE_URL to the site's https:// address, e.g. "
            "https://directory.example.org."
        )
    if not config.get("TRUSTED_HOSTS"):
        config["TRUSTED_HOSTS"] = [parts.hostname]
