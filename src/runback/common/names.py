"""The engine's ids and bilingual texts in the page's language."""

from __future__ import annotations

from typing import Any

from django.utils.translation import get_language

from runback.engine.texts import EXERCISE_NAMES


def in_language(value: Any) -> str:
    """{"da": ..., "en": ...} -> the text in the page's language."""
    if isinstance(value, dict):
        return str(value.get("en" if get_language() == "en" else "da") or value.get("da") or "")
    return "" if value is None else str(value)


def exercise_name(exercise_id: str) -> str:
    """'bird_dog' -> 'Fuglehund' / 'Bird dog' (the id itself if the engine has no name)."""
    names = EXERCISE_NAMES.get(exercise_id)
    if names is None:
        return exercise_id
    return names[1] if get_language() == "en" else names[0]
