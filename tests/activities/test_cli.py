"""`runback activity inspect` and `runback activity import`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from runback.accounts.models import User
from runback.activities.cli import main
from runback.activities.models import Activity
from tests.activities.files import fit_activity, gpx_activity, gz, zipped

KEYS = {
    "sport",
    "start",
    "elapsed_s",
    "moving_s",
    "distance_m",
    "avg_hr",
    "avg_cadence_spm",
    "has_gps",
    "segments",
}


def test_inspect_json_has_exactly_the_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "session.fit.gz"
    path.write_bytes(gz(fit_activity()))
    assert main(["inspect", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data) == KEYS
    assert data["sport"] == "running"
    assert data["start"] == "2026-01-07T07:30:00+00:00"
    assert data["segments"][0] == {"kind": "walk", "seconds": 299}


def test_inspect_human_readable(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "run.gpx"
    path.write_bytes(gpx_activity())
    assert main(["inspect", str(path)]) == 0
    assert "distance_m" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("bad.fit", b"garbage"),
        ("cut.fit", fit_activity()[:500]),
        ("export.zip", zipped({"a.gpx": gpx_activity()})),
    ],
)
def test_inspect_bad_file_exit_2_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["inspect", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert len(captured.err.strip().splitlines()) == 1
    assert name in captured.err and "Traceback" not in captured.err


def test_inspect_missing_file(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["inspect", "/nonexistent/run.fit", "--json"]) == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


def test_inspect_needs_a_file(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["inspect"])
    assert exit_.value.code == 2
    assert len(capsys.readouterr().err.strip().splitlines()) == 1


@pytest.mark.django_db
def test_import_for_a_runner(
    runner: User, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = tmp_path / "a.fit"
    good.write_bytes(fit_activity())
    bad = tmp_path / "b.fit"
    bad.write_bytes(b"not a fit file")
    missing = tmp_path / "missing.fit"
    assert (
        main(["import", "--user", runner.email, str(good), str(bad), str(good), str(missing)]) == 1
    )
    captured = capsys.readouterr()
    assert "1 imported, 1 already there, 2 not imported (of 4)" in captured.out
    assert "missing.fit: not imported: No such file or directory" in captured.err
    assert "b.fit: not imported" in captured.err
    assert "[" + "#" * 30 + "] 4/4" in captured.err  # the progress bar
    assert Activity.objects.filter(runner=runner).count() == 1


@pytest.mark.django_db
def test_import_unknown_user(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["import", "--user", "nobody@example.com", str(tmp_path / "a.fit")]) == 2
    assert "no runner" in capsys.readouterr().err
