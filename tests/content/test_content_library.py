"""Loading the library: typed documents, ordering, rule targets, reference labels."""

from __future__ import annotations

from pathlib import Path

from runback.content.library import EXERCISE_IDS, Reference, load_library

from .content_fixtures import TinyLibrary


def test_documents_are_typed_and_per_language(tiny: TinyLibrary) -> None:
    lib = tiny.load()
    article = lib.article("traffic-light", "en")
    assert article is not None
    assert article.title == "The traffic light – when may you keep running?"
    assert (article.order, article.topic) == (10, "running")
    assert article.rules == {"ZONE-1": "zone-1", "ZONE-2": "zone-2"}
    assert article.anchors == ("zone-1", "zone-2")
    assert article.path == Path("articles/traffic-light.en.md")
    assert article.file_line(1) == 11  # body starts after the front matter
    exercise = lib.exercise("cat_cow", "da")
    assert exercise is not None
    assert (exercise.category, exercise.irritability) == ("relieving", "high")
    assert exercise.alt_start == "Start of Cat cow."
    assert lib.faq["da"].anchors[0] == "faq-disc"
    assert [a.slug for a in lib.articles_in("da")] == ["traffic-light", "strength"]
    assert tuple(e.id for e in lib.exercises_in("en")) == EXERCISE_IDS
    assert lib.svg("cat_cow", "start") == tiny.root / "exercises/svg/cat_cow-start.svg"


def test_rule_target(tiny: TinyLibrary) -> None:
    lib = tiny.load()
    assert lib.rule_target("ZONE-2", "en") == ("traffic-light", "zone-2")
    assert lib.rule_target("ESC-1", "en") is None


def test_reference_labels_and_links(tiny: TinyLibrary) -> None:
    lib = tiny.load()
    smith = lib.references["smith-2020"]
    assert smith.short_label == "Smith et al. 2020"
    assert smith.link == "https://doi.org/10.1234/backs.2020.1"
    nice = lib.references["nice-2016"]
    assert nice.link == "https://www.nice.org.uk/guidance/ng59"

    def ref(**meta: object) -> Reference:
        return Reference(id="x", path=Path("references/x.yaml"), meta=meta)

    assert ref(authors="Owen PJ", year=2020).short_label == "Owen 2020"
    assert ref(authors="Owen PJ, Hangai M", year=2020).short_label == "Owen & Hangai 2020"
    assert ref(authors="van der Berg A, B C, D E").short_label == "van der Berg et al."
    assert ref(url="http://insecure.example").link == ""


def test_load_library_is_cached_per_root(tiny: TinyLibrary) -> None:
    first = load_library(tiny.root)
    assert load_library(tiny.root) is first
    assert load_library() is load_library()
    assert load_library() is not first
