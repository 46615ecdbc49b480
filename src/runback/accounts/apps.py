from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def cache_table_create(*, using: str = "default", **_kwargs: Any) -> None:
    """Make the database cache's table (settings.CACHES) if it is missing: after every
    `migrate`, so wherever the app's tables are made, the cache's table is too. Idempotent."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "runback.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from runback.accounts.audit import ACTIONS, audit_actions_register

        audit_actions_register(ACTIONS)

        from django.contrib.auth.signals import user_login_failed
        from django.core import checks

        from runback.accounts.identity import email_duplicates_check
        from runback.accounts.lockout import login_failure_count

        # Asks the database: only with `check --database default`.
        checks.register(email_duplicates_check, checks.Tags.database)

        post_migrate.connect(
            cache_table_create, sender=self, dispatch_uid="runback.accounts.cache_table_create"
        )
        user_login_failed.connect(
            login_failure_count, dispatch_uid="runback.accounts.login_failure_count"
        )
