"""The words a runner agrees to when they share their record with a clinic. The exact
text is stored with the share (like the consent to processing health data)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _


def share_paragraphs(*, clinic_name: str) -> list[str]:
    """What sharing means, in the active language. It promises only what Runback does."""
    return [
        _(
            "I let the clinicians and the clinic administrator of %(clinic)s see my record "
            "in Runback: my answers to the health questions, my check-ins, my plan, my "
            "history and the activities I import from a watch (time, distance, heart rate "
            "and cadence, never a map)."
        )
        % {"clinic": clinic_name},
        _(
            "When I report a red flag that pauses my plan, the clinic's clinicians get an "
            "email (without my name) and see it on their overview. Other signs, such as "
            "red sessions, a paused running plan or a recommendation to see a professional, "
            "are shown on their overview."
        ),
        _(
            "The clinicians may write notes about me that only the clinic reads, change "
            "the numbers of my plan within safe limits, and record that they have cleared "
            "me to train again after an assessment. I see every change, who made it and "
            "why, and on my account page I see when clinic staff have looked at my record."
        ),
        _(
            "I can stop sharing at any time on my account page; the clinic's access ends "
            "at once. The clinic is not on call through Runback: if I need help urgently, "
            "I call my doctor, the medical helpline or 112."
        ),
    ]


def share_text(*, clinic_name: str, language: str) -> str:
    with translation.override(language):
        return "\n\n".join(share_paragraphs(clinic_name=clinic_name))
