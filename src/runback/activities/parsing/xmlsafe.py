"""Untrusted XML: no document type, hence no entities to expand (XML bombs) and no
external resources. Checked on the decoded text, so no encoding can hide one; the text
is decoded piece by piece, so a large file is never held twice in memory."""

from __future__ import annotations

import codecs
import re

from runback.activities.parsing.summary import ImportProblem

_FORBIDDEN = re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_ENCODING = re.compile(rb"^\s*<\?xml[^>]*encoding=[\"']([A-Za-z0-9._-]+)[\"']")
_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any match of _FORBIDDEN that matters ("<!" + spaces + word)


def _encoding(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    match = _ENCODING.match(data[:200])
    return match.group(1).decode("ascii") if match else "utf-8-sig"


def _not(what: str) -> ImportProblem:
    return ImportProblem(f"not_{what}", f"it is not a {what.upper()} file")


def xml_check(data: bytes, what: str) -> str:
    """Refuse the file when it cannot be decoded or declares a document type or
    entities; returns its first 4096 characters (to tell what the file is)."""
    try:
        decoder = codecs.getincrementaldecoder(_encoding(data))()
    except LookupError:
        raise _not(what) from None
    head = ""
    tail = ""
    try:
        for start in range(0, max(len(data), 1), _CHUNK):
            piece = decoder.decode(data[start : start + _CHUNK], final=start + _CHUNK >= len(data))
            if len(head) < 4096:
                head += piece[: 4096 - len(head)]
            window = tail + piece
            if _FORBIDDEN.search(window):
                raise ImportProblem(
                    "xml_forbidden", "it declares XML entities (refused for safety)"
                )
            tail = window[-_OVERLAP:]
    except UnicodeDecodeError:
        raise _not(what) from None
    return head


def xml_text(data: bytes, what: str) -> str:
    """The file as text, refused when it declares a document type or entities."""
    xml_check(data, what)
    return data.decode(_encoding(data))
