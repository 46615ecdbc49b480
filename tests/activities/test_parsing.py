"""Parsing without Django: the project's own small files, and the real ones in ../shared."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest

from runback.activities.parsing import ImportProblem, Limits, parse_file_bytes
from runback.activities.parsing.segments import Group, groups
from runback.activities.parsing.summary import Segment
from tests.activities.files import (
    START,
    XML_BOMB_GPX,
    XML_BOMB_TCX,
    fit_activity,
    gpx_activity,
    gz,
    tcx_activity,
)


def test_walk_run_session_gives_its_segments_and_cadence() -> None:
    summary = parse_file_bytes("session.fit", fit_activity())
    assert summary.sport == "running"
    assert summary.start == START
    assert summary.has_gps
    assert [(s.kind, round(s.seconds / 60)) for s in summary.segments] == [
        ("walk", 5),
        ("run", 1),
        ("walk", 3),
        ("run", 1),
        ("walk", 3),
        ("run", 1),
        ("walk", 3),
    ]
    assert groups(summary.segments) == [
        Group(1, (("walk", 5),)),
        Group(3, (("run", 1), ("walk", 3))),
    ]
    assert summary.run_s == 180
    assert summary.run_cadence_spm == 165.0  # 2 x (82 + 0.5) strides per minute


def test_fit_without_session_or_gps_is_summarised_from_its_records() -> None:
    summary = parse_file_bytes("treadmill.fit", fit_activity(gps=False, session=False))
    assert not summary.has_gps
    assert summary.start is not None
    assert summary.distance_m == pytest.approx(1644, abs=1)
    assert summary.avg_hr is not None
    assert summary.avg_cadence_spm == pytest.approx(123.0, abs=0.5)


def test_gpx_and_gzipped_tcx() -> None:
    gpx = parse_file_bytes("run.gpx", gpx_activity())
    assert gpx.has_gps and gpx.sport == "running"
    assert gpx.distance_m == pytest.approx(119 * 2.6, rel=0.01)
    tcx = parse_file_bytes("run.tcx.gz", gz(tcx_activity()))
    assert not tcx.has_gps
    assert tcx.avg_cadence_spm == 168.0
    assert tcx.avg_hr == 140
    assert tcx.start == START


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("bomb.tcx", XML_BOMB_TCX, "xml_forbidden"),
        ("bomb.gpx", XML_BOMB_GPX, "xml_forbidden"),
        ("run.fit", gpx_activity(), "not_fit"),
        ("run.gpx", fit_activity(), "not_gpx"),
        ("notes.txt", b"hello", "unknown_format"),
        ("run.fit.gz", b"not gzip at all", "bad_gzip"),
        ("run.fit.gz", gz(b"x" * 100)[:20], "bad_gzip"),
        ("run.fit", fit_activity()[:-300], "truncated"),
        ("run.tcx", b"<TrainingCenterDatabase><Activities>", "not_tcx"),
        ("run.gpx", b"<gpx><trk><trkseg><trkpt lat=", "not_gpx"),
    ],
    # Named without the bytes: the FIT files differ between processes, and pytest-xdist
    # needs the same test ids in every worker.
    ids=lambda value: "data" if isinstance(value, bytes) else None,
)
def test_bad_files_fail_with_a_reason(name: str, data: bytes, code: str) -> None:
    with pytest.raises(ImportProblem) as problem:
        parse_file_bytes(name, data)
    assert problem.value.code == code
    assert problem.value.message


def test_a_gzip_bomb_is_refused_beyond_the_limit() -> None:
    limits = Limits(max_unpacked_bytes=1024 * 1024)
    with pytest.raises(ImportProblem) as problem:
        parse_file_bytes("bomb.fit.gz", gz(b"\0" * (4 * 1024 * 1024)), limits)
    assert problem.value.code == "unpacked_too_large"


def test_a_fit_crc_error_is_refused() -> None:
    data = bytearray(fit_activity())
    data[-1] ^= 0xFF
    with pytest.raises(ImportProblem) as problem:
        parse_file_bytes("run.fit", bytes(data))
    assert problem.value.code == "crc"


def test_groups_leave_irregular_parts_alone() -> None:
    segments = [Segment("walk", 300), Segment("run", 600), Segment("walk", 60)]
    assert groups(segments) == [
        Group(1, (("walk", 5),)),
        Group(1, (("run", 10),)),
        Group(1, (("walk", 1),)),
    ]


# --- the real files in ../shared/data/activities -------------------------------------------


def _golden(path: Path) -> list[dict[str, str]]:
    with path.open() as f:
        return list(csv.DictReader(f))


@pytest.mark.shared
def test_fenix_5_run_matches_its_golden_csv(shared_data: Path) -> None:
    rows = _golden(shared_data / "fit" / "garmin-fenix-5-run-records.csv")
    summary = parse_file_bytes(
        "r.fit", (shared_data / "fit" / "garmin-fenix-5-run.fit").read_bytes()
    )
    first = datetime.strptime(rows[0]["timestamp"].replace(" PDT", ""), "%a %b %d %H:%M:%S %Y")
    last = datetime.strptime(rows[-1]["timestamp"].replace(" PDT", ""), "%a %b %d %H:%M:%S %Y")
    # PDT is UTC-7
    assert summary.start == first.replace(tzinfo=UTC) + (
        datetime(2000, 1, 1, 7) - datetime(2000, 1, 1)
    )
    assert summary.sport == "running"
    assert summary.distance_m == pytest.approx(float(rows[-1]["distance"]), abs=0.1)
    assert summary.elapsed_s == pytest.approx((last - first).total_seconds(), abs=1)
    assert summary.has_gps
    heart = [int(r["heart_rate"]) for r in rows]
    assert min(heart) <= (summary.avg_hr or 0) <= max(heart)
    cadences = [2 * int(r["cadence"]) for r in rows if int(r["cadence"]) > 0]
    assert min(cadences) <= (summary.avg_cadence_spm or 0) <= max(cadences)
    assert summary.avg_cadence_spm == 167.3  # 2 x (83 + 0.67), the session's own figure


@pytest.mark.shared
def test_fenix_5_walk_matches_its_golden_csv(shared_data: Path) -> None:
    rows = _golden(shared_data / "fit" / "garmin-fenix-5-walk-records.csv")
    summary = parse_file_bytes(
        "w.fit", (shared_data / "fit" / "garmin-fenix-5-walk.fit").read_bytes()
    )
    assert summary.sport == "walking"
    assert summary.distance_m == pytest.approx(float(rows[-1]["distance"]), abs=0.1)
    assert [s.kind for s in summary.segments] == ["walk"]


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("activity-unexpected-eof.fit", "truncated"),
        ("activity-filecrc.fit", "crc"),
        ("activity-settings-corruptheader.fit", "corrupt"),
    ],
)
def test_invalid_fit_files_fail_cleanly(shared_data: Path, name: str, code: str) -> None:
    with pytest.raises(ImportProblem) as problem:
        parse_file_bytes(name, (shared_data / "fit" / "invalid" / name).read_bytes())
    assert problem.value.code == code


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    ["gpx/korita-zbevnica.gpx", "gpx/cerknicko-without-times.gpx", "tcx/test.tcx", "tcx/no_hr.tcx"],
)
def test_real_gpx_and_tcx_files_parse(shared_data: Path, name: str) -> None:
    summary = parse_file_bytes(name, (shared_data / name).read_bytes())
    assert summary.distance_m and summary.distance_m > 1000
    assert summary.has_gps


@pytest.mark.shared
def test_tcx_without_heart_rate(shared_data: Path) -> None:
    summary = parse_file_bytes("no_hr.tcx", (shared_data / "tcx" / "no_hr.tcx").read_bytes())
    assert summary.avg_hr is None
    assert summary.sport == "running"
    assert summary.run_s > 0 and summary.walk_s > 0


@pytest.mark.shared
def test_indoor_file_has_no_gps(shared_data: Path) -> None:
    path = shared_data / "fit" / "sample-activity-indoor-trainer.fit"
    summary = parse_file_bytes(path.name, path.read_bytes())
    assert not summary.has_gps
    assert summary.elapsed_s == pytest.approx(2261.85, abs=0.1)


@pytest.mark.shared
def test_strava_app_file_keeps_what_can_be_read(shared_data: Path) -> None:
    path = shared_data / "fit" / "strava-android-app-201.10-b1218918.fit"
    summary = parse_file_bytes(path.name, path.read_bytes())
    assert summary.warnings == ("unreadable_end",)
    assert summary.distance_m == pytest.approx(11274.0, abs=1)
    assert summary.sport == "running"


def test_parsing_needs_no_django() -> None:
    import subprocess
    import sys

    code = "import sys, runback.activities.parsing; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
