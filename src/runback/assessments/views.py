"""Assessment pages. Runners' pages are phone first; the clinic's desktop first. Thin:
a form, a service, a message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from runback.accounts.decorators import clinic_staff_required, runner_required
from runback.accounts.mail import emails_are_sent
from runback.accounts.models import User
from runback.assessments import calendar, selectors, services
from runback.assessments.forms import BookForm, CancelForm, MoveForm, SeriesForm, SlotForm
from runback.assessments.models import Booking
from runback.assessments.templatetags.assessments import when


def _user(request: HttpRequest) -> User:
    assert isinstance(request.user, User)
    return request.user


def _booking(request: HttpRequest, booking_id: int) -> Booking:
    booking = selectors.booking_for(viewer=request.user, booking_id=booking_id)
    if booking is None:
        raise Http404
    return booking


def _may_change(user: User, booking: Booking) -> bool:
    """Whether the page offers the change (the service decides again on POST)."""
    if booking.is_cancelled:
        return False
    return not user.is_runner or selectors.runner_may_change(booking=booking)


def _after_change(user: User) -> HttpResponse:
    if user.is_runner:
        return redirect("assessments:runner")
    return redirect("assessments:clinic")


# --- the runner ------------------------------------------------------------------------


@runner_required
@require_GET
def runner_page(request: HttpRequest) -> HttpResponse:
    """The runner's appointments and the free times of their clinic(s)."""
    runner = _user(request)
    upcoming = selectors.bookings_upcoming_for_runner(runner=runner)
    slots = [] if upcoming else selectors.slots_bookable_for(runner=runner)
    return render(
        request,
        "assessments/runner.html",
        {
            "upcoming": [(b, selectors.runner_may_change(booking=b)) for b in upcoming],
            "slots": slots,
        },
    )


@runner_required
@require_http_methods(["GET", "POST"])
def book(request: HttpRequest, slot_id: int) -> HttpResponse:
    runner = _user(request)
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_create(
                runner=runner, slot_id=slot_id, note=form.cleaned_data["note"]
            )
        except services.AssessmentError as error:
            messages.error(request, error.message)
            return redirect("assessments:runner")
        messages.success(
            request,
            (
                _("Booked: %(time)s. You will get an email with a calendar invitation.")
                if emails_are_sent()
                else _("Booked: %(time)s. You can add it to your calendar from this page.")
            )
            % {"time": when(booking.slot.starts_at)},
        )
        return redirect("assessments:runner")
    slot = selectors.slot_bookable(runner=runner, slot_id=slot_id)
    if slot is None:
        messages.error(request, _("This time is no longer offered. Please choose another."))
        return redirect("assessments:runner")
    return render(request, "assessments/book.html", {"slot": slot, "form": form})


# --- both sides ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = _user(request)
    booking = _booking(request, booking_id)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.booking_cancel(actor=user, booking=booking, reason=form.cleaned_data["reason"])
        except services.AssessmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("The appointment is cancelled. Both of you get an email about it.")
                if emails_are_sent()
                else _("The appointment is cancelled."),
            )
        return _after_change(user)
    return render(
        request,
        "assessments/cancel.html",
        {"booking": booking, "form": form, "may_change": _may_change(user, booking)},
    )


def _move_choices(slots: list[Any], with_clinician: bool) -> list[tuple[int, str]]:
    choices = []
    for slot in slots:
        label = when(slot.starts_at)
        if with_clinician:
            label += f" · {slot.clinician.name or slot.clinician.email}"
        if slot.place:
            label += f" · {slot.place}"
        choices.append((slot.pk, label))
    return choices


