"""The clinic's alerts: made from a runner's snapshot for each clinic the runner shares
with (and the dashboard's summary with them), emailed when they are red flags, and
acknowledged by a clinician; a quiet spell is acknowledged the same way."""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from runback import engine
from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.clinic.models import Alert, AlertKind, Share, Summary, quiet_source
from runback.clinic.rules import EMAILED_KINDS, STATE_KINDS, alert_candidates, summary_fields
from runback.clinic.selectors import quiet_since
from runback.clinic.services_record import visible_runner
from runback.rehab.models import Event, RunnerProfile, Snapshot

logger = logging.getLogger(__name__)


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


def summary_store(*, runner_id: int, output: engine.Output) -> None:
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


def _alerts_store(*, runner_id: int, clinic_ids: list[int], output: engine.Output) -> list[Alert]:
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
    runner = visible_runner(author=author, runner_id=runner_id)
    assert author.clinic_id is not None  # visible_runner: staff of a clinic
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
