"""Who to call (triage, clinical model section 1): one table of regions with their medical
helpline ("lægevagt"/"akuttelefon") and when the runner's own doctor is the first call
instead. The ONLY place these numbers live; settings.py applies a deployment's
RUNBACK_HELPLINES (JSON, see README) over them, a clinic overrides them with its own field."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

REGIONS: dict[str, dict[str, Any]] = {
    "hovedstaden": {"name": _("Capital Region (Hovedstaden)"), "helpline": "1813"},
    "sjaelland": {"name": _("Region Zealand (Sjælland)"), "helpline": "1818"},
    "syddanmark": {"name": _("Southern Denmark (Syddanmark)"), "helpline": "70 11 07 07"},
    "midtjylland": {"name": _("Central Denmark (Midtjylland)"), "helpline": "70 11 31 31"},
    "nordjylland": {"name": _("North Denmark (Nordjylland)"), "helpline": "70 15 03 00"},
}
REGION_DEFAULTS: dict[str, Any] = {
    # On working days (Monday-Friday) from `doctor_from` to `doctor_until` o'clock the
    # runner's own doctor is the first call; the rest of the time the helpline is.
    "doctor_from": 8,
    "doctor_until": 16,
}
