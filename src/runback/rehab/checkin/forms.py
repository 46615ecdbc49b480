"""The check-in forms: a run or walk, the next-morning answer, the weekly status. Every
field is checked here first; the engine checks the whole history again afterwards."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from runback.common.dates import long_date
from runback.rehab.fields import (
    SETTLE_TIMES,
    DateNotInFuture,
    minutes_field,
    pain_field,
    token_field,
    yes_no,
)


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
    # The imported activity this session is logged from (its check-in link), kept with the
    # activity, never in the event.
    activity = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

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
        answerable_from: dict[str, datetime.date] | None = None,
        **kwargs: Any,
    ) -> None:
        """`answerable_from`: each session's first day for its answer (the engine's
        `followups`, ZONE-2)."""
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = sessions  # type: ignore[attr-defined]
        self.answerable_from = answerable_from or {}

    def clean(self) -> dict[str, Any]:
        """ZONE-2: an answer dated before the session's `answerable_from` (the engine's:
        the day after the session) is refused at the date field."""
        cleaned = super().clean() or {}
        first = self.answerable_from.get(cleaned.get("session") or "")
        answered = cleaned.get("date")
        if first is not None and answered is not None and answered < first:
            self.add_error(
                "date",
                _(
                    "The next-morning answer can be given from the day after the session "
                    "(from %(date)s)."
                )
                % {"date": long_date(first)},
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
