"""The library pages' Danish catalogue is complete and compiled."""

from __future__ import annotations

from pathlib import Path

import runback.content

PO = Path(runback.content.__file__).parent / "locale" / "da" / "LC_MESSAGES" / "django.po"


def test_danish_catalogue_is_complete() -> None:
    text = PO.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]  # after the header
    assert len(entries) > 30
    for entry in entries:
        msgstr = entry[entry.index("msgstr") :]
        assert msgstr.strip() not in {'msgstr ""', 'msgstr[0] ""'}, entry


def test_compiled_catalogue_is_current() -> None:
    mo = PO.with_suffix(".mo")
    assert mo.is_file(), "run scripts/bootstrap.sh (compiles translations)"
    assert mo.stat().st_mtime >= PO.stat().st_mtime, "run scripts/bootstrap.sh"
