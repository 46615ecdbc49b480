"""The content library as typed data: articles, exercises, FAQ and references per language.

Plain Python (no Django). Content is data: Markdown files with YAML front matter and
YAML reference files, laid out as described in FORMAT.md. Loading is lenient: a file
that cannot be read is recorded in `Library.issues` (the checker reports it) instead
of failing the whole library.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import frontmatter
import yaml

from runback.content.parsing import Analysis, analyse
from runback.engine.strength import EXERCISES

CONTENT_ROOT = Path(__file__).resolve().parent

LANGS: tuple[str, ...] = ("da", "en")
DEFAULT_LANG = "da"

TOPICS: tuple[str, ...] = (
    "basics", "conditions", "running", "strength", "safety", "mind", "recovery",
)  # fmt: skip

# The engine's exercises (ids of the engine contract), in library order, with their category.
EXERCISE_CATEGORIES: dict[str, str] = {spec.id: spec.category for spec in EXERCISES.values()}
EXERCISE_IDS: tuple[str, ...] = tuple(EXERCISE_CATEGORIES)
CATEGORIES: tuple[str, ...] = ("relieving", "strengthening", "supplementary")
IRRITABILITY: tuple[str, ...] = ("high", "low")
EXERCISE_SECTIONS: tuple[str, ...] = (
    "purpose", "start", "steps", "dose", "feel", "mistakes", "easier", "harder",
)  # fmt: skip
SVG_POSES: tuple[str, ...] = ("start", "end")
FAQ_ANCHORS: tuple[str, ...] = (
    "faq-disc", "faq-dangerous", "faq-scan", "faq-rest", "faq-exercises", "faq-oa",
)  # fmt: skip

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EXERCISE_ID_RE = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")
_ARTICLE_FILE_RE = re.compile(r"^(?P<key>[^.]+)\.(?P<lang>[^.]+)\.md$")
_SVG_FILE_RE = re.compile(r"^(?P<id>[a-z0-9_]+)-(?P<pose>start|end)\.svg$")


@dataclass(frozen=True)
class LoadIssue:
    path: Path
    message: str


@dataclass(frozen=True, kw_only=True, eq=False)
class Document:
    """One Markdown file: front matter plus body, in one language."""

    lang: str
    path: Path
    meta: Mapping[str, Any]
    body: str
    body_line: int  # line of the file where the body starts (1-based)
    analysis: Analysis

    @property
    def title(self) -> str:
        return _text(self.meta.get("title"))

    @property
    def summary(self) -> str:
        return _text(self.meta.get("summary"))

    @property
    def anchors(self) -> tuple[str, ...]:
        return self.analysis.anchors

    def file_line(self, body_line: int | None) -> int | None:
        return None if body_line is None else body_line + self.body_line - 1


@dataclass(frozen=True, kw_only=True, eq=False)
class Article(Document):
    slug: str

    @property
    def order(self) -> int:
        value = self.meta.get("order")
        return value if isinstance(value, int) and not isinstance(value, bool) else 10**6

    @property
    def topic(self) -> str:
        return _text(self.meta.get("topic"))

    @property
    def rules(self) -> dict[str, str]:
        """Rule ID -> anchor of the explaining section (front matter `rules:`)."""
        value = self.meta.get("rules")
        if not isinstance(value, Mapping):
            return {}
        return {str(k): str(v) for k, v in value.items()}


@dataclass(frozen=True, kw_only=True, eq=False)
class Exercise(Document):
    id: str

    @property
    def category(self) -> str:
        return _text(self.meta.get("category"))

    @property
    def irritability(self) -> str:
        return _text(self.meta.get("irritability"))

    @property
    def alt_start(self) -> str:
        return _text(self.meta.get("alt_start"))

    @property
    def alt_end(self) -> str:
        return _text(self.meta.get("alt_end"))


@dataclass(frozen=True, kw_only=True, eq=False)
class Faq(Document):
    """The FAQ of one language: one `##` section per question."""


@dataclass(frozen=True, kw_only=True, eq=False)
class Reference:
    id: str
    path: Path
    meta: Mapping[str, Any]

    @property
    def authors(self) -> str:
        return _text(self.meta.get("authors"))

    @property
    def title(self) -> str:
        return _text(self.meta.get("title"))

    @property
    def journal(self) -> str:
        return _text(self.meta.get("journal"))

    @property
    def year(self) -> int | None:
        value = self.meta.get("year")
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def details(self) -> str:
        return _text(self.meta.get("details"))

    @property
    def doi(self) -> str:
        return _text(self.meta.get("doi"))

    @property
    def url(self) -> str:
        return _text(self.meta.get("url"))

    @property
    def source_article(self) -> bool:
        return self.meta.get("source_article") is True

    @property
    def link(self) -> str:
        """The only external links Runback shows: https://doi.org/<doi>, or the `url:`."""
        if self.doi:
            return f"https://doi.org/{self.doi}"
        return self.url if self.url.startswith("https://") else ""

    @property
    def short_label(self) -> str:
        """`Owen et al. 2020`, `Smith & Jones 2019`, `Hartvigsen 2018`."""
        names = [a.strip() for a in self.authors.split(",") if a.strip()]
        names = [n for n in names if n.rstrip(".").lower() != "et al"]
        many = len(names) > 2 or "et al" in self.authors
        surnames = [_surname(n) for n in names[:2]]
        if not surnames:
            who = self.id
        elif many:
            who = f"{surnames[0]} et al."
        else:
            who = " & ".join(surnames)
        return f"{who} {self.year}" if self.year else who


