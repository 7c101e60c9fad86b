"""Trinvis settings: one module, every deployment-specific value read from the environment.

`.env.example` lists every variable. Without any, Trinvis runs on an SQLite file; production
sets DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS and DATABASE_URL.
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", default=False)
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
SECRET_KEY = env_str("DJANGO_SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", _DEV_SECRET_KEY):
    raise ImproperlyConfigured(
        "Set DJANGO_SECRET_KEY for production, or DJANGO_DEBUG=true for local development "
        "(the Makefile's targets set it)."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    # Two-factor login (trinvis/accounts/two_factor): TOTP apps and one-time recovery codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "trinvis.core",
    "trinvis.accounts",
    "trinvis.organisations",
    "trinvis.toolkits",
    "trinvis.competences",
    "trinvis.indicators",
    "trinvis.learning",
    "trinvis.surveys",
    "trinvis.programmes",
    "trinvis.reports",
    "trinvis.outbox",  # e-mail outbox (issue 8)
    # After the project's apps, so trinvis/core/templates/ninja/ overrides its docs page.
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Two-factor login: marks the user verified by a code (otp_device) ...
    "django_otp.middleware.OTPMiddleware",
    "trinvis.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    # ... and keeps a person who must give one on the code or set-up step until they have.
    "trinvis.accounts.two_factor.middleware.TwoFactorMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "csp.context_processors.nonce",
                "trinvis.core.context_processors.layout",
                "trinvis.organisations.context_processors.header",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A web request's queries are short and many run at once: compiling them (JIT) or
    # starting parallel workers for them costs more than it saves, on few cores above all.
    # Measured on the national data (bench/RESULTS.md): the indicator page's size-class
    # query spent 13 of 47 ms compiling; survey results 110 → 75 ms without the workers.
    # An index read costs about what a sequential one does on SSDs and cached tables (the
    # usual advice, and PostgreSQL's default of 4 assumes spinning disks): with the default,
    # the people of a municipality were counted by reading all 60,000 memberships (12 ms)
    # rather than through the index on their organisation (0.4 ms).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options",
        env_str(
            "DATABASE_PG_OPTIONS",
            default="-c jit=off -c max_parallel_workers_per_gather=0 -c random_page_cost=1.1",
        ),
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Single sign-on: authenticates only in its callback view, never a password login.
    "trinvis.accounts.oidc.backend.SingleSignOnBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"
PASSWORD_RESET_TIMEOUT = env_int("TRINVIS_PASSWORD_RESET_TIMEOUT", 60 * 60 * 24 * 3)

# Login throttling: a username is locked for a while after repeated failures from one address.
AXES_FAILURE_LIMIT = env_int("TRINVIS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("TRINVIS_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The login form posts the e-mail as "username"; axes would otherwise look for USERNAME_FIELD
# ("email"), find nothing, and never lock a username.
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLE_ACCESS_FAILURE_LOG = False
# --- two-factor login (trinvis/accounts/two_factor) ---
OTP_TOTP_ISSUER = env_str("TRINVIS_OTP_ISSUER", "Trinvis")
# How long a session trusts its answer to "must this person give a code?" before asking the
# database again, so an organisation that starts requiring two-factor login reaches people
# already logged in within this time.
TRINVIS_TWO_FACTOR_RECHECK_SECONDS = env_int("TRINVIS_TWO_FACTOR_RECHECK_SECONDS", 300)
# --- end of two-factor login ---

# Single sign-on through OpenID Connect (mozilla-django-oidc; trinvis/accounts/oidc/): off
# unless TRINVIS_OIDC_CLIENT_ID is set. Endpoints come from the provider's discovery document
# (TRINVIS_OIDC_DISCOVERY_URL) or are given one by one; one given explicitly wins.
TRINVIS_OIDC_CLIENT_ID = env_str("TRINVIS_OIDC_CLIENT_ID", "")
TRINVIS_OIDC_CLIENT_SECRET = env_str("TRINVIS_OIDC_CLIENT_SECRET", "")
TRINVIS_OIDC_DISCOVERY_URL = env_str("TRINVIS_OIDC_DISCOVERY_URL", "")
TRINVIS_OIDC_ISSUER = env_str("TRINVIS_OIDC_ISSUER", "")
TRINVIS_OIDC_AUTHORIZATION_ENDPOINT = env_str("TRINVIS_OIDC_AUTHORIZATION_ENDPOINT", "")
TRINVIS_OIDC_TOKEN_ENDPOINT = env_str("TRINVIS_OIDC_TOKEN_ENDPOINT", "")
TRINVIS_OIDC_USERINFO_ENDPOINT = env_str("TRINVIS_OIDC_USERINFO_ENDPOINT", "")
TRINVIS_OIDC_JWKS_ENDPOINT = env_str("TRINVIS_OIDC_JWKS_ENDPOINT", "")
TRINVIS_OIDC_END_SESSION_ENDPOINT = env_str("TRINVIS_OIDC_END_SESSION_ENDPOINT", "")
TRINVIS_OIDC_SCOPES = env_str("TRINVIS_OIDC_SCOPES", "openid email profile")
TRINVIS_OIDC_SIGN_ALGO = env_str("TRINVIS_OIDC_SIGN_ALGO", "RS256")
TRINVIS_OIDC_TOKEN_AUTH = env_str("TRINVIS_OIDC_TOKEN_AUTH", "client_secret_post")
# private_key_jwt: Trinvis signs each token request with this key (PEM, RSA or EC) instead of
# sending a secret; the provider has its public half (manage.py sso_public_key prints it).
TRINVIS_OIDC_PRIVATE_KEY_FILE = env_str("TRINVIS_OIDC_PRIVATE_KEY_FILE", "")
TRINVIS_OIDC_PRIVATE_KEY_ID = env_str("TRINVIS_OIDC_PRIVATE_KEY_ID", "")
TRINVIS_OIDC_ASSERTION_AUDIENCE = env_str("TRINVIS_OIDC_ASSERTION_AUDIENCE", "token_endpoint")
TRINVIS_OIDC_USE_PKCE = env_bool("TRINVIS_OIDC_USE_PKCE", True)
TRINVIS_OIDC_AUTH_PARAMS = env_str("TRINVIS_OIDC_AUTH_PARAMS", "")
TRINVIS_OIDC_EMAIL_CLAIM = env_str("TRINVIS_OIDC_EMAIL_CLAIM", "email")
TRINVIS_OIDC_NAME_CLAIM = env_str("TRINVIS_OIDC_NAME_CLAIM", "name")
TRINVIS_OIDC_LABEL = env_str("TRINVIS_OIDC_LABEL", "")
TRINVIS_OIDC_CREATE_USERS = env_bool("TRINVIS_OIDC_CREATE_USERS", False)
TRINVIS_OIDC_TIMEOUT = env_int("TRINVIS_OIDC_TIMEOUT", 10)
# Logging out of a single sign-on session also ends the session at the provider (its
# end_session_endpoint, RP-initiated logout) when the provider offers it.
TRINVIS_OIDC_PROVIDER_LOGOUT = env_bool("TRINVIS_OIDC_PROVIDER_LOGOUT", True)
if TRINVIS_OIDC_CLIENT_ID:
    signs_assertions = TRINVIS_OIDC_TOKEN_AUTH == "private_key_jwt"  # noqa: S105 (a method)
    if not signs_assertions and TRINVIS_OIDC_TOKEN_AUTH not in (
        "client_secret_post",
        "client_secret_basic",
    ):
        raise ImproperlyConfigured(
            "TRINVIS_OIDC_TOKEN_AUTH must be client_secret_post, client_secret_basic or "
            "private_key_jwt."
        )
    if signs_assertions and not Path(TRINVIS_OIDC_PRIVATE_KEY_FILE or ".").is_file():
        raise ImproperlyConfigured(
            "With TRINVIS_OIDC_TOKEN_AUTH=private_key_jwt, TRINVIS_OIDC_PRIVATE_KEY_FILE must "
            "name the PEM file of the key."
        )
    if TRINVIS_OIDC_ASSERTION_AUDIENCE not in ("token_endpoint", "issuer"):
        raise ImproperlyConfigured(
            "TRINVIS_OIDC_ASSERTION_AUDIENCE must be token_endpoint or issuer."
        )
    if TRINVIS_OIDC_SIGN_ALGO not in ("RS256", "RS384", "RS512", "ES256", "ES384", "ES512"):
        raise ImproperlyConfigured("TRINVIS_OIDC_SIGN_ALGO must be RS256/384/512 or ES256/384/512.")
    if not TRINVIS_OIDC_DISCOVERY_URL and not (
        TRINVIS_OIDC_AUTHORIZATION_ENDPOINT
        and TRINVIS_OIDC_TOKEN_ENDPOINT
        and TRINVIS_OIDC_JWKS_ENDPOINT
    ):
        raise ImproperlyConfigured(
            "With TRINVIS_OIDC_CLIENT_ID set, set TRINVIS_OIDC_DISCOVERY_URL, or the "
            "authorization, token and JWKS endpoints."
        )
# --- end of single sign-on ---

# Security headers and cookies. DJANGO_HTTPS=false only for local HTTP (make run, tests).
HTTPS = env_bool("DJANGO_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY", False) else None
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("TRINVIS_SESSION_HOURS", 10) * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "da"
LANGUAGES = [
    ("da", _("Danish")),
    ("nb", _("Norwegian Bokmål")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static_build"]
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
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("DJANGO_EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("DJANGO_EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("DJANGO_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("DJANGO_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("DJANGO_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "Trinvis <noreply@trinvis.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# --- e-mail outbox (trinvis/outbox) ---
# A mail server that stops answering must not hold a delivery forever.
EMAIL_TIMEOUT = env_int("DJANGO_EMAIL_TIMEOUT", 30)
# Attempts before a message is marked failed; the first wait after an error (doubled each
# time, at most 6 hours); how often the sweep runs; how long a sent message keeps its text.
TRINVIS_OUTBOX_MAX_ATTEMPTS = env_int("TRINVIS_OUTBOX_MAX_ATTEMPTS", 8)
TRINVIS_OUTBOX_RETRY_SECONDS = env_int("TRINVIS_OUTBOX_RETRY_SECONDS", 60)
TRINVIS_OUTBOX_SWEEP_SECONDS = env_int("TRINVIS_OUTBOX_SWEEP_SECONDS", 300)
TRINVIS_OUTBOX_RETENTION_DAYS = env_int("TRINVIS_OUTBOX_RETENTION_DAYS", 30)
# A task still running this long after it started lost its worker (core/task_recovery.py).
TRINVIS_TASK_STALE_SECONDS = env_int("TRINVIS_TASK_STALE_SECONDS", 1800)
# --- end of e-mail outbox ---

# Where Trinvis is reached, for links in e-mails sent without a request (reminders).
TRINVIS_BASE_URL = env_str("TRINVIS_BASE_URL", "http://127.0.0.1:8000")
# Where a response import keeps its uploaded file between its steps (a day at most); empty:
# a private folder in the system's temporary directory. Shared storage with several servers.
TRINVIS_IMPORT_DIR = env_str("TRINVIS_IMPORT_DIR", "")

# --- uploads (trinvis/core/uploads.py; issue 8) ---
# The largest people CSV or worksheet workbook an upload form takes, in MB (Moodle and XLSForm
# files: at most 2 MB; tables of key figures and survey responses: 50 MB, in
# trinvis/core/imports/forms.py); the reverse proxy's body limit should allow 50 MB.
TRINVIS_MAX_UPLOAD_MB = env_int("TRINVIS_MAX_UPLOAD_MB", 10)
# Uploaded files above this size go to a temporary file instead of memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# A request body without files (form fields, API JSON): a 500-row worksheet fits.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("TRINVIS_MAX_REQUEST_MB", 5) * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# --- end of uploads ---

# --- retention (trinvis/core/retention.py; issue 8; README "Retention") ---
# Run daily by the task retention_run (manage.py run_retention). Audit events are kept this
# many years (at least 1: "who has viewed your data" shows the last 12 months); failed and
# successful login records (django-axes) this many days (longer than the lock-out); a closed
# personal survey's responses are cut loose from the people who gave them (the answers
# stay, anonymous) this many days after it closed; an account without any active
# membership for this many months is flagged for the administrator (never erased unasked).
TRINVIS_RETENTION_AUDIT_YEARS = env_int("TRINVIS_RETENTION_AUDIT_YEARS", 3)
TRINVIS_RETENTION_LOGIN_RECORDS_DAYS = env_int("TRINVIS_RETENTION_LOGIN_RECORDS_DAYS", 30)
TRINVIS_RETENTION_SURVEY_LINKS_DAYS = env_int("TRINVIS_RETENTION_SURVEY_LINKS_DAYS", 30)
TRINVIS_RETENTION_DORMANT_MONTHS = env_int("TRINVIS_RETENTION_DORMANT_MONTHS", 24)
if TRINVIS_RETENTION_AUDIT_YEARS < 1:
    raise ImproperlyConfigured("TRINVIS_RETENTION_AUDIT_YEARS must be at least 1.")
_RETENTION_PERIODS = (
    TRINVIS_RETENTION_LOGIN_RECORDS_DAYS,
    TRINVIS_RETENTION_SURVEY_LINKS_DAYS,
    TRINVIS_RETENTION_DORMANT_MONTHS,
)
if min(_RETENTION_PERIODS) < 1:
    raise ImproperlyConfigured("The TRINVIS_RETENTION_* periods must be at least 1.")
# --- end of retention ---

TASKS = {
    "default": {
        "BACKEND": env_str("TRINVIS_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
