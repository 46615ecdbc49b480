"""Confirmed email addresses: every account that exists now (and so every demo account)
counts as confirmed, from the day it joined; new sign-ups confirm by the emailed link."""

from django.db import migrations, models
from django.db.models import F


def existing_accounts_are_confirmed(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    User.objects.filter(email_confirmed_at__isnull=True).update(email_confirmed_at=F("date_joined"))


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_audit_entry_clinic"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="email_confirmed_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="email confirmed"),
        ),
        migrations.RunPython(existing_accounts_are_confirmed, migrations.RunPython.noop),
    ]
