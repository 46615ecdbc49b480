"""The rehab app's audit actions: the intake, and one per kind of event the runner (or
someone for them) writes (`rehab.event.<type>`, the engine's event types)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from runback.accounts.audit import Label

ACTIONS: dict[str, Label] = {
    "rehab.intake.saved": _("Health questions answered"),
    "rehab.event.run": _("Run logged"),
    "rehab.event.walk": _("Walk logged"),
    "rehab.event.followup": _("Next-morning answer logged"),
    "rehab.event.strength": _("Strength training logged"),
    "rehab.event.status": _("Weekly status logged"),
    "rehab.event.cross": _("Cycling or swimming logged"),
    "rehab.event.function": _("Everyday activities rated"),
    "rehab.event.red_flag": _("New symptoms reported"),
    "rehab.event.cleared": _("Cleared to train again"),
    "rehab.event.settings": _("Plan settings changed"),
    "rehab.event.withdraw": _("Entry withdrawn"),
}
