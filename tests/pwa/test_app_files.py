"""The web app manifest, the service worker and the icons."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from PIL import Image, ImageChops

from runback.accounts.models import User
from runback.common.clock import today
from runback.rehab.models import Event

ROOT = Path(__file__).resolve().parents[2]
ICONS = ROOT / "src" / "runback" / "static" / "runback" / "icons"


def test_redrawing_the_icons_gives_the_committed_files(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(ROOT / "tools" / "draw_icons.py"), str(tmp_path)],
        check=True,
        capture_output=True,
    )
    drawn = sorted(p.name for p in tmp_path.glob("*.png"))
    assert drawn == sorted(p.name for p in ICONS.glob("*.png"))
    for name in drawn:
        with Image.open(tmp_path / name) as new, Image.open(ICONS / name) as old:
            assert new.size == old.size
            assert ImageChops.difference(new.convert("RGB"), old.convert("RGB")).getbbox() is None


@pytest.mark.django_db
def test_the_manifest_makes_the_app_installable(anonymous_client: Client) -> None:
    response = anonymous_client.get(reverse("pwa:manifest"))
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["name"] == "Runback" and data["display"] == "standalone"
    assert data["start_url"] == reverse("rehab:today")
    assert data["lang"] == "da"
    sizes = {icon["sizes"] for icon in data["icons"] if icon["type"] == "image/png"}
    assert {"192x192", "512x512"} <= sizes
    for icon in data["icons"]:
        name = icon["src"].rsplit("/", 1)[1]
        with Image.open(ICONS / name) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]


@pytest.mark.django_db
def test_the_service_worker_is_served_from_the_root(anonymous_client: Client) -> None:
    response = anonymous_client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/javascript; charset=utf-8"
    assert response["Cache-Control"] == "no-cache"
    body = response.content.decode()
    assert "{%" not in body and "{{" not in body
    assert '"/static/runback/app.js"' in body
    assert 'importScripts("/static/runback/queue.js")' in body


@pytest.mark.django_db
def test_every_page_links_the_manifest_and_our_script(
    anonymous_client: Client, runner_with_plan_client: Client
) -> None:
    for client in (anonymous_client, runner_with_plan_client):
        body = client.get(
            reverse("accounts:login") if client is anonymous_client else reverse("rehab:today")
        ).content.decode()
        assert '<link rel="manifest" href="/manifest.webmanifest">' in body
        assert 'rel="apple-touch-icon"' in body and 'name="theme-color"' in body
        assert 'src="/static/runback/app.js"' in body


def test_csp_allows_our_worker_and_manifest_only(settings: object) -> None:
    from django.conf import settings as django_settings

    directives = django_settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    assert directives["worker-src"] == ["'self'"]
    assert directives["manifest-src"] == ["'self'"]


@pytest.mark.django_db
def test_the_offline_page_holds_nothing_personal(runner_with_plan_client: Client) -> None:
    body = runner_with_plan_client.get(reverse("pwa:offline")).content.decode()
    assert "runner@example.com" not in body
    assert 'href="/today/"' in body


@pytest.mark.django_db
def test_a_check_in_sent_twice_from_the_phone_is_stored_once(runner_with_plan: User) -> None:
    """What app.js does with a check-in kept offline: the form's data with its one-time
    token, and the security token taken from the CSRF cookie at the time of sending."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(runner_with_plan)
    client.get(reverse("rehab:checkin_session"))  # sets the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    form = {
        "csrfmiddlewaretoken": csrf,
        "token": "0123456789abcdef0123456789abcdef",
        "type": "run",
        "date": today().isoformat(),
        "pain_before": "1",
        "pain_during": "2",
        "pain_after": "2",
        "run_min": "3",
        "walk_min": "14",
    }
    first = client.post(reverse("rehab:checkin_session"), form)
    second = client.post(reverse("rehab:checkin_session"), form)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert first["Location"].startswith("/log/done/")
    assert Event.objects.filter(runner=runner_with_plan).count() == 1
