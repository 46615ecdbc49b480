"""The runner's report that a doctor has cleared the red flags."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ClearedForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("A doctor has examined me and said that I may train again."),
        error_messages={"required": _("Tick the box only if a doctor has said so.")},
    )
