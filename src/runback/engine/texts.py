"""The engine's reasons, in Danish and English. Written for runners: plain and short.

Each entry is keyed by a message key (usually the rule ID, sometimes with a variant after
a colon) and formatted with the decision's numbers. Product text is ours; the rules come
from the clinical model (shared/spec/clinical-model.md).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from runback.engine.names import (
    BAND_NAMES,
    EXAMINER_NAMES,
    EXERCISE_NAMES,
    FLAG_NAMES,
    OVER_WORDS,
    SPORT_NAMES,
    START_STEP_NAMES,
)
from runback.engine.texts_safety import ESCALATION_TEXTS, TRIAGE_ZONE_TEXTS
from runback.engine.texts_training import TRAINING_TEXTS

__all__ = [
    "BAND_NAMES",
    "EXAMINER_NAMES",
    "EXERCISE_NAMES",
    "FLAG_NAMES",
    "OVER_WORDS",
    "SPORT_NAMES",
    "START_STEP_NAMES",
    "TEXTS",
    "minutes_words",
    "say",
]

# In the model's order: triage and zones, the training, then escalation.
TEXTS: dict[str, tuple[str, str]] = {**TRIAGE_ZONE_TEXTS, **TRAINING_TEXTS, **ESCALATION_TEXTS}

DANISH_MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)
ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def minutes_words(n: int | float) -> tuple[str, str]:
    """'1 minut' / '3 minutter', '1 minute' / '3 minutes'."""
    number = _fmt(float(n), "da") if isinstance(n, float) and n != int(n) else str(int(n))
    en_number = _fmt(float(n), "en") if isinstance(n, float) and n != int(n) else str(int(n))
    one = n == 1
    return (
        f"{number} {'minut' if one else 'minutter'}",
        f"{en_number} {'minute' if one else 'minutes'}",
    )


def _fmt(value: Any, lang: str) -> str:
    """Numbers and dates as each language writes them in a sentence: 10,5 and
    '7. januar' in Danish, 10.5 and '7 January' in English."""
    if isinstance(value, tuple):
        return str(value[0] if lang == "da" else value[1])
    if isinstance(value, date):
        if lang == "da":
            return f"{value.day}. {DANISH_MONTHS[value.month - 1]}"
        return f"{value.day} {ENGLISH_MONTHS[value.month - 1]}"
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",") if lang == "da" else text
    return str(value)


def say(key: str, **params: Any) -> tuple[str, str]:
    """The Danish and English text for a message key, with its values filled in.

    A value may be a (Danish, English) pair for words that differ by language.
    """
    da, en = TEXTS[key]
    return (
        da.format(**{k: _fmt(v, "da") for k, v in params.items()}),
        en.format(**{k: _fmt(v, "en") for k, v in params.items()}),
    )
