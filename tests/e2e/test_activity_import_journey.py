"""A watch file in real Chromium: after the planned test session (walk 5 min, then
3 x (run 1 min, walk 3 min)), the runner uploads the FIT file from the watch, sees the
detected intervals next to the plan, opens the check-in filled in with them, adds only
the pain ratings and saves; the plan adapts as it does for a typed check-in (ZONE-2:
the next session waits for the next-morning answer), and the cadence the watch
measured sets the cadence band (FORM-CAD)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.utils import timezone
from playwright.sync_api import FilePayload, Page, expect
from tests.activities.files import TEST_SESSION, fit_activity
from tests.histories import give_intake

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.rehab.models import Event, Snapshot

PASSWORD = "a-sore-back-2026"


def _pick(page: Page, name: str, value: str) -> None:
    page.locator(f"label[for=id_{name}_{value}]").click()


def test_a_watch_file_fills_in_the_check_in(
    live_server: Any, page: Page, shoot: Callable[[Page, str], None]
) -> None:
    email = "watch@example.com"
    user: User = user_create(email=email, password=PASSWORD, name="Vera Watch")
    consent_give(user=user, language="en")
    give_intake(user, start_date=(today() - timedelta(days=3)).isoformat())
    finished = timezone.now() - timedelta(minutes=5)
    started = finished - timedelta(seconds=sum(s for _, s in TEST_SESSION))
    day = timezone.localtime(started).date()

    page.goto(live_server.url + "/accounts/login/")
    page.get_by_role("button", name="English").click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.get_by_role("link", name="Activities").first.click()
    session: FilePayload = {
        "name": "session.fit",
        "mimeType": "application/octet-stream",
        "buffer": fit_activity(start=started),
    }
    page.locator("#id_files").set_input_files(files=[session])
    page.get_by_role("button", name="Import").click()
    main = page.locator("main")
    expect(main).to_contain_text("5 min walk, then 3 × 1 min run / 3 min walk")
    expect(main.locator("table")).to_contain_text("Running (min)")
    shoot(page, "activity-imported-en")

    page.get_by_role("link", name="Log this session").click()
    expect(page.locator("#id_run_min")).to_have_value("3.0")
    expect(page.locator("#id_walk_min")).to_have_value("14.0")
    expect(page.locator("#id_date")).to_have_value(day.isoformat())
    expect(page.locator("#id_type_0")).to_be_checked()  # run
    for field in ("pain_before", "pain_during", "pain_after"):
        _pick(page, field, "2")
    shoot(page, "activity-checkin-filled-en")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".zone-line .zone")).to_be_visible()

    run = Event.objects.get(runner=user, type="run")
    assert {k: run.payload[k] for k in ("date", "run_min", "walk_min", "distance_km")} == {
        "date": day.isoformat(),
        "run_min": 3.0,
        "walk_min": 14.0,
        "distance_km": 1.64,
    }
    # As for a typed check-in: the next session waits for the next-morning answer.
    output = Snapshot.objects.get(runner=user).output
    next_run = output["next_run"]
    assert next_run["earliest_date"] == (day + timedelta(days=2)).isoformat()
    assert "ZONE-2" in next_run["rules"]
    # FORM-CAD: the cadence the watch measured now sets the band (165 x 1.10 = 181 is
    # capped at 180 spm: FORM-CAD-CAP, v3).
    assert run.payload["cadence_spm"] == 165
    assert output["cadence_measured_spm"] == 165
    assert output["cadence_target_spm"] == [174, 180]
    page.goto(live_server.url + "/activities/")
    expect(page.locator("main")).to_contain_text("Your watch measured 165 steps per minute")
    shoot(page, "activities-list-en")
