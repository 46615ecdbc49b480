"""The runner pages of exports and reminders: the basics every runner page keeps (one h1,
labelled inputs, nothing inline), and the print page's CSP-clean head."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from tests.rehab.test_accessibility import Page

PAGES = ["exports:calendar", "exports:plan_print", "exports:watch", "reminders:preferences"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", PAGES)
def test_page_basics(runner_with_plan_client: Client, name: str) -> None:
    response = runner_with_plan_client.get(reverse(name))
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    page = Page()
    page.feed(response.content.decode())
    assert page.h1 == 1
    assert page.inline == []
    for control in page.inputs:
        assert str(control.get("id")) in page.label_for | set(page.wrapped), control


@pytest.mark.django_db
def test_unsubscribe_page_basics(client: Client) -> None:
    from runback.accounts.services import user_create
    from runback.reminders.services import unsubscribe_token

    runner = user_create(email="u@example.com", password="x" * 12, name="U")
    response = client.get(
        reverse("reminders:unsubscribe", args=[unsubscribe_token(runner=runner, kind="nudge")])
    )
    page = Page()
    page.feed(response.content.decode())
    assert response.status_code == 200 and page.h1 == 1 and page.inline == []
    assert response["Cache-Control"] == "no-store"
