"""The content checker: a complete tiny library passes; each kind of gap is reported."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from runback.content.check import run_check
from runback.content.check_svg import svg_problems
from runback.content.library import load_library

from .content_fixtures import TINY_RULES, TinyLibrary


def problems(tiny: TinyLibrary, rules: tuple[str, ...] = TINY_RULES) -> list[str]:
    return [str(p) for p in run_check(tiny.load(), rules).problems]


def only(tiny: TinyLibrary, *fragments: str, rules: tuple[str, ...] = TINY_RULES) -> list[str]:
    """The problems found; asserts each fragment appears in one of them and nothing else."""
    found = problems(tiny, rules)
    assert found, "expected a problem, found none"
    for fragment in fragments:
        assert any(fragment in p for p in found), f"{fragment!r} not in {found}"
    return found


def test_tiny_library_passes_with_counts(tiny: TinyLibrary) -> None:
    report = run_check(tiny.load(), TINY_RULES)
    assert report.problems == []
    c = report.counts
    assert (c.articles, c.exercises, c.faq_sections, c.svgs) == (2, 11, 6, 22)
    assert (c.references, c.references_cited) == (2, 1)
    assert (c.rule_ids, c.rule_targets) == (2, 2)
    assert c.links_checked == 2 * (4 + 2 + 6)


Breakage = Callable[[TinyLibrary], object]

CASES: list[tuple[str, Breakage, str]] = [
    (
        "article missing in one language",
        lambda t: t.remove("articles/strength.en.md"),
        "articles/strength.en.md: missing (exists in: da)",
    ),
    (
        "anchors differ between languages",
        lambda t: t.replace("articles/strength.en.md", "{#why}", "{#how}"),
        "headings differ between da and en",
    ),
    (
        "heading without anchor",
        lambda t: t.replace("articles/strength.da.md", "## Hvorfor {#why}", "## Hvorfor"),
        "heading 'Hvorfor' has no {#anchor}",
    ),
    (
        "anchor with bad characters",
        lambda t: t.replace("articles/strength.da.md", "{#why}", "{#Why_1}"),
        "anchor 'Why_1'",
    ),
    (
        "level-1 heading in body",
        lambda t: t.replace("articles/strength.da.md", "## Hvorfor", "# Hvorfor"),
        "level-1 heading",
    ),
    (
        "raw HTML",
        lambda t: t.replace("articles/strength.da.md", "Styrke hjælper", "<b>Styrke</b> hjælper"),
        "articles/strength.da.md:10: raw HTML is not allowed",
    ),
    (
        "image",
        lambda t: t.replace(
            "articles/strength.da.md", "Styrke hjælper", "![x](https://e.com/a.png)"
        ),
        "no images in text",
    ),
    (
        "topic differs between languages",
        lambda t: t.replace("articles/strength.en.md", "topic: strength", "topic: running"),
        "'topic' differs between languages",
    ),
    (
        "unknown topic",
        lambda t: [
            t.replace(f"articles/strength.{lang}.md", "topic: strength", "topic: food")
            for lang in ("da", "en")
        ],
        "'topic' is 'food'",
    ),
    (
        "order is not a number",
        lambda t: t.replace("articles/strength.da.md", "order: 20", "order: twenty"),
        "'order' must be a whole number",
    ),
    (
        "missing title",
        lambda t: t.replace("articles/strength.da.md", "title: Styrketræning\n", ""),
        "'title' must be non-empty text",
    ),
    (
        "unknown front matter key",
        lambda t: t.replace("articles/strength.da.md", "order: 20", "order: 20\nrule: x"),
        "unknown key 'rule'",
    ),
    (
        "broken YAML front matter",
        lambda t: t.replace("articles/strength.da.md", "order: 20", "order: [20"),
        "articles/strength.da.md: cannot read",
    ),
    (
        "file name without language",
        lambda t: t.write("articles/notes.md", "# x\n"),
        "articles/notes.md: unexpected file name",
    ),
    (
        "cited references differ between languages",
        lambda t: t.replace("articles/strength.en.md", "[Smith 2020](ref:smith-2020)", "x"),
        "cited references differ: only in da: smith-2020",
    ),
    (
        "exercise missing",
        lambda t: [t.remove(f"exercises/clamshell.{lang}.md") for lang in ("da", "en")],
        "exercises/clamshell.da.md: missing",
    ),
    (
        "exercise section missing",
        lambda t: t.replace("exercises/dead_bug.en.md", "## Mistakes {#mistakes}", "Mistakes:"),
        "exercises/dead_bug.en.md: sections are purpose, start, steps, dose, feel, easier",
    ),
    (
        "exercise sections out of order",
        lambda t: [
            t.replace("exercises/dead_bug.en.md", "{#easier}", "{#tmp}"),
            t.replace("exercises/dead_bug.en.md", "{#harder}", "{#easier}"),
            t.replace("exercises/dead_bug.en.md", "{#tmp}", "{#harder}"),
        ],
        "want exactly purpose, start, steps, dose, feel, mistakes, easier, harder",
    ),
    (
        "exercise with an unknown id",
        lambda t: t.write("exercises/plank.da.md", t.read("exercises/dead_bug.da.md")),
        "exercises/plank: unknown exercise id",
    ),
    (
        "exercise category against the engine",
        lambda t: t.replace(
            "exercises/cat_cow.da.md", "category: relieving", "category: strengthening"
        ),
        "the engine says 'relieving'",
    ),
    (
        "irritability does not fit the category",
        lambda t: t.replace("exercises/cat_cow.da.md", "irritability: high", "irritability: low"),
        "does not fit category 'relieving'",
    ),
    (
        "alt text missing",
        lambda t: t.replace("exercises/bird_dog.en.md", "alt_end: End of Bird dog.\n", ""),
        "exercises/bird_dog.en.md: front matter: 'alt_end' must be non-empty text",
    ),
    (
        "svg missing",
        lambda t: t.remove("exercises/svg/bird_dog-end.svg"),
        "exercises/svg/bird_dog-end.svg: missing",
    ),
    (
        "svg not well-formed",
        lambda t: t.write("exercises/svg/bird_dog-end.svg", "<svg><g></svg>"),
        "exercises/svg/bird_dog-end.svg: not well-formed XML",
    ),
    (
        "svg with a script",
        lambda t: t.replace(
            "exercises/svg/cat_cow-start.svg", "<defs>", "<script>x()</script><defs>"
        ),
        "exercises/svg/cat_cow-start.svg: <script> is not allowed",
    ),
    (
        "svg with an external image",
        lambda t: t.replace(
            "exercises/svg/cat_cow-start.svg",
            "<defs>",
            '<use href="https://example.com/x.svg#a"/><defs>',
        ),
        "external reference 'https://example.com/x.svg#a'",
    ),
    (
        "svg with an external url() in a style",
        lambda t: t.replace(
            "exercises/svg/cat_cow-start.svg", 'fill="url(#g)"', 'style="fill:url(http://e.com/p)"'
        ),
        "external reference url(http://e.com/p)",
    ),
    (
        "svg with an event handler",
        lambda t: t.replace("exercises/svg/cat_cow-start.svg", "<circle", '<circle onload="x()"'),
        "event handler attribute 'onload'",
    ),
    (
        "svg with text",
        lambda t: t.replace("exercises/svg/cat_cow-start.svg", "<defs>", "<text>Hi</text><defs>"),
        "text inside the picture",
    ),
    (
        "svg with an entity declaration",
        lambda t: t.write(
            "exercises/svg/cat_cow-end.svg",
            '<!DOCTYPE svg [<!ENTITY x "y">]><svg xmlns="http://www.w3.org/2000/svg"/>',
        ),
        "DOCTYPE/ENTITY declarations are not allowed",
    ),
    (
        "svg without viewBox",
        lambda t: t.replace("exercises/svg/cat_cow-end.svg", ' viewBox="0 0 100 100"', ""),
        "has no viewBox",
    ),
    (
        "faq missing",
        lambda t: t.remove("faq.en.md"),
        "faq.en.md: missing",
    ),
    (
        "faq section missing",
        lambda t: t.replace("faq.da.md", "## Hvile? {#faq-rest}", "Hvile?"),
        "faq.da.md: '##' sections are faq-disc, faq-dangerous, faq-scan, faq-exercises, faq-oa",
    ),
    (
        "rule not explained",
        lambda t: [
            t.replace(f"articles/traffic-light.{lang}.md", "  ZONE-2: zone-2\n", "")
            for lang in ("da", "en")
        ],
        "rule ZONE-2: no da article explains it",
    ),
    (
        "rule explained twice",
        lambda t: [
            t.replace(
                f"articles/strength.{lang}.md",
                "topic: strength",
                "topic: strength\nrules:\n  ZONE-1: why",
            )
            for lang in ("da", "en")
        ],
        "rule ZONE-1: explained by several da articles",
    ),
    (
        "rule anchor missing",
        lambda t: t.replace("articles/traffic-light.en.md", "ZONE-2: zone-2", "ZONE-2: zone-3"),
        "articles/traffic-light.en.md: rules: ZONE-2 -> #zone-3, but no such heading",
    ),
    (
        "unknown rule ID",
        lambda t: t.replace(
            "articles/traffic-light.da.md", "ZONE-2: zone-2", "ZONE-2: zone-2\n  ZONE-9: zone-2"
        ),
        "rules: unknown rule ID ZONE-9",
    ),
    (
        "reference missing",
        lambda t: t.replace("articles/strength.da.md", "ref:smith-2020", "ref:smith-2021"),
        "articles/strength.da.md:10: link 'ref:smith-2021': no reference 'smith-2021'",
    ),
    (
        "article link broken",
        lambda t: t.replace(
            "articles/traffic-light.en.md", "article:strength#why", "article:power"
        ),
        "link 'article:power': no en article 'power'",
    ),
    (
        "article anchor broken",
        lambda t: t.replace("articles/traffic-light.en.md", "strength#why", "strength#how"),
        "link 'article:strength#how': no section #how in articles/strength.en.md",
    ),
    (
        "exercise link broken",
        lambda t: t.replace("articles/strength.en.md", "exercise:bird_dog", "exercise:birddog"),
        "no en exercise 'birddog'",
    ),
    (
        "exercise anchor broken",
        lambda t: t.replace("articles/strength.en.md", "bird_dog#dose", "bird_dog#reps"),
        "no section #reps in exercises/bird_dog.en.md",
    ),
    (
        "faq anchor broken",
        lambda t: t.replace("articles/traffic-light.da.md", "faq:#faq-scan", "faq:#faq-mri"),
        "no section #faq-mri in the da FAQ",
    ),
    (
        "external link",
        lambda t: t.replace("articles/traffic-light.da.md", "faq:#faq-scan", "https://example.com"),
        "link 'https://example.com': only ref:, article:, exercise: and faq: links are allowed",
    ),
    (
        "reference id does not match the file name",
        lambda t: t.replace("references/smith-2020.yaml", "id: smith-2020", "id: smith2020"),
        "references/smith-2020.yaml: id is 'smith2020', want 'smith-2020'",
    ),
    (
        "reference DOI malformed",
        lambda t: t.replace("references/smith-2020.yaml", "doi: 10.1234/", "doi: doi.org/10.1234/"),
        "is not a DOI",
    ),
    (
        "reference without year",
        lambda t: t.replace("references/smith-2020.yaml", "year: 2020\n", ""),
        "'year' must be a year, got None",
    ),
    (
        "reference without authors",
        lambda t: t.replace(
            "references/smith-2020.yaml", "authors: Smith AB, Jones C, Brown D, et al.\n", ""
        ),
        "'authors' must be non-empty text",
    ),
    (
        "reference with a plain http url",
        lambda t: t.replace("references/nice-2016.yaml", "https://", "http://"),
        "must be an https:// address",
    ),
    (
        "reference without doi or url",
        lambda t: t.replace(
            "references/nice-2016.yaml", "url: https://www.nice.org.uk/guidance/ng59\n", ""
        ),
        "needs a 'doi'",
    ),
    (
        "reference that is not YAML",
        lambda t: t.write("references/bad.yaml", "id: [bad"),
        "references/bad.yaml: cannot read",
    ),
    (
        "reference with a wrong file extension",
        lambda t: t.write("references/x.yml", "id: x"),
        "references/x.yml: unexpected file",
    ),
    (
        "two references with the same DOI",
        lambda t: t.write(
            "references/smith-2020b.yaml",
            t.read("references/smith-2020.yaml").replace("id: smith-2020", "id: smith-2020b"),
        ),
        "same DOI as references/smith-2020.yaml",
    ),
]


@pytest.mark.parametrize(("name", "breakage", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_gap_is_reported(
    tiny: TinyLibrary, name: str, breakage: Breakage, expected: str
) -> None:
    breakage(tiny)
    only(tiny, expected)


def test_links_are_checked_per_language(tiny: TinyLibrary) -> None:
    tiny.remove("articles/strength.en.md")
    found = only(tiny, "link 'article:strength#why': no en article 'strength'")
    assert not any("traffic-light.da.md" in p for p in found)


def test_engine_rule_ids_are_the_default(tiny: TinyLibrary) -> None:
    from runback.engine.rules import RULE_IDS

    report = run_check(tiny.load())
    assert report.counts.rule_ids == len(RULE_IDS)
    assert any("rule ESC-1: no da article explains it" in str(p) for p in report.problems)


def test_svg_checker_accepts_internal_references(tiny: TinyLibrary) -> None:
    path = tiny.write(
        "x.svg",
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" '
        'viewBox="0 0 1 1"><title>Pose</title><defs><path id="p" d="M0 0"/></defs>'
        '<use xlink:href="#p"/></svg>',
    )
    assert svg_problems(path) == []


def test_real_library_has_no_gaps() -> None:
    """The shipped content passes `runback content check`."""
    report = run_check(load_library())
    assert [str(p) for p in report.problems] == []
    c = report.counts
    assert c.exercises == 11
    assert c.faq_sections == 6
    assert c.rule_targets == c.rule_ids


def test_real_library_explains_every_triage_flag_of_the_model() -> None:
    """TRIAGE-1..15 (clinical model, section 1) all have targets, also before the engine
    lists the new ones in RULE_IDS."""
    from runback.engine.rules import RULE_IDS

    model_flags = [f"TRIAGE-{n}" for n in range(1, 16)]
    rule_ids = (*RULE_IDS, *(f for f in model_flags if f not in RULE_IDS))
    report = run_check(load_library(), rule_ids)
    assert [str(p) for p in report.problems] == []
    assert report.counts.rule_targets == len(rule_ids)
