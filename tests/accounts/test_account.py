"""accounts:account: the person's own page, with the audit log of their record."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from runback.accounts.models import User
from runback.accounts.services import consent_withdraw


@pytest.mark.django_db
def test_account_shows_own_data_and_audit_log(runner_client: Client, runner: User) -> None:
    response = runner_client.get(reverse("accounts:account"))
    assert response.status_code == 200
    body = response.content.decode()
    assert runner.email in body
    assert "Samtykke givet" in body


@pytest.mark.django_db
def test_account_needs_login(client: Client) -> None:
    assert client.get(reverse("accounts:account")).status_code == 302


@pytest.mark.django_db
def test_account_links_to_own_data_and_says_when_consent_was_withdrawn(
    runner_client: Client, runner: User
) -> None:
    consent_withdraw(user=runner)
    body = runner_client.get(reverse("accounts:account")).content.decode()
    assert "Trukket tilbage den" in body
    for name in ("rehab:history", "rehab:progress", "rehab:export", "accounts:consent"):
        assert reverse(name) in body, name
    assert reverse("accounts:consent_withdraw") not in body  # nothing left to withdraw


@pytest.mark.django_db
def test_account_of_a_clinician_asks_no_consent(clinician_client: Client) -> None:
    body = clinician_client.get(reverse("accounts:account")).content.decode()
    assert reverse("accounts:consent") not in body
    assert reverse("rehab:export") not in body


@pytest.mark.django_db
def test_account_shows_and_changes_the_region(runner_client: Client, runner: User) -> None:
    body = runner_client.get(reverse("accounts:account")).content.decode()
    assert "Ikke valgt" in body and reverse("accounts:region") in body
    response = runner_client.post(
        reverse("accounts:region"), {"region": "midtjylland", "next": reverse("accounts:account")}
    )
    assert response["Location"] == reverse("accounts:account")
    runner.refresh_from_db()
    assert runner.region == "midtjylland"
    assert runner.audit_entries.filter(action="accounts.region.changed").exists()
    body = runner_client.get(reverse("accounts:account")).content.decode()
    assert "Region Midtjylland" in body
    assert 'href="tel:+4570113131"' in body  # the footer follows the new region


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["", "atlantis", "1813"])
def test_a_bad_region_changes_nothing(runner_client: Client, runner: User, value: str) -> None:
    runner.region = "sjaelland"
    runner.save()
    response = runner_client.post(reverse("accounts:region"), {"region": value})
    assert response.status_code == 200
    assert response.context["form"].errors["region"]
    runner.refresh_from_db()
    assert runner.region == "sjaelland"


@pytest.mark.django_db
def test_the_region_page_never_sends_you_off_site(runner_client: Client) -> None:
    response = runner_client.post(
        reverse("accounts:region"), {"region": "nordjylland", "next": "https://evil.example/"}
    )
    assert response["Location"] == reverse("accounts:account")


@pytest.mark.django_db
def test_the_region_page_needs_login(client: Client) -> None:
    response = client.post(reverse("accounts:region"), {"region": "nordjylland"})
    assert response.status_code == 302
    assert not User.objects.filter(region="nordjylland").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["foo", "accounts:account", "//evil.example", "https://x.y/"])
def test_region_change_never_follows_a_next_that_is_not_a_path_here(
    runner_client: Client, runner: User, next_url: str
) -> None:
    """Was a 500 (a bare word was taken as a view name)."""
    response = runner_client.post(
        reverse("accounts:region"), {"region": "midtjylland", "next": next_url}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:account")
