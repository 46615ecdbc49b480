"""Demo data for `runback demo` / `make run`: idempotent, development only."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import clinic_create, consent_give, user_create

DEMO_PASSWORD = "runback-demo-2026"  # noqa: S105 - printed to the developer on purpose
DEMO_CLINIC = "Demo Fysioterapi"


@dataclass
class DemoLogins:
    password: str = DEMO_PASSWORD
    accounts: list[tuple[str, str]] = field(default_factory=list)


def _user(*, email: str, role: str, clinic: Clinic | None, name: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing is not None:
        return existing
    return user_create(email=email, password=DEMO_PASSWORD, role=role, clinic=clinic, name=name)


@transaction.atomic
def demo_data_create() -> DemoLogins:
    clinic = Clinic.objects.filter(name=DEMO_CLINIC).first() or clinic_create(name=DEMO_CLINIC)
    logins = DemoLogins()
    _user(
        email="kliniker@demo.runback.dk", role=Role.CLINICIAN, clinic=clinic, name="Demo Kliniker"
    )
    logins.accounts.append(("clinician", "kliniker@demo.runback.dk"))
    runner = _user(
        email="loeber@demo.runback.dk", role=Role.RUNNER, clinic=clinic, name="Demo Løber"
    )
    if not runner.consents.exists():
        consent_give(user=runner, language="da")
    logins.accounts.append(("runner (new, no history yet)", "loeber@demo.runback.dk"))
    return logins
