"""Untrusted XML: no document type, hence no entities to expand (XML bombs) and no
external resources. Checked on the decoded text, so no encoding can hide one."""

from __future__ import annotations

import re

from runback.activities.parsing.summary import ImportProblem

_FORBIDDEN = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")


def xml_text(data: bytes, what: str) -> str:
    """The file as text, refused when it declares a document type or entities."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encoding = "utf-16"
    else:
        match = _ENCODING.match(data[:200])
        encoding = match.group(1).decode("ascii") if match else "utf-8-sig"
    try:
        text = data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        raise ImportProblem(f"not_{what}", f"it is not a {what.upper()} file") from None
    if _FORBIDDEN.search(text):
        raise ImportProblem("xml_forbidden", "it declares XML entities (refused for safety)")
    return text
