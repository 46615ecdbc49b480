"""Forms of the clinic side: an invitation code, a note, a reason, plan settings."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runback.engine.running import INTERVAL_WEEKS, LAST_INTERVAL_WEEK
from runback.engine.settings import BOUNDS, INTEGER_FIELDS, START_STEPS
from runback.engine.strength import STRENGTHENING, SUPPLEMENTARY
from runback.engine.texts import EXERCISE_NAMES, FLAG_NAMES

REASON_HELP = _("The runner sees this, with your name.")


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=32)
    agree = forms.BooleanField(
        label=_("I have read the text above and agree to share my record with this clinic.")
    )


class ShareExtendForm(forms.Form):
    """Agreeing to today's sharing words (which name the watch activities) for a share
    given under older ones."""

    agree = forms.BooleanField(
        label=_("I have read the text above and agree to share my record with this clinic."),
        error_messages={"required": _("Tick the box if you agree to the text above.")},
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Invitation code"), max_length=32)


class InvitationForm(forms.Form):
    label = forms.CharField(
        label=_("For whom (only your clinic sees this)"), max_length=100, required=False
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("What you did"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ClearForm(forms.Form):
    flags = forms.MultipleChoiceField(
        label=_("The flags your assessment clears"),
        help_text=_("Flags you leave unticked stay open."),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "choices"}),
        error_messages={"required": _("Tick at least one flag.")},
    )
    reason = forms.CharField(
        label=_("Why the runner may train again (your assessment)"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def __init__(self, *args: Any, open_flags: list[str], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        words = 1 if language == "en" else 0
        field = self.fields["flags"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = [(f, f"{FLAG_NAMES[f][words]} ({f})") for f in open_flags]
        field.initial = list(open_flags)  # all of them, unless the clinician says otherwise


# The numbers a clinician may set per runner (engine/settings.py holds their bounds).
PLAN_FIELDS = (
    ("green_max_pain", _("Highest pain for a green session (0-10)")),
    ("yellow_max_pain", _("Highest pain for a yellow session (0-10)")),
    ("sessions_per_step", _("Tolerated sessions before the next step")),
    ("runs_per_week", _("Runs a week in phase 2")),
    ("rest_days_between_runs", _("Rest days between runs")),
    ("phase3_start_min", _("Minutes of the first continuous run")),
    ("weekly_increase_pct", _("Most a week's running may grow (%)")),
    ("stall_window_days", _("Days in which two red sessions pause running")),
    ("followup_window_days", _("Days a next-morning answer still counts")),
    ("esc1_weeks", _("Weeks before a lack of improvement is flagged")),
)


def exercise_name(exercise_id: str, language: str) -> str:
    return EXERCISE_NAMES[exercise_id][1 if language == "en" else 0]


def start_step_label(name: str) -> str:
    """A start step (engine settings.START_STEPS) in words, with its session."""
    if name == "walk":
        return str(_("Phase 1: walking"))
    if name == "test":
        return str(_("Phase 1: the test run"))
    week = int(name.rpartition("_")[2])
    rounds, run, walk = INTERVAL_WEEKS[week]
    return str(
        _("Phase 2, week %(week)s: %(rounds)s × (run %(run)s min, walk %(walk)s min)")
        % {"week": week, "rounds": rounds, "run": run, "walk": walk}
    )


def swap_field_name(exercise_id: str) -> str:
    return f"swap_{exercise_id}"


class PlanSettingsForm(forms.Form):
    reason = forms.CharField(
        label=_("Why"),
        help_text=REASON_HELP,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(
        self, *args: Any, current: dict[str, Any], language: str = "da", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.current = current
        self.current_swaps = dict(current.get("exercise_swaps") or ())
        for name, label in PLAN_FIELDS:
            _default, low, high, rule = BOUNDS[name]
            field: forms.Field
            if name in INTEGER_FIELDS:
                field = forms.IntegerField(min_value=int(low), max_value=int(high))
            else:
                field = forms.FloatField(min_value=low, max_value=high)
            field.label = label
            field.help_text = _("%(low)s to %(high)s, default %(default)s (%(rule)s)") % {
                "low": f"{low:g}",
                "high": f"{high:g}",
                "default": f"{_default:g}",
                "rule": rule,
            }
            field.initial = current.get(name)
            self.fields[name] = field
        self._add_plan_choices(language)
        self.order_fields(
            [name for name, _label in PLAN_FIELDS]
            + ["start_step", *(swap_field_name(e) for e in STRENGTHENING), "reason"]
        )

    def _add_plan_choices(self, language: str) -> None:
        """Where running starts (RUN-P1, RUN-P2) and the exercise swaps (STR-ANY), with
        the engine's bounds: walking up to the last interval week, never continuous
        running; a strengthening exercise only for one of the model's alternatives."""
        self.fields["start_step"] = forms.ChoiceField(
            label=_("Where running starts"),
            required=False,
            choices=[
                ("", _("As the runner's first answers say (walking, or the test run)")),
                *((name, start_step_label(name)) for name in START_STEPS),
            ],
            help_text=_(
                "From walking up to week %(week)s of phase 2, never continuous running "
                "(RUN-P1, RUN-P2). The plan moves there from today and goes on one step at "
                "a time; red flags, an irritable back and red sessions still decide first."
            )
            % {"week": LAST_INTERVAL_WEEK},
            initial=self.current.get("start_step") or "",
        )
        for exercise_id in STRENGTHENING:
            name = exercise_name(exercise_id, language)
            self.fields[swap_field_name(exercise_id)] = forms.ChoiceField(
                label=_("Instead of %(exercise)s") % {"exercise": name},
                required=False,
                choices=[
                    ("", _("Keep %(exercise)s") % {"exercise": name}),
                    *((alt, exercise_name(alt, language)) for alt in SUPPLEMENTARY),
                ],
                help_text=_("Only the model's other strengthening exercises (STR-ANY)."),
                initial=self.current_swaps.get(exercise_id, ""),
            )

    def swaps(self) -> dict[str, str]:
        return {
            exercise_id: self.cleaned_data[swap_field_name(exercise_id)]
            for exercise_id in STRENGTHENING
            if self.cleaned_data.get(swap_field_name(exercise_id))
        }

    def changes(self) -> dict[str, Any]:
        changed = {
            name: self.cleaned_data[name]
            for name, _label in PLAN_FIELDS
            if self.cleaned_data.get(name) is not None
            and self.cleaned_data[name] != self.current.get(name)
        }
        start = self.cleaned_data.get("start_step") or ""
        if start != (self.current.get("start_step") or ""):
            changed["start_step"] = start
        if self.swaps() != self.current_swaps:
            changed["exercise_swaps"] = self.swaps()
        return changed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen: set[str] = set()
        for exercise_id in STRENGTHENING:
            field = swap_field_name(exercise_id)
            new = data.get(field)
            if new and new in chosen:
                self.add_error(field, _("Each exercise can take only one place."))
            chosen.add(new or "")
        if not self.errors and not self.changes():
            raise forms.ValidationError(_("Nothing was changed."))
        return data
