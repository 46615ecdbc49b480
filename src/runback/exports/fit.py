"""The next session, and each of the coming ones, as a FIT workout file (Garmin, Coros,
Wahoo), from the engine's `next_run` and `upcoming_sessions` alone: nothing here decides
what a session is. A FIT workout file holds one workout, so the coming sessions are one
file each (and a zip of them).

Steps are time-based: a warm-up walk, then the rounds of run and walk as one run step and
one walk step with a repeat step after them, or a single step for a walk or a continuous
run. Durations are whole milliseconds, as the FIT profile stores them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from fit_tool.fit_file_builder import FitFileBuilder
from fit_tool.profile.messages.file_id_message import FileIdMessage
from fit_tool.profile.messages.workout_message import WorkoutMessage
from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
from fit_tool.profile.profile_type import (
    FileType,
    Intensity,
    Manufacturer,
    Sport,
    WorkoutStepDuration,
    WorkoutStepTarget,
)

Kind = Literal["warmup", "run", "walk", "walk_session", "repeat"]
NAMES = {
    "da": {"warmup": "Gå (opvarmning)", "run": "Løb", "walk": "Gå", "walk_session": "Gå"},
    "en": {"warmup": "Walk (warm-up)", "run": "Run", "walk": "Walk", "walk_session": "Walk"},
}
INTENSITY = {
    "warmup": Intensity.WARMUP,
    "run": Intensity.ACTIVE,
    "walk": Intensity.RECOVERY,  # the walk between runs
    "walk_session": Intensity.ACTIVE,  # a walking session: the walk is the work
}
NAME_LENGTH = 40


@dataclass(frozen=True)
class WorkoutStep:
    """One step: a timed segment, or (kind "repeat") "do steps from `repeat_from` on
    `repeat_times` times in all"."""

    kind: Kind
    duration_ms: int | None = None
    repeat_from: int | None = None
    repeat_times: int | None = None


def workout_steps(next_run: dict[str, Any]) -> list[WorkoutStep]:
    """The steps of `next_run`'s segments, in order (empty when it holds no timed
    session): a walk or a continuous run alone is one step; otherwise the warm-up walk,
    then the first round's run and walk, repeated `rounds` times. A part of no length is
    left out."""
    parts = [p for p in next_run.get("segments") or [] if p["seconds"] > 0]
    if len(parts) == 1 and parts[0]["round"] == 0 and parts[0]["kind"] != "warmup":
        kind: Kind = "walk_session" if parts[0]["kind"] == "walk" else "run"
        return [WorkoutStep(kind, parts[0]["seconds"] * 1000)]
    rounds = int(next_run.get("rounds") or 0)
    first_round = [p for p in parts if p["round"] == 1]
    if not rounds or not any(p["kind"] == "run" for p in first_round):
        return []
    steps = [WorkoutStep("warmup", p["seconds"] * 1000) for p in parts if p["kind"] == "warmup"]
    first = len(steps)
    steps += [WorkoutStep(p["kind"], p["seconds"] * 1000) for p in first_round]
    if rounds > 1:
        steps.append(WorkoutStep("repeat", repeat_from=first, repeat_times=rounds))
    return steps


def _step_message(index: int, step: WorkoutStep, language: str) -> WorkoutStepMessage:
    message = WorkoutStepMessage()
    message.message_index = index
    if step.kind == "repeat":
        message.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        message.duration_value = step.repeat_from
        message.target_value = step.repeat_times
        return message
    message.workout_step_name = NAMES[language][step.kind]
    message.intensity = INTENSITY[step.kind]
    message.duration_type = WorkoutStepDuration.TIME
    # The profile stores milliseconds; fit-tool's `duration_time` takes seconds and
    # scales them (a test reads the raw value back).
    message.duration_time = (step.duration_ms or 0) / 1000
    message.target_type = WorkoutStepTarget.OPEN
    message.target_value = 0
    return message


def workout_fit(
    *, next_run: dict[str, Any], language: str, name: str, created: datetime
) -> bytes | None:
    """The FIT file's bytes, or None when `next_run` has no timed session."""
    steps = workout_steps(next_run)
    if not steps:
        return None
    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 1
    file_id.time_created = round(created.timestamp() * 1000)
    workout = WorkoutMessage()
    workout.workout_name = name[:NAME_LENGTH]
    workout.sport = Sport.WALKING if next_run.get("phase") == "walk" else Sport.RUNNING
    workout.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=NAME_LENGTH)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all([_step_message(i, s, language) for i, s in enumerate(steps)])
    data: bytes = builder.build().to_bytes()
    return data


def session_filename(session: dict[str, Any]) -> str:
    """A coming session's file name, by its date: "runback-2026-12-03.fit"."""
    return f"runback-{session['date']}.fit"


def session_fit(*, session: dict[str, Any], language: str, created: datetime) -> bytes | None:
    """One coming session (`next_run`'s shape with its `date`) as a FIT workout file."""
    return workout_fit(
        next_run=session, language=language, name=f"Runback {session['date']}", created=created
    )


def sessions_zip(*, sessions: list[dict[str, Any]], language: str, created: datetime) -> bytes:
    """The coming sessions' FIT files in one zip, each named by its date."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for session in sessions:
            data = session_fit(session=session, language=language, created=created)
            if data is not None:
                info = zipfile.ZipInfo(session_filename(session), date_time=created.timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data)
    return buffer.getvalue()
