"""Settings for boardportal, read from the environment with working defaults.

Unset `DATABASE_URL` means SQLite in the project folder; DEBUG is off unless
asked for, and then a SECRET_KEY must be supplied.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from boardportal import cache_settings

BASE_DIR = Path(__file__).resolve().parent.parent


def load_dotenv(path: Path) -> None:
    """Read KEY=VALUE lines from the local, git-ignored `.env` that `make run` writes.
    Real environment variables win."""
    if not path.is_file():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


if os.environ.get("BOARDPORTAL_IGNORE_DOTENV") != "1":
    load_dotenv(BASE_DIR / ".env")


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. For local work run `make run`, "
            "which generates one in .env, or set DEBUG=1."
        )
    # A development-only key: never used with DEBUG off.
    SECRET_KEY = "django-insecure-development-only-key"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Single-use backup codes for staff who are without their authenticator app.
    "django_otp.plugins.otp_static",
    # The read-only API (/api/v1/), its OpenAPI schema and the documentation page's
    # vendored Swagger UI files (README, "Open data and the API").
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    # Reports built in the background (boardportal.reports.builds).
    "django_tasks",
    "django_tasks_db",
    "core",
    "priorities",
    "programmes",
    "meetings",
    "boardportal",
]

MIDDLEWARE = [
    # First, so every response and log line carries the request id.
    "boardportal.middleware.RequestIdMiddleware",
    # Before the HTTPS redirect and WhiteNoise, so that every response, redirects and
    # static files too, carries the Content-Security-Policy.
    "boardportal.middleware.ContentSecurityPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # A view that cannot reach the database answers 503 with a static page.
    "boardportal.middleware.DatabaseUnavailableMiddleware",
    # 400 for a null character in the address, which PostgreSQL would refuse.
    "boardportal.middleware.RejectNullCharactersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Whole public pages for visitors not signed in, and ETags and 304s: outside the
    # session, CSRF and authentication, so a page from the cache costs nothing else.
    "boardportal.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Signs out a session SESSION_MAX_HOURS after its sign-in, however active.
    "boardportal.sessions.SessionLimitMiddleware",
    # After authentication: marks request.user verified by a second factor, or not.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "boardportal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "boardportal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # The pages' queries are short, but their status subqueries make PostgreSQL's cost
    # estimates high enough to JIT-compile them: 50 ms of compiling for a 4 ms query.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")

# The caches, the page cache's among them: in Redis with REDIS_URL, else in memory
# (boardportal/cache_settings.py; README, "Running in production").
CACHES = cache_settings.caches(os.environ, BASE_DIR)
# PAGE_CACHE=0 turns the page cache off (ETag, Last-Modified and 304 stay).
BOARDPORTAL_PAGE_CACHE = os.environ.get("PAGE_CACHE", "1") not in ("0", "false", "no", "")
BOARDPORTAL_PAGE_CACHE_MAX_BYTES = 4 * 1024 * 1024
# With REDIS_URL: the pages each process also keeps at hand (boardportal.pagecache.NearPages).
BOARDPORTAL_PAGE_CACHE_NEAR_BYTES = int(os.environ.get("PAGE_CACHE_NEAR_MB", "32")) * 1024 * 1024
BOARDPORTAL_PAGE_CACHE_EXCLUDE = cache_settings.NEVER_CACHED

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Background tasks (README, "Reports for the Executive..."): `database` queues them
# for `manage.py db_worker`; `immediate` runs each in the request (DEBUG's default; tests).
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "immediate" if DEBUG else "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured("TASKS_BACKEND must be database or immediate")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND], "QUEUES": ["default"]}}
# Built reports (boardportal.reports.builds): every app server and worker must share it.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# --- Signing in ---
# See SECURITY.md, "Signing in". django-axes checks every sign-in first and counts the
# failures; the model backend then checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one username from one address lock that pair out for 30
# minutes. Keyed on both, so nobody can lock a colleague out from elsewhere, and one
# person's mistakes behind an office's shared address do not lock out the others.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "boardportal.accounts.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# The client's address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies that we run
# stand in front (then X-Forwarded-For, counted from the right): a client can write any
# X-Forwarded-For it likes, so trusting it without a proxy would let it dodge the count.
BOARDPORTAL_TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "boardportal.accounts.client_ip"
# Lockouts are lifted with `manage.py axes_reset_username <name>`; the admin pages of
# django-axes are left out (they cannot be added to, which the admin tests expect).
AXES_ENABLE_ADMIN = False
# Staff verify a code from an authenticator app (django-otp, TOTP); the admin shows
# devices without their secret keys.
OTP_TOTP_ISSUER = "boardportal"
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A session ends after this long without a request; each request starts the clock again.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
# ...and at the latest this many hours after signing in, however active (OWASP ASVS
# 3.3.2): boardportal.sessions signs it out, and staff give their second factor again.
BOARDPORTAL_SESSION_MAX_HOURS = int(os.environ.get("SESSION_MAX_HOURS", "12"))
# Django's database sessions, answering 503 when the database is away while saving one.
SESSION_ENGINE = "boardportal.sessions"

# --- Email ---
# New people get a link to set their password, and anyone may ask for a new one. With
# no EMAIL_HOST the messages are written to the console (the server's log, links and
# all): fine on a laptop, never in production.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
    EMAIL_TIMEOUT = 30
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "boardportal <no-reply@boardportal.example.org>"
)
# Links in emails start with this address, never with the Host header of the request
# that sent them (which a client could forge to point a link at another site).
BOARDPORTAL_SITE_URL = os.environ.get("BOARDPORTAL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- Security headers and limits ---
# See SECURITY.md. With DEBUG off, `manage.py check --deploy --fail-level WARNING`
# passes (tests/security/test_deploy_check.py runs it).

# HTTPS only. Behind a proxy that ends TLS, name the header it sets, e.g.
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto (the proxy must overwrite any value a
# client sends); without it every request looks like plain http and redirects for ever.
# Runserver (DEBUG on) and the tests (the top-level conftest.py) use plain http.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# A load balancer checks health over plain http, inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].strip().upper().replace("-", "_"),
        "https",
    )
# Strict-Transport-Security, sent on HTTPS responses: a year, subdomains included.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 60 * 60)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
# Asking browsers to preload HSTS binds the whole registered domain and all its
# subdomains for months, so it is for whoever runs that domain to decide: opt in with
# SECURE_HSTS_PRELOAD=1. Until then the deploy check's reminder (W021) is silenced.
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# Cookies: never readable by scripts, sent over HTTPS only when DEBUG is off, and not
# on cross-site requests other than top-level navigation.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# No script reads the CSRF token: every form carries it in a hidden field.
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4). Scripts and styles come from our own origin
# only: no inline script or style unless it carries the request's nonce
# (`{{ request.csp_nonce }}`; the header names a nonce only on pages that use one).
# No plugins, no <base>, no framing, and forms post only to us.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # The hash: templates/base.html's one inline line, GOV.UK Frontend's own, which
        # marks the page as scripted before its first paint (no layout shift).
        "script-src": [SELF, NONCE, "'sha256-GUQ5ad8JK5KmEWmROf3LZd9ge94daqNvd8xy9YS1iDw='"],
        "style-src": [SELF, NONCE],
        "img-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    },
}
# The one exception, for /admin/ only: django-simple-history's history page writes a
# single style attribute, `style="border-top: 0"`. The admin's policy allows exactly
# that attribute, by its hash, rather than any inline style.
BOARDPORTAL_ADMIN_CSP_UPDATE = {
    "style-src-attr": ["'unsafe-hashes'", "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"]
}

# Request limits: a request with more than 1,000 fields, or a body (other than
# uploaded files) over 2.5 MB, gets the 400 page. Both are Django's defaults, stated
# here so nobody raises them by accident.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MB

# --- The open-data API, feeds and downloads ---
# See README, "Open data and the API", and SECURITY.md, "The API". Read-only JSON under
# /api/v1/: public data for anonymous requests; a personal API token (or a signed-in
# session) adds draft plan years and exempt agenda items, as signing in does on the pages.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # Read-only: no request bodies are parsed.
    "DEFAULT_PARSER_CLASSES": [],
    # Tokens count on /api/ only: nothing else reads the Authorization header, so a
    # staff member's token never opens the admin.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "boardportal.api.auth.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "boardportal.api.throttling.AnonymousThrottle",
        "boardportal.api.throttling.SignedInThrottle",
    ],
    # Per client address (boardportal.accounts.client_ip) for anonymous requests, per
    # account with a token or session; counted in the cache (per process with the
    # default local-memory cache, shared with REDIS_URL). 429 with Retry-After beyond.
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": os.environ.get("API_ANONYMOUS_RATE", "120/minute"),
        "signed_in": os.environ.get("API_SIGNED_IN_RATE", "600/minute"),
    },
    "DEFAULT_PAGINATION_CLASS": "boardportal.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "boardportal.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "boardportal.api.errors.exception_handler",
    # `?format=` is not a filter of ours; content is JSON whatever the Accept header.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "boardportal open data API",
    "DESCRIPTION": (
        "The Boards' business-plan priorities, work programme, progress, meetings and "
        "members, read-only. Every list takes `as_at` (YYYY-MM-DD; default today, or "
        "clamped into the plan year asked for) and `page`. Public data without a token; "
        "a board member's personal token (`Authorization: Bearer <token>`, made at "
        "/accounts/api-tokens/) adds draft plan years and exempt agenda items. Open "
        "Government Licence v3.0."
    ),
    "VERSION": "1",
    "LICENSE": {
        "name": "Open Government Licence v3.0",
        "url": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
    },
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    # Swagger UI's files come from drf-spectacular-sidecar, served from /static/: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # No deep links: in Swagger UI they are links inside buttons, which assistive
    # technology cannot reach (axe: nested-interactive).
    "SWAGGER_UI_SETTINGS": {"deepLinking": False, "defaultModelsExpandDepth": 0},
    "ENUM_NAME_OVERRIDES": {
        "RagEnum": "core.rag.Rag",
        "PlanYearStatusEnum": "priorities.models.PlanYear.Status",
        "ProgrammeStatusEnum": "programmes.models.Programme.Status",
        "MeetingStatusEnum": "meetings.models.Meeting.Status",
        "ActionStatusEnum": "meetings.models.Action.Status",
        "ParticipationStatusEnum": "programmes.models.Participation.Status",
        "MembershipRoleEnum": "meetings.models.Membership.Role",
        "ThemeRoleEnum": "meetings.models.ThemeRole.Role",
        "CouncilKindEnum": "programmes.models.Council.Kind",
        "AgendaItemKindEnum": "meetings.models.AgendaItem.Kind",
        "QualifierEnum": "programmes.models.Qualifier",
    },
}
# Anyone may read the API, the feeds and the downloads from a web page on another site:
# GET, HEAD and OPTIONS of those paths answer `Access-Control-Allow-Origin: *`, without
# credentials (a browser sends no cookie, and shows no signed-in answer, cross-origin).
# Nothing else is shared across origins.
BOARDPORTAL_CORS_ALLOW_HEADERS = ["Authorization", "If-None-Match"]
BOARDPORTAL_CORS_EXPOSE_HEADERS = ["ETag", "Retry-After", "Content-Disposition", "Link"]
BOARDPORTAL_CORS_MAX_AGE = 86400
# How many API tokens one person may hold at once.
BOARDPORTAL_API_TOKENS_PER_USER = 10

# How far behind its straight-line trajectory an indicator may fall before the
# suggested RAG turns amber (more than this) or red (more than twice this).
BOARDPORTAL_TRAJECTORY_MARGIN = float(os.environ.get("TRAJECTORY_MARGIN", "0.10"))
# A progress update counts as current for this many quarters before the as-at date (and,
# for a priority, anywhere in its plan year); an older one is shown as out of date.
BOARDPORTAL_STALE_AFTER_QUARTERS = int(os.environ.get("STALE_AFTER_QUARTERS", "2"))
# Milestones due within this many days of the as-at date are "due soon".
BOARDPORTAL_DUE_SOON_DAYS = int(os.environ.get("DUE_SOON_DAYS", "30"))

# Every line names its request (see boardportal/middleware.py), so the lines of one
# failure can be found from the reference on the 500 page or the X-Request-ID header.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "boardportal.middleware.RequestIdFilter"}},
    "formatters": {
        "request": {
            "format": "%(asctime)s %(levelname)s [request %(request_id)s] %(name)s: %(message)s"
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": "request",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
