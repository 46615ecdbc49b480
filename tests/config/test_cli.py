"""`runback demo`, `runback manage`, `runback serve --help`."""

from __future__ import annotations

import pytest

from runback.accounts.models import Role, User
from runback.cli import main
from runback.config.demo import DEMO_PASSWORD, demo_data_create


@pytest.mark.django_db
def test_demo_data_is_idempotent() -> None:
    first = demo_data_create()
    count = User.objects.count()
    second = demo_data_create()
    assert User.objects.count() == count
    assert first.accounts == second.accounts
    clinician = User.objects.get(role=Role.CLINICIAN)
    assert clinician.check_password(DEMO_PASSWORD)


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
