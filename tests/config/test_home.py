"""home and healthz."""

from __future__ import annotations

import re

import pytest
from django.test import Client


@pytest.mark.django_db
def test_home_is_danish_by_default_with_the_disclaimer(client: Client) -> None:
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="da">' in body
    assert "Runback giver vejledning og erstatter ikke en behandler." in body
    assert "112" in body


@pytest.mark.django_db
def test_home_loads_nothing_from_other_origins(client: Client) -> None:
    body = client.get("/").content.decode()
    assert "http://" not in body.replace("http://www.w3.org", "")
    assert "https://" not in body
    # our own scripts only, from our static files; no inline script
    assert re.findall(r"<script[^>]*>", body) == re.findall(
        r'<script src="/static/[^"]+"[^>]*>', body
    )
    assert "style=" not in body


def test_healthz(client: Client) -> None:
    assert client.get("/healthz").content == b"ok"


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/healthz"])
def test_head_is_answered_like_get(client: Client, url: str) -> None:
    """Load balancers and monitors probe with HEAD."""
    response = client.head(url)
    assert response.status_code == 200
    assert response.content == b""
    assert client.post(url).status_code == 405
