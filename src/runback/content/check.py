"""`runback content check`: validate the library against FORMAT.md.

Plain Python (no Django). Every gap is one `Problem` (where + message); the counts
say how much was checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from runback.content.check_references import reference_problems
from runback.content.check_svg import svg_problems
from runback.content.library import (
    CATEGORIES,
    EXERCISE_CATEGORIES,
    EXERCISE_IDS,
    EXERCISE_SECTIONS,
    FAQ_ANCHORS,
    IRRITABILITY,
    LANGS,
    SVG_POSES,
    TOPICS,
    Document,
    Exercise,
    Library,
)
from runback.content.parsing import ANCHOR_RE, InternalTarget, parse_target

ARTICLE_KEYS = frozenset({"title", "summary", "order", "topic", "rules"})
EXERCISE_KEYS = frozenset({"title", "summary", "category", "irritability", "alt_start", "alt_end"})
FAQ_KEYS = frozenset({"title", "summary"})


@dataclass(frozen=True)
class Problem:
    where: str  # a file (with line when known), or "rule <ID>"
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Counts:
    articles: int = 0  # articles present in every language
    exercises: int = 0  # exercises present in every language
    faq_sections: int = 0
    references: int = 0
    references_cited: int = 0
    svgs: int = 0
    rule_ids: int = 0
    rule_targets: int = 0  # rule IDs with a valid target in every language
    links_checked: int = 0


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    counts: Counts = field(default_factory=Counts)

    @property
    def ok(self) -> bool:
        return not self.problems


def engine_rule_ids() -> tuple[str, ...]:
    from runback.engine.rules import RULE_IDS

    return RULE_IDS


def run_check(lib: Library, rule_ids: Sequence[str] | None = None) -> Report:
    checker = _Checker(lib, tuple(engine_rule_ids() if rule_ids is None else rule_ids))
    checker.run()
    return checker.report


class _Checker:
    def __init__(self, lib: Library, rule_ids: tuple[str, ...]) -> None:
        self.lib = lib
        self.rule_ids = rule_ids
        self.report = Report()
        self.cited: set[str] = set()

    # -- helpers ---------------------------------------------------------------

    def problem(self, where: str | Path, message: str) -> None:
        self.report.problems.append(Problem(str(where), message))

    def at(self, doc: Document, body_line: int | None) -> str:
        line = doc.file_line(body_line)
        return f"{doc.path}:{line}" if line else str(doc.path)

    def text_field(self, doc: Document, key: str) -> None:
        value = doc.meta.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problem(doc.path, f"front matter: '{key}' must be non-empty text")

    def choice_field(self, doc: Document, key: str, allowed: Iterable[str]) -> None:
        allowed = tuple(allowed)
        if doc.meta.get(key) not in allowed:
            self.problem(
                doc.path,
                f"front matter: '{key}' is {doc.meta.get(key)!r}, want one of {', '.join(allowed)}",
            )

    def unknown_keys(self, doc: Document, known: frozenset[str]) -> None:
        for key in sorted(set(map(str, doc.meta)) - known):
            self.problem(doc.path, f"front matter: unknown key '{key}'")

    # -- the checks ------------------------------------------------------------

    def run(self) -> None:
        for issue in self.lib.issues:
            self.problem(issue.path, issue.message)
        self.check_articles()
        self.check_exercises()
        self.check_faq()
        self.check_rules()
        self.check_links()
        self.check_references()
        self.report.counts.references_cited = len(self.cited & set(self.lib.references))

    def check_references(self) -> None:
        self.report.counts.references = len(self.lib.references)
        for where, message in reference_problems(self.lib.references):
            self.problem(where, message)

    def missing_langs(self, folder: str, key: str, docs: Mapping[str, Document]) -> bool:
        missing = [lang for lang in LANGS if lang not in docs]
        for lang in missing:
            others = ", ".join(sorted(docs))
            note = f" (exists in: {others})" if others else ""
            self.problem(f"{folder}/{key}.{lang}.md", f"missing{note}")
        return bool(missing)

    def check_body(self, doc: Document) -> None:
        analysis = doc.analysis
        seen: set[str] = set()
        for heading in analysis.headings:
            where = self.at(doc, heading.line)
            if heading.level == 1:
                self.problem(where, "level-1 heading in the body (the title is the page's h1)")
            if heading.anchor is None:
                self.problem(where, f"heading {heading.text!r} has no {{#anchor}}")
            elif not ANCHOR_RE.match(heading.anchor):
                self.problem(where, f"anchor {heading.anchor!r}: use a-z, 0-9 and hyphens")
            elif heading.anchor in seen:
                self.problem(where, f"anchor {heading.anchor!r} used twice")
            if heading.anchor:
                seen.add(heading.anchor)
        for line in analysis.bad_attrs:
            self.problem(self.at(doc, line), "heading attributes do not parse")
        for line in analysis.raw_html_lines:
            self.problem(self.at(doc, line), "raw HTML is not allowed")
        for image in analysis.images:
            self.problem(self.at(doc, image.line), f"image {image.target!r}: no images in text")

    def same_structure(self, folder: str, key: str, docs: Mapping[str, Document]) -> None:
        first, *rest = (docs[lang] for lang in LANGS)
        shape = [(h.level, h.anchor) for h in first.analysis.headings]
        refs = _cited(first)
        for other in rest:
            other_shape = [(h.level, h.anchor) for h in other.analysis.headings]
            if other_shape != shape:
                self.problem(
                    f"{folder}/{key}",
                    f"headings differ between {first.lang} and {other.lang}: "
                    f"{_shape(shape)} vs {_shape(other_shape)}",
                )
            other_refs = _cited(other)
            if other_refs != refs:
                only_first = ", ".join(sorted(refs - other_refs)) or "-"
                only_other = ", ".join(sorted(other_refs - refs)) or "-"
                self.problem(
                    f"{folder}/{key}",
                    f"cited references differ: only in {first.lang}: {only_first}; "
                    f"only in {other.lang}: {only_other}",
                )

    def same_meta(self, folder: str, key: str, docs: Mapping[str, Document], name: str) -> None:
        values = {lang: docs[lang].meta.get(name) for lang in LANGS}
        if len({repr(v) for v in values.values()}) > 1:
            shown = "; ".join(f"{lang}: {v!r}" for lang, v in values.items())
            self.problem(f"{folder}/{key}", f"'{name}' differs between languages ({shown})")

    def check_articles(self) -> None:
        complete = 0
        for slug, docs in sorted(self.lib.articles.items()):
            for doc in docs.values():
                self.unknown_keys(doc, ARTICLE_KEYS)
                self.text_field(doc, "title")
                self.text_field(doc, "summary")
                order = doc.meta.get("order")
                if not isinstance(order, int) or isinstance(order, bool):
                    self.problem(doc.path, "front matter: 'order' must be a whole number")
                self.choice_field(doc, "topic", TOPICS)
                rules = doc.meta.get("rules")
                if rules is not None and not (
                    isinstance(rules, dict)
                    and all(isinstance(k, str) and isinstance(v, str) for k, v in rules.items())
                ):
                    self.problem(doc.path, "front matter: 'rules' must map rule IDs to anchors")
                self.check_body(doc)
            if self.missing_langs("articles", slug, docs):
                continue
            complete += 1
            for name in ("order", "topic", "rules"):
                self.same_meta("articles", slug, docs, name)
            self.same_structure("articles", slug, docs)
        self.report.counts.articles = complete

    def check_exercises(self) -> None:
        complete = 0
        for ex_id in EXERCISE_IDS:
            docs = self.lib.exercises.get(ex_id, {})
            for doc in docs.values():
                self.check_exercise(doc)
            if not self.missing_langs("exercises", ex_id, docs):
                complete += 1
                for name in ("category", "irritability"):
                    self.same_meta("exercises", ex_id, docs, name)
                self.same_structure("exercises", ex_id, docs)
            for pose in SVG_POSES:
                path = self.lib.svg(ex_id, pose)
                if path is None:
                    self.problem(f"exercises/svg/{ex_id}-{pose}.svg", "missing")
                    continue
                self.report.counts.svgs += 1
                rel = f"exercises/svg/{path.name}"
                for message in svg_problems(path):
                    self.problem(rel, message)
        for ex_id in sorted(set(self.lib.exercises) - set(EXERCISE_IDS)):
            self.problem(f"exercises/{ex_id}", "unknown exercise id (not in the engine contract)")
        for ex_id in sorted(set(self.lib.svgs) - set(EXERCISE_IDS)):
            self.problem(f"exercises/svg/{ex_id}-*.svg", "illustration of an unknown exercise id")
        self.report.counts.exercises = complete

    def check_exercise(self, doc: Exercise) -> None:
        self.unknown_keys(doc, EXERCISE_KEYS)
        for key in ("title", "summary", "alt_start", "alt_end"):
            self.text_field(doc, key)
        self.choice_field(doc, "category", CATEGORIES)
        self.choice_field(doc, "irritability", IRRITABILITY)
        expected = EXERCISE_CATEGORIES.get(doc.id)
        if expected and doc.category in CATEGORIES and doc.category != expected:
            self.problem(doc.path, f"category is {doc.category!r}, the engine says {expected!r}")
        if doc.category in CATEGORIES and doc.irritability in IRRITABILITY:
            want = "high" if doc.category == "relieving" else "low"
            if doc.irritability != want:
                self.problem(
                    doc.path,
                    f"irritability {doc.irritability!r} does not fit category "
                    f"{doc.category!r} (want {want!r})",
                )
        self.check_body(doc)
        if doc.anchors != EXERCISE_SECTIONS:
            self.problem(
                doc.path,
                f"sections are {_list(doc.anchors)}, want exactly {_list(EXERCISE_SECTIONS)}",
            )

    def check_faq(self) -> None:
        docs = self.lib.faq
        for lang in LANGS:
            doc = docs.get(lang)
            if doc is None:
                self.problem(f"faq.{lang}.md", "missing")
                continue
            self.unknown_keys(doc, FAQ_KEYS)
            self.check_body(doc)
            sections = tuple(h.anchor or "?" for h in doc.analysis.headings if h.level == 2)
            if sections != FAQ_ANCHORS:
                self.problem(
                    doc.path,
                    f"'##' sections are {_list(sections)}, want exactly {_list(FAQ_ANCHORS)}",
                )
        if all(lang in docs for lang in LANGS):
            self.same_structure("faq", "faq", dict(docs))
            self.report.counts.faq_sections = len(docs[LANGS[0]].analysis.headings)

    def check_rules(self) -> None:
        known = set(self.rule_ids)
        self.report.counts.rule_ids = len(self.rule_ids)
        for lang in LANGS:
            for article in self.lib.articles_in(lang):
                for rule_id in article.rules:
                    if rule_id not in known:
                        self.problem(article.path, f"rules: unknown rule ID {rule_id}")
        for rule_id in self.rule_ids:
            ok = True
            for lang in LANGS:
                explaining = [a for a in self.lib.articles_in(lang) if rule_id in a.rules]
                if not explaining:
                    self.problem(f"rule {rule_id}", f"no {lang} article explains it")
                    ok = False
                    continue
                if len(explaining) > 1:
                    names = ", ".join(str(a.path) for a in explaining)
                    self.problem(
                        f"rule {rule_id}", f"explained by several {lang} articles: {names}"
                    )
                    ok = False
                for article in explaining:
                    anchor = article.rules[rule_id]
                    if anchor not in article.anchors:
                        self.problem(
                            article.path, f"rules: {rule_id} -> #{anchor}, but no such heading"
                        )
                        ok = False
            if ok:
                self.report.counts.rule_targets += 1

    def check_links(self) -> None:
        docs: list[Document] = [d for langs in self.lib.articles.values() for d in langs.values()]
        docs += [d for langs in self.lib.exercises.values() for d in langs.values()]
        docs += list(self.lib.faq.values())
        for doc in docs:
            for link in doc.analysis.links:
                self.report.counts.links_checked += 1
                message = self.link_problem(doc, link.target)
                if message:
                    self.problem(self.at(doc, link.line), f"link {link.target!r}: {message}")

    def link_problem(self, doc: Document, href: str) -> str | None:
        target = parse_target(href)
        if target is None:
            return "only ref:, article:, exercise: and faq: links are allowed"
        if target.kind == "ref":
            return self.reference_link_problem(target)
        if target.kind == "faq":
            return self.faq_link_problem(target, doc.lang)
        return self.document_link_problem(target, doc.lang)

    def reference_link_problem(self, target: InternalTarget) -> str | None:
        self.cited.add(target.ident)
        if target.anchor:
            return "a reference link has no #anchor"
        if target.ident not in self.lib.references:
            return f"no reference '{target.ident}' (references/{target.ident}.yaml)"
        return None

    def faq_link_problem(self, target: InternalTarget, lang: str) -> str | None:
        faq = self.lib.faq.get(lang)
        if target.ident:
            return "write faq:#anchor"
        if faq is None:
            return f"no {lang} FAQ"
        if target.anchor and target.anchor not in faq.anchors:
            return f"no section #{target.anchor} in the {lang} FAQ"
        return None

    def document_link_problem(self, target: InternalTarget, lang: str) -> str | None:
        linked: Document | None
        if target.kind == "article":
            linked = self.lib.article(target.ident, lang)
        else:
            linked = self.lib.exercise(target.ident, lang)
        if linked is None:
            return f"no {lang} {target.kind} '{target.ident}'"
        if target.anchor and target.anchor not in linked.anchors:
            return f"no section #{target.anchor} in {linked.path}"
        return None


def _cited(doc: Document) -> set[str]:
    ids = set()
    for link in doc.analysis.links:
        target = parse_target(link.target)
        if target is not None and target.kind == "ref":
            ids.add(target.ident)
    return ids


def _list(items: Iterable[str]) -> str:
    return ", ".join(items) or "(none)"


def _shape(shape: list[tuple[int, str | None]]) -> str:
    return " ".join(f"h{level}#{anchor or '?'}" for level, anchor in shape) or "(none)"
