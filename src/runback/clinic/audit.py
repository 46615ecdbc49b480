"""The clinic app's audit actions: the runner's shares, and what clinic staff did with
the runner's record (`clinic.record.<what>` from `record_view_log`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from runback.accounts.audit import Label

ACTIONS: dict[str, Label] = {
    "clinic.share.given": _("Shared with a clinic"),
    "clinic.share.withdrawn": _("Sharing with a clinic stopped"),
    "clinic.share.extended": _("Sharing with a clinic extended to watch activities"),
    "clinic.record.viewed": _("Clinic staff opened your record"),
    "clinic.record.settings_viewed": _("Clinic staff opened your plan settings"),
    "clinic.note.added": _("Clinic staff wrote a note"),
    "clinic.alert.acknowledged": _("Clinic staff handled an alert"),
}
