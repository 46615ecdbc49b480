"""What the clinic services refuse with."""

from __future__ import annotations


class ShareError(Exception):
    """The code is unknown, used, revoked or expired (one message for all: no oracle)."""


class NotAllowed(Exception):
    """The person may not do this to this runner."""
