"""Who is asking: the client's address and the account name, the same on every path.

django-axes calls both (settings `AXES_CLIENT_IP_CALLABLE`, `AXES_USERNAME_CALLABLE`), and
the password-reset and sign-up rate limits use the same address. An IPv6 client counts as
its /64 network (`client_address_key`): one connection usually has a whole /64, so counting
single addresses would give one person 2^64 fresh budgets.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from runback.accounts.models import normalize_email

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


def axes_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The account a login attempt is for, normalised like `User.objects.get_by_natural_key`,
    so that `Runner@Example.com` and `runner@example.com ` share one failure count."""
    field = settings.AXES_USERNAME_FORM_FIELD
    raw = credentials.get(field) if credentials else None
    if raw is None and request is not None:
        raw = getattr(request, "POST", {}).get(field)
    if not isinstance(raw, str):
        return None
    return normalize_email(raw)


@lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _parse(value: str) -> IPAddress | None:
    """An address from a forwarded hop: `1.2.3.4`, `::1`, `1.2.3.4:5678` or `[::1]:80`."""
    value = value.strip()
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address in network for network in networks)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client's address.

    Without trusted proxies (`RUNBACK_TRUSTED_PROXIES` empty) it is REMOTE_ADDR and
    X-Forwarded-For is ignored: anybody can send that header. When the request comes from a
    trusted proxy, the forwarded hops are read from the right (the proxy's own entry) and
    the first one that is not a trusted proxy is the client; a client cannot push an address
    of its choice past the proxies, because they append what they saw.
    """
    remote = request.META.get("REMOTE_ADDR") or None
    networks = _networks(tuple(getattr(settings, "RUNBACK_TRUSTED_PROXIES", ())))
    remote_address = _parse(remote) if remote else None
    if not networks or remote_address is None or not _trusted(remote_address, networks):
        return remote
    client = remote_address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop for hop in forwarded.split(",") if hop.strip()]):
        address = _parse(hop)
        if address is None:
            break  # not an address: keep the last hop a trusted proxy vouched for
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


IPV6_CLIENT_PREFIX = 64  # the usual size of one customer's IPv6 network


def address_key(address: str | None) -> str | None:
    """The unit a limit counts by: an IPv4 address as it is, an IPv6 address as the first
    address of its /64 (`2001:db8:1:2::`), still a valid address for axes' log."""
    if not address:
        return address
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        network = ipaddress.ip_network(f"{parsed}/{IPV6_CLIENT_PREFIX}", strict=False)
        return str(network.network_address)
    return str(parsed) if parsed is not None else address


def client_address_key(request: HttpRequest) -> str | None:
    """The client's address as limits count it (see `address_key`): django-axes' lockout
    key and the rate limits of emails."""
    return address_key(client_ip_address(request))
