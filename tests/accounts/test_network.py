"""runback.accounts.network: the client's address and the account name for django-axes."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory, override_settings

from runback.accounts.network import (
    address_key,
    axes_username,
    client_address_key,
    client_ip_address,
)

rf = RequestFactory()


def _ip(remote: str, forwarded: str | None = None) -> str | None:
    extra: dict[str, Any] = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip_address(rf.get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_forwarded_header_is_ignored() -> None:
    assert _ip("203.0.113.7", "198.51.100.9") == "203.0.113.7"


@override_settings(RUNBACK_TRUSTED_PROXIES=["10.0.0.0/8", "2001:db8::1"])
@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        ("10.0.0.2", "198.51.100.9", "198.51.100.9"),
        # The client wrote its own header; the proxy appended what it saw: the rightmost.
        ("10.0.0.2", "1.2.3.4, 198.51.100.9", "198.51.100.9"),
        # Two proxies of ours in a row are skipped.
        ("10.0.0.2", "198.51.100.9, 10.1.1.1", "198.51.100.9"),
        ("2001:db8::1", "2001:db8::77", "2001:db8::77"),
        ("10.0.0.2", "198.51.100.9:5678", "198.51.100.9"),
        ("10.0.0.2", "[2001:db8::77]:443", "2001:db8::77"),
        # No header, or garbage from the proxy: the last address a proxy vouched for.
        ("10.0.0.2", None, "10.0.0.2"),
        ("10.0.0.2", "not-an-address", "10.0.0.2"),
        ("10.0.0.2", "198.51.100.9, unknown", "10.0.0.2"),
        # Not from a trusted proxy: the header is the client's own word.
        ("203.0.113.7", "198.51.100.9", "203.0.113.7"),
    ],
)
def test_behind_trusted_proxies_the_client_is_the_first_untrusted_hop(
    remote: str, forwarded: str | None, client: str
) -> None:
    assert _ip(remote, forwarded) == client


@pytest.mark.parametrize(
    "raw", ["runner@example.com", "Runner@Example.COM", "  RUNNER@example.com "]
)
def test_axes_username_is_the_normalised_email(raw: str) -> None:
    assert axes_username(rf.post("/"), {"username": raw}) == "runner@example.com"
    assert axes_username(rf.post("/", {"username": raw}), None) == "runner@example.com"


def test_axes_username_without_one_is_none() -> None:
    assert axes_username(rf.post("/"), None) is None


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2::1", "2001:db8:1:2::"),
        ("2001:db8:1:2:ffff:ffff:ffff:ffff", "2001:db8:1:2::"),
        ("2001:db8:1:3::1", "2001:db8:1:3::"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, None),
    ],
)
def test_an_ipv6_client_counts_as_its_64_network(address: str | None, key: str | None) -> None:
    assert address_key(address) == key


def test_axes_counts_the_client_by_its_key() -> None:
    request = rf.get("/", REMOTE_ADDR="2001:db8:1:2::abcd")
    assert client_address_key(request) == "2001:db8:1:2::"
    assert client_ip_address(request) == "2001:db8:1:2::abcd"
