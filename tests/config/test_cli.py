"""`runback demo`, `runback manage`, `runback serve --help`."""

from __future__ import annotations

import pytest

from runback.accounts.models import Role, User
from runback.cli import main
from runback.config.demo import DEMO_PASSWORD, demo_data_create
from runback.rehab.models import Snapshot


@pytest.mark.django_db
def test_demo_data_is_idempotent() -> None:
    first = demo_data_create()
    count = User.objects.count()
    second = demo_data_create()
    assert User.objects.count() == count
    assert first.accounts == second.accounts
    for email in ("kliniker@demo.runback.dk", "kliniker2@demo.runback.dk"):
        clinician = User.objects.get(email=email, role=Role.CLINICIAN)
        assert clinician.check_password(DEMO_PASSWORD)


@pytest.mark.django_db
def test_demo_has_a_runner_in_each_phase_and_one_with_a_red_flag() -> None:
    demo_data_create()
    phases = {
        snapshot.runner.email: (snapshot.output["phase"], snapshot.output["triage"]["level"])
        for snapshot in Snapshot.objects.select_related("runner")
    }
    assert phases["gang@demo.runback.dk"] == ("walk", "none")
    assert phases["test@demo.runback.dk"] == ("test", "none")
    assert phases["intervaller@demo.runback.dk"] == ("intervals", "none")
    assert phases["kontinuerlig@demo.runback.dk"] == ("continuous", "none")
    assert phases["pause@demo.runback.dk"] == ("alternative", "none")
    assert phases["roedtflag@demo.runback.dk"][1] == "prompt"


def test_cli_lists_the_web_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for command in ("engine simulate", "serve", "demo", "manage"):
        assert command in out


def test_serve_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["serve", "--help"])
    assert exit_info.value.code == 0
    assert "--port" in capsys.readouterr().out


@pytest.mark.django_db(transaction=True)
def test_the_server_start_makes_the_shared_cache_table() -> None:
    """`runback serve` and `runback demo` migrate first (`_migrate`): the database cache's
    table (the email rate limits) is there afterwards, even on a database that lacks it."""
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection

    from runback.config import commands

    table = settings.CACHES["default"]["LOCATION"]
    assert table in connection.introspection.table_names()  # made with the test database
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
    assert table not in connection.introspection.table_names()
    commands._migrate()
    assert table in connection.introspection.table_names()
    cache.set("runback:test", 1)
    assert cache.get("runback:test") == 1


def test_a_command_run_inside_a_django_process_leaves_logging_alone() -> None:
    """A second django.setup() would bind logging to the stderr of that moment (in the
    test suite: a capture that is closed afterwards, so later log lines fail)."""
    import logging

    from runback.common.setup import setup_django

    before = list(logging.getLogger().handlers)
    setup_django()
    assert logging.getLogger().handlers == before
