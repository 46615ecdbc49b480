"""Everything that reads the clinic side. Who may see a runner is decided by
`runner_visible_to` alone; these only narrow it down and never widen it.

Each clinic's work is its own: a runner who shares with two clinics is followed by both,
and every alert, acknowledgement, note, decision's reason and audit row read here is the
viewer's clinic's (`clinic_id`), never another's, and never says who else follows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Least
from django.utils import timezone

from runback import engine
from runback.accounts.models import AuditEntry, User
from runback.accounts.selectors import runner_visible_to
from runback.clinic.forms import PLAN_FIELDS
from runback.clinic.models import (
    URGENCY,
    URGENCY_NONE,
    URGENCY_QUIET,
    Alert,
    AlertKind,
    Decision,
    DecisionKind,
    Invitation,
    Note,
    Share,
)
from runback.clinic.tasks import ALERT_EMAIL
from runback.engine.settings import DEFAULT_SETTINGS
from runback.outbox.services import undelivered
from runback.rehab.models import Snapshot

FILTERS = ("all", "alerts", "flags", "quiet")


def open_alerts() -> QuerySet[Alert]:
    return Alert.objects.filter(acknowledged_at__isnull=True, resolved_at__isnull=True)


def _clinic_id(viewer: User | AnonymousUser) -> int:
    """The viewer's clinic (0, which no row has, for anybody without one)."""
    if isinstance(viewer, User) and viewer.is_clinic_staff and viewer.clinic_id is not None:
        return viewer.clinic_id
    return 0


def alerts_of_clinic(*, viewer: User | AnonymousUser) -> QuerySet[Alert]:
    """The alerts of the viewer's clinic (open or not) about runners it may see."""
    return Alert.objects.filter(
        clinic_id=_clinic_id(viewer), runner__in=runner_visible_to(user=viewer)
    )


def _alert_urgency() -> Case:
    return Case(
        *[When(kind=kind, then=Value(level)) for kind, level in URGENCY.items()],
        default=Value(URGENCY_NONE),
        output_field=IntegerField(),
    )


def quiet_since() -> Any:
    return timezone.now() - timedelta(days=settings.RUNBACK_CLINIC_QUIET_DAYS)


def _quiet_handled(clinic_id: int, **about: Any) -> Exists:
    """A clinician of the clinic has marked the runner's quiet spell after this check-in
    as handled."""
    return Exists(
        Alert.objects.filter(
            runner=OuterRef("pk"),
            clinic_id=clinic_id,
            kind=AlertKind.QUIET,
            acknowledged_at__isnull=False,
            **about,
        )
    )


def dashboard_runners(*, viewer: User | AnonymousUser, search: str = "", show: str = "all") -> Any:
    """The runners `viewer` may see, most urgent first: an open emergency flag, then a
    prompt flag, a stall, an escalation, a red session, an advise flag, no check-in for
    the set number of days (unless a clinician has marked that quiet spell as handled),
    then the rest (most recent check-in first). One query for a page of them (the
    summary comes along); the open alerts are a second query. Only the viewer's clinic's
    alerts and handled quiet spells count."""
    clinic_id = _clinic_id(viewer)
    best_alert = (
        open_alerts()
        .filter(runner=OuterRef("pk"), clinic_id=clinic_id)
        .annotate(level=_alert_urgency())
        .order_by("level")
        .values("level")[:1]
    )
    cutoff = quiet_since()
    triage = Case(
        When(clinic_summary__triage_level="emergency", then=Value(URGENCY["emergency"])),
        When(clinic_summary__triage_level="prompt", then=Value(URGENCY["prompt"])),
        default=Value(URGENCY_NONE),
        output_field=IntegerField(),
    )
    quiet = Case(
        When(
            Q(clinic_summary__last_checkin_at__lt=cutoff)
            & ~_quiet_handled(clinic_id, checkin_at=OuterRef("clinic_summary__last_checkin_at")),
            then=Value(URGENCY_QUIET),
        ),
        When(
            Q(clinic_summary__last_checkin_at__isnull=True)
            & ~_quiet_handled(clinic_id, checkin_at__isnull=True),
            then=Value(URGENCY_QUIET),
        ),
        default=Value(URGENCY_NONE),
        output_field=IntegerField(),
    )
    runners = (
        runner_visible_to(user=viewer)
        .select_related("clinic_summary")
        .annotate(
            urgency=Least(
                Coalesce(Subquery(best_alert, output_field=IntegerField()), URGENCY_NONE),
                triage,
                quiet,
            )
        )
    )
    term = search.strip()
    if term:
        runners = runners.filter(Q(name__icontains=term) | Q(email__icontains=term))
    if show == "alerts":
        runners = runners.filter(urgency__lt=URGENCY_QUIET)
    elif show == "flags":
        runners = runners.filter(urgency__lte=URGENCY["prompt"])
    elif show == "quiet":
        runners = runners.filter(urgency=URGENCY_QUIET)
    return runners.order_by(
        "urgency", "-clinic_summary__last_checkin_at", "name", "email", "pk"
    ).distinct()


