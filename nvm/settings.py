"""Django settings for NVM, read from the environment.

Every value has an embedded default that suits ``make run`` on one machine
(SQLite, eager Celery tasks, e-mail to the console); production sets the
variables listed in the README. ``DEBUG`` is off unless asked for.
"""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from nvm.env import env_bool, env_email, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NVM_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)


def _secret_key() -> str:
    """``SECRET_KEY`` from the environment; without it, a random key kept in ``var/secret_key``
    so that one machine keeps its sessions across restarts. Several hosts must share one
    key through the environment."""
    key = env_str("SECRET_KEY", "")
    if key:
        if len(key) < 50 or len(set(key)) < 5:
            raise ImproperlyConfigured("SECRET_KEY is too weak: use at least 50 random characters.")
        return key
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "guardian",
    "simple_history",
    "axes",
    "audit",
    "nvm",
    "directory",
    "accounts",
    "referrals",
    "notifications",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Oversized bodies and unstorable text in query strings and headers end here (nvm/input.py).
    "nvm.input.InputGuardMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.SessionIdleTimeoutMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # django-axes must come last: it turns a lock-out into the lock-out answer.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "nvm.urls"
WSGI_APPLICATION = "nvm.wsgi.application"
HANDLER_JSON_PREFIX = "/api/"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "referrals.context_processors.menu",
                "notifications.web.header",
            ],
        },
    },
]


# --- Database ---------------------------------------------------------------


def _database(url: str) -> dict[str, Any]:
    """One database from ``DATABASE_URL``: PostgreSQL in production and tests,
    SQLite for the embedded default (WAL, IMMEDIATE transactions and a busy
    timeout, so that a few people writing at once queue instead of failing)."""
    scheme = url.split("://", 1)[0].lower()
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"DATABASE_URL has scheme {scheme!r}; use postgres://user@host:5432/name or sqlite:///path."
        )
    config: dict[str, Any] = dict(dj_database_url.parse(url))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        }
    else:
        config["CONN_MAX_AGE"] = env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'nvm.sqlite3'}")
