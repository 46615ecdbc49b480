"""Signals the accounts app sends, so that other apps can act without accounts knowing
about them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that withdrew a person's consent to processing their health
# data: user=User. The clinic ends every share then (nobody may go on reading the record).
consent_withdrawn = Signal()
