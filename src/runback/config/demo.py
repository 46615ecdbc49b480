"""Demo data for `runback demo` / `make run`: idempotent, development only.

A demo clinician, and runners in each phase of the plan, built by recording real events
through the same services the pages use (so their snapshots are the engine's own). A
second clinic with its own clinician, and a runner who shares with both clinics, show
that each clinic's work is its own (each handles its own alert and writes its own notes;
neither sees the other's).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import transaction

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import clinic_create, consent_give, user_create
from runback.assessments.demo import demo_slots_create
from runback.clinic.models import Note
from runback.clinic.services import share_create
from runback.clinic.services_record import note_add
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from runback.rehab.intake.services import profile_save

DEMO_PASSWORD = "runback-demo-2026"  # noqa: S105 - printed to the developer on purpose
DEMO_CLINIC = "Demo Fysioterapi"
DEMO_SECOND_CLINIC = "Demo Løbeklinik"

BASE_ANSWERS: dict[str, Any] = {
    "red_flags": [],
    "condition": "muscular",
    "comfortable_position": True,
    "resting_pain": 2,
    "settle_time_min": 10,
    "walking_tolerated": True,
    "radiating_leg_pain": False,
    "sleep_or_daily_life_affected": False,
    "strength_experience": True,
    "cadence_spm": 160,
}


@dataclass
class DemoLogins:
    password: str = DEMO_PASSWORD
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _user(*, email: str, role: str, clinic: Clinic | None, name: str) -> tuple[User, bool]:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing, False
    user = user_create(email=email, password=DEMO_PASSWORD, role=role, clinic=clinic, name=name)
    return user, True


def _session(user: User, day: date, pain: int, **extra: Any) -> str:
    payload = {
        "type": "run",
        "date": day.isoformat(),
        "pain_before": 1,
        "pain_during": pain,
        "pain_after": pain,
        **extra,
    }
    event, _ = event_record(runner=user, author=user, payload=payload)
    return event.event_id


def _followup(user: User, session: str, day: date, pain: int = 1) -> None:
    event_record(
        runner=user,
        author=user,
        payload={"type": "followup", "session": session, "date": day.isoformat(), "pain": pain},
    )


def runs_every_other_day_record(*, runner: User, start: date, runs: int) -> None:
    """`runs` green runs every other day from the day after `start`, each answered the
    next morning: a history of known length for tests and benchmarks."""
    for n in range(runs):
        day = start + timedelta(days=2 * n + 1)
        session = _session(runner, day, pain=2)
        _followup(runner, session, day + timedelta(days=1))


def _progress(user: User, *, until_phase: str, start: date, sessions: int = 40) -> None:
    """Well-tolerated runs every other day (answered the next morning) from `start`,
    until the plan reaches `until_phase`, `sessions` runs are done, or today comes."""
    day = start + timedelta(days=1)
    for _ in range(sessions):
        if day + timedelta(days=1) >= today():
            return
        session = _session(user, day, pain=2)
        _followup(user, session, day + timedelta(days=1))
        output = User.objects.get(pk=user.pk).rehab_snapshot.output
        if (output.get("next_run") or {}).get("phase") == until_phase:
            return
        day += timedelta(days=2)


def _intake_done(user: User, start: date) -> None:
    """The demo runner has finished the intake with the usual answers, starting `start`."""
    profile_save(
        runner=user,
        answers={**BASE_ANSWERS, "start_date": start.isoformat()},
        completed=True,
        author=user,
    )


def _runner(
    logins: DemoLogins,
    clinic: Clinic,
    email: str,
    label: str,
    name: str,
    region: str = "hovedstaden",
) -> tuple[User, bool]:
    """A demo runner with consent; in a region (the helpline shown) unless `region` is ""."""
    user, created = _user(email=email, role=Role.RUNNER, clinic=clinic, name=name)
    if created:
        consent_give(user=user, language="da")
        if region:
            user.region = region
            user.save(update_fields=["region"])
    if not user.clinic_shares.exists():  # shares with the demo clinic (once: a withdrawal stays)
        share_create(runner=user, clinic=clinic, language="da")
    logins.accounts.append((label, email))
    return user, created


@transaction.atomic
def demo_data_create() -> DemoLogins:
    clinic = Clinic.objects.filter(name=DEMO_CLINIC).first() or clinic_create(name=DEMO_CLINIC)
    logins = DemoLogins()
    clinician, _created = _user(
        email="kliniker@demo.runback.dk", role=Role.CLINICIAN, clinic=clinic, name="Demo Kliniker"
    )
    logins.accounts.append(("clinician", "kliniker@demo.runback.dk"))
    _user(
        email="klinikadmin@demo.runback.dk",
        role=Role.CLINIC_ADMIN,
        clinic=clinic,
        name="Demo Klinikadmin",
    )
    logins.accounts.append(("clinic admin", "klinikadmin@demo.runback.dk"))
    demo_slots_create(clinician=clinician)  # times to book an assessment

    _runner(
        logins, clinic, "ny@demo.runback.dk", "runner, new (intake not done)", "Nina Ny", region=""
    )

    user, created = _runner(
        logins, clinic, "gang@demo.runback.dk", "runner, phase 1: walking", "Gustav Gå"
    )
    if created:
        answers = {**BASE_ANSWERS, "walking_tolerated": False, "start_date": today().isoformat()}
        profile_save(runner=user, answers=answers, completed=True, author=user)

    user, created = _runner(
        logins, clinic, "test@demo.runback.dk", "runner, phase 1: test run", "Tina Test"
    )
    if created:
        _intake_done(user, today())

    user, created = _runner(
        logins, clinic, "intervaller@demo.runback.dk", "runner, phase 2: intervals", "Ida Interval"
    )
    if created:
        start = today() - timedelta(days=12)
        _intake_done(user, start)
        _progress(user, until_phase="never", start=start, sessions=4)

    user, created = _runner(
        logins,
        clinic,
        "kontinuerlig@demo.runback.dk",
        "runner, phase 3: continuous",
        "Karl Kontinuerlig",
    )
    if created:
        start = today() - timedelta(days=80)
        _intake_done(user, start)
        _progress(user, until_phase="continuous", start=start)

    user, created = _runner(
        logins,
        clinic,
        "pause@demo.runback.dk",
        "runner, running paused (two red runs)",
        "Rasmus Rød",
    )
    if created:
        start = today() - timedelta(days=10)
        _intake_done(user, start)
        first = _session(user, start + timedelta(days=1), pain=7, stopped_early=True)
        _followup(user, first, start + timedelta(days=2), pain=4)
        second = _session(user, start + timedelta(days=4), pain=7, rose_during=True)
        _followup(user, second, start + timedelta(days=5), pain=4)

    user, created = _runner(
        logins,
        clinic,
        "roedtflag@demo.runback.dk",
        "runner with an open red flag",
        "Frida Flag",
        region="syddanmark",
    )
    if created:
        start = today() - timedelta(days=6)
        _intake_done(user, start)
        event_record(
            runner=user,
            author=user,
            payload={"type": "red_flag", "date": today().isoformat(), "flags": ["TRIAGE-5"]},
        )

    user, created = _runner(
        logins,
        clinic,
        "raad@demo.runback.dk",
        "runner advised to see a doctor (plan goes on)",
        "Rolf Råd",
        region="midtjylland",
    )
    if created:
        start = today() - timedelta(days=3)
        profile_save(
            runner=user,
            answers={**BASE_ANSWERS, "start_date": start.isoformat(), "red_flags": ["TRIAGE-14"]},
            completed=True,
            author=user,
        )

    _shared_runner(logins, clinic, clinician)
    return logins


def _shared_runner(logins: DemoLogins, clinic: Clinic, clinician: User) -> None:
    """A second clinic with its own clinician and times, and a runner who shares with
    both clinics: advised to see a doctor (an alert for each clinic to handle on its own),
    with a note by the first clinic's clinician that the second clinic never sees."""
    second = Clinic.objects.filter(name=DEMO_SECOND_CLINIC).first() or clinic_create(
        name=DEMO_SECOND_CLINIC
    )
    clinician2, _created = _user(
        email="kliniker2@demo.runback.dk",
        role=Role.CLINICIAN,
        clinic=second,
        name="Demo Kliniker 2",
    )
    logins.accounts.append(("clinician of a second clinic", "kliniker2@demo.runback.dk"))
    demo_slots_create(clinician=clinician2, place="Demo Løbeklinik, løbebåndet")
    user, created = _runner(
        logins,
        clinic,
        "todelt@demo.runback.dk",
        "runner who shares with both clinics",
        "Tove Todelt",
    )
    if not user.clinic_shares.filter(clinic=second).exists():  # once: a withdrawal stays
        share_create(runner=user, clinic=second, language="da")
    if created:
        start = today() - timedelta(days=3)
        profile_save(
            runner=user,
            answers={**BASE_ANSWERS, "start_date": start.isoformat(), "red_flags": ["TRIAGE-14"]},
            completed=True,
            author=user,
        )
    if not Note.objects.filter(runner=user, clinic=clinic).exists():
        note_add(
            author=clinician,
            runner_id=user.pk,
            text="Demo-note fra Demo Fysioterapi: kun vores klinik kan læse den.",
        )
