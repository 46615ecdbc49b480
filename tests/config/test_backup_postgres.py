"""`runback backup` and `runback restore` on PostgreSQL (pg_dump -Fc, pg_restore): the
test database with the demo's histories, restored by the command line into a fresh
database, holds every table row for row, serves, and passes the fresh-fold check. Runs
when the suite runs on PostgreSQL (CI's last pass)."""

from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from tests.config.test_backup import _environment, assert_restored_app_serves, runback

from runback.config.backup import database_backup
from runback.config.demo import demo_data_create

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the PostgreSQL path"),
]


def _url(name: str) -> str:
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{name}"


@pytest.fixture
def fresh_database() -> Iterator[str]:
    import psycopg

    name = f"runback_restore_{secrets.token_hex(4)}"
    with psycopg.connect(_url("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(_url("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(cursor: Any) -> dict[str, list[str]]:
    """Every row of every table, as PostgreSQL's text of the row (the same on both
    connections, whatever each driver makes of a type)."""
    cursor.execute("SET TIME ZONE 'UTC'")
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    names = [row[0] for row in cursor.fetchall()]
    tables = {}
    for name in names:
        cursor.execute(f'SELECT t::text FROM "{name}" AS t')
        tables[name] = sorted(row[0] for row in cursor.fetchall())
    return tables


def test_a_pg_dump_restores_into_a_fresh_database_row_for_row_and_serves(
    tmp_path: Path, fresh_database: str
) -> None:
    import psycopg

    demo_data_create()
    backup = tmp_path / "runback.dump"
    database_backup(target=backup)
    assert backup.read_bytes().startswith(b"PGDMP")
    done = runback(tmp_path, "restore", str(backup), database_url=_url(fresh_database))
    assert done.returncode == 0, done.stderr
    with connection.cursor() as cursor:
        source = _rows(cursor)
    with psycopg.connect(_url(fresh_database)) as restored_db:
        restored = _rows(restored_db.cursor())
    assert list(restored) == list(source) and len(source) > 30
    for name, rows in source.items():
        assert restored[name] == rows, name
    refused = runback(tmp_path, "restore", str(backup), database_url=_url(fresh_database))
    assert refused.returncode == 2 and "not empty" in refused.stderr
    assert_restored_app_serves(_environment(tmp_path, _url(fresh_database)))
