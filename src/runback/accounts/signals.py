"""Signals the accounts app sends, so that other apps can act without accounts knowing
about them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that withdrew a person's consent to processing their health
# data: user=User. The clinic ends every share then (nobody may go on reading the record).
consent_withdrawn = Signal()

# Sent inside `services_erasure.user_delete`'s transaction, before anything is deleted: user=User.
# An app that holds something others rely on acts properly first (assessments cancels a
# clinician's upcoming bookings, so each runner gets the CANCEL email and an audit entry).
user_erasing = Signal()
