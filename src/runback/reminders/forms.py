from __future__ import annotations

from functools import lru_cache
from typing import ClassVar
from zoneinfo import available_timezones

from django import forms
from django.utils.translation import gettext_lazy as _

from runback.reminders.models import ReminderPreference


@lru_cache(maxsize=1)
def zone_choices() -> list[tuple[str, str]]:
    return [(zone, zone.replace("_", " ")) for zone in sorted(available_timezones())]


class PreferenceForm(forms.ModelForm[ReminderPreference]):
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=zone_choices)

    class Meta:
        model = ReminderPreference
        fields = ("morning", "weekly", "nudge", "send_at", "time_zone")
        labels: ClassVar = {
            "morning": _("Ask me the next-morning question by email"),
            "weekly": _("Remind me when the weekly status is due"),
            "nudge": _("Nudge me when I have not logged anything for a few days"),
            "send_at": _("Send reminders at"),
        }
        help_texts: ClassVar = {"send_at": _("In your time zone, e.g. 08:00.")}
        widgets: ClassVar = {"send_at": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}
