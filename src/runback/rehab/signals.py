"""Signals the rehab app sends, so that other apps (the clinic) can act on a new snapshot
without rehab knowing about them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that stored a runner's snapshot: runner=User,
# snapshot=Snapshot. Receivers defer their work with transaction.on_commit.
snapshot_stored = Signal()
