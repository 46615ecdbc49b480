"""On the run, in real Chromium: the interval timer of the test session with the clock
sped up (every change announced, at the end the check-in filled in), and the web app
with the network cut (Today and the timer from the phone's copy; a check-in kept on the
phone and stored exactly once when the network is back)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Browser, BrowserContext, Page, expect
from tests.histories import give_intake

from runback.accounts.models import User
from runback.accounts.services import consent_give, user_create
from runback.common.clock import today
from runback.pwa.selectors import timer_segments
from runback.rehab.models import Event

PASSWORD = "a-sore-back-2026"

# Records every text the live region is given, in order (the test's own observer).
RECORD_ANNOUNCEMENTS = """() => {
  window.__announced = [];
  const region = document.getElementById("timer-announce");
  new MutationObserver(() => {
    if (region.textContent) { window.__announced.push(region.textContent); }
  }).observe(region, { childList: true, characterData: true, subtree: true });
}"""


# Counts what the page asks of the phone: tones, vibrations, spoken cues (before any
# script of the page runs; Playwright injects it, so the CSP does not apply).
RECORD_OUTPUTS = """
window.__tones = 0; window.__vibrations = []; window.__spoken = [];
const makeOscillator = AudioContext.prototype.createOscillator;
AudioContext.prototype.createOscillator = function () {
  window.__tones++; return makeOscillator.call(this);
};
navigator.vibrate = (pattern) => { window.__vibrations.push(pattern); return true; };
speechSynthesis.speak = (utterance) => { window.__spoken.push([utterance.lang, utterance.text]); };
"""


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        locale="da-DK",
        timezone_id="Europe/Copenhagen",
        device_scale_factor=1,
    )
    yield context
    context.close()


def _runner(email: str) -> User:
    user: User = user_create(email=email, password=PASSWORD, name="Tove Timer")
    consent_give(user=user, language="da")
    give_intake(user)
    return user


def _log_in(page: Page, base: str, email: str) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Adgangskode").fill(PASSWORD)
    page.get_by_role("button", name="Log ind").click()
    page.wait_for_url("**/today/")


def test_the_timer_announces_every_change_and_ends_on_a_filled_in_check_in(
    live_server: Any, context: BrowserContext, shoot: Callable[[Page, str], None]
) -> None:
    user = _runner("timer@example.com")
    page = context.new_page()
    page.add_init_script(RECORD_OUTPUTS)
    page.clock.install(time=datetime.now())
    _log_in(page, live_server.url, "timer@example.com")
    next_run = user.rehab_snapshot.output["next_run"]
    assert next_run["phase"] == "test"
    with translation.override("da"):
        segments = timer_segments(next_run)
        done = "Færdig. Godt gået! Skriv nu, hvordan det gik."

    page.get_by_role("link", name="Start").click()
    page.wait_for_url("**/today/timer/")
    expect(page.locator("#timer-label")).to_have_text(segments[0].label)
    expect(page.locator("#timer-clock")).to_have_text("5:00")
    shoot(page, "timer-ready")
    page.evaluate(RECORD_ANNOUNCEMENTS)

    page.get_by_role("button", name="Start").click()
    expect(page.locator("#timer-announce")).to_have_text(segments[0].cue)
    page.clock.run_for(60_000)
    expect(page.locator("#timer-clock")).to_have_text("4:00")

    # Pause: the clock stands still however long the pause is; resume goes on from there.
    page.get_by_role("button", name="Pause").click()
    page.clock.run_for(600_000)
    expect(page.locator("#timer-clock")).to_have_text("4:00")
    page.get_by_role("button", name="Fortsæt").click()
    page.clock.run_for(240_000)

    for segment in segments[1:]:
        expect(page.locator("#timer-announce")).to_have_text(segment.cue)
        expect(page.locator("#timer-label")).to_have_text(segment.label)
        expect(page.locator("#timer")).to_have_attribute("data-kind", segment.kind)
        if segment is segments[1]:
            shoot(page, "timer-running")
        page.clock.run_for(segment.seconds * 1000)

    expect(page.locator("#timer-announce")).to_have_text(done)
    cues = [s.cue for s in segments]
    announced = page.evaluate("window.__announced")
    assert announced == [cues[0], "Pause.", "Videre.", *cues[1:], done]
    assert page.evaluate("window.__spoken") == [["da-DK", text] for text in announced]
    vibrations = page.evaluate("window.__vibrations")
    assert len(vibrations) == len(segments) + 1  # each change and the end
    assert page.evaluate("window.__tones") >= 2 * 3 + len(segments)

    page.clock.run_for(3000)
    page.wait_for_url("**/log/session/**")
    expect(page.locator("#id_type_0")).to_be_checked()  # a run
    expect(page.locator("#id_run_min")).to_have_value("3")
    expect(page.locator("#id_walk_min")).to_have_value("14")
    expect(page.locator("#id_date")).to_have_value(today().isoformat())
    shoot(page, "timer-check-in")


def test_offline_today_timer_and_a_check_in_sent_once_when_back_online(
    live_server: Any, context: BrowserContext, shoot: Callable[[Page, str], None]
) -> None:
    user = _runner("offline@example.com")
    page = context.new_page()
    _log_in(page, live_server.url, "offline@example.com")
    # The service worker keeps Today and the pages it links to.
    page.wait_for_selector("html[data-offline-ready]", state="attached", timeout=15_000)

    context.set_offline(True)  # for the page and the service worker alike
    page.goto(live_server.url + "/today/")
    expect(page.get_by_role("heading", level=1)).to_have_text("I dag")
    page.goto(live_server.url + "/today/timer/")
    expect(page.locator("#timer-label")).to_have_text("Opvarmning: gå")
    shoot(page, "timer-offline")
    page.goto(live_server.url + "/today/")
    page.locator("a[href^='/library/exercise/']").first.click()
    picture = page.locator("main img").first
    expect(picture).to_be_visible()
    assert picture.evaluate("(img) => img.complete && img.naturalWidth > 0")

    page.goto(live_server.url + "/log/session/")
    for field in ("pain_before", "pain_during", "pain_after"):
        page.locator(f"label[for=id_{field}_2]").click()
    page.get_by_role("button", name="Gem").click()
    page.wait_for_url("**/today/?queued=1")
    status = page.locator("#offline-status")
    expect(status).to_contain_text("1 registrering er gemt på telefonen")
    shoot(page, "check-in-kept-offline")
    assert Event.objects.filter(runner=user).count() == 0
    # Sent twice (a second tab, a flaky network): the one-time token keeps it one entry.
    page.evaluate(
        "RunbackQueue.all().then(([item]) => { delete item.id; return RunbackQueue.add(item); })"
    )

    context.set_offline(False)
    expect(status).to_contain_text("2 registreringer, der var gemt på telefonen, er nu sendt.")
    assert Event.objects.filter(runner=user, type="run").count() == 1
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("I dag")
    assert page.evaluate("RunbackQueue.all().then((items) => items.length)") == 0
    assert Event.objects.filter(runner=user).count() == 1

    # Logging out drops this login's pages from the phone; the static files stay.
    pages = "caches.open('runback-pages').then((c) => c.keys()).then((k) => k.length)"
    assert page.evaluate(pages) > 0
    page.get_by_role("button", name="Log ud").click()
    page.wait_for_url(live_server.url + "/")
    assert page.evaluate(pages) == 0