def _surname(author: str) -> str:
    """`Owen PJ` -> `Owen`; an organisation stays whole."""
    words = author.split()
    if len(words) > 1 and re.fullmatch(r"[A-ZÆØÅ]{1,4}\.?", words[-1]):
        return " ".join(words[:-1])
    return author


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


@dataclass(frozen=True, kw_only=True, eq=False)
class Library:
    root: Path
    articles: Mapping[str, Mapping[str, Article]] = field(default_factory=dict)
    exercises: Mapping[str, Mapping[str, Exercise]] = field(default_factory=dict)
    faq: Mapping[str, Faq] = field(default_factory=dict)
    references: Mapping[str, Reference] = field(default_factory=dict)
    svgs: Mapping[str, Mapping[str, Path]] = field(default_factory=dict)  # id -> pose -> path
    issues: tuple[LoadIssue, ...] = ()

    def article(self, slug: str, lang: str) -> Article | None:
        return self.articles.get(slug, {}).get(lang)

    def exercise(self, exercise_id: str, lang: str) -> Exercise | None:
        return self.exercises.get(exercise_id, {}).get(lang)

    def articles_in(self, lang: str) -> list[Article]:
        found = [a[lang] for a in self.articles.values() if lang in a]
        return sorted(found, key=lambda a: (a.order, a.slug))

    def exercises_in(self, lang: str) -> list[Exercise]:
        def position(e: Exercise) -> tuple[int, str]:
            known = e.id in EXERCISE_CATEGORIES
            return (EXERCISE_IDS.index(e.id) if known else len(EXERCISE_IDS), e.id)

        found = [e[lang] for e in self.exercises.values() if lang in e]
        return sorted(found, key=position)

    def rule_target(self, rule_id: str, lang: str = DEFAULT_LANG) -> tuple[str, str] | None:
        """(article slug, anchor) of the section explaining `rule_id`, or None."""
        for article in self.articles_in(lang):
            anchor = article.rules.get(rule_id)
            if anchor:
                return article.slug, anchor
        return None

    def svg(self, exercise_id: str, pose: str) -> Path | None:
        return self.svgs.get(exercise_id, {}).get(pose)


def _relative(path: Path, root: Path) -> Path:
    try:
        return path.relative_to(root)
    except ValueError:
        return path


def _read_markdown(path: Path) -> tuple[Mapping[str, Any], str, int]:
    raw = path.read_text(encoding="utf-8")
    post = frontmatter.loads(raw)
    body = post.content
    head = raw.find(body[:200]) if body else -1
    body_line = raw[:head].count("\n") + 1 if head >= 0 else 1
    return dict(post.metadata), body, body_line


