"""Everything that changes the sharing between a runner and a clinic: invitations (the
codes) and shares. Alerts are in services_alerts.py, notes and the clinician's decisions
on a runner's plan in services_record.py."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from runback.accounts.models import Clinic, User
from runback.accounts.network import address_key
from runback.accounts.ratelimit import rate_limit_add, rate_limit_count
from runback.clinic.errors import NotAllowed, ShareError
from runback.clinic.models import Invitation, Share
from runback.clinic.services_alerts import alerts_refresh
from runback.clinic.sharing import share_text

# Letters and digits that cannot be mistaken for each other when read aloud or typed.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def invitation_create(*, clinic: Clinic, author: User, label: str = "") -> Invitation:
    if not author.is_clinic_staff or author.clinic_id != clinic.pk:
        raise NotAllowed
    expires = timezone.now() + timedelta(days=settings.RUNBACK_CLINIC_INVITATION_DAYS)
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
        try:
            with transaction.atomic():
                return Invitation.objects.create(
                    clinic=clinic, code=code, label=label, created_by=author, expires_at=expires
                )
        except IntegrityError:  # pragma: no cover - a collision in 32**8
            continue


def _invitation_try_buckets(
    *, runner: User, client_address: str | None
) -> list[tuple[str, str, int]]:
    client = address_key(client_address) or "unknown"
    return [
        ("invitation:runner", str(runner.pk), settings.RUNBACK_INVITATION_TRIES_PER_HOUR),
        ("invitation:client", client, settings.RUNBACK_INVITATION_TRIES_PER_HOUR_PER_ADDRESS),
    ]


def invitation_tries_left(*, runner: User, client_address: str | None) -> bool:
    """May `runner` (from `client_address`) try a code now? Only codes that found no usable
    invitation count (`invitation_try_failed`), per runner and per client, for an hour, in
    the shared cache like the password-reset limits: nobody can guess codes quickly."""
    return all(
        rate_limit_count(bucket=bucket, key=key) < limit
        for bucket, key, limit in _invitation_try_buckets(
            runner=runner, client_address=client_address
        )
    )


def invitation_try_failed(*, runner: User, client_address: str | None) -> None:
    """Count one code that was not a usable invitation."""
    for bucket, key, _limit in _invitation_try_buckets(
        runner=runner, client_address=client_address
    ):
        rate_limit_add(bucket=bucket, key=key)


def invitation_find(*, code: str) -> Invitation | None:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    invitation = Invitation.objects.select_related("clinic").filter(code=cleaned).first()
    return invitation if invitation is not None and invitation.usable() else None


@transaction.atomic
def share_accept(*, runner: User, code: str, language: str) -> Share:
    """The runner agrees (the exact words are stored) to share with the invitation's clinic."""
    if not runner.is_runner:
        raise ShareError
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    invitation = (
        Invitation.objects.select_for_update().select_related("clinic").filter(code=cleaned).first()
    )
    if invitation is None or not invitation.usable():
        raise ShareError
    share = share_create(runner=runner, clinic=invitation.clinic, language=language)
    if share.invitation_id is None:
        share.invitation = invitation
        share.save(update_fields=["invitation"])
        invitation.used_by = runner
        invitation.used_at = timezone.now()
        invitation.save(update_fields=["used_by", "used_at"])
    return share


@transaction.atomic
def share_create(*, runner: User, clinic: Clinic, language: str) -> Share:
    """The runner's share with `clinic`, with the exact words they agreed to (the caller
    has shown them and had them agree: the invitation page, or the demo)."""
    existing = Share.objects.filter(runner=runner, clinic=clinic, withdrawn_at__isnull=True).first()
    if existing is not None:
        return existing
    share = Share.objects.create(
        runner=runner,
        clinic=clinic,
        text=share_text(clinic_name=clinic.name, language=language),
        language=language,
        includes_activities=True,  # the text names them
    )
    # The clinic's own helpline (if it has one) is now the runner's, as before.
    User.objects.filter(pk=runner.pk).update(clinic=clinic)
    runner.clinic = clinic
    runner.log_action("clinic.share.given", actor=runner, data={"clinic": clinic.name})
    transaction.on_commit(lambda: alerts_refresh(runner_id=runner.pk))
    return share


@transaction.atomic
def share_withdraw(*, runner: User, share_id: int) -> bool:
    """Access ends at once; the record of the share stays (when given, when withdrawn)."""
    share = Share.objects.filter(pk=share_id, runner=runner, withdrawn_at__isnull=True).first()
    if share is None:
        return False
    share.withdrawn_at = timezone.now()
    share.save(update_fields=["withdrawn_at"])
    still = Share.objects.filter(runner=runner, withdrawn_at__isnull=True).first()
    User.objects.filter(pk=runner.pk).update(clinic=still.clinic_id if still else None)
    runner.clinic_id = still.clinic_id if still else None
    runner.log_action("clinic.share.withdrawn", actor=runner, data={"clinic": share.clinic.name})
    return True


@transaction.atomic
def share_extend(*, runner: User, share_id: int, language: str) -> Share | None:
    """The runner agrees to today's words (which name the watch activities) for a share
    given under older words: in one transaction the old share ends and a new one starts
    at the same moment, for the same clinic and invitation, so the clinic's access never
    lapses. None, and nothing written, if `share_id` is not the runner's active share or
    it includes the activities already. Not a withdrawal: no withdrawal is logged and the
    runner's clinic stays the same."""
    if not runner.is_runner:
        return None
    old = (
        Share.objects.select_related("clinic")
        .filter(pk=share_id, runner=runner, withdrawn_at__isnull=True, includes_activities=False)
        .first()
    )
    if old is None:
        return None
    now = timezone.now()
    # A conditional update: of two requests at the same moment, only one ends the share
    # (and so only one makes the new one; the one-active-share constraint holds).
    ended = Share.objects.filter(pk=old.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
    if not ended:
        return None
    clinic = old.clinic
    share = Share.objects.create(
        runner=runner,
        clinic=clinic,
        invitation_id=old.invitation_id,
        text=share_text(clinic_name=clinic.name, language=language),
        language=language,
        includes_activities=True,  # the text names them
        given_at=now,
    )
    runner.log_action("clinic.share.extended", actor=runner, data={"clinic": clinic.name})
    transaction.on_commit(lambda: alerts_refresh(runner_id=runner.pk))
    return share


def shares_end_all(*, user: User, **_kwargs: Any) -> int:
    """Consent to processing was withdrawn: every share ends at once (receiver of
    `accounts.signals.consent_withdrawn`, inside its transaction)."""
    ended = 0
    for share in Share.objects.filter(runner=user, withdrawn_at__isnull=True):
        ended += int(share_withdraw(runner=user, share_id=share.pk))
    return ended
