"""Settings that protect people: hashing, headers, production checks."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings

from runback.config import settings as real_settings

PRODUCTION_ENV = {
    "RUNBACK_SECRET_KEY": "k" * 20 + "Zx8#Qw2$Lm9!Rt5%Yp3&Hn7*Bv4(Jc6)Df1",
    "RUNBACK_ALLOWED_HOSTS": "runback.example.dk",
    "DJANGO_SETTINGS_MODULE": "runback.config.settings",
}


def _django(
    args: list[str], env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RUNBACK_", "DJANGO_"))}
    base["RUNBACK_DATA_DIR"] = str(tmp_path)
    return subprocess.run(
        [sys.executable, "-m", "django", *args],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_argon2_is_the_password_hasher_in_production() -> None:
    assert real_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    with override_settings(PASSWORD_HASHERS=real_settings.PASSWORD_HASHERS):
        assert make_password("a-long-password-1").startswith("argon2$")


def test_check_deploy_is_clean_with_the_documented_production_env(tmp_path: Path) -> None:
    result = _django(["check", "--deploy", "--fail-level", "WARNING"], PRODUCTION_ENV, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "RUNBACK_SECRET_KEY": ""}
    result = _django(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "RUNBACK_SECRET_KEY" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "RUNBACK_ALLOWED_HOSTS": ""}
    result = _django(["check"], env, tmp_path)
    assert result.returncode != 0
    assert "RUNBACK_ALLOWED_HOSTS" in result.stderr


def test_production_sets_hsts_and_secure_cookies() -> None:
    assert not real_settings.DEBUG
    assert real_settings.SECURE_HSTS_SECONDS >= 365 * 24 * 3600
    assert real_settings.SESSION_COOKIE_SECURE
    assert real_settings.CSRF_COOKIE_SECURE
    assert real_settings.SECURE_REFERRER_POLICY == "same-origin"


@pytest.mark.django_db
def test_csp_header_allows_only_our_own_origin(client: Client) -> None:
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    for directive in csp.split(";"):
        sources = directive.split()[1:]
        assert all(s in {"'self'", "'none'", "data:"} for s in sources), directive
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_sqlite_uses_wal_and_waits_for_the_write_lock() -> None:
    if "sqlite" not in settings.DATABASES["default"]["ENGINE"]:
        pytest.skip("SQLite only")
    options = real_settings.DATABASES["default"]["OPTIONS"]
    assert "journal_mode=WAL" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"


def test_sqlite_file_lives_in_the_data_dir(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['NAME'])"
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RUNBACK_", "DJANGO_", "DATABASE_URL"))
    }
    env = {**base, **PRODUCTION_ENV, "RUNBACK_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == str(tmp_path / "runback.sqlite3")


def test_database_url_switches_to_postgresql(tmp_path: Path) -> None:
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    base = {k: v for k, v in os.environ.items() if not k.startswith(("RUNBACK_", "DJANGO_"))}
    env = {**base, **PRODUCTION_ENV, "DATABASE_URL": "postgres://u@127.0.0.1:5432/x"}
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env=env, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_healthz_is_reachable_over_plain_http_in_production() -> None:
    assert real_settings.SECURE_REDIRECT_EXEMPT == [r"^healthz$"]


def _setting(name: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    code = f"from django.conf import settings; print(settings.{name})"
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RUNBACK_", "DJANGO_", "DATABASE_URL"))
    }
    return subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        env={**base, "RUNBACK_DATA_DIR": str(tmp_path), **env},
        capture_output=True, text=True, timeout=60, check=False,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("extra", "backend"),
    [
        ({}, "runback.accounts.mail.UnsentEmailBackend"),
        ({"RUNBACK_DEBUG": "1"}, "django.core.mail.backends.console.EmailBackend"),
        ({"RUNBACK_EMAIL_HOST": "smtp.example.dk"}, "django.core.mail.backends.smtp.EmailBackend"),
    ],
)
def test_emails_go_to_the_console_only_in_development(
    extra: dict[str, str], backend: str, tmp_path: Path
) -> None:
    result = _setting("EMAIL_BACKEND", {**PRODUCTION_ENV, **extra}, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == backend


@pytest.mark.django_db
@override_settings(EMAIL_BACKEND="runback.accounts.mail.UnsentEmailBackend")
def test_production_without_smtp_never_writes_a_reset_link_anywhere(
    client: Client,
    runner: Any,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
) -> None:
    with caplog.at_level(logging.DEBUG):
        response = client.post("/accounts/password/reset/", {"email": runner.email})
    assert response.status_code == 302
    out, err = capsys.readouterr()
    written = caplog.text + out + err
    assert "not sent" in caplog.text and "RUNBACK_EMAIL_HOST" in caplog.text
    assert "/accounts/password/reset/" not in written
    assert runner.email not in written


def test_trusted_proxies_default_to_none(tmp_path: Path) -> None:
    result = _setting("RUNBACK_TRUSTED_PROXIES", PRODUCTION_ENV, tmp_path)
    assert result.stdout.strip() == "[]"
    assert real_settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_a_trusted_proxy_that_is_not_an_address_stops_the_start(tmp_path: Path) -> None:
    env = {**PRODUCTION_ENV, "RUNBACK_TRUSTED_PROXIES": "10.0.0.0/8,proxy.example.dk"}
    result = _setting("RUNBACK_TRUSTED_PROXIES", env, tmp_path)
    assert result.returncode != 0
    assert "RUNBACK_TRUSTED_PROXIES" in result.stderr and "proxy.example.dk" in result.stderr
    ok = _setting(
        "RUNBACK_TRUSTED_PROXIES",
        {**env, "RUNBACK_TRUSTED_PROXIES": "10.0.0.5, fd00::/8"},
        tmp_path,
    )
    assert ok.stdout.strip() == "['10.0.0.5', 'fd00::/8']"
