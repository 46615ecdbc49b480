"""A clinician's changes to a runner's record: notes, and the decisions on the plan
(recorded as events through rehab.checkin.recording). Every change leaves an audit entry
on that runner."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.clinic.errors import NotAllowed
from runback.clinic.models import Decision, DecisionKind, Note
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record


def visible_runner(*, author: User, runner_id: int) -> User:
    if not author.is_clinic_staff:
        raise NotAllowed
    runner = runner_visible_to(user=author).filter(pk=runner_id).first()
    if runner is None:
        raise NotAllowed
    return runner


def note_add(*, author: User, runner_id: int, text: str) -> Note:
    runner = visible_runner(author=author, runner_id=runner_id)
    assert author.clinic is not None
    note = Note.objects.create(runner=runner, clinic=author.clinic, author=author, text=text)
    runner.log_action("clinic.note.added", actor=author)
    return note


def record_view_log(*, author: User, runner: User, what: str) -> None:
    """Clinic staff opened part of the runner's record (the runner reads this)."""
    runner.log_action(f"clinic.record.{what}", actor=author)


@transaction.atomic
def plan_settings_change(
    *, author: User, runner_id: int, changes: dict[str, Any], reason: str
) -> Decision:
    """A `settings` event (the engine checks the bounds) and why. Raises RecordError."""
    payload = {"type": "settings", "date": today().isoformat(), "changes": changes}
    return _decision_record(
        author=author,
        runner_id=runner_id,
        kind=DecisionKind.SETTINGS,
        payload=payload,
        changes=changes,
        reason=reason,
    )


def _decision_record(
    *,
    author: User,
    runner_id: int,
    kind: DecisionKind,
    payload: dict[str, Any],
    changes: dict[str, Any],
    reason: str,
) -> Decision:
    """The event a clinician's decision makes (through the runner's one write path), and
    the decision itself: who, what and why, for the runner to read."""
    runner = visible_runner(author=author, runner_id=runner_id)
    event, _snapshot = event_record(runner=runner, author=author, payload=payload)
    return Decision.objects.create(
        runner=runner,
        clinic=author.clinic,
        author=author,
        kind=kind,
        event_id=event.event_id,
        changes=changes,
        reason=reason.strip(),
    )


@transaction.atomic
def flag_clear(
    *, author: User, runner_id: int, reason: str, flags: list[str] | None = None
) -> Decision:
    """A clinician's clearance after an assessment (`cleared` with `by: clinician`):
    distinct from the runner's own report of a doctor's. It lifts the flags named in
    `flags` (the engine keeps the others open), or every open flag when None."""
    payload: dict[str, Any] = {"type": "cleared", "date": today().isoformat(), "by": "clinician"}
    if flags is not None:
        payload["flags"] = list(flags)
    return _decision_record(
        author=author,
        runner_id=runner_id,
        kind=DecisionKind.CLEARED,
        payload=payload,
        changes={"flags": list(flags)} if flags is not None else {},
        reason=reason,
    )
