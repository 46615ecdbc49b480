"""Signals the rehab app sends, so that other apps (the clinic) can act on a new snapshot
without rehab knowing about them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent inside the transaction that stored a runner's snapshot: runner=User,
# snapshot=Snapshot. Receivers defer their work with transaction.on_commit.
snapshot_stored = Signal()

# Sent after a session logged from the check-in link of an imported activity was recorded:
# runner=User, event=Event (the new entry), activity=int (the activity's id as the link
# gave it; the receiver checks it is the runner's).
session_logged_from_activity = Signal()