@login_required
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest, booking_id: int) -> HttpResponse:
    user = _user(request)
    booking = _booking(request, booking_id)
    # Only the booking's clinic's times: a booking never moves into another clinic's
    # calendar (and a clinic never sees another's times, clinicians or rooms).
    slots = selectors.slots_bookable_for(
        runner=booking.runner, exclude=booking.slot, clinic_id=booking.clinic_id
    )
    form = MoveForm(request.POST or None, choices=_move_choices(slots, with_clinician=True))
    if request.method == "POST" and form.is_valid():
        try:
            booking = services.booking_reschedule(
                actor=user, booking=booking, slot_id=form.cleaned_data["slot"]
            )
        except services.AssessmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                (
                    _("Moved to %(time)s. Both of you get an email with the new time.")
                    if emails_are_sent()
                    else _("Moved to %(time)s.")
                )
                % {"time": when(booking.slot.starts_at)},
            )
        return _after_change(user)
    return render(
        request,
        "assessments/move.html",
        {"booking": booking, "form": form, "may_change": _may_change(user, booking)},
    )


@login_required
@require_GET
def calendar_file(request: HttpRequest, booking_id: int) -> HttpResponse:
    booking = _booking(request, booking_id)
    language = "en" if get_language() == "en" else "da"
    body = calendar.booking_calendar(
        booking=booking,
        slot=booking.slot,
        method="PUBLISH",
        sequence=booking.sequence,
        language=language,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{calendar.filename(booking)}"'
    return response


# --- the clinic ------------------------------------------------------------------------


def _clinic_page(
    request: HttpRequest,
    slot_form: SlotForm | None = None,
    series_form: SeriesForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _user(request)
    schedule = selectors.clinic_schedule(viewer=user)
    return render(
        request,
        "assessments/clinic.html",
        {
            "schedule": schedule,
            "slot_form": slot_form or SlotForm(prefix="one"),
            "series_form": series_form or SeriesForm(prefix="series"),
        },
        status=status,
    )


@clinic_staff_required
@require_GET
def clinic(request: HttpRequest) -> HttpResponse:
    """The clinic's upcoming times and bookings, and the forms to publish times."""
    return _clinic_page(request)


@clinic_staff_required
@require_http_methods(["GET", "POST"])
def slot_add(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("assessments:clinic")
    form = SlotForm(request.POST, prefix="one")
    if form.is_valid():
        try:
            slot = services.slot_create(
                clinician=_user(request),
                starts_at=form.cleaned_data["starts_at"],
                minutes=form.cleaned_data["minutes"],
                place=form.cleaned_data["place"],
            )
        except services.AssessmentError as error:
            form.add_error("start", error.message)
        else:
            messages.success(request, _("Published: %(time)s.") % {"time": when(slot.starts_at)})
            return redirect("assessments:clinic")
    return _clinic_page(request, slot_form=form, status=400)


@clinic_staff_required
@require_http_methods(["GET", "POST"])
def slot_series(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return redirect("assessments:clinic")
    form = SeriesForm(request.POST, prefix="series")
    if form.is_valid():
        data = form.cleaned_data
        result = services.slot_series_create(
            clinician=_user(request),
            day=data["day"],
            first=data["first"],
            last=data["last"],
            minutes=data["minutes"],
            every=data["every"],
            place=data["place"],
        )
        (messages.success if result.created else messages.warning)(request, result.message)
        return redirect("assessments:clinic")
    return _clinic_page(request, series_form=form, status=400)


@clinic_staff_required
@require_POST
def slot_withdraw(request: HttpRequest, slot_id: int) -> HttpResponse:
    user = _user(request)
    slot = selectors.slot_managed_by(viewer=user, slot_id=slot_id)
    if slot is None:
        raise Http404
    try:
        services.slot_withdraw(actor=user, slot=slot)
    except services.AssessmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The time %(time)s is no longer offered.") % {"time": when(slot.starts_at)}
        )
    return redirect("assessments:clinic")


@clinic_staff_required
@require_GET
def booking_detail(request: HttpRequest, booking_id: int) -> HttpResponse:
    """Before the appointment: the booking and the runner's summary (recorded in the
    runner's audit log)."""
    user = _user(request)
    booking = _booking(request, booking_id)
    language = "en" if get_language() == "en" else "da"
    summary = selectors.runner_summary(viewer=user, runner=booking.runner, language=language)
    if summary is None:
        raise Http404
    services.summary_viewed(viewer=user, booking=booking)
    return render(request, "assessments/booking.html", {"booking": booking, "summary": summary})
