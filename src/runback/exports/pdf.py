"""HTML to an A4 PDF with WeasyPrint, fetching nothing from the network: the only URLs it
may open are our own static files and the exercise pictures, read from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousFileOperation
from django.urls import Resolver404, resolve
from weasyprint.urls import URLFetcher, URLFetcherResponse

from runback.content.library import SVG_POSES, load_library

BASE_URL = "https://runback.invalid/"
CONTENT_TYPES = {".svg": "image/svg+xml", ".css": "text/css", ".png": "image/png"}


def _static_file(name: str) -> Path | None:
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return Path(found) if isinstance(found, str) else None


def _exercise_svg(path: str) -> Path | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.view_name != "content:exercise_svg" or match.kwargs.get("pose") not in SVG_POSES:
        return None
    return load_library().svg(match.kwargs["exercise_id"], match.kwargs["pose"])


def _local_file(url: str) -> Path | None:
    """The file on disk behind one of our URLs, or None."""
    if not url.startswith(BASE_URL):
        return None
    path = unquote(urlsplit(url).path)
    if ".." in path.split("/") or "\\" in path:
        return None
    if path.startswith("/static/"):
        return _static_file(path.removeprefix("/static/"))
    return _exercise_svg(path)


class LocalOnlyFetcher(URLFetcher):  # type: ignore[misc]
    """Serves our static files and exercise pictures; refuses every other URL."""

    def __init__(self) -> None:
        super().__init__()
        self.served: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        path = _local_file(url)
        if path is None or path.suffix not in CONTENT_TYPES:
            raise ValueError(f"not fetched: {url[:80]}")
        self.served.append(url.removeprefix(BASE_URL.rstrip("/")))
        return URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": CONTENT_TYPES[path.suffix]}
        )


def pdf_from_html(html: str, fetcher: LocalOnlyFetcher | None = None) -> bytes:
    from weasyprint import HTML  # loads its fonts and default styles: only when needed

    fetcher = fetcher or LocalOnlyFetcher()
    data: bytes = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()
    return data
