"""HTML to an A4 PDF with WeasyPrint, fetching nothing from the network: the only URLs it
may open are our own static files and the exercise pictures, read from disk."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from django.urls import Resolver404, resolve
from weasyprint.urls import URLFetcher, URLFetcherResponse

from runback.content.library import SVG_POSES, load_library

BASE_URL = "https://runback.invalid/"
CONTENT_TYPES = {".svg": "image/svg+xml", ".css": "text/css", ".png": "image/png"}


def _static_file(name: str) -> Path | None:
    """A static file by the name a page links to: the source file (development), or the
    collected one, whose name carries its hash in production (ManifestStaticFilesStorage,
    whitenoise): `runback/print.3f2a9c.css` exists only in STATIC_ROOT."""
    try:
        found = finders.find(name)
        if isinstance(found, str):
            return Path(found)
        if staticfiles_storage.exists(name):
            return Path(staticfiles_storage.path(name))
    except (SuspiciousFileOperation, NotImplementedError):
        return None
    return None


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
    static_url = urlsplit(settings.STATIC_URL).path
    if path.startswith(static_url):
        return _static_file(path.removeprefix(static_url))
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
