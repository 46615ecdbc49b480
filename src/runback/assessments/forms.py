"""Forms of assessments: a slot, a series of slots, a booking, a cancellation, a move."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runback.assessments.services import local_datetime

LENGTHS = [(15, "15"), (20, "20"), (30, "30"), (45, "45"), (60, "60"), (90, "90")]


# How far ahead a clinician may publish a time: far enough for any plan, near enough that
# the date arithmetic of a time (its end, the overlaps) can never leave the calendar (a
# date like 9999-12-31 23:30 overflowed).
MAX_DAYS_AHEAD = 2 * 366


class _DateField(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _FutureDayField(_DateField):
    """A day at most MAX_DAYS_AHEAD from today."""

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value and value > timezone.localdate() + timedelta(days=MAX_DAYS_AHEAD):
            raise forms.ValidationError(
                _("Choose a date within the next two years."), code="too_far"
            )


class _TimeField(forms.TimeField):
    widget = forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M")


def _length_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=_("Length (minutes)"), choices=LENGTHS, coerce=int, initial=30
    )


def _place_field() -> forms.CharField:
    return forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("An address or room, or e.g. 'video call' or 'by phone'."),
    )


class SlotForm(forms.Form):
    """One time."""

    day = _FutureDayField(label=_("Date"))
    start = _TimeField(label=_("Start"))
    minutes = _length_field()
    place = _place_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, start = cleaned.get("day"), cleaned.get("start")
        if day and start:
            cleaned["starts_at"] = local_datetime(day, start)
            if cleaned["starts_at"] <= timezone.now():
                self.add_error("start", _("This time has already passed."))
        return cleaned


class SeriesForm(forms.Form):
    """Several times on one day, e.g. every 30 minutes from 9 to 12."""

    day = _FutureDayField(label=_("Date"))
    first = _TimeField(label=_("From"))
    last = _TimeField(label=_("Until"))
    minutes = _length_field()
    every = forms.IntegerField(
        label=_("A new time every (minutes)"),
        min_value=5,
        max_value=240,
        initial=30,
        help_text=_("The same as the length for back-to-back times; more for a break between."),
    )
    place = _place_field()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        day, first, last = cleaned.get("day"), cleaned.get("first"), cleaned.get("last")
        minutes, every = cleaned.get("minutes"), cleaned.get("every")
        if day and day < timezone.localdate():
            self.add_error("day", _("This day has already passed."))
        if (
            first
            and last
            and minutes
            and day
            and local_datetime(day, first) + timedelta(minutes=minutes) > local_datetime(day, last)
        ):
            self.add_error("last", _("There is no room for one time between these."))
        if minutes and every and every < minutes:
            self.add_error("every", _("The times would overlap: make this at least the length."))
        return cleaned


class BookForm(forms.Form):
    note = forms.CharField(
        label=_("Anything the clinician should know beforehand? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional, kept in the record)"),
        max_length=300,
        required=False,
    )


class MoveForm(forms.Form):
    slot = forms.TypedChoiceField(label=_("New time"), coerce=int, widget=forms.RadioSelect)

    def __init__(self, *args: Any, choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["slot"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = choices
