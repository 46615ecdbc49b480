"""exports:plan_pdf and exports:runner_plan_pdf: the plan and the exercise sheet as an A4
PDF in the runner's language; WeasyPrint fetches only our own files."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from runback.accounts.models import User
from runback.engine.texts import EXERCISE_NAMES
from runback.exports.pdf import LocalOnlyFetcher, pdf_from_html
from runback.exports.selectors import plan_sheet
from runback.rehab.models import Snapshot

URL = reverse("exports:plan_pdf")
A4 = (595, 842)  # points


def pdf_text(data: bytes) -> tuple[str, PdfReader]:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages), reader


def check_plan_in(text: str, output: dict[str, Any], language: str) -> None:
    next_run = output["next_run"]
    assert next_run["description"][language] in text
    for exercise in output["strength"]["exercises"]:
        name = EXERCISE_NAMES[exercise["id"]][1 if language == "en" else 0]
        assert name.lower() in text.lower(), name
    assert len(output["upcoming_weeks"]) == 4


@pytest.mark.django_db
def test_the_pdf_holds_the_plans_sessions(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    response = runner_with_plan_client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text, reader = pdf_text(response.content)
    output = Snapshot.objects.get(runner=runner_with_plan).output
    check_plan_in(text, output, "da")
    assert "Din næste tur" in text and "Rita Runner" in text
    width, height = (round(float(v)) for v in reader.pages[0].mediabox.upper_right)
    assert (width, height) == A4
    assert text.count("Startstilling") == len(output["strength"]["exercises"])


@pytest.mark.django_db
def test_every_exercise_picture_is_drawn(runner_with_plan: User) -> None:
    """The SVGs are drawn as vectors (no image objects): the fetcher saw each of them."""
    output = Snapshot.objects.get(runner=runner_with_plan).output
    html = render_to_string(
        "exports/plan_pdf.html",
        {"sheet": plan_sheet(output, "da"), "runner_name": "R", "printed": "2026-12-01"},
    )
    fetcher = LocalOnlyFetcher()
    pdf_from_html(html, fetcher)
    wanted = {
        f"/library/exercise/{e['id']}/{pose}.svg"
        for e in output["strength"]["exercises"]
        for pose in ("start", "end")
    }
    assert wanted <= set(fetcher.served)
    assert "/static/runback/print.css" in fetcher.served


@pytest.mark.django_db
def test_english_runner_gets_an_english_pdf(
    runner_with_plan_client: Client, runner_with_plan: User
) -> None:
    runner_with_plan.language = "en"
    runner_with_plan.save(update_fields=["language"])
    text, _reader = pdf_text(runner_with_plan_client.get(URL).content)
    check_plan_in(text, Snapshot.objects.get(runner=runner_with_plan).output, "en")
    assert "Your next session" in text


@pytest.mark.django_db
def test_a_clinician_prints_it_for_their_runner(
    clinician_client: Client, clinician: User, runner_with_plan: User, other_runner: User
) -> None:
    url = reverse("exports:runner_plan_pdf", args=[runner_with_plan.pk])
    response = clinician_client.get(url)
    assert response.status_code == 200
    text, _reader = pdf_text(response.content)
    check_plan_in(text, Snapshot.objects.get(runner=runner_with_plan).output, "da")
    other = reverse("exports:runner_plan_pdf", args=[other_runner.pk])
    assert clinician_client.get(other).status_code == 404
    (entry,) = runner_with_plan.audit_entries.filter(action="exports.plan_pdf.printed")
    assert entry.actor == clinician
    assert not other_runner.audit_entries.filter(action="exports.plan_pdf.printed").exists()


@pytest.mark.django_db
def test_the_print_page_uses_the_same_sheet(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(reverse("exports:plan_print")).content.decode()
    assert "Gå 5 min, derefter 3 × (løb 1 min, gå 3 min)" in body
    assert "/library/exercise/" in body and ".svg" in body
    assert reverse("exports:plan_pdf") in body


def test_nothing_is_fetched_from_the_network() -> None:
    fetcher = LocalOnlyFetcher()
    for url in (
        "https://example.org/x.css",
        "http://127.0.0.1:8000/static/runback/runback.css",
        "file:///etc/passwd",
        "https://runback.invalid/static/../../etc/passwd",
        "https://runback.invalid/today/",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    html = (
        '<link rel="stylesheet" href="/static/runback/print.css">'
        '<img src="https://example.org/tracker.png"><img src="/library/exercise/cat_cow/end.svg">'
    )
    fetcher = LocalOnlyFetcher()
    assert pdf_from_html(html, fetcher).startswith(b"%PDF")
    assert fetcher.served == ["/static/runback/print.css", "/library/exercise/cat_cow/end.svg"]


def test_our_files_are_served() -> None:
    fetcher = LocalOnlyFetcher()
    css = fetcher.fetch("https://runback.invalid/static/runback/print.css")
    assert b"@page" in css.read()
    svg = fetcher.fetch("https://runback.invalid/library/exercise/cat_cow/start.svg")
    assert svg.read().lstrip().startswith(b"<")
