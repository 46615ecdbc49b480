"""Markdown rendering: anchors, internal links, sanitising."""

from __future__ import annotations

from runback.content.render import library_url, render_markdown, sanitise

from .content_fixtures import TinyLibrary


def urls(kind: str, ident: str, anchor: str) -> str:
    return f"/x/{kind}/{ident}" + (f"#{anchor}" if anchor else "")


def test_heading_anchor_becomes_id(tiny: TinyLibrary) -> None:
    html = render_markdown("## Gul er okay {#zone-1}\n\ntekst", tiny.load()).html
    assert '<h2 id="zone-1">Gul er okay</h2>' in html


def test_invalid_anchor_is_not_used_as_id(tiny: TinyLibrary) -> None:
    lib = tiny.load()
    assert render_markdown("## Title {#Bad_Id}\n", lib).html == "<h2>Title</h2>\n"
    # attributes that do not parse stay text, and never become attributes
    html = render_markdown('## Title {#"x" onclick=y}\n', lib).html
    assert html.startswith("<h2>Title {")


def test_internal_links_go_through_the_url_builder(tiny: TinyLibrary) -> None:
    body = (
        "[a](article:strength#why) [e](exercise:bird_dog) [f](faq:#faq-scan) "
        "[s](ref:smith-2020) [n](ref:nice-2016) [again](ref:smith-2020)"
    )
    out = render_markdown(body, tiny.load(), urls)
    assert '<a href="/x/article/strength#why">a</a>' in out.html
    assert '<a href="/x/exercise/bird_dog">e</a>' in out.html
    assert '<a href="/x/faq/#faq-scan">f</a>' in out.html
    assert 'href="/x/ref/smith-2020"' in out.html
    assert 'title="Smith et al. 2020"' in out.html
    assert 'title="National Institute for Health and Care Excellence 2016"' in out.html
    assert out.cited == ("smith-2020", "nice-2016")


def test_default_urls_are_library_paths(tiny: TinyLibrary) -> None:
    assert library_url("article", "strength", "why") == "/library/a/strength/#why"
    assert library_url("exercise", "bird_dog", "") == "/library/exercise/bird_dog/"
    assert library_url("faq", "", "faq-oa") == "/library/faq/#faq-oa"
    assert library_url("ref", "smith-2020", "") == "#ref-smith-2020"


def test_unknown_and_external_links_keep_only_their_text(tiny: TinyLibrary) -> None:
    body = (
        "[gone](article:nope) [ext](https://evil.example) [js](javascript:alert(1)) "
        "<https://auto.example> [missing](ref:nope) [mail](mailto:a@b.c)"
    )
    html = render_markdown(body, tiny.load(), urls).html
    assert "<a" not in html
    assert "gone" in html and "ext" in html and "missing" in html


def test_raw_html_and_images_do_not_survive(tiny: TinyLibrary) -> None:
    body = (
        "<script>alert(1)</script>\n\npara <img src=x onerror=alert(1)> "
        "![alt text](https://tracker.example/p.png)\n"
    )
    html = render_markdown(body, tiny.load()).html
    assert "<script" not in html and "<img" not in html
    assert "tracker.example" not in html
    assert "alt text" in html


def test_sanitiser_is_an_allow_list() -> None:
    dirty = (
        '<h2 id="a" style="x">T</h2><a href="https://e.com" class="ref evil">x</a>'
        '<iframe src="/"></iframe><p onclick="x">p</p>'
    )
    assert sanitise(dirty) == '<h2 id="a">T</h2><a class="ref">x</a><p>p</p>'


def test_markdown_features(tiny: TinyLibrary) -> None:
    body = "Text **bold** *em* `code`\n\n- one\n- two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    html = render_markdown(body, tiny.load()).html
    for tag in ("<strong>bold</strong>", "<em>em</em>", "<code>code</code>", "<li>one</li>"):
        assert tag in html
    assert "<table>" in html and "<td>2</td>" in html
