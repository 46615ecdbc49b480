"""The library pages, in Danish (default) and English, against the shipped content."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.conf import settings
from django.test import Client

from runback.content.library import LANGS, Library, load_library
from runback.content.views import _split_after_heading
from runback.engine.rules import RULE_IDS
from runback.engine.strength import EXERCISES

CLINICIAN_NOTE = {
    "da": "Runback giver vejledning og erstatter ikke en behandler",
    "en": "Runback gives guidance and does not replace a clinician",
}


@pytest.fixture
def lib() -> Library:
    return load_library()


@pytest.fixture(params=LANGS)
def lang(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def browser(client: Client, lang: str) -> Client:
    if lang != settings.LANGUAGE_CODE:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    return client


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def assert_no_third_party(html: str) -> None:
    """Scripts, styles, images and frames come from this site; links out only to sources."""
    for tag in re.findall(r"<(?:script|link|img|iframe|source|object|embed)\b[^>]*>", html):
        for url in re.findall(r"(?:src|href|srcset)=\"([^\"]*)\"", tag):
            assert url.startswith("/") and not url.startswith("//"), tag
    for tag in re.findall(r"<a\b[^>]*>", html):
        url = re.search(r'href="([^"]*)"', tag)
        if url and not url.group(1).startswith(("/", "#", "tel:")):  # tel: calls, loads nothing
            assert url.group(1).startswith("https://"), tag
            assert 'rel="noopener noreferrer"' in tag, tag


def test_index_lists_every_article_and_exercise(browser: Client, lang: str, lib: Library) -> None:
    html = page(browser, "/library/")
    assert f'<html lang="{lang}">' in html
    for article in lib.articles_in(lang):
        assert f'href="/library/a/{article.slug}/"' in html
        assert article.title in unescape(html)
    for exercise in lib.exercises_in(lang):
        assert f'href="/library/exercise/{exercise.id}/"' in html
    assert 'href="/library/faq/"' in html
    assert 'href="/library/references/"' in html
    assert 'action="/library/search/"' in html and 'name="q"' in html
    assert CLINICIAN_NOTE[lang] in html
    assert_no_third_party(html)


def test_index_headings_are_translated(browser: Client, lang: str) -> None:
    html = page(browser, "/library/")
    assert ("Søg i teksterne" in html) == (lang == "da")
    assert ("Search the library" in html) == (lang == "en")


SEARCHES = {
    # (query, slug that must be found): accents and case folded, Danish letters kept
    "da": [("LÆNDESMERTER", "prevalence"), ("diskusprolaps", "disc-herniation")],
    "en": [("Disc Herniation", "disc-herniation"), ("TRAFFIC light", "traffic-light")],
}


def test_search_finds_articles(browser: Client, lang: str) -> None:
    for query, slug in SEARCHES[lang]:
        html = page(browser, f"/library/search/?q={query}")
        assert f'href="/library/a/{slug}/"' in html, query
        assert f'value="{query}"' in html


def test_search_without_results_and_without_query(browser: Client, lang: str) -> None:
    html = page(browser, "/library/search/?q=zzqxj")
    assert "0" in html and 'href="/library/a/' not in html
    html = page(browser, "/library/search/")
    assert 'name="q"' in html


def test_search_query_is_escaped(client: Client) -> None:
    html = page(client, "/library/search/?q=%3Cscript%3Ealert(1)%3C/script%3E")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)" in html


def test_search_finds_exercises_and_faq(client: Client, lib: Library) -> None:
    exercise = lib.exercises_in("da")[0]
    html = page(client, f"/library/search/?q={exercise.title}")
    assert f'href="/library/exercise/{exercise.id}/"' in html
    faq = lib.faq["da"]
    question = faq.analysis.headings[0].text
    html = page(client, f"/library/search/?q={question}")
    assert f'href="/library/faq/#{faq.anchors[0]}"' in html


def test_every_article_page(browser: Client, lang: str, lib: Library) -> None:
    for article in lib.articles_in(lang):
        html = page(browser, f"/library/a/{article.slug}/")
        assert unescape(article.title) in unescape(html)
        for anchor in article.anchors:
            assert f'id="{anchor}"' in html, (article.slug, anchor)
        for scheme in ("ref:", "article:", "exercise:", "faq:"):
            assert f'href="{scheme}' not in html
        assert CLINICIAN_NOTE[lang] in html
        assert_no_third_party(html)


def test_article_lists_its_references_with_doi_links(client: Client, lib: Library) -> None:
    article = lib.article("disc-myth", "da")
    assert article is not None
    html = page(client, "/library/a/disc-myth/")
    cited = [t for t in (link.target for link in article.analysis.links) if t.startswith("ref:")]
    assert cited
    for target in cited:
        ref = lib.references[target[4:]]
        assert f'<li id="ref-{ref.id}">' in html
        assert f'href="#ref-{ref.id}"' in html
        assert f'<a href="{ref.link}" rel="noopener noreferrer">' in html


def test_unknown_article_is_404(browser: Client) -> None:
    assert browser.get("/library/a/no-such-article/").status_code == 404
    assert browser.get("/library/exercise/no_such_exercise/").status_code == 404
    assert browser.get("/library/exercise/cat_cow/middle.svg").status_code == 404
    assert browser.get("/library/exercise/no_such/start.svg").status_code == 404


def test_every_exercise_page(browser: Client, lang: str, lib: Library) -> None:
    for exercise in lib.exercises_in(lang):
        html = page(browser, f"/library/exercise/{exercise.id}/")
        text = unescape(html)
        assert exercise.title in text
        for pose, alt in (("start", exercise.alt_start), ("end", exercise.alt_end)):
            assert f'src="/library/exercise/{exercise.id}/{pose}.svg"' in html
            assert f'alt="{alt}"' in text
        for anchor in ("purpose", "start", "steps", "dose", "feel", "mistakes", "easier", "harder"):
            assert f'id="{anchor}"' in html
        spec = EXERCISES[exercise.id]
        table = html[html.index('<table class="table dose">') : html.index("</table>")]
        assert html.index('id="dose"') < html.index('<table class="table dose">')
        assert f"<td>{spec.sets}</td>" in table
        if spec.reps:
            assert spec.reps in table
        if spec.hold_s:
            assert str(spec.hold_s) in table
        assert_no_third_party(html)


def test_exercise_illustrations_are_served(client: Client, lib: Library) -> None:
    for exercise_id in EXERCISES:
        for pose in ("start", "end"):
            response = client.get(f"/library/exercise/{exercise_id}/{pose}.svg")
            assert response.status_code == 200
            assert response["Content-Type"] == "image/svg+xml"
            assert "default-src 'none'" in response["Content-Security-Policy"]
            body = response.getvalue()
            assert b"<svg" in body


def test_faq_page(browser: Client, lang: str, lib: Library) -> None:
    html = page(browser, "/library/faq/")
    for anchor in ("faq-disc", "faq-dangerous", "faq-scan", "faq-rest", "faq-exercises", "faq-oa"):
        assert f'<h2 id="{anchor}">' in html
    for heading in lib.faq[lang].analysis.headings:
        assert heading.text in unescape(html)
    assert CLINICIAN_NOTE[lang] in html
    assert_no_third_party(html)


def test_references_page(browser: Client, lib: Library) -> None:
    html = page(browser, "/library/references/")
    for ref in lib.references.values():
        assert f'<li id="ref-{ref.id}">' in html
        assert ref.link and f'href="{ref.link}"' in html
    assert_no_third_party(html)


def test_every_rule_redirects_to_its_explanation(browser: Client, lang: str, lib: Library) -> None:
    for rule_id in RULE_IDS:
        response = browser.get(f"/library/rule/{rule_id}/")
        assert response.status_code == 302, rule_id
        url = response["Location"]
        path, _, anchor = url.partition("#")
        assert path.startswith("/library/a/") and anchor, (rule_id, url)
        assert f'id="{anchor}"' in page(browser, path), (rule_id, url)


def test_rule_ids_are_case_insensitive_and_unknown_rules_404(client: Client) -> None:
    response = client.get("/library/rule/zone-1/")
    assert response.status_code == 302
    assert response["Location"] == client.get("/library/rule/ZONE-1/")["Location"]
    assert client.get("/library/rule/NO-SUCH-RULE/").status_code == 404


def test_post_is_not_allowed(client: Client) -> None:
    assert client.post("/library/").status_code in {403, 405}


def test_split_after_heading() -> None:
    html = '<h2 id="a">A</h2>\n<p>x</p>\n<h2 id="dose">Dose</h2>\n<p>y</p>'
    assert _split_after_heading(html, "dose") == (html[: html.index("\n<p>y")], "\n<p>y</p>")
    assert _split_after_heading(html, "nope") == ("", html)
