"""The one Markdown dialect of the library: CommonMark plus `{#anchor}` on headings.

Plain Python (no Django). `analyse()` reads what the checker and the search need
(headings, links, plain text); `render.py` turns the same tokens into HTML.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.attrs.parse import ParseError
from mdit_py_plugins.attrs.parse import parse as parse_attrs

ANCHOR_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# a trailing attribute block at the end of a heading line: `## Title {#anchor}`
_TRAILING_ATTRS_RE = re.compile(r"[ \t]*(\{[^{}\n]*\})[ \t]*$")


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str | None
    text: str
    line: int | None  # 1-based line in the body


@dataclass(frozen=True)
class Link:
    target: str
    text: str
    line: int | None


@dataclass(frozen=True)
class Analysis:
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    images: tuple[Link, ...]
    raw_html_lines: tuple[int | None, ...]
    text: str  # plain text of the body, for search
    bad_attrs: tuple[int | None, ...]  # heading attribute blocks that did not parse

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(h.anchor for h in self.headings if h.anchor)


def _heading_attrs(state: StateCore) -> None:
    """Move a trailing `{#id}` of a heading's text onto the heading (attrs syntax)."""
    tokens = state.tokens
    for i, token in enumerate(tokens[:-1]):
        if token.type != "heading_open" or tokens[i + 1].type != "inline":
            continue
        inline = tokens[i + 1]
        match = _TRAILING_ATTRS_RE.search(inline.content)
        if match is None:
            continue
        try:
            _, attrs = parse_attrs(match.group(1))
        except ParseError:
            token.meta["bad_attrs"] = True
            continue
        inline.content = inline.content[: match.start()]
        anchor = attrs.get("id")
        if anchor is not None:
            token.meta["anchor"] = anchor
            if ANCHOR_RE.match(anchor):
                token.attrSet("id", anchor)


@cache
def parser(*, html: bool = False) -> MarkdownIt:
    """CommonMark (+ tables) with heading anchors. `html=True` only to detect raw HTML."""
    md = MarkdownIt("commonmark", {"html": html}).enable("table")
    md.core.ruler.before("inline", "heading_attrs", _heading_attrs)
    return md


def tokens(body: str, *, html: bool = False) -> list[Token]:
    return parser(html=html).parse(body)


def inline_text(children: Sequence[Token] | None) -> str:
    parts: list[str] = []
    for child in children or ():
        if child.type in {"text", "code_inline"}:
            parts.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            parts.append(" ")
        elif child.type == "image":
            parts.append(inline_text(child.children))
    return "".join(parts)


def _line(token: Token) -> int | None:
    return token.map[0] + 1 if token.map else None


def analyse(body: str) -> Analysis:
    headings: list[Heading] = []
    links: list[Link] = []
    images: list[Link] = []
    raw_html: list[int | None] = []
    bad_attrs: list[int | None] = []
    text: list[str] = []
    toks = tokens(body, html=True)
    for i, token in enumerate(toks):
        if token.type == "html_block":
            raw_html.append(_line(token))
        elif token.type == "heading_open":
            inline = toks[i + 1]
            if token.meta.get("bad_attrs"):
                bad_attrs.append(_line(token))
            headings.append(
                Heading(
                    level=int(token.tag[1:]),
                    anchor=token.meta.get("anchor"),
                    text=inline_text(inline.children).strip(),
                    line=_line(token),
                )
            )
        elif token.type == "inline":
            line = _line(token)
            text.append(inline_text(token.children))
            children = token.children or []
            for j, child in enumerate(children):
                if child.type == "html_inline":
                    raw_html.append(line)
                elif child.type == "link_open":
                    label = inline_text(_until_close(children, j))
                    links.append(Link(str(child.attrGet("href") or ""), label, line))
                elif child.type == "image":
                    images.append(Link(str(child.attrGet("src") or ""), child.content, line))
        elif token.type in {"fence", "code_block"}:
            text.append(token.content)
    return Analysis(
        headings=tuple(headings),
        links=tuple(links),
        images=tuple(images),
        raw_html_lines=tuple(raw_html),
        text=" ".join(t for t in text if t),
        bad_attrs=tuple(bad_attrs),
    )


def _until_close(children: Sequence[Token], start: int) -> list[Token]:
    """The inline tokens between the link_open at `start` and its link_close."""
    depth = 0
    inner: list[Token] = []
    for child in children[start + 1 :]:
        if child.type == "link_open":
            depth += 1
        elif child.type == "link_close":
            if depth == 0:
                break
            depth -= 1
        inner.append(child)
    return inner


@dataclass(frozen=True)
class InternalTarget:
    """A parsed `ref:` / `article:` / `exercise:` / `faq:` link target."""

    kind: str  # "ref" | "article" | "exercise" | "faq"
    ident: str  # reference id, article slug, exercise id; "" for faq
    anchor: str  # "" when none


INTERNAL_KINDS = ("ref", "article", "exercise", "faq")


def parse_target(href: str) -> InternalTarget | None:
    """`article:traffic-light#zone-1` -> InternalTarget("article", "traffic-light", "zone-1").

    Returns None for anything that is not one of the four internal schemes.
    """
    kind, sep, rest = href.partition(":")
    if not sep or kind not in INTERNAL_KINDS:
        return None
    ident, _, anchor = rest.partition("#")
    return InternalTarget(kind, ident, anchor)