def _alert_email_undelivered() -> Exists:
    """An email about the alert failed (and is retried) or failed for good: the clinic
    must know that its clinicians may not have been told."""
    return Exists(undelivered().filter(purpose=ALERT_EMAIL, about_id=OuterRef("pk")))


def alerts_by_runner(
    *, viewer: User | AnonymousUser, runner_ids: list[int]
) -> dict[int, list[Alert]]:
    """The viewer's clinic's open alerts of these runners (one query), most urgent first."""
    by_runner: dict[int, list[Alert]] = {pk: [] for pk in runner_ids}
    for alert in (
        open_alerts()
        .filter(runner_id__in=runner_ids, clinic_id=_clinic_id(viewer))
        .annotate(level=_alert_urgency(), email_undelivered=_alert_email_undelivered())
        .order_by("level", "-day", "-pk")
    ):
        by_runner[alert.runner_id].append(alert)
    return by_runner


def alert_counts(*, viewer: User | AnonymousUser) -> dict[str, int]:
    """How many open alerts of each kind the viewer's clinic has (one query)."""
    rows = (
        open_alerts()
        .filter(clinic_id=_clinic_id(viewer), runner__in=runner_visible_to(user=viewer))
        .values("kind")
        .annotate(n=Count("pk"))
    )
    return {row["kind"]: row["n"] for row in rows}


@dataclass(frozen=True)
class RecordExtras:
    alerts: list[Alert]
    notes: list[Note]
    decisions: list[Decision]


def record_extras(*, viewer: User, runner: User) -> RecordExtras:
    """The clinic's part of a runner's record (three queries). The caller has checked that
    `viewer` may see `runner` (runner_visible_to); alerts, notes and decisions are the
    viewer's clinic's own (another clinic's handling, notes and reasons stay theirs)."""
    clinic_id = _clinic_id(viewer)
    alerts = list(
        Alert.objects.filter(runner=runner, clinic_id=clinic_id)
        .select_related("acknowledged_by")
        .order_by("-created_at", "-pk")[:100]
    )
    notes = list(
        Note.objects.filter(runner=runner, clinic_id=clinic_id).select_related("author")[:100]
    )
    decisions = list(
        Decision.objects.filter(runner=runner, clinic_id=clinic_id).select_related("author")[:100]
    )
    return RecordExtras(alerts, notes, decisions)


def decisions_for_runner(*, runner: User, limit: int = 20) -> list[Decision]:
    """What clinicians changed in the runner's plan, newest first (the runner reads it)."""
    return list(Decision.objects.filter(runner=runner).select_related("author")[:limit])


def shares_of(*, runner: User) -> list[Share]:
    """Every share the runner has given (active first, then withdrawn), with the clinic."""
    return list(
        Share.objects.filter(runner=runner)
        .select_related("clinic")
        .order_by("withdrawn_at", "-given_at")
    )


def share_of(*, runner: User, share_id: int) -> Share | None:
    """One of the runner's own shares (active or ended), with its clinic; None if the id
    is not theirs."""
    return Share.objects.select_related("clinic").filter(pk=share_id, runner=runner).first()


def shares_activities_with(*, runner: User, clinic_id: int) -> bool:
    """Whether the runner's active share with the clinic names the watch activities."""
    return Share.objects.filter(
        runner=runner, clinic_id=clinic_id, withdrawn_at__isnull=True, includes_activities=True
    ).exists()


def extended_share_ids(shares: list[Share]) -> set[int]:
    """The ended shares among `shares` that were not stopped but replaced by a share under
    the words that name the watch activities (`services.share_extend`: the new one starts
    the moment the old one ends). No query: from the shares already read."""
    starts = {(s.clinic_id, s.given_at) for s in shares if s.includes_activities}
    return {
        s.pk
        for s in shares
        if s.withdrawn_at is not None and (s.clinic_id, s.withdrawn_at) in starts
    }


def clinics_told(*, runner: User) -> list[str]:
    """The names of the clinics the runner shares with now (texts may say they are told)."""
    return list(
        Share.objects.filter(runner=runner, withdrawn_at__isnull=True)
        .order_by("clinic__name")
        .values_list("clinic__name", flat=True)
    )


