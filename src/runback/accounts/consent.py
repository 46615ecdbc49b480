"""The consent text a person accepts before Runback stores anything about their health.

Changing the text means a new CONSENT_VERSION: everybody is then asked again, and the
record of what each person accepted keeps the exact words they saw.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

# 2026-12-01.2: clinicians see the data only of a runner who chooses to share with their
# clinic, and that clinic is told of red flags; withdrawing consent ends every share.
# (2026-12-01: no clinician saw the data or was alerted; "cleared by a doctor" is the
# person's own report; what withdrawing does and does not do.)
CONSENT_VERSION = "2026-12-01.2"


def consent_paragraphs() -> list[str]:
    """The consent text in the active language, one paragraph per item.

    It must promise nothing the product does not do: a clinician sees the data only when
    the person shares with their clinic (a separate agreement with its own words, see
    `runback.clinic.sharing`), and only that clinic is alerted.
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
            "We use them to work out your plan and to show you your history. No clinician "
            "sees them unless you choose to share your record with a clinic; then that "
            "clinic's staff can read it, adjust your plan and are told when you report "
            "signs that need a doctor. You can stop sharing at any time. If you do not "
            "share, nobody is alerted: if you are worried, contact your doctor or "
            "physiotherapist yourself. We never sell your data or share them for "
            "advertising."
        ),
        _(
            "You can withdraw your consent at any time on your account page. Runback then "
            "stores no new health data about you, stops working out your plan and ends any "
            "sharing with a clinic. What is "
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
