"""The intake's questions about the back (the red flags come first: runback.rehab.red_flags)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runback.rehab.fields import SETTLE_TIMES, pain_field, yes_no

CONDITIONS = [
    ("unknown", _("I don't know, or nobody has told me")),
    ("muscular", _("Overloaded or tired muscles")),
    ("progression", _("I increased my running too quickly")),
    ("disc", _("Disc herniation (prolapse)")),
    ("osteoarthritis", _("Osteoarthritis of the spine")),
    ("si_joint", _("SI joint (pain over the dimples at the bottom of the back)")),
    ("facet", _("Facet joints")),
    ("hip", _("The hip")),
]


class IntakeForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("What do you know about your back pain?"),
        help_text=_("Choose a diagnosis only if a doctor or physiotherapist gave it to you."),
        choices=CONDITIONS,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        initial="unknown",
    )
    comfortable_position = yes_no(_("Can you find a position where the pain eases?"))
    resting_pain = pain_field(
        _("How much does your back hurt right now, at rest? (0 = no pain, 10 = worst imaginable)")
    )
    settle_time_min = forms.TypedChoiceField(
        label=_("When something makes the pain worse, how long does it take to settle again?"),
        choices=SETTLE_TIMES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    walking_tolerated = yes_no(_("Can you walk for 30 minutes without your back getting worse?"))
    radiating_leg_pain = yes_no(_("Does the pain radiate down into a leg?"))
    sleep_or_daily_life_affected = yes_no(
        _("Does the pain clearly affect your sleep or your daily life?")
    )
    strength_experience = yes_no(_("Have you done strength training before?"))
    cadence_spm = forms.IntegerField(
        label=_("Your running cadence in steps per minute, if you know it"),
        help_text=_("Your running watch may show it. Leave it empty if you don't know."),
        required=False,
        min_value=100,
        max_value=240,
    )
    start_date = forms.DateField(
        label=_("When do you want to start?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_start_date(self) -> date:
        value: date = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if value < today - timedelta(days=14):
            raise forms.ValidationError(_("Choose a date within the last two weeks, or later."))
        if value > today + timedelta(days=60):
            raise forms.ValidationError(_("Choose a date within the next two months."))
        return value

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        answers = {k: v for k, v in data.items() if v is not None and k != "start_date"}
        answers["start_date"] = data["start_date"].isoformat()
        return answers
