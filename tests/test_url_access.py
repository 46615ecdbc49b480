"""Every URL pattern, as every persona: nobody sees or changes another runner's data,
and anonymous visitors are refused or sent to the login page.

The patterns are enumerated from the URL resolver, so a new page is tested the day it
is added. Path parameters are filled with the ids of the *other* runner's objects, the
most likely thing an attacker would try.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.apps import apps
from django.db import models
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

from runback.accounts.models import Clinic, Role, User
from runback.accounts.services import user_create
from runback.assessments.services import booking_create, slot_create
from runback.clinic.models import Alert
from runback.clinic.services import share_create, share_withdraw
from runback.clinic.services_alerts import alert_acknowledge
from runback.clinic.services_record import flag_clear, note_add
from runback.common.clock import today
from runback.rehab.checkin.recording import event_record
from runback.rehab.models import Event
from tests.assessments.conftest import at

OTHER_MARKERS = ("zebra.otherrunner@example.org", "Zebra Otherrunner")

# Pages anybody may open (no login): names, namespace-qualified.
PUBLIC = {
    "home",
    "healthz",
    "set_language",
    "accounts:signup",
    "accounts:signup_done",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:email_confirm",  # the signed link from the sign-up email; works once
    "admin:login",
    "admin:logout",
    # the web app's files and its offline page: nothing personal in them
    "pwa:manifest",
    "pwa:service_worker",
    "pwa:offline",
}
PUBLIC_NAMESPACES = {"content"}  # the education library is public
# Pages opened without a login by a secret in the URL alone. They are walked like every
# other page (the walk's guessed values must give a 404, never the other runner's data);
# each has its own test that a right secret works and a wrong one is a 404.
TOKEN_ONLY = {
    # calendar apps cannot log in: a random key and secret per runner, resettable
    # (tests/exports/test_calendar_feed.py)
    "exports:calendar_feed",
    # RFC 8058 one-click unsubscribe from an email: a signed token that can only switch
    # one kind of reminder off (tests/reminders/test_reminders_send.py)
    "reminders:unsubscribe",
}
# Patterns that cannot be turned into a URL here (regex catch-alls); listed so that any
# other unnamed or regex pattern fails this test until it is looked at.
UNWALKABLE = {r"admin/(?P<url>.*)$"}
# Unnamed patterns are walked too (by their template); the admin has a few.


@dataclass(frozen=True)
class Route:
    name: str
    template: str  # e.g. "accounts/password/reset/<uidb64>/<token>/"
    regex: bool = False

    @property
    def namespace(self) -> str:
        return self.name.split(":")[0] if ":" in self.name else ""


def _walk(resolver: URLResolver, prefix: str = "", ns: str = "") -> Iterator[Route]:
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            child_ns = ns
            if entry.namespace:
                child_ns = f"{ns}:{entry.namespace}" if ns else entry.namespace
            yield from _walk(entry, prefix + str(entry.pattern), child_ns)
        elif isinstance(entry, URLPattern):
            name = entry.name or ""
            full = f"{ns}:{name}" if ns and name else name
            yield Route(
                full, prefix + str(entry.pattern), not isinstance(entry.pattern, RoutePattern)
            )


ROUTES = sorted(set(_walk(get_resolver())), key=lambda r: r.template)


def _other_ids(other: User) -> dict[str, list[Any]]:
    """Ids of every object that belongs to the other runner, by model."""
    ids: dict[str, list[Any]] = {"user": [other.pk]}
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if (
                isinstance(field, models.ForeignKey)
                and field.related_model is User
                and field.name in {"user", "runner", "subject"}
            ):
                pks = list(
                    model._default_manager.filter(**{field.name: other}).values_list(
                        "pk", flat=True
                    )[:3]
                )
                ids.setdefault(model._meta.model_name or "", []).extend(pks)
    return ids


def _fill(route: Route, other: User) -> list[str]:
    """Concrete URLs for a route template, using the other runner's ids."""
    template = route.template
    if route.regex or "^" in template:
        regex = template
        if regex in UNWALKABLE:
            return []
        # Regex patterns from admin: app_index `^(?P<app_label>a|b)/$`
        match = re.fullmatch(r"(.*)\^\(\?P<app_label>([\w|]+)\)/\$", regex)
        if match:
            return ["/" + match.group(1) + label + "/" for label in match.group(2).split("|")]
        raise AssertionError(f"cannot walk regex URL pattern {template!r}: add it to UNWALKABLE")
    ids = _other_ids(other)
    every_pk = sorted({pk for pks in ids.values() for pk in pks})
    urls = [template]
    for converter, _name in re.findall(r"<(?:(\w+):)?(\w+)>", template):
        placeholder = re.compile(r"<(?:\w+:)?\w+>")
        values: list[str]
        if converter == "int" or converter == "path":
            values = [str(pk) for pk in every_pk] or ["1"]
        elif converter == "uuid":
            values = [str(uuid.UUID(int=0))]
        else:
            event_ids = [
                str(i)
                for i in Event.objects.filter(runner=other).values_list("payload__id", flat=True)
            ]
            values = ["x", str(other.pk), *event_ids]
        urls = [placeholder.sub(value, url, count=1) for url in urls for value in values]
    return ["/" + url for url in urls]


