"""Everything that changes accounts. Keyword-only, typed, one transaction each."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

from runback.accounts.consent import CONSENT_VERSION, consent_text
from runback.accounts.models import Clinic, Consent, Role, User, normalize_email


def clinic_create(*, name: str) -> Clinic:
    return Clinic.objects.create(name=name)


@transaction.atomic
def user_create(
    *,
    email: str,
    password: str | None,
    role: str = Role.RUNNER,
    name: str = "",
    clinic: Clinic | None = None,
    language: str = "da",
    actor: User | None = None,
) -> User:
    user = User.objects.create_user(
        email=normalize_email(email),
        password=password,
        role=role,
        name=name,
        clinic=clinic,
        language=language,
    )
    user.log_action("accounts.user.created", actor=actor or user, data={"role": role})
    return user


@transaction.atomic
def consent_give(*, user: User, language: str | None = None) -> Consent:
    """Record that `user` accepted the current consent text, in the words they saw."""
    consent = Consent.objects.create(
        user=user,
        version=CONSENT_VERSION,
        text=consent_text(),
        language=language or get_language() or "da",
    )
    user.log_action("accounts.consent.given", actor=user, data={"version": CONSENT_VERSION})
    return consent


@transaction.atomic
def consent_withdraw(*, user: User) -> int:
    """Withdraw every open consent of `user`; returns how many were open."""
    now = timezone.now()
    count = Consent.objects.filter(user=user, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if count:
        user.log_action("accounts.consent.withdrawn", actor=user)
    return count


@transaction.atomic
def runner_sign_up(*, email: str, password: str, language: str) -> User:
    """A new runner who has just ticked the consent box: account and consent together."""
    user = user_create(email=email, password=password, role=Role.RUNNER, language=language)
    consent_give(user=user, language=language)
    return user


@transaction.atomic
def user_delete(*, user: User) -> None:
    """Erase the person and everything stored about them (GDPR art. 17): consents,
    audit entries about them and, through the cascade, their rehab history."""
    user.delete()


def user_set_language(*, user: User, language: str) -> None:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


@transaction.atomic
def user_set_region(*, user: User, region: str) -> None:
    """Where the runner lives (a key of RUNBACK_REGIONS): who they are told to call."""
    if user.region != region:
        user.region = region
        user.save(update_fields=["region"])
        user.log_action("accounts.region.changed", actor=user, data={"region": region})
