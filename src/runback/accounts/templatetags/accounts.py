"""Readable names for audit-log actions."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "accounts.user.created": _("Account created"),
    "accounts.email.confirmed": _("Email address confirmed"),
    "accounts.consent.given": _("Consent given"),
    "accounts.consent.withdrawn": _("Consent withdrawn"),
    "accounts.region.changed": _("Region chosen"),
    "rehab.intake.saved": _("Health questions answered"),
    "rehab.event.run": _("Run logged"),
    "rehab.event.walk": _("Walk logged"),
    "rehab.event.followup": _("Next-morning answer logged"),
    "rehab.event.strength": _("Strength training logged"),
    "rehab.event.status": _("Weekly status logged"),
    "rehab.event.red_flag": _("New symptoms reported"),
    "rehab.event.cleared": _("Cleared to train again"),
    "rehab.event.settings": _("Plan settings changed"),
    "rehab.event.withdraw": _("Entry withdrawn"),
    "exports.plan_pdf.printed": _("Plan printed as PDF"),
    "clinic.share.given": _("Shared with a clinic"),
    "clinic.share.withdrawn": _("Sharing with a clinic stopped"),
    "clinic.share.extended": _("Sharing with a clinic extended to watch activities"),
    "clinic.record.viewed": _("Clinic staff opened your record"),
    "clinic.record.settings_viewed": _("Clinic staff opened your plan settings"),
    "clinic.note.added": _("Clinic staff wrote a note"),
    "clinic.alert.acknowledged": _("Clinic staff handled an alert"),
}


@register.filter
def audit_label(action: str) -> str:
    return str(ACTIONS.get(action, action))