def _snapshot(other: User) -> dict[str, Any]:
    """Everything stored about the other runner, to compare before and after."""
    other.refresh_from_db()
    state: dict[str, Any] = {
        "user": (
            other.email,
            other.name,
            other.password,
            other.role,
            other.clinic_id,
            other.is_active,
        ),
    }
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.ForeignKey) and field.related_model is User:
                rows = model._default_manager.filter(**{field.name: other}).order_by("pk").values()
                state[f"{model._meta.label}.{field.name}"] = [dict(r) for r in rows]
    return state


def _assert_no_leak(response: Any, route: Route, url: str) -> None:
    assert response.status_code < 500, (route, url, response.status_code)
    body = b"".join(response) if response.streaming else response.content
    text = body.decode(errors="replace")
    for marker in OTHER_MARKERS:
        assert marker not in text, f"{url} ({route.name}) shows the other runner's {marker!r}"


def _is_public(route: Route) -> bool:
    return route.name in PUBLIC or route.namespace in PUBLIC_NAMESPACES


def test_every_route_is_walked() -> None:
    assert len(ROUTES) > 20, "no URL patterns found"
    assert {r.name for r in ROUTES} >= TOKEN_ONLY
    ours = [r for r in ROUTES if not r.template.startswith("admin/")]
    assert all(r.name for r in ours), "give every URL pattern of ours a name"


@pytest.fixture
def personas(
    anonymous_client: Client,
    runner_with_plan_client: Client,
    clinician_client: Client,
    clinic: Clinic,
) -> dict[str, Client]:
    admin = user_create(
        email="admin@example.com", password=None, role=Role.CLINIC_ADMIN, clinic=clinic
    )
    admin_client = Client()
    admin_client.force_login(admin)
    return {
        "anonymous": anonymous_client,
        "runner": runner_with_plan_client,
        "clinician": clinician_client,  # of the runner's clinic, not the other runner's
        "clinic_admin": admin_client,
    }


@pytest.fixture
def withdrawn_other_runner(other_runner: User, clinic: Clinic) -> User:
    """The other runner shared with the personas' clinic once, then withdrew: the
    clinician and the clinic admin must see nothing of them any more."""
    share = share_create(runner=other_runner, clinic=clinic, language="da")
    assert share_withdraw(runner=other_runner, share_id=share.pk)
    return other_runner


@pytest.mark.django_db
@pytest.mark.parametrize("route", ROUTES, ids=lambda r: r.name or r.template)
def test_nobody_sees_or_changes_another_runners_data(
    route: Route, personas: dict[str, Client], withdrawn_other_runner: User
) -> None:
    other_runner = withdrawn_other_runner
    urls = _fill(route, other_runner)
    before = _snapshot(other_runner)
    for persona, client in personas.items():
        for url in urls:
            response = client.get(url)
            _assert_no_leak(response, route, url)
            if persona == "anonymous" and not _is_public(route):
                assert response.status_code in {302, 401, 403, 404, 405}, (
                    url,
                    response.status_code,
                )
                if response.status_code == 302:
                    assert "login" in response["Location"], (url, response["Location"])
            if route.name in TOKEN_ONLY:
                assert response.status_code == 404, (url, persona, response.status_code)
            post = client.post(url, {"email": OTHER_MARKERS[0], "runner": other_runner.pk})
            assert post.status_code < 500, (route, url, post.status_code)
            if persona == "anonymous" and not _is_public(route):
                assert post.status_code in {302, 401, 403, 404, 405}, (url, post.status_code)
    after = _snapshot(other_runner)
    # Audit entries made *about* the other runner by someone else would be a change too.
    assert after == before, f"{route.name}: the other runner's data changed"


@pytest.mark.django_db
def test_positive_control_runner_sees_own_data(runner_client: Client, runner: User) -> None:
    """The marker search would find data if it leaked: the runner sees their own email."""
    assert runner.email in runner_client.get("/accounts/").content.decode()


# --- a runner shared with two clinics, and a clinician who moved clinics ------------------

# What the second clinic ("Anden Klinik") stored about a runner who shares with both.
B_MARKERS = (
    "Zebra B-note",
    "Zebra B-handled",
    "Zebra B-reason",
    "Zebra B-room",
    "Zebra B-moved-note",
    "Zebra Bclinician",
    "zebra.bclinician@example.org",
    "Anden Klinik",
)
PER_CLINIC: tuple[str, ...] = ("clinic.Alert", "clinic.Note", "clinic.Decision", "clinic.Share")
PER_CLINIC += ("assessments.Slot", "assessments.Booking", "accounts.AuditEntry")


@dataclass(frozen=True)
class SharedWithBoth:
    runner: User
    other_clinic: Clinic
    moved: User
    free_slot: int


