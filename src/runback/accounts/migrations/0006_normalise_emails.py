"""Store every address in its normalised form (IDNA, case-folded, Unicode NFKC), so one
mailbox is one account. Addresses that two or more accounts would share afterwards are
left as they are and reported (never merged): `runback manage check --database default`
lists them (runback.accounts.W001)."""

from django.db import migrations

from runback.accounts.identity import email_duplicates
from runback.accounts.models import normalize_email


def normalise(apps, schema_editor):  # type: ignore[no-untyped-def]
    User = apps.get_model("accounts", "User")
    rows = list(User.objects.values_list("pk", "email"))
    shared = {pk for ids in email_duplicates(rows).values() for pk in ids}
    for pk, email in rows:
        if pk not in shared and normalize_email(email) != email:
            User.objects.filter(pk=pk).update(email=normalize_email(email))
    if shared:
        print(
            f"\n  accounts: {len(shared)} accounts share an email address with another once "
            "it is normalised; left unchanged, not merged. See `runback manage check "
            "--database default` (runback.accounts.W001)."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_user_email_confirmed_at"),
    ]

    operations = [
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
