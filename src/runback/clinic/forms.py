"""Forms of the clinic side: an invitation code, a note, a reason, plan settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runback.engine.settings import BOUNDS, INTEGER_FIELDS

REASON_HELP = _("The runner sees this, with your name.")


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=32)
    agree = forms.BooleanField(
        label=_("I have read the text above and agree to share my record with this clinic.")
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=32)


class InvitationForm(forms.Form):
    label = forms.CharField(
        label=_("For whom (only your clinic sees this)"), max_length=100, required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What you did"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ClearForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the runner may train again (your assessment)"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


# The numbers a clinician may set per runner (engine/settings.py holds their bounds).
PLAN_FIELDS = (
    ("green_max_pain", _("Highest pain for a green session (0-10)")),
    ("yellow_max_pain", _("Highest pain for a yellow session (0-10)")),
    ("sessions_per_step", _("Tolerated sessions before the next step")),
    ("runs_per_week", _("Runs a week in phase 2")),
    ("rest_days_between_runs", _("Rest days between runs")),
    ("phase3_start_min", _("Minutes of the first continuous run")),
    ("weekly_increase_pct", _("Most a week's running may grow (%)")),
    ("stall_window_days", _("Days in which two red sessions pause running")),
    ("followup_window_days", _("Days a next-morning answer still counts")),
    ("esc1_weeks", _("Weeks before a lack of improvement is flagged")),
)


class PlanSettingsForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args: Any, current: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        for name, label in PLAN_FIELDS:
            _default, low, high, rule = BOUNDS[name]
            field: forms.Field
            if name in INTEGER_FIELDS:
                field = forms.IntegerField(min_value=int(low), max_value=int(high))
            else:
                field = forms.FloatField(min_value=low, max_value=high)
            field.label = label
            field.help_text = _("%(low)s to %(high)s, default %(default)s (%(rule)s)") % {
                "low": f"{low:g}",
                "high": f"{high:g}",
                "default": f"{_default:g}",
                "rule": rule,
            }
            field.initial = current.get(name)
            self.fields[name] = field
        self.order_fields([name for name, _label in PLAN_FIELDS] + ["reason"])

    def changes(self) -> dict[str, Any]:
        return {
            name: self.cleaned_data[name]
            for name, _label in PLAN_FIELDS
            if self.cleaned_data.get(name) is not None
            and self.cleaned_data[name] != self.current.get(name)
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.changes():
            raise forms.ValidationError(_("Nothing was changed."))
        return data