def _load_documents(
    folder: Path, root: Path, key_re: re.Pattern[str], issues: list[LoadIssue]
) -> dict[str, dict[str, tuple[Path, Mapping[str, Any], str, int]]]:
    found: dict[str, dict[str, tuple[Path, Mapping[str, Any], str, int]]] = {}
    for path in _visible_files(folder):
        rel = _relative(path, root)
        match = _ARTICLE_FILE_RE.match(path.name)
        if match is None or match["lang"] not in LANGS or not key_re.match(match["key"]):
            issues.append(LoadIssue(rel, "unexpected file name (want <id>.da.md or <id>.en.md)"))
            continue
        try:
            meta, body, body_line = _read_markdown(path)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            issues.append(LoadIssue(rel, f"cannot read: {_one_line(exc)}"))
            continue
        found.setdefault(match["key"], {})[match["lang"]] = (rel, meta, body, body_line)
    return found


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def read_library(root: Path) -> Library:
    """Read the library below `root` (uncached)."""
    issues: list[LoadIssue] = []
    # One reader per part, in this order, so that `issues` keeps a stable order.
    articles = _read_articles(root, issues)
    exercises = _read_exercises(root, issues)
    faq = _read_faq(root, issues)
    svgs = _read_svgs(root, issues)
    references = _read_references(root, issues)
    return Library(
        root=root,
        articles=articles,
        exercises=exercises,
        faq=faq,
        references=references,
        svgs=svgs,
        issues=tuple(issues),
    )


def _read_articles(root: Path, issues: list[LoadIssue]) -> dict[str, dict[str, Article]]:
    articles: dict[str, dict[str, Article]] = {}
    for slug, langs in _load_documents(root / "articles", root, SLUG_RE, issues).items():
        for lang, (rel, meta, body, line) in langs.items():
            articles.setdefault(slug, {})[lang] = Article(
                slug=slug, lang=lang, path=rel, meta=meta, body=body, body_line=line,
                analysis=analyse(body),
            )  # fmt: skip
    return articles


def _read_exercises(root: Path, issues: list[LoadIssue]) -> dict[str, dict[str, Exercise]]:
    exercises: dict[str, dict[str, Exercise]] = {}
    for ex_id, langs in _load_documents(root / "exercises", root, EXERCISE_ID_RE, issues).items():
        for lang, (rel, meta, body, line) in langs.items():
            exercises.setdefault(ex_id, {})[lang] = Exercise(
                id=ex_id, lang=lang, path=rel, meta=meta, body=body, body_line=line,
                analysis=analyse(body),
            )  # fmt: skip
    return exercises


def _read_faq(root: Path, issues: list[LoadIssue]) -> dict[str, Faq]:
    faq: dict[str, Faq] = {}
    for lang in LANGS:
        path = root / f"faq.{lang}.md"
        if not path.is_file():
            continue
        rel = _relative(path, root)
        try:
            meta, body, line = _read_markdown(path)
        except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError) as exc:
            issues.append(LoadIssue(rel, f"cannot read: {_one_line(exc)}"))
            continue
        faq[lang] = Faq(
            lang=lang, path=rel, meta=meta, body=body, body_line=line, analysis=analyse(body)
        )
    return faq


def _read_svgs(root: Path, issues: list[LoadIssue]) -> dict[str, dict[str, Path]]:
    svgs: dict[str, dict[str, Path]] = {}
    for path in _visible_files(root / "exercises" / "svg"):
        match = _SVG_FILE_RE.match(path.name)
        if match is None:
            want = "want <id>-start.svg or <id>-end.svg"
            issues.append(LoadIssue(_relative(path, root), f"unexpected file ({want})"))
            continue
        svgs.setdefault(match["id"], {})[match["pose"]] = path
    return svgs


def _read_references(root: Path, issues: list[LoadIssue]) -> dict[str, Reference]:
    references: dict[str, Reference] = {}
    for path in _visible_files(root / "references"):
        rel = _relative(path, root)
        if path.suffix != ".yaml":
            issues.append(LoadIssue(rel, "unexpected file (want <id>.yaml)"))
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
            issues.append(LoadIssue(rel, f"cannot read: {_one_line(exc)}"))
            continue
        if not isinstance(data, dict):
            issues.append(LoadIssue(rel, "not a YAML mapping"))
            continue
        references[path.stem] = Reference(id=path.stem, path=rel, meta=data)
    return references


def _visible_files(folder: Path) -> list[Path]:
    """The files directly in `folder`, sorted; hidden files and subfolders are skipped."""
    if not folder.is_dir():
        return []
    return [p for p in sorted(folder.iterdir()) if not (p.name.startswith(".") or p.is_dir())]


@lru_cache(maxsize=4)
def _cached(root: Path) -> Library:
    return read_library(root)


def load_library(root: Path | None = None) -> Library:
    """The library below `root` (default: the package's own content), read once and cached."""
    return _cached((root or CONTENT_ROOT).resolve())
