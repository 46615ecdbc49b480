"""exports:workout: the next session as a FIT workout file, read back with fitdecode and
checked step by step against the engine's `next_run`."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import fitdecode
import pytest
from django.test import Client
from django.urls import reverse
from tests.histories import log_run

from runback.accounts.models import User
from runback.common.clock import today
from runback.engine.running import INTERVAL_WEEKS
from runback.exports.fit import workout_fit
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Snapshot

URL = reverse("exports:workout")
MS = 60_000


def read_back(data: bytes) -> dict[str, list[dict[str, Any]]]:
    """Every data message by name, each as {field: raw value} (raw: milliseconds)."""
    messages: dict[str, list[dict[str, Any]]] = {}
    with fitdecode.FitReader(io.BytesIO(data), check_crc=fitdecode.CrcCheck.RAISE) as reader:
        for frame in reader:
            if isinstance(frame, fitdecode.FitDataMessage):
                fields = {f.name: f.raw_value for f in frame.fields}
                fields.update({f"{f.name}:value": f.value for f in frame.fields})
                messages.setdefault(frame.name, []).append(fields)
    return messages


def expected_steps(next_run: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """The steps `next_run` describes: (intensity or "repeat", milliseconds or from-step,
    None or times), written from the contract, not from the writer."""
    if next_run["phase"] == "walk":
        return [("active", next_run["walk_min"] * MS, None)]
    if next_run["phase"] == "continuous":
        return [("active", next_run["continuous_min"] * MS, None)]
    steps = [("warmup", next_run["warmup_walk_min"] * MS, None)]
    steps += [
        ("active", next_run["run_min"] * MS, None),
        ("recovery", next_run["walk_min"] * MS, None),
    ]
    steps.append(("repeat", 1, next_run["rounds"]))
    return steps


def check_against(data: bytes, next_run: dict[str, Any]) -> None:
    messages = read_back(data)
    (file_id,) = messages["file_id"]
    assert file_id["type:value"] == "workout"
    (workout,) = messages["workout"]
    steps = messages["workout_step"]
    assert workout["num_valid_steps"] == len(steps)
    got = []
    for index, step in enumerate(steps):
        assert step["message_index"] == index
        if step["duration_type:value"] == "repeat_until_steps_cmplt":
            got.append(("repeat", step["duration_step"], step["repeat_steps"]))
        else:
            assert step["duration_type:value"] == "time"
            assert step["target_type:value"] == "open"
            got.append((step["intensity:value"], step["duration_time"], None))
    assert got == expected_steps(next_run)


@pytest.mark.django_db
def test_the_download_holds_exactly_the_next_run(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.ant.fit"
    assert response["Content-Disposition"].startswith("attachment;")
    next_run = Snapshot.objects.get(runner=runner_with_plan).output["next_run"]
    assert next_run["phase"] == "test"
    check_against(response.content, next_run)
    (workout,) = read_back(response.content)["workout"]
    assert workout["sport:value"] == "running"


@pytest.mark.django_db
def test_after_a_tolerated_test_the_file_follows_the_new_step(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    session = log_run(runner_with_plan, days_ago=2, pain=1)
    event_record(
        runner=runner_with_plan,
        author=runner_with_plan,
        payload={"type": "followup", "session": session, "date": today().isoformat(), "pain": 1},
    )
    next_run = Snapshot.objects.get(runner=runner_with_plan).output["next_run"]
    assert next_run["phase"] == "intervals"
    check_against(runner_with_plan_client.get(URL).content, next_run)


CREATED = datetime(2026, 12, 1, 12, tzinfo=UTC)


def with_segments(shape: dict[str, Any]) -> dict[str, Any]:
    """`shape` with the engine's `segments` (the contract: a walk or a continuous run is
    one segment of round 0; else the warm-up walk, then each round's run and walk)."""
    if shape["phase"] == "walk":
        parts = [{"kind": "walk", "seconds": 60 * shape["walk_min"], "round": 0}]
    elif shape["phase"] == "continuous":
        parts = [{"kind": "run", "seconds": 60 * shape["continuous_min"], "round": 0}]
    else:
        parts = [{"kind": "warmup", "seconds": 60 * shape["warmup_walk_min"], "round": 0}]
        for n in range(1, shape["rounds"] + 1):
            parts.append({"kind": "run", "seconds": 60 * shape["run_min"], "round": n})
            parts.append({"kind": "walk", "seconds": 60 * shape["walk_min"], "round": n})
    return {"rounds": None, **shape, "segments": parts}


SHAPES = [with_segments(shape) for shape in [
    {"phase": "walk", "walk_min": 30},
    {"phase": "continuous", "continuous_min": 22},
    {"phase": "test", "rounds": 3, "run_min": 1, "walk_min": 3, "warmup_walk_min": 5},
    *[
        {"phase": "intervals", "week": week, "rounds": r, "run_min": run, "walk_min": walk,
         "warmup_walk_min": 5}
        for week, (r, run, walk) in INTERVAL_WEEKS.items()
    ],
]]  # fmt: skip


@pytest.mark.parametrize("next_run", SHAPES, ids=lambda n: f"{n['phase']}-{n.get('week')}")
def test_every_shape_of_next_run_reads_back_exactly(next_run: dict[str, Any]) -> None:
    data = workout_fit(next_run=next_run, language="da", name="Runback", created=CREATED)
    assert data is not None
    check_against(data, next_run)


def test_no_session_no_file() -> None:
    assert workout_fit(next_run={}, language="da", name="Runback", created=CREATED) is None


@pytest.mark.django_db
def test_paused_runner_gets_a_404(runner_client: Client) -> None:
    assert runner_client.get(URL).status_code == 404  # no intake yet: no session
