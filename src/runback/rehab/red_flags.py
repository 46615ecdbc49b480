"""The red-flag questions (clinical model, section 1): at the intake, at any time
(symptoms) and in the weekly status when something new has happened."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runback import engine
from runback.rehab.fields import yes_no

RED_FLAG_QUESTIONS: dict[str, Any] = {
    # Emergency (TRIAGE_EMERGENCY): asked first.
    "TRIAGE-1": _(
        "Do you have numbness or tingling in the saddle area: around your anus, your "
        "genitals or on the inside of your thighs?"
    ),
    "TRIAGE-2": _("Have you had new trouble holding or emptying your bladder or bowel?"),
    "TRIAGE-3": _(
        "Are your legs getting weaker and weaker (for example your foot slaps down or "
        "your leg gives way)?"
    ),
    "TRIAGE-8": _(
        "Do you have pain, numbness or weakness in both legs, new problems with your sex "
        "life (for example getting an erection or feeling anything), or less feeling than "
        "usual when you wipe after the toilet?"
    ),
    # Prompt (TRIAGE_PROMPT).
    "TRIAGE-4": _("Have you lost weight without trying, while you have had back pain?"),
    "TRIAGE-5": _("Do you have a fever together with your back pain?"),
    "TRIAGE-6": _("Did the pain start after a hard fall or an accident?"),
    "TRIAGE-7": _("Do you have pain at night that does not ease when you rest or change position?"),
    "TRIAGE-9": _("Have you ever had cancer?"),
    "TRIAGE-10": _(
        "Have you taken steroid medicine (for example prednisolone tablets) for a long time, "
        "or do you have osteoporosis, and did the pain start after a small fall or strain?"
    ),
    "TRIAGE-11": _(
        "Is your immune system weakened (by an illness or by medicine), or do you inject drugs?"
    ),
    "TRIAGE-12": _(
        "Do you feel generally ill, or do you have pain high up in the back, between the "
        "shoulder blades?"
    ),
    "TRIAGE-13": _(
        "Is the pain constant and getting steadily worse, and does it stay the same whether "
        "you move, change position or rest?"
    ),
}


# Asked as such, keyed by the engine's own list (emergency first); TRIAGE-14 and
# TRIAGE-15 are derived by the engine from the plain questions below.
assert set(RED_FLAG_QUESTIONS) == set(engine.ASKED_FLAGS), "every asked red flag has a question"


# Inflammatory back pain (Berlin criteria), one question per sign of
# engine.INFLAMMATORY_SIGNS, in its order; the engine decides when they make TRIAGE-15.
INFLAMMATORY_QUESTIONS: dict[str, Any] = {
    "ibp_morning_stiffness": _("Is your back stiff for more than 30 minutes in the morning?"),
    "ibp_better_moving": _(
        "Does the pain get better when you move or exercise, but not when you rest?"
    ),
    "ibp_wakes_late_night": _("Do you wake up from the pain in the second half of the night?"),
    "ibp_buttock_alternating": _(
        "Do you have pain in your buttocks that switches from one side to the other?"
    ),
}
assert list(INFLAMMATORY_QUESTIONS) == [f"ibp_{sign}" for sign in engine.INFLAMMATORY_SIGNS]


def _flag_field(flag: str) -> str:
    return flag.lower().replace("-", "_")  # TRIAGE-1 -> triage_1


class RedFlagForm(forms.Form):
    """All fifteen red flags (clinical model, section 1), emergency ones first. TRIAGE-14
    and TRIAGE-15 are not asked as such: the form derives them from a few plain questions
    (age, how long the pain has lasted, the inflammatory pattern). Every question that
    applies must be answered; `flags()` gives the TRIAGE ids, the engine only sees those."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag in engine.ASKED_FLAGS:
            self.fields[_flag_field(flag)] = yes_no(RED_FLAG_QUESTIONS[flag])
        self.fields["age_50_or_over"] = yes_no(_("Are you 50 or older?"))
        self.fields["first_time_no_cause"] = yes_no(
            _(
                "If you are 50 or older: is this the first time you have had back pain like "
                "this, and did it come without a clear reason (for example no change in your "
                "training)?"
            ),
            required=False,
        )
        self.fields["pain_over_3_months"] = yes_no(
            _("Have you had this back pain for more than 3 months?")
        )
        for name, question in INFLAMMATORY_QUESTIONS.items():
            self.fields[name] = yes_no(question, required=False)

    def groups(self) -> list[dict[str, Any]]:
        """The questions in three short groups, for the page."""

        def bound(names: list[str]) -> list[forms.BoundField]:
            return [self[name] for name in names]

        emergency = [_flag_field(f) for f in engine.TRIAGE_EMERGENCY]
        prompt = [_flag_field(f) for f in engine.ASKED_FLAGS if _flag_field(f) not in emergency]
        return [
            {"title": _("Signs that need a doctor quickly"), "fields": bound(emergency)},
            {"title": _("Signs a doctor should look at first"), "fields": bound(prompt)},
            {
                "title": _("About you and your back pain"),
                "fields": bound(["age_50_or_over", "first_time_no_cause", "pain_over_3_months"]),
                "subtitle": _("If you are under 50 and have had back pain for more than 3 months:"),
                "subfields": bound(list(INFLAMMATORY_QUESTIONS)),
            },
        ]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self._a_flag_is_yes():
            # A yes to any warning sign is recorded and acted on at once, whatever else
            # is left unanswered: never lose a red flag to a blank field.
            for name, errors in list(self.errors.as_data().items()):
                if name != "__all__" and all(e.code == "required" for e in errors):
                    del self.errors[name]
            return cleaned
        required = _("Answer yes or no.")
        older = cleaned.get("age_50_or_over")
        if engine.first_time_asked(older) and cleaned.get("first_time_no_cause") is None:
            self.add_error("first_time_no_cause", required)
        if engine.inflammatory_asked(older, cleaned.get("pain_over_3_months")):
            for name in INFLAMMATORY_QUESTIONS:
                if cleaned.get(name) is None:
                    self.add_error(name, required)
        return cleaned

    def _a_flag_is_yes(self) -> bool:
        return any(
            self.data.get(self.add_prefix(_flag_field(flag))) == "yes"
            for flag in engine.ASKED_FLAGS
        )

    def flags(self) -> list[str]:
        d = self.cleaned_data
        asked_yes = [flag for flag in engine.ASKED_FLAGS if d.get(_flag_field(flag))]
        derived = engine.derived_flags(
            age_50_or_over=d.get("age_50_or_over"),
            first_time_no_cause=d.get("first_time_no_cause"),
            pain_over_3_months=d.get("pain_over_3_months"),
            inflammatory_signs=[d.get(name) for name in INFLAMMATORY_QUESTIONS],
        )
        return engine.in_flag_order(asked_yes + derived)
