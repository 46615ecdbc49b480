"""Everything that changes the clinic side: invitations, shares, alerts, notes, and the
clinician's decisions on a runner's plan (recorded as events through rehab.checkin.recording).
Every change of a runner's record by clinic staff leaves an audit entry on that runner."""

from __future__ import annotations

import functools
import logging
import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from runback.accounts.models import Clinic, User
from runback.accounts.network import address_key
from runback.accounts.ratelimit import rate_limit_add, rate_limit_count
from runback.accounts.selectors import runner_visible_to
from runback.clinic.models import (
    Alert,
    AlertKind,
    Decision,
    DecisionKind,
    Invitation,
    Note,
    Share,
    Summary,
    quiet_source,
)
from runback.clinic.rules import EMAILED_KINDS, STATE_KINDS, alert_candidates, summary_fields
from runback.clinic.selectors import quiet_since
from runback.clinic.sharing import share_text
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Event, RunnerProfile, Snapshot

logger = logging.getLogger(__name__)

# Letters and digits that cannot be mistaken for each other when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


class ShareError(Exception):
    """The code is unknown, used, revoked or expired (one message for all: no oracle)."""


class NotAllowed(Exception):
    """The person may not do this to this runner."""


# --- invitations and shares -------------------------------------------------------------------


def invitation_create(*, clinic: Clinic, author: User, label: str = "") -> Invitation:
    if not author.is_clinic_staff or author.clinic_id != clinic.pk:
        raise NotAllowed
    expires = timezone.now() + timedelta(days=settings.RUNBACK_CLINIC_INVITATION_DAYS)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        try:
            with transaction.atomic():
                return Invitation.objects.create(
                    clinic=clinic, code=code, label=label, created_by=author, expires_at=expires
                )
        except IntegrityError:  # pragma: no cover - a collision in 32**8
            continue


def _invitation_try_buckets(
    *, runner: User, client_address: str | None
) -> list[tuple[str, str, int]]:
    client = address_key(client_address) or "unknown"
    return [
        ("invitation:runner", str(runner.pk), settings.RUNBACK_INVITATION_TRIES_PER_HOUR),
        ("invitation:client", client, settings.RUNBACK_INVITATION_TRIES_PER_HOUR_PER_ADDRESS),
    ]


def invitation_tries_left(*, runner: User, client_address: str | None) -> bool:
    """May `runner` (from `client_address`) try a code now? Only codes that found no usable
    invitation count (`invitation_try_failed`), per runner and per client, for an hour, in
    the shared cache like the password-reset limits: nobody can guess codes quickly."""
    return all(
        rate_limit_count(bucket=bucket, key=key) < limit
        for bucket, key, limit in _invitation_try_buckets(
            runner=runner, client_address=client_address
        )
    )


def invitation_try_failed(*, runner: User, client_address: str | None) -> None:
    """Count one code that was not a usable invitation."""
    for bucket, key, _limit in _invitation_try_buckets(
        runner=runner, client_address=client_address
    ):
        rate_limit_add(bucket=bucket, key=key)


def invitation_find(*, code: str) -> Invitation | None:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    invitation = Invitation.objects.select_related("clinic").filter(code=cleaned).first()
    return invitation if invitation is not None and invitation.usable() else None


@transaction.atomic
def share_accept(*, runner: User, code: str, language: str) -> Share:
    """The runner agrees (the exact words are stored) to share with the invitation's clinic."""
    if not runner.is_runner:
        raise ShareError
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    invitation = (
        Invitation.objects.select_for_update().select_related("clinic").filter(code=cleaned).first()
    )
    if invitation is None or not invitation.usable():
        raise ShareError
    share = share_create(runner=runner, clinic=invitation.clinic, language=language)
    if share.invitation_id is None:
        share.invitation = invitation
        share.save(update_fields=["invitation"])
        invitation.used_by = runner
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_by", "used_at"])
    return share


