"""The skeleton every check-in page shares."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from runback.common.dates import date_in_words
from runback.rehab.checkin import recording
from runback.rehab.checkin.errors import EntryWithdrawn, PossibleDuplicate, RecordError, TokenReused
from runback.rehab.fields import refuse_before_start
from runback.rehab.selectors import RunnerState

KEPT = "rehab_kept_first_entry"  # a form sent again with other data: the first was kept


class CheckinPage:
    """The skeleton of every check-in page (one entry, a whole strength session, the weekly
    status, a correction). A GET shows the form. A POST whose form is `valid` (and dated
    from the plan's start) is recorded (`payloads`, one transaction) and `saved` answers.
    If it cannot be recorded: a form sent before with other data keeps the first (`kept`),
    an entry of the same kind and date asks "is this another one?", a refusal goes to its
    field (`error_field`); the form is shown again with its errors, unless `unsaved` has
    another answer. A page that differs overrides only those methods."""

    def __init__(
        self, request: HttpRequest, state: RunnerState, form: Any, template: str, **context: Any
    ) -> None:
        self.request = request
        self.state = state
        self.form = form
        self.template = template
        self.context = context

    def response(self) -> HttpResponse:
        if self.request.method == "POST":
            self.context["hide_form"] = False  # a sent form is always shown with its answer
            if self.valid():
                saved = self.record()
                if saved is not None:
                    return saved
            unsaved = self.unsaved()
            if unsaved is not None:
                return unsaved
        return self.render()

    def valid(self) -> bool:
        return bool(self.form.is_valid()) and not refuse_before_start(
            self.form, start_date_of(self.state)
        )

    def payloads(self) -> list[dict[str, Any]]:
        return [self.form.payload()]

    def record(self) -> HttpResponse | None:
        """Record the form's events; on a refusal put it on the form and return None."""
        payloads = self.payloads()
        try:
            events, snapshot = recording.events_record(
                runner=self.state.runner,
                author=self.state.runner,
                payloads=payloads,
                token=self.form.cleaned_data.get("token") or None,
                check_duplicates=not any("replaces" in p for p in payloads)
                and not self.form.cleaned_data.get("another"),
                seen=self.state.snapshot,
            )
        except TokenReused as reused:
            return self.unsaved() or self.kept(reused.events)
        except PossibleDuplicate as duplicate:
            self.form.duplicates = _duplicate_texts(duplicate.existing)
        except EntryWithdrawn:
            self.form.add_error(None, withdrawn_message())
        except RecordError as error:
            self.form.add_error(self.error_field(error), _refusal(error))
        else:
            return self.saved(events, snapshot)
        return None

    def saved(self, events: list[Any], snapshot: Any) -> HttpResponse:
        return redirect("rehab:checkin_result", event_id=events[0].event_id)

    def kept(self, events: list[Any]) -> HttpResponse:
        self.request.session[KEPT] = events[0].event_id
        return redirect("rehab:checkin_result", event_id=events[0].event_id)

    def error_field(self, error: RecordError) -> str | None:
        return error.field if error.field in self.form.fields else None

    def unsaved(self) -> HttpResponse | None:
        return None

    def render(self) -> HttpResponse:
        return render(self.request, self.template, {"form": self.form, **self.context})


def start_date_of(state: RunnerState) -> str | None:
    if state.profile is None:
        return None
    return str(state.profile.answers.get("start_date") or "") or None


def withdrawn_message() -> str:
    return _(
        "This entry is withdrawn, so it can no longer be corrected. "
        "If you withdrew it by mistake, log it again."
    )


def _duplicate_texts(existing: list[Any]) -> list[str]:
    """What is already logged, in words, for the question "is this another one?"."""
    from runback.common.names import exercise_name

    texts = []
    for event in existing:
        p = event.payload
        when = date_in_words(str(p.get("date")))
        if p.get("type") == "strength":
            texts.append(
                _("%(exercise)s on %(date)s")
                % {"exercise": exercise_name(p.get("exercise")), "date": when}
            )
        elif p.get("type") == "status":
            texts.append(_("A weekly status on %(date)s") % {"date": when})
        elif p.get("type") == "walk":
            texts.append(_("A walk on %(date)s") % {"date": when})
        elif p.get("type") == "followup":
            texts.append(
                _("A next-morning answer for this session, given on %(date)s") % {"date": when}
            )
        else:
            texts.append(_("A run on %(date)s") % {"date": when})
    return texts


def _refusal(error: RecordError) -> str:
    """The engine explains a refusal in English for programs; the runner reads it in the
    page's language. The forms catch almost everything before the engine sees it, so
    one wording serves every `error.code`."""
    return _("This does not fit with what you have logged before. Check the date and the numbers.")


def kept_message() -> str:
    return _(
        "This form was already sent, so we kept what you sent the first time. "
        "To change it, use Correct in your history."
    )
