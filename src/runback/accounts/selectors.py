"""Everything that reads accounts. `runner_visible_to` is THE rule for who sees whom."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, QuerySet

from runback.accounts.consent import CONSENT_VERSION
from runback.accounts.models import AuditEntry, Consent, Role, User


def runner_visible_to(*, user: User | AnonymousUser) -> QuerySet[User]:
    """The runners whose records `user` may see. Every view and API that shows a runner's
    data starts from this queryset; nothing else decides visibility.

    - a runner sees only themself;
    - a clinician or clinic admin sees the runners who share with their clinic now (an
      invitation and an explicit consent, `runback.clinic.models.Share`); a withdrawn
      share ends access at once. `User.clinic` of a runner grants nothing;
    - anybody else (anonymous, staff without a clinic) sees nobody.
    """
    runners = User.objects.filter(role=Role.RUNNER, is_active=True)
    if not user.is_authenticated or not isinstance(user, User) or not user.is_active:
        return runners.none()
    if user.role == Role.RUNNER:
        return runners.filter(pk=user.pk)
    if user.role in {Role.CLINICIAN, Role.CLINIC_ADMIN} and user.clinic_id is not None:
        # At most one active share per runner and clinic (a constraint): no duplicates.
        return runners.filter(
            clinic_shares__clinic_id=user.clinic_id, clinic_shares__withdrawn_at__isnull=True
        )
    return runners.none()


def consent_current(*, user: User) -> Consent | None:
    """The consent to the current text that `user` has given and not withdrawn."""
    return (
        Consent.objects.filter(user=user, version=CONSENT_VERSION, withdrawn_at__isnull=True)
        .order_by("-given_at", "-id")
        .first()
    )


def consent_is_current(*, user: User) -> bool:
    """Whether `user` has consented to the current text and not withdrawn it (what a page
    that stores or computes something asks on every request: an EXISTS, no row read). A
    consent counts only once the account's email address is confirmed."""
    if not user.email_confirmed:
        return False
    return _current_consents().filter(user=user).exists()


def consent_is_current_of_row() -> Exists:
    """The consent half of `consent_is_current` as an expression over a queryset of users
    (the same EXISTS inside another read, e.g. the check-in's one read of the runner's
    state); the caller also checks `user.email_confirmed`."""
    return Exists(_current_consents().filter(user=OuterRef("pk")))


def _current_consents() -> QuerySet[Consent]:
    return Consent.objects.filter(version=CONSENT_VERSION, withdrawn_at__isnull=True)


def consent_latest(*, user: User) -> Consent | None:
    """The consent `user` gave last (to any text version), withdrawn or not."""
    return Consent.objects.filter(user=user).order_by("-given_at", "-id").first()


def audit_entries_for(*, viewer: User | AnonymousUser, subject: User) -> QuerySet[AuditEntry]:
    """The audit log of `subject`'s record, if `viewer` may see that record."""
    if not runner_visible_to(user=viewer).filter(pk=subject.pk).exists():
        return AuditEntry.objects.none()
    return AuditEntry.objects.filter(subject=subject).select_related("actor")
