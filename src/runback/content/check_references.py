"""`runback content check` on the references (references/<id>.yaml): identity, fields,
and a DOI (unique across the library) or an https:// URL.

Plain Python (no Django). Each problem is (file, message), in the order they are found."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from runback.content.library import SLUG_RE, Reference

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")
HTTPS_URL_RE = re.compile(r"^https://[^\s/]+\.[^\s/]+\S*$")
REFERENCE_KEYS = frozenset(
    {"id", "authors", "title", "journal", "year", "details", "doi", "url", "source_article",
     "publisher", "note"}
)  # fmt: skip

Problems = list[tuple[Path, str]]


def reference_problems(references: Mapping[str, Reference]) -> Problems:
    problems: Problems = []
    dois: dict[str, str] = {}  # lower-cased DOI -> id of the first reference with it
    for ref_id, ref in sorted(references.items()):
        problems += _identity_problems(ref_id, ref.path, ref.meta)
        problems += _field_problems(ref.path, ref.meta)
        problems += _link_problems(ref_id, ref.path, ref.meta, dois)
    return problems


def _identity_problems(ref_id: str, where: Path, meta: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    for key in sorted(set(map(str, meta)) - REFERENCE_KEYS):
        problems.append((where, f"unknown key '{key}'"))
    if not SLUG_RE.match(ref_id):
        problems.append((where, "file name: use a-z, 0-9 and hyphens"))
    if meta.get("id") != ref_id:
        problems.append((where, f"id is {meta.get('id')!r}, want {ref_id!r} (the file name)"))
    return problems


def _field_problems(where: Path, meta: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    for key in ("authors", "title"):
        value = meta.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append((where, f"'{key}' must be non-empty text"))
    year = meta.get("year")
    if not _is_year(year):
        problems.append((where, f"'year' must be a year, got {year!r}"))
    for key in ("journal", "details"):
        if key in meta and not isinstance(meta[key], str | int):
            problems.append((where, f"'{key}' must be text"))
    if "source_article" in meta and not isinstance(meta["source_article"], bool):
        problems.append((where, "'source_article' must be true or false"))
    return problems


def _link_problems(
    ref_id: str, where: Path, meta: Mapping[str, Any], dois: dict[str, str]
) -> Problems:
    """A reference needs a DOI (unique across the library) or an https:// URL."""
    problems: Problems = []
    doi, url = meta.get("doi"), meta.get("url")
    if doi is None and url is None:
        problems.append((where, "needs a 'doi' (or a 'url' when there is no DOI)"))
    if doi is not None:
        if not isinstance(doi, str) or not DOI_RE.match(doi):
            problems.append((where, f"doi {doi!r} is not a DOI (10.NNNN/...)"))
        elif doi.lower() in dois:
            problems.append((where, f"same DOI as references/{dois[doi.lower()]}.yaml"))
        else:
            dois[doi.lower()] = ref_id
    if url is not None and (not isinstance(url, str) or not HTTPS_URL_RE.match(url)):
        problems.append((where, f"url {url!r} must be an https:// address"))
    return problems


def _is_year(value: object) -> bool:
    # bool is an int subclass: `year: true` is not a year.
    return isinstance(value, int) and not isinstance(value, bool) and 1900 <= value <= 2100
