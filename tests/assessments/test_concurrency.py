"""No double booking, ever: many runners ask for the same time at the same moment, each
request in its own thread with its own database connection. Exactly one gets it; the
others are told plainly that it was just taken (no error page). Meant for PostgreSQL (CI
runs the suite there too: DATABASE_URL=postgres://...). Skipped on SQLite, whose in-memory
test database refuses concurrent writers from threads outright ("table is locked")."""

from __future__ import annotations

import threading
from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client

from runback.accounts.models import Clinic, User
from runback.assessments import services
from runback.assessments.models import Booking, Slot
from tests.assessments.conftest import at, client_for, runner_of

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]

RUNNERS = 8
TAKEN = "en anden har lige booket den tid"
BOOKED = "Booket:"


def _runners(clinic: Clinic, count: int) -> list[User]:
    return [runner_of(clinic, f"racer{n}@example.com") for n in range(count)]


def _all_at_once(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run every call in its own thread, released together; their results (or errors)."""
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = calls[index]()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def _book_and_read(client: Client, slot: Slot) -> tuple[int, str]:
    response = client.post(f"/assessments/book/{slot.pk}/", {"note": ""})
    page = client.get("/assessments/")
    return response.status_code, page.content.decode()


def test_concurrent_requests_for_one_slot_book_it_once(clinic: Clinic, clinician: User) -> None:
    slot = services.slot_create(clinician=clinician, starts_at=at(3), minutes=30, place="")
    clients = [client_for(user) for user in _runners(clinic, RUNNERS)]
    results = _all_at_once([partial(_book_and_read, c, slot) for c in clients])

    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors, errors
    assert all(status == 302 for status, _page in results), [s for s, _p in results]
    booked = [page for _status, page in results if BOOKED in page]
    taken = [page for _status, page in results if TAKEN in page]
    assert (len(booked), len(taken)) == (1, RUNNERS - 1)
    assert Booking.objects.filter(slot=slot, cancelled_at__isnull=True).count() == 1


def test_concurrent_moves_to_one_slot_move_one_booking(clinic: Clinic, clinician: User) -> None:
    target = services.slot_create(clinician=clinician, starts_at=at(5), minutes=30, place="")
    bookings = []
    for n, runner in enumerate(_runners(clinic, 4)):
        slot = services.slot_create(
            clinician=clinician, starts_at=at(3, 8 + n), minutes=30, place=""
        )
        bookings.append(services.booking_create(runner=runner, slot_id=slot.pk))

    def move(booking: Booking) -> str:
        try:
            services.booking_reschedule(actor=booking.runner, booking=booking, slot_id=target.pk)
        except services.AssessmentError as error:
            return error.code
        return "moved"

    results = _all_at_once([partial(move, b) for b in bookings])
    assert sorted(results) == ["moved", "taken", "taken", "taken"], results
    assert Booking.objects.filter(slot=target, cancelled_at__isnull=True).count() == 1
    assert Booking.objects.filter(cancelled_at__isnull=True).count() == 4
