"""Basic accessibility of every runner page: one h1, labelled inputs, named groups,
no colour-only zones, no inline styles or scripts (also what the CSP forbids)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from tests.histories import log_run

from runback.accounts.models import User


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.inputs: list[dict[str, str | None]] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.wrapped: list[str] = []
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if "style" in a or (tag == "script" and not a.get("src")):
            self.inline.append(tag)
        if tag == "h1":
            self.h1 += 1
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(str(a["for"]))
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit"}:
            self.inputs.append(a)
            if self.label_depth:
                self.wrapped.append(str(a.get("id")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.label_depth -= 1


PAGES = [
    "rehab:today",
    "rehab:why",
    "rehab:history",
    "rehab:progress",
    "rehab:symptoms",
    "rehab:checkin_session",
    "rehab:checkin_followup",
    "rehab:checkin_strength",
    "rehab:checkin_strength_session",
    "rehab:checkin_status",
    "accounts:account",
]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_runner_page_basics(
    runner_with_plan_client: Client, runner_with_plan: User, name: str
) -> None:
    log_run(runner_with_plan, days_ago=1)
    response = runner_with_plan_client.get(reverse(name))
    assert response.status_code == 200
    page = Page()
    page.feed(response.content.decode())
    assert page.h1 == 1
    assert page.inline == []
    for control in page.inputs:
        control_id = str(control.get("id"))
        assert control_id in page.label_for or control_id in page.wrapped, control


@pytest.mark.django_db
def test_anonymous_pages_basics(client: Client) -> None:
    for url in ("/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"):
        page = Page()
        page.feed(client.get(url).content.decode())
        assert page.h1 == 1, url
        assert page.inline == [], url
        for control in page.inputs:
            assert str(control.get("id")) in page.label_for | set(page.wrapped), (url, control)
