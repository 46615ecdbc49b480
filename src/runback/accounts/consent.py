"""The consent text a person accepts before Runback stores anything about their health.

Changing the text means a new CONSENT_VERSION: everybody is then asked again, and the
record of what each person accepted keeps the exact words they saw.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# 2026-12-01: says plainly that no clinician sees the data or is alerted (there is no
# clinic portal yet), that "cleared by a doctor" is the person's own report, and what
# withdrawing does and does not do.
CONSENT_VERSION = "2026-12-01"


def consent_paragraphs() -> list[str]:
    """The consent text in the active language, one paragraph per item.

    It must promise nothing the product does not do: today no clinician sees the data
    through Runback, nobody is alerted, nothing can be booked.
    """
    return [
        _(
            "Runback stores what you tell it about your back and your training: your "
            "answers to the health questions, your pain scores, your runs, walks and "
            "strength sessions, and new symptoms you report. If you tell Runback that a "
            "doctor has cleared you, that is stored as your own report. These are health "
            "data."
        ),
        _(
            "We use them only to work out your plan and to show you your history. No "
            "clinician sees them through Runback, and nobody is alerted when you report "
            "pain or new symptoms: if you are worried, contact your doctor or "
            "physiotherapist yourself. We never sell your data or share them for "
            "advertising."
        ),
        _(
            "You can withdraw your consent at any time on your account page. Runback then "
            "stores no new health data about you and stops working out your plan. What is "
            "already stored stays until you delete your account: you can still see your "
            "history and download all your data. Deleting your account erases everything "
            "about you."
        ),
        _(
            "Runback gives guidance and does not replace a clinician. If you are in doubt, "
            "or your symptoms change, talk to your doctor or physiotherapist."
        ),
    ]


def consent_text() -> str:
    return "\n\n".join(consent_paragraphs())
