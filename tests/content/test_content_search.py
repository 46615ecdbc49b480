"""Library search: case- and accent-insensitive, Danish letters matter."""

from __future__ import annotations

from runback.content.search import fold, search

from .content_fixtures import TinyLibrary


def test_fold_is_case_and_accent_insensitive_but_keeps_danish_letters() -> None:
    assert fold("  Idé  CAFÉ ") == "ide cafe"
    assert fold("ÆBLE Øre Ånd") == "æble øre ånd"
    assert fold("Å") == "å"  # not "a", although Å decomposes to A + ring
    assert fold("A\u030a") == "å"  # a decomposed å is still å


def keys(tiny: TinyLibrary, query: str, lang: str) -> list[tuple[str, str]]:
    return [(h.kind, h.key) for h in search(tiny.load(), query, lang)]


def test_search_title_summary_and_body(tiny: TinyLibrary) -> None:
    assert keys(tiny, "trafiklyset", "da") == [("article", "traffic-light")]
    assert keys(tiny, "GUL", "da") == [("article", "traffic-light")]  # summary
    assert keys(tiny, "fortsætte", "da") == [("article", "traffic-light")]  # body
    assert keys(tiny, "carry on", "en") == [("article", "traffic-light")]


def test_search_is_per_language(tiny: TinyLibrary) -> None:
    assert keys(tiny, "trafiklyset", "en") == []
    assert keys(tiny, "traffic", "da") == []


def test_danish_letters_are_letters_of_their_own(tiny: TinyLibrary) -> None:
    assert keys(tiny, "styrketræning", "da")[0] == ("article", "strength")
    assert keys(tiny, "STYRKETRÆNING", "da")[0] == ("article", "strength")
    assert keys(tiny, "styrketraening", "da") == []
    assert ("article", "traffic-light") in keys(tiny, "grøn", "da")
    assert keys(tiny, "gron", "da") == []


def test_title_hits_rank_first_and_every_word_must_match(tiny: TinyLibrary) -> None:
    hits = keys(tiny, "styrke", "da")
    assert hits[0] == ("article", "strength")
    assert keys(tiny, "styrke zebra", "da") == []


def test_exercises_and_faq_are_found(tiny: TinyLibrary) -> None:
    assert ("exercise", "bird_dog") in keys(tiny, "bird dog", "en")
    assert keys(tiny, "arthritis", "en") == [("faq", "faq-oa")]
    assert keys(tiny, "slidgigt", "da") == [("faq", "faq-oa")]


def test_empty_query_finds_nothing(tiny: TinyLibrary) -> None:
    assert keys(tiny, "   ", "da") == []
