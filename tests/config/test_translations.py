"""Every UI text has a Danish translation, and the compiled catalogue is current."""

from __future__ import annotations

import json
from pathlib import Path

import runback

LOCALE = Path(runback.__file__).parent / "locale"


def _entries(po: Path) -> list[tuple[str, str, bool]]:
    entries, fuzzy = [], False
    lines = po.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        if line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        if line.startswith('msgid "') and i + 1 < len(lines) and lines[i + 1].startswith("msgstr "):
            entries.append((json.loads(line[6:]), json.loads(lines[i + 1][7:]), fuzzy))
            fuzzy = False
    return entries


def test_danish_catalogue_is_complete() -> None:
    po = LOCALE / "da" / "LC_MESSAGES" / "django.po"
    entries = [e for e in _entries(po) if e[0]]
    assert len(entries) > 50
    untranslated = [msgid for msgid, msgstr, _ in entries if not msgstr]
    fuzzy = [msgid for msgid, _, is_fuzzy in entries if is_fuzzy]
    assert untranslated == []
    assert fuzzy == []


def test_compiled_catalogue_is_not_older_than_the_source() -> None:
    po = LOCALE / "da" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    assert mo.is_file(), "run scripts/bootstrap.sh (compiles translations)"
    assert mo.stat().st_mtime >= po.stat().st_mtime, "run scripts/bootstrap.sh"
