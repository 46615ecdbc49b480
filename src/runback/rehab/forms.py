"""The runner's forms. Every field is checked here first (pain 0-10, dates not in the
future, sessions that exist); the engine checks the whole history again afterwards."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from runback.common.dates import date_in_words, long_date
from runback.engine.rules import TRIAGE_FLAGS
from runback.engine.strength import EXERCISES
from runback.engine.texts import EXERCISE_NAMES

MAX_DAYS_BACK = 60


class PainScale(forms.RadioSelect):
    template_name = "rehab/widgets/pain_scale.html"


def minutes_field(label: Any) -> forms.DecimalField:
    """Optional minutes actually done, when they differ from the plan (0-600)."""
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=600, decimal_places=1
    )


def pain_field(label: Any, **kwargs: Any) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=PainScale,
        error_messages={
            "required": _("Choose a number from 0 to 10."),
            "invalid_choice": _("Choose a number from 0 to 10."),
        },
        **kwargs,
    )


def yes_no(label: Any, **kwargs: Any) -> forms.TypedChoiceField:
    kwargs.setdefault("empty_value", None)  # an optional question left open: None
    return forms.TypedChoiceField(
        label=label,
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "choices yes-no"}),
        error_messages={"required": _("Answer yes or no.")},
        **kwargs,
    )


def token_field() -> forms.CharField:
    return forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)


def new_token() -> str:
    return uuid.uuid4().hex


class DateNotInFuture(forms.DateField):
    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is None:
            return
        today = timezone.localdate()
        if value > today:
            raise forms.ValidationError(_("This date has not happened yet."))
        if value < today - timedelta(days=MAX_DAYS_BACK):
            raise forms.ValidationError(
                _("You can log up to %(days)d days back.") % {"days": MAX_DAYS_BACK}
            )


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
ASKED_DIRECTLY = tuple(RED_FLAG_QUESTIONS)
DERIVED = ("TRIAGE-14", "TRIAGE-15")  # from the questions about age and duration below
# TRIAGE-1 to TRIAGE-15 in numeric order (runback.engine.rules.TRIAGE_FLAGS).
ALL_FLAGS = tuple(sorted((*ASKED_DIRECTLY, *DERIVED), key=lambda f: int(f.split("-")[1])))
assert ALL_FLAGS == TRIAGE_FLAGS, "every red flag of the engine is asked"

# Inflammatory back pain (Berlin criteria): two or more of these, in a runner under 50
# whose back pain has lasted more than 3 months, is TRIAGE-15.
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
INFLAMMATORY_MIN = 2


def _flag_field(flag: str) -> str:
    return flag.lower().replace("-", "_")  # TRIAGE-1 -> triage_1


class RedFlagForm(forms.Form):
    """All fifteen red flags (clinical model, section 1), emergency ones first. TRIAGE-14
    and TRIAGE-15 are not asked as such: the form derives them from a few plain questions
    (age, how long the pain has lasted, the inflammatory pattern). Every question that
    applies must be answered; `flags()` gives the TRIAGE ids, the engine only sees those."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for flag, question in RED_FLAG_QUESTIONS.items():
            self.fields[_flag_field(flag)] = yes_no(question)
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

        emergency = [_flag_field(f) for f in ("TRIAGE-1", "TRIAGE-2", "TRIAGE-3", "TRIAGE-8")]
        prompt = [_flag_field(f) for f in ASKED_DIRECTLY if _flag_field(f) not in emergency]
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
        if older is True and cleaned.get("first_time_no_cause") is None:
            self.add_error("first_time_no_cause", required)
        if older is False and cleaned.get("pain_over_3_months") is True:
            for name in INFLAMMATORY_QUESTIONS:
                if cleaned.get(name) is None:
                    self.add_error(name, required)
        return cleaned

    def _a_flag_is_yes(self) -> bool:
        return any(
            self.data.get(self.add_prefix(_flag_field(flag))) == "yes" for flag in ASKED_DIRECTLY
        )

    def flags(self) -> list[str]:
        d = self.cleaned_data
        found = {flag for flag in ASKED_DIRECTLY if d.get(_flag_field(flag))}
        if d.get("age_50_or_over") and d.get("first_time_no_cause"):
            found.add("TRIAGE-14")
        inflammatory = sum(1 for name in INFLAMMATORY_QUESTIONS if d.get(name))
        if (
            d.get("age_50_or_over") is False
            and d.get("pain_over_3_months")
            and inflammatory >= INFLAMMATORY_MIN
        ):
            found.add("TRIAGE-15")
        return [flag for flag in ALL_FLAGS if flag in found]


