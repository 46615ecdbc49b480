"""The reasons behind the advice, collected once each, and the small wording helpers the
sections share."""

from __future__ import annotations

from typing import Any

from runback.engine.texts import (
    FLAG_NAMES,
    say,
)


class Explainer:
    """Collects the reasons, once per message, in the order they were decided."""

    def __init__(self, locale: str) -> None:
        self.locale = locale
        self.items: list[dict[str, str]] = []
        self._seen: set[tuple[str, str]] = set()

    def add(self, rule: str, key: str | None = None, **params: Any) -> None:
        da, en = say(key or rule, **params)
        if (rule, da) in self._seen:
            return
        self._seen.add((rule, da))
        self.items.append(
            {"rule": rule, "text": da if self.locale == "da" else en, "text_da": da, "text_en": en}
        )

    def rules(self) -> list[str]:
        return list(dict.fromkeys(item["rule"] for item in self.items))


def flag_names(flags: list[str]) -> tuple[str, str]:
    """The flags in words, joined for a sentence, in Danish and in English."""
    da = [FLAG_NAMES[f][0] for f in flags]
    en = [FLAG_NAMES[f][1] for f in flags]
    return join_words(da, "og"), join_words(en, "and")


def join_words(items: list[str], word: str) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}"


def num_words(value: float) -> str:
    """A rating as a sentence shows it: 2, or 2,5 / 2.5 (language-neutral: the dot)."""
    return f"{value:g}"