@pytest.fixture
def shared_with_both(
    runner_with_plan: User, other_clinic: Clinic, django_capture_on_commit_callbacks: Any
) -> SharedWithBoth:
    """The runner also shares with "Anden Klinik", whose clinician handled their red flag,
    wrote a note, cleared the flag with a reason and booked them; a second clinician of
    that clinic wrote a note, then moved to the runner's first clinic ("Testklinik")."""

    runner = runner_with_plan
    with django_capture_on_commit_callbacks(execute=True):
        share_create(runner=runner, clinic=other_clinic, language="da")
        event_record(
            runner=runner,
            author=runner,
            payload={"type": "red_flag", "date": today().isoformat(), "flags": ["TRIAGE-5"]},
        )
    b = user_create(
        email=B_MARKERS[6],
        password=None,
        role=Role.CLINICIAN,
        clinic=other_clinic,
        name=B_MARKERS[5],
    )
    alert = Alert.objects.get(runner=runner, clinic=other_clinic, kind="prompt")
    assert alert_acknowledge(alert_id=alert.pk, author=b, note=B_MARKERS[1])
    note_add(author=b, runner_id=runner.pk, text=B_MARKERS[0])
    flag_clear(author=b, runner_id=runner.pk, reason=B_MARKERS[2], flags=["TRIAGE-5"])
    booked = slot_create(clinician=b, starts_at=at(3), minutes=30, place=B_MARKERS[3])
    free = slot_create(clinician=b, starts_at=at(4), minutes=30, place=B_MARKERS[3])
    booking_create(runner=runner, slot_id=booked.pk)
    moved = user_create(
        email="moved@example.com", password=None, role=Role.CLINICIAN, clinic=other_clinic
    )
    note_add(author=moved, runner_id=runner.pk, text=B_MARKERS[4])
    runner.log_action("clinic.record.viewed", actor=moved)
    User.objects.filter(pk=moved.pk).update(clinic=runner.clinic_shares.order_by("pk")[0].clinic)
    moved.refresh_from_db()
    return SharedWithBoth(runner, other_clinic, moved, free.pk)


def _clinic_rows(clinic: Clinic) -> dict[str, Any]:
    return {
        label: [
            dict(r)
            for r in apps.get_model(label).objects.filter(clinic=clinic).order_by("pk").values()
        ]
        for label in PER_CLINIC
    }


def _clinic_ids(shared: SharedWithBoth) -> list[int]:
    ids = {shared.runner.pk, shared.free_slot}
    for label in PER_CLINIC:
        model = apps.get_model(label)
        ids.update(
            model.objects.filter(clinic=shared.other_clinic).values_list("pk", flat=True)[:2]
        )
    return sorted(ids)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "route",
    [r for r in ROUTES if not r.regex and not r.template.startswith("admin/")],
    ids=lambda r: r.name or r.template,
)
def test_no_clinic_sees_or_changes_another_clinics_work(
    route: Route, personas: dict[str, Client], shared_with_both: SharedWithBoth
) -> None:
    """Walked as the first clinic's clinician and admin, and the clinician who moved to it
    from the second clinic: nothing the second clinic stored shows or changes."""
    shared = shared_with_both
    moved = Client()
    moved.force_login(shared.moved)
    clients = {"clinician": personas["clinician"], "clinic_admin": personas["clinic_admin"]}
    clients["moved"] = moved
    ids = [str(pk) for pk in _clinic_ids(shared)]
    urls = [route.template]
    for _converter, _name in re.findall(r"<(?:(\w+):)?(\w+)>", route.template):
        placeholder = re.compile(r"<(?:\w+:)?\w+>")
        urls = [placeholder.sub(value, url, count=1) for url in urls for value in ids]
    data = {
        "note": "x",
        "text": "x",
        "reason": "x",
        "flags": ["TRIAGE-5"],
        "slot": shared.free_slot,
        "agree": "on",
    }
    before = _clinic_rows(shared.other_clinic)
    for persona, client in clients.items():
        for url in ["/" + u for u in urls]:
            for response in (client.get(url), client.post(url, data)):
                assert response.status_code < 500, (url, persona, response.status_code)
                body = b"".join(response) if response.streaming else response.content
                text = body.decode(errors="replace")
                for marker in B_MARKERS:
                    assert marker not in text, f"{url} as {persona} shows {marker!r}"
    after = _clinic_rows(shared.other_clinic)
    assert after == before, f"{route.name}: the other clinic's rows changed"


@pytest.mark.django_db
def test_positive_control_the_second_clinic_sees_its_own_work(
    shared_with_both: SharedWithBoth,
) -> None:
    """The marker search would find the second clinic's work if it leaked."""
    b = User.objects.get(email=B_MARKERS[6])
    client = Client()
    client.force_login(b)
    record = client.get(f"/clinic/runners/{shared_with_both.runner.pk}/").content.decode()
    for marker in B_MARKERS[:3] + B_MARKERS[4:5]:
        assert marker in record, marker
    assert B_MARKERS[3] in client.get("/assessments/clinic/").content.decode()