CONDITIONS = [
    ("unknown", _("I don't know, or nobody has told me")),
    ("muscular", _("Overloaded or tired muscles")),
    ("progression", _("I increased my running too quickly")),
    ("disc", _("Disc herniation (prolapse)")),
    ("osteoarthritis", _("Osteoarthritis of the spine")),
    ("si_joint", _("SI joint (pain over the dimples at the bottom of the back)")),
    ("facet", _("Facet joints")),
    ("hip", _("The hip")),
]
SETTLE_TIMES = [
    ("10", _("Less than 15 minutes")),
    ("30", _("15 to 60 minutes")),
    ("120", _("More than an hour")),
]


class IntakeForm(forms.Form):
    condition = forms.ChoiceField(
        label=_("What do you know about your back pain?"),
        help_text=_("Choose a diagnosis only if a doctor or physiotherapist gave it to you."),
        choices=CONDITIONS,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
        initial="unknown",
    )
    comfortable_position = yes_no(_("Can you find a position where the pain eases?"))
    resting_pain = pain_field(
        _("How much does your back hurt right now, at rest? (0 = no pain, 10 = worst imaginable)")
    )
    settle_time_min = forms.TypedChoiceField(
        label=_("When something makes the pain worse, how long does it take to settle again?"),
        choices=SETTLE_TIMES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    walking_tolerated = yes_no(_("Can you walk for 30 minutes without your back getting worse?"))
    radiating_leg_pain = yes_no(_("Does the pain radiate down into a leg?"))
    sleep_or_daily_life_affected = yes_no(
        _("Does the pain clearly affect your sleep or your daily life?")
    )
    strength_experience = yes_no(_("Have you done strength training before?"))
    cadence_spm = forms.IntegerField(
        label=_("Your running cadence in steps per minute, if you know it"),
        help_text=_("Your running watch may show it. Leave it empty if you don't know."),
        required=False,
        min_value=100,
        max_value=240,
    )
    start_date = forms.DateField(
        label=_("When do you want to start?"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_start_date(self) -> date:
        value: date = self.cleaned_data["start_date"]
        today = timezone.localdate()
        if value < today - timedelta(days=14):
            raise forms.ValidationError(_("Choose a date within the last two weeks, or later."))
        if value > today + timedelta(days=60):
            raise forms.ValidationError(_("Choose a date within the next two months."))
        return value

    def answers(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        answers = {k: v for k, v in data.items() if v is not None and k != "start_date"}
        answers["start_date"] = data["start_date"].isoformat()
        return answers


class CheckinForm(forms.Form):
    """A check-in: fields named in `optional` are folded away on the page.

    `another` is shown only when an entry of the same kind and date exists
    (`duplicates`, set by the view): nothing is saved until the runner ticks it."""

    optional: tuple[str, ...] = ()
    duplicates: list[Any] = []  # noqa: RUF012 (replaced per instance, never mutated)
    another = forms.BooleanField(
        label=_("Yes, this is another one. Save it as well."), required=False
    )

    @property
    def optional_open(self) -> bool:
        return False


class SessionForm(CheckinForm):
    optional = ("run_min", "walk_min", "distance_km")  # folded away: most days it went as planned
    token = token_field()
    type = forms.ChoiceField(
        label=_("What did you do?"),
        choices=[("run", _("Run (with walking breaks)")), ("walk", _("Walk"))],
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    date = DateNotInFuture(label=_("Date"))
    pain_before = pain_field(_("Pain before the session"))
    pain_during = pain_field(_("Pain during the session (the worst moment)"))
    pain_after = pain_field(_("Pain right after the session"))
    rose_during = forms.BooleanField(
        label=_("The pain kept rising during the session"), required=False
    )
    stopped_early = forms.BooleanField(label=_("I had to stop, or I limped"), required=False)
    run_min = minutes_field(_("Minutes of running, if it was not as planned"))
    walk_min = minutes_field(_("Minutes of walking, if it was not as planned"))
    distance_km = forms.DecimalField(
        label=_("Distance in km (optional)"),
        required=False,
        min_value=0,
        max_value=200,
        decimal_places=2,
    )
    # FORM-CAD: the cadence a watch measured on this run (filled in from an imported file).
    cadence_spm = forms.IntegerField(
        required=False, min_value=100, max_value=240, widget=forms.HiddenInput
    )

    @property
    def optional_open(self) -> bool:
        """Unfold the optional fields when they hold a value or an error."""
        return any(
            self[name].errors or self[name].value() not in (None, "") for name in self.optional
        )

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        payload: dict[str, Any] = {
            "type": d["type"],
            "date": d["date"].isoformat(),
            "pain_before": d["pain_before"],
            "pain_during": d["pain_during"],
            "pain_after": d["pain_after"],
            "rose_during": d["rose_during"],
            "stopped_early": d["stopped_early"],
        }
        if d["type"] == "walk":
            if d["walk_min"] is not None:
                payload["minutes"] = float(d["walk_min"])
        else:
            if d["run_min"] is not None:
                payload["run_min"] = float(d["run_min"])
            if d["walk_min"] is not None:
                payload["walk_min"] = float(d["walk_min"])
            if d.get("cadence_spm") is not None:
                payload["cadence_spm"] = d["cadence_spm"]
        if d["distance_km"] is not None:
            payload["distance_km"] = float(d["distance_km"])
        return payload


SESSION_PREFILL = ("type", "date", "run_min", "walk_min", "distance_km", "cadence_spm")


def session_prefill(query: Mapping[str, str]) -> dict[str, Any]:
    """Initial values for the session check-in from a link (the interval timer's end, an
    imported watch file): each known field whose value the form itself accepts; anything
    else is ignored, so a stale or edited link can only leave a field empty."""
    fields = SessionForm.base_fields
    prefill: dict[str, Any] = {}
    for name in SESSION_PREFILL:
        raw = query.get(name)
        if raw in (None, ""):
            continue
        try:
            prefill[name] = fields[name].clean(raw)
        except forms.ValidationError:
            continue
    return prefill


class FollowupForm(CheckinForm):
    token = token_field()
    session = forms.ChoiceField(
        label=_("Which session?"), widget=forms.RadioSelect(attrs={"class": "choices"})
    )
    date = DateNotInFuture(label=_("Date"))
    pain = pain_field(_("How much does your back hurt this morning?"))
    stiffness_worse = forms.BooleanField(
        label=_("My back is stiffer than before the session"), required=False
    )

    def __init__(
        self,
        *args: Any,
        sessions: list[tuple[str, str]],
        session_dates: dict[str, datetime.date] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions  # type: ignore[attr-defined]
        self.session_dates = session_dates or {}

    def clean(self) -> dict[str, Any]:
        """ZONE-2: the next-morning answer is dated the day after the session at the
        earliest; a same-day answer (or an earlier one) is refused at the date field."""
        cleaned = super().clean() or {}
        held = self.session_dates.get(cleaned.get("session") or "")
        answered = cleaned.get("date")
        if held is not None and answered is not None and answered <= held:
            self.add_error(
                "date",
                _(
                    "The next-morning answer can be given from the day after the session "
                    "(from %(date)s)."
                )
                % {"date": long_date(held + timedelta(days=1))},
            )
        return cleaned

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "type": "followup",
            "session": d["session"],
            "date": d["date"].isoformat(),
            "pain": d["pain"],
            "stiffness_worse": d["stiffness_worse"],
        }


# Exercises whose resistance is an elastic band, not kilograms (the library's
# instructions: Pallof press with a band at chest height, clamshell with a band around
# the thighs). Their load is logged as a band; the engine ignores it (`band`).
BAND_EXERCISES = frozenset({"pallof_press", "clamshell"})
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
    if exercise in BAND_EXERCISES:
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
            del self.fields["load_kg" if fixed_exercise in BAND_EXERCISES else "band"]
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
            load = "band" if exercise in BAND_EXERCISES else "load_kg"
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
        if exercise in BAND_EXERCISES and cleaned.get("load_kg") is not None:
            self.add_error(
                "load_kg",
                _("This exercise is done with a band: choose the band's resistance instead."),
            )
        if exercise and exercise not in BAND_EXERCISES and cleaned.get("band"):
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
            band = key in BAND_EXERCISES
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


STATUS_ANSWERS = (
    "comfortable_position",
    "resting_pain",
    "settle_time_min",
    "radiating_leg_pain",
    "sleep_or_daily_life_affected",
    "unsure_what_is_allowed",
    "wants_structured_plan",
)


class StatusForm(CheckinForm):
    """The weekly status: average pain, the back's irritability again (STR-IRR), leg pain,
    sleep and daily life, being unsure, wanting a plan (ESC-2, -4, -5, -6). Prefilled with
    last week's answers; an answer left open keeps last week's. With `ask_red_flags`, it
    also asks "anything new?" (the red-flag questions, in a RedFlagForm beside it)."""

    token = token_field()
    date = DateNotInFuture(label=_("Date"))
    pain_week_avg = pain_field(_("On average, how much has your back hurt this past week?"))
    comfortable_position = yes_no(
        _("Can you find a position where the pain eases?"), required=False
    )
    resting_pain = pain_field(
        _("How much does your back hurt right now, at rest? (0 = no pain, 10 = worst imaginable)"),
        required=False,
        empty_value=None,
    )
    settle_time_min = forms.TypedChoiceField(
        label=_("When something makes the pain worse, how long does it take to settle again?"),
        choices=SETTLE_TIMES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect(attrs={"class": "choices"}),
    )
    radiating_leg_pain = yes_no(_("Does the pain radiate down into a leg?"), required=False)
    sleep_or_daily_life_affected = yes_no(
        _("Does the pain clearly affect your sleep or your daily life?"), required=False
    )
    unsure_what_is_allowed = yes_no(
        _("Are you unsure what you are allowed to do with your back?"), required=False
    )
    wants_structured_plan = yes_no(
        _("Would you like a professional to help you with a structured plan back to running?"),
        required=False,
    )

    def __init__(self, *args: Any, ask_red_flags: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if ask_red_flags:
            self.fields["anything_new"] = yes_no(
                _("Has anything new happened with your back or your health since last time?"),
                help_text=_("If yes, a few safety questions open below. Most people answer no."),
            )

    def payload(self) -> dict[str, Any]:
        d = self.cleaned_data
        payload: dict[str, Any] = {
            "type": "status",
            "date": d["date"].isoformat(),
            "pain_week_avg": d["pain_week_avg"],
        }
        for name in STATUS_ANSWERS:
            if d.get(name) is not None:
                payload[name] = d[name]
        return payload


def status_initial(*, previous: dict[str, Any] | None, intake: dict[str, Any]) -> dict[str, Any]:
    """Last week's answers for the weekly status: the latest status, else the intake."""
    source = {**intake, **{k: v for k, v in (previous or {}).items() if v is not None}}
    initial: dict[str, Any] = {}
    for name in STATUS_ANSWERS:
        value = source.get(name)
        if isinstance(value, bool):
            initial[name] = "yes" if value else "no"
        elif name == "settle_time_min" and isinstance(value, int | float):
            # the nearest of the three answers the form offers
            initial[name] = "10" if value < 15 else "30" if value <= 60 else "120"
        elif value is not None:
            initial[name] = str(value)
    return initial


def refuse_before_start(form: forms.Form, start_date: str | None) -> bool:
    """Put an error on the date of a check-in dated before the runner's start date
    (it would not count in the plan). True if refused."""
    value = form.cleaned_data.get("date")
    if not start_date or not isinstance(value, date) or value.isoformat() >= start_date:
        return False
    form.add_error(
        "date",
        _(
            "Your plan starts on %(date)s, and what you log for the days before "
            "does not count. Choose %(date)s or a later date."
        )
        % {"date": date_in_words(start_date)},
    )
    return True


class WithdrawForm(forms.Form):
    """The confirmation step before an entry is withdrawn."""

    token = token_field()
    confirm = forms.BooleanField(required=True)


class ClearedForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("A doctor has examined me and said that I may train again."),
        error_messages={"required": _("Tick the box only if a doctor has said so.")},
    )
