"""The audit log's actions and their readable labels. Each app that logs actions on a
person's record (`User.log_action`) registers them with their labels in its
AppConfig.ready(), from its own `audit.py`, so the accounts app needs to know none of
them; the account page shows the label (`audit_label`), and
`tests/accounts/test_audit_labels.py` fails for an action logged anywhere in src that
has no label.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ImproperlyConfigured
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# A label is translatable text (gettext_lazy), read in the viewer's language.
Label = str | Promise

_LABELS: dict[str, Label] = {}


def audit_actions_register(labels: Mapping[str, Label]) -> None:
    """Give each action (`<app>.<thing>.<verb>`) its label. Registering an action twice
    with another label is a mistake: two apps would be claiming it."""
    for action, label in labels.items():
        known = _LABELS.get(action)
        if known is not None and known is not label and str(known) != str(label):
            raise ImproperlyConfigured(f"audit action {action!r} is registered twice")
        _LABELS[action] = label


def audit_actions() -> frozenset[str]:
    """Every registered action."""
    return frozenset(_LABELS)


def audit_action_label(action: str) -> str:
    """The action's label in the active language; an unknown action shows as its code."""
    label = _LABELS.get(action)
    return action if label is None else str(label)


# The accounts app's own actions.
ACTIONS: dict[str, Label] = {
    "accounts.user.created": _("Account created"),
    "accounts.email.confirmed": _("Email address confirmed"),
    "accounts.consent.given": _("Consent given"),
    "accounts.consent.withdrawn": _("Consent withdrawn"),
    "accounts.region.changed": _("Region chosen"),
}
