"""A small but complete content library in a temporary folder, for the checker tests.

The `tiny` fixture writes a library that passes the check (with the rule IDs of
`TINY_RULES`); each test then breaks one thing and looks for the problem.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from runback.content.library import (
    EXERCISE_CATEGORIES,
    EXERCISE_SECTIONS,
    FAQ_ANCHORS,
    Library,
    read_library,
)

TINY_RULES = ("ZONE-1", "ZONE-2")

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">'
    '<defs><linearGradient id="g"><stop offset="0"/></linearGradient></defs>'
    '<circle cx="50" cy="50" r="20" fill="url(#g)"/></svg>\n'
)

ARTICLE = {
    "da": """---
title: Trafiklyset – hvornår må du løbe videre?
summary: Grøn, gul og rød smerte under og efter løb.
order: 10
topic: running
rules:
  ZONE-1: zone-1
  ZONE-2: zone-2
---

Lidt smerte er okay [Smith 2020](ref:smith-2020).

## Gul er okay {#zone-1}

Gul betyder at du må fortsætte. Se [split squat](exercise:split_squat).

## Rød betyder stop {#zone-2}

Stop og læs [scanning](faq:#faq-scan) og [mere](article:strength#why).
""",
    "en": """---
title: The traffic light – when may you keep running?
summary: Green, amber and red pain during and after running.
order: 10
topic: running
rules:
  ZONE-1: zone-1
  ZONE-2: zone-2
---

Some pain is okay [Smith 2020](ref:smith-2020).

## Amber is okay {#zone-1}

Amber means you may carry on. See [split squat](exercise:split_squat).

## Red means stop {#zone-2}

Stop and read [scans](faq:#faq-scan) and [more](article:strength#why).
""",
}

STRENGTH = {
    "da": """---
title: Styrketræning
summary: Derfor hjælper styrke.
order: 20
topic: strength
---

## Hvorfor {#why}

Styrke hjælper [Smith 2020](ref:smith-2020). Prøv [øvelserne](exercise:bird_dog#dose).
""",
    "en": """---
title: Strength training
summary: Why strength helps.
order: 20
topic: strength
---

## Why {#why}

Strength helps [Smith 2020](ref:smith-2020). Try [the exercises](exercise:bird_dog#dose).
""",
}

SECTION_TITLES = {
    "da": ["Formål", "Start", "Trin", "Dosis", "Mærk", "Fejl", "Lettere", "Sværere"],
    "en": ["Purpose", "Start", "Steps", "Dose", "Feel", "Mistakes", "Easier", "Harder"],
}

FAQ_TITLES = {
    "da": ["Diskusprolaps?", "Farligt?", "Scanning?", "Hvile?", "Øvelser?", "Slidgigt?"],
    "en": ["Disc herniation?", "Dangerous?", "Scan?", "Rest?", "Exercises?", "Arthritis?"],
}

REFERENCE = """id: smith-2020
authors: Smith AB, Jones C, Brown D, et al.
title: A study of backs.
journal: J Backs
year: 2020
details: 1(2):3-4
doi: 10.1234/backs.2020.1
source_article: true
"""

GUIDELINE = """id: nice-2016
authors: National Institute for Health and Care Excellence
title: Low back pain and sciatica in over 16s.
year: 2016
url: https://www.nice.org.uk/guidance/ng59
"""


def exercise_text(ex_id: str, lang: str) -> str:
    category = EXERCISE_CATEGORIES[ex_id]
    irritability = "high" if category == "relieving" else "low"
    name = ex_id.replace("_", " ").capitalize()
    sections = "\n".join(
        f"## {title} {{#{anchor}}}\n\nText om {name} ({lang}).\n"
        for title, anchor in zip(SECTION_TITLES[lang], EXERCISE_SECTIONS, strict=True)
    )
    return (
        f"---\ntitle: {name}\nsummary: {name} summary ({lang}).\ncategory: {category}\n"
        f"irritability: {irritability}\nalt_start: Start of {name}.\nalt_end: End of {name}.\n"
        f"---\n\n{sections}"
    )


def faq_text(lang: str) -> str:
    sections = "\n".join(
        f"## {title} {{#{anchor}}}\n\nSvar {anchor} ({lang}) [Smith](ref:smith-2020).\n"
        for title, anchor in zip(FAQ_TITLES[lang], FAQ_ANCHORS, strict=True)
    )
    title = "Ofte stillede spørgsmål" if lang == "da" else "Frequently asked questions"
    return f"---\ntitle: {title}\n---\n\n{sections}"


class TinyLibrary:
    def __init__(self, root: Path) -> None:
        self.root = root

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        return path

    def read(self, rel: str) -> str:
        return (self.root / rel).read_text(encoding="utf-8")

    def replace(self, rel: str, old: str, new: str) -> TinyLibrary:
        text = self.read(rel)
        assert old in text, f"{old!r} not in {rel}"
        self.write(rel, text.replace(old, new))
        return self

    def remove(self, rel: str) -> TinyLibrary:
        (self.root / rel).unlink()
        return self

    def load(self) -> Library:
        return read_library(self.root)


@pytest.fixture
def tiny(tmp_path: Path) -> TinyLibrary:
    lib = TinyLibrary(tmp_path / "content")
    for lang in ("da", "en"):
        lib.write(f"articles/traffic-light.{lang}.md", ARTICLE[lang])
        lib.write(f"articles/strength.{lang}.md", STRENGTH[lang])
        lib.write(f"faq.{lang}.md", faq_text(lang))
        for ex_id in EXERCISE_CATEGORIES:
            lib.write(f"exercises/{ex_id}.{lang}.md", exercise_text(ex_id, lang))
    for ex_id in EXERCISE_CATEGORIES:
        for pose in ("start", "end"):
            lib.write(f"exercises/svg/{ex_id}-{pose}.svg", SVG)
    lib.write("references/smith-2020.yaml", REFERENCE)
    lib.write("references/nice-2016.yaml", GUIDELINE)
    return lib
