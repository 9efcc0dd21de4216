"""Breakthrough's one settings file: every deployment choice comes from the environment.

SQLite in a data directory is the default (zero set-up, the demo, a single collaborative);
set DATABASE_URL for PostgreSQL in production.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

# Refused by `breakthrough serve` and by `check --deploy` outside DEBUG.
DEVELOPMENT_SECRET_KEY = "breakthrough-development-key-not-for-production"


def envbool(name: str, default: str = "False") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("BREAKTHROUGH_DATA_DIR", "var")).resolve()

SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = envbool("DEBUG")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin: content fields in English and Spanish, side by side
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "breakthrough.core",
    "breakthrough.collaboratives",
    "breakthrough.framework",
    "breakthrough.incidents",
    "breakthrough.measures",
    "breakthrough.pdsa",
    "breakthrough.events",
    "breakthrough.assessments",
    "breakthrough.dashboards",
    "breakthrough.study",
    "breakthrough.intake",
    "breakthrough.fieldwork",
    "breakthrough.feasibility",
    "breakthrough.exports",
    "breakthrough.imports",
    "breakthrough.launch",
    "breakthrough.notifications",
    "breakthrough.spread",
    "breakthrough.library",
    "breakthrough.community",
    "breakthrough.search",
    "breakthrough.home",
    "django_tasks_db",
    "breakthrough.accounts",
    "rest_framework",
    "drf_spectacular",
    "breakthrough.api",
    "breakthrough.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "breakthrough.core.middleware.SessionMiddleware",  # Django's; a failed session save fails no saved answer
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "breakthrough.accounts.middleware.TwoFactorMiddleware",
    "breakthrough.core.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "breakthrough.core.middleware.DatabaseUnavailableMiddleware",  # the database away: 503, typed text kept
    "breakthrough.core.middleware.RefuseNulCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

# Sessions are kept in the database and read through Django's cache (the shared file cache below): a page
# reads its session without a query, and a session outlives a cleared cache (it is read from the table again).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# Messages ride in a signed cookie: a save never waits on (or fails with) a session write afterwards.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"
ROOT_URLCONF = "breakthrough.urls"
WSGI_APPLICATION = "breakthrough.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Content Security Policy (Django's own): scripts only from this site (no inline script, no eval), nothing
# framed, forms post only here. Inline style attributes stay allowed: server-drawn SVG charts carry them.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Signing in (docs/deployment.md, "Signing in"). django-axes pauses sign-in for a username, and separately for
# an address, after SIGNIN_FAILURE_LIMIT wrong passwords, for SIGNIN_LOCKOUT_MINUTES; its logs: the history.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_CALLABLE = "breakthrough.accounts.views.locked_out"
AXES_VERBOSE = False  # no usernames or addresses in the application log
# Reverse proxies in front, so the client's address is read from X-Forwarded-For.
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0")) or None
# Two-factor sign-in (django-otp, TOTP apps with recovery codes): required for project staff, evaluators and
# anyone who can open the admin, offered to everyone. TWO_FACTOR_REQUIRED=0 turns the requirement off (demo).
TWO_FACTOR_REQUIRED = envbool("TWO_FACTOR_REQUIRED", default="True")
OTP_TOTP_ISSUER = "Breakthrough"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "breakthrough.home.navigation.navigation",
                "breakthrough.notifications.context_processors.bell",
            ],
        },
    },
]

# Default: SQLite in the data directory. Production: DATABASE_URL=postgres://…
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{DATA_DIR / 'breakthrough.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    if DATABASES["default"]["NAME"] != ":memory:":
        Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's cache, shared by every worker on the machine (files in the data directory, no table to create):
# the dashboards' analysed panels and rendered charts. Keys carry VERSION, bumped when what is cached changes.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": DATA_DIR / "cache",
        "TIMEOUT": 24 * 3600,
        "VERSION": 1,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Dates through named formats only (DATE_FORMAT, MONTH_DAY_FORMAT …); the site's own are in
# breakthrough/formats/ ("Dec 15", "15 dic").
# No thousands separator in numbers: a Spanish "1.000" would read as one in English, and forms take plain
# numbers (a decimal comma on Spanish pages).
FORMAT_MODULE_PATH = ["breakthrough.formats"]
USE_THOUSAND_SEPARATOR = False
# Content that staff write (measures, drivers, ideas, events, instruments …) is stored in both languages
# (django-modeltranslation: a `name_en` and `name_es` column beside `name`); a blank Spanish text falls
# back to the English one (and a text written only in Spanish is shown to English readers), and the pages
# mark where they did (`{% translated obj "name" %}` in core's template tags).
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_LANGUAGES = ("en", "es")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "es")}
MODELTRANSLATION_AUTO_POPULATE = False
TIME_ZONE = os.environ.get("TIME_ZONE", "America/New_York")
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Files and photos on PDSA cycles and storyboards (docs/deployment.md: how to point it at an S3 store).
    "attachments": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"
# The largest file or photo a PDSA cycle or storyboard accepts (refused before it is stored).
PDSA_ATTACHMENT_MAX_BYTES = int(os.environ.get("PDSA_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024)))

# Exports and imports (docs/exports.md): the most days a de-identified export shifts one respondent's dates
# (each respondent by a stable offset in [-N, N]), and the largest file an import reads (bigger ones are
# refused before they are read).
EXPORT_DATE_SHIFT_DAYS = int(os.environ.get("EXPORT_DATE_SHIFT_DAYS", "30"))
EXPORT_BACKGROUND_ROWS = int(os.environ.get("EXPORT_BACKGROUND_ROWS", "50000"))  # more: the worker runs it
IMPORT_BACKGROUND_ROWS = int(os.environ.get("IMPORT_BACKGROUND_ROWS", "500"))  # more: the worker applies it
# Teams × months × measures from which a collaborative's dashboard PDF is drawn by the worker.
REPORT_BACKGROUND_CELLS = int(os.environ.get("REPORT_BACKGROUND_CELLS", "5000"))
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
# The largest REDCap data dictionary the study's instrument import accepts (refused before it is read).
REDCAP_MAX_BYTES = int(os.environ.get("REDCAP_MAX_BYTES", str(2 * 1024 * 1024)))

# Email goes to the console unless EMAIL_BACKEND names another backend (e.g. …smtp.EmailBackend).
MAILERS = {
    "default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "breakthrough@localhost")
if os.environ.get("EMAIL_FILE_PATH"):  # with …filebased.EmailBackend: one file per message (tests, staging)
    MAILERS["default"]["OPTIONS"] = {"file_path": os.environ["EMAIL_FILE_PATH"]}
# The site's address, for links in emails the worker sends (it has no request to read the host from).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Background work (reminders, emails): Django's tasks framework on the database (django-tasks-db), run by
# `breakthrough worker`. TASKS_BACKEND=immediate runs each task at once in the process that enqueues it.
TASKS = {
    "default": {
        "BACKEND": "django.tasks.backends.immediate.ImmediateBackend"
        if os.environ.get("TASKS_BACKEND") == "immediate"
        else "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# HTTPS (docs/deployment.md). Cookies are Secure outside DEBUG unless SECURE_COOKIES=false (plain-HTTP
# loopback only). Behind a proxy that terminates TLS: SECURE_PROXY_SSL_HEADER names the header it sets,
# e.g. "HTTP_X_FORWARDED_PROTO" (its value must then be "https", or give it: "HTTP_X_FORWARDED_PROTO=https").
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", "false" if DEBUG else "true")
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT")
SECURE_REDIRECT_EXEMPT = [r"^health/$"]  # load balancers probe over plain HTTP
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD")
_PROXY_SSL = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
_PROXY_NAME, _, _PROXY_VALUE = _PROXY_SSL.partition("=")
SECURE_PROXY_SSL_HEADER = (_PROXY_NAME.strip(), _PROXY_VALUE.strip() or "https") if _PROXY_SSL else None

# Days after a collaborative closes (end date passed, sustainment closed) before `retention apply`
# pseudonymises its people's names, emails and free text; 0 keeps them.
RETENTION_DAYS = int(os.environ.get("RETENTION_DAYS", "0"))

# /health/ answers 503 when the oldest task ready to run has waited longer than this (seconds).
HEALTH_WORKER_LATE_SECONDS = int(os.environ.get("HEALTH_WORKER_LATE_SECONDS", "300"))

# `breakthrough serve`: gunicorn, with SERVER_WORKERS processes of SERVER_THREADS threads each. A worker
# silent for SERVER_TIMEOUT seconds is replaced; on SIGTERM, requests in flight get SERVER_GRACEFUL_TIMEOUT
# seconds to finish. SERVER_BIND: comma-separated host:port or unix:/path; `serve --host/--port` override it.
SERVER_BIND = envlist("SERVER_BIND", "127.0.0.1:8000")
_CPUS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
SERVER_WORKERS = int(os.environ.get("SERVER_WORKERS", str(2 * _CPUS)))
SERVER_THREADS = int(os.environ.get("SERVER_THREADS", "4"))
SERVER_TIMEOUT = int(os.environ.get("SERVER_TIMEOUT", "60"))
SERVER_GRACEFUL_TIMEOUT = int(os.environ.get("SERVER_GRACEFUL_TIMEOUT", "30"))

# The HTTP API (/api/v1/): personal tokens or the session; API_RATE_LIMIT requests per token (per person for
# the session), counted in Django's cache, e.g. "120/minute", "5000/hour"; errors as problem details.
API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "120/minute")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "breakthrough.api.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_THROTTLE_CLASSES": ["breakthrough.api.throttling.PerTokenThrottle"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_PAGINATION_CLASS": "breakthrough.api.http.Pages",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "breakthrough.api.problems.exception_handler",
    "COERCE_DECIMAL_TO_STRING": False,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Breakthrough API",
    "DESCRIPTION": "Collaboratives, teams, measures, monthly reports, PDSA cycles, events and the study's "
    "datasets, as the pages show them to you. See docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "breakthrough.api.schema.add_problems",
    ],
}

# Figures shown to viewers and in reports hide cells smaller than this.
SMALL_CELL_THRESHOLD = int(os.environ.get("SMALL_CELL_THRESHOLD", "5"))

# Personal data never goes into logs: only warnings and errors, without request bodies.
# No live token in a logged URL, no traceback for a 403/404 (core/logfilters.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"requests": {"()": "breakthrough.core.logfilters.RequestLogFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        name: {"filters": ["requests"], "level": os.environ.get("LOG_LEVEL", "WARNING")}
        for name in ("django.request", "django.server", "django.security", "gunicorn.error")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
