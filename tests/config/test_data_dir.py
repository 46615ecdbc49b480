"""The data folder and the SQLite file hold health data: readable by their owner only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from runback.config.files import private_dir_ensure, private_file_ensure

PRODUCTION_ENV = {
    "RUNBACK_SECRET_KEY": "k" * 20 + "Zx8#Qw2$Lm9!Rt5%Yp3&Hn7*Bv4(Jc6)Df1",
    "RUNBACK_ALLOWED_HOSTS": "runback.example.dk",
    "DJANGO_SETTINGS_MODULE": "runback.config.settings",
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _django(code: str, data_dir: Path) -> None:
    """Run `code` after django.setup() in a fresh process with a lax umask (022)."""
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RUNBACK_", "DJANGO_", "DATABASE_URL"))
    }
    env = {**base, **PRODUCTION_ENV, "RUNBACK_DATA_DIR": str(data_dir)}
    setup = "import os; os.umask(0o022); import django; django.setup()"
    subprocess.run(
        [sys.executable, "-c", f"{setup}; {code}"],
        env=env, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip


def test_a_new_data_dir_and_database_are_private(tmp_path: Path) -> None:
    data = tmp_path / "new" / "data"
    _django("from django.core.management import call_command; call_command('migrate')", data)
    assert _mode(data) == 0o700
    database = data / "runback.sqlite3"
    assert database.stat().st_size > 0  # migrated, so SQLite wrote to the file we made
    assert _mode(database) == 0o600
    for side in data.glob("runback.sqlite3-*"):  # -wal, -shm: SQLite copies the mode
        assert _mode(side) == 0o600, side


def test_an_existing_lax_data_dir_and_database_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    for name in ("runback.sqlite3", "runback.sqlite3-wal", "runback.sqlite3-shm"):
        (data / name).touch()
        (data / name).chmod(0o644)
    _django("pass", data)
    assert _mode(data) == 0o700
    for name in ("runback.sqlite3", "runback.sqlite3-wal", "runback.sqlite3-shm"):
        assert _mode(data / name) == 0o600, name


def test_private_files_ignore_a_lax_umask(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        private_dir_ensure(tmp_path / "d")
        private_file_ensure(tmp_path / "d" / "db.sqlite3")
    finally:
        os.umask(old)
    assert _mode(tmp_path / "d") == 0o700
    assert _mode(tmp_path / "d" / "db.sqlite3") == 0o600


def test_the_server_umask_keeps_new_files_private(tmp_path: Path) -> None:
    code = (
        "from runback.config.files import private_umask_set; private_umask_set(); "
        f"open({str(tmp_path / 'f')!r}, 'w').close()"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert _mode(tmp_path / "f") == 0o600
