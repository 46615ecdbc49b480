"""The confirmation before an entry is withdrawn."""

from __future__ import annotations

from django import forms

from runback.rehab.fields import token_field


class WithdrawForm(forms.Form):
    """The confirmation step before an entry is withdrawn."""

    token = token_field()
    confirm = forms.BooleanField(required=True)
