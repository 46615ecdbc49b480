"""The consent text a person accepts before Runback stores anything about their health.

Changing the text means a new CONSENT_VERSION: everybody is then asked again, and the
record of what each person accepted keeps the exact words they saw.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

CONSENT_VERSION = "2026-11-26"


def consent_paragraphs() -> list[str]:
    """The consent text in the active language, one paragraph per item."""
    return [
        _(
            "Runback stores what you tell it about your back and your training: your "
            "answers to the health questions, your pain scores, your runs, walks and "
            "strength sessions. These are health data."
        ),
        _(
            "We use them only to work out your plan and to show you your history. If you "
            "connect to a clinic, the clinicians there can see them too. We never sell or "
            "share them for advertising."
        ),
        _(
            "You can withdraw your consent at any time on your account page. Runback then "
            "stops storing new health data about you."
        ),
        _(
            "Runback gives guidance and does not replace a clinician. If you are in doubt, "
            "or your symptoms change, talk to your doctor or physiotherapist."
        ),
    ]


def consent_text() -> str:
    return "\n\n".join(consent_paragraphs())
