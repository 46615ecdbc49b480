"""rehab:why: every reason, with its rule ID linked to the library."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import translation

import runback
from runback.accounts.models import User
from runback.engine.rules import RULE_IDS
from runback.rehab.rule_titles import RULE_TITLES, rule_title


@pytest.mark.django_db
def test_why_lists_reasons_with_rule_links(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(reverse("rehab:why")).content.decode()
    assert 'href="/library/rule/RUN-P1/"' in body
    assert "Løbetesten" in body
    assert "erstatter ikke en behandler" in body


CSS = Path(runback.__file__).parent / "static" / "runback" / "runback.css"


@pytest.mark.django_db
def test_why_shows_plain_titles_and_hides_rule_ids_from_runners(
    runner_with_plan_client: Client,
) -> None:
    body = runner_with_plan_client.get(reverse("rehab:why")).content.decode()
    assert "Fase 1: gang og testløb" in body
    assert body.count('class="why-link"') >= 3
    assert 'class="rule-id"' not in body
    assert not re.search(r">\s*(RUN|ZONE|STR|TRIAGE|ESC|FORM|COND)-[A-Z0-9-]+\s*<", body)


def test_the_rule_id_is_shown_to_a_clinician_only(clinician: User, runner: User) -> None:
    reason = {"rule": "RUN-P1", "text": "..."}
    for user, shown in ((clinician, True), (runner, False)):
        html = render_to_string("rehab/includes/reason.html", {"reason": reason, "user": user})
        assert ('<span class="rule-id">RUN-P1</span>' in html) is shown
        assert "Fase 1: gang og testløb" in html


def test_every_rule_has_a_plain_title_in_danish_and_english() -> None:
    wanted = [*RULE_IDS, *(f"TRIAGE-{n}" for n in range(8, 16))]
    for rule in wanted:
        with translation.override("en"):
            english = rule_title(rule)
        with translation.override("da"):
            danish = rule_title(rule)
        assert rule not in english and rule not in danish
        assert english != danish, rule  # translated
        assert rule in RULE_TITLES


def test_the_why_link_is_a_44_px_touch_target() -> None:
    css = CSS.read_text(encoding="utf-8")
    rule = re.search(r"\.why-link\s*\{([^}]*)\}", css)
    assert rule is not None
    assert "min-height: var(--tap)" in rule.group(1)
    assert re.search(r"--tap:\s*2\.75rem", css)  # 44 px at the browser's 16 px