def staff_with_access(*, runner: User) -> list[User]:
    """The clinic staff who can see the runner now (the runner is shown who has access)."""
    clinics = Share.objects.filter(runner=runner, withdrawn_at__isnull=True).values("clinic_id")
    return list(
        User.objects.filter(clinic_id__in=clinics, is_active=True)
        .exclude(role="runner")
        .order_by("clinic__name", "name", "email")
    )


def invitations_of(*, viewer: User) -> QuerySet[Invitation]:
    if not viewer.is_clinic_staff or viewer.clinic_id is None:
        return Invitation.objects.none()
    return Invitation.objects.filter(clinic_id=viewer.clinic_id).select_related("used_by")[:30]


def audit_for_clinic(*, viewer: User) -> QuerySet[AuditEntry]:
    """Every staff action taken in the viewer's clinic (a clinic admin's export): chosen
    by the clinic stored with the entry when it was logged, not by the clinic the actor
    works in today; record views, summaries, plan PDFs, clearances, bookings alike."""
    if viewer.role != "clinic_admin" or viewer.clinic_id is None:
        return AuditEntry.objects.none()
    return (
        AuditEntry.objects.filter(clinic_id=viewer.clinic_id, subject__role="runner")
        .exclude(actor__role="runner")
        .select_related("actor", "subject")
        .order_by("created_at", "pk")
    )


# The settings a clinician chooses for a runner (the plan settings page), in its order.
RUNNER_SETTINGS = (*(name for name, _label in PLAN_FIELDS), "start_step", "exercise_swaps")


@dataclass(frozen=True)
class SettingInForce:
    """A setting that differs from the default, who set it and when (None when no
    clinician's decision set this value)."""

    name: str
    value: Any
    default: Any
    decision: Decision | None
    set_on: date | None


@dataclass(frozen=True)
class SettingsInForce:
    """The runner's settings as the engine holds them now: only those that differ from
    the defaults (none: the defaults apply). `readable` is False while the stored state
    is of another engine version (then nothing is claimed)."""

    readable: bool
    changed: list[SettingInForce]


def _value(name: str, value: Any) -> Any:
    return dict(value or ()) if name == "exercise_swaps" else value


def activities_shared(*, viewer: User | AnonymousUser, runner: User) -> bool:
    """Whether the runner shares their watch activities with the viewer's clinic: the
    words they agreed to when they shared name them (`Share.includes_activities`)."""
    if not isinstance(viewer, User) or viewer.clinic_id is None:
        return False
    return Share.objects.filter(
        runner__in=runner_visible_to(user=viewer).filter(pk=runner.pk),
        clinic_id=viewer.clinic_id,
        withdrawn_at__isnull=True,
        includes_activities=True,
    ).exists()


def settings_in_force(
    *, viewer: User | AnonymousUser, runner: User, snapshot: Snapshot | None
) -> SettingsInForce:
    """What the engine applies to the runner today (the stored state's settings, as the
    `settings` events left them), each changed one with the latest decision of the
    viewer's clinic that set it (one query, only when something is changed; a value
    another clinic set shows without who or why)."""
    if snapshot is None or snapshot.state is None:
        return SettingsInForce(readable=True, changed=[])  # no plan yet: nothing set
    try:
        current = engine.state_from_json(snapshot.state).settings
    except engine.StateVersionError:
        return SettingsInForce(readable=False, changed=[])
    names = [
        name
        for name in RUNNER_SETTINGS
        if _value(name, getattr(current, name)) != _value(name, getattr(DEFAULT_SETTINGS, name))
    ]
    if not names:
        return SettingsInForce(readable=True, changed=[])
    decisions = list(
        Decision.objects.filter(
            runner__in=runner_visible_to(user=viewer).filter(pk=runner.pk),
            clinic_id=_clinic_id(viewer),
            kind=DecisionKind.SETTINGS,
        ).select_related("author", "clinic")
    )  # newest first
    changed = []
    for name in names:
        value = getattr(current, name)
        decision = next(
            (
                d
                for d in decisions
                if name in d.changes and _value(name, d.changes[name]) == _value(name, value)
            ),
            None,
        )
        changed.append(
            SettingInForce(
                name=name,
                value=value,
                default=getattr(DEFAULT_SETTINGS, name),
                decision=decision,
                set_on=timezone.localdate(decision.created_at) if decision else None,
            )
        )
    return SettingsInForce(readable=True, changed=changed)
