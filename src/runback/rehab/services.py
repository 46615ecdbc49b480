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
from runback.accounts.models import User
from runback.rehab.models import Event, RunnerProfile, Snapshot


class RecordError(Exception):
    """The engine refused the input; `field` is the form field it is about."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


class NoProfile(Exception):
    """The runner has not answered the intake yet."""


def today() -> date:
    return timezone.localdate()


def _fold(
    *, answers: dict[str, Any], payloads: list[dict[str, Any]], as_of: date
) -> dict[str, Any]:
    case = {"as_of": as_of.isoformat(), "profile": answers, "events": payloads}
    try:
        return engine.simulate(case)
    except engine.InvalidInput as error:
        parts = error.field.split(".")
        # "events.7.pain" -> "pain"; "profile.resting_pain" -> "resting_pain"
        raise RecordError(parts[-1] if parts[-1] else error.field, error.message) from None


def _payloads(runner: User) -> list[dict[str, Any]]:
    return list(
        Event.objects.filter(runner=runner).order_by("seq").values_list("payload", flat=True)
    )


def _store_snapshot(*, runner: User, output: dict[str, Any], as_of: date, count: int) -> Snapshot:
    snapshot, _ = Snapshot.objects.update_or_create(
        runner=runner,
        defaults={
            "as_of": as_of,
            "output": output,
            "event_count": count,
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
    output = _fold(answers=merged, payloads=payloads, as_of=as_of)
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
    return _store_snapshot(runner=runner, output=output, as_of=as_of, count=len(payloads))


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
    if token:
        existing = Event.objects.filter(runner=runner, client_token=token).first()
        if existing is not None:
            return existing, Snapshot.objects.get(runner=runner)
    try:
        return _event_record(runner=runner, author=author, payload=payload, token=token)
    except IntegrityError:
        existing = (
            Event.objects.filter(runner=runner, client_token=token).first() if token else None
        )
        if existing is None:
            raise
        return existing, Snapshot.objects.get(runner=runner)


@transaction.atomic
def _event_record(
    *, runner: User, author: User, payload: dict[str, Any], token: str | None
) -> tuple[Event, Snapshot]:
    profile = RunnerProfile.objects.select_for_update().filter(runner=runner).first()
    if profile is None:
        raise NoProfile
    as_of = today()
    payloads = _payloads(runner)
    seq = len(payloads) + 1
    payload = dict(payload)
    if "replaces" in payload:
        payload["id"] = payload["replaces"]  # a correction keeps the id its follow-ups name
    else:
        payload["id"] = f"e{seq}"
    output = _fold(answers=profile.answers, payloads=[*payloads, payload], as_of=as_of)
    event = Event.objects.create(
        runner=runner,
        seq=seq,
        type=payload["type"],
        payload=payload,
        author=author,
        client_token=token or None,
    )
    snapshot = _store_snapshot(runner=runner, output=output, as_of=as_of, count=seq)
    runner.log_action(
        f"rehab.event.{payload['type']}",
        actor=author,
        data={"event": payload["id"], "seq": seq},
    )
    return event, snapshot


@transaction.atomic
def snapshot_refresh(*, runner: User, as_of: date | None = None) -> Snapshot | None:
    """Recompute the snapshot for a new day (the plan moves with the calendar)."""
    profile = RunnerProfile.objects.select_for_update().filter(runner=runner).first()
    if profile is None:
        return None
    as_of = as_of or today()
    payloads = _payloads(runner)
    output = _fold(answers=profile.answers, payloads=payloads, as_of=as_of)
    return _store_snapshot(runner=runner, output=output, as_of=as_of, count=len(payloads))
