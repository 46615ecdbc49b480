"""clinic:join: an unknown, used or expired code is answered at the field (never a 500),
and tries of codes that find nothing are limited like password resets."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from tests.clinic.conftest import login

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.clinic.models import Invitation, Share

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse

URL = "/clinic/join/"
NOT_VALID = "Koden er ikke gyldig"


@pytest.fixture
def newcomer(db: None) -> User:
    user = user_create(email="new@example.com", password=None, name="Hans Ny")
    consent_give(user=user, language="da")
    return user


def _invitation(clinician: User) -> Invitation:
    login(clinician).post("/clinic/invitations/", {"label": "Hans"})
    return Invitation.objects.get()


def _field_error(response: _MonkeyPatchedWSGIResponse, text: str = NOT_VALID) -> bool:
    form = response.context["form"]
    return any(text in error for error in form.errors.get("code", []))


@pytest.mark.parametrize("kind", ["unknown", "used", "expired"])
def test_a_code_that_is_not_usable_is_answered_at_the_field(
    kind: str, clinician: User, newcomer: User, runner: User
) -> None:
    code = "ZZZZ9999"
    if kind != "unknown":
        invitation = _invitation(clinician)
        code = invitation.code
        if kind == "used":
            invitation.used_by, invitation.used_at = runner, timezone.now()
            invitation.save()
        else:
            Invitation.objects.filter(pk=invitation.pk).update(
                expires_at=timezone.now() - timedelta(minutes=1)
            )
    client = login(newcomer)
    page = client.get(f"{URL}?code={code}")
    assert page.status_code == 200
    assert _field_error(page)
    posted = client.post(URL, {"code": code, "agree": "on"})
    assert posted.status_code == 200 and _field_error(posted)
    assert not Share.objects.filter(runner=newcomer).exists()


def test_codes_that_find_nothing_are_limited_per_runner(clinician: User, newcomer: User) -> None:
    client = login(newcomer)
    limit = settings.RUNBACK_INVITATION_TRIES_PER_HOUR
    for n in range(limit):
        assert client.get(f"{URL}?code=WRONG{n:03d}").status_code == 200
    # Over the limit even the right code is not looked up: a clear answer, a 429.
    code = _invitation(clinician).code
    refused = client.post(URL, {"code": code, "agree": "on"})
    assert refused.status_code == 429
    assert _field_error(refused, "For mange koder")
    assert not Share.objects.filter(runner=newcomer).exists()
    assert client.get(f"{URL}?code={code}").status_code == 429
    assert client.get(URL).status_code == 200  # the empty form still opens
    # Another runner from another client is not held back by it.
    other = user_create(email="other@example.com", password=None)
    consent_give(user=other, language="da")
    other_client = Client(REMOTE_ADDR="192.0.2.7")
    other_client.force_login(other)
    assert other_client.post(URL, {"code": code, "agree": "on"}).status_code == 302
    assert Share.objects.filter(runner=other).exists()


def test_a_right_code_does_not_count(clinician: User, newcomer: User) -> None:
    client = login(newcomer)
    code = _invitation(clinician).code
    for _ in range(settings.RUNBACK_INVITATION_TRIES_PER_HOUR + 2):
        assert client.get(f"{URL}?code={code}").status_code == 200
    assert client.post(URL, {"code": code, "agree": "on"}).status_code == 302


def test_codes_are_limited_per_client_address_across_runners(clinician: User) -> None:
    limit = settings.RUNBACK_INVITATION_TRIES_PER_HOUR_PER_ADDRESS
    per_runner = settings.RUNBACK_INVITATION_TRIES_PER_HOUR
    tried = 0
    n = 0
    while tried < limit:
        user = user_create(email=f"guess{n}@example.com", password=None)
        consent_give(user=user, language="da")
        client = login(user)
        for _ in range(min(per_runner, limit - tried)):
            client.get(f"{URL}?code=WRONG{tried:03d}")
            tried += 1
        n += 1
    fresh = user_create(email="fresh@example.com", password=None)
    consent_give(user=fresh, language="da")
    assert login(fresh).get(f"{URL}?code=ANYCODE1").status_code == 429
