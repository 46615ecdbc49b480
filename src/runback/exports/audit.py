"""The exports app's audit actions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from runback.accounts.audit import Label

ACTIONS: dict[str, Label] = {
    "exports.plan_pdf.printed": _("Plan printed as PDF"),
}
