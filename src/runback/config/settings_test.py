"""Settings for the test suite: the real settings with a fixed key and a fast hasher.

The database still comes from DATABASE_URL (unset: SQLite), so the same suite runs on
SQLite and PostgreSQL. Argon2 stays first in the real settings; tests/accounts checks it.
"""

from __future__ import annotations

import os

os.environ["RUNBACK_DEBUG"] = "0"  # tests see production settings, whatever the shell says
os.environ.setdefault(
    "RUNBACK_SECRET_KEY", "test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("RUNBACK_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")

from runback.config.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
RUNBACK_DEMO_ALLOWED = True
