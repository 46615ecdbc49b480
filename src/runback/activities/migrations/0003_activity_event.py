"""An imported activity points to the session it was logged as. Existing activities are
linked by the rule the pages used until now: a walk or a run logged on the activity's day
(corrections applied, withdrawals left out), the first of that day."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

# The sports a walk or a run is logged from (activities.parsing.summary.FOOT_SPORTS when
# this migration was written).
FOOT_SPORTS = ("running", "walking", "hiking", "unknown")


def link_logged_sessions(apps: Any, schema_editor: Any) -> None:
    from runback.engine.history import effective_payloads

    activity_model = apps.get_model("activities", "Activity")
    event_model = apps.get_model("rehab", "Event")
    foot = activity_model.objects.filter(sport__in=FOOT_SPORTS, event__isnull=True)
    for runner_id in foot.values_list("runner_id", flat=True).distinct().order_by("runner_id"):
        events = list(event_model.objects.filter(runner_id=runner_id).order_by("seq"))
        first_with_id: dict[str, int] = {}
        for event in events:
            first_with_id.setdefault(str(event.payload.get("id")), event.pk)
        by_day: dict[str, int] = {}
        for payload in effective_payloads([e.payload for e in events]):
            if payload.get("type") in {"run", "walk"} and str(payload["id"]) in first_with_id:
                by_day.setdefault(str(payload.get("date")), first_with_id[str(payload["id"])])
        for activity in foot.filter(runner_id=runner_id):
            event_pk = by_day.get(activity.local_date.isoformat())
            if event_pk is not None:
                activity.event_id = event_pk
                activity.save(update_fields=["event"])


class Migration(migrations.Migration):
    dependencies = [
        ("activities", "0002_batch_progress_and_upload_size"),
        ("rehab", "0005_progress_entries"),
    ]

    operations = [
        migrations.AddField(
            model_name="activity",
            name="event",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="rehab.event",
            ),
        ),
        migrations.RunPython(link_logged_sessions, migrations.RunPython.noop),
    ]
