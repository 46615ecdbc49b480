"""`runback backup FILE` and `runback restore FILE` (docs/backup.md).

SQLite: SQLite's online backup API (Python's `sqlite3.Connection.backup`), a consistent
copy while the app keeps serving (WAL readers and the writer go on). PostgreSQL (from
DATABASE_URL): `pg_dump -Fc` and `pg_restore`, one transaction. A restore refuses to
overwrite a database that holds any row unless forced.

The backup holds health data: it is written readable by its owner only, first under a
temporary name, and renamed when complete, so a crash never leaves half a backup under the
name asked for.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_DUMP_MAGIC = b"PGDMP"


class BackupError(Exception):
    """Why a backup or restore was refused or failed, in words for the operator."""


def _vendor(using: str) -> str:
    vendor: str = connections[using].vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"runback backup knows SQLite and PostgreSQL, not {vendor}")
    return vendor


def _private_partial(target: Path) -> Path:
    """An empty file readable by its owner only, beside `target`."""
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    return partial


def _pg_environment(settings_dict: dict[str, Any]) -> dict[str, str]:
    """libpq's variables for the database (the password never on a command line)."""
    env = dict(os.environ)
    for variable, key in (
        ("PGDATABASE", "NAME"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
    ):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _pg_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} was not found: install the PostgreSQL client tools")
    return path


def _run(argv: list[str], env: dict[str, str]) -> None:
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{Path(argv[0]).name} failed: {done.stderr.strip()[-2000:]}")


def database_backup(*, target: Path, using: str = "default") -> None:
    """Write a consistent copy of the database to `target` (replaced if it exists)."""
    vendor = _vendor(using)
    target = target.resolve()
    if target.is_dir():
        raise BackupError(f"{target} is a folder; give the name of the backup file")
    partial = _private_partial(target)
    try:
        connection = connections[using]
        if vendor == "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(partial)
            try:
                connection.connection.backup(destination)
                check = destination.execute("PRAGMA quick_check").fetchone()
            finally:
                destination.close()
            if check != ("ok",):
                raise BackupError(f"the copy failed SQLite's check: {check}")
        else:
            _run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", f"--file={partial}"],
                _pg_environment(connection.settings_dict),
            )
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def database_is_empty(*, using: str = "default") -> bool:
    """True when no table of the database holds a row (a new database, or one whose
    tables were made but never used: even `migrate` writes rows, so a migrated database
    counts as not empty)."""
    connection = connections[using]
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                return False
    return True


def _sqlite_source(source: Path) -> sqlite3.Connection:
    with source.open("rb") as file:
        if file.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            raise BackupError(f"{source} is not an SQLite backup")
    backup = sqlite3.connect(f"{source.as_uri()}?mode=ro", uri=True)
    try:
        if backup.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise BackupError(f"{source} is damaged (SQLite's check failed)")
        names = {row[0] for row in backup.execute("SELECT name FROM sqlite_master")}
        if "django_migrations" not in names:
            raise BackupError(f"{source} is not a Runback database")
    except sqlite3.DatabaseError as error:
        backup.close()
        raise BackupError(f"{source} is damaged: {error}") from None
    except BaseException:
        backup.close()
        raise
    return backup


def database_restore(*, source: Path, force: bool = False, using: str = "default") -> None:
    """Replace the database with the backup `source`. Refused when the database holds
    any row, unless `force`."""
    vendor = _vendor(using)
    if not source.is_file():
        raise BackupError(f"{source}: no such file")
    if vendor == "sqlite":
        backup = _sqlite_source(source)
    else:
        with source.open("rb") as file:
            if file.read(len(PG_DUMP_MAGIC)) != PG_DUMP_MAGIC:
                raise BackupError(f"{source} is not a pg_dump archive (-Fc)")
    if not force and not database_is_empty(using=using):
        if vendor == "sqlite":
            backup.close()
        raise BackupError(
            "the database is not empty; restoring would replace everything in it. "
            "Use --force to do that (take a backup of it first)."
        )
    connection = connections[using]
    if vendor == "sqlite":
        connection.close()
        connection.ensure_connection()
        try:
            backup.backup(connection.connection)  # page by page, in one step
        finally:
            backup.close()
            connection.close()  # the next use sets the connection's PRAGMAs again
    else:
        connection.close()
        argv = [_pg_tool("pg_restore"), "--no-owner", "--single-transaction", "--exit-on-error"]
        if force:
            argv += ["--clean", "--if-exists"]
        env = _pg_environment(connection.settings_dict)
        _run([*argv, f"--dbname={env.get('PGDATABASE', '')}", str(source)], env)
