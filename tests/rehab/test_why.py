"""rehab:why: every reason, with its rule ID linked to the library."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_why_lists_reasons_with_rule_links(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(reverse("rehab:why")).content.decode()
    assert 'href="/library/rule/RUN-P1/"' in body
    assert "Løbetesten" in body
    assert "erstatter ikke en behandler" in body
