"""Withdrawing consent to processing ends every share with a clinic at once."""

from __future__ import annotations

import pytest

from runback.accounts.models import User
from runback.accounts.selectors import runner_visible_to
from runback.accounts.services import consent_withdraw


@pytest.mark.django_db
def test_withdrawing_consent_ends_sharing(runner: User, clinician: User) -> None:
    assert runner_visible_to(user=clinician).filter(pk=runner.pk).exists()
    consent_withdraw(user=runner)
    assert not runner_visible_to(user=clinician).filter(pk=runner.pk).exists()
    assert not runner.clinic_shares.filter(withdrawn_at__isnull=True).exists()
    assert runner.audit_entries.filter(action="clinic.share.withdrawn").exists()
