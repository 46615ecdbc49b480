"""`runback content check`: counts, one line per problem, exit status."""

from __future__ import annotations

import pytest

from runback.cli import main as runback_main
from runback.content import check
from runback.content.cli import main

from .content_fixtures import TinyLibrary

TINY = ("ZONE-1", "ZONE-2")


@pytest.fixture
def tiny_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check, "engine_rule_ids", lambda: TINY)


def test_the_shipped_library_passes(capsys: pytest.CaptureFixture[str]) -> None:
    """`runback content check` on the real content, with the engine's rule IDs."""
    status = runback_main(["content", "check"])
    out = capsys.readouterr().out
    assert status == 0, out
    assert "exercises:     11 (da + en), illustrations: 22" in out
    assert "OK: no problems" in out


@pytest.mark.usefixtures("tiny_rules")
def test_clean_library_exits_0_with_counts(
    tiny: TinyLibrary, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["check", "--root", str(tiny.root)]) == 0
    out = capsys.readouterr().out
    assert "articles:      2 (da + en)" in out
    assert "exercises:     11 (da + en), illustrations: 22" in out
    assert "references:    2 (1 cited)" in out
    assert "rule targets:  2 of 2 rule IDs" in out
    assert "links checked: 24" in out
    assert "OK: no problems" in out


@pytest.mark.usefixtures("tiny_rules")
def test_gaps_exit_1_one_line_each(tiny: TinyLibrary, capsys: pytest.CaptureFixture[str]) -> None:
    tiny.remove("articles/strength.en.md")
    tiny.remove("exercises/svg/clamshell-end.svg")
    assert runback_main(["content", "check", "--root", str(tiny.root)]) == 1
    lines = capsys.readouterr().out.splitlines()
    problems = [line for line in lines if line.startswith("problem: ")]
    assert "problem: articles/strength.en.md: missing (exists in: da)" in problems
    assert "problem: exercises/svg/clamshell-end.svg: missing" in problems
    assert lines[-1] == f"FAILED: {len(problems)} problem(s)"


@pytest.mark.parametrize(
    "argv", [[], ["lint"], ["check", "--root"], ["check", "extra"], ["check", "--root", "/no/such"]]
)
def test_bad_usage_exits_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert "usage: runback content check" in capsys.readouterr().err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "usage" in capsys.readouterr().out
