"""Runback's Django settings. Everything that differs between machines comes from the
environment (see README, "Configuration"); nothing secret lives in the repository.

Development mode (`RUNBACK_DEBUG=1`, which `make run` sets) relaxes what production
needs: a secret key from the data folder, localhost only, plain HTTP, console email.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from runback.common.env import (
    data_dir,
    dev_secret_key_file,
    env_bool,
    env_int,
    env_json,
    env_list,
    env_str,
    regions_with_overrides,
)
from runback.config import settings_regions
from runback.config.files import private_dir_ensure, private_file_ensure
from runback.config.settings_logging import logging_config

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # src/runback
DATA_DIR = data_dir()

DEBUG = env_bool("RUNBACK_DEBUG", False)

# --- secret key -----------------------------------------------------------------------
SECRET_KEY = env_str("RUNBACK_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "RUNBACK_SECRET_KEY is not set. Set it (50+ random characters) in production, "
            "or set RUNBACK_DEBUG=1 for development."
        )
    key_file = dev_secret_key_file()
    SECRET_KEY = (
        key_file.read_text().strip()
        if key_file.is_file()
        else "dev-only-key-not-for-production-runback-0123456789abcdefghij"
    )

ALLOWED_HOSTS = env_list(
    "RUNBACK_ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [],
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "RUNBACK_ALLOWED_HOSTS is not set (comma-separated host names, e.g. runback.example.dk)."
    )
CSRF_TRUSTED_ORIGINS = env_list("RUNBACK_CSRF_TRUSTED_ORIGINS")
# A form that fails the CSRF check gets our page (templates/403_csrf.html), with the header
# and the person's language, not Django's technical one.
CSRF_FAILURE_VIEW = "runback.config.views.csrf_failure"

# --- applications -----------------------------------------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "runback.accounts",
    "runback.content",
    "runback.rehab",
    "runback.exports",
    "runback.reminders",
    "runback.clinic",
    "runback.pwa",
    "runback.assessments",
    "runback.activities",
    "runback.outbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Logged-in pages and the data download hold health data: never cached.
    "runback.config.middleware.NoStoreMiddleware",
    # After authentication: a logged-in person's saved language counts (no i18n URLs).
    "runback.config.middleware.LocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes must come last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "runback.config.urls"
WSGI_APPLICATION = "runback.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "runback.config.context_processors.runback",
            ],
        },
    },
]

FORM_RENDERER = "runback.config.forms.FormRenderer"

# --- database -----------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("RUNBACK_DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
else:
    # Health data: the folder 0700, the database file 0600 (see config/files.py).
    private_dir_ensure(DATA_DIR)
    private_file_ensure(DATA_DIR / "runback.sqlite3")
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "runback.sqlite3"),
            "OPTIONS": {
                # WAL lets readers and one writer work at the same time; IMMEDIATE takes the
                # write lock at BEGIN so concurrent writers wait instead of failing.
                "init_command": (
                    "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=5000;"
                    "PRAGMA foreign_keys=ON"
                ),
                "transaction_mode": "IMMEDIATE",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- accounts, passwords, login throttling ---------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Axes' backend, plus the per-account ceiling (runback.accounts.lockout).
    "runback.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

AXES_FAILURE_LIMIT = env_int("RUNBACK_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
# Locked: this account from this address. The owner on another address can still log in,
# and one address cannot lock out everybody behind it.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# And a ceiling per account from all addresses together: after this many failed password
# checks within an hour, no password of the account is checked (runback.accounts.lockout).
RUNBACK_LOGIN_ACCOUNT_LIMIT = env_int("RUNBACK_LOGIN_ACCOUNT_LIMIT", 50)
AXES_USERNAME_FORM_FIELD = "username"  # the login form's field (it holds the email)
# One spelling per account on every login path (site, admin, password checks): emails are
# trimmed and lower-cased, the same way the user manager looks them up.
AXES_USERNAME_CALLABLE = "runback.accounts.network.axes_username"
# The client's address: REMOTE_ADDR, or X-Forwarded-For from a trusted proxy only; an
# IPv6 client by its /64 network.
AXES_CLIENT_IP_CALLABLE = "runback.accounts.network.client_address_key"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_SENSITIVE_PARAMETERS = ["password"]

# Proxies (IPs or CIDR networks) whose X-Forwarded-For header is believed. Empty: the
# client is REMOTE_ADDR, and a forwarded header is ignored (anyone can send one).
RUNBACK_TRUSTED_PROXIES = env_list("RUNBACK_TRUSTED_PROXIES")
for _proxy in RUNBACK_TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"RUNBACK_TRUSTED_PROXIES: {_proxy!r} is not an IP address or network "
            "(comma-separated, e.g. 10.0.0.5,172.16.0.0/12)"
        ) from None

# Password-reset emails (and "someone tried to sign up with your address" emails), counted
# in the cache: at most 3 an hour to one email address asked for by one client, 10 an hour
# to one email address from all clients together (so one client cannot use up the owner's
# own), and 10 requests an hour from one client (an IPv6 client by its /64).
RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL_AND_CLIENT = 3
RUNBACK_RESET_EMAILS_PER_HOUR_PER_EMAIL = 10
RUNBACK_RESET_REQUESTS_PER_HOUR_PER_ADDRESS = 10

# Sign-ups (new accounts and "someone tried to sign up with your address" answers alike)
# from one client (an IPv6 client by its /64), and tries of a clinic's invitation code that
# found no usable code, per runner and per client: an hour each, in the same cache.
RUNBACK_SIGNUPS_PER_HOUR_PER_ADDRESS = env_int("RUNBACK_SIGNUPS_PER_HOUR_PER_ADDRESS", 10)
RUNBACK_INVITATION_TRIES_PER_HOUR = env_int("RUNBACK_INVITATION_TRIES_PER_HOUR", 10)
RUNBACK_INVITATION_TRIES_PER_HOUR_PER_ADDRESS = env_int(
    "RUNBACK_INVITATION_TRIES_PER_HOUR_PER_ADDRESS", 30
)

# --- cache ---------------------------------------------------------------------------------
# In the database, so every gunicorn worker and every instance on the same database shares
# one count (Django's default cache is per process: the limits above would be multiplied
# by the number of workers). The table is made by `createcachetable`, which runs after
# every `migrate` (runback.accounts.apps), so `runback serve`, `runback demo` and the test
# database have it. Entries are culled only beyond MAX_ENTRIES (culling could reset counts).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "runback_cache",
        "OPTIONS": {"MAX_ENTRIES": 100_000},
    }
}

# --- background tasks (django-tasks) -------------------------------------------------------
# Emails (alerts, reminders) and large imports are tasks. With RUNBACK_TASK_WORKER=1 they
# are queued in the database and `runback worker` runs them; otherwise they run at once in
# the process that enqueues them, so the app works with nothing more to start.
RUNBACK_TASK_WORKER = env_bool("RUNBACK_TASK_WORKER", False)
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if RUNBACK_TASK_WORKER
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# A task left RUNNING this long (its worker was killed) is run again by `runback worker`;
# one claimed this many times without finishing is marked failed. Longer than any task.
RUNBACK_TASK_TIMEOUT_SECONDS = env_int("RUNBACK_TASK_TIMEOUT_SECONDS", 900)
RUNBACK_TASK_MAX_CLAIMS = env_int("RUNBACK_TASK_MAX_CLAIMS", 3)

# The outbox (runback.outbox, docs/tasks.md): an email that matters is marked sent only
# after the mail server accepted it; a failed attempt is retried after 1, 2, 4 ... minutes
# (at most an hour apart), up to RUNBACK_EMAIL_MAX_ATTEMPTS, then shown as not delivered.
RUNBACK_EMAIL_RETRY_SECONDS = env_int("RUNBACK_EMAIL_RETRY_SECONDS", 60)
RUNBACK_EMAIL_RETRY_MAX_SECONDS = env_int("RUNBACK_EMAIL_RETRY_MAX_SECONDS", 3600)
RUNBACK_EMAIL_MAX_ATTEMPTS = env_int("RUNBACK_EMAIL_MAX_ATTEMPTS", 10)
# A sender owns an email this long; a sender killed mid-way lets it go then.
RUNBACK_EMAIL_LEASE_SECONDS = env_int("RUNBACK_EMAIL_LEASE_SECONDS", 120)
# Sent emails' rows (which hold the address) are deleted after this many days.
RUNBACK_EMAIL_KEEP_DAYS = env_int("RUNBACK_EMAIL_KEEP_DAYS", 14)

# Where this site is, for links in emails sent without a request (reminders, alerts to
# clinicians). Set it in production.
RUNBACK_BASE_URL = env_str("RUNBACK_BASE_URL", "http://127.0.0.1:8000").rstrip("/")

# --- reminders ----------------------------------------------------------------------------
# `runback reminders send` (cron, or --loop) emails what is due.
RUNBACK_REMINDER_NUDGE_DAYS = env_int("RUNBACK_REMINDER_NUDGE_DAYS", 4)

# --- the clinic ----------------------------------------------------------------------------
# A runner who shares with a clinic and has not checked in for this many days is shown on
# the clinic's dashboard; an invitation code is valid this many days.
RUNBACK_CLINIC_QUIET_DAYS = env_int("RUNBACK_CLINIC_QUIET_DAYS", 7)
RUNBACK_CLINIC_INVITATION_DAYS = env_int("RUNBACK_CLINIC_INVITATION_DAYS", 14)

# Watch files (FIT, GPX, TCX; gzip; zip exports): what one upload may hold. A file over a
# limit fails alone with its reason; the others import.
RUNBACK_IMPORT_MAX_FILE_MB = env_int("RUNBACK_IMPORT_MAX_FILE_MB", 64)  # as uploaded
RUNBACK_IMPORT_MAX_FILES = env_int("RUNBACK_IMPORT_MAX_FILES", 1000)  # per upload or zip
RUNBACK_IMPORT_MAX_UNPACKED_MB = env_int("RUNBACK_IMPORT_MAX_UNPACKED_MB", 64)  # per activity
# A batch of more files than this, or of more than RUNBACK_IMPORT_INLINE_MAX_KB as
# uploaded, is read by the task worker (the page shows its progress); a smaller one at once.
RUNBACK_IMPORT_BACKGROUND_FROM = env_int("RUNBACK_IMPORT_BACKGROUND_FROM", 5)
RUNBACK_IMPORT_INLINE_MAX_KB = env_int("RUNBACK_IMPORT_INLINE_MAX_KB", 512)
# Track points (FIT: records) one activity file may hold; it bounds the time per file.
RUNBACK_IMPORT_MAX_POINTS = env_int("RUNBACK_IMPORT_MAX_POINTS", 200_000)
# Storage: the files of one upload together, and a runner's uploads waiting to be read.
RUNBACK_IMPORT_MAX_REQUEST_MB = env_int("RUNBACK_IMPORT_MAX_REQUEST_MB", 200)
RUNBACK_IMPORT_MAX_PENDING_MB = env_int("RUNBACK_IMPORT_MAX_PENDING_MB", 200)
# A batch without progress this long was interrupted: started again once, then stopped.
RUNBACK_IMPORT_STALE_MINUTES = env_int("RUNBACK_IMPORT_STALE_MINUTES", 10)
# Django refuses a request with more files than this outright; up to it, each file over
# RUNBACK_IMPORT_MAX_FILES fails alone with its reason.
DATA_UPLOAD_MAX_NUMBER_FILES = 2 * RUNBACK_IMPORT_MAX_FILES

# --- internationalisation ------------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", _("Danish")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env_str("RUNBACK_TIME_ZONE", "Europe/Copenhagen")
USE_TZ = True
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# --- static files ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- email -------------------------------------------------------------------------------------
DEFAULT_FROM_EMAIL = env_str("RUNBACK_DEFAULT_FROM_EMAIL", "Runback <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_HOST = env_str("RUNBACK_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("RUNBACK_EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("RUNBACK_EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("RUNBACK_EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("RUNBACK_EMAIL_USE_TLS", True)
    EMAIL_USE_SSL = env_bool("RUNBACK_EMAIL_USE_SSL", False)
    EMAIL_TIMEOUT = 20
elif DEBUG:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    # Production without an SMTP server: never print an email (a reset link is a key to
    # the account) to the console or the log; log only that it was not sent.
    EMAIL_BACKEND = "runback.accounts.mail.UnsentEmailBackend"

# --- security headers ------------------------------------------------------------------------
# Health data pages load nothing from third parties (the policy: settings_security.py).
from runback.config.settings_security import *  # noqa: E402, F403

SESSION_COOKIE_AGE = env_int("RUNBACK_SESSION_DAYS", 30) * 24 * 3600

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("RUNBACK_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = env_int("RUNBACK_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("RUNBACK_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("RUNBACK_HSTS_PRELOAD", True)
if env_bool("RUNBACK_BEHIND_HTTPS_PROXY", False):
    # Only when a proxy that always sets this header terminates TLS in front of gunicorn.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Runback itself ---------------------------------------------------------------------------
# Who to call (triage, clinical model section 1): the emergency number, and the table of
# regions with their medical helpline (settings_regions.py, the ONLY place these numbers
# live); a deployment overrides them with RUNBACK_HELPLINES (JSON, see README).
RUNBACK_EMERGENCY_NUMBER = env_str("RUNBACK_EMERGENCY_NUMBER", "112")
RUNBACK_PHONE_PREFIX = env_str("RUNBACK_PHONE_PREFIX", "+45")  # for tel: links
RUNBACK_REGIONS = regions_with_overrides(
    settings_regions.REGIONS,
    defaults=settings_regions.REGION_DEFAULTS,
    overrides=env_json("RUNBACK_HELPLINES"),
)
# Assessments: a runner may cancel or move a booking up to this many hours before it
# starts (the clinic can still do it later); see runback.assessments.
RUNBACK_ASSESSMENT_NOTICE_HOURS = env_int("RUNBACK_ASSESSMENT_NOTICE_HOURS", 24)
# `runback demo` creates accounts with known passwords: development only, unless asked.
RUNBACK_DEMO_ALLOWED = env_bool("RUNBACK_DEMO_ALLOWED", DEBUG)

LOGGING = logging_config(level=env_str("RUNBACK_LOG_LEVEL", "INFO"))
