"""Django set up for a command line (`runback serve`, `runback activity import`, ...)."""

from __future__ import annotations

import os
import secrets

DEFAULT_SETTINGS = "runback.config.settings"


def setup_django() -> None:
    """Set Django up once. A second django.setup() (a command run inside a process that
    has Django already, such as the test suite) would configure logging again, onto
    whatever sys.stderr is at that moment."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    from django.apps import apps

    if apps.ready:
        return
    import django

    django.setup()


def dev_mode() -> bool:
    from runback.common.env import env_bool

    return env_bool("RUNBACK_DEBUG", False)


def ensure_dev_secret_key() -> None:
    """In development, keep a random key in the data folder so sessions survive restarts."""
    from runback.common.env import dev_secret_key_file

    if os.environ.get("RUNBACK_SECRET_KEY") or not dev_mode():
        return
    key_file = dev_secret_key_file()
    if not key_file.is_file():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50) + "\n")
        key_file.chmod(0o600)
