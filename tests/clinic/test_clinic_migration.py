"""The data migrations fill the clinic of rows stored before each clinic's work was its
own: an open alert goes to every clinic the runner shares with, a handled one to the
handler's; an audit entry to the clinic the staff member acted in then (not the one they
work in now); a booked time to the clinic its runner shared with then, and a booking to
its time's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [
    ("accounts", "0003_flags_region"),
    ("clinic", "0003_share_includes_activities"),
    ("assessments", "0001_initial"),
]
AFTER = [
    ("accounts", "0004_audit_entry_clinic"),
    ("clinic", "0005_fill_clinic_of_alerts_and_audit"),
    ("assessments", "0003_fill_clinic_of_slots_and_bookings"),
]


def _migrate(targets: list[tuple[str, str]]) -> Any:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def latest_schema_after() -> Iterator[None]:
    """Leave the database at the latest migrations (later tests on this worker use it)."""
    yield
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_schema_after")
def test_the_data_migrations_fill_the_clinic() -> None:
    old = _migrate(BEFORE)
    clinic_model, user_model = (
        old.get_model("accounts", "Clinic"),
        old.get_model("accounts", "User"),
    )
    share, alert = old.get_model("clinic", "Share"), old.get_model("clinic", "Alert")
    entry = old.get_model("accounts", "AuditEntry")
    slot, booking = old.get_model("assessments", "Slot"), old.get_model("assessments", "Booking")
    a = clinic_model.objects.create(name="A")
    b = clinic_model.objects.create(name="B")
    now = timezone.now()
    moved = user_model.objects.create(email="moved@example.com", role="clinician", clinic=a)
    b_staff = user_model.objects.create(email="b@example.com", role="clinician", clinic=b)
    both = user_model.objects.create(email="both@example.com", role="runner")
    only_a = user_model.objects.create(email="a@example.com", role="runner")
    long_ago = now - timedelta(days=30)
    for runner, clinic in ((both, a), (both, b), (only_a, a)):
        share.objects.create(
            runner=runner, clinic=clinic, text="t", language="da", given_at=long_ago
        )
    day = now.date()
    alert.objects.create(runner=both, kind="prompt", source="TRIAGE-5@x", day=day)
    alert.objects.create(
        runner=both, kind="stall", source="RUN-STALL@x", day=day,
        acknowledged_at=now, acknowledged_by=b_staff, note="B's",
    )  # fmt: skip
    viewed = entry.objects.create(
        subject=only_a, actor=moved, action="clinic.record.viewed", created_at=now
    )
    own = entry.objects.create(subject=only_a, actor=only_a, action="rehab.event.run")
    time = slot.objects.create(clinician=moved, starts_at=now + timedelta(days=2), minutes=30)
    booked = booking.objects.create(slot=time, runner=only_a)
    # The clinician has moved to clinic B since.
    user_model.objects.filter(pk=moved.pk).update(clinic=b)

    new = _migrate(AFTER)
    alerts = new.get_model("clinic", "Alert").objects.filter(runner_id=both.pk)
    prompt = sorted(alerts.filter(kind="prompt").values_list("clinic_id", flat=True))
    assert prompt == sorted([a.pk, b.pk])
    assert list(alerts.filter(kind="stall").values_list("clinic_id", flat=True)) == [b.pk]
    entries = new.get_model("accounts", "AuditEntry").objects
    assert entries.get(pk=viewed.pk).clinic_id == a.pk  # where it was done, not where now
    assert entries.get(pk=own.pk).clinic_id is None
    # the booked time was clinic A's: its runner shared with A alone when they booked
    assert new.get_model("assessments", "Booking").objects.get(pk=booked.pk).clinic_id == a.pk
    assert new.get_model("assessments", "Slot").objects.get(pk=time.pk).clinic_id == a.pk
