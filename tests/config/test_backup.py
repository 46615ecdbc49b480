"""`runback backup` and `runback restore` (docs/backup.md): a backup of a database with the
demo's histories, restored by the command line into a fresh database, holds every table
row for row; the restored app serves, and every snapshot there equals a fresh fold of its
history (the load benchmark's `store_check`). A restore refuses a database that is not
empty unless --force, and refuses a file that is not a backup."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection

from runback.config.backup import BackupError, database_backup, database_restore
from runback.config.demo import demo_data_create
from runback.rehab.models import Snapshot

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite path"),
]

# Run in the restored database's own process: a page answers, and the stored snapshots
# are fresh folds of the stored histories.
CHECK = """
import json, sys
sys.path.insert(0, "benchmarks")
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from load import store_check
from runback.accounts.models import User
from runback.rehab.models import Event, Snapshot

setup_test_environment()
client = Client()
runner = User.objects.filter(role="runner", rehab_snapshot__isnull=False).order_by("pk").first()
client.force_login(runner)
print(json.dumps({
    "healthz": client.get("/healthz").status_code,
    "today": client.get(reverse("rehab:today")).status_code,
    "history": client.get(reverse("rehab:history")).status_code,
    "snapshots": Snapshot.objects.count(),
    "problems": store_check(events_before=Event.objects.count(), recorded_tokens=[]),
}))
"""


def _environment(data_dir: Path, database_url: str = "") -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("RUNBACK_", "DJANGO_")) and k != "DATABASE_URL"
    }
    env.update(
        DJANGO_SETTINGS_MODULE="runback.config.settings",
        RUNBACK_DEBUG="1",
        RUNBACK_DATA_DIR=str(data_dir),
        RUNBACK_LOG_LEVEL="WARNING",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def runback(data_dir: Path, *args: str, database_url: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "runback.cli", *args],
        env=_environment(data_dir, database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _rows(cursor: Any, names: list[str]) -> dict[str, list[tuple[Any, ...]]]:
    tables = {}
    for name in names:
        cursor.execute(f'SELECT * FROM "{name}"')
        tables[name] = sorted(cursor.fetchall(), key=repr)
    return tables


def _tables(cursor: Any) -> list[str]:
    cursor.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    )
    return [row[0] for row in cursor.fetchall()]


@pytest.fixture
def backup(tmp_path: Path) -> Iterator[Path]:
    demo_data_create()
    assert Snapshot.objects.count() >= 5
    target = tmp_path / "runback.backup"
    database_backup(target=target)
    yield target


def test_a_backup_restores_into_a_fresh_database_row_for_row_and_serves(
    backup: Path, tmp_path: Path
) -> None:
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600  # health data
    assert not list(tmp_path.glob(".*.partial"))
    fresh = tmp_path / "fresh"
    done = runback(fresh, "restore", str(backup))
    assert done.returncode == 0, done.stderr
    assert "restored" in done.stdout
    # Every table, row for row.
    with connection.cursor() as cursor:
        names = _tables(cursor)
        source = _rows(cursor, names)
    # Read as Django reads the test database (its converters: the same Python values).
    restored_db = sqlite3.connect(
        fresh / "runback.sqlite3", detect_types=sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
    )
    try:
        assert _tables(restored_db.cursor()) == names
        restored = _rows(restored_db.cursor(), names)
    finally:
        restored_db.close()
    assert len(names) > 30 and sum(map(len, source.values())) > 300
    for name in names:
        assert restored[name] == source[name], name
    # The restored app serves, and every snapshot is a fresh fold of its history.
    assert_restored_app_serves(_environment(fresh))


def assert_restored_app_serves(env: dict[str, str]) -> None:
    check = subprocess.run(
        [sys.executable, "-c", CHECK],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert check.returncode == 0, check.stderr
    result = json.loads(check.stdout.strip().splitlines()[-1])
    assert result == {
        "healthz": 200,
        "today": 200,
        "history": 200,
        "snapshots": Snapshot.objects.count(),
        "problems": [],
    }


def test_a_restore_refuses_a_database_that_is_not_empty_unless_forced(
    backup: Path, tmp_path: Path
) -> None:
    target = tmp_path / "used"
    migrated = runback(target, "manage", "migrate", "--verbosity", "0")
    assert migrated.returncode == 0, migrated.stderr
    before = (target / "runback.sqlite3").read_bytes()
    refused = runback(target, "restore", str(backup))
    assert refused.returncode == 2
    assert "not empty" in refused.stderr and "--force" in refused.stderr
    assert (target / "runback.sqlite3").read_bytes() == before
    forced = runback(target, "restore", str(backup), "--force")
    assert forced.returncode == 0, forced.stderr
    restored = sqlite3.connect(target / "runback.sqlite3")
    try:
        users = restored.execute("SELECT count(*) FROM accounts_user").fetchone()[0]
    finally:
        restored.close()
    assert users > 5


def test_the_backup_command_writes_a_file_of_the_running_database(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert runback(data, "manage", "migrate", "--verbosity", "0").returncode == 0
    done = runback(data, "backup", str(tmp_path / "copy.sqlite3"))
    assert done.returncode == 0, done.stderr
    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        assert copy.execute("PRAGMA quick_check").fetchone() == ("ok",)
        assert copy.execute("SELECT count(*) FROM django_migrations").fetchone()[0] > 10
    finally:
        copy.close()


@pytest.mark.parametrize(
    "content", [b"", b"not a database", b"PGDMP...", b"SQLite format 3\x00" + b"\x00" * 200]
)
def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path, content: bytes) -> None:
    source = tmp_path / "bad"
    source.write_bytes(content)
    with pytest.raises(BackupError):
        database_restore(source=source, force=True)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(BackupError, match="no such file"):
        database_restore(source=tmp_path / "missing", force=True)
    with pytest.raises(BackupError, match="folder"):
        database_backup(target=tmp_path)
