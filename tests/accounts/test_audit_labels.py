"""Every action logged on a person's record has a label, in Danish and English, that its
app registered (runback.accounts.audit); and no label is left for an action that nothing
logs any more. The actions are found by reading the source: each `.log_action(...)` and
`.audit_entry_build(...)` call in src, with its action as a literal or as an f-string whose
variable part this file knows how to list."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation

from runback.accounts.audit import audit_action_label, audit_actions, audit_actions_register
from runback.accounts.templatetags.accounts import audit_label
from runback.engine.reading import EVENT_TYPES

SRC = Path(__file__).resolve().parents[2] / "src" / "runback"


def _trees() -> Iterator[tuple[Path, ast.AST]]:
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" not in path.parts:
            yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _calls(name: str) -> Iterator[tuple[Path, ast.Call]]:
    """Calls of a function or method called `name` anywhere in src."""
    for path, tree in _trees():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                func = node.func
                called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                if called == name:
                    yield path, node


def _literals(name: str, *, position: int | None = None, keyword: str | None = None) -> set[str]:
    """The string literals passed to `name` at a position or as a keyword."""
    found: set[str] = set()
    for _path, call in _calls(name):
        args = [call.args[position]] if position is not None and len(call.args) > position else []
        args += [k.value for k in call.keywords if k.arg == keyword]
        found |= {a.value for a in args if isinstance(a, ast.Constant) and isinstance(a.value, str)}
    return found


def _variable_parts() -> dict[str, set[str]]:
    """For each f-string action (by its fixed prefix), the values its variable part takes."""
    return {
        # rehab.checkin.recording: f"rehab.event.{event.type}"
        "rehab.event.": set(EVENT_TYPES),
        # assessments.services._audit(booking, "moved", ...): f"assessments.booking.{action}"
        "assessments.booking.": _literals("_audit", position=1),
        # clinic.services_record.record_view_log(..., what="viewed"): f"clinic.record.{what}"
        "clinic.record.": _literals("record_view_log", keyword="what"),
    }


def _logged_actions() -> tuple[set[str], list[str]]:
    """(every action logged in src, the calls this file cannot read)."""
    actions: set[str] = set()
    unreadable: list[str] = []
    variable = _variable_parts()
    calls = [*_calls("log_action"), *_calls("audit_entry_build")]
    for path, call in calls:
        where = f"{path.relative_to(SRC.parent)}:{call.lineno}"
        first = call.args[0] if call.args else None
        if isinstance(first, ast.Constant) and isinstance(first.value, str):
            actions.add(first.value)
            continue
        if isinstance(first, ast.JoinedStr) and first.values:
            head = first.values[0]
            prefix = head.value if isinstance(head, ast.Constant) else ""
            if isinstance(prefix, str) and len(first.values) == 2 and variable.get(prefix):
                actions |= {prefix + part for part in variable[prefix]}
                continue
        unreadable.append(where)
    return actions, unreadable


def test_the_source_is_read() -> None:
    actions, unreadable = _logged_actions()
    assert not unreadable, (
        "log_action calls whose action this test cannot list (log a literal, or teach "
        f"_variable_parts the f-string's values): {unreadable}"
    )
    # The scan finds the actions of every app that logs (it has not gone blind).
    for app in ("accounts", "rehab", "exports", "clinic", "assessments"):
        assert any(a.startswith(f"{app}.") for a in actions), app
    assert {"assessments.booking.moved", "clinic.record.settings_viewed"} <= actions


def test_every_logged_action_has_a_label() -> None:
    actions, _unreadable = _logged_actions()
    missing = sorted(actions - audit_actions())
    assert not missing, (
        f"no label for {missing}: register it in the app's audit.py (ACTIONS), with its "
        "Danish translation in the .po file"
    )


def test_no_label_for_an_action_nothing_logs() -> None:
    actions, _unreadable = _logged_actions()
    assert sorted(audit_actions() - actions) == []


@pytest.mark.parametrize("action", sorted(audit_actions()))
def test_each_label_reads_in_danish_and_english(action: str) -> None:
    with translation.override("en"):
        english = audit_action_label(action)
    with translation.override("da"):
        danish = audit_action_label(action)
    assert english != action
    assert danish and danish != english, f"{action}: no Danish translation of {english!r}"


def test_the_account_page_filter_shows_the_label() -> None:
    with translation.override("da"):
        assert audit_label("assessments.summary.viewed") != "assessments.summary.viewed"
        assert audit_label("assessments.booking.cancelled") != "assessments.booking.cancelled"
    # An unknown action (an old entry, say) still shows, as its code.
    assert audit_label("nothing.logs.this") == "nothing.logs.this"


def test_an_action_cannot_be_claimed_twice_with_another_label() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        audit_actions_register({"clinic.note.added": "Something else"})
    with translation.override("en"):
        assert audit_action_label("clinic.note.added") == "Clinic staff wrote a note"