DATABASES = {"default": _database(DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


# --- Accounts and authentication --------------------------------------------

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

AUTHENTICATION_BACKENDS = [
    # django-axes refuses locked-out username+IP pairs before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "accounts.roles.RolePermissionBackend",
    "guardian.backends.ObjectPermissionBackend",
]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Lock out a username from one address after repeated failures; locking on the
# username alone would let anyone lock a colleague out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_ip"
# How many reverse proxies in front of us append to X-Forwarded-For (0: use the socket address).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0, maximum=5)

# Hashed API tokens that expire (django-rest-knox); DRF's own token is stored in
# plain text and never expires.
TOKEN_TTL = timedelta(hours=env_int("TOKEN_TTL_HOURS", 10, minimum=1, maximum=24 * 30))
REST_KNOX = {
    "TOKEN_TTL": TOKEN_TTL,
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": None,
}

# Sessions for the web pages: an absolute lifetime and an idle timeout.
SESSION_COOKIE_AGE = env_int("SESSION_MAX_AGE_MINUTES", 8 * 60, minimum=5) * 60
SESSION_IDLE_TIMEOUT = env_int("SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

GUARDIAN_ANONYMOUS_USER_NAME = None  # no shared anonymous user row: the public sees published data only
ANONYMOUS_USER_NAME = None

# simple-history: the actor is also set explicitly by services (see nvm.history).
SIMPLE_HISTORY_REVERT_DISABLED = True


# --- Security headers (manage.py check --deploy is clean by default) ---

# HTTPS=false only for plain HTTP on the loopback address (make run): no redirect,
# no HSTS, cookies without the Secure flag.
HTTPS = env_bool("HTTPS", True)
SECURE_SSL_REDIRECT = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
X_FRAME_OPTIONS = "DENY"


# --- Input limits (nvm/input.py) ---------------------------------------------

# The largest request body: JSON and forms, and (separately) a file upload such as a handover to verify.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MAX_REQUEST_BYTES", 1024 * 1024, minimum=64 * 1024, maximum=64 * 1024 * 1024)
FILE_UPLOAD_BODY_LIMIT = env_int("MAX_UPLOAD_BYTES", 20 * 1024 * 1024, minimum=1024 * 1024, maximum=512 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_NUMBER_FILES = 1
# How long the answer to a write sent with an Idempotency-Key is kept for a repeat (nvm/idempotency.py).
IDEMPOTENCY_KEY_HOURS = env_int("IDEMPOTENCY_KEY_HOURS", 24, minimum=1, maximum=24 * 7)


# --- Internationalisation ---------------------------------------------------

# Reports (reports/disclosure.py): counts below the threshold are never published (never below 5),
# published counts are rounded to a multiple of REPORT_ROUNDING.
REPORT_THRESHOLD = env_int("REPORT_THRESHOLD", 10, minimum=5, maximum=100)
REPORT_ROUNDING = env_int("REPORT_ROUNDING", 5, minimum=1, maximum=100)

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True


# --- Static files -----------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed names need collectstatic, which make run does; DEBUG serves from the apps.
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = VAR_DIR / "media"


def _handover_storage() -> dict[str, Any]:
    """Where issued handover documents are kept: ``HANDOVER_STORAGE=filesystem`` (under the var
    directory, readable by this user only) or ``s3`` (any S3-compatible store, private objects,
    never overwritten). Without S3 keys, boto3's own chain (instance role, ``AWS_*``) applies."""
    kind = env_str("HANDOVER_STORAGE", "filesystem").lower()
    if kind == "filesystem":
        location = env_str("HANDOVER_STORAGE_DIR", str(VAR_DIR / "handovers"))
        return {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": location, "file_permissions_mode": 0o600, "directory_permissions_mode": 0o700},
        }
    if kind != "s3":
        raise ImproperlyConfigured(f"HANDOVER_STORAGE={kind!r} is not a storage; use filesystem or s3.")
    bucket = env_str("HANDOVER_S3_BUCKET", "")
    if not bucket:
        raise ImproperlyConfigured("HANDOVER_STORAGE=s3 needs HANDOVER_S3_BUCKET, the bucket's name.")
    endpoint = env_str("HANDOVER_S3_ENDPOINT_URL", "")
    if endpoint and not endpoint.startswith(("https://", "http://")):
        raise ImproperlyConfigured(f"HANDOVER_S3_ENDPOINT_URL={endpoint!r} is not an http(s) address.")
    key_id = env_str("HANDOVER_S3_ACCESS_KEY_ID", "")
    secret = env_str("HANDOVER_S3_SECRET_ACCESS_KEY", "")
    if bool(key_id) != bool(secret):
        raise ImproperlyConfigured("Set both HANDOVER_S3_ACCESS_KEY_ID and HANDOVER_S3_SECRET_ACCESS_KEY, or neither.")
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint or None,
            "region_name": env_str("HANDOVER_S3_REGION", "") or None,
            "access_key": key_id or None,
            "secret_key": secret or None,
            "location": env_str("HANDOVER_S3_PREFIX", "handovers"),
            "default_acl": "private",
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }


STORAGES["handovers"] = _handover_storage()


# --- API --------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only, read strictly (nvm/input.py); an endpoint that takes a file adds its own parser.
    "DEFAULT_PARSER_CLASSES": ["nvm.input.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "nvm.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Only views that declare a throttle scope are throttled (verifying a handover file).
    "DEFAULT_THROTTLE_RATES": {
        "handover_verify": env_str("HANDOVER_VERIFY_RATE", "30/minute"),
        "reports": env_str("REPORTS_RATE", "120/minute"),
    },
    "EXCEPTION_HANDLER": "nvm.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "NVM API",
    "DESCRIPTION": "Referral coordination for the Dutch national referral mechanism (NVM).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Request bodies get components of their own, so that what a client sends is described exactly.
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI from the installed sidecar package: nothing is fetched from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "nvm.schema.add_error_responses",
        "nvm.schema.add_links",
        "nvm.schema.describe_requests",
        "nvm.schema.add_idempotency_key",
    ],
    "ENUM_NAME_OVERRIDES": {
        "NeedEnum": "directory.vocabulary.NeedCode",
        "PhaseEnum": "directory.vocabulary.Phase",
        "GenderEnum": "directory.vocabulary.Gender",
        "AgeGroupEnum": "directory.vocabulary.AgeGroup",
        "NationalityGroupEnum": "directory.vocabulary.NationalityGroup",
        "ExploitationFormEnum": "directory.vocabulary.ExploitationForm",
        "OrganisationKindEnum": "directory.models.OrganisationKind",
        "HandoverKindEnum": "referrals.models.HandoverKind",
        "EmailChoiceEnum": "notifications.models.EmailChoice",
        "HandoverStateEnum": "referrals.models.HandoverState",
    },
}


# --- Referrals ----------------------------------------------------------------

# How long a region has to accept a submitted referral, by urgency.
ACCEPT_IMMEDIATE_HOURS = env_int("ACCEPT_IMMEDIATE_HOURS", 4, minimum=1)
ACCEPT_URGENT_HOURS = env_int("ACCEPT_URGENT_HOURS", 24, minimum=1)
ACCEPT_NORMAL_WORKING_DAYS = env_int("ACCEPT_NORMAL_WORKING_DAYS", 2, minimum=1)


# --- Handover documents and the audit trail -----------------------------------

#: The address printed on every handover document for checking it (the site as its users reach it).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("https://", "http://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} is not an http(s) address, e.g. https://nvm.example.org.")
#: Rendering a handover PDF is retried this many times (with exponential backoff and jitter) before it fails.
HANDOVER_RENDER_MAX_RETRIES = env_int("HANDOVER_RENDER_MAX_RETRIES", 5, minimum=0, maximum=20)
HANDOVER_RENDER_BACKOFF_SECONDS = env_int("HANDOVER_RENDER_BACKOFF_SECONDS", 30, minimum=1, maximum=600)
#: The longest wait between two tries; below Redis' one-hour visibility timeout (PITFALLS 10).
HANDOVER_RENDER_BACKOFF_MAX_SECONDS = 1800
#: A handover still rendering after this long is scheduled again by the periodic sweep (a lost task).
HANDOVER_RENDER_STALE_MINUTES = env_int("HANDOVER_RENDER_STALE_MINUTES", 15, minimum=1)
#: The largest file ``POST /api/v1/handovers/verify/`` reads.
HANDOVER_VERIFY_MAX_BYTES = env_int("HANDOVER_VERIFY_MAX_MB", 20, minimum=1, maximum=200) * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # Django's default: larger uploads go to a temporary file

#: The daily record of the audit chain's head, outside the database (one line a day, append-only).
AUDIT_HEADS_FILE = Path(env_str("AUDIT_HEADS_FILE", str(VAR_DIR / "audit" / "heads.log")))


# --- Celery -----------------------------------------------------------------

CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
# Without a broker (make run) tasks run in-process, synchronously.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# A killed worker must not lose a task; tasks are written to run twice safely.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_TIMEOUT = 5
CELERY_TIMEZONE = TIME_ZONE
# Periodic work for `celery beat`; each task is idempotent and safe when two beats run at once.
CELERY_BEAT_SCHEDULE: dict[str, dict[str, Any]] = {
    "purge-idempotency-keys": {"task": "nvm.purge_idempotency_keys", "schedule": 3600.0},
    "audit-record-head": {"task": "audit.tasks.record_head", "schedule": crontab(hour=3, minute=15)},
    "handovers-render-stale": {"task": "referrals.tasks.render_stale_handovers", "schedule": 600.0},
    "notifications-sweep": {"task": "notifications.tasks.sweep_deliveries", "schedule": 60.0},
    "notifications-deadlines": {"task": "notifications.tasks.check_deadlines", "schedule": 300.0},
    "notifications-digest": {"task": "notifications.tasks.send_digests", "schedule": crontab(hour=7, minute=0)},
    "notifications-reviews": {"task": "notifications.tasks.check_reviews", "schedule": crontab(hour=6, minute=30)},
}
# Notifications (notifications/): a claimed e-mail whose worker died is sent again after this long;
# retries of a failing e-mail. NOTIFICATION_FAULT is for the crash tests only.
NOTIFICATION_CLAIM_MINUTES = env_int("NOTIFICATION_CLAIM_MINUTES", 10, minimum=1)
NOTIFICATION_MAX_RETRIES = env_int("NOTIFICATION_MAX_RETRIES", 5, minimum=0)
NOTIFICATION_FAULT = env_str("NOTIFICATION_FAULT", "")
# How far back the sweep looks for referral events whose notifications were never written.
NOTIFICATION_SWEEP_DAYS = env_int("NOTIFICATION_SWEEP_DAYS", 7, minimum=1)


# --- E-mail -----------------------------------------------------------------

_email = env_email("EMAIL_URL", "console://")
EMAIL_BACKEND = _email.backend
EMAIL_HOST = _email.host
EMAIL_PORT = _email.port
EMAIL_HOST_USER = _email.user
EMAIL_HOST_PASSWORD = _email.password
EMAIL_USE_TLS = _email.use_tls
EMAIL_USE_SSL = _email.use_ssl
DEFAULT_FROM_EMAIL = _email.default_from or env_str("DEFAULT_FROM_EMAIL", "NVM <noreply@nvm.example.org>")


# --- Logging ----------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(f"LOG_LEVEL={LOG_LEVEL!r} is not one of DEBUG, INFO, WARNING, ERROR, CRITICAL.")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint reports every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}
