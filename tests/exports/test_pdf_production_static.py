"""The plan PDF has its styles in production, where the pages link to the hashed names of
ManifestStaticFilesStorage (whitenoise) collected into STATIC_ROOT: the PDF's fetcher must
find `runback/print.<hash>.css` there (it found only the source names before, and
WeasyPrint then quietly printed an unstyled page)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import reverse

from runback.accounts.models import User
from runback.exports.pdf import LocalOnlyFetcher, pdf_from_html
from runback.exports.selectors import plan_sheet
from runback.rehab.models import Snapshot

PRODUCTION_STATIC = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Static files collected as `runback serve` does in production, into a temp dir (the
    admin's files left out: they are most of the time and the PDF links none of them)."""
    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root, STORAGES=PRODUCTION_STATIC, DEBUG=False):
        call_command("collectstatic", "--noinput", "--ignore", "admin", verbosity=0)
        yield root


@pytest.mark.django_db
def test_the_pdf_fetches_the_hashed_stylesheets(collected: Path, runner_with_plan: User) -> None:
    output = Snapshot.objects.get(runner=runner_with_plan).output
    html = render_to_string(
        "exports/plan_pdf.html",
        {"sheet": plan_sheet(output, "da"), "runner_name": "R", "printed": "2026-12-01"},
    )
    hrefs = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert len(hrefs) == 2
    assert all(
        re.fullmatch(r"/static/runback/(runback|print)\.[0-9a-f]{12}\.css", h) for h in hrefs
    )
    fetcher = LocalOnlyFetcher()
    pdf_from_html(html, fetcher)
    assert set(hrefs) <= set(fetcher.served)
    # What was served is the collected stylesheet itself.
    print_css = next(h for h in hrefs if "/print." in h)
    served = fetcher.fetch(f"https://runback.invalid{print_css}").read()
    assert served == (collected / print_css.removeprefix("/static/")).read_bytes()
    assert b"@page" in served


@pytest.mark.django_db
def test_the_plan_pdf_page_answers_with_production_static_files(
    collected: Path, runner_with_plan: User
) -> None:
    client = Client()
    client.force_login(runner_with_plan)
    response = client.get(reverse("exports:plan_pdf"))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_hashed_name_outside_the_collected_files_is_refused(collected: Path) -> None:
    fetcher = LocalOnlyFetcher()
    for url in (
        "https://runback.invalid/static/runback/print.000000000000.css",
        "https://runback.invalid/static/../settings.css",
        "https://runback.invalid/static/%2e%2e/x.css",
    ):
        with pytest.raises(ValueError, match="not fetched"):
            fetcher.fetch(url)
