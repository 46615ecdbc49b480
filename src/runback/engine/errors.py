"""The engine's error for a clinic setting it cannot take (beside `InvalidInput`, which
names a bad field of a case)."""

from __future__ import annotations


class SettingsError(ValueError):
    """A setting is unknown, of the wrong type, or outside its safe bounds."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message
