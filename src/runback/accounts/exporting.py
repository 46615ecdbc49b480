"""The data download (GDPR art. 15 and 20) is made of sections, one per app that stores
something about a person. Each app registers its sections in its AppConfig.ready(), so
the accounts app needs to know none of them, and `tests/accounts/test_export_complete.py`
fails for a new table about a person until some section exports it (or it is listed
there as derived from what is exported).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from runback.accounts.models import User

ExportSection = Callable[[User], Any]

_SECTIONS: dict[str, ExportSection] = {}


def export_section_register(name: str, section: ExportSection) -> None:
    """Add `name` to every download, made by `section(person)` (JSON-ready values)."""
    _SECTIONS[name] = section


def export_sections(*, user: User) -> dict[str, Any]:
    return {name: section(user) for name, section in sorted(_SECTIONS.items())}
