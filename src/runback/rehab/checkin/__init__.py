"""Checking in: the forms and pages, and the recording of events (locking, retries,
snapshots)."""
