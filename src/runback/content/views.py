"""Library pages: index, search, article, exercise, FAQ, references, rule redirect.

Thin views: the library (`library.py`), rendering (`render.py`) and search
(`search.py`) are plain Python; here we pick the language, build URLs and render.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from runback.content.library import (
    CATEGORIES,
    DEFAULT_LANG,
    LANGS,
    SVG_POSES,
    TOPICS,
    Document,
    Library,
    Reference,
    load_library,
)
from runback.content.render import Rendered, ref_anchor, render_document
from runback.content.search import MAX_QUERY, SearchHit, search
from runback.engine.rules import RULE_IDS
from runback.engine.strength import EXERCISES, ExerciseSpec

TOPIC_LABELS = {
    "basics": _("Low back pain and running"),
    "conditions": _("Causes and conditions"),
    "running": _("Running with back pain"),
    "strength": _("Strength training"),
    "safety": _("When to get help"),
    "mind": _("Thoughts and habits"),
    "recovery": _("Recovery and treatment"),
}
CATEGORY_LABELS = {
    "relieving": _("Relieving exercises (for an irritable back, and as a warm-up)"),
    "strengthening": _("Strengthening exercises"),
    "supplementary": _("Also good choices"),
}
assert set(TOPIC_LABELS) == set(TOPICS) and set(CATEGORY_LABELS) == set(CATEGORIES)


def current_lang() -> str:
    lang = (translation.get_language() or DEFAULT_LANG)[:2]
    return lang if lang in LANGS else DEFAULT_LANG


def library_url(kind: str, ident: str, anchor: str) -> str:
    """URL builder for the renderer: Django's URLconf; citations point at the page's list."""
    if kind == "ref":
        return f"#{ref_anchor(ident)}"
    fragment = f"#{anchor}" if anchor else ""
    if kind == "article":
        return reverse("content:article", args=[ident]) + fragment
    if kind == "exercise":
        return reverse("content:exercise", args=[ident]) + fragment
    return reverse("content:faq") + fragment


@lru_cache(maxsize=512)
def _rendered(lib: Library, doc: Document) -> Rendered:
    return render_document(doc, lib, library_url)


def _page(lib: Library, doc: Document) -> dict[str, Any]:
    rendered = _rendered(lib, doc)
    refs = [lib.references[ref_id] for ref_id in rendered.cited]
    return {"doc": doc, "html": rendered.html, "references": refs}


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    lib, lang = load_library(), current_lang()
    articles = lib.articles_in(lang)
    exercises = lib.exercises_in(lang)
    topics = [
        (TOPIC_LABELS[t], [a for a in articles if a.topic == t])
        for t in TOPICS
        if any(a.topic == t for a in articles)
    ]
    categories = [
        (CATEGORY_LABELS[c], [e for e in exercises if e.category == c])
        for c in CATEGORIES
        if any(e.category == c for e in exercises)
    ]
    return render(
        request,
        "content/index.html",
        {"topics": topics, "categories": categories, "faq": lib.faq.get(lang), "q": ""},
    )


@dataclass(frozen=True)
class Result:
    hit: SearchHit
    url: str


def _hit_url(hit: SearchHit) -> str:
    if hit.kind == "faq":
        return library_url("faq", "", hit.key)
    return library_url(hit.kind, hit.key, "")


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    q = " ".join(request.GET.get("q", "").split())[:MAX_QUERY]
    hits = search(load_library(), q, current_lang()) if q else []
    results = [Result(hit, _hit_url(hit)) for hit in hits]
    return render(request, "content/search.html", {"q": q, "results": results})


@require_safe
def article(request: HttpRequest, slug: str) -> HttpResponse:
    lib = load_library()
    doc = lib.article(slug, current_lang())
    if doc is None:
        raise Http404("No such article.")
    return render(request, "content/article.html", _page(lib, doc))


@dataclass(frozen=True)
class Dose:
    """The engine's full dose of one exercise, for the table on its page."""

    category: str
    sets: int
    reps: str | None
    hold: str | None
    per_side: bool
    loaded: bool


def _dose(spec: ExerciseSpec | None) -> Dose | None:
    if spec is None:
        return None
    hold = None
    if spec.hold_s is not None:
        top = spec.hold_s_max
        hold = f"{spec.hold_s}-{top}" if top and top != spec.hold_s else str(spec.hold_s)
    return Dose(spec.category, spec.sets, spec.reps, hold, spec.per_side, spec.loaded)


def _split_after_heading(html: str, anchor: str) -> tuple[str, str]:
    """Split rendered HTML just after the heading with id `anchor` (or before everything)."""
    start = html.find(f' id="{anchor}"')
    end = html.find("</h", start) if start >= 0 else -1
    close = html.find(">", end) if end >= 0 else -1
    if close < 0:
        return "", html
    return html[: close + 1], html[close + 1 :]


@require_safe
def exercise(request: HttpRequest, exercise_id: str) -> HttpResponse:
    lib = load_library()
    doc = lib.exercise(exercise_id, current_lang())
    if doc is None:
        raise Http404("No such exercise.")
    context = _page(lib, doc)
    before, after = _split_after_heading(context["html"], "dose")
    context.update(
        html_before_dose=before,
        html_after_dose=after,
        dose=_dose(EXERCISES.get(exercise_id)),
        poses=[
            (pose, reverse("content:exercise_svg", args=[exercise_id, pose]), alt)
            for pose, alt in (("start", doc.alt_start), ("end", doc.alt_end))
            if lib.svg(exercise_id, pose) is not None
        ],
    )
    return render(request, "content/exercise.html", context)


@require_safe
def exercise_svg(request: HttpRequest, exercise_id: str, pose: str) -> FileResponse:
    """An illustration, from the library (checked by `runback content check`)."""
    path = load_library().svg(exercise_id, pose) if pose in SVG_POSES else None
    if path is None:
        raise Http404("No such illustration.")
    response = FileResponse(path.open("rb"), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=86400"
    # Shown through <img>, where SVG scripts never run; opened directly, it may not load
    # or run anything either.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response


@require_safe
def faq(request: HttpRequest) -> HttpResponse:
    lib = load_library()
    doc = lib.faq.get(current_lang())
    if doc is None:
        raise Http404("No FAQ.")
    return render(request, "content/faq.html", _page(lib, doc))


def _by_author(ref: Reference) -> tuple[str, int, str]:
    return (ref.authors.casefold(), ref.year or 0, ref.id)


@require_safe
def references(request: HttpRequest) -> HttpResponse:
    refs = sorted(load_library().references.values(), key=_by_author)
    return render(request, "content/references.html", {"references": refs})


@require_safe
def rule(request: HttpRequest, rule_id: str) -> HttpResponse:
    """The "why?" link of an engine rule: the section of the article that explains it."""
    rule_id = rule_id.upper()
    target = load_library().rule_target(rule_id, current_lang()) if rule_id in RULE_IDS else None
    if target is None:
        raise Http404("No explanation for this rule.")
    slug, anchor = target
    return redirect(library_url("article", slug, anchor))
