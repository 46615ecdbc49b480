"""The form fields every runner's form uses: pain 0-10, yes/no, dates not in the future,
the token that makes a double submit harmless."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runback.common.dates import date_in_words

MAX_DAYS_BACK = 60


class PainScale(forms.RadioSelect):
    template_name = "rehab/widgets/pain_scale.html"


def minutes_field(label: Any) -> forms.DecimalField:
    """Optional minutes actually done, when they differ from the plan (0-600)."""
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=600, decimal_places=1
    )


def pain_field(label: Any, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=PainScale,
        error_messages={
            "required": _("Choose a number from 0 to 10."),
            "invalid_choice": _("Choose a number from 0 to 10."),
        },
        **kwargs,
    )


def yes_no(label: Any, **kwargs: Any) -> forms.TypedChoiceField:
    kwargs.setdefault("empty_value", None)  # an optional question left open: None
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "choices yes-no"}),
        error_messages={"required": _("Answer yes or no.")},
        **kwargs,
    )


def token_field() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


def new_token() -> str:
    return uuid.uuid4().hex


class DateNotInFuture(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("This date has not happened yet."))
        if value < today - timedelta(days=MAX_DAYS_BACK):
            raise forms.ValidationError(
                _("You can log up to %(days)d days back.") % {"days": MAX_DAYS_BACK}
            )


def refuse_before_start(form: forms.Form, start_date: str | None) -> bool:
    """Put an error on the date of a check-in dated before the runner's start date
    (it would not count in the plan). True if refused."""
    value = form.cleaned_data.get("date")
    if not start_date or not isinstance(value, date) or value.isoformat() >= start_date:
        return False
    form.add_error(
        "date",
        _(
            "Your plan starts on %(date)s, and what you log for the days before "
            "does not count. Choose %(date)s or a later date."
        )
        % {"date": date_in_words(start_date)},
    )
    return True


# How long the pain takes to settle (the intake, the weekly status).
SETTLE_TIMES = [
    ("10", _("Less than 15 minutes")),
    ("30", _("15 to 60 minutes")),
    ("120", _("More than an hour")),
]