@transaction.atomic
def share_create(*, runner: User, clinic: Clinic, language: str) -> Share:
    """The runner's share with `clinic`, with the exact words they agreed to (the caller
    has shown them and had them agree: the invitation page, or the demo)."""
    existing = Share.objects.filter(runner=runner, clinic=clinic, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    share = Share.objects.create(
        runner=runner,
        clinic=clinic,
        text=share_text(clinic_name=clinic.name, language=language),
        language=language,
        includes_activities=True,  # the text names them
    )
    # The clinic's own helpline (if it has one) is now the runner's, as before.
    User.objects.filter(pk=runner.pk).update(clinic=clinic)
    runner.clinic = clinic
    runner.log_action("clinic.share.given", actor=runner, data={"clinic": clinic.name})
    transaction.on_commit(lambda: alerts_refresh(runner_id=runner.pk))
    return share


@transaction.atomic
def share_withdraw(*, runner: User, share_id: int) -> bool:
    """Access ends at once; the record of the share stays (when given, when withdrawn)."""
    share = Share.objects.filter(pk=share_id, runner=runner, withdrawn_at__isnull=True).first()
    if share is None:
        return False
    share.withdrawn_at = timezone.now()
    share.save(update_fields=["withdrawn_at"])
    still = Share.objects.filter(runner=runner, withdrawn_at__isnull=True).first()
    User.objects.filter(pk=runner.pk).update(clinic=still.clinic_id if still else None)
    runner.clinic_id = still.clinic_id if still else None
    runner.log_action("clinic.share.withdrawn", actor=runner, data={"clinic": share.clinic.name})
    return True


@transaction.atomic
def share_extend(*, runner: User, share_id: int, language: str) -> Share | None:
    """The runner agrees to today's words (which name the watch activities) for a share
    given under older words: in one transaction the old share ends and a new one starts
    at the same moment, for the same clinic and invitation, so the clinic's access never
    lapses. None, and nothing written, if `share_id` is not the runner's active share or
    it includes the activities already. Not a withdrawal: no withdrawal is logged and the
    runner's clinic stays the same."""
    if not runner.is_runner:
        return None
    old = (
        Share.objects.select_related("clinic")
        .filter(pk=share_id, runner=runner, withdrawn_at__isnull=True, includes_activities=False)
        .first()
    )
    if old is None:
        return None
    now = timezone.now()
    # A conditional update: of two requests at the same moment, only one ends the share
    # (and so only one makes the new one; the one-active-share constraint holds).
    ended = Share.objects.filter(pk=old.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if not ended:
        return None
    clinic = old.clinic
    share = Share.objects.create(
        runner=runner,
        clinic=clinic,
        invitation_id=old.invitation_id,
        text=share_text(clinic_name=clinic.name, language=language),
        language=language,
        includes_activities=True,  # the text names them
        given_at=now,
    )
    runner.log_action("clinic.share.extended", actor=runner, data={"clinic": clinic.name})
    transaction.on_commit(lambda: alerts_refresh(runner_id=runner.pk))
    return share


def shares_end_all(*, user: User, **_kwargs: Any) -> int:
    """Consent to processing was withdrawn: every share ends at once (receiver of
    `accounts.signals.consent_withdrawn`, inside its transaction)."""
    ended = 0
    for share in Share.objects.filter(runner=user, withdrawn_at__isnull=True):
        ended += int(share_withdraw(runner=user, share_id=share.pk))
    return ended


# --- alerts -------------------------------------------------------------------------------------


def alerts_after_snapshot(*, runner: User, snapshot: Snapshot, **_kwargs: Any) -> None:
    """The hook rehab calls after storing a snapshot: after the commit, so that the
    runner's check-in is not held up and nothing is made from a rolled-back fold."""
    runner_id = runner.pk
    transaction.on_commit(lambda: alerts_refresh(runner_id=runner_id))


def alerts_refresh(*, runner_id: int) -> list[Alert]:
    """Store the alerts the runner's snapshot raises (each once per clinic the runner
    shares with: each clinic handles its own), resolve the ones the engine no longer
    reports, update the dashboard's summary, and email new red flags to each clinic's
    clinicians. Nothing for a runner who shares with no clinic."""
    # Two plain statements: a subquery that reads the output only for a sharing runner
    # costs more to build (Django) than the one it saves; most runners share with none.
    clinic_ids = sharing_clinic_ids(runner_id=runner_id)
    if not clinic_ids:
        return []
    snapshot = next(iter(Snapshot.objects.filter(runner_id=runner_id).only("output")), None)
    if snapshot is None:
        return []
    output = snapshot.output
    summary_store(runner_id=runner_id, output=output)
    return _alerts_store(runner_id=runner_id, clinic_ids=clinic_ids, output=output)


def sharing_clinic_ids(*, runner_id: int) -> list[int]:
    """The clinics the runner shares with now, in order. Asked after every check-in, so as
    SQL built once (an ORM query costs ~0.2 ms of CPU to build, ten times what the
    database takes to answer); the names come from the model."""
    with connection.cursor() as cursor:
        cursor.execute(_shares_sql(connection.vendor), [runner_id])
        return [int(row[0]) for row in cursor.fetchall()]


@functools.cache
def _shares_sql(vendor: str) -> str:
    q = connection.ops.quote_name
    runner = q(str(Share._meta.get_field("runner").column))
    withdrawn = q(str(Share._meta.get_field("withdrawn_at").column))
    clinic = q(str(Share._meta.get_field("clinic").column))
    table = q(Share._meta.db_table)
    return (
        f"SELECT DISTINCT {clinic} FROM {table} "  # noqa: S608 (names from the model)
        f"WHERE {runner} = %s AND {withdrawn} IS NULL ORDER BY {clinic}"
    )


def summary_store(*, runner_id: int, output: dict[str, Any]) -> None:
    last = (
        Event.objects.filter(runner_id=runner_id, author_id=runner_id)
        .order_by("-seq")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:  # nothing logged yet: the intake counts as the first check-in
        last = (
            RunnerProfile.objects.filter(runner_id=runner_id)
            .values_list("intake_completed_at", flat=True)
            .first()
        )
    fields = {**summary_fields(output), "last_checkin_at": last, "updated_at": timezone.now()}
    if Summary.objects.filter(runner_id=runner_id).update(**fields):
        return  # one UPDATE on every check-in but the first
    try:
        with transaction.atomic():
            Summary.objects.create(runner_id=runner_id, **fields)
    except IntegrityError:  # made at the same moment by another request
        Summary.objects.filter(runner_id=runner_id).update(**fields)


def _alerts_store(*, runner_id: int, clinic_ids: list[int], output: dict[str, Any]) -> list[Alert]:
    candidates = alert_candidates(output)
    # A quiet alert is a clinician's, not the engine's: never resolved or emailed here.
    existing = {
        (a.clinic_id, a.kind, a.source): a
        for a in Alert.objects.filter(runner_id=runner_id, clinic_id__in=clinic_ids).exclude(
            kind=AlertKind.QUIET
        )
    }
    reported = {(clinic_id, c.kind, c.source) for clinic_id in clinic_ids for c in candidates}
    created: list[Alert] = []
    for candidate in candidates:
        for clinic_id in clinic_ids:
            alert = existing.get((clinic_id, candidate.kind, candidate.source))
            if alert is not None:
                if alert.resolved_at is not None:  # reported again after it had gone away
                    alert.resolved_at = None
                    alert.save(update_fields=["resolved_at"])
                continue
            try:
                with transaction.atomic():
                    alert = Alert.objects.create(
                        runner_id=runner_id,
                        clinic_id=clinic_id,
                        kind=candidate.kind,
                        source=candidate.source,
                        rule=candidate.rule,
                        day=candidate.day,
                    )
            except IntegrityError:  # made at the same moment by another request
                continue
            created.append(alert)
    gone = [
        a.pk
        for key, a in existing.items()
        if key not in reported and a.kind in STATE_KINDS and a.resolved_at is None
    ]
    if gone:
        Alert.objects.filter(pk__in=gone).update(resolved_at=timezone.now())
    for alert in created:
        if alert.kind in EMAILED_KINDS:
            _email_enqueue(alert.pk)
    return created


def _email_enqueue(alert_id: int) -> None:
    from runback.clinic.tasks import alert_email_send

    try:
        alert_email_send.enqueue(alert_id)
    except Exception:  # the alert is on the dashboard whatever happens to the email
        logger.warning("Could not enqueue the alert email for alert %s.", alert_id, exc_info=True)


def alert_acknowledge(*, alert_id: int, author: User, note: str) -> Alert | None:
    """A clinician has looked at it (with a note); None if they may not see the runner or
    the alert is another clinic's (each clinic handles its own)."""
    if not author.is_clinic_staff or author.clinic_id is None:
        return None
    alert = Alert.objects.filter(
        pk=alert_id, clinic_id=author.clinic_id, runner__in=runner_visible_to(user=author)
    ).first()
    if alert is None:
        return None
    if alert.acknowledged_at is None:
        alert.acknowledged_at = timezone.now()
        alert.acknowledged_by = author
        alert.note = note.strip()
        alert.save(update_fields=["acknowledged_at", "acknowledged_by", "note"])
        alert.runner.log_action(
            "clinic.alert.acknowledged", actor=author, data={"alert": alert.kind}
        )
    return alert


@transaction.atomic
def quiet_acknowledge(*, author: User, runner_id: int, note: str) -> Alert | None:
    """A clinician has dealt with a runner's quiet spell (no check-in for the set number
    of days), with a note: stored as a "quiet" alert about the runner's last check-in,
    acknowledged at once, so that the overview leaves that quiet spell out (a new
    check-in ends it; a later one shows again). None if the runner is not quiet (any
    more); raises NotAllowed if the author may not see the runner."""
    runner = _visible_runner(author=author, runner_id=runner_id)
    assert author.clinic_id is not None  # _visible_runner: staff of a clinic
    last = Summary.objects.filter(runner=runner).values_list("last_checkin_at", flat=True).first()
    if last is not None and last >= quiet_since():
        return None
    source = quiet_source(last)
    now = timezone.now()
    try:
        with transaction.atomic():
            alert = Alert.objects.create(
                runner=runner,
                clinic_id=author.clinic_id,
                kind=AlertKind.QUIET,
                source=source,
                day=timezone.localdate(now),
                checkin_at=last,
                acknowledged_at=now,
                acknowledged_by=author,
                note=note.strip(),
            )
    except IntegrityError:  # already marked (another tab, another clinician)
        return Alert.objects.get(
            runner=runner, clinic_id=author.clinic_id, kind=AlertKind.QUIET, source=source
        )
    runner.log_action("clinic.alert.acknowledged", actor=author, data={"alert": alert.kind})
    return alert


# --- the runner's record ------------------------------------------------------------------------


def _visible_runner(*, author: User, runner_id: int) -> User:
    if not author.is_clinic_staff:
        raise NotAllowed
    runner = runner_visible_to(user=author).filter(pk=runner_id).first()
    if runner is None:
        raise NotAllowed
    return runner


def note_add(*, author: User, runner_id: int, text: str) -> Note:
    runner = _visible_runner(author=author, runner_id=runner_id)
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
    runner = _visible_runner(author=author, runner_id=runner_id)
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
