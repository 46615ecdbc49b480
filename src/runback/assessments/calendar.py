"""Calendar invitations (iCalendar, RFC 5545/5546) for a booking.

The same UID from booking to cancellation; SEQUENCE one higher at every change; times in
UTC. METHOD:REQUEST for a booking or a move, METHOD:CANCEL for a cancellation, and
METHOD:PUBLISH for the file a person downloads (a plain import). The summary names no
health matter: calendars are often shared.
"""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parseaddr

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vText

from runback.assessments.models import Booking, Slot

PRODID = "-//Runback//Assessments//EN"


def event_uid(booking: Booking) -> str:
    return f"assessment-{booking.uid}@runback"


def _address(email: str, name: str, role: str) -> vCalAddress:
    address = vCalAddress(f"mailto:{email}")
    address.params["cn"] = vText(name or email)
    address.params["role"] = vText(role)
    return address


def booking_calendar(
    *, booking: Booking, slot: Slot, method: str, sequence: int, language: str
) -> bytes:
    """The invitation for `booking` at `slot`, its texts in `language`."""
    clinician = slot.clinician
    runner = booking.runner
    cancelled = method == "CANCEL" or (method == "PUBLISH" and booking.is_cancelled)
    with translation.override(language):
        summary = (
            _("Assessment with %(name)s") % {"name": clinician.name or clinician.email}
            if clinician is not None
            else _("Assessment with your clinic")  # the clinician's account was erased
        )
        if cancelled:
            summary = _("Cancelled: %(summary)s") % {"summary": summary}
        description = _("Booked in Runback. Change or cancel it in Runback.")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", event_uid(booking))
    event.add("sequence", sequence)
    event.add("dtstamp", datetime.now(UTC))
    event.add("dtstart", slot.starts_at.astimezone(UTC))
    event.add("dtend", slot.ends_at.astimezone(UTC))
    event.add("summary", summary)
    event.add("description", description)
    if slot.place:
        event.add("location", slot.place)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if clinician is not None:
        organizer = _address(clinician.email, clinician.name, "CHAIR")
    else:
        name, email = parseaddr(settings.DEFAULT_FROM_EMAIL)
        organizer = _address(email, name, "CHAIR")
    event.add("organizer", organizer)
    attendee = _address(runner.email, runner.name, "REQ-PARTICIPANT")
    attendee.params["partstat"] = vText("ACCEPTED")
    event.add("attendee", attendee, encode=False)
    calendar.add_component(event)
    return bytes(calendar.to_ical())


def filename(booking: Booking) -> str:
    return f"runback-assessment-{booking.slot.starts_at.astimezone(UTC):%Y%m%d-%H%M}.ics"
