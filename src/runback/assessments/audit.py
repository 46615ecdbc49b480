"""The assessments app's audit actions: bookings (`assessments.booking.<what>` from
`services._audit`) and clinic staff reading the runner's summary."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from runback.accounts.audit import Label

ACTIONS: dict[str, Label] = {
    "assessments.booking.created": _("Assessment booked"),
    "assessments.booking.moved": _("Assessment moved"),
    "assessments.booking.cancelled": _("Assessment cancelled"),
    "assessments.summary.viewed": _("Clinic staff read your summary before the assessment"),
}
