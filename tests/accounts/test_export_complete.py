"""The data download holds every table about a person (GDPR art. 15 and 20).

The tables that point at a user are read from the app registry, so a new one fails here
until it is exported (a section in `runback.accounts.exporting`, or the rehab part of the
download) or listed as derived from what is exported / not about the person pointed at.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from runback.accounts.exporting import export_sections
from runback.accounts.models import User
from runback.activities.models import Activity, ImportBatch, ImportItem
from runback.assessments.models import Booking, Slot
from runback.clinic.models import Alert, Decision
from runback.clinic.services_record import note_add
from runback.exports.models import CalendarFeed
from runback.reminders.models import ReminderPreference, ReminderSent

# table -> the key of the download that holds it
EXPORTED = {
    "accounts.Consent": "consents",
    "accounts.AuditEntry": "audit_log",
    "admin.LogEntry": "admin_log",
    "rehab.RunnerProfile": "intake",
    "rehab.Event": "events",
    "rehab.Snapshot": "current_advice",
    "rehab.SessionResult": "session_results",
    "rehab.WeekResult": "week_results",
    "exports.CalendarFeed": "calendar_feed",
    "reminders.ReminderPreference": "reminders",
    "reminders.ReminderSent": "reminders",
    "clinic.Share": "clinic",
    "clinic.Alert": "clinic",
    "clinic.Note": "clinic",
    "clinic.Decision": "clinic",
    "assessments.Booking": "assessments",
    "activities.ImportBatch": "watch_files",
    "activities.Activity": "watch_files",
}
NOT_EXPORTED = {
    "rehab.ProgressEntry": "copies of the events (corrections applied), which are exported",
    "clinic.Summary": "the overview's copy of the current advice, which is exported",
    "clinic.Invitation": "a clinic's code; the runner's use of it is their share",
    "assessments.Slot": "a clinician's free time; the runner's part is their booking",
}


def test_every_table_about_a_person_is_in_the_download() -> None:
    pointing = {
        model._meta.label
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.ForeignKey) and field.related_model is User
    }
    assert pointing == set(EXPORTED) | set(NOT_EXPORTED)


@pytest.mark.django_db
def test_the_new_sections_hold_the_runners_rows(
    runner_with_plan: User, runner_with_plan_client: Client, clinician: User
) -> None:
    runner = runner_with_plan
    now = timezone.now()
    CalendarFeed.objects.create(runner=runner)
    ReminderPreference.objects.create(runner=runner, nudge=False)
    ReminderSent.objects.create(runner=runner, kind="nudge", day=now.date())
    note_add(author=clinician, runner_id=runner.pk, text="Ondt ved trappegang")
    Decision.objects.create(runner=runner, author=clinician, kind="settings", reason="test")
    Alert.objects.create(runner=runner, kind="stall", source="RUN-STALL", day=now.date())
    slot = Slot.objects.create(clinician=clinician, starts_at=now + timedelta(days=3), minutes=30)
    Booking.objects.create(slot=slot, runner=runner)
    batch = ImportBatch.objects.create(runner=runner, total=1, processed=1)
    activity = Activity.objects.create(
        runner=runner, sport="running", start=now, local_date=now.date(), distance_m=3100
    )
    ImportItem.objects.create(batch=batch, name="run.fit", status="stored", activity=activity)

    data = json.loads(runner_with_plan_client.get(reverse("rehab:export")).content)

    assert set(export_sections(user=runner)) <= set(data)
    feed = data["calendar_feed"]
    assert feed["created_at"] and "secret" not in feed and "key" not in feed
    assert data["reminders"]["choices"]["nudge"] is False
    assert [r["kind"] for r in data["reminders"]["sent"]] == ["nudge"]
    clinic = data["clinic"]
    assert runner.clinic is not None  # the runner fixture is a member of Testklinik
    assert [s["clinic"] for s in clinic["shares"]] == [runner.clinic.name]
    assert clinic["notes_by_clinic_staff"][0]["text"] == "Ondt ved trappegang"
    assert clinic["notes_by_clinic_staff"][0]["by"]["you"] is False
    assert clinic["changes_by_clinic_staff"][0]["reason"] == "test"
    assert [a["source"] for a in clinic["alerts"]] == ["RUN-STALL"]
    assert len(data["assessments"]) == 1
    assert data["watch_files"]["activities"][0]["distance_m"] == 3100
    assert data["watch_files"]["files_sent"][0]["name"] == "run.fit"
