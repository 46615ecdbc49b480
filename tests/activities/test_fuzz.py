"""Damaged files (truncated, bytes flipped) never crash the importer and never store a
partial activity: each one is either refused with a reason, or stored whole."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from runback.accounts.models import User
from runback.activities import services
from runback.activities.models import Activity, ImportItem, ImportUpload
from runback.activities.parsing import ActivitySummary, ImportProblem, parse_file_bytes
from runback.activities.services import IncomingFile
from tests.activities.conftest import DATA
from tests.activities.files import fit_activity, gpx_activity, tcx_activity

QUICK = os.environ.get("RUNBACK_HYPOTHESIS_PROFILE") == "dev"
FUZZ = settings(
    max_examples=60 if QUICK else 200,
    deadline=None,
    derandomize=not QUICK,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
DB_FUZZ = settings(FUZZ, max_examples=20 if QUICK else 50)


@cache
def own_files() -> dict[str, bytes]:
    return {
        "own.fit": fit_activity(pattern=[("walk", 60), ("run", 60), ("walk", 60)]),
        "own.gpx": gpx_activity(points=40),
        "own.tcx": tcx_activity(points=40),
    }


@cache
def real_files() -> dict[str, bytes]:
    names = [
        "fit/garmin-fenix-5-run.fit",
        "fit/garmin-fenix-5-walk.fit",
        "fit/Activity.fit",
        "fit/strava-android-app-201.10-b1218918.fit",
        "gpx/cerknicko-without-times.gpx",
        "tcx/no_hr.tcx",
    ]
    return {Path(n).name: (DATA / n).read_bytes() for n in names if (DATA / n).is_file()}


def damaged(files: dict[str, bytes]) -> st.SearchStrategy[tuple[str, bytes]]:
    """A file cut anywhere, or with up to four bytes flipped anywhere."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[str, bytes]:
        name = draw(st.sampled_from(sorted(files)))
        data = bytearray(files[name])
        if draw(st.booleans()):
            return name, bytes(data[: draw(st.integers(0, len(data) - 1))])
        for _ in range(draw(st.integers(1, 4))):
            at = draw(st.integers(0, len(data) - 1))
            data[at] ^= draw(st.integers(1, 255))
        return name, bytes(data)

    return build()


def parse_or_refuse(name: str, data: bytes) -> ActivitySummary | None:
    try:
        return parse_file_bytes(name, data)
    except ImportProblem as problem:
        assert problem.code and problem.message
        return None


@FUZZ
@given(damaged(own_files()))
def test_damaged_own_files_never_crash(case: tuple[str, bytes]) -> None:
    summary = parse_or_refuse(*case)
    if summary is not None and case[0].endswith(".fit"):
        # FIT has a checksum: a damaged file is refused, or read as far as it is sound.
        assert summary.start is not None


@pytest.mark.shared
@FUZZ
@given(damaged(real_files()) if real_files() else st.nothing())
def test_damaged_real_files_never_crash(case: tuple[str, bytes]) -> None:
    parse_or_refuse(*case)


def _fit_cut_or_flipped() -> st.SearchStrategy[tuple[str, bytes]]:
    return damaged({"own.fit": own_files()["own.fit"]})


@pytest.mark.django_db
@DB_FUZZ
@given(_fit_cut_or_flipped())
def test_damaged_files_are_stored_whole_or_not_at_all(
    runner: User, case: tuple[str, bytes]
) -> None:
    name, data = case
    Activity.objects.all().delete()
    batch = services.batch_create(
        runner=runner, files=[IncomingFile(name, len(data), lambda: data)]
    )
    batch = services.batch_run(batch_id=batch.pk)
    item = ImportItem.objects.get(batch=batch)
    stored = list(Activity.objects.filter(runner=runner))
    assert not ImportUpload.objects.filter(batch=batch).exists()
    if item.status == ImportItem.Status.FAILED:
        assert stored == [] and item.problem
        return
    # Stored: a whole row, the same as parsing the file gives.
    assert len(stored) == 1
    summary = parse_file_bytes(name, data)
    activity = stored[0]
    assert activity.start == summary.start and activity.sport == summary.sport
    assert activity.run_s == summary.run_s and activity.walk_s == summary.walk_s
    assert activity.warnings == list(summary.warnings)


def test_a_cut_own_fit_file_is_never_stored() -> None:
    data = own_files()["own.fit"]
    for cut in range(0, len(data) - 1, 97):
        with pytest.raises(ImportProblem):
            parse_file_bytes("own.fit", data[:cut])
