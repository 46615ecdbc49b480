"""One mailbox, one account: finding accounts whose addresses are the same mailbox once
normalised (`models.normalize_email`: IDNA, case, Unicode), which older versions stored
as two. They are reported, never merged automatically: which account holds the person's
history, and whether both are the same person, is for an operator to decide."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.checks import CheckMessage, Warning
from django.db import DatabaseError

from runback.accounts.models import normalize_email


def email_duplicates(rows: Iterable[tuple[int, str]]) -> dict[str, list[int]]:
    """{normalised address: [ids]} of the addresses that more than one account holds, from
    (id, stored email) rows."""
    groups: dict[str, list[int]] = defaultdict(list)
    for pk, email in rows:
        groups[normalize_email(email)].append(pk)
    return {email: sorted(ids) for email, ids in groups.items() if len(ids) > 1}


def email_duplicates_check(**kwargs: object) -> list[CheckMessage]:
    """`runback manage check --database default`: one warning per mailbox held by more
    than one account, naming the accounts by id (no address in the output)."""
    from runback.accounts.models import User

    try:
        duplicates = email_duplicates(User.objects.values_list("pk", "email").iterator())
    except DatabaseError:  # not migrated yet
        return []
    return [
        Warning(
            f"Accounts {', '.join(map(str, ids))} have the same email address once it is "
            "normalised (IDNA, case, Unicode); only one of them can log in with it.",
            hint="They were not merged. Keep one: delete the other in the admin, or give it "
            "its owner's other address.",
            id="runback.accounts.W001",
        )
        for ids in duplicates.values()
    ]
