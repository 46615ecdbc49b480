"""Everything that changes a runner's rehab record. Each function is one transaction:
store the event (append-only), fold the whole history with the engine, store the
snapshot, leave an audit entry. If the engine refuses the history, nothing is written.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from runback import engine
from runback.accounts.helplines import engine_settings_for
from runback.accounts.models import User
from runback.rehab.charts import effective_payloads
from runback.rehab.models import Event, RunnerProfile, Snapshot


class RecordError(Exception):
    """The engine refused the input; `field` is the form field it is about."""

    def __init__(self, field: str, message: str, path: str = "") -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
        self.path = path or field
        self.index: int | None = None  # which of the new events, when several


class NoProfile(Exception):
    """The runner has not answered the intake yet."""


def today() -> date:
    return timezone.localdate()


def _fold(
    *, answers: dict[str, Any], payloads: list[dict[str, Any]], as_of: date, runner: User
) -> dict[str, Any]:
    case = {"as_of": as_of.isoformat(), "profile": answers, "events": payloads}
    case["settings"] = engine_settings_for(runner)  # the numbers the engine's texts quote
    try:
        return engine.simulate(case)
    except engine.InvalidInput as error:
        parts = error.field.split(".")
        # "events.7.pain" -> "pain"; "profile.resting_pain" -> "resting_pain"
        field = parts[-1] if parts[-1] else error.field
        raise RecordError(field, error.message, path=error.field) from None


def _payloads(runner: User) -> list[dict[str, Any]]:
    return list(
        Event.objects.filter(runner=runner).order_by("seq").values_list("payload", flat=True)
    )


def _meta(payloads: list[dict[str, Any]]) -> dict[str, Any]:
    live = effective_payloads(payloads)
    status_dates = [p["date"] for p in live if p.get("type") == "status" and p.get("date")]
    return {"last_status": max(status_dates) if status_dates else None}


def _store_snapshot(
    *, runner: User, output: dict[str, Any], as_of: date, payloads: list[dict[str, Any]]
) -> Snapshot:
    snapshot, _ = Snapshot.objects.update_or_create(
        runner=runner,
        defaults={
            "as_of": as_of,
            "output": output,
            "event_count": len(payloads),
            "meta": _meta(payloads),
            "computed_at": timezone.now(),
        },
    )
    return snapshot


@transaction.atomic
def profile_save(
    *, runner: User, answers: dict[str, Any], completed: bool, author: User
) -> Snapshot:
    """Store the intake answers (engine `profile` shape) and recompute the snapshot."""
    as_of = today()
    profile, _ = RunnerProfile.objects.get_or_create(runner=runner)
    profile = RunnerProfile.objects.select_for_update().get(pk=profile.pk)
    merged = {**profile.answers, **answers}
    merged.setdefault("start_date", as_of.isoformat())
    payloads = _payloads(runner)
    output = _fold(answers=merged, payloads=payloads, as_of=as_of, runner=runner)
    profile.answers = merged
    profile.updated_at = timezone.now()
    if completed and profile.intake_completed_at is None:
        profile.intake_completed_at = timezone.now()
    profile.save()
    runner.log_action(
        "rehab.intake.saved",
        actor=author,
        data={"completed": profile.intake_completed_at is not None},
    )
    return _store_snapshot(runner=runner, output=output, as_of=as_of, payloads=payloads)


def event_record(
    *,
    runner: User,
    author: User,
    payload: dict[str, Any],
    token: str | None = None,
) -> tuple[Event, Snapshot]:
    """Append one event (contract shape, without `id`: it is given here) and fold.

    `token` makes a double submit harmless: the same token twice records one event.
    Raises RecordError (nothing written) if the engine refuses the new history, and
    NoProfile before the intake.
    """
    events, snapshot = events_record(runner=runner, author=author, payloads=[payload], token=token)
    return events[0], snapshot


def events_record(
    *,
    runner: User,
    author: User,
    payloads: list[dict[str, Any]],
    token: str | None = None,
) -> tuple[list[Event], Snapshot]:
    """Append several events at once (one form, e.g. a whole strength session): one
    fold, one snapshot, one transaction. The token is kept on the first event."""
    if not payloads:
        raise ValueError("nothing to record")
    if token:
        replay = _replayed(runner=runner, token=token)
        if replay is not None:
            return replay
    try:
        return _events_record(runner=runner, author=author, payloads=payloads, token=token)
    except IntegrityError:
        replay = _replayed(runner=runner, token=token) if token else None
        if replay is None:
            raise
        return replay


def _replayed(*, runner: User, token: str) -> tuple[list[Event], Snapshot] | None:
    first = Event.objects.filter(runner=runner, client_token=token).first()
    if first is None:
        return None
    return [first], Snapshot.objects.get(runner=runner)


@transaction.atomic
def _events_record(
    *, runner: User, author: User, payloads: list[dict[str, Any]], token: str | None
) -> tuple[list[Event], Snapshot]:
    profile = RunnerProfile.objects.select_for_update().filter(runner=runner).first()
    if profile is None:
        raise NoProfile
    as_of = today()
    history = _payloads(runner)
    new: list[dict[str, Any]] = []
    for offset, raw in enumerate(payloads, start=1):
        payload = dict(raw)
        if "replaces" in payload:
            payload["id"] = payload["replaces"]  # a correction keeps the id its follow-ups name
        else:
            payload["id"] = f"e{len(history) + offset}"
        new.append(payload)
    try:
        output = _fold(
            answers=profile.answers, payloads=[*history, *new], as_of=as_of, runner=runner
        )
    except RecordError as error:
        error.index = _new_index(error.path, len(history))
        raise
    events = []
    for offset, payload in enumerate(new, start=1):
        seq = len(history) + offset
        events.append(
            Event.objects.create(
                runner=runner,
                seq=seq,
                type=payload["type"],
                payload=payload,
                author=author,
                client_token=(token or None) if offset == 1 else None,
            )
        )
        runner.log_action(
            f"rehab.event.{payload['type']}",
            actor=author,
            data={"event": payload["id"], "seq": seq},
        )
    snapshot = _store_snapshot(runner=runner, output=output, as_of=as_of, payloads=[*history, *new])
    return events, snapshot


def _new_index(path: str, history_length: int) -> int | None:
    """ "events.12.load_kg" -> the position of event 12 among the new ones, if it is new."""
    parts = path.split(".")
    if len(parts) >= 2 and parts[0] == "events" and parts[1].isdigit():
        index = int(parts[1]) - history_length
        return index if index >= 0 else None
    return None


@transaction.atomic
def snapshot_refresh(*, runner: User, as_of: date | None = None) -> Snapshot | None:
    """Recompute the snapshot for a new day (the plan moves with the calendar)."""
    profile = RunnerProfile.objects.select_for_update().filter(runner=runner).first()
    if profile is None:
        return None
    as_of = as_of or today()
    payloads = _payloads(runner)
    output = _fold(answers=profile.answers, payloads=payloads, as_of=as_of, runner=runner)
    return _store_snapshot(runner=runner, output=output, as_of=as_of, payloads=payloads)
