"""Users (log in with email), their role, their clinic, their consent, and the audit log."""

from __future__ import annotations

import contextlib
import unicodedata
from typing import Any, ClassVar

import idna
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    RUNNER = "runner", _("Runner")
    CLINICIAN = "clinician", _("Clinician")
    CLINIC_ADMIN = "clinic_admin", _("Clinic admin")


class Clinic(models.Model):
    name = models.CharField(_("name"), max_length=200)
    medical_helpline = models.CharField(
        _("medical helpline"),
        max_length=40,
        blank=True,
        help_text=_("Optional: the number your runners call instead of their region's helpline."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("clinic")
        verbose_name_plural = _("clinics")

    def __str__(self) -> str:
        return self.name


def _fold(text: str) -> str:
    """Unicode NFKC, case-folded (and NFKC again: folding can undo it)."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def normalize_email(email: str) -> str:
    """One spelling per mailbox, so one mailbox is one account: trimmed, Unicode NFKC and
    case-folded, the domain in its Unicode form by IDNA (UTS 46), so `IDN@Bücher.DK` and
    `idn@xn--bcher-kva.dk` are the same address (`idn@bücher.dk`). Sending encodes the
    domain again (Django's `sanitize_address`). A domain that is not valid IDNA is only
    folded (the form's validator decides whether it is an address at all)."""
    local, at, domain = _fold(email.strip()).rpartition("@")
    if not at:
        return _fold(email.strip())
    with contextlib.suppress(idna.IDNAError, UnicodeError):
        domain = idna.decode(idna.encode(domain, uts46=True))
    return f"{local}@{domain}"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_queryset(self) -> models.QuerySet[User]:
        # The clinic comes along (one join, no extra query): every page's footer shows
        # the clinic's own helpline when it has one.
        return super().get_queryset().select_related("clinic")

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("email is required")
        extra.setdefault("email_confirmed_at", timezone.now())
        user = self.model(email=normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("role", Role.CLINIC_ADMIN)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email=normalize_email(username or ""))


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RUNNER)
    clinic = models.ForeignKey(
        Clinic,
        verbose_name=_("clinic"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="da"
    )
    # A key of settings.RUNBACK_REGIONS (who to call: the region's medical helpline).
    region = models.CharField(_("region"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(_("staff"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # When the person proved they hold the address (the link emailed at sign-up). Until
    # then their consent does not count (`selectors.consent_is_current`). Accounts made
    # by somebody else (staff, the demo, `createsuperuser`) count as confirmed: see
    # UserManager.create_user.
    email_confirmed_at = models.DateTimeField(_("email confirmed"), null=True, blank=True)

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints: ClassVar = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.email

    @property
    def email_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_runner(self) -> bool:
        return self.role == Role.RUNNER

    @property
    def is_clinic_staff(self) -> bool:
        return self.role in {Role.CLINICIAN, Role.CLINIC_ADMIN}

    def log_action(
        self,
        action: str,
        *,
        actor: User | None = None,
        data: dict[str, Any] | None = None,
        clinic_id: int | None = None,
    ) -> AuditEntry:
        """Leave an audit entry on this person's record (pretix's `log_action`).

        The entry keeps the clinic the action was taken in: `clinic_id` when given, else
        the clinic a staff actor works in now (a runner's own actions have none). The
        clinic's audit export chooses by it, so a clinician who later moves clinics
        takes none of these rows along."""
        return AuditEntry.objects.create(
            subject=self,
            actor=actor,
            action=action,
            data=data or {},
            clinic_id=_audit_clinic(actor, clinic_id),
        )

    def audit_entry_build(
        self,
        action: str,
        *,
        actor: User | None = None,
        data: dict[str, Any] | None = None,
        clinic_id: int | None = None,
    ) -> AuditEntry:
        """The entry `log_action` stores, not yet saved (for one `bulk_create` of several
        on the check-in's hot path); the same rule for the clinic it belongs to."""
        return AuditEntry(
            subject=self,
            actor=actor,
            action=action,
            data=data or {},
            clinic_id=_audit_clinic(actor, clinic_id),
        )


def _audit_clinic(actor: User | None, clinic_id: int | None) -> int | None:
    """The clinic an audited action was taken in: the one given, else the one a staff
    actor works in now (a runner's own actions have none)."""
    if clinic_id is None and actor is not None and actor.is_clinic_staff:
        return actor.clinic_id
    return clinic_id


class Consent(models.Model):
    """Explicit consent to processing health data (GDPR art. 9(2)(a)), as given."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="consents")
    version = models.CharField(max_length=32)
    text = models.TextField(help_text="The exact words the person accepted.")
    language = models.CharField(max_length=8)
    given_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering: ClassVar = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} {self.version} {self.given_at:%Y-%m-%d}"


class AuditEntry(models.Model):
    """One action on a person's record: who did what, when. Never edited or deleted."""

    subject = models.ForeignKey(User, on_delete=models.CASCADE, related_name="audit_entries")
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=100)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    # The clinic the action was taken in (staff actions; the clinic's audit export
    # reads by it, never by the actor's clinic of today). None: a runner's own action.
    clinic = models.ForeignKey(
        Clinic, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["clinic", "created_at"], name="accounts_audit_clinic_time"),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action}"


class ErasedBy(models.TextChoices):
    SELF = "self", _("The person themself")
    ADMIN = "admin", _("An administrator")


class Erasure(models.Model):
    """The record that an account was erased (GDPR art. 17), with no personal data.

    When, which clinic the person belonged to (if any), who asked for it in role terms,
    and how many rows of each kind were removed. Never an email, a name, a user id or an
    address: after an erasure nothing in the database points to the person.
    """

    erased_at = models.DateTimeField(default=timezone.now, db_index=True)
    clinic = models.ForeignKey(
        Clinic,
        verbose_name=_("clinic"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    account_role = models.CharField(max_length=20, choices=Role.choices)
    erased_by = models.CharField(max_length=10, choices=ErasedBy.choices)
    removed = models.JSONField(
        default=dict, blank=True, help_text="rows removed, by kind (e.g. rehab.Event: 12)"
    )

    class Meta:
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")
        ordering: ClassVar = ["-erased_at", "-id"]

    def __str__(self) -> str:
        return f"{self.erased_at:%Y-%m-%d %H:%M} {self.account_role} ({self.erased_by})"
