"""The strength check-ins: one exercise, or today's whole session in one form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runback import engine
from runback.engine.strength import EXERCISES
from runback.engine.texts import EXERCISE_NAMES
from runback.rehab.checkin.forms import CheckinForm
from runback.rehab.fields import DateNotInFuture, token_field

BANDS = [
    ("light", _("Light band")),
    ("medium", _("Medium band")),
    ("heavy", _("Heavy band")),
    ("extra_heavy", _("Extra heavy band")),
]


def band_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("The band's resistance"),
        choices=BANDS,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )


def load_field() -> forms.DecimalField:
    return forms.DecimalField(
        label=_("Load in kg (empty if body weight)"),
        required=False,
        min_value=0,
        max_value=500,
        decimal_places=1,
    )


def is_loaded(exercise_id: str) -> bool:
    """Whether the exercise takes a weight or a band (STR-PROG), not body weight only."""
    spec = EXERCISES.get(exercise_id)
    return bool(spec and spec.loaded)


# Loaded exercises that start with body weight only: the exercise library adds a weight
# (or a band) only under "Harder" (content/exercises/*.md); the Romanian deadlift starts
# with a dumbbell or kettlebell. Their first-load hint says so instead of "choose a weight".
BODY_WEIGHT_FIRST = frozenset(
    {"split_squat", "back_extension", "dead_bug", "glute_bridge", "bird_dog"}
)


def first_load_hint(*, reps: str | None, exercise: str) -> str:
    """STR-INT for a first load: the last 2-3 repetitions hard, never 5 easy ones to spare;
    for an exercise that starts with body weight, that body weight is the start."""
    reps = reps or "10-12"
    if exercise in engine.BAND_EXERCISES:
        return _(
            "First time? Choose a band you can do %(reps)s repetitions with in good form, "
            "where the last 2-3 are hard. If you could easily do 5 more, it is too light."
        ) % {"reps": reps}
    if exercise in BODY_WEIGHT_FIRST:
        return _(
            "First time? Start with your body weight only and leave the field empty. Add a "
            "weight later, when %(reps)s repetitions in good form have become easy."
        ) % {"reps": reps}
    return _(
        "First time? Choose a weight you can lift %(reps)s times in good form, where the "
        "last 2-3 are hard. If you could easily do 5 more, it is too light."
    ) % {"reps": reps}


def exercise_choices(language: str) -> list[tuple[str, str]]:
    index = 1 if language == "en" else 0
    return [(key, names[index]) for key, names in EXERCISE_NAMES.items()]


class StrengthForm(CheckinForm):
    token = token_field()
    exercise = forms.ChoiceField(label=_("Exercise"))
    date = DateNotInFuture(label=_("Date"))
    sets_planned = forms.IntegerField(label=_("Sets planned"), min_value=1, max_value=10)
    sets_done = forms.IntegerField(label=_("Sets done"), min_value=0, max_value=10)
    load_kg = load_field()
    band = band_field()
    technique_ok = forms.BooleanField(
        label=_("Good technique in every set"), required=False, initial=True
    )

    def __init__(
        self,
        *args: Any,
        language: str,
        first_load_reps: str | None = None,
        fixed_exercise: str | None = None,
        **kwargs: Any,
    ) -> None:
        """`first_load_reps`: the planned exercise has no load yet; hint how to pick one.
        `fixed_exercise`: the runner chose the exercise (Today's "Log" link): it is not asked
        again, and only its kind of load is (a band for a band exercise, else kilograms).
        Without it both are asked, each labelled with the exercises it is for."""
        super().__init__(*args, **kwargs)
        choices = exercise_choices(language)
        self.fixed_exercise_name = ""
        if fixed_exercise in dict(choices):
            self.fixed_exercise_name = dict(choices)[fixed_exercise]
            self.fields["exercise"] = forms.ChoiceField(
                label=_("Exercise"),
                choices=[(fixed_exercise, self.fixed_exercise_name)],
                widget=forms.HiddenInput,
            )
            self.initial["exercise"] = fixed_exercise
            del self.fields["load_kg" if fixed_exercise in engine.BAND_EXERCISES else "band"]
        else:
            self.fields["exercise"].choices = choices  # type: ignore[attr-defined]
            self.fields["load_kg"].label = _(
                "Load in kg, for exercises with a weight (empty if body weight)"
            )
            self.fields["load_kg"].help_text = _(
                "Pallof press and clamshell are done with a band: choose the band below instead."
            )
            self.fields["band"].label = _("The band's resistance, for band exercises")
            self.fields["band"].help_text = _("Only for Pallof press and clamshell.")
        if first_load_reps is not None:
            exercise = str(self.initial.get("exercise", ""))
            load = "band" if exercise in engine.BAND_EXERCISES else "load_kg"
            if load in self.fields:
                self.fields[load].help_text = first_load_hint(
                    reps=first_load_reps, exercise=exercise
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        planned, done = cleaned.get("sets_planned"), cleaned.get("sets_done")
        if planned is not None and done is not None and done > planned + 2:
            self.add_error("sets_done", _("That is more sets than planned. Check the number."))
        exercise = cleaned.get("exercise")
        if exercise in engine.BAND_EXERCISES and cleaned.get("load_kg") is not None:
            self.add_error(
                "load_kg",
                _("This exercise is done with a band: choose the band's resistance instead."),
            )
        if exercise and exercise not in engine.BAND_EXERCISES and cleaned.get("band"):
            self.add_error("band", _("This exercise is not done with a band. Leave it empty."))
        return cleaned

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        payload: dict[str, Any] = {
            "type": "strength",
            "date": d["date"].isoformat(),
            "exercise": d["exercise"],
            "sets_planned": d["sets_planned"],
            "sets_done": d["sets_done"],
            "technique_ok": d["technique_ok"],
        }
        if d.get("load_kg") is not None:
            payload["load_kg"] = float(d["load_kg"])
        if d.get("band"):
            payload["band"] = d["band"]
        return payload


class StrengthSessionForm(CheckinForm):
    """Today's whole strength session on one page: one row per planned exercise,
    prefilled with the plan, so that "done as planned" is a single tap."""

    token = token_field()
    date = DateNotInFuture(label=_("Date"))

    def __init__(
        self, *args: Any, exercises: list[dict[str, Any]], language: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        names = dict(exercise_choices(language))
        self.exercises = []
        for exercise in exercises:
            key = exercise["id"]
            self.fields[f"{key}__sets_done"] = forms.IntegerField(
                label=_("Sets done (planned: %(sets)s)") % {"sets": exercise["sets"]},
                min_value=0,
                max_value=10,
                required=False,
            )
            band = exercise["uses_band"]  # today's programme says how it is loaded
            load = f"{key}__band" if band else f"{key}__load_kg"
            self.fields[load] = band_field() if band else load_field()
            if exercise.get("progression") == "start" and is_loaded(key):
                self.fields[load].help_text = first_load_hint(
                    reps=exercise.get("reps"), exercise=key
                )
            self.fields[f"{key}__technique_ok"] = forms.BooleanField(
                label=_("Good technique in every set"), required=False
            )
            self.initial.setdefault(f"{key}__sets_done", exercise["sets"])
            self.initial.setdefault(load, exercise.get("band" if band else "load_kg"))
            self.initial.setdefault(f"{key}__technique_ok", True)
            self.exercises.append(
                {
                    "id": key,
                    "name": names.get(key, key),
                    "planned": exercise["sets"],
                    "uses_band": band,
                    "fields": [
                        self[f"{key}__sets_done"],
                        self[load],
                        self[f"{key}__technique_ok"],
                    ],
                }
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        done_any = False
        for exercise in self.exercises:
            done = cleaned.get(f"{exercise['id']}__sets_done")
            if done is not None:
                done_any = True
                if done > exercise["planned"] + 2:
                    self.add_error(
                        f"{exercise['id']}__sets_done",
                        _("That is more sets than planned. Check the number."),
                    )
        if not done_any and not self.errors:
            raise forms.ValidationError(_("Fill in the sets for at least one exercise."))
        return cleaned

    def payloads(self) -> list[dict[str, Any]]:
        d = self.cleaned_data
        payloads = []
        for exercise in self.exercises:
            key = exercise["id"]
            if d.get(f"{key}__sets_done") is None:
                continue
            payload: dict[str, Any] = {
                "type": "strength",
                "date": d["date"].isoformat(),
                "exercise": key,
                "sets_planned": exercise["planned"],
                "sets_done": d[f"{key}__sets_done"],
                "technique_ok": d[f"{key}__technique_ok"],
            }
            if d.get(f"{key}__load_kg") is not None:
                payload["load_kg"] = float(d[f"{key}__load_kg"])
            if d.get(f"{key}__band"):
                payload["band"] = d[f"{key}__band"]
            payloads.append(payload)
        return payloads

    def field_for(self, index: int, field: str) -> str | None:
        """The form field of the index-th recorded payload's `field` (engine errors)."""
        recorded = [
            e for e in self.exercises if self.cleaned_data.get(f"{e['id']}__sets_done") is not None
        ]
        if 0 <= index < len(recorded):
            name = f"{recorded[index]['id']}__{field}"
            return name if name in self.fields else None
        return None
