"""Small, typed readers for environment variables (all settings come from here)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be 1/0, true/false, yes/no or on/off, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from None


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder for the SQLite file, the dev secret key and collected static files."""
    return Path(env_str("RUNBACK_DATA_DIR", "data")).resolve()


def dev_secret_key_file() -> Path:
    return data_dir() / "dev-secret-key"


def env_json(name: str) -> object:
    """A JSON value from the environment, or None when unset or empty."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be JSON ({error})") from None


def _holiday_country_check(key: str, country: object) -> None:
    import holidays

    if country is not None and country not in holidays.list_supported_countries():
        raise ImproperlyConfigured(
            f"RUNBACK_HELPLINES[{key!r}]['holiday_country'] must be a country code the "
            f"holidays library knows (e.g. DK, NO, SE), not {country!r}"
        )


def regions_with_overrides(
    regions: dict[str, dict[str, Any]], *, defaults: dict[str, Any], overrides: object
) -> dict[str, dict[str, Any]]:
    """The region table with a deployment's overrides (`RUNBACK_HELPLINES`).

    `overrides` maps a region key to a helpline number (a new number for that region),
    to an object (`name`, `helpline`, optional `doctor_from`/`doctor_until` and
    `holiday_country`, the ISO code whose public holidays close the doctors, default DK:
    a region of its own, e.g. outside Denmark) or to null (the region is not offered)."""
    table = {key: {**defaults, **value} for key, value in regions.items()}
    if overrides is None:
        return table
    if not isinstance(overrides, dict):
        raise ImproperlyConfigured("RUNBACK_HELPLINES must be a JSON object of regions")
    for key, value in overrides.items():
        if value is None:
            table.pop(key, None)
        elif isinstance(value, str) and value.strip() and key in table:
            table[key] = {**table[key], "helpline": value.strip()}
        elif isinstance(value, dict) and str(value.get("helpline", "")).strip():
            _holiday_country_check(key, value.get("holiday_country"))
            base = table.get(key, {**defaults, "name": key})
            table[key] = {**base, **value}
        else:
            raise ImproperlyConfigured(
                f"RUNBACK_HELPLINES[{key!r}] must be a number (text) for a known region, "
                "an object with at least 'helpline' (and 'name'), or null"
            )
    if not table:
        raise ImproperlyConfigured("RUNBACK_HELPLINES leaves no region")
    return table
