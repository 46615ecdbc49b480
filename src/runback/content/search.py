"""Library search: case- and accent-insensitive, over title, summary and body text.

Plain Python (no Django). Accents are folded (é -> e) but the Danish letters stay
letters of their own: æ, ø and å never match a, o or e.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from runback.content.library import Document, Library

MAX_QUERY = 200
_KEEP = {"å": "\uf8f0", "Å": "\uf8f0"}  # protect å from losing its ring when folding


@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed; æ, ø, å kept."""
    protected = "".join(_KEEP.get(ch, ch) for ch in unicodedata.normalize("NFC", text))
    decomposed = unicodedata.normalize("NFKD", protected.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = unicodedata.normalize("NFC", stripped.replace("\uf8f0", "å"))
    return " ".join(folded.split())


@dataclass(frozen=True)
class SearchHit:
    kind: str  # "article" | "exercise" | "faq"
    key: str  # article slug, exercise id, or FAQ anchor
    title: str
    summary: str
    score: int


def _terms(query: str) -> list[str]:
    return [t for t in fold(query[:MAX_QUERY]).split(" ") if t]


def _score(terms: list[str], title: str, summary: str, body: str) -> int:
    """0 unless every term occurs somewhere; title hits weigh most."""
    t, s, b = fold(title), fold(summary), fold(body)
    score = 0
    for term in terms:
        if term in t:
            score += 10
        elif term in s:
            score += 4
        elif term in b:
            score += 1
        else:
            return 0
    return score


def _faq_sections(doc: Document) -> list[tuple[str, str, str]]:
    """(anchor, question, answer text) per `##` section of the FAQ."""
    from runback.content.parsing import inline_text, tokens

    sections: list[tuple[str, str, list[str]]] = []
    toks = tokens(doc.body)
    for i, token in enumerate(toks):
        if token.type == "heading_open" and token.tag == "h2":
            question = inline_text(toks[i + 1].children).strip()
            sections.append((str(token.meta.get("anchor") or ""), question, []))
        elif token.type == "inline" and sections and toks[i - 1].type != "heading_open":
            sections[-1][2].append(inline_text(token.children))
    return [(a, q, " ".join(body)) for a, q, body in sections]


def search(lib: Library, query: str, lang: str) -> list[SearchHit]:
    """Articles, exercises and FAQ questions matching every word of `query`, best first."""
    terms = _terms(query)
    if not terms:
        return []
    hits: list[SearchHit] = []
    for article in lib.articles_in(lang):
        score = _score(terms, article.title, article.summary, article.analysis.text)
        if score:
            hits.append(SearchHit("article", article.slug, article.title, article.summary, score))
    for exercise in lib.exercises_in(lang):
        score = _score(terms, exercise.title, exercise.summary, exercise.analysis.text)
        if score:
            hits.append(SearchHit("exercise", exercise.id, exercise.title, exercise.summary, score))
    faq = lib.faq.get(lang)
    if faq is not None:
        for anchor, question, answer in _faq_sections(faq):
            score = _score(terms, question, "", answer)
            if score:
                hits.append(SearchHit("faq", anchor, question, "", score))
    order = {"article": 0, "exercise": 1, "faq": 2}
    return sorted(hits, key=lambda h: (-h.score, order[h.kind], h.title))
