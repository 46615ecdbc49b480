"""Markdown -> safe HTML for the library pages.

Plain Python (no Django): the caller passes a URL builder, so that the web layer
decides what `article:`, `exercise:`, `faq:` and `ref:` targets become. Links to
anything else are dropped (their text stays); images are replaced by their alt
text; raw HTML is escaped; the result is sanitised with nh3 (allow-list).
External links never come from the Markdown: the only ones are the DOI/URL links
that the page builds from `references/` (`Reference.link`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import nh3
from markdown_it.token import Token

from runback.content.library import Document, Library
from runback.content.parsing import InternalTarget, parse_target, parser

# (kind, ident, anchor) -> URL; kind is "article", "exercise", "faq" or "ref".
UrlFor = Callable[[str, str, str], str]

ALLOWED_TAGS = frozenset({
    "h1", "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "strong", "em", "code", "pre",
    "blockquote", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td",
})  # fmt: skip
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {
    "a": {"href", "title"},
    "ol": {"start"},
    **{h: {"id"} for h in _HEADINGS},
}
ALLOWED_CLASSES: dict[str, set[str]] = {"a": {"ref"}}


def ref_anchor(ref_id: str) -> str:
    """The id of a reference's entry in the list at the bottom of a page."""
    return f"ref-{ref_id}"


def library_url(kind: str, ident: str, anchor: str) -> str:
    """Default URL builder (the Django URLconf builds the same shapes under /library/)."""
    fragment = f"#{anchor}" if anchor else ""
    if kind == "ref":
        return f"#{ref_anchor(ident)}"
    if kind == "article":
        return f"/library/a/{ident}/{fragment}"
    if kind == "exercise":
        return f"/library/exercise/{ident}/{fragment}"
    return f"/library/faq/{fragment}"


@dataclass(frozen=True)
class Rendered:
    html: str
    cited: tuple[str, ...]  # ids of the references cited, in order of first citation


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=set(),  # relative URLs only: no external link from Markdown
        link_rel=None,
        strip_comments=True,
    )


def _as_text(token: Token, content: str = "") -> None:
    token.type = "text"
    token.tag = ""
    token.attrs = {}
    token.children = None
    token.content = content
    token.nesting = 0


def _resolve_links(
    children: Sequence[Token], lib: Library, url_for: UrlFor, cited: list[str]
) -> None:
    stack: list[bool] = []  # per open link: was it kept?
    for child in children:
        if child.type == "link_open":
            url = _link_url(child, lib, url_for, cited)
            if url is None:
                _as_text(child)
            else:
                child.attrSet("href", url)
            stack.append(url is not None)
        elif child.type == "link_close":
            kept = stack.pop() if stack else False
            if not kept:
                _as_text(child)
        elif child.type == "image":
            alt = "".join(c.content for c in child.children or ())
            _as_text(child, alt)


def _link_url(link: Token, lib: Library, url_for: UrlFor, cited: list[str]) -> str | None:
    """Where a link in the Markdown goes, or None when only its text is kept."""
    target = parse_target(str(link.attrGet("href") or ""))
    if target is None:
        return None
    if target.kind == "ref":
        return _reference_url(link, target, lib, url_for, cited)
    if target.kind == "article" and target.ident in lib.articles:
        return url_for("article", target.ident, target.anchor)
    if target.kind == "exercise" and target.ident in lib.exercises:
        return url_for("exercise", target.ident, target.anchor)
    if target.kind == "faq" and not target.ident:
        return url_for("faq", "", target.anchor)
    return None


def _reference_url(
    link: Token, target: InternalTarget, lib: Library, url_for: UrlFor, cited: list[str]
) -> str | None:
    """A citation: points to the reference list, shows the short label, records the id."""
    ref = lib.references.get(target.ident)
    if ref is None or target.anchor:
        return None
    url = url_for("ref", ref.id, "")
    link.attrSet("title", ref.short_label)
    link.attrSet("class", "ref")
    if ref.id not in cited:
        cited.append(ref.id)
    return url


def render_markdown(body: str, lib: Library, url_for: UrlFor = library_url) -> Rendered:
    md = parser()
    env: dict[str, object] = {}
    tokens = md.parse(body, env)
    cited: list[str] = []
    for token in tokens:
        if token.type == "inline" and token.children:
            _resolve_links(token.children, lib, url_for, cited)
    html = md.renderer.render(tokens, md.options, env)
    return Rendered(html=sanitise(html), cited=tuple(cited))


def render_document(doc: Document, lib: Library, url_for: UrlFor = library_url) -> Rendered:
    return render_markdown(doc.body, lib, url_for)
